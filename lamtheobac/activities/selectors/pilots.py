"""Reads of pilot models: filtered lists, their files, and the orgs a model may be replicated to."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.http import Http404

from lamtheobac.lib.fields import object_id
from lamtheobac.organisation import access as org_access
from lamtheobac.organisation.access import AnyUser
from lamtheobac.organisation.models import Org, OrgKind, subtree_q

from .. import access
from ..models import PilotFile, PilotModel, PilotStatus


@dataclass
class PilotFilters:
    year: int | None = None
    org: Org | None = None
    status: str = ""


def pilot_list(user: AnyUser, filters: PilotFilters) -> QuerySet[PilotModel]:
    """Models visible to ``user``; the year is the year the model started."""
    qs = access.pilots_visible_to(user)
    if filters.year:
        qs = qs.filter(started_on__year=filters.year)
    if filters.org is not None:
        qs = qs.filter(subtree_q(filters.org.path, "org__path"))
    if filters.status in PilotStatus.values:
        qs = qs.filter(status=filters.status)
    return (
        qs.select_related("org")
        .annotate(replicated_count=Count("replicated_to", distinct=True))
        .order_by("-started_on", "-id")
    )


def pilot_years(user: AnyUser) -> list[int]:
    dates = access.pilots_visible_to(user).dates("started_on", "year", order="DESC")
    return [d.year for d in dates]


def pilot_file(user: AnyUser, file_id: int | str) -> PilotFile:
    """A file of a model the user sees; 404 otherwise."""
    pk = object_id(file_id)  # 404 for what is no id the column holds
    found = (
        PilotFile.objects.filter(pk=pk, pilot__in=access.pilots_visible_to(user).values("pk"))
        .select_related("pilot")
        .first()
    )
    if found is None:
        raise Http404
    return found


def replication_targets(user: AnyUser) -> QuerySet[Org]:
    """Orgs a model may be replicated to: the active ones the user sees (not mass organisations)."""
    return (
        org_access.orgs_visible_to(user)
        .filter(active=True)
        .exclude(kind=OrgKind.MASS_ORGANISATION)
        .order_by("path")
    )


def replicated_outside_scope(user: AnyUser, pilot: PilotModel) -> list[Org]:
    """Targets of ``pilot`` that the user does not see (kept unchanged when they edit it)."""
    visible = org_access.orgs_visible_to(user).values("pk")
    return list(pilot.replicated_to.exclude(pk__in=visible))
