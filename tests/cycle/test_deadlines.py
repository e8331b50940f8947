"""The deadline banners: how many days overdue or left, and what the writer of a record owes next."""

from __future__ import annotations

import datetime

import pytest

from lamtheobac.cycle.deadlines import DUE_SOON_DAYS, due, owed
from lamtheobac.cycle.models import RecordKind, RecordState
from lamtheobac.cycle.rules import Rules

pytestmark = pytest.mark.engine_neutral

TODAY = datetime.date(2026, 12, 8)


def test_it_counts_the_days_overdue_and_writes_the_date_the_vietnamese_way():
    late = due(datetime.date(2026, 4, 6), today=TODAY, what="hạn nộp bản cam kết")
    assert late.overdue and late.days == 246
    assert late.text == "Quá hạn 246 ngày: hạn nộp bản cam kết là 06/04/2026."


def test_it_counts_the_days_left_and_says_when_it_is_today():
    soon = due(datetime.date(2026, 12, 11), today=TODAY, what="hạn nộp bản cam kết")
    assert not soon.overdue and soon.text == "Còn 3 ngày: hạn nộp bản cam kết là 11/12/2026."
    assert (
        due(TODAY, today=TODAY, what="hạn nộp kế hoạch").text == "Hôm nay là hạn nộp kế hoạch (08/12/2026)."
    )


def test_a_far_deadline_or_none_is_no_news():
    assert due(TODAY + datetime.timedelta(days=DUE_SOON_DAYS + 1), today=TODAY, what="x") is None
    assert due(TODAY + datetime.timedelta(days=DUE_SOON_DAYS), today=TODAY, what="x") is not None
    assert due(None, today=TODAY, what="x") is None


def test_the_writer_owes_filing_then_the_year_end_assessment_and_nothing_while_the_leader_decides():
    rules = Rules(
        year=2026, commitment_deadline=datetime.date(2026, 4, 6), plan_deadline=datetime.date(2026, 12, 20),
        yearend_deadline=datetime.date(2026, 12, 15),
    )  # fmt: skip
    for state in (None, RecordState.DRAFT, RecordState.RETURNED):
        owes = owed(kind=RecordKind.COMMITMENT, state=state, rules=rules, today=TODAY)
        assert owes.overdue and owes.days == 246, state
    plan = owed(kind=RecordKind.PLAN, state=RecordState.DRAFT, rules=rules, today=TODAY)
    assert not plan.overdue and plan.days == 12 and "kế hoạch" in plan.text
    assessing = owed(kind=RecordKind.COMMITMENT, state=RecordState.APPROVED, rules=rules, today=TODAY)
    assert assessing.days == 7 and "tự đánh giá" in assessing.text
    for state in (RecordState.SUBMITTED, RecordState.SELF_ASSESSED, RecordState.RATED, RecordState.LOCKED):
        assert owed(kind=RecordKind.COMMITMENT, state=state, rules=rules, today=TODAY) is None
