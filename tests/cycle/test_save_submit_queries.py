"""Save + submit of a 3-action commitment, as the member's form posts it (page cache off, tasks on the
database queue as in production: the quality recount is a queued row, run by a worker afterwards)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lamtheobac.cycle.models import Record, RecordState

from .builders import YEAR
from .test_views_records import _edit, _rows

pytestmark = pytest.mark.django_db

ACTIONS = ["Đi làm đúng giờ", "Dự đủ 12/12 buổi sinh hoạt chi bộ", "Trồng 50 cây xanh"]


@pytest.mark.usefixtures("year", "db_queue")
def test_it_saves_and_submits_three_actions_within_30_queries(
    cast, client_for, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE = False
    client = client_for(cast.member)
    start = {"kind": "commitment", "year": YEAR, "person": cast.member_person.pk}
    client.post(reverse("cycle:record-start"), start)
    record = Record.objects.get(person=cast.member_person, year=YEAR)
    client.get(reverse("cycle:record-edit", args=[record.pk]))
    with django_assert_max_num_queries(30):  # 112 before issue 27 (the recount ran in the request)
        response = _edit(client, record, _rows(*ACTIONS, deadline="31/12/2026") | {"then": "submit"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.state == RecordState.SUBMITTED and record.version == 2
    items = list(record.items.order_by("position"))
    assert [i.action for i in items] == ACTIONS
    core = {p.pk for p in items[0].programmes.all()}
    assert all({p.pk for p in i.programmes.all()} == core for i in items)
    saved = record.revisions.get(version=2).snapshot  # the revision holds what was written
    assert [i["action"] for i in saved["items"]] == ACTIONS
