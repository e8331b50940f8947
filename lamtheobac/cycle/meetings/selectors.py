"""Reads of the monthly cell meetings: a cell's year, and for an org's subtree how many cells held the
"làm theo Bác" item each month and which did not (the dashboard and the lagging page).

The cells counted are the chi bộ of the subtree in the year's tree (as it stood at the year's end, as every
figure of a year: a later move or merge changes nothing of it; a cell merged away during the year is not
counted for its earlier months)."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from lamtheobac.organisation.kinds import CELL_KINDS
from lamtheobac.organisation.models import Org, OrgSpan, Person, subtree_bounds, subtree_q
from lamtheobac.organisation.selectors import path_in, tree_in_year
from lamtheobac.organisation.timeline import subtree_in_year, year_q

from ..models import CellMeeting, MeetingCheckIn, RecordItem

MONTHS = range(1, 13)


@dataclass
class MonthCount:
    """One month of a subtree: how many cells there are and how many held the item."""

    month: int
    cells: int
    held: int
    due: bool  # the month has ended (a cell that did not hold it is behind)

    @property
    def missing(self) -> int:
        return self.cells - self.held


@dataclass
class MissingMonth:
    """An ended month and the cells of the subtree that recorded no "làm theo Bác" item in it."""

    month: int
    cells: list[Org] = field(default_factory=list)


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def cells_of(root: Org) -> QuerySet[Org]:
    """The active cells of ``root``'s subtree (``root`` itself when it is a cell)."""
    return Org.objects.filter(subtree_q(root.path), kind__in=CELL_KINDS, active=True)


def meetings_of(cell: Org, year: int) -> list[CellMeeting]:
    """A cell's meetings of ``year``, by month, with their presenter and check-in counts."""
    return list(
        CellMeeting.objects.filter(org=cell, year=year)
        .select_related("presenter")
        .annotate(n_check_ins=Count("check_ins", distinct=True), n_reviewed=Count("reviewed", distinct=True))
        .order_by("month")
    )


def cells_in_year(root: Org, year: int) -> list[int]:
    """The ids of the cells of ``root``'s subtree in ``year``'s tree, in path order."""
    path = path_in(root, year)
    if path is None:
        return []
    return [pk for pk, _path, kind, _shown in tree_in_year(path, year) if kind in CELL_KINDS]


def _held(root: Org, year: int) -> dict[int, set[int]]:
    held: dict[int, set[int]] = {m: set() for m in MONTHS}
    path = path_in(root, year)
    if path is None:
        return held
    rows = CellMeeting.objects.filter(
        subtree_in_year(path, year), org__spans__kind__in=CELL_KINDS, year=year
    ).values_list("month", "org_id")
    for month, org_id in rows:
        held[month].add(org_id)
    return held


def count_cells_in_year(root: Org, year: int) -> int:
    """How many ``cells_in_year`` there are, counted by the database (a province's subtree has thousands of
    orgs: reading them all to count the cells cost a fifth of its dashboard)."""
    path = path_in(root, year)
    if path is None:
        return 0
    low, high = subtree_bounds(path)
    spans = OrgSpan.objects.filter(year_q(year), path__gte=low, path__lt=high, kind__in=CELL_KINDS)
    return spans.values("org_id").distinct().count()  # a cell moved within the year: once


def monthly_counts(
    root: Org, year: int, *, today: datetime.date, cells: int | None = None
) -> list[MonthCount]:
    """Per month of ``year``: the cells of ``root``'s subtree and how many held the item (three queries);
    ``cells`` when the caller knows their number (the dashboard reads it from its kept counts)."""
    cells = count_cells_in_year(root, year) if cells is None else cells
    held = _held(root, year)
    return [MonthCount(m, cells, len(held[m]), month_end(year, m) < today) for m in MONTHS]


def cells_without_meeting(root: Org, year: int, *, today: datetime.date) -> list[MissingMonth]:
    """The ended months of ``year`` with the cells of ``root``'s subtree that recorded no item, newest month
    first; months where every cell held it are left out."""
    ids = cells_in_year(root, year)
    in_bulk = Org.objects.in_bulk(ids)
    cells = [in_bulk[pk] for pk in ids]
    held = _held(root, year)
    found = []
    for month in reversed(MONTHS):
        if month_end(year, month) >= today:
            continue
        missing = [c for c in cells if c.pk not in held[month]]
        if missing:
            found.append(MissingMonth(month, missing))
    return found


def held_in(org: Org, year: int, month: int) -> bool:
    return CellMeeting.objects.filter(org=org, year=year, month=month).exists()


def items_by_id(ids: list[int]) -> dict[int, RecordItem]:
    """Actions named by posted ids, with their record (the service refuses those of another cell)."""
    return RecordItem.objects.select_related("record").in_bulk(ids)


def people_of(cell: Org) -> QuerySet[Person]:
    """The people of a cell, who may present the item or be reviewed at its meeting."""
    return Person.objects.filter(org=cell, active=True).order_by("full_name")


def check_ins_of(meeting: CellMeeting) -> list[MeetingCheckIn]:
    """A meeting's check-ins with their action and its writer, in the order of the records."""
    return list(meeting.check_ins.select_related("item__record__person"))


def reviewed_of(meeting: CellMeeting) -> list[Person]:
    return list(meeting.reviewed.order_by("full_name"))
