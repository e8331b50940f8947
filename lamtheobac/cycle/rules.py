"""The rules in force for an org in a year, as pure data: the periods opened on its path, combined.

The top period sets the theme; each lower period may only tighten: the largest minimum of actions, the
earliest deadline, the union of required kinds and programmes, all breakthrough contents on the path.

Who must file: active collectives of the kinds the year's rules name, except the org that opened the year (it
directs, it does not file); active people of the kinds the rules name. The periods are read, and who must
file decided, by ``selectors`` (``rules_for``, ``requirements``, ``required_filters``); this module reads
nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from . import registration as reg
from .models import InterimReviews, Period

ERR_YEAR_CLOSED = _(
    "Năm %(year)s tại %(org)s đã kết thúc và khóa sổ; không thể thêm, sửa số liệu của năm này. "
    "Cần điều chỉnh thì đề nghị quản trị hệ thống mở lại năm, ghi rõ lý do."
)

ERR_ORG_ENDED = _(
    "%(org)s đã kết thúc hoạt động từ sau ngày %(date)s; hồ sơ, số liệu của tổ chức này chỉ để xem, không thêm, "
    "sửa được."
)

_INTERIM_STRICTNESS = [InterimReviews.NONE, InterimReviews.MIDYEAR, InterimReviews.QUARTERLY]


@dataclass
class Rules:
    year: int
    periods: list[Period] = field(default_factory=list)  # from the top of the tree down
    theme: str = ""
    min_actions: int = 3
    plan_deadline: datetime.date | None = None
    commitment_deadline: datetime.date | None = None
    midyear_deadline: datetime.date | None = None
    yearend_deadline: datetime.date | None = None
    interim_reviews: str = InterimReviews.NONE
    plan_org_kinds: set[str] = field(default_factory=set)
    commitment_person_kinds: set[str] = field(default_factory=set)
    # the programmes required on the path, the union of the periods': read when first asked for
    # (``selectors.programmes_in_force``; the dashboard, which reads the rules of every page, never asks)
    programme_ids: set[int] | None = field(default=None, repr=False, compare=False)
    # the registration and rating rules in force (``cycle.registration``): the tightest on the path
    registration: reg.RuleSet = field(default_factory=reg.RuleSet)

    @property
    def is_open(self) -> bool:
        """A year is open at an org when a period covers it and none on its path is closed."""
        return bool(self.periods) and all(p.state == Period.State.OPEN for p in self.periods)

    @property
    def top(self) -> Period | None:
        return self.periods[0] if self.periods else None


def _earliest(*dates: datetime.date | None) -> datetime.date | None:
    present = [d for d in dates if d is not None]
    return min(present) if present else None


def combine(periods: list[Period], year: int) -> Rules:
    """Fold a chain of periods (top first) into the rules in force below the last one."""
    rules = Rules(year=year, periods=periods)
    for i, p in enumerate(periods):
        if i == 0 or not rules.theme:
            rules.theme = p.theme or rules.theme
        rules.min_actions = p.min_actions if i == 0 else max(rules.min_actions, p.min_actions)
        rules.plan_deadline = _earliest(rules.plan_deadline, p.plan_deadline)
        rules.commitment_deadline = _earliest(rules.commitment_deadline, p.commitment_deadline)
        rules.midyear_deadline = _earliest(rules.midyear_deadline, p.midyear_deadline)
        rules.yearend_deadline = _earliest(rules.yearend_deadline, p.yearend_deadline)
        if _INTERIM_STRICTNESS.index(p.interim_reviews) > _INTERIM_STRICTNESS.index(rules.interim_reviews):
            rules.interim_reviews = p.interim_reviews
        rules.plan_org_kinds |= set(p.plan_org_kinds)
        rules.commitment_person_kinds |= set(p.commitment_person_kinds)
    combined = reg.combine([reg.from_period(p) for p in periods])
    rules.registration = combined or reg.RuleSet(scoring=reg.scoring_for_year(year))
    return rules


# --- Who must file, org by org -------------------------------------------------------------------

OrgRow = tuple[int, str, str, bool]  # id, path, kind, active (in a year's tree, every org stood: True)


@dataclass(frozen=True)
class Requirement:
    """What the periods on an org's path ask of it and of its people (a lower period only adds)."""

    plan_kinds: frozenset[str]
    person_kinds: frozenset[str]
    top: int | None  # the org that opened the year on this path: it directs, it does not file
