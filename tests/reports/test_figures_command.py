"""``manage.py figures --org CODE --year YEAR``: the dashboard's figures for one org and year as one JSON
object, the two "not filed" counts beside the filed ones."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from lamtheobac.cycle import services
from lamtheobac.cycle.models import RecordState
from lamtheobac.reports import selectors as reports_selectors
from lamtheobac.reports.management.commands.figures import ERR_NO_ORG, ERR_YEAR
from tests.cycle.builders import YEAR, bring_to, make_commitment, make_plan, open_year

pytestmark = pytest.mark.django_db


def _figures(code: str, year: int = YEAR) -> dict:
    out = io.StringIO()
    call_command("figures", org=code, year=year, stdout=out)
    return json.loads(out.getvalue())


def test_it_prints_the_dashboards_figures_as_one_json_object(cast):
    open_year(cast.district_a, actor=cast.officer)
    bring_to(make_plan(org=cast.cell_a1), RecordState.APPROVED, writer=None, leader=cast.leader)
    plan = bring_to(make_plan(org=cast.commune_a2), RecordState.SUBMITTED, writer=None, leader=cast.leader)
    services.record_return(actor=cast.leader, record=plan, comment="Ghi rõ thời gian")
    bring_to(make_commitment(person=cast.member_person), RecordState.SUBMITTED, writer=None, leader=None)

    shown = _figures("A")
    board = reports_selectors.dashboard(cast.district_a, YEAR)
    assert (shown["org"], shown["org_name"], shown["year"]) == ("A", "Đảng bộ huyện An Bình", YEAR)
    assert {k: v for k, v in shown.items() if k in board.total.as_dict()} == board.total.as_dict()
    # the returned plan is not filed: 1 of 3 filed, 2 not
    assert (shown["plans_filed"], shown["orgs_required"], shown["plans_not_filed"]) == (1, 3, 2)
    assert (shown["commitments_filed"], shown["people_required"], shown["commitments_not_filed"]) == (1, 4, 3)
    assert [(c["org"], c["plans_filed"], c["plans_not_filed"]) for c in shown["children"]] == [
        ("A1", 1, 1),
        ("A2", 0, 1),
    ]


def test_it_refuses_an_unknown_org_and_a_year_out_of_range(cast):
    with pytest.raises(CommandError) as refused:
        _figures("KHONG-CO")
    assert str(refused.value) == ERR_NO_ORG % {"code": "KHONG-CO"}
    with pytest.raises(CommandError) as refused:
        _figures("A", 1999)
    assert str(refused.value) == ERR_YEAR % {"year": 1999, "last": reports_selectors.today_year() + 1}
