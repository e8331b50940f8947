"""What the quality page lists for an org's subtree and a year: clusters of near-identical commitments,
commitments that repeat last year's, commitments with mostly vague actions. Filed commitments only, as the
figures count them; each list is capped and says how many there are in all."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet

from lamtheobac.cycle.models import Record, RecordItem, RecordKind
from lamtheobac.cycle.workflow import filed_q
from lamtheobac.lib.text import name_sort_key
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation import timeline
from lamtheobac.organisation.models import Org, subtree_q

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
