"""Many merges at once: a reorganisation file's run of ``hợp nhất`` rows (602 communes merged three into one
in a province) written together, to the same end as ``org_merge`` called for each row in turn, in a few
dozen statements for the whole run instead of about forty per merge.

The merges of a run must be independent (``independent``): no source or target of one lies in the subtree
of a source or target of another (several sources may share a target), and all take effect on the same
day. Then none of them changes what another one reads, and the order of the writes does not matter. A run
that breaks a rule of ``org_merge`` raises its ``ValidationError``; the caller replays the run row by row
through ``org_merge`` to name the row at fault.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from functools import reduce
from operator import or_

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, CharField, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone

from .. import signals, timeline
from ..models import (
    SEGMENT,
    Lineage,
    LineageKind,
    Org,
    OrgEvent,
    OrgEventKind,
    Person,
    Reorganisation,
    RoleGrant,
    segment,
    subtree_q,
)
from .people import grant_revoke, people_moved
from .timeline import sync_spans
from .tree import (
    ERR_MERGE_INACTIVE,
    ERR_MERGE_NESTED,
    ERR_MERGE_TARGET_IN_SOURCES,
    _check_date,
    _move_people,
    child_moved,
)

PER_STATEMENT = 100  # subtrees rewritten by one UPDATE (two conditions each)


def _nested(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def independent(run: list[tuple[Org, Org]], source: Org, target: Org) -> bool:
    """Whether the merge of ``source`` into ``target`` (their paths as they stand) can join ``run`` (merges
    not yet written): it touches no subtree of theirs, except that it may share a target."""
    for s, t in run:
        if _nested(source.path, s.path) or _nested(source.path, t.path) or _nested(target.path, s.path):
            return False
        if target.pk != t.pk and _nested(target.path, t.path):
            return False
    return True


def _rewrite(moves: list[tuple[Q, int, str]]) -> None:
    """For each (rows, length, new) of ``moves``: the orgs ``rows`` (a subtree, or one org) take ``new`` in
    place of the first ``length`` characters of their paths. One UPDATE for a hundred of them (the rows of
    each must lie apart from the others')."""
    for start in range(0, len(moves), PER_STATEMENT):
        chunk = moves[start : start + PER_STATEMENT]
        paths, depths, where = [], [], Q()
        for rows, length, new in chunk:
            paths.append(When(rows, then=Concat(Value(new), Substr("path", length + 1, Length("path")))))
            depths.append(When(rows, then=F("depth") + (len(new) - length) // SEGMENT))
            where |= rows
        Org.objects.filter(where).update(
            path=Case(*paths, default=F("path"), output_field=CharField()),
            depth=Case(*depths, default=F("depth"), output_field=IntegerField()),
        )


def _by_value(ids_of: dict[int, list[int]]) -> Case:
    """``CASE WHEN id IN (…) THEN value …``: one column set to a value chosen per group of rows."""
    return Case(
        *[When(pk__in=ids, then=Value(value)) for value, ids in ids_of.items()], output_field=IntegerField()
    )


@transaction.atomic
def org_merge_many(
    *,
    actor: User | None,
    pairs: list[tuple[Org, Org]],
    on: datetime.date,
    batch: Reorganisation | None = None,
) -> None:
    """``org_merge(sources=[source], target=target, on=on)`` for each (source, target) of ``pairs``, in
    their order, written together (the pairs ``independent`` of each other)."""
    if not pairs:
        return
    sources = {o.pk: o for o in Org.objects.select_for_update().filter(pk__in=[s.pk for s, _t in pairs])}
    targets = {o.pk: o for o in Org.objects.filter(pk__in=[t.pk for _s, t in pairs])}
    run = [(sources[s.pk], targets[t.pk]) for s, t in pairs]
    for source, target in run:
        if source.pk == target.pk or source.pk in targets:
            raise ValidationError(ERR_MERGE_TARGET_IN_SOURCES)
        for o in (source, target):
            if not o.active:
                raise ValidationError(ERR_MERGE_INACTIVE % {"name": o.name})
        if _nested(source.path, target.path):
            raise ValidationError(ERR_MERGE_NESTED)
        _check_date(source, on)
    checked: list[tuple[Org, Org]] = []
    for source, target in run:  # as written together, the run must not depend on its order
        if not independent(checked, source, target) or any(s.pk == source.pk for s, _t in checked):
            raise ValidationError(ERR_MERGE_NESTED)
        checked.append((source, target))
    children: dict[int, list[Org]] = defaultdict(list)
    for child in (
        Org.objects.filter(parent_id__in=list(sources), active=True).select_for_update().order_by("path")
    ):
        _check_date(child, on)
        children[child.parent_id].append(child)  # type: ignore[index]
    with signals.batch():
        moved = [c for source, _t in run for c in children[source.pk]]
        with signals.reshaping([*moved, *sources.values()], on.year):
            _write(run, children, on, actor)
    _log(run, children, on, actor, batch)


def _write(run: list[tuple[Org, Org]], children: dict[int, list[Org]], on: datetime.date, actor) -> None:
    """The tree as ``org_merge`` leaves it: each source's active children (with their subtrees) under its
    target, its active people there, then the source ended under its target (with what it still holds)."""
    ids = [s.pk for s, _t in run]
    # every org under the sources but themselves: what moves (and the few ended ones staying under them)
    moved: list[int] = []
    for start in range(0, len(run), PER_STATEMENT):
        under = reduce(or_, [subtree_q(s.path) for s, _t in run[start : start + PER_STATEMENT]])
        moved += Org.objects.filter(under).exclude(pk__in=ids).values_list("pk", flat=True)
    # first what stays with each source (itself, its ended children), under its target; then the rest of
    # its subtree, its active children's, takes the target's path in place of the source's
    stays: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, path, parent in Org.objects.filter(parent_id__in=ids, active=False).values_list(
        "pk", "path", "parent_id"
    ):
        stays[parent].append((pk, path))
    staying: list[tuple[Q, int, str]] = []
    for source, target in run:
        new = target.path + segment(source.pk)
        staying.append((Q(pk=source.pk), len(source.path), new))
        staying += [(subtree_q(path), len(path), new + segment(pk)) for pk, path in stays[source.pk]]
    _rewrite(staying)
    _rewrite([(subtree_q(s.path), len(s.path), t.path) for s, t in run])
    now = timezone.now()
    parents: dict[int, list[int]] = defaultdict(list)
    for source, target in run:
        parents[target.pk] += [c.pk for c in children[source.pk]]
    if any(parents.values()):
        Org.objects.filter(pk__in=[pk for group in parents.values() for pk in group]).update(
            parent=_by_value(parents), updated_at=now
        )
        for start in range(0, len(moved), 2000):
            sync_spans(list(Org.objects.filter(pk__in=moved[start : start + 2000]).order_by("pk")), on)
    with_people = dict(
        Person.objects.filter(org_id__in=[s.pk for s, _t in run], active=True)
        .values("org_id")
        .annotate(n=Count("id"))
        .values_list("org_id", "n")
    )
    for source, target in run:
        if with_people.get(source.pk):
            held = _move_people(source, target, on, actor)
            people_moved(held, [source.pk, target.pk])
    ended: dict[int, list[int]] = defaultdict(list)
    for source, target in run:
        ended[target.pk].append(source.pk)
    Org.objects.filter(pk__in=ids).update(
        active=False,
        ended_on=on - timeline.ONE_DAY,
        merged_into=_by_value(ended),
        parent=_by_value(ended),
        updated_at=now,
    )
    # what the save of each ended source did: its span closed, its own figures recounted
    sync_spans(list(Org.objects.filter(pk__in=ids)), on)
    signals.people_moved.send(sender=Person, person_ids=[], org_ids=ids)


def _log(run, children, on: datetime.date, actor, batch) -> None:
    """The grants at the sources end; the events and lineage links of every merge, in the rows' order."""
    for grant in RoleGrant.objects.filter(org_id__in=[s.pk for s, _t in run]).select_related("user", "org"):
        grant_revoke(actor=actor, grant=grant)
    events: list[OrgEvent] = []
    links: list[Lineage] = []
    when = on.isoformat()
    for source, target in run:
        for child in children[source.pk]:
            event, link = child_moved(child, source, target, on, actor, batch)
            events.append(event)
            links.append(link)
        events.append(
            OrgEvent(
                org=source,
                kind=OrgEventKind.MERGED,
                actor=actor,
                detail={"into_id": target.pk, "into_name": target.name, "effective_on": when},
            )
        )
        links.append(
            Lineage(
                kind=LineageKind.MERGE,
                predecessor=source,
                successor=target,
                effective_on=on,
                reorganisation=batch,
            )
        )
        events.append(
            OrgEvent(
                org=target,
                kind=OrgEventKind.MERGED,
                actor=actor,
                detail={"sources": [[source.pk, source.name]], "effective_on": when},
            )
        )
    OrgEvent.objects.bulk_create(events, batch_size=2000)
    Lineage.objects.bulk_create(links, batch_size=2000)
