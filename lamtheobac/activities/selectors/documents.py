"""Reads of the directing documents library: filtered lists, years, the years a document may be tied to,
and how a stored file is served."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from lamtheobac.cycle import access as cycle_access
from lamtheobac.cycle.models import Document, DocumentKind, Period
from lamtheobac.lib import text, uploads
from lamtheobac.organisation.access import AnyUser
from lamtheobac.organisation.models import Org, subtree_q


@dataclass
class DocumentFilters:
    year: int | None = None
    kind: str = ""
    org: Org | None = None
    q: str = ""


def document_list(user: AnyUser, filters: DocumentFilters) -> QuerySet[Document]:
    """Documents the user may read (issued in their subtrees or above), filtered by the year issued, kind,
    issuing org's subtree and words of the number or title."""
    qs = cycle_access.documents_visible_to(user)
    if filters.year:
        qs = qs.filter(issued_on__year=filters.year)
    if filters.kind in DocumentKind.values:
        qs = qs.filter(kind=filters.kind)
    if filters.org is not None:
        qs = qs.filter(subtree_q(filters.org.path, "org__path"))
    words = text.clean(filters.q)
    if words:
        qs = qs.filter(Q(number__icontains=words) | Q(title__icontains=words))
    return qs.select_related("org", "period").order_by("-issued_on", "-id")


def document_years(user: AnyUser) -> list[int]:
    return [d.year for d in cycle_access.documents_visible_to(user).dates("issued_on", "year", order="DESC")]


def period_choices(user: AnyUser, org: Org) -> QuerySet[Period]:
    """The years opened at ``org`` that a document of ``org`` may be tied to."""
    return cycle_access.periods_visible_to(user).filter(org=org).order_by("-year")


def file_kind(document: Document) -> uploads.Kind | None:
    """What the stored file really is (checked on upload; read again to serve it)."""
    with document.file.open("rb") as stream:
        return uploads.sniff(stream)
