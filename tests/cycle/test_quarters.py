"""Quarterly reviews, an option of the year: a leader's score and comment per quarter, due at the quarter's
end, owed quarters shown to the leader; a quarter cannot be reviewed before it starts."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lamtheobac.cycle import quarters, selectors, services
from lamtheobac.cycle.models import InterimReviews, QuarterReview, RecordState, Transition

from .builders import YEAR, bring_to, make_commitment, open_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(cast):
    open_year(cast.district_a, interim_reviews=InterimReviews.QUARTERLY)
    record = make_commitment(person=cast.member_person, actor=cast.member)
    return bring_to(record, RecordState.APPROVED, writer=cast.member, leader=cast.leader)


def test_the_quarters_start_and_fall_due_at_their_ends():
    assert [quarters.start(2026, q) for q in (1, 2, 3, 4)] == [
        datetime.date(2026, 1, 1), datetime.date(2026, 4, 1), datetime.date(2026, 7, 1), datetime.date(2026, 10, 1)
    ]  # fmt: skip
    assert quarters.due(2026, 2) == datetime.date(2026, 6, 30)
    assert quarters.due(2026, 4, datetime.date(2026, 12, 15)) == datetime.date(2026, 12, 15)
    owed = quarters.owed(2026, {1}, datetime.date(2026, 8, 3))
    assert owed == [(2, datetime.date(2026, 6, 30), True), (3, datetime.date(2026, 9, 30), False)]


def test_a_leader_reviews_a_quarter_with_a_score_and_a_comment(cast, approved):
    review = services.record_quarter_review(
        actor=cast.leader, record=approved, quarter=1, score=85, comment="Thực hiện tốt", today=datetime.date(YEAR, 4, 2)
    )  # fmt: skip
    assert (review.quarter, review.score, review.comment, review.reviewed_by) == (
        1,
        85,
        "Thực hiện tốt",
        cast.leader,
    )
    again = services.record_quarter_review(
        actor=cast.leader, record=approved, quarter=1, score=88, today=datetime.date(YEAR, 4, 3)
    )
    assert QuarterReview.objects.get().score == again.score == 88  # replaced, both in the history
    comments = Transition.objects.filter(record=approved).values_list("comment", flat=True)
    assert {"Đánh giá Quý I: 85 điểm", "Đánh giá Quý I: 88 điểm"} <= set(comments)


def test_a_quarter_reviewed_before_it_starts_is_refused_and_nothing_is_saved(cast, approved):
    with pytest.raises(ValidationError) as exc:
        services.record_quarter_review(
            actor=cast.leader, record=approved, quarter=3, score=80, today=datetime.date(YEAR, 6, 30)
        )
    assert exc.value.message_dict == {
        "quarter": [f"Quý III năm {YEAR} bắt đầu từ ngày 01/07/{YEAR}; chưa đánh giá được."]
    }
    assert not QuarterReview.objects.exists()


def test_a_year_without_quarterly_reviews_refuses_them(cast, year):
    record = bring_to(
        make_commitment(person=cast.member_person, actor=cast.member),
        RecordState.APPROVED,
        writer=cast.member,
        leader=cast.leader,
    )
    with pytest.raises(ValidationError) as exc:
        services.record_quarter_review(actor=cast.leader, record=record, quarter=1, score=80)
    assert exc.value.messages == [
        f"Năm {YEAR} không đánh giá theo quý (tổ chức mở năm chọn “Sơ kết 6 tháng”)."
    ]


def test_a_score_outside_0_to_100_is_refused(cast, approved):
    with pytest.raises(ValidationError):
        services.record_quarter_review(
            actor=cast.leader, record=approved, quarter=1, score=120, today=datetime.date(YEAR, 4, 2)
        )
    assert not QuarterReview.objects.exists()


def test_the_leader_sees_the_owed_quarters_and_the_member_cannot_review(cast, approved, client_for):
    page = client_for(cast.leader).get(reverse("cycle:record-detail", args=[approved.pk]))
    owed = page.context["quarters_owed"]
    assert [q["quarter"] for q in owed] == [
        q for q in (1, 2, 3, 4) if quarters.started(YEAR, q, datetime.date.today())
    ]
    assert "chưa đánh giá; hạn" in page.content.decode()
    member = client_for(cast.member)
    assert member.get(reverse("cycle:record-detail", args=[approved.pk])).context["quarters_owed"] == []
    url = reverse("cycle:record-quarter", args=[approved.pk, 1])
    assert member.post(url, {"score": "90"}).status_code == 403
    leader = client_for(cast.leader)
    response = leader.post(url, {"score": "90", "comment": "Tích cực"})
    assert response.status_code == 302
    assert QuarterReview.objects.get(record=approved).score == 90


def test_the_leaders_queue_reminds_of_the_quarters_not_reviewed(cast, approved, client_for):
    today = datetime.date(YEAR, 8, 3)
    owed = selectors.quarter_reviews_owed(cast.leader, today)
    assert [(q.quarter, q.records, q.overdue) for q in owed] == [(1, 1, True), (2, 1, True), (3, 1, False)]
    services.record_quarter_review(actor=cast.leader, record=approved, quarter=1, score=80, today=today)
    owed = selectors.quarter_reviews_owed(cast.leader, today)
    assert [q.quarter for q in owed] == [2, 3]
    assert selectors.quarter_reviews_owed(cast.outsider, today) == []
    page = client_for(cast.leader).get(reverse("cycle:queue")).content.decode()
    assert "chưa đánh giá; hạn" in page
