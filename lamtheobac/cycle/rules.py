"""The rules in force for an org in a year: the periods opened on its path, combined.

The top period sets the theme; each lower period may only tighten: the largest minimum of actions, the
earliest deadline, the union of required kinds and programmes, all breakthrough contents on the path.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lamtheobac.organisation.models import Org, path_ids
from lamtheobac.organisation.timeline import path_in

from .models import Breakthrough, InterimReviews, Period, Programme

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

    @property
    def is_open(self) -> bool:
        """A year is open at an org when a period covers it and none on its path is closed."""
        return bool(self.periods) and all(p.state == Period.State.OPEN for p in self.periods)

    @property
    def top(self) -> Period | None:
        return self.periods[0] if self.periods else None

    def breakthroughs(self) -> list[Breakthrough]:
        return list(
            Breakthrough.objects.filter(period__in=self.periods)
            .select_related("period__org")
            .order_by("period__org__depth", "sort_order", "id")
        )

    @cached_property
    def programme_ids(self) -> set[int]:
        """The programmes required on the path: the union of the periods' (read when first asked for; the
        dashboard, which reads the rules of every page, never asks)."""
        if not self.periods:
            return set()
        through = Period.programmes.through.objects.filter(period__in=self.periods)
        return set(through.values_list("programme_id", flat=True))

    def programmes(self) -> list[Programme]:
        return list(
            Programme.objects.filter(pk__in=self.programme_ids) | Programme.objects.filter(is_core=True)
        )


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
    return rules


def path_of(org: Org, year: int) -> str:
    """``org``'s path in ``year``'s tree (where it stood that year); today's for a year it did not stand in."""
    return path_in(org, year) or org.path


def _chain(ids: list[int], year: int) -> list[Period]:
    """The periods of ``year`` at ``ids`` (a path, top first), in that order."""
    order = {pk: i for i, pk in enumerate(ids)}
    periods = list(Period.objects.filter(year=year, org_id__in=ids).select_related("org"))
    periods.sort(key=lambda p: order[p.org_id])
    return periods


def rules_at(path: str, year: int) -> Rules:
    """The rules in force in ``year`` at the org of ``path`` (a path of that year's tree)."""
    return combine(_chain(path_ids(path), year), year)


def rules_for(org: Org, year: int) -> Rules:
    """The rules in force at ``org`` in ``year``, on the tree as it stood that year (one query when the
    org's place has not changed since; a second for the programmes, when asked)."""
    return rules_at(path_of(org, year), year)


def rules_above(org: Org, year: int) -> Rules:
    """The rules an org inherits from its ancestors (what its own period may only tighten)."""
    return combine(_chain(path_ids(path_of(org, year))[:-1], year), year)


def closed_period(org: Org, year: int) -> Period | None:
    """The period that closed ``year`` on ``org``'s path that year (the highest one), or None while it is
    open there."""
    ids = path_ids(path_of(org, year))
    closed = [p for p in _chain(ids, year) if p.state == Period.State.CLOSED]
    return closed[0] if closed else None


def check_year_open(
    *, org: Org, date_or_year: datetime.date | int | None, field: str | None = None
) -> None:
    """Any service writing a dated record of ``org`` calls this for the record's date or year, before and
    after the change: a year closed at ``org`` or above it locks everything dated in it, for everyone,
    until an admin reopens it (with a reason). Raises ValidationError (on ``field`` when named)."""
    if getattr(org, "ended_on", None) is not None:  # its past is kept as it was: read, never rewritten
        message = ERR_ORG_ENDED % {"org": org.name, "date": org.ended_on.strftime("%d/%m/%Y")}
        raise ValidationError({field: [message]} if field else message)
    if date_or_year is None:
        return
    year = date_or_year if isinstance(date_or_year, int) else date_or_year.year
    closed = closed_period(org, year)
    if closed is None:
        return
    message = ERR_YEAR_CLOSED % {"year": year, "org": closed.org.name}
    raise ValidationError({field: [message]} if field else message)
