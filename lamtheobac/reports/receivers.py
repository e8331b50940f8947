"""What the reports do when the apps below them say what happened: keep the maintained counts
(``counters``) in step. The model saves and deletes they watch are in ``signals.py``."""

from __future__ import annotations

from lamtheobac.cycle.models import Record
from lamtheobac.cycle.signals import records_moved
from lamtheobac.organisation import signals as org_signals
from lamtheobac.organisation.models import Person
from lamtheobac.quality.models import RecordQuality
from lamtheobac.quality.signals import quality_changed

from .services import counters


def _records_moved(sender, org_ids: list[int], year: int, **kwargs) -> None:
    counters.touch(org_ids, year)


def _quality_changed(sender, places: list[tuple[int, int]], **kwargs) -> None:
    for org_id, year in places:
        counters.touch([org_id], year)


def _people_moved(sender, person_ids: list[int], org_ids: list[int], **kwargs) -> None:
    """Recount the orgs the people left and joined, and those holding their records."""
    with counters.batch():
        counters.touch(org_ids)
        for org_id, year in (
            Record.objects.filter(person_id__in=person_ids).values_list("org_id", "year").distinct()
        ):
            counters.touch([org_id], year)


def connect() -> None:
    records_moved.connect(_records_moved, sender=Record, dispatch_uid="reports-records-moved")
    quality_changed.connect(_quality_changed, sender=RecordQuality, dispatch_uid="reports-quality-changed")
    org_signals.people_moved.connect(_people_moved, sender=Person, dispatch_uid="reports-people-moved")
    org_signals.on_reshaping(counters.reshaping)
    org_signals.on_batch(counters.batch)
