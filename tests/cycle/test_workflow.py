"""The state machine of plans and commitments: pure (workflow.py) and through the services."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from lamtheobac.cycle import services, workflow
from lamtheobac.cycle.models import Rating, RecordState, Transition
from lamtheobac.cycle.workflow import REFUSALS, Action

from .builders import assess_all, bring_to, item_inputs, make_commitment, messages

S = RecordState

ALLOWED = [
    (S.DRAFT, Action.EDIT, S.DRAFT),
    (S.RETURNED, Action.EDIT, S.RETURNED),
    (S.DRAFT, Action.SUBMIT, S.SUBMITTED),
    (S.RETURNED, Action.SUBMIT, S.SUBMITTED),
    (S.SUBMITTED, Action.APPROVE, S.APPROVED),
    (S.SUBMITTED, Action.RETURN, S.RETURNED),
    (S.APPROVED, Action.SELF_ASSESS, S.SELF_ASSESSED),
    (S.SELF_ASSESSED, Action.SELF_ASSESS, S.SELF_ASSESSED),
    (S.SELF_ASSESSED, Action.RATE, S.RATED),
    (S.RATED, Action.RATE, S.RATED),
    *[(s, Action.LOCK, S.LOCKED) for s in S.values if s != S.LOCKED],
]
ALLOWED_PAIRS = {(s, a) for s, a, _ in ALLOWED} | {(S.LOCKED, Action.UNLOCK)}
REFUSED = [(s, a) for s in S.values for a in Action if (s, a) not in ALLOWED_PAIRS]


pytestmark = pytest.mark.django_db


# --- Pure -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("state", "action", "after"), ALLOWED, ids=lambda v: str(v))
def test_it_allows_the_designed_transitions(state, action, after):
    assert workflow.allowed(state, action)
    assert workflow.next_state(state, action) == after


@pytest.mark.parametrize(("state", "action"), REFUSED, ids=lambda v: str(v))
def test_it_refuses_every_other_transition_with_a_vietnamese_message(state, action):
    assert not workflow.allowed(state, action)
    with pytest.raises(ValidationError) as exc:
        workflow.next_state(state, action)
    expected = REFUSALS[action] % {"state": S(state).label}
    assert messages(exc) == [expected]
    if action not in (Action.LOCK, Action.UNLOCK):
        assert str(S(state).label) in expected  # names the current state, in Vietnamese


@pytest.mark.parametrize("before", [s for s in S.values if s != S.LOCKED])
def test_it_unlocks_to_the_state_before_the_lock(before):
    assert workflow.next_state(S.LOCKED, Action.UNLOCK, state_before_lock=before) == before


def test_it_unlocks_to_draft_when_the_state_before_the_lock_is_unknown():
    assert workflow.next_state(S.LOCKED, Action.UNLOCK) == S.DRAFT


def test_it_names_the_refusals_in_vietnamese():
    cases = {
        (S.DRAFT, Action.APPROVE): "Chỉ duyệt được bản đã nộp (hiện tại: Dự thảo).",
        (S.LOCKED, Action.EDIT): "Chỉ sửa được khi đang là dự thảo hoặc đã bị trả lại (hiện tại: Đã khóa).",
        (S.APPROVED, Action.RATE): "Chỉ xếp loại được sau khi đã tự đánh giá (hiện tại: Đã duyệt).",
        (S.DRAFT, Action.RETURN): "Chỉ trả lại được bản đã nộp (hiện tại: Dự thảo).",
        (S.SUBMITTED, Action.SUBMIT): "Chỉ nộp được bản dự thảo hoặc bản đã bị trả lại (hiện tại: Đã nộp).",
        (S.SUBMITTED, Action.SELF_ASSESS): "Chỉ tự đánh giá được sau khi đã được duyệt (hiện tại: Đã nộp).",
        (S.LOCKED, Action.LOCK): "Hồ sơ đã khóa.",
        (S.DRAFT, Action.UNLOCK): "Hồ sơ không ở trạng thái khóa.",
    }
    for (state, action), text in cases.items():
        with pytest.raises(ValidationError) as exc:
            workflow.next_state(state, action)
        assert messages(exc) == [text]


def test_it_lists_the_actions_each_state_allows():
    assert workflow.actions_from(S.DRAFT) == [Action.EDIT, Action.SUBMIT, Action.LOCK]
    assert workflow.actions_from(S.SUBMITTED) == [Action.APPROVE, Action.RETURN, Action.LOCK]
    assert workflow.actions_from(S.LOCKED) == [Action.UNLOCK]
    assert workflow.actions_from(S.RATED) == [Action.RATE, Action.LOCK]


def test_it_judges_a_submission_late_only_after_the_deadline_day():
    deadline = datetime.date(2026, 4, 15)
    assert not workflow.is_late(deadline - datetime.timedelta(days=1), deadline)
    assert not workflow.is_late(deadline, deadline)
    assert workflow.is_late(deadline + datetime.timedelta(days=1), deadline)


def test_it_judges_nothing_late_without_a_deadline():
    assert not workflow.is_late(datetime.date(2026, 12, 31), None)


# --- Through the services ---------------------------------------------------------------------


def _refused(call, record, expected: str) -> None:
    """``call`` raises ``expected`` and leaves the record and its history as they were."""
    before = (record.state, record.version, list(record.transitions.values_list("id", flat=True)))
    with pytest.raises(ValidationError) as exc:
        call()
    assert expected in messages(exc)
    record.refresh_from_db()
    assert (record.state, record.version, list(record.transitions.values_list("id", flat=True))) == before


def test_it_walks_a_commitment_along_the_whole_cycle(cast, commitment):
    record = bring_to(commitment, S.RATED, writer=cast.member, leader=cast.leader)
    assert record.state == S.RATED
    assert [(t.from_state, t.to_state) for t in record.transitions.order_by("id")] == [
        ("", S.DRAFT),
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.APPROVED),
        (S.APPROVED, S.SELF_ASSESSED),
        (S.SELF_ASSESSED, S.RATED),
    ]


def test_it_goes_round_the_return_loop(cast, commitment):
    record = bring_to(commitment, S.RETURNED, writer=cast.member, leader=cast.leader)
    record = services.record_save(
        actor=cast.member, record=record, version=record.version, items=item_inputs(4)
    )
    assert record.state == S.RETURNED
    record = services.record_submit(actor=cast.member, record=record)
    record = services.record_approve(actor=cast.leader, record=record)
    assert record.state == S.APPROVED
    assert [to for _, to in record.transitions.order_by("id").values_list("from_state", "to_state")] == [
        S.DRAFT, S.SUBMITTED, S.RETURNED, S.SUBMITTED, S.APPROVED,
    ]  # fmt: skip


def test_it_refuses_to_approve_a_draft(cast, commitment):
    _refused(
        lambda: services.record_approve(actor=cast.leader, record=commitment),
        commitment,
        "Chỉ duyệt được bản đã nộp (hiện tại: Dự thảo).",
    )


def test_it_refuses_to_return_a_draft(cast, commitment):
    _refused(
        lambda: services.record_return(actor=cast.leader, record=commitment, comment="Sửa lại"),
        commitment,
        "Chỉ trả lại được bản đã nộp (hiện tại: Dự thảo).",
    )


def test_it_refuses_to_rate_before_the_self_assessment(cast, commitment):
    record = bring_to(commitment, S.APPROVED, writer=cast.member, leader=cast.leader)
    _refused(
        lambda: services.record_rate(actor=cast.leader, record=record, rating=Rating.GOOD),
        record,
        "Chỉ xếp loại được sau khi đã tự đánh giá (hiện tại: Đã duyệt).",
    )


def test_it_refuses_to_self_assess_before_approval(cast, commitment):
    record = bring_to(commitment, S.SUBMITTED, writer=cast.member, leader=cast.leader)
    _refused(
        lambda: services.record_self_assess(actor=cast.member, record=record, assessments=assess_all(record)),
        record,
        "Chỉ tự đánh giá được sau khi đã được duyệt (hiện tại: Đã nộp).",
    )


def test_it_refuses_to_edit_a_submitted_record(cast, commitment):
    record = bring_to(commitment, S.SUBMITTED, writer=cast.member, leader=cast.leader)
    _refused(
        lambda: services.record_save(
            actor=cast.member, record=record, version=record.version, items=item_inputs(5)
        ),
        record,
        "Chỉ sửa được khi đang là dự thảo hoặc đã bị trả lại (hiện tại: Đã nộp).",
    )
    assert record.items.count() == 3


def test_it_refuses_to_edit_a_locked_record(cast, year, commitment):
    services.period_close(actor=cast.officer, period=year)
    commitment.refresh_from_db()
    _refused(
        lambda: services.record_save(
            actor=cast.member, record=commitment, version=commitment.version, items=item_inputs(5)
        ),
        commitment,
        "Chỉ sửa được khi đang là dự thảo hoặc đã bị trả lại (hiện tại: Đã khóa).",
    )


def test_it_refuses_to_submit_twice(cast, commitment):
    record = bring_to(commitment, S.SUBMITTED, writer=cast.member, leader=cast.leader)
    _refused(
        lambda: services.record_submit(actor=cast.member, record=record),
        record,
        "Chỉ nộp được bản dự thảo hoặc bản đã bị trả lại (hiện tại: Đã nộp).",
    )


def test_it_refuses_to_approve_twice(cast, commitment):
    record = bring_to(commitment, S.APPROVED, writer=cast.member, leader=cast.leader)
    _refused(
        lambda: services.record_approve(actor=cast.leader, record=record),
        record,
        "Chỉ duyệt được bản đã nộp (hiện tại: Đã duyệt).",
    )
    assert Transition.objects.filter(record=record, to_state=S.APPROVED).count() == 1


def test_it_skips_records_no_longer_submitted_in_a_bulk_approval(cast, year, commitment):
    other = make_commitment(person=cast.colleague, actor=cast.leader, on_behalf=True)
    submitted = bring_to(commitment, S.SUBMITTED, writer=cast.member, leader=cast.leader)
    versions = {r.pk: r.version for r in (submitted, other)}
    done = services.records_bulk_approve(actor=cast.leader, records=[submitted, other], versions=versions)
    assert done.approved == [submitted]
    assert done.refused == [
        services.ERR_NO_LONGER_WAITING % {"name": cast.colleague.full_name, "state": S.DRAFT.label}
    ]
    submitted.refresh_from_db()
    other.refresh_from_db()
    assert (submitted.state, other.state) == (S.APPROVED, S.DRAFT)


def test_a_bulk_approval_refuses_a_record_whose_version_moved_and_names_it(cast, year, commitment):
    other = make_commitment(person=cast.colleague, actor=cast.leader, on_behalf=True)
    mine = bring_to(commitment, S.SUBMITTED, writer=cast.member, leader=cast.leader)
    theirs = bring_to(other, S.SUBMITTED, writer=cast.leader, leader=cast.leader)
    shown = {mine.pk: mine.version, theirs.pk: theirs.version}
    theirs = services.record_return(actor=cast.leader, record=theirs, comment="Ghi rõ chỉ tiêu")
    theirs = services.record_save(
        actor=cast.leader, record=theirs, version=theirs.version, items=item_inputs(3)
    )
    theirs = services.record_submit(actor=cast.leader, record=theirs)
    done = services.records_bulk_approve(actor=cast.leader, records=[mine, theirs], versions=shown)
    assert done.approved == [mine]
    assert done.refused == [services.ERR_CHANGED_SINCE_SHOWN % {"name": cast.colleague.full_name}]
    assert done.refused == [
        f"Hồ sơ của {cast.colleague.full_name} đã thay đổi sau khi anh/chị mở trang; chưa duyệt."
    ]
    theirs.refresh_from_db()
    assert theirs.state == S.SUBMITTED and not Transition.objects.filter(record=theirs, to_state=S.APPROVED)


# --- Filed or not -----------------------------------------------------------------------------

FILED_AS = {  # what a Party office counts as filed, by the state a record is in (or was locked in)
    S.DRAFT: False,
    S.SUBMITTED: True,
    S.RETURNED: False,  # owed again: returned for correction, not resubmitted
    S.APPROVED: True,
    S.SELF_ASSESSED: True,
    S.RATED: True,
}


def test_it_decides_filed_for_every_state_and_every_state_locked_in():
    submitted = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
    assert set(FILED_AS) | {S.LOCKED} == set(S.values)  # a state added later must be decided here too
    for state, filed in FILED_AS.items():
        assert workflow.is_filed(submitted_at=submitted, state=state) is filed, state
        assert workflow.is_filed(submitted_at=submitted, state=S.LOCKED, state_before_lock=state) is filed
        assert not workflow.is_filed(submitted_at=None, state=state)


@pytest.mark.django_db
def test_the_queryset_filter_decides_as_the_record_predicate(cast):
    """``filed_q``, ``approved_q`` and ``returned_q`` select exactly the records ``is_filed`` and the state
    say, over every state × every state locked in × submitted or not × approved or not."""
    from django.utils import timezone

    from lamtheobac.cycle.models import Record, RecordKind

    now = timezone.now()
    rows = []
    for state in S.values:
        for before in ["", *(s for s in S.values if s != S.LOCKED)] if state == S.LOCKED else [""]:
            for submitted in (None, now):
                for approved in (None, now):
                    rows.append(Record(kind=RecordKind.COMMITMENT, year=2000 + len(rows), org=cast.cell_a1,
                                       person=cast.colleague, state=state, state_before_lock=before,
                                       submitted_at=submitted, approved_at=approved))  # fmt: skip
    records = Record.objects.bulk_create(rows)

    def chosen(q) -> set[int]:
        return set(Record.objects.filter(q, person=cast.colleague).values_list("pk", flat=True))

    filed = {r.pk for r in records if workflow.is_filed(submitted_at=r.submitted_at, state=r.state,
                                                          state_before_lock=r.state_before_lock)}  # fmt: skip
    assert chosen(workflow.filed_q()) == filed and 0 < len(filed) < len(records)
    assert chosen(workflow.approved_q()) == {r.pk for r in records if r.pk in filed and r.approved_at}
    returned = {r.pk for r in records if workflow.counted_state(r.state, r.state_before_lock) == S.RETURNED}
    assert chosen(workflow.returned_q()) == returned and not returned & filed
    # through a relation, as the quality rows reach their record
    from lamtheobac.quality.models import RecordQuality

    RecordQuality.objects.bulk_create(RecordQuality(record=r) for r in records)
    through = RecordQuality.objects.filter(workflow.filed_q("record__")).values_list("record_id", flat=True)
    assert set(through) == filed
