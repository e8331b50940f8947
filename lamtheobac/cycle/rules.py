"""The rules in force for an org in a year: the periods opened on its path, combined; and who must file.

The top period sets the theme; each lower period may only tighten: the largest minimum of actions, the
earliest deadline, the union of required kinds and programmes, all breakthrough contents on the path.

Who must file (``requirements``, ``required_filters``): active collectives of the kinds the year's rules name,
except the org that opened the year (it directs, it does not file); active people of the kinds the rules
name. The figures (``reports``), the year's page and the lagging page all ask here.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheobac.organisation.models import SEGMENT, Org, path_ids
from lamtheobac.organisation.timeline import path_in, subtree_in_year, tree_in_year

from . import registration as reg
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
    # the registration and rating rules in force (``cycle.registration``): the tightest on the path
    registration: reg.RuleSet = field(default_factory=reg.RuleSet)

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
    combined = reg.combine([reg.from_period(p) for p in periods])
    rules.registration = combined or reg.RuleSet(scoring=reg.scoring_for_year(year))
    return rules


def path_of(org: Org, year: int) -> str:
    """``org``'s path in ``year``'s tree (where it stood that year); today's for a year it did not stand in."""
    return path_in(org, year) or org.path


def _chain(ids: list[int], year: int) -> list[Period]:
    """The periods of ``year`` at ``ids`` (a path, top first), in that order."""
    order = {pk: i for i, pk in enumerate(ids)}
    periods = list(Period.objects.filter(year=year, org_id__in=ids).select_related("org", "registration"))
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


def check_year_open(*, org: Org, date_or_year: datetime.date | int | None, field: str | None = None) -> None:
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


# --- Who must file, org by org -------------------------------------------------------------------

OrgRow = tuple[int, str, str, bool]  # id, path, kind, active (in a year's tree, every org stood: True)


def year_subtree(org: Org, year: int) -> list[OrgRow]:
    """(id, path, kind, True) of ``org`` and every org below it in ``year``'s tree (the tree on that year's
    last day), in path order; empty when ``org`` did not exist then."""
    path = path_in(org, year)
    return tree_in_year(path, year) if path else []


@dataclass(frozen=True)
class Requirement:
    """What the periods on an org's path ask of it and of its people (a lower period only adds)."""

    plan_kinds: frozenset[str]
    person_kinds: frozenset[str]
    top: int | None  # the org that opened the year on this path: it directs, it does not file


def requirements(year: int, rules: Rules, orgs: list[OrgRow]) -> dict[int, Requirement]:
    """The requirement in force at every org of a subtree of ``year``'s tree: ``rules`` (the chain down to
    the subtree's top, ``orgs[0]``) plus the periods opened lower down, each adding to its own subtree. One
    query for those periods."""
    if not orgs:
        return {}
    top_id, top_path = orgs[0][0], orgs[0][1]
    lower = Period.objects.filter(subtree_in_year(top_path, year), year=year).exclude(org_id=top_id)
    added = {
        path: (set(plans), set(people), pk)
        for pk, path, plans, people in lower.values_list(
            "org_id", "org__spans__path", "plan_org_kinds", "commitment_person_kinds"
        )
    }
    top = rules.top.org_id if rules.top is not None else None
    by_path: dict[str, Requirement] = {}
    found: dict[int, Requirement] = {}
    for pk, path, _kind, _active in orgs:
        parent = by_path.get(path[:-SEGMENT])
        if parent is None:  # the subtree's top
            req = Requirement(frozenset(rules.plan_org_kinds), frozenset(rules.commitment_person_kinds), top)
        else:
            req = parent
        if path in added and parent is not None:
            plans, people, opener = added[path]
            req = Requirement(
                req.plan_kinds | plans, req.person_kinds | people, req.top if req.top else opener
            )
        by_path[path] = found[pk] = req
    return found


def needs_for(orgs: list[OrgRow], year: int) -> dict[int, Requirement]:
    """The requirement in force at each of ``orgs`` (anywhere in ``year``'s tree, their paths of that year):
    the periods of ``year`` on their paths, combined as ``requirements`` combines them. One query."""
    chains = {pk: path_ids(path) for pk, path, _k, _a in orgs}
    on_paths = {i for chain in chains.values() for i in chain}
    periods = {
        pk: (plans, people)
        for pk, plans, people in Period.objects.filter(year=year, org_id__in=on_paths).values_list(
            "org_id", "plan_org_kinds", "commitment_person_kinds"
        )
    }
    found = {}
    for pk, chain in chains.items():
        plans: set[str] = set()
        people: set[str] = set()
        top = None
        for ancestor in chain:
            if ancestor in periods:
                plans.update(periods[ancestor][0])
                people.update(periods[ancestor][1])
                top = top or ancestor
        found[pk] = Requirement(frozenset(plans), frozenset(people), top)
    return found


def required_filters(org: Org, year: int, rules: Rules) -> tuple[Q, Q]:
    """Conditions that select, in ``org``'s subtree of ``year``'s tree, the collectives (on ``Org``) and the
    people (on ``Person``, as they are now: the pages that list them are about the current year) that must
    file in ``year``: the same decision the figures make."""
    orgs = year_subtree(org, year)
    needs = requirements(year, rules, orgs)
    org_ids = [pk for pk, _p, kind, _a in orgs if kind in needs[pk].plan_kinds and pk != needs[pk].top]
    by_kinds: dict[frozenset[str], list[int]] = defaultdict(list)
    for pk, _p, _k, _a in orgs:
        by_kinds[needs[pk].person_kinds].append(pk)
    people = Q(pk__in=[])
    for kinds, ids in by_kinds.items():
        if kinds:
            people |= Q(org_id__in=ids, kind__in=kinds)
    return Q(pk__in=org_ids), Q(active=True) & people
