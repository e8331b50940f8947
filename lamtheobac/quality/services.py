"""Keeping ``RecordQuality`` true: after one record changes (``refresh``), or for everything at once
(``refresh_all``, the ``quality_refresh`` command, seeding and the benchmark)."""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils import timezone

from lamtheobac.cycle.models import Record, RecordItem, RecordKind
from lamtheobac.cycle.workflow import filed_q

from . import signals, vague
from .models import RecordQuality
from .similar import THRESHOLD, clusters, signature
from .text import jaccard

ItemRow = tuple[str, str, bool]  # action, target, whether the deadline tells something


# A deadline that tells something (not the year's last day, see ``vague.assess``), decided by the
# database: a province's three million dates are never turned into Python objects.
TELLING_DEADLINE = ExpressionWrapper(
    # compared as text ("2026-12-31"): extracting month and day makes SQLite call back into Python per row
    Q(deadline__isnull=False) & ~Q(deadline__endswith="-12-31"),
    output_field=BooleanField(),
)


def concrete_count(items: Iterable[ItemRow]) -> tuple[int, int]:
    """(actions, concrete actions) of a record's items."""
    actions = concrete = 0
    checkable = vague.checkable
    for action, target, telling in items:
        actions += 1
        concrete += bool(telling or checkable(action) or checkable(target))
    return actions, concrete


def record_signature(items: Iterable[ItemRow]) -> frozenset[str]:
    return signature(text for action, target, _deadline in items for text in (action, target))


def is_copy(mine: frozenset[str], previous: frozenset[str] | None) -> bool:
    return bool(previous) and bool(mine) and jaccard(mine, previous) >= THRESHOLD  # type: ignore[arg-type]


def _items(record_ids: Iterable[int]) -> dict[int, list[ItemRow]]:
    found: dict[int, list[ItemRow]] = defaultdict(list)
    rows: QuerySet[Any, Any] = RecordItem.objects.filter(record_id__in=list(record_ids)).order_by(
        "record_id", "position", "id"
    )
    rows = rows.annotate(telling=TELLING_DEADLINE).values_list("record_id", "action", "target", "telling")
    for record_id, action, target, telling in rows:
        found[record_id].append((action, target, telling))
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
    places = [(following.org_id, following.year)] if following is not None else []
    signals.quality_changed.send(sender=RecordQuality, places=[*places, (record.org_id, record.year)])


def refresh_by_id(record_id: int) -> None:
    """``refresh`` for the record of that id, if it still exists (the queued recount of a saved record)."""
    record = Record.objects.filter(pk=record_id).first()
    if record is not None:
        refresh(record)


def recluster(org_id: int, year: int) -> None:
    """Clusters of near-identical filed commitments of one org and year, written to their rows."""
    filed = Record.objects.filter(
        filed_q(), org_id=org_id, year=year, kind=RecordKind.COMMITMENT
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


def _read_items(records, into: dict[int, list[ItemRow]]) -> None:
    # no ORDER BY: a record's verdicts and signature do not depend on the order of its items, and sorting
    # three million rows is most of the read on PostgreSQL
    rows: QuerySet[Any, Any] = RecordItem.objects.filter(record__in=records).order_by()
    rows = rows.annotate(telling=TELLING_DEADLINE).values_list("record_id", "action", "target", "telling")
    for record_id, action, target, telling in rows.iterator(chunk_size=20_000):
        into[record_id].append((action, target, telling))


def refresh_all(records=None, *, batch_size: int = 5000) -> Summary:
    """Recount every record of ``records`` (default: all) in bulk: read once, judge each distinct text
    once, compare each commitment with its writer's record of the year before (read too when it is not
    among ``records``), cluster each org and year, write in batches."""
    records = Record.objects.all() if records is None else records
    gc_was_on = gc.isenabled()
    gc.disable()  # millions of small objects and no cycles: the collector would only walk them again
    try:
        return _refresh_all(records, batch_size)
    finally:
        if gc_was_on:
            gc.enable()


def _refresh_all(records, batch_size: int) -> Summary:
    filed = ExpressionWrapper(filed_q(), output_field=BooleanField())
    rows = list(
        records.order_by()
        .annotate(filed=filed)
        .values_list("id", "kind", "year", "org_id", "person_id", "filed")
    )
    items: dict[int, list[ItemRow]] = defaultdict(list)
    _read_items(records, items)
    signatures = {pk: record_signature(items[pk]) for pk, *_rest in rows}
    writer_year = {(kind, person or org, year): pk for pk, kind, year, org, person, _s in rows}

    # The year before, for writers whose previous record is not among ``records``.
    wanted = {(kind, person or org, year - 1) for _pk, kind, year, org, person, _s in rows} - set(writer_year)
    if wanted:
        # Filtered in Python, not with NOT IN (records): at a province's size that is quadratic on PostgreSQL.
        before = Record.objects.filter(year__in={y for _k, _w, y in wanted}).order_by()
        earlier = [
            (pk, key)
            for pk, kind, year, org, person in before.values_list("id", "kind", "year", "org_id", "person_id")
            if (key := (kind, person or org, year)) in wanted
        ]
        if earlier:
            older: dict[int, list[ItemRow]] = defaultdict(list)
            years = {key[2] for _pk, key in earlier}
            _read_items(Record.objects.filter(year__in=years), older)  # a subquery, never a list of ids
            for pk, key in earlier:
                writer_year[key] = pk
                signatures[pk] = record_signature(older[pk])

    summary = Summary(records=len(rows))
    groups: dict[tuple[int, int], dict[int, frozenset[str]]] = defaultdict(dict)
    result: dict[int, list] = {}
    for pk, kind, year, org, person, submitted in rows:
        actions, concrete = concrete_count(items[pk])
        previous = writer_year.get((kind, person or org, year - 1))
        copied = previous is not None and is_copy(signatures[pk], signatures[previous])
        result[pk] = [actions, concrete, copied, None]
        if kind == RecordKind.COMMITMENT and submitted:
            groups[(org, year)][pk] = signatures[pk]
        summary.actions += actions
        summary.concrete += concrete
        summary.copied_last_year += copied
    for group in groups.values():
        for members in clusters(group):
            summary.clusters += 1
            summary.clustered += len(members)
            for pk in members:
                result[pk][3] = members[0]
    _write(result, batch_size)
    return summary


COLUMNS = "record_id, actions, concrete, copied_last_year, cluster, checked_at"
UPSERT = (
    "INSERT INTO quality_recordquality (record_id, actions, concrete, copied_last_year, cluster, checked_at) "
    "{source} ON CONFLICT (record_id) DO UPDATE SET actions = excluded.actions, concrete = excluded.concrete, "
    "copied_last_year = excluded.copied_last_year, cluster = excluded.cluster, checked_at = excluded.checked_at"
)


def _write(result: dict[int, list], batch_size: int) -> None:
    """Insert or update the rows without building a model instance per row (the statements name
    ``RecordQuality``'s table): in batches on SQLite, through COPY into a temporary table on PostgreSQL."""
    now = timezone.now()
    rows = [(pk, a, c, copied, cluster, now) for pk, (a, c, copied, cluster) in result.items()]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # dropped at commit; a second recount inside the same transaction (a seed within a larger one)
            # must not find the first one's table
            cursor.execute("DROP TABLE IF EXISTS quality_incoming")
            cursor.execute(
                "CREATE TEMPORARY TABLE quality_incoming (LIKE quality_recordquality) ON COMMIT DROP"
            )
            with cursor.cursor.copy(f"COPY quality_incoming ({COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(UPSERT.format(source="SELECT " + COLUMNS + " FROM quality_incoming"))  # noqa: S608 (constants)
        else:
            sql = UPSERT.format(source="VALUES (%s, %s, %s, %s, %s, %s)")
            for start in range(0, len(rows), batch_size):
                cursor.executemany(sql, rows[start : start + batch_size])
