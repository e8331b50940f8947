"""Reads of the yearly cycle: coverage of a year, the approval queue, record lists, one's own record."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from lamtheobac.lib.text import search_terms
from lamtheobac.organisation import access as org_access
from lamtheobac.organisation.models import Org, path_ids, subtree_q

from . import access, quarters
from .models import InterimReviews, Period, QuarterReview, Rating, Record, RecordItem, RecordKind, RecordState
from .rules import Rules
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
# ``reports``, which builds on this app: it hands its one selector (``reports.stats.dashboard``) to
# ``figures_from`` when it is ready, and this app never imports it.

Dashboard = Callable[[Org, int], Any]  # (org, year) -> the dashboard: ``.total`` and ``.children``
_dashboard: dict[str, Dashboard] = {}


def figures_from(selector: Dashboard) -> None:
    """Where the year's page reads the dashboard's figures: called once, by ``reports`` at start-up."""
    _dashboard["selector"] = selector


def _board(org: Org, year: int):
    return _dashboard["selector"](org, year)


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
    each unit directly below it (one query for all)."""
    units = [period.org, *period.org.children.filter(active=True).order_by("sort_order", "name_folded")]
    rated = _rated(period.org, period.year, RecordKind.COMMITMENT).values_list("org__path", "rating")
    per = {u.pk: [0, 0] for u in units}
    for path, rating in rated:
        for unit in units:
            if unit is period.org or path.startswith(unit.path):
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
