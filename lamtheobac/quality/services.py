"""Keeping ``RecordQuality`` true: after one record changes (``refresh``), or for everything at once
(``refresh_all``, the ``quality_refresh`` command, seeding and the benchmark)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from lamtheobac.cycle.models import Record, RecordItem, RecordKind

from . import vague
from .models import RecordQuality
from .similar import THRESHOLD, clusters, signature
from .text import jaccard

ItemRow = tuple[str, str, "datetime.date | None"]  # action, target, deadline
UPDATE_FIELDS = ["actions", "concrete", "copied_last_year", "cluster"]


def concrete_count(items: Iterable[ItemRow]) -> tuple[int, int]:
    """(actions, concrete actions) of a record's items."""
    actions = concrete = 0
    for action, target, deadline in items:
        actions += 1
        concrete += not vague.assess(action, target, deadline).vague
    return actions, concrete


def record_signature(items: Iterable[ItemRow]) -> frozenset[str]:
    texts = []
    for action, target, _deadline in items:
        texts += [action, target]
    return signature(texts)


def is_copy(mine: frozenset[str], previous: frozenset[str] | None) -> bool:
    return bool(previous) and bool(mine) and jaccard(mine, previous) >= THRESHOLD  # type: ignore[arg-type]


def _items(record_ids: Iterable[int]) -> dict[int, list[ItemRow]]:
    found: dict[int, list[ItemRow]] = defaultdict(list)
    rows = RecordItem.objects.filter(record_id__in=list(record_ids)).order_by("record_id", "position", "id")
    for record_id, action, target, deadline in rows.values_list("record_id", "action", "target", "deadline"):
        found[record_id].append((action, target, deadline))
    return found


def _neighbour(record: Record, year: int) -> Record | None:
    """The same writer's record (same person, or same org for a plan) in another year."""
    same = Record.objects.filter(kind=record.kind, year=year)
    same = same.filter(person_id=record.person_id) if record.person_id else same.filter(org_id=record.org_id)
    return same.first()


@transaction.atomic
def refresh(record: Record) -> None:
    """Recount one record after its items or its filing changed: its own figures, the next year's copy flag
    (it compares with this one) and, for a commitment, the clusters of its org and year."""
    previous = _neighbour(record, record.year - 1)
    following = _neighbour(record, record.year + 1)
    ids = [r.pk for r in (record, previous, following) if r is not None]
    items = _items(ids)
    actions, concrete = concrete_count(items[record.pk])
    mine = record_signature(items[record.pk])
    before = record_signature(items[previous.pk]) if previous else None
    RecordQuality.objects.update_or_create(
        record=record,
        defaults={"actions": actions, "concrete": concrete, "copied_last_year": is_copy(mine, before)},
    )
    if following is not None:
        later = record_signature(items[following.pk])
        RecordQuality.objects.filter(record=following).update(copied_last_year=is_copy(later, mine))
    if record.kind == RecordKind.COMMITMENT:
        recluster(record.org_id, record.year)


def recluster(org_id: int, year: int) -> None:
    """Clusters of near-identical filed commitments of one org and year, written to their rows."""
    filed = Record.objects.filter(
        org_id=org_id, year=year, kind=RecordKind.COMMITMENT, submitted_at__isnull=False
    ).values_list("id", flat=True)
    ids = list(filed)
    items = _items(ids)
    groups = clusters({pk: record_signature(items[pk]) for pk in ids})
    cluster_of = {pk: group[0] for group in groups for pk in group}
    rows = RecordQuality.objects.filter(
        record__org_id=org_id, record__year=year, record__kind=RecordKind.COMMITMENT
    )
    for row in rows:
        wanted = cluster_of.get(row.record_id)
        if row.cluster != wanted:
            row.cluster = wanted
            row.save(update_fields=["cluster"])


@dataclass
class Summary:
    records: int = 0
    actions: int = 0
    concrete: int = 0
    copied_last_year: int = 0
    clusters: int = 0
    clustered: int = 0


def refresh_all(records=None, *, batch_size: int = 5000) -> Summary:
    """Recount every record of ``records`` (default: all), in bulk. Records are read with their items in
    one pass; the previous year's record of each writer is looked up among them, so pass whole years."""
    records = Record.objects.all() if records is None else records
    rows = list(records.order_by().values_list("id", "kind", "year", "org_id", "person_id", "submitted_at"))
    ids = [r[0] for r in rows]
    items: dict[int, list[ItemRow]] = defaultdict(list)
    item_rows = RecordItem.objects.filter(record__in=records).order_by("record_id", "position", "id")
    for record_id, action, target, deadline in item_rows.values_list(
        "record_id", "action", "target", "deadline"
    ).iterator(chunk_size=20_000):
        items[record_id].append((action, target, deadline))

    summary = Summary(records=len(ids))
    signatures = {pk: record_signature(items[pk]) for pk in ids}
    writer_year = {(kind, person or org, year): pk for pk, kind, year, org, person, _s in rows}
    groups: dict[tuple[int, int], dict[int, frozenset[str]]] = defaultdict(dict)
    result: dict[int, RecordQuality] = {}
    for pk, kind, year, org, person, submitted in rows:
        actions, concrete = concrete_count(items[pk])
        previous = writer_year.get((kind, person or org, year - 1))
        copied = previous is not None and is_copy(signatures[pk], signatures[previous])
        result[pk] = RecordQuality(record_id=pk, actions=actions, concrete=concrete, copied_last_year=copied)
        if kind == RecordKind.COMMITMENT and submitted is not None:
            groups[(org, year)][pk] = signatures[pk]
        summary.actions += actions
        summary.concrete += concrete
        summary.copied_last_year += copied
    for group in groups.values():
        for members in clusters(group):
            summary.clusters += 1
            summary.clustered += len(members)
            for pk in members:
                result[pk].cluster = members[0]
    with transaction.atomic():
        RecordQuality.objects.bulk_create(
            result.values(), batch_size=batch_size, update_conflicts=True, unique_fields=["record"],
            update_fields=UPDATE_FIELDS,
        )  # fmt: skip
    return summary
