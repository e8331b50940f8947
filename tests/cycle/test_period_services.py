"""Closing and reopening a year: records lock and unlock, the reason and the events are kept."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from lamtheobac.cycle import services
from lamtheobac.cycle.models import Period, PeriodEvent, Record, RecordState, Transition

from .builders import YEAR, bring_to, chain, make_commitment, make_plan, messages, open_year

pytestmark = pytest.mark.django_db

S = RecordState


@pytest.fixture
def records(cast, year):
    """Records of this year in district A in several states, and records that must not be touched."""
    open_year(cast.district_a, year=YEAR + 1)
    open_year(cast.district_b, year=YEAR)
    mine = make_commitment(person=cast.member_person, actor=cast.member)
    return {
        "draft": make_commitment(person=cast.colleague, actor=cast.leader, on_behalf=True),
        "submitted": bring_to(mine, S.SUBMITTED, writer=cast.member, leader=cast.leader),
        "approved": bring_to(
            make_plan(org=cast.cell_a1, actor=cast.leader), S.APPROVED, writer=cast.leader, leader=cast.leader
        ),
        "a2": make_commitment(person=cast.person_a2),
        "next_year": make_commitment(person=cast.member_person, year=YEAR + 1, actor=cast.member),
        "other_branch": make_commitment(person=cast.secret_person),
    }


def _state(record: Record) -> tuple[str, str]:
    record.refresh_from_db()
    return record.state, record.state_before_lock


# --- period_close -----------------------------------------------------------------------------


def test_it_locks_every_record_of_the_subtree_for_that_year(cast, year, records):
    locked = services.period_close(actor=cast.officer, period=year)
    assert locked == 4
    assert _state(records["draft"]) == (S.LOCKED, S.DRAFT)
    assert _state(records["submitted"]) == (S.LOCKED, S.SUBMITTED)
    assert _state(records["approved"]) == (S.LOCKED, S.APPROVED)
    assert _state(records["a2"]) == (S.LOCKED, S.DRAFT)


def test_it_leaves_other_years_and_other_branches_alone(cast, year, records):
    services.period_close(actor=cast.officer, period=year)
    assert _state(records["next_year"]) == (S.DRAFT, "")
    assert _state(records["other_branch"]) == (S.DRAFT, "")


def test_it_locks_only_below_a_lower_orgs_period(cast, year, records):
    commune = open_year(cast.commune_a1)
    assert services.period_close(actor=cast.leader, period=commune) == 3
    assert _state(records["submitted"]) == (S.LOCKED, S.SUBMITTED)
    assert _state(records["a2"]) == (S.DRAFT, "")
    year.refresh_from_db()
    assert year.state == Period.State.OPEN


def test_it_records_the_lock_in_each_history(cast, year, records):
    services.period_close(actor=cast.officer, period=year)
    last = Transition.objects.filter(record=records["submitted"]).last()
    assert (last.from_state, last.to_state, last.actor) == (S.SUBMITTED, S.LOCKED, cast.officer)
    assert last.comment == f"Kết thúc năm {YEAR}"


def test_it_marks_the_period_closed_with_an_event(cast, year):
    services.period_close(actor=cast.officer, period=year)
    year.refresh_from_db()
    assert year.state == Period.State.CLOSED
    assert (year.closed_by, year.closed_at is not None) == (cast.officer, True)
    assert list(year.events.values_list("action", flat=True)) == ["closed", "opened"]


def test_it_refuses_to_close_twice(cast, year, records):
    services.period_close(actor=cast.officer, period=year)
    with pytest.raises(ValidationError) as exc:
        services.period_close(actor=cast.officer, period=year)
    assert messages(exc) == [services.ERR_ALREADY_CLOSED]
    assert PeriodEvent.objects.filter(period=year, action="closed").count() == 1
    assert Transition.objects.filter(record=records["draft"], to_state=S.LOCKED).count() == 1


def test_it_does_not_lock_twice_when_a_higher_year_closes_after_a_lower_one(cast, year, records):
    commune = open_year(cast.commune_a1)
    services.period_close(actor=cast.leader, period=commune)
    assert services.period_close(actor=cast.officer, period=year) == 1  # only commune A2's record
    assert _state(records["submitted"]) == (S.LOCKED, S.SUBMITTED)
    assert chain(records["submitted"])[-1] == (S.SUBMITTED, S.LOCKED)


# --- period_reopen ----------------------------------------------------------------------------


def test_it_reopens_and_restores_each_records_state(cast, year, records):
    services.period_close(actor=cast.officer, period=year)
    unlocked = services.period_reopen(actor=cast.admin, period=year, reason="Bổ sung hồ sơ còn thiếu")
    assert unlocked == 4
    assert _state(records["draft"]) == (S.DRAFT, "")
    assert _state(records["submitted"]) == (S.SUBMITTED, "")
    assert _state(records["approved"]) == (S.APPROVED, "")
    assert _state(records["a2"]) == (S.DRAFT, "")
    year.refresh_from_db()
    assert (year.state, year.closed_at, year.closed_by) == (Period.State.OPEN, None, None)


def test_it_keeps_the_reason_in_the_event_and_the_history(cast, year, records):
    services.period_close(actor=cast.officer, period=year)
    services.period_reopen(actor=cast.admin, period=year, reason="  <i>Bổ sung</i>   hồ sơ ")
    event = year.events.first()
    assert (event.action, event.reason, event.actor) == ("reopened", "Bổ sung hồ sơ", cast.admin)
    last = Transition.objects.filter(record=records["approved"]).last()
    assert (last.from_state, last.to_state, last.comment) == (S.LOCKED, S.APPROVED, "Bổ sung hồ sơ")
    assert list(year.events.values_list("action", flat=True)) == ["reopened", "closed", "opened"]


@pytest.mark.parametrize("reason", ["", "   ", "<b></b>"])
def test_it_refuses_to_reopen_without_a_reason(cast, year, records, reason):
    services.period_close(actor=cast.officer, period=year)
    with pytest.raises(ValidationError) as exc:
        services.period_reopen(actor=cast.admin, period=year, reason=reason)
    assert exc.value.message_dict == {"reason": [services.ERR_REASON_REQUIRED]}
    year.refresh_from_db()
    assert year.state == Period.State.CLOSED
    assert _state(records["draft"]) == (S.LOCKED, S.DRAFT)
    assert not PeriodEvent.objects.filter(action="reopened").exists()


def test_it_refuses_to_reopen_an_open_year(cast, year):
    with pytest.raises(ValidationError) as exc:
        services.period_reopen(actor=cast.admin, period=year, reason="Thử")
    assert messages(exc) == [services.ERR_NOT_CLOSED]


def test_it_refuses_to_reopen_below_a_higher_closed_year(cast, year, records):
    commune = open_year(cast.commune_a1)
    services.period_close(actor=cast.officer, period=year)
    services.period_close(actor=cast.leader, period=commune)
    with pytest.raises(ValidationError) as exc:
        services.period_reopen(actor=cast.admin, period=commune, reason="Bổ sung")
    assert messages(exc) == [services.ERR_NOT_TOP]
    commune.refresh_from_db()
    assert commune.state == Period.State.CLOSED
    assert _state(records["submitted"]) == (S.LOCKED, S.SUBMITTED)


def test_it_keeps_a_lower_closed_year_locked_when_the_higher_one_reopens(cast, year, records):
    commune = open_year(cast.commune_a1)
    services.period_close(actor=cast.leader, period=commune)
    services.period_close(actor=cast.officer, period=year)
    assert services.period_reopen(actor=cast.admin, period=year, reason="Bổ sung") == 1
    assert _state(records["a2"]) == (S.DRAFT, "")
    # Commune A1 closed its own year: its records stay locked until it is reopened itself.
    assert _state(records["submitted"]) == (S.LOCKED, S.SUBMITTED)
    assert _state(records["draft"]) == (S.LOCKED, S.DRAFT)
    assert services.period_reopen(actor=cast.admin, period=commune, reason="Bổ sung") == 3
    assert _state(records["submitted"]) == (S.SUBMITTED, "")


def test_it_lets_work_go_on_after_a_reopening(cast, year, records):
    services.period_close(actor=cast.officer, period=year)
    services.period_reopen(actor=cast.admin, period=year, reason="Bổ sung")
    record = services.record_approve(actor=cast.leader, record=records["submitted"])
    assert record.state == S.APPROVED
    assert chain(record)[-3:] == [(S.SUBMITTED, S.LOCKED), (S.LOCKED, S.SUBMITTED), (S.SUBMITTED, S.APPROVED)]


def test_it_refuses_new_records_and_submissions_in_a_closed_year(cast, year):
    services.period_close(actor=cast.officer, period=year)
    with pytest.raises(ValidationError) as exc:
        make_commitment(person=cast.member_person, actor=cast.member)
    assert messages(exc) == [services.ERR_YEAR_NOT_OPEN % {"year": YEAR, "org": cast.cell_a1.name}]
    assert not Record.objects.exists()
