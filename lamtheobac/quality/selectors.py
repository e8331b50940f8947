"""What the quality page lists for an org's subtree and a year: clusters of near-identical commitments,
commitments that repeat last year's, commitments with mostly vague actions. Filed commitments only, as the
figures count them; each list is capped and says how many there are in all."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery

from lamtheobac.cycle.models import Record, RecordItem, RecordKind
from lamtheobac.cycle.workflow import filed_q
from lamtheobac.lib.text import name_sort_key
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation import timeline
from lamtheobac.organisation.models import Org, subtree_q

from .models import RecordQuality

LIST_LIMIT = 100
MOSTLY_VAGUE = 0.5  # a commitment is listed when fewer than half of its actions are concrete


def items_to_compare(record: Record) -> tuple[QuerySet[RecordItem], QuerySet[RecordItem]]:
    """The actions an action written into ``record`` is compared with: the other records of the same kind
    in its org and year (for a plan, the plans of the orgs beside it under the same parent), and the same
    writer's record of the year before."""
    items = RecordItem.objects.filter(record__year=record.year, record__kind=record.kind)
    previous = RecordItem.objects.filter(record__year=record.year - 1, record__kind=record.kind)
    if record.kind == RecordKind.COMMITMENT:
        others = items.filter(record__org_id=record.org_id)
        assert record.person_id is not None  # record_person_iff_commitment
        previous = previous.filter(record__person_id=record.person_id)
    else:
        others = (
            items.filter(record__org__parent_id=record.org.parent_id)
            if record.org.parent_id
            else items.none()
        )
        previous = previous.filter(record__org_id=record.org_id)
    return others.exclude(record_id=record.pk), previous


def filed_commitments(org: Org, year: int, lineage: bool = False) -> QuerySet[Record]:
    """Counted as the figures count them: on the subtree as it stood at the end of ``year`` (an ended commune
    still lists its own cells' commitments of the years it existed; nothing for a year it did not exist), or
    with ``lineage`` on today's subtree (the predecessors' years carried into today's unit)."""
    where = subtree_q(org.path, "org__path") if lineage else None
    if where is None:
        path = org_selectors.path_in(org, year)
        if path is None:
            return Record.objects.none()
        where = timeline.subtree_in_year(path, year)
    return Record.objects.filter(filed_q(), where, year=year, kind=RecordKind.COMMITMENT)


@dataclass
class Cluster:
    org: Org
    records: list[Record]
    actions: list[str] = field(default_factory=list)  # the first member's actions: what they share


def clusters(
    org: Org, year: int, limit: int = LIST_LIMIT, lineage: bool = False
) -> tuple[list[Cluster], int]:
    """Clusters in the subtree, largest first (then by org and first record), and how many in all."""
    filed = filed_commitments(org, year, lineage).filter(quality__cluster__isnull=False)
    sizes = {
        row["quality__cluster"]: row["n"]
        for row in filed.values("quality__cluster").annotate(n=Count("id")).order_by()
    }
    chosen = sorted(sizes, key=lambda k: (-sizes[k], k))[:limit]
    members = (
        filed.filter(quality__cluster__in=chosen)
        .select_related("person", "org", "quality")
        .order_by("quality__cluster", "id")
    )
    by_key: dict[int | None, list[Record]] = defaultdict(list)  # never None: filtered above
    for record in members:
        by_key[record.quality.cluster].append(record)
    firsts = [by_key[k][0].pk for k in chosen if by_key[k]]
    actions: dict[int, list[str]] = defaultdict(list)
    for record_id, action in (
        RecordItem.objects.filter(record_id__in=firsts)
        .order_by("position", "id")
        .values_list("record_id", "action")
    ):
        actions[record_id].append(action)
    found = []
    for k in chosen:
        records = sorted(by_key[k], key=lambda r: name_sort_key(r.person.full_name))  # type: ignore[union-attr]  # commitments
        found.append(Cluster(records[0].org, records, actions[by_key[k][0].pk]))
    return found, len(sizes)


def copied_last_year(
    org: Org, year: int, limit: int = LIST_LIMIT, lineage: bool = False
) -> tuple[list[Record], int]:
    rows = filed_commitments(org, year, lineage).filter(quality__copied_last_year=True)
    return _people_sorted(rows, limit), rows.count()


def mostly_vague(
    org: Org, year: int, limit: int = LIST_LIMIT, lineage: bool = False
) -> tuple[list[Record], int]:
    rows = filed_commitments(org, year, lineage).filter(
        Q(quality__actions__gt=0) & Q(quality__concrete__lt=F("quality__actions") * MOSTLY_VAGUE)
    )
    return _people_sorted(rows, limit), rows.count()


def _people_sorted(rows: QuerySet[Record], limit: int) -> list[Record]:
    records = list(rows.select_related("person", "org", "quality").order_by("org__path", "id")[: limit * 5])
    records.sort(key=lambda r: (r.org.path, name_sort_key(r.person.full_name)))  # type: ignore[union-attr]
    return records[:limit]


# --- For the one who approves -------------------------------------------------------------------------


@dataclass
class QueueFlags:
    """What the approval queue shows beside one record: counts only, never a name."""

    actions: int
    vague: int  # actions that state nothing checkable
    alike: int  # other filed commitments of its org and year near-identical to it
    last_year: int | None  # the year it repeats, when it repeats its writer's record of the year before

    def __bool__(self) -> bool:
        return bool(self.vague or self.alike or self.last_year)


_CLUSTER_SIZE = (
    RecordQuality.objects.filter(cluster=OuterRef("cluster"))
    .order_by()
    .values("cluster")
    .annotate(n=Count("*"))
    .values("n")
)


def queue_flags(records: list[Record]) -> dict[int, QueueFlags]:
    """The flags of a page of records, by record id, in one query however long the page: only the records
    with something to flag."""
    years = {record.pk: record.year for record in records}
    rows = (
        RecordQuality.objects.filter(record_id__in=list(years))
        .annotate(size=Subquery(_CLUSTER_SIZE, output_field=IntegerField()))
        .values_list("record_id", "actions", "concrete", "copied_last_year", "size")
    )
    found = {}
    for pk, actions, concrete, copied, size in rows:
        flags = QueueFlags(
            actions=actions,
            vague=actions - concrete,
            alike=max((size or 1) - 1, 0),
            last_year=years[pk] - 1 if copied else None,
        )
        if flags:
            found[pk] = flags
    return found


def quality_of(record: Record) -> RecordQuality | None:
    return RecordQuality.objects.filter(record=record).first()


def alike(record: Record, cluster: int | None, named: QuerySet[Record]) -> tuple[list[Record], int]:
    """The other commitments of ``record``'s cluster of near-identical ones: those within ``named`` (with
    their writers, in Vietnamese name order), and how many others there are."""
    if cluster is None:
        return [], 0
    others = Record.objects.filter(quality__cluster=cluster).exclude(pk=record.pk)
    shown = list(named.filter(pk__in=others.values("pk")).select_related("person", "org"))
    shown.sort(key=lambda r: name_sort_key(r.person.full_name if r.person else r.org.name))
    return shown, others.count() - len(shown)
