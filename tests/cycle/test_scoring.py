"""Rating under QĐ 366-QĐ/TW (30/8/2025), Article 11: the 100-point scale, its bands and the conditions of
each level; the years rated before it keep their four levels and their ratings."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lamtheobac.cycle import scoring, services
from lamtheobac.cycle.models import Rating, Record, RecordState, RegistrationRules, Result, Scoring
from lamtheobac.cycle.registration import RuleSet
from lamtheobac.cycle.services import AssessmentInput
from lamtheobac.organisation import services as org_services

from .builders import YEAR, bring_to, make_commitment, open_year

pytestmark = pytest.mark.django_db

R = Rating


def facts(total=3, done=None, late=0, exceeded=0) -> scoring.Facts:
    """``total`` actions, all done unless told otherwise."""
    return scoring.Facts(total=total, done=total if done is None else done, late=late, exceeded=exceeded)


# --- Pure: Article 11's bands and conditions -------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "level"),
    [(100, R.EXCELLENT), (90, R.EXCELLENT), (89, R.GOOD), (70, R.GOOD), (69, R.COMPLETED), (50, R.COMPLETED),
     (49, R.NOT_COMPLETED), (0, R.NOT_COMPLETED)],
)  # fmt: skip
def test_article_11_bands_90_70_50(score, level):
    """Article 11: xuất sắc from 90, tốt 70 to under 90, hoàn thành 50 to under 70, không hoàn thành under 50."""
    assert scoring.band(score) == level


def test_excellent_needs_every_task_on_time_and_30_percent_exceeding():
    """Article 11, xuất sắc: 100% of the tasks on time and at least 30% beyond the requirement."""
    assert scoring.fitting(92, facts(total=10, exceeded=3)) == R.EXCELLENT
    assert scoring.fitting(92, facts(total=10, exceeded=2)) == R.GOOD  # 20% exceeding: not enough
    assert scoring.fitting(92, facts(total=10, exceeded=5, late=1)) == R.COMPLETED  # late: neither tốt


def test_good_needs_every_task_done_on_time():
    """Article 11, tốt: 100% of the tasks completed on time."""
    assert scoring.fitting(88, facts()) == R.GOOD
    assert scoring.fitting(88, facts(total=5, late=1)) == R.COMPLETED


def test_completed_needs_every_task_done_and_at_most_20_percent_late():
    """Article 11, hoàn thành: 100% of the tasks completed, no more than 20% of them late."""
    assert scoring.fitting(60, facts(total=5, late=1)) == R.COMPLETED
    assert scoring.fitting(60, facts(total=5, late=2)) == R.NOT_COMPLETED
    assert scoring.fitting(75, facts(total=3, done=2)) == R.NOT_COMPLETED  # a task not done


def test_the_checks_shown_to_the_rater_say_what_fails():
    shown = {(c.level, c.met) for c in scoring.checks(facts(total=3, late=1, exceeded=1))}
    assert shown == {(R.EXCELLENT, False), (R.EXCELLENT, True), (R.GOOD, False), (R.COMPLETED, True),
                     (R.COMPLETED, False)}  # fmt: skip
    texts = [c.text for c in scoring.checks(facts(total=3, late=1, exceeded=1))]
    assert texts[0] == "100% việc làm hoàn thành đúng hạn (3/3 hoàn thành, 1 việc trễ hạn)"


def test_a_score_above_the_chosen_band_is_refused():
    with pytest.raises(ValidationError) as exc:
        scoring.check(Scoring.QD366, R.EXCELLENT, 88, facts())
    assert exc.value.message_dict == {
        "score": ["Điểm 88 không khớp mức “Hoàn thành xuất sắc nhiệm vụ” (mức này cần điểm từ 90 đến 100)."]
    }


def test_a_score_is_required_under_qd366_and_optional_before():
    with pytest.raises(ValidationError) as exc:
        scoring.check(Scoring.QD366, R.GOOD, None, facts())
    assert exc.value.message_dict == {"score": [str(scoring.ERR_SCORE_REQUIRED)]}
    scoring.check(Scoring.LEVELS, R.GOOD, None, facts())  # the four levels: a score is optional


def test_a_lower_level_than_score_and_conditions_give_is_refused():
    with pytest.raises(ValidationError) as exc:
        scoring.check(Scoring.QD366, R.COMPLETED, 80, facts())
    assert exc.value.message_dict == {
        "rating": ["Với 80 điểm và đủ điều kiện, mức xếp loại là “Hoàn thành tốt nhiệm vụ”; "
                   "muốn xếp mức thấp hơn thì chấm lại điểm."]
    }  # fmt: skip


# --- The rater, through the services and the page ------------------------------------------------


@pytest.fixture
def late_task(cast, year) -> Record:
    """A self-assessed commitment of this year (QĐ 366) with three actions done, the second one late."""
    record = bring_to(
        make_commitment(person=cast.member_person, actor=cast.member),
        RecordState.APPROVED,
        writer=cast.member,
        leader=cast.leader,
    )
    items = list(record.items.all())
    assessments = [
        AssessmentInput(item=item, result=Result.DONE, on_time=n != 1, exceeded=n == 0)
        for n, item in enumerate(items)
    ]
    return services.record_self_assess(actor=cast.member, record=record, assessments=assessments)


def test_92_with_a_task_late_is_refused_as_excellent_and_nothing_is_saved(cast, late_task):
    with pytest.raises(ValidationError) as exc:
        services.record_rate(actor=cast.leader, record=late_task, rating=R.EXCELLENT, score=92)
    [message] = exc.value.message_dict["rating"]
    assert message.startswith(
        "Chưa đủ điều kiện xếp loại “Hoàn thành xuất sắc nhiệm vụ” (Quy định 366-QĐ/TW, Điều 11)"
    )
    assert "1 việc trễ hạn" in message
    late_task.refresh_from_db()
    assert (late_task.state, late_task.rating, late_task.score) == (RecordState.SELF_ASSESSED, "", None)


def test_with_every_task_on_time_92_is_refused_as_excellent_without_30_percent_and_88_is_good(cast, year):
    record = bring_to(
        make_commitment(person=cast.member_person, actor=cast.member),
        RecordState.SELF_ASSESSED,
        writer=cast.member,
        leader=cast.leader,
    )
    with pytest.raises(ValidationError) as exc:
        services.record_rate(actor=cast.leader, record=record, rating=R.EXCELLENT, score=92)
    assert "Ít nhất 30% việc làm vượt yêu cầu (0/3)" in exc.value.message_dict["rating"][0]
    record = services.record_rate(actor=cast.leader, record=record, rating=R.GOOD, score=88)
    assert (record.state, record.rating, record.score, record.rating_rules) == (
        RecordState.RATED,
        R.GOOD,
        88,
        Scoring.QD366,
    )


def test_a_past_year_rated_on_four_levels_keeps_its_rating(cast):
    """A year rated before QĐ 366 keeps its rules: a level without a score is accepted, and the rating
    given then is not judged again."""
    period = open_year(cast.district_a, year=2024, plan_deadline=None, commitment_deadline=None)
    RegistrationRules.objects.filter(period=period).delete()  # opened before the rules were kept
    record = bring_to(
        make_commitment(person=cast.member_person, actor=cast.member, year=2024),
        RecordState.SELF_ASSESSED,
        writer=cast.member,
        leader=cast.leader,
    )
    record = services.record_rate(actor=cast.leader, record=record, rating=R.EXCELLENT)
    assert (record.rating, record.score, record.rating_rules) == (R.EXCELLENT, None, Scoring.LEVELS)


def test_the_rate_page_shows_the_conditions_and_the_refusal(cast, late_task, client_for):
    client = client_for(cast.leader)
    url = reverse("cycle:record-rate", args=[late_task.pk])
    page = client.get(url).content.decode()
    assert "Điều kiện xếp loại (Quy định 366-QĐ/TW, Điều 11)" in page
    assert (
        "✗ <strong>Xuất sắc:</strong> 100% việc làm hoàn thành đúng hạn (3/3 hoàn thành, 1 việc trễ hạn)"
        in page
    )
    refused = client.post(url, {"rating": "excellent", "score": "92"}).content.decode()
    assert "Chưa đủ điều kiện xếp loại “Hoàn thành xuất sắc nhiệm vụ”" in refused
    assert Record.objects.get(pk=late_task.pk).state == RecordState.SELF_ASSESSED


def _year_with_an_excellent_member(cast, year: int = YEAR):
    """``year`` opened at district A with a 20% quota of "xuất sắc"; the member's commitment rated so."""
    period = open_year(cast.district_a, year=year, registration=RuleSet(excellent_quota=20))
    record = bring_to(
        make_commitment(person=cast.member_person, actor=cast.member, year=year),
        RecordState.SELF_ASSESSED,
        writer=cast.member,
        leader=cast.leader,
    )
    Record.objects.filter(pk=record.pk).update(rating_rules="")
    record.items.update(exceeded=True)
    services.record_rate(actor=cast.leader, record=record, rating=R.EXCELLENT, score=95)
    return period


def test_the_share_of_excellent_is_shown_beside_the_quota(cast, client_for):
    period = _year_with_an_excellent_member(cast)
    page = client_for(cast.officer).get(reverse("cycle:period-detail", args=[period.pk]))
    shares = {s.org.pk: s for s in page.context["shares"]}
    mine = shares[cast.commune_a1.pk]
    assert (mine.rated, mine.excellent, mine.percent, mine.quota, mine.over) == (1, 1, 100.0, 20, True)
    assert "vượt" in page.content.decode()


def test_a_past_years_shares_stay_with_the_units_of_that_year(cast, client_for):
    """A commune moved to another district since: the year it was rated in still counts it under the district
    it stood in then (the tree as it was), not under today's."""
    period = _year_with_an_excellent_member(cast, YEAR - 1)
    org_services.org_move(actor=None, org=cast.commune_a1, new_parent=cast.district_b)

    page = client_for(cast.officer).get(reverse("cycle:period-detail", args=[period.pk]))
    shares = {s.org.pk: s for s in page.context["shares"]}
    assert (shares[cast.commune_a1.pk].rated, shares[cast.commune_a1.pk].excellent) == (1, 1)
    assert (shares[cast.district_a.pk].rated, shares[cast.district_a.pk].excellent) == (1, 1)
