"""The dashboard's figures equal a plain recount of the records, move at once when records move, and are
read in a number of queries that does not grow with the number of child orgs."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lamtheobac.cycle import services
from lamtheobac.cycle.models import Rating, RecordState
from lamtheobac.organisation import services as org_services
from lamtheobac.organisation.models import Org, OrgKind, Person
from lamtheobac.reports import selectors as reports_selectors
from tests.cycle.builders import assess_all, bring_to, make_commitment, make_plan, open_year
from tests.factories import OrgFactory, PersonFactory

from .randomdata import YEAR, build_district, recount

pytestmark = pytest.mark.django_db


def _assert_matches_recount(org: Org, year: int) -> reports_selectors.Dashboard:
    board = reports_selectors.dashboard(org, year)
    assert board.total.as_dict() == recount(org, year).as_dict()
    for row in board.children:
        assert row.figures.as_dict() == recount(row.org, year).as_dict(), row.org.name
    return board


@pytest.mark.parametrize("seed", [1, 2, 3, 5, 6, 8])  # 4 files too few commitments to cluster
def test_every_figure_equals_a_full_recount_on_random_data(seed):
    district = build_district(seed)
    for year in (YEAR, YEAR - 1):
        board = _assert_matches_recount(district, year)
    # the random data really exercises the figures (a recount of zeros would prove nothing)
    this_year = reports_selectors.dashboard(district, YEAR).total
    assert this_year.people_required and this_year.commitments_filed
    assert this_year.orgs_required and this_year.plans_filed
    assert 0 < this_year.actions_concrete < this_year.actions
    assert this_year.copied_last_year + this_year.clusters and this_year.clustered >= this_year.clusters
    # non-party participants (in the commune that asks them) are counted apart, within the whole
    assert this_year.people_required_nonparty < this_year.people_required
    assert (
        this_year.commitments_filed_party + this_year.commitments_filed_nonparty
        == this_year.commitments_filed
    )
    assert board.children
    # drilling down: a commune's own page agrees with its row one level up
    commune = board.children[0].org
    _assert_matches_recount(commune, YEAR)


def test_the_subtree_rolls_up_through_every_level():
    district = build_district(11)
    board = reports_selectors.dashboard(district, YEAR)
    summed = reports_selectors.Figures()
    for row in board.children:
        summed.add(row.figures)
    # the district itself is the top of the year and files no plan; its own people count on top
    own_people = Person.objects.filter(
        org=district, active=True, kind__in=board.rules.commitment_person_kinds
    ).count()
    assert board.total.people_required == summed.people_required + own_people
    assert board.total.orgs_required == summed.orgs_required


@pytest.fixture
def unit(db):
    """A district with one commune and one cell, the year open at the district, one member in the cell."""
    district = OrgFactory(name="Đảng bộ huyện Thử", kind=OrgKind.DISTRICT_COMMITTEE)
    commune = OrgFactory(name="Đảng bộ xã Một", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=district)
    other = OrgFactory(name="Đảng bộ xã Hai", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=district)
    cell = OrgFactory(name="Chi bộ thôn Một", parent=commune)
    open_year(district)
    person = PersonFactory(org=cell)
    return district, commune, other, cell, person


def _row(district: Org, org: Org) -> reports_selectors.Figures:
    return next(r.figures for r in reports_selectors.dashboard(district, YEAR).children if r.org.pk == org.pk)


def test_a_record_moving_between_states_moves_the_figures_at_once(unit):
    district, commune, _other, _cell, person = unit
    record = make_commitment(person=person)
    before = reports_selectors.dashboard(district, YEAR).total
    assert (before.people_required, before.commitments_filed, before.commitments_approved) == (1, 0, 0)

    record = services.record_submit(actor=None, record=record)
    assert reports_selectors.dashboard(district, YEAR).total.commitments_filed == 1
    record = services.record_return(actor=None, record=record, comment="Cần cụ thể hơn")
    after_return = reports_selectors.dashboard(
        district, YEAR
    ).total  # returned for correction: owed again, not filed
    assert (after_return.commitments_filed, after_return.commitments_approved) == (0, 0)
    record = services.record_submit(actor=None, record=record)
    assert reports_selectors.dashboard(district, YEAR).total.commitments_filed == 1
    record = services.record_approve(actor=None, record=record)
    assert reports_selectors.dashboard(district, YEAR).total.commitments_approved == 1
    assert _row(district, commune).commitments_approved == 1
    assessments = assess_all(record, exceeded=True)  # xuất sắc: beyond the requirement (QĐ 366, Điều 11)
    record = services.record_self_assess(actor=None, record=record, assessments=assessments)
    services.record_rate(actor=None, record=record, rating=Rating.EXCELLENT, score=95)
    assert reports_selectors.dashboard(district, YEAR).total.ratings[Rating.EXCELLENT] == 1
    _assert_matches_recount(district, YEAR)


def test_plans_count_for_required_collectives_only(unit):
    district, commune, _other, cell, _person = unit
    bring_to(make_plan(org=cell), RecordState.APPROVED, writer=None, leader=None)
    bring_to(make_plan(org=commune), RecordState.SUBMITTED, writer=None, leader=None)
    total = reports_selectors.dashboard(district, YEAR).total
    # the district opened the year: it directs and does not file; the two communes and the cell must
    assert (total.orgs_required, total.plans_filed, total.plans_approved) == (3, 2, 1)
    _assert_matches_recount(district, YEAR)


def test_an_org_or_a_person_moving_moves_the_figures(unit):
    district, commune, other, cell, person = unit
    record = make_commitment(person=person)
    services.record_submit(actor=None, record=record)
    assert _row(district, commune).people_required == 1
    assert _row(district, commune).commitments_filed == 1

    org_services.org_move(actor=None, org=cell, new_parent=other)
    assert _row(district, commune).people_required == 0
    assert _row(district, other).people_required == 1
    assert _row(district, other).commitments_filed == 1
    _assert_matches_recount(district, YEAR)

    # a person moving to another commune takes the obligation along; the filed record stays where written
    services_person_move(person, commune)
    assert _row(district, commune).people_required == 1
    assert _row(district, other).people_required == 0
    assert _row(district, other).commitments_filed == 1
    _assert_matches_recount(district, YEAR)


def services_person_move(person: Person, org: Org) -> None:
    org_services.person_move(actor=None, person=person, to_org=org, reason="Chuyển sinh hoạt")


def test_queries_do_not_grow_with_the_number_of_children():
    small = build_district(21, communes=2)
    large = build_district(22, communes=12)
    counts = []
    for district in (small, large):
        with CaptureQueriesContext(connection) as captured:
            board = reports_selectors.dashboard(district, YEAR)
            reports_selectors.trend(district, YEAR - 5, YEAR)
        counts.append(len(captured))
        assert len(board.children) >= 2
    assert counts[0] == counts[1], counts
    assert counts[1] <= 20, counts


def test_the_marks_follow_the_filing_shares():
    assert (
        reports_selectors.Figures(
            orgs_required=20, plans_filed=19, people_required=100, commitments_filed=96
        ).mark()
        == "green"
    )
    assert (
        reports_selectors.Figures(
            orgs_required=20, plans_filed=19, people_required=100, commitments_filed=80
        ).mark()
        == "amber"
    )
    assert reports_selectors.Figures(people_required=100, commitments_filed=79).mark() == "red"
    # before the deadline nobody is red yet
    assert (
        reports_selectors.Figures(people_required=100, commitments_filed=10).mark(deadline_passed=False)
        == "amber"
    )
    assert reports_selectors.Figures().mark() == "none"


def test_the_trend_counts_filed_records_per_year(unit):
    district, _commune, _other, cell, person = unit
    open_year(district, year=YEAR - 1, plan_deadline=None, commitment_deadline=None)
    old = make_commitment(person=person, year=YEAR - 1)
    services.record_submit(actor=None, record=old)
    make_commitment(person=PersonFactory(org=cell))  # a draft: not counted
    plan = make_plan(org=cell)
    services.record_submit(actor=None, record=plan)
    years = {y.year: y for y in reports_selectors.trend(district, YEAR - 2, YEAR)}
    assert [years[y].commitments_filed for y in (YEAR - 2, YEAR - 1, YEAR)] == [0, 1, 0]
    assert years[YEAR].plans_filed == 1
    assert sorted(years) == [YEAR - 2, YEAR - 1, YEAR]
