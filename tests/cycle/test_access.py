"""Who sees which records, who may write them, who may approve them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from lamtheobac.cycle import access
from lamtheobac.cycle.models import Record, RecordState
from lamtheobac.cycle.workflow import Action
from lamtheobac.organisation.roles import Cap

from ..factories import PersonFactory
from .builders import bring_to, make_commitment, make_plan, open_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(cast, year) -> dict[str, Record]:
    """One record of each kind around the tree (district B opened its own year)."""
    open_year(cast.district_b)
    leader_person = PersonFactory(full_name="Lương Văn Lãnh", org=cast.commune_a1, user=cast.leader)
    return {
        "mine": make_commitment(person=cast.member_person, actor=cast.member),
        "colleague": make_commitment(person=cast.colleague, actor=cast.leader, on_behalf=True),
        "leaders_own": make_commitment(person=leader_person, actor=cast.leader),
        "commune_person": make_commitment(person=PersonFactory(org=cast.commune_a1)),
        "officers_own": make_commitment(person=cast.officer.person, actor=cast.officer),
        "a2": make_commitment(person=cast.person_a2),
        "plan_commune_a1": make_plan(org=cast.commune_a1),
        "plan_cell_a1": make_plan(org=cast.cell_a1),
        "plan_district_a": make_plan(org=cast.district_a),
        "secret": make_commitment(person=cast.secret_person),
    }


def _visible(user, records) -> set[str]:
    ids = set(access.records_visible_to(user).values_list("pk", flat=True))
    return {name for name, r in records.items() if r.pk in ids}


def _fresh(user):
    """The user as a new request would see it: no cached grants or person."""
    for attr in ("_grants_cache", "_person_cache"):
        if hasattr(user, attr):
            delattr(user, attr)
    return user


# --- records_visible_to -----------------------------------------------------------------------


def test_it_shows_a_member_only_their_own_commitment(cast, records):
    assert _visible(cast.member, records) == {"mine"}


def test_it_shows_a_leader_the_records_of_their_subtree(cast, records):
    assert _visible(_fresh(cast.leader), records) == {
        "mine", "colleague", "leaders_own", "commune_person", "plan_commune_a1", "plan_cell_a1",
    }  # fmt: skip


def test_it_shows_officer_and_inspector_their_district(cast, records):
    district = set(records) - {"secret"}
    assert _visible(cast.officer, records) == district
    assert _visible(cast.inspector, records) == district


def test_it_shows_the_outsider_none_of_district_a(cast, records):
    assert _visible(cast.outsider, records) == {"secret"}


def test_it_shows_the_admin_everything_and_an_anonymous_user_nothing(cast, records):
    assert _visible(cast.admin, records) == set(records)
    assert _visible(AnonymousUser(), records) == set()


def test_one_record_is_judged_as_the_list_judges_it(cast, records):
    """``record_visible`` (one record already read, no query for the scope) agrees with the list's filter,
    for every actor and every record, and for a user signed out."""
    for user in [*cast.actors().values(), AnonymousUser()]:
        user = _fresh(user) if user.is_authenticated else user
        listed = set(access.records_visible_to(user).values_list("pk", flat=True))
        for name, record in records.items():
            record = Record.objects.select_related("org").get(pk=record.pk)
            assert access.record_visible(user, record) == (record.pk in listed), (user, name)


# --- may_write --------------------------------------------------------------------------------


def test_it_lets_a_member_write_their_own_commitment_only(cast, records):
    assert access.may_write(cast.member, records["mine"])
    assert not access.writes_on_behalf(cast.member, records["mine"])
    assert not access.may_write(cast.member, records["colleague"])
    assert not access.may_write(cast.member, records["plan_cell_a1"])


def test_it_lets_a_leader_write_on_behalf_below_them(cast, records):
    leader = _fresh(cast.leader)
    assert access.may_write(leader, records["colleague"])
    assert access.writes_on_behalf(leader, records["colleague"])
    assert access.may_write(leader, records["mine"])
    assert access.may_write(leader, records["leaders_own"])
    assert not access.writes_on_behalf(leader, records["leaders_own"])
    assert not access.may_write(leader, records["a2"])
    assert not access.may_write(leader, records["secret"])


def test_it_lets_leaders_and_officers_write_plans_in_their_subtree(cast, records):
    assert access.may_write(cast.leader, records["plan_commune_a1"])
    assert access.may_write(cast.leader, records["plan_cell_a1"])
    assert not access.may_write(cast.leader, records["plan_district_a"])
    assert access.may_write(cast.officer, records["plan_district_a"])
    assert not access.may_write(
        cast.officer, records["colleague"]
    )  # officers do not write commitments for others
    assert access.may_write(cast.officer, records["officers_own"])
    assert not access.may_write(cast.inspector, records["plan_cell_a1"])
    assert not access.may_write(cast.outsider, records["plan_cell_a1"])


# --- may_approve ------------------------------------------------------------------------------


def test_it_lets_the_leader_of_an_ancestor_commune_approve_a_cell_members_commitment(cast, records):
    assert access.may_approve(cast.leader, records["mine"])
    assert access.may_approve(cast.leader, records["colleague"])


def test_it_lets_a_leader_approve_the_commitment_of_a_person_of_their_own_org(cast, records):
    assert access.may_approve(cast.leader, records["commune_person"])


def test_it_lets_a_leader_approve_a_plan_below_but_not_their_own_orgs_plan(cast, records):
    assert access.may_approve(cast.leader, records["plan_cell_a1"])
    assert not access.may_approve(cast.leader, records["plan_commune_a1"])
    assert not access.may_approve(cast.leader, records["plan_district_a"])


def test_it_never_lets_anyone_approve_their_own_record(cast, records):
    leader = _fresh(cast.leader)
    assert access.is_own(leader, records["leaders_own"])
    assert not access.may_approve(leader, records["leaders_own"])
    submitted = bring_to(records["leaders_own"], RecordState.SUBMITTED, writer=leader, leader=None)
    assert not access.may(leader, submitted, Action.APPROVE)
    with pytest.raises(PermissionDenied):
        access.access_record(leader, submitted.pk, action=Action.APPROVE)
    assert not access.may_approve(cast.member, records["mine"])


def test_it_does_not_let_an_admin_approve_their_own_record(cast, records):
    PersonFactory(org=cast.commune_a2, user=cast.admin)
    admins_own = make_commitment(person=cast.admin.person, year=records["mine"].year)
    assert not access.may_approve(_fresh(cast.admin), admins_own)
    assert access.may_approve(cast.admin, records["mine"])


def test_it_gives_no_approval_to_roles_without_it(cast, records):
    for user in (cast.officer, cast.inspector, cast.member, cast.outsider):
        assert not any(access.may_approve(user, r) for r in records.values()), user


def test_it_refuses_approval_outside_the_leaders_subtree(cast, records):
    assert not access.may_approve(cast.leader, records["a2"])
    assert not access.may_approve(cast.leader, records["secret"])


def test_it_keeps_the_approval_queue_in_step_with_may_approve(cast, records):
    for name, user in cast.actors().items():
        user = _fresh(user)
        queue = set(access.approvable_by(user).values_list("pk", flat=True))
        expected = {r.pk for r in access.records_visible_to(user) if access.may_approve(user, r)}
        assert queue == expected, name


# --- may: state and rights together -----------------------------------------------------------


def test_it_combines_the_state_machine_with_the_rights(cast, records):
    draft = records["mine"]
    assert access.may(cast.member, draft, Action.EDIT)
    assert access.may(cast.member, draft, Action.SUBMIT)
    assert not access.may(cast.leader, draft, Action.APPROVE)  # right, but not in this state
    submitted = bring_to(draft, RecordState.SUBMITTED, writer=cast.member, leader=None)
    assert access.may(cast.leader, submitted, Action.APPROVE)
    assert access.may(cast.leader, submitted, Action.RETURN)
    assert not access.may(cast.member, submitted, Action.EDIT)
    assert not access.may(cast.member, submitted, Action.APPROVE)
    assert not access.may(cast.admin, submitted, Action.LOCK)  # only closing the year locks


# --- access_record, access_period -------------------------------------------------------------


def test_it_answers_404_outside_the_scope_and_403_inside_without_the_right(cast, records):
    with pytest.raises(Http404):
        access.access_record(cast.outsider, records["mine"].pk)
    with pytest.raises(Http404):
        access.access_record(cast.member, records["colleague"].pk)
    with pytest.raises(Http404):
        access.access_record(cast.member, "abc")
    with pytest.raises(PermissionDenied):
        access.access_record(cast.inspector, records["mine"].pk, action=Action.APPROVE)
    with pytest.raises(PermissionDenied):
        access.access_record(cast.leader, records["plan_commune_a1"].pk, action=Action.APPROVE)
    with pytest.raises(PermissionDenied):
        access.access_record(cast.officer, records["mine"].pk, action=Action.EDIT)
    assert access.access_record(cast.inspector, records["mine"].pk) == records["mine"]
    assert access.access_record(cast.member, records["mine"].pk, action=Action.SUBMIT) == records["mine"]
    assert access.access_record(cast.leader, records["mine"].pk, action=Action.APPROVE) == records["mine"]


def test_it_shows_the_years_that_govern_a_user(cast, year):
    province_year = open_year(cast.province, year=year.year + 1)
    b_year = open_year(cast.district_b)
    assert set(access.periods_visible_to(cast.member)) == {year, province_year}
    assert set(access.periods_visible_to(cast.officer)) == {year, province_year}
    assert set(access.periods_visible_to(cast.outsider)) == {b_year, province_year}
    assert set(access.periods_visible_to(cast.admin)) == {year, province_year, b_year}


def test_it_guards_a_year_by_capability(cast, year):
    assert access.access_period(cast.officer, year.pk, cap=Cap.OPEN_PERIOD) == year
    with pytest.raises(PermissionDenied):
        access.access_period(cast.member, year.pk, cap=Cap.OPEN_PERIOD)
    with pytest.raises(Http404):
        access.access_period(cast.outsider, year.pk)
