"""Property tests: the pure state machine, and random sequences of actions against a real record.

The second test drives a commitment through the services with whatever Hypothesis picks (submit, approve,
return, save, self-assess, rate, close and reopen the year) and checks after every step that the record
agrees with a small model built on ``workflow.next_state``, that its history is an unbroken chain, and that a
refused action raised ``ValidationError`` and changed nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import pairwise

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from lamtheobac.cycle import services, workflow
from lamtheobac.cycle.models import (
    Period,
    PeriodEvent,
    Rating,
    Record,
    RecordState,
    Result,
    Revision,
    Scoring,
)
from lamtheobac.cycle.registration import RuleSet
from lamtheobac.cycle.services import AssessmentInput, ConflictError, ItemInput
from lamtheobac.cycle.workflow import Action

from .builders import item_inputs, make_commitment, open_year

S = RecordState
STATES = [S(s) for s in S.values]

# --- The pure state machine -------------------------------------------------------------------


@pytest.mark.engine_neutral
@given(st.sampled_from(STATES), st.sampled_from(list(Action)), st.sampled_from([*STATES, ""]))
def test_it_either_moves_to_a_known_state_or_refuses_in_vietnamese(state, action, before_lock):
    if before_lock == S.LOCKED:
        before_lock = ""
    try:
        after = workflow.next_state(state, action, state_before_lock=before_lock)
    except ValidationError as e:
        assert not workflow.allowed(state, action)
        assert action not in workflow.actions_from(state)
        [message] = e.messages
        assert message == workflow.REFUSALS[action] % {"state": S(state).label}
        return
    assert workflow.allowed(state, action)
    assert action in workflow.actions_from(state)
    assert after in S.values
    if action == Action.LOCK:
        assert (state, after) != (S.LOCKED, S.LOCKED) and after == S.LOCKED
    if action == Action.UNLOCK:
        assert state == S.LOCKED and after == (before_lock or S.DRAFT)
    if action == Action.EDIT:
        assert after == state
    if state == S.LOCKED:
        assert action == Action.UNLOCK  # a locked record only comes out by reopening the year


@pytest.mark.engine_neutral
def test_it_checks_every_state_and_action_pair():
    for state in STATES:
        for action in Action:
            if workflow.allowed(state, action):
                assert workflow.next_state(state, action, state_before_lock=S.APPROVED) in S.values
            else:
                with pytest.raises(ValidationError):
                    workflow.next_state(state, action)


@pytest.mark.engine_neutral
def test_it_reaches_every_state_from_a_draft():
    seen, todo = {S.DRAFT}, [S.DRAFT]
    while todo:
        state = todo.pop()
        for action in workflow.actions_from(state):
            after = workflow.next_state(state, action, state_before_lock=S.DRAFT)
            if after not in seen:
                seen.add(after)
                todo.append(after)
    assert seen == set(S.values)


@pytest.mark.engine_neutral
@given(st.lists(st.sampled_from(list(Action)), max_size=30))
def test_it_keeps_a_random_walk_inside_the_states(actions):
    state, before_lock = S.DRAFT.value, ""
    for action in actions:
        if not workflow.allowed(state, action):
            continue
        after = workflow.next_state(state, action, state_before_lock=before_lock)
        before_lock = state if action == Action.LOCK else ("" if action == Action.UNLOCK else before_lock)
        assert after in S.values
        assert (after == S.LOCKED) == (action == Action.LOCK)
        state = after


# --- Random sequences against a real record ---------------------------------------------------

BANDS = {
    Rating.EXCELLENT: range(90, 101),
    Rating.GOOD: range(70, 90),
    Rating.COMPLETED: range(50, 70),
    Rating.NOT_COMPLETED: range(0, 50),
}

# A return needs a comment; blanks and bare markup do not count.
RETURN_COMMENTS = {"Cần ghi rõ chỉ tiêu": True, "": False, "   ": False, "<b></b>": False}

steps = st.one_of(
    st.tuples(st.just("submit")),
    st.tuples(st.just("approve")),
    st.tuples(st.just("return"), st.sampled_from(list(RETURN_COMMENTS))),
    # (items, stale version?, one empty line?)
    st.tuples(st.just("save"), st.integers(0, 5), st.booleans(), st.booleans()),
    st.tuples(st.just("self_assess"), st.booleans()),  # every item assessed?
    st.tuples(st.just("rate"), st.sampled_from(list(Rating)), st.none() | st.integers(-2, 102)),
    st.tuples(st.just("close")),
    st.tuples(st.just("reopen"), st.sampled_from(["Bổ sung hồ sơ", ""])),
    # Random actions alone seldom get past approval: "advance" takes the next step of the happy path.
    *[st.tuples(st.just("advance"))] * 6,
)


@dataclass(frozen=True)
class Model:
    """What the record should look like: its state, what it had before the lock, version, items."""

    state: str = S.DRAFT
    before_lock: str = ""
    version: int = 2
    items: int = 3
    year_open: bool = True

    def move(self, action: Action, **changes) -> Model:
        after = workflow.next_state(self.state, action, state_before_lock=self.before_lock)
        if action == Action.LOCK:
            changes["before_lock"] = self.state
        if action == Action.UNLOCK:
            changes["before_lock"] = ""
        return replace(self, state=after, **changes)


NEXT = {
    S.SUBMITTED: ("approve",),
    S.APPROVED: ("self_assess", True),
    S.SELF_ASSESSED: ("rate", Rating.GOOD, 80),
    S.RATED: ("rate", Rating.EXCELLENT, None),
    S.LOCKED: ("reopen", "Bổ sung hồ sơ"),
}


def resolve(step: tuple, model: Model) -> tuple:
    """The concrete step behind "advance" for the record as the model sees it."""
    if step[0] != "advance":
        return step
    if model.state in (S.DRAFT, S.RETURNED):
        return ("submit",) if model.items >= 3 else ("save", 3, False, False)
    return NEXT[S(model.state)]


def predict(model: Model, step: tuple) -> Model | None:
    """The model after ``step``, or None when the services must refuse it."""
    kind = step[0]
    if kind == "submit":
        ok = workflow.allowed(model.state, Action.SUBMIT) and model.year_open and model.items >= 3
        return model.move(Action.SUBMIT) if ok else None
    if kind == "approve":
        return model.move(Action.APPROVE) if workflow.allowed(model.state, Action.APPROVE) else None
    if kind == "return":
        ok = workflow.allowed(model.state, Action.RETURN) and RETURN_COMMENTS[step[1]]
        return model.move(Action.RETURN) if ok else None
    if kind == "save":
        _, n, stale, empty_line = step
        ok = workflow.allowed(model.state, Action.EDIT) and not stale and not empty_line
        return replace(model, items=n, version=model.version + 1) if ok else None
    if kind == "self_assess":
        ok = workflow.allowed(model.state, Action.SELF_ASSESS) and (step[1] or model.items == 0)
        return model.move(Action.SELF_ASSESS, version=model.version + 1) if ok else None
    if kind == "rate":
        _, rating, score = step
        ok = workflow.allowed(model.state, Action.RATE) and (score is None or score in BANDS[rating])
        return model.move(Action.RATE) if ok else None
    if kind == "close":
        return model.move(Action.LOCK, year_open=False) if model.year_open else None
    if kind == "reopen":
        ok = not model.year_open and step[1] != ""
        return model.move(Action.UNLOCK, year_open=True) if ok else None
    raise AssertionError(step)


def run(step: tuple, pk: int, period: Period, model: Model, cast) -> None:
    """Take ``step`` through the services, as a fresh request would (the record read anew)."""
    record = Record.objects.get(pk=pk)
    kind = step[0]
    if kind == "submit":
        services.record_submit(actor=cast.member, record=record)
    elif kind == "approve":
        services.record_approve(actor=cast.leader, record=record)
    elif kind == "return":
        services.record_return(actor=cast.leader, record=record, comment=step[1])
    elif kind == "save":
        _, n, stale, empty_line = step
        items = item_inputs(n) + ([ItemInput(action="  ")] if empty_line else [])
        version = model.version - 1 if stale else model.version
        services.record_save(actor=cast.member, record=record, version=version, items=items)
    elif kind == "self_assess":
        items = list(record.items.all())
        if not step[1]:
            items = items[1:]
        assessments = [AssessmentInput(item=i, result=Result.DONE) for i in items]
        services.record_self_assess(actor=cast.member, record=record, assessments=assessments)
    elif kind == "rate":
        services.record_rate(actor=cast.leader, record=record, rating=step[1], score=step[2])
    elif kind == "close":
        services.period_close(actor=cast.officer, period=period)
    elif kind == "reopen":
        services.period_reopen(actor=cast.admin, period=period, reason=step[1])


def fingerprint(pk: int, period: Period) -> tuple:
    """Everything a refused action must leave as it was."""
    row = Record.objects.filter(pk=pk).values().get()
    row.pop("updated_at")
    return (
        row,
        list(Record.objects.get(pk=pk).items.values_list("id", "action", "result")),
        list(Revision.objects.filter(record_id=pk).values_list("id", flat=True)),
        list(Record.objects.get(pk=pk).transitions.values_list("id", flat=True)),
        Period.objects.get(pk=period.pk).state,
        PeriodEvent.objects.filter(period=period).count(),
    )


def check(pk: int, model: Model) -> None:
    record = Record.objects.get(pk=pk)
    assert record.state in S.values
    assert (record.state, record.state_before_lock, record.version, record.items.count()) == (
        model.state, model.before_lock, model.version, model.items,
    )  # fmt: skip
    history = list(record.transitions.order_by("id").values_list("from_state", "to_state"))
    assert history[0] == ("", S.DRAFT)
    for (_, previous_to), (next_from, _) in pairwise(history):
        assert next_from == previous_to, history
    assert history[-1][1] == record.state
    assert record.revisions.first().version == record.version


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=st.lists(steps, min_size=1, max_size=25))
# The whole cycle, a lock in the middle of it, a reopening refused for want of a reason, then the rest.
@example(
    sequence=[
        ("save", 2, False, False), ("submit",), ("advance",), ("return", ""), ("return", "Sửa"),
        ("save", 4, True, False), ("advance",), ("advance",), ("close",), ("approve",), ("reopen", ""),
        ("advance",), ("self_assess", False), ("advance",), ("rate", Rating.EXCELLENT, 89), ("advance",),
        ("advance",), ("close",), ("advance",), ("rate", Rating.NOT_COMPLETED, 10),
    ]
)  # fmt: skip
def test_it_follows_the_model_through_random_sequences_of_actions(cast, sequence):
    # Each example starts from a clean year and record; the savepoint is rolled back at the end.
    with transaction.atomic():
        # the model knows the four levels and their bands (QĐ 366's conditions: ``test_scoring``)
        period = open_year(cast.district_a, registration=RuleSet(scoring=Scoring.LEVELS))
        pk = make_commitment(person=cast.member_person, actor=cast.member).pk
        model = Model()
        check(pk, model)
        for step in sequence:
            step = resolve(step, model)
            expected = predict(model, step)
            before = fingerprint(pk, period)
            try:
                run(step, pk, period, model, cast)
            except ValidationError as e:
                assert expected is None, f"{step} refused from {model}: {e.messages}"
                if (
                    step[0] == "save"
                    and step[2]
                    and not step[3]
                    and workflow.allowed(model.state, Action.EDIT)
                ):
                    assert isinstance(e, ConflictError)  # a stale version is told apart from bad input
                assert fingerprint(pk, period) == before, step
            else:
                assert expected is not None, f"{step} accepted from {model}"
                model = expected
                event(f"reached {model.state}")  # shown by --hypothesis-show-statistics
            check(pk, model)
        transaction.set_rollback(True)
