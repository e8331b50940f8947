"""Reads of exemplars: the scoped list with its filters, and the public showcase (published with consent)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from lamtheobac.lib import text
from lamtheobac.organisation.access import AnyUser
from lamtheobac.organisation.models import Org, subtree_q

from ..access import exemplars_visible_to, published_exemplars
from ..models import Commendation, Exemplar, ExemplarState


@dataclass
class ExemplarFilters:
    year: int | None = None
    org: Org | None = None  # already cleared by ``access_org``; the list covers its subtree
    state: str = ""
    published: str = ""  # "1" published, "0" not published, "" both
    query: str = ""


def exemplar_list(user: AnyUser, filters: ExemplarFilters) -> QuerySet[Exemplar]:
    """Exemplars the user may see, filtered; newest nomination first."""
    qs = exemplars_visible_to(user).select_related("org", "person")
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.org is not None:
        qs = qs.filter(subtree_q(filters.org.path, "org__path"))
    if filters.state in ExemplarState.values:
        qs = qs.filter(state=filters.state)
    if filters.published == "1":
        qs = qs.filter(published=True)
    elif filters.published == "0":
        qs = qs.filter(published=False)
    for term in text.search_terms(filters.query):
        qs = qs.filter(
            Q(person__name_folded__contains=term)
            | Q(org__name_folded__contains=term)
            | Q(title__icontains=term)
        )
    return qs.annotate(commendation_count=Count("commendations")).order_by("-nominated_on", "-id")


def exemplar_years(user: AnyUser) -> list[int]:
    """Years in which the user's scope has exemplars, newest first."""
    return list(exemplars_visible_to(user).values_list("year", flat=True).distinct().order_by("-year"))


def commendations_of(exemplar: Exemplar) -> QuerySet[Commendation]:
    """The commendations of an exemplar already cleared for the reader."""
    return exemplar.commendations.all()


def public_exemplar_list(*, year: int | None = None) -> QuerySet[Exemplar]:
    """What the showcase lists: published with consent, most recently published first."""
    qs = published_exemplars().select_related("org", "person").prefetch_related("commendations")
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-published_at", "-id")


def public_years() -> list[int]:
    """Years that have published exemplars, newest first."""
    return list(published_exemplars().values_list("year", flat=True).distinct().order_by("-year"))
