"""Time in the tree: the pure rules of spans and memberships, shared by the reads and the writes.

``Org.parent``/``Org.path`` say where an org is *today*. An org that ended stays in today's tree under the
org its past was carried into (a merge's successor) or where it was, so that today's unit reaches its
predecessors' records. Where an org stood on a given date is in its ``OrgSpan`` rows; where a person
belonged, in their ``Membership`` rows. The figures of a year are counted on the tree as it stood on the
last day of that year ("as it was"): a span or membership counts for ``first_year``..``last_year``.

This module reads nothing: where an org stood and who belonged where are read by ``selectors`` (``path_in``,
``span_in``, ``tree_in_year``…), kept in step by ``services.timeline`` (``sync_spans``, ``sync_memberships``).
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from .models import OPEN_YEAR, subtree_bounds

ONE_DAY = datetime.timedelta(days=1)


def today() -> datetime.date:
    return timezone.localdate()


def years(valid_from: datetime.date | None, valid_to: datetime.date | None) -> tuple[int, int]:
    """The years whose last day falls in [valid_from, valid_to): a state begun on 1/7/2025 is 2025's (its
    tree is that of 31/12/2025); one ended the day before 1/7/2025 last counted in 2024."""
    return (valid_from.year if valid_from else 0), (valid_to.year - 1 if valid_to else OPEN_YEAR)


def year_q(year: int, prefix: str = "") -> Q:
    """Spans or memberships (through ``prefix``) counted in ``year``."""
    return Q(**{f"{prefix}first_year__lte": year, f"{prefix}last_year__gte": year})


def subtree_in_year(path: str, year: int, field: str = "org") -> Q:
    """Rows whose org (through ``field``) stood in the subtree of ``path`` in ``year``'s tree: one index
    range on the span's path. ``path`` is a path of that year's tree."""
    low, high = subtree_bounds(path)
    return Q(**{f"{field}__spans__path__gte": low, f"{field}__spans__path__lt": high}) & year_q(
        year, f"{field}__spans__"
    )
