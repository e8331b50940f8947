"""Reads of inspections and supervisions: the filtered programme with overdue follow-ups marked, files,
the orgs an inspecting org may target, and who may do what on one inspection."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from lamtheobac.lib.fields import object_id
from lamtheobac.organisation import access as org_access
from lamtheobac.organisation.access import AnyUser
from lamtheobac.organisation.models import Org, OrgKind, subtree_q
from lamtheobac.organisation.roles import Cap

from .. import access
from ..models import Inspection, InspectionFile, InspectionKind, InspectionStatus

SETTLED = (InspectionStatus.FIXED, InspectionStatus.CLOSED)


@dataclass
class InspectionFilters:
    year: int | None = None
    org: Org | None = None
    status: str = ""
    kind: str = ""
    overdue: bool = False


def overdue_q(today: datetime.date | None = None) -> Q:
    """A follow-up deadline passed while the target has not reported its fixes (nor was it closed)."""
    today = today or timezone.localdate()
    return Q(follow_up_due__lt=today) & ~Q(status__in=SETTLED)


def is_overdue(inspection: Inspection, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        inspection.follow_up_due is not None
        and inspection.follow_up_due < today
        and inspection.status not in SETTLED
    )


def inspection_list(user: AnyUser, filters: InspectionFilters) -> QuerySet[Inspection]:
    """Inspections the user sees (made or received in their scope), filtered; each marked ``overdue``.
    The org filter keeps inspections made by, or received by, an org of its subtree."""
    qs = access.inspections_visible_to(user)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.org is not None:
        qs = qs.filter(subtree_q(filters.org.path, "org__path") | subtree_q(filters.org.path, "target__path"))
    if filters.status in InspectionStatus.values:
        qs = qs.filter(status=filters.status)
    if filters.kind in InspectionKind.values:
        qs = qs.filter(kind=filters.kind)
    if filters.overdue:
        qs = qs.filter(overdue_q())
    return (
        qs.select_related("org", "target")
        .annotate(
            overdue=Case(
                When(overdue_q(), then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
        .order_by("-year", "planned_month", "org__path", "target__path", "id")
    )


def inspection_years(user: AnyUser) -> list[int]:
    years = access.inspections_visible_to(user).order_by().values_list("year", flat=True).distinct()
    return sorted(set(years) | {timezone.localdate().year}, reverse=True)


def inspection_file(user: AnyUser, file_id: int | str) -> InspectionFile:
    """A file of an inspection the user sees; 404 otherwise."""
    pk = object_id(file_id)  # 404 for what is no id the column holds
    found = (
        InspectionFile.objects.filter(pk=pk, inspection__in=access.inspections_visible_to(user).values("pk"))
        .select_related("inspection")
        .first()
    )
    if found is None:
        raise Http404
    return found


def target_choices(user: AnyUser, org: Org) -> QuerySet[Org]:
    """Orgs ``org`` may inspect: the active orgs below it that the user sees (not mass organisations)."""
    return (
        org_access.orgs_visible_to(user)
        .filter(subtree_q(org.path), active=True)
        .exclude(pk=org.pk)
        .exclude(kind=OrgKind.MASS_ORGANISATION)
        .order_by("path")
    )


def rights(user: AnyUser, inspection: Inspection) -> dict[str, bool]:
    """What the page offers: the inspecting side plans, records and closes; the target's leaders answer."""
    inspects = org_access.can(user, Cap.INSPECT, inspection.org)
    answers = org_access.can(user, Cap.ANSWER_INSPECTION, inspection.target)
    status = inspection.status
    return {
        "can_edit": inspects and status == InspectionStatus.PLANNED,
        "can_record": inspects and status in (InspectionStatus.PLANNED, InspectionStatus.DONE),
        "can_answer": answers and status in (InspectionStatus.DONE, InspectionStatus.FIXED),
        "can_close": inspects and status in (InspectionStatus.DONE, InspectionStatus.FIXED),
    }
