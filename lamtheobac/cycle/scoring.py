"""Rating a year's record: the levels, the score and the conditions, under the rules the year is rated by.

Pure: no queries. Two rule sets (``Scoring``):

- ``LEVELS``, the years rated before Quy định 366-QĐ/TW: one of four levels, an optional score that must fall
  in the level's band. Ratings given under it are kept as they are.
- ``QD366``, Quy định 366-QĐ/TW (30/8/2025) of the Politburo on reviewing and rating the quality of
  collectives and individuals, Article 11: a score on the 100-point scale (Appendices: 30 points of general
  criteria, 70 of results) and, for each level, conditions on the tasks (here: the registered actions):

  - Hoàn thành xuất sắc nhiệm vụ: 90 points or more; 100% of the tasks completed on time, with quality and
    effect, of which at least 30% exceed the requirement;
  - Hoàn thành tốt nhiệm vụ: 70 to under 90 points; 100% of the tasks completed on time, with quality;
  - Hoàn thành nhiệm vụ: 50 to under 70 points; 100% of the tasks completed, no more than 20% of them late;
  - Không hoàn thành nhiệm vụ: under 50 points, or the conditions of "Hoàn thành nhiệm vụ" not met.

  A score whose band asks for conditions the record does not meet rates at the highest lower level whose
  conditions it meets: the score may never lift a record over a condition (a score of 92 with a task late
  cannot be "xuất sắc"), and the rater's chosen level must be that one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Rating, Result, Scoring

ORDER = [Rating.NOT_COMPLETED, Rating.COMPLETED, Rating.GOOD, Rating.EXCELLENT]  # low to high

# The bands of the score, the same in both rule sets (QĐ 366-QĐ/TW, Article 11).
BANDS: dict[str, tuple[int, int]] = {
    Rating.EXCELLENT: (90, 100),
    Rating.GOOD: (70, 89),
    Rating.COMPLETED: (50, 69),
    Rating.NOT_COMPLETED: (0, 49),
}
BAND_WORDS = {
    Rating.EXCELLENT: _("từ 90 đến 100"),
    Rating.GOOD: _("từ 70 đến dưới 90"),
    Rating.COMPLETED: _("từ 50 đến dưới 70"),
    Rating.NOT_COMPLETED: _("dưới 50"),
}
EXCEEDING_SHARE = Fraction(30, 100)  # Article 11: "ít nhất 30%" of the tasks exceed the requirement
LATE_SHARE = Fraction(20, 100)  # Article 11, "Hoàn thành nhiệm vụ": no more than 20% of the tasks late

ERR_SCORE_RANGE = _("Điểm phải từ 0 đến 100.")
ERR_SCORE_REQUIRED = _("Theo Quy định 366-QĐ/TW, cần chấm điểm theo thang điểm 100 trước khi xếp loại.")
ERR_SCORE_LEVEL = _("Điểm %(score)s không khớp mức “%(level)s” (mức này cần điểm %(range)s).")
ERR_CONDITIONS = _(
    "Chưa đủ điều kiện xếp loại “%(level)s” (Quy định 366-QĐ/TW, Điều 11): %(why)s. "
    "Với %(score)s điểm, mức phù hợp là “%(fits)s”."
)
ERR_BELOW_FIT = _(
    "Với %(score)s điểm và đủ điều kiện, mức xếp loại là “%(fits)s”; muốn xếp mức thấp hơn thì chấm lại điểm."
)


@dataclass(frozen=True)
class Task:
    """What the rating reads of one action: its year-end result, whether it was done on time (None: not
    said) and whether it exceeded its requirement."""

    result: str
    on_time: bool | None = None
    exceeded: bool = False


@dataclass(frozen=True)
class Facts:
    total: int
    done: int
    late: int  # done, but after its deadline (as said at the self-assessment)
    exceeded: int  # done, and beyond the requirement

    @classmethod
    def of(cls, tasks: Iterable[Task]) -> Facts:
        tasks = list(tasks)
        done = [t for t in tasks if t.result == Result.DONE]
        return cls(
            total=len(tasks),
            done=len(done),
            late=sum(1 for t in done if t.on_time is False),
            exceeded=sum(1 for t in done if t.exceeded),
        )

    @property
    def all_done(self) -> bool:
        return self.total > 0 and self.done == self.total

    @property
    def all_on_time(self) -> bool:
        return self.all_done and self.late == 0


@dataclass(frozen=True)
class Check:
    """One condition of Article 11 as the rater reads it: for which level, what, met or not."""

    level: str
    text: str
    met: bool


def checks(facts: Facts) -> list[Check]:
    """The conditions of each level (QĐ 366-QĐ/TW, Article 11), highest level first, with the record's
    figures in their words."""
    n = facts.total
    share = f"{facts.exceeded}/{n}"
    return [
        Check(
            Rating.EXCELLENT,
            str(_("100%% việc làm hoàn thành đúng hạn (%(done)s/%(n)s hoàn thành, %(late)s việc trễ hạn)"))
            % {"done": facts.done, "n": n, "late": facts.late},
            facts.all_on_time,
        ),
        Check(
            Rating.EXCELLENT,
            str(_("Ít nhất 30%% việc làm vượt yêu cầu (%(share)s)")) % {"share": share},
            n > 0 and Fraction(facts.exceeded, n) >= EXCEEDING_SHARE,
        ),
        Check(
            Rating.GOOD,
            str(_("100%% việc làm hoàn thành đúng hạn (%(late)s việc trễ hạn)")) % {"late": facts.late},
            facts.all_on_time,
        ),
        Check(
            Rating.COMPLETED,
            str(_("100%% việc làm hoàn thành (%(done)s/%(n)s)")) % {"done": facts.done, "n": n},
            facts.all_done,
        ),
        Check(
            Rating.COMPLETED,
            str(_("Không quá 20%% việc làm trễ hạn (%(late)s/%(n)s)")) % {"late": facts.late, "n": n},
            n > 0 and Fraction(facts.late, n) <= LATE_SHARE,
        ),
    ]


def band(score: int) -> str:
    """The level of a score's band."""
    return next(level for level, (low, high) in BANDS.items() if low <= score <= high)


def conditions_met(level: str, facts: Facts) -> bool:
    """Whether the record meets every condition Article 11 sets for ``level`` (none for "không hoàn thành")."""
    return all(c.met for c in checks(facts) if c.level == level)


def unmet(level: str, facts: Facts) -> list[str]:
    return [c.text for c in checks(facts) if c.level == level and not c.met]


def fitting(score: int, facts: Facts) -> str:
    """The level a score and the record's facts give under QĐ 366: the score's band, lowered to the highest
    level whose conditions the record meets."""
    at = ORDER.index(band(score))
    while at > 0 and not conditions_met(ORDER[at], facts):
        at -= 1
    return ORDER[at]


def check(scoring: str, rating: str, score: int | None, facts: Facts) -> None:
    """Refuse a rating the rules of the year do not allow, with the reason (ValidationError on ``score`` or
    ``rating``); the rating is kept only when this passes."""
    if score is not None and not 0 <= score <= 100:
        raise ValidationError({"score": ERR_SCORE_RANGE})
    if scoring != Scoring.QD366:
        if score is not None and band(score) != rating:
            words = {"score": score, "level": Rating(rating).label, "range": BAND_WORDS[rating]}
            raise ValidationError({"score": ERR_SCORE_LEVEL % words})
        return
    if score is None:
        raise ValidationError({"score": ERR_SCORE_REQUIRED})
    fits = fitting(score, facts)
    if rating == fits:
        return
    if ORDER.index(rating) > ORDER.index(band(score)):
        words = {"score": score, "level": Rating(rating).label, "range": BAND_WORDS[rating]}
        raise ValidationError({"score": ERR_SCORE_LEVEL % words})
    if ORDER.index(rating) > ORDER.index(fits):
        why = "; ".join(unmet(rating, facts))
        raise ValidationError(
            {
                "rating": ERR_CONDITIONS
                % {"level": Rating(rating).label, "why": why, "score": score, "fits": Rating(fits).label}
            }
        )
    raise ValidationError({"rating": ERR_BELOW_FIT % {"score": score, "fits": Rating(fits).label}})
