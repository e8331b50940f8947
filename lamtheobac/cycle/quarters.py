"""The quarters of a year with quarterly reviews: when each starts, when its review is due. Pure."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

QUARTERS = (1, 2, 3, 4)
NAMES = {1: _("Quý I"), 2: _("Quý II"), 3: _("Quý III"), 4: _("Quý IV")}


def start(year: int, quarter: int) -> datetime.date:
    return datetime.date(year, 3 * quarter - 2, 1)


def end(year: int, quarter: int) -> datetime.date:
    if quarter == 4:
        return datetime.date(year, 12, 31)
    return start(year, quarter + 1) - datetime.timedelta(days=1)


def due(year: int, quarter: int, yearend_deadline: datetime.date | None = None) -> datetime.date:
    """When the review of ``quarter`` is due: its last day; the fourth's, the year-end review's deadline
    when the year sets one (it is reviewed with the year)."""
    if quarter == 4 and yearend_deadline is not None:
        return yearend_deadline
    return end(year, quarter)


def started(year: int, quarter: int, today: datetime.date) -> bool:
    return today >= start(year, quarter)


def owed(
    year: int, reviewed: set[int], today: datetime.date, yearend_deadline: datetime.date | None = None
) -> list[tuple[int, datetime.date, bool]]:
    """The quarters started and not reviewed yet: (quarter, due, overdue), oldest first."""
    return [
        (q, due(year, q, yearend_deadline), today > due(year, q, yearend_deadline))
        for q in QUARTERS
        if started(year, q, today) and q not in reviewed
    ]
