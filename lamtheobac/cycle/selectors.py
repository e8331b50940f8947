"""Reads of the yearly cycle: coverage of a year, the approval queue, record lists, one's own record; the
rules in force at an org in a year (read from the periods on its path, folded by ``rules.combine``) and who
must file. The figures (``reports``), the year's page and the lagging page all ask here."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from lamtheobac.lib.text import search_terms
from lamtheobac.organisation import access as org_access
from lamtheobac.organisation.models import SEGMENT, Org, path_ids, subtree_q
from lamtheobac.organisation.selectors import children_in_year, path_in, tree_in_year
from lamtheobac.organisation.timeline import subtree_in_year

from . import access, quarters
from .models import (
    Breakthrough,
    InterimReviews,
    Period,
    Programme,
    QuarterReview,
    Rating,
    Record,
    RecordItem,
    RecordKind,
    RecordState,
    Theme,
)
from .rules import ERR_ORG_ENDED, ERR_YEAR_CLOSED, OrgRow, Requirement, Rules, combine
from .workflow import approved_q, filed_q

FILED = filed_q()  # the one definition of filed: see ``workflow.filed_q``
APPROVED = approved_q()


@dataclass
class Coverage:
    orgs_required: int
    plans_filed: int
    plans_approved: int
    people_required: int
    commitments_filed: int
    commitments_approved: int
    waiting: int  # filed by those who must file, not approved yet (as the lagging page counts them)
    late: int

    @property
    def plans_not_filed(self) -> int:
        return self.orgs_required - self.plans_filed

    @property
    def commitments_not_filed(self) -> int:
        return self.people_required - self.commitments_filed


# --- The dashboard's figures, for the year's page -----------------------------------------------------
# The year's page shows the dashboard's own figures, so that the two never disagree. They are counted in
# ``reports``, which builds on this app: it hands its one selector (``reports.selectors.dashboard``) to
# ``figures_from`` when it is ready, and this app never imports it.

Dashboard = Callable[[Org, int], Any]  # (org, year) -> the dashboard: ``.total`` and ``.children``
_dashboard: dict[str, Dashboard] = {}


def figures_from(selector: Dashboard) -> None:
    """Where the year's page reads the dashboard's figures: called once, by ``reports`` at start-up."""
    _dashboard["selector"] = selector


def _board(org: Org, year: int):
    return _dashboard["selector"](org, year)


# --- What the apps above say about records, for the one who approves them ----------------------------
# The quality checks live in ``quality``, which builds on this app: it hands its two selectors to
# ``notes_from`` when it is ready, and this app never imports it. Without them (an app left out) the queue and
# the record page show no notes.

QueueNotes = Callable[[Any, list[Record]], dict[int, Any]]  # (user, a page of records) -> {record id: notes}
RecordNotes = Callable[[Any, Record, list[RecordItem]], Any]  # (user, record, its items) -> notes or None
_notes: dict[str, Callable] = {}


def notes_from(*, queue: QueueNotes, record: RecordNotes) -> None:
    """Where the approval queue and the record page read the notes on records: called once, by ``quality``
    at start-up."""
    _notes["queue"] = queue
    _notes["record"] = record


def queue_notes(user, records: list[Record]) -> dict[int, Any]:
    """Notes on a page of the queue, by record id, read in a number of queries that does not grow with the
    page."""
    return _notes["queue"](user, records) if "queue" in _notes and records else {}


def record_notes(user, record: Record, items: list[RecordItem]) -> Any:
    """Notes on one record and each of its items, for ``user``; None when there are none for them."""
    return _notes["record"](user, record, items) if "record" in _notes else None


def coverage(org: Org, rules: Rules) -> Coverage:
    """Who must file in ``org``'s subtree for the year, and how many have filed and been approved.

    The figures are the dashboard's (``figures_from``), so the year's page, the dashboard and the lagging
    page never disagree; only the records filed late are counted here."""
    total = _board(org, rules.year).total
    records = Record.objects.filter(subtree_q(org.path, "org__path"), year=rules.year)
    late = records.filter(FILED, is_late=True).count()
    return Coverage(
        orgs_required=total.orgs_required,
        plans_filed=total.plans_filed,
        plans_approved=total.plans_approved,
        people_required=total.people_required,
        commitments_filed=total.commitments_filed,
        commitments_approved=total.commitments_approved,
        waiting=total.plans_filed
        - total.plans_approved
        + total.commitments_filed
        - total.commitments_approved,
        late=late,
    )


def open_years_for(org: Org) -> list[int]:
    """Years opened on the org's path and still open, newest first: open as ``Rules.is_open`` says (a period
    covers the year and none on the path is closed), read for all the years in one query."""
    rows = list(Period.objects.filter(org_id__in=path_ids(org.path)).values_list("year", "state"))
    closed = {year for year, state in rows if state != Period.State.OPEN}
    return sorted({year for year, _state in rows} - closed, reverse=True)


def current_year_for(org: Org) -> int | None:
    """The year a person or collective of ``org`` works on now: this calendar year if open, else the latest
    open one."""
    years = open_years_for(org)
    today = timezone.localdate().year
    if today in years:
        return today
    return years[0] if years else None


def own_commitments(user) -> QuerySet[Record]:
    me = org_access.own_person(user)
    if me is None:
        return Record.objects.none()
    return (
        Record.objects.filter(kind=RecordKind.COMMITMENT, person=me).select_related("org").order_by("-year")
    )


@dataclass
class RecordFilters:
    year: int | None = None
    org: Org | None = None
    kind: str = ""
    state: str = ""
    late: bool = False
    query: str = ""
    programme: int | None = None


_item_count = (
    RecordItem.objects.filter(record=OuterRef("pk"))
    .order_by()
    .values("record")
    .annotate(n=Count("*"))
    .values("n")
)


def record_list(user, filters: RecordFilters, base: QuerySet[Record] | None = None) -> QuerySet[Record]:
    """Records visible to ``user`` (or within ``base``), filtered as the lists and the exports show them."""
    qs = base if base is not None else access.records_visible_to(user)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.org is not None:
        qs = qs.filter(subtree_q(filters.org.path, "org__path"))
    if filters.kind in RecordKind.values:
        qs = qs.filter(kind=filters.kind)
    if filters.state in RecordState.values:
        qs = qs.filter(state=filters.state)
    if filters.late:
        qs = qs.filter(is_late=True)
    if filters.programme:
        # one register, several campaigns: a record serves a programme when one of its items does
        qs = qs.filter(pk__in=RecordItem.objects.filter(programmes=filters.programme).values("record_id"))
    for term in search_terms(filters.query):
        qs = qs.filter(Q(person__name_folded__contains=term) | Q(org__name_folded__contains=term))
    return (
        qs.select_related("org", "person")
        # a correlated count, not a join with GROUP BY: the grouping made SQLite scan every record in rowid
        # order instead of starting from the org's subtree (a cell's approval queue 8 ms → 0.3 ms)
        .annotate(item_count=Coalesce(Subquery(_item_count, output_field=IntegerField()), 0))
        .order_by("-year", "org__path", "kind", "person__name_sort", "id")
    )


def approval_queue(user, filters: RecordFilters) -> QuerySet[Record]:
    """Submitted records waiting for this user's decision, the late ones and the oldest first."""
    filters.state = RecordState.SUBMITTED
    return record_list(user, filters, base=access.approvable_by(user)).order_by(
        "-is_late", "submitted_at", "id"
    )


def deadline_passed(deadline: datetime.date | None) -> bool:
    return bool(deadline and timezone.localdate() > deadline)


@dataclass
class ChildCoverage:
    org: Any  # the dashboard's child row: key, name, path and kind
    orgs_required: int = 0
    plans_filed: int = 0
    people_required: int = 0
    commitments_filed: int = 0
    commitments_approved: int = 0


def coverage_by_child(org: Org, rules: Rules) -> list[ChildCoverage]:
    """Coverage per direct child of ``org`` (each child's whole subtree), from the dashboard's figures."""
    return [
        ChildCoverage(
            org=row.org,
            orgs_required=row.figures.orgs_required,
            plans_filed=row.figures.plans_filed,
            people_required=row.figures.people_required,
            commitments_filed=row.figures.commitments_filed,
            commitments_approved=row.figures.commitments_approved,
        )
        for row in _board(org, rules.year).children
    ]


def interim_assessments(record: Record, stage: str) -> QuerySet:
    """The mid-year or quarterly assessments of a record (already cleared by access) for one stage."""
    from .models import InterimAssessment

    return InterimAssessment.objects.filter(item__record=record, stage=stage)


# --- The rules in force (``rules``): read from the periods opened on an org's path ------------------------


def breakthroughs_in_force(rules: Rules) -> list[Breakthrough]:
    """The breakthrough contents of every period on the path of ``rules``, from the top down."""
    return list(
        Breakthrough.objects.filter(period__in=rules.periods)
        .select_related("period__org")
        .order_by("period__org__depth", "sort_order", "id")
    )


def programmes_in_force(rules: Rules) -> list[Programme]:
    """The programmes required on the path of ``rules`` (the union of its periods'), the core ones always;
    the periods' programmes are read once per ``rules``."""
    ids = programme_ids_in_force(rules)
    return list(Programme.objects.filter(pk__in=ids) | Programme.objects.filter(is_core=True))


def programme_ids_in_force(rules: Rules) -> set[int]:
    """The ids of the programmes the periods on the path of ``rules`` require (the union of theirs): read
    once per ``rules``, when first asked for."""
    if rules.programme_ids is None:
        through = Period.programmes.through.objects.filter(period__in=rules.periods)
        rules.programme_ids = set(through.values_list("programme_id", flat=True)) if rules.periods else set()
    return rules.programme_ids


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
    ended_on = getattr(org, "ended_on", None)
    if ended_on is not None:  # its past is kept as it was: read, never rewritten
        message = ERR_ORG_ENDED % {"org": org.name, "date": ended_on.strftime("%d/%m/%Y")}
        raise ValidationError({field: [message]} if field else message)
    if date_or_year is None:
        return
    year = date_or_year if isinstance(date_or_year, int) else date_or_year.year
    closed = closed_period(org, year)
    if closed is None:
        return
    message = ERR_YEAR_CLOSED % {"year": year, "org": closed.org.name}
    raise ValidationError({field: [message]} if field else message)


# --- Who must file, org by org ------------------------------------------------------------------


def year_subtree(org: Org, year: int) -> list[OrgRow]:
    """(id, path, kind, True) of ``org`` and every org below it in ``year``'s tree (the tree on that year's
    last day), in path order; empty when ``org`` did not exist then."""
    path = path_in(org, year)
    return tree_in_year(path, year) if path else []


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


# --- The share of "Hoàn thành xuất sắc nhiệm vụ" per unit, beside the quota --------------------------


@dataclass(frozen=True)
class ExcellentShare:
    """Of one unit's rated records of a kind and year: how many, how many "xuất sắc", against the quota
    (a percentage the org set, or None)."""

    org: Org
    rated: int
    excellent: int
    quota: int | None

    @property
    def percent(self) -> float | None:
        return round(100 * self.excellent / self.rated, 1) if self.rated else None

    @property
    def over(self) -> bool:
        return self.quota is not None and self.rated > 0 and self.excellent * 100 > self.quota * self.rated


def _rated(org: Org, year: int, kind: str) -> QuerySet[Record]:
    return Record.objects.filter(
        subtree_q(org.path, "org__path"), year=year, kind=kind, rated_at__isnull=False
    ).exclude(rating="")


def excellent_share(record: Record, quota: int | None) -> ExcellentShare:
    """The share of "xuất sắc" among the rated records of ``record``'s kind and year in its unit (a
    commitment's cell, a plan's parent org), the record itself left out."""
    unit = record.org if record.person_id or record.org.parent is None else record.org.parent
    counts = (
        _rated(unit, record.year, record.kind)
        .exclude(pk=record.pk)
        .aggregate(rated=Count("id"), excellent=Count("id", filter=Q(rating=Rating.EXCELLENT)))
    )
    return ExcellentShare(unit, counts["rated"], counts["excellent"], quota)


def excellent_shares(period: Period, quota: int | None) -> list[ExcellentShare]:
    """The share of "xuất sắc" among the rated commitments of ``period``'s year, for the period's org and
    each unit directly below it, on the tree as it stood that year: a unit ended or merged since keeps its
    row and its records (three queries whatever the size)."""
    year = period.year
    root = path_in(period.org, year)
    if root is None:
        return [ExcellentShare(period.org, 0, 0, quota)]
    paths = {pk: path for pk, path, _kind, _shown in tree_in_year(root, year)}
    below = {span.org_id: span.path for span in children_in_year(period.org.pk, year)}
    units = [period.org, *Org.objects.filter(pk__in=below).order_by("sort_order", "name_folded")]
    rated = (
        Record.objects.filter(
            subtree_in_year(root, year), year=year, kind=RecordKind.COMMITMENT, rated_at__isnull=False
        )
        .exclude(rating="")
        .values_list("org_id", "rating")
    )
    per = {u.pk: [0, 0] for u in units}
    for org_id, rating in rated:
        path = paths.get(org_id, "")
        for unit in units:
            if unit is period.org or path.startswith(below[unit.pk]):
                per[unit.pk][0] += 1
                per[unit.pk][1] += rating == Rating.EXCELLENT
    return [ExcellentShare(u, per[u.pk][0], per[u.pk][1], quota) for u in units]


# --- Quarterly reviews owed: the reminder on the leader's queue ---------------------------------------


@dataclass(frozen=True)
class QuarterOwed:
    quarter: int
    name: str
    due: datetime.date
    overdue: bool
    records: int  # approved records in the leader's scope not reviewed for that quarter


def quarter_reviews_owed(user, today: datetime.date | None = None) -> list[QuarterOwed]:
    """For a leader: per quarter of this year started so far, how many records they may review in the
    subtrees of the periods that chose quarterly reviews have no review for it yet (none when no year
    chose them). One query for the periods, one per quarter."""
    today = today or timezone.localdate()
    periods = list(
        Period.objects.filter(year=today.year, interim_reviews=InterimReviews.QUARTERLY).select_related("org")
    )
    if not periods:
        return []
    under = Q(pk__in=[])
    for period in periods:
        under |= subtree_q(period.org.path, "org__path")
    records = access.approvable_by(user).filter(
        under, year=today.year, state__in=[RecordState.APPROVED, RecordState.SELF_ASSESSED, RecordState.RATED]
    )
    owed = []
    for quarter, due, overdue in quarters.owed(today.year, set(), today, periods[0].yearend_deadline):
        reviewed = QuarterReview.objects.filter(quarter=quarter).values("record_id")
        n = records.exclude(pk__in=reviewed).count()
        if n:
            owed.append(QuarterOwed(quarter, str(quarters.NAMES[quarter]), due, overdue, n))
    return owed


def themes_usable_at(org: Org, year: int) -> QuerySet[Theme]:
    """The catalogue's themes a year at ``org`` may pick: issued by an org on its path that year (itself or
    above) and in force in ``year``; the nearest issuer's first."""
    ids = path_ids(path_of(org, year))
    return (
        Theme.objects.filter(org_id__in=ids, first_year__lte=year, last_year__gte=year)
        .select_related("org", "parent")
        .order_by("-org__path", "kind", "id")
    )


def themes_on_path(org: Org, year: int) -> QuerySet[Theme]:
    """Every theme issued on ``org``'s path as it stood in ``year``, whatever its years."""
    return Theme.objects.filter(org_id__in=path_ids(path_of(org, year))).select_related("org")
