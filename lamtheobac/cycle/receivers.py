"""What the cycle does when something changes below it: in a merge, the people who moved take their
records of the years still open with them."""

from __future__ import annotations

import datetime

from lamtheobac.organisation.models import Org, Person
from lamtheobac.organisation.signals import people_merged

from . import signals
from .models import Record, RecordKind
from .selectors import closed_period


def _people_merged(
    sender, person_ids: list[int], source: Org, target: Org, on: datetime.date, **kwargs
) -> None:
    """Move the commitments of ``person_ids`` of the years from ``on`` still open at ``source`` to
    ``target`` (a closed year's records stay where they were filed)."""
    records = Record.objects.filter(
        org=source, kind=RecordKind.COMMITMENT, person_id__in=person_ids, year__gte=on.year
    )
    for year in sorted(set(records.values_list("year", flat=True))):
        if closed_period(source, year) is None:
            records.filter(year=year).update(org=target)
            signals.records_moved.send(sender=Record, org_ids=[source.pk, target.pk], year=year)


def connect() -> None:
    people_merged.connect(_people_merged, sender=Person, dispatch_uid="cycle-people-merged")
