"""Reads of the yearly cycle: coverage of a year, the approval queue, record lists, one's own record."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from lamtheobac.organisation import access as org_access
from lamtheobac.organisation.models import SEGMENT, Org, Person, path_ids, subtree_q

from . import access
from .models import Period, Record, RecordItem, RecordKind, RecordState
from .rules import Rules, rules_for

FILED = Q(submitted_at__isnull=False)
APPROVED = Q(approved_at__isnull=False)


@dataclass
class Coverage:
    orgs_required: int
    plans_filed: int
    plans_approved: int
    people_required: int
    commitments_filed: int
    commitments_approved: int
    waiting: int
    late: int


def coverage(org: Org, rules: Rules) -> Coverage:
    """Who must file in ``org``'s subtree for the year, and how many have filed and been approved."""
    orgs = Org.objects.filter(subtree_q(org.path), active=True, kind__in=rules.plan_org_kinds)
    if rules.top is not None:
        # the org that opened the year directs it (its plan is a directing document), it does not file
        orgs = orgs.exclude(pk=rules.top.org_id)
    people = Person.objects.filter(
        subtree_q(org.path, "org__path"), active=True, kind__in=rules.commitment_person_kinds
    )
    records = Record.objects.filter(subtree_q(org.path, "org__path"), year=rules.year)
    plans = records.filter(kind=RecordKind.PLAN, org__in=orgs).aggregate(
        filed=Count("id", filter=FILED), approved=Count("id", filter=APPROVED)
    )
    commitments = records.filter(kind=RecordKind.COMMITMENT, person__in=people).aggregate(
        filed=Count("id", filter=FILED), approved=Count("id", filter=APPROVED)
    )
    flags = records.aggregate(
        waiting=Count("id", filter=Q(state=RecordState.SUBMITTED)), late=Count("id", filter=Q(is_late=True))
    )
    return Coverage(
        orgs_required=orgs.count(),
        plans_filed=plans["filed"],
        plans_approved=plans["approved"],
        people_required=people.count(),
        commitments_filed=commitments["filed"],
        commitments_approved=commitments["approved"],
        waiting=flags["waiting"],
        late=flags["late"],
    )


def open_years_for(org: Org) -> list[int]:
    """Years opened on the org's path and still open, newest first."""
    years = (
        Period.objects.filter(org_id__in=path_ids(org.path))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return [y for y in years if rules_for(org, y).is_open]


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


def record_list(user, filters: RecordFilters, base: QuerySet[Record] | None = None) -> QuerySet[Record]:
    """Records visible to ``user`` (or within ``base``), filtered as the lists and the exports show them."""
    from lamtheobac.lib.text import search_terms

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
        .annotate(item_count=Count("items"))
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
    org: Org
    orgs_required: int = 0
    plans_filed: int = 0
    people_required: int = 0
    commitments_filed: int = 0
    commitments_approved: int = 0


def coverage_by_child(org: Org, rules: Rules) -> list[ChildCoverage]:
    """Coverage per direct child of ``org`` (each child's whole subtree), in three light queries.

    Rows are grouped in Python by the child's path segment; fine for a district or a province's page.
    National-scale dashboards read maintained counters instead.
    """
    children = list(org.children.filter(active=True).order_by("sort_order", "name_folded"))
    rows = {c.path: ChildCoverage(org=c) for c in children}
    width = len(org.path) + SEGMENT  # a child's path is its parent's plus one segment

    def row_for(path: str) -> ChildCoverage | None:
        return rows.get(path[:width])

    required_orgs = Org.objects.filter(subtree_q(org.path), active=True, kind__in=rules.plan_org_kinds)
    for (path,) in required_orgs.values_list("path"):
        if (r := row_for(path)) is not None:
            r.orgs_required += 1
    required_people = Person.objects.filter(
        subtree_q(org.path, "org__path"), active=True, kind__in=rules.commitment_person_kinds
    )
    for (path,) in required_people.values_list("org__path"):
        if (r := row_for(path)) is not None:
            r.people_required += 1
    records = Record.objects.filter(
        subtree_q(org.path, "org__path"), year=rules.year, submitted_at__isnull=False
    )
    plans = records.filter(kind=RecordKind.PLAN, org__in=required_orgs)
    for (path,) in plans.values_list("org__path"):
        if (r := row_for(path)) is not None:
            r.plans_filed += 1
    commitments = records.filter(kind=RecordKind.COMMITMENT, person__in=required_people)
    for path, approved_at in commitments.values_list("org__path", "approved_at"):
        if (r := row_for(path)) is not None:
            r.commitments_filed += 1
            r.commitments_approved += approved_at is not None
    return [rows[c.path] for c in children]


def interim_assessments(record: Record, stage: str) -> QuerySet:
    """The mid-year or quarterly assessments of a record (already cleared by access) for one stage."""
    from .models import InterimAssessment

    return InterimAssessment.objects.filter(item__record=record, stage=stage)
