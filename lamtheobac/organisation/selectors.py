"""Reads over the org tree and people. Every list starts from a ``*_visible_to`` queryset.

And the tree in time: where an org stood and who belonged where in a year or on a date, read from the spans
and memberships (their rules in ``timeline``, kept in step by ``services.timeline``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Substr
from django.utils.functional import Promise

from lamtheobac.lib.text import search_terms

from . import access, words
from .models import (
    Account,
    Lineage,
    LineageKind,
    Org,
    OrgEvent,
    OrgSpan,
    Person,
    path_ids,
    subtree_bounds,
    subtree_q,
)
from .timeline import year_q
from .words import words_for


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


def org_children(org: Org, *, include_inactive: bool = False) -> list[Org]:
    """Direct children of an org, with how many children each has and how many active people its whole
    subtree holds."""
    qs = org.children.all()
    if not include_inactive:
        qs = qs.filter(active=True)
    return annotate_counts(qs, order=("-active", "sort_order", "name_folded"))


@dataclass
class SubtreeStats:
    orgs_by_kind: list[tuple[str | Promise, int]]  # (the kind's label, how many)
    people_by_kind: list[tuple[str | Promise, int]]
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


def annotate_counts(orgs: QuerySet[Org], *, order: tuple[str, ...] = ("path",)) -> list[Org]:
    """The orgs in ``order``, each with ``child_count`` (its active children) and ``people_count`` (the
    active people of its whole subtree: a commune counts the people of its cells). One query for the orgs,
    one per length of path among them for the people (the orgs of one level share a length)."""
    children = Org.objects.filter(parent=OuterRef("pk"), active=True)
    rows: list[Org] = list(orgs.annotate(child_count=_count(children)).order_by(*order))
    by_length: dict[int, list[Org]] = {}
    for org in rows:
        org.people_count = 0  # type: ignore[attr-defined]  # set here, next to the annotated child_count
        by_length.setdefault(len(org.path), []).append(org)
    for length, group in by_length.items():
        inside = reduce(or_, (subtree_q(o.path, "org__path") for o in group))
        counted = (
            Person.objects.filter(inside, active=True)
            .annotate(head=Substr("org__path", 1, length))
            .values("head")
            .annotate(n=Count("id"))
        )
        by_path = {o.path: o for o in group}
        for row in counted:
            if row["head"] in by_path:
                by_path[row["head"]].people_count = row["n"]  # type: ignore[attr-defined]
    return rows


def with_parent_where_repeated(orgs) -> None:
    """Give each org a ``label``: its name, followed by its parent's place ("Chi bộ thôn Bản Váng — xã Lục
    Bình") when another active org bears the same name, so that two units with one name can be told apart
    in a list. Two queries, whatever the number of orgs."""
    orgs = [o for o in orgs if o is not None]
    for org in orgs:
        org.label = org.name
    folded = {o.name_folded for o in orgs}
    if not folded:
        return
    repeated = set(
        Org.objects.filter(name_folded__in=folded, active=True)
        .values("name_folded")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("name_folded", flat=True)
    )
    ambiguous = [o for o in orgs if o.name_folded in repeated and o.parent_id]
    if not ambiguous:
        return
    parents = Org.objects.filter(pk__in={o.parent_id for o in ambiguous}).only("id", "name", "kind")
    place = {}
    for parent in parents:
        words = words_for(parent.name, parent.kind)
        place[parent.pk] = (
            f"{words.level} {words.locality}" if words.level and words.locality else parent.name
        )
    for org in ambiguous:
        if org.parent_id in place:
            org.label = f"{org.name} — {place[org.parent_id]}"


def _count(qs: QuerySet) -> Coalesce:
    """A correlated COUNT(*) subquery (avoids the row explosion of two joined Counts)."""
    counted = qs.order_by().annotate(_g=Value(1)).values("_g").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# --- The tree in time (``timeline``): where an org stood, and who belonged where, in a year or on a date


def span_in(org: Org | int, year: int) -> OrgSpan | None:
    """``org``'s span in ``year``'s tree (None: it did not exist at that year's end)."""
    return OrgSpan.objects.filter(year_q(year), org_id=getattr(org, "pk", org)).first()


def path_in(org: Org, year: int) -> str | None:
    """``org``'s path in ``year``'s tree: today's path when its current state already held then (no
    query), else read from its spans; None when it did not exist at that year's end."""
    if (
        isinstance(org, Org)
        and org.ended_on is None
        and org.path
        and (org.since is None or org.since.year <= year)
    ):
        if org.began_on is None or org.began_on.year <= year:
            return org.path
        return None
    span = span_in(org.pk, year)
    return span.path if span else None


def span_on(org: Org, on: datetime.date) -> OrgSpan | None:
    """The span in force on the date ``on`` (its name, kind and parent that day)."""
    found = OrgSpan.objects.filter(org=org).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gt=on)
    )
    return found.first()


def exists_in(org: Org, year: int) -> bool:
    return path_in(org, year) is not None


def tree_in_year(path: str, year: int) -> list[tuple[int, str, str, bool]]:
    """(id, path, kind, True) of the org at ``path`` and every org under it in ``year``'s tree, in path
    order: the rows the dashboard (``reports.selectors``) counts on."""
    low, high = subtree_bounds(path)
    rows = OrgSpan.objects.filter(year_q(year), path__gte=low, path__lt=high).order_by("path")
    return [(pk, p, kind, True) for pk, p, kind in rows.values_list("org_id", "path", "kind")]


def roots_in_year(year: int) -> list[str]:
    """The paths of the roots of ``year``'s tree."""
    rows = OrgSpan.objects.filter(year_q(year), depth=0).order_by("path")
    return list(rows.values_list("path", flat=True))


def children_in_year(org_id: int, year: int):
    """The spans of the orgs directly under ``org_id`` in ``year``'s tree."""
    return OrgSpan.objects.filter(year_q(year), parent_id=org_id)


def names_in_year(org_ids: Iterable[int], year: int) -> dict[int, str]:
    """The names ``org_ids`` bore in ``year``'s tree (those that existed then)."""
    return dict(OrgSpan.objects.filter(year_q(year), org_id__in=list(org_ids)).values_list("org_id", "name"))


def paths_in_year(org_ids: Iterable[int], year: int) -> dict[int, str]:
    """The paths of ``org_ids`` in ``year``'s tree (those that existed then)."""
    ids = list(org_ids)
    found: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        rows = OrgSpan.objects.filter(year_q(year), org_id__in=ids[start : start + 500])
        found.update(rows.values_list("org_id", "path"))
    return found


def missing() -> tuple[int, int]:
    """Orgs without a span and active people without a membership (``reconcile --check`` reports them)."""
    return (
        Org.objects.filter(spans__isnull=True).count(),
        Person.objects.filter(active=True, memberships__isnull=True).count(),
    )


def org_on(org: Org, *, on: datetime.date) -> words.OrgOn:
    """``org`` and its superior as they stood on ``on``: the names and kinds a document dated ``on`` uses (a
    report of 2020 names its district as it was called under the Đảng bộ tỉnh of 2020), read from their spans
    (``span_on``); today's when the tree says nothing of that date (before the org began)."""
    span = span_on(org, on)
    name, kind, parent = (
        (span.name, span.kind, span.parent) if span is not None else (org.name, org.kind, org.parent)
    )
    above = None
    if parent is not None:
        up = span_on(parent, on)
        above = (
            words.OrgOn(up.name, up.kind, None)
            if up is not None
            else words.OrgOn(parent.name, parent.kind, None)
        )
    return words.OrgOn(name, kind, above)


def header_for(org: Org, *, on: datetime.date) -> words.Header:
    """The header lines of a document ``org`` issues on ``on`` (Hướng dẫn 36-HD/VPTW, 03/4/2018: the name of
    the superior Party organisation above the issuing committee's, both in capitals)."""
    who = org_on(org, on=on)
    superior = who.parent.words.organisation_upper if who.parent is not None else ""
    return words.Header(superior=superior, issuer=who.words.committee_upper)
