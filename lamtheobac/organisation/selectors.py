"""Reads over the org tree and people. Every list starts from a ``*_visible_to`` queryset."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import reduce
from operator import and_

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from lamtheobac.lib.text import search_terms

from . import access
from .models import Account, Lineage, LineageKind, Org, OrgEvent, Person, path_ids, subtree_q


def account_must_change_password(user) -> bool:
    """Whether ``user`` still signs in with a password someone else set (and must change it first)."""
    return Account.objects.filter(user_id=user.pk, must_change_password=True).exists()


def lineage_links_into(org: Org, *, after_year: int | None = None) -> QuerySet[Lineage]:
    """The merges and splits whose successor is ``org`` or an org under it, effective after ``after_year``
    (all of them when None), oldest first, with their predecessor."""
    links = Lineage.objects.filter(
        subtree_q(org.path, "successor__path"), kind__in=[LineageKind.MERGE, LineageKind.SPLIT]
    ).select_related("predecessor")
    if after_year is not None:
        links = links.filter(effective_on__gt=datetime.date(after_year, 12, 31))
    return links.order_by("effective_on", "predecessor__name_folded")


def org_breadcrumbs(org: Org) -> list[Org]:
    """The org's ancestors from the root down, then the org itself (one query)."""
    ids = path_ids(org.path)[:-1]
    by_id = {o.pk: o for o in Org.objects.filter(pk__in=ids).only("id", "name", "path", "kind", "active")}
    return [by_id[i] for i in ids if i in by_id] + [org]


def org_children(org: Org, *, include_inactive: bool = False) -> QuerySet[Org]:
    """Direct children of an org, with how many children and active people each has."""
    qs = org.children.all()
    if not include_inactive:
        qs = qs.filter(active=True)
    return annotate_counts(qs).order_by("-active", "sort_order", "name_folded")


@dataclass
class SubtreeStats:
    orgs_by_kind: list[tuple[str, int]]
    people_by_kind: list[tuple[str, int]]
    orgs_total: int
    people_total: int
    people_without_account: int


def subtree_stats(org: Org) -> SubtreeStats:
    """Counts of active orgs and people in the org's subtree, by kind (three aggregate queries)."""
    from .models import OrgKind, PersonKind

    orgs = (
        Org.objects.filter(subtree_q(org.path), active=True)
        .exclude(pk=org.pk)
        .values("kind")
        .annotate(n=Count("id"))
    )
    org_counts = {row["kind"]: row["n"] for row in orgs}
    people = Person.objects.filter(subtree_q(org.path, "org__path"), active=True)
    person_counts = {row["kind"]: row["n"] for row in people.values("kind").annotate(n=Count("id"))}
    return SubtreeStats(
        orgs_by_kind=[(label, org_counts[k]) for k, label in OrgKind.choices if org_counts.get(k)],
        people_by_kind=[(label, person_counts[k]) for k, label in PersonKind.choices if person_counts.get(k)],
        orgs_total=sum(org_counts.values()),
        people_total=sum(person_counts.values()),
        people_without_account=people.filter(user__isnull=True).count(),
    )


def org_events_in_subtree(org: Org, limit: int = 10) -> QuerySet[OrgEvent]:
    """The latest changes to orgs in the subtree."""
    return (
        OrgEvent.objects.filter(subtree_q(org.path, "org__path"))
        .select_related("org", "actor")
        .order_by("-at", "-id")[:limit]
    )


def _terms_q(terms: list[str], field: str) -> Q:
    return reduce(and_, (Q(**{f"{field}__contains": t}) for t in terms))


def person_list(
    *,
    user,
    query: str = "",
    org: Org | None = None,
    kind: str = "",
    active: bool | None = True,
) -> QuerySet[Person]:
    """People visible to ``user``, filtered, in Vietnamese name order."""
    qs = access.people_visible_to(user).select_related("org")
    terms = search_terms(query)
    if terms:
        qs = qs.filter(_terms_q(terms, "name_folded"))
    if org is not None:
        qs = qs.filter(subtree_q(org.path, "org__path"))
    if kind:
        qs = qs.filter(kind=kind)
    if active is not None:
        qs = qs.filter(active=active)
    return qs.order_by("name_sort", "id")


def org_search(*, user, query: str) -> QuerySet[Org]:
    """Orgs visible to ``user`` whose name or code matches every word of ``query`` (with ``parent_code``,
    so that the results export in roster format)."""
    terms = search_terms(query)
    if not terms:
        return Org.objects.none()
    by_name = _terms_q(terms, "name_folded")
    by_code = Q(code__iexact=query.replace("\x00", "").strip())  # PostgreSQL refuses NUL in text
    found = access.orgs_visible_to(user).filter(by_name | by_code)
    return found.annotate(parent_code=F("parent__code")).order_by("-active", "depth", "name_folded")


def org_roster(*, user, root: Org | None = None) -> QuerySet[Org]:
    """Orgs visible to ``user`` (only ``root``'s subtree when given, ``root`` already cleared by
    ``access.access_org``) in tree order, inactive ones too so that an export imports back whole; each with
    ``parent_code`` joined in the same query, never one query per row."""
    qs = access.orgs_visible_to(user)
    if root is not None:
        qs = qs.filter(subtree_q(root.path))
    return qs.annotate(parent_code=F("parent__code")).order_by("path")


def annotate_counts(orgs: QuerySet[Org]) -> QuerySet[Org]:
    """Add how many active children and people each org has directly."""
    children = Org.objects.filter(parent=OuterRef("pk"), active=True)
    people = Person.objects.filter(org=OuterRef("pk"), active=True)
    return orgs.annotate(child_count=_count(children), people_count=_count(people)).order_by("path")


def _count(qs: QuerySet) -> Coalesce:
    """A correlated COUNT(*) subquery (avoids the row explosion of two joined Counts)."""
    counted = qs.order_by().annotate(_g=Value(1)).values("_g").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
