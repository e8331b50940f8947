"""The year-end of the current year in the demo cell, as QĐ 366-QĐ/TW rates it: each action done on time or
late, beyond its requirement or not (what the members said at their self-assessment), so that the cell's
leader meets both sides of Article 11's conditions in the queue: a commitment with a task done late (92
points cannot make it "xuất sắc") and one with every task on time but none beyond its requirement (92 is
refused as "xuất sắc" for want of 30% exceeding, 88 is "tốt")."""

from __future__ import annotations

import datetime

from lamtheobac.cycle.models import Record, RecordItem, RecordKind, RecordState, Result, Scoring
from lamtheobac.cycle.selectors import rules_for
from lamtheobac.organisation.models import Org

from ..logins import LUC_BINH_FIRST_CELL


def year_end_facts(today: datetime.date) -> list[Record]:
    """Say, for the self-assessed commitments of ``today``'s year in the demo cell, which actions were done
    late and which beyond their requirement; the first is the one with a late task, the second the one with
    every task on time and none beyond. Returns those two (fewer when the cell has fewer)."""
    cell = Org.objects.filter(code=LUC_BINH_FIRST_CELL).first()
    if cell is None or rules_for(cell, today.year).registration.scoring != Scoring.QD366:
        return []
    records = list(
        Record.objects.filter(
            org=cell, year=today.year, kind=RecordKind.COMMITMENT, state=RecordState.SELF_ASSESSED
        )
        .filter(person__user__isnull=True)
        .order_by("person__full_name", "pk")
    )
    shown: list[Record] = []
    for n, record in enumerate(records):
        items = list(record.items.order_by("position", "id"))
        if len(items) < 3:
            continue
        RecordItem.objects.filter(pk__in=[i.pk for i in items]).update(
            result=Result.DONE, on_time=True, exceeded=False
        )
        if len(shown) == 0:  # a task done late: neither "xuất sắc" nor "tốt" whatever the score
            RecordItem.objects.filter(pk=items[1].pk).update(
                on_time=False, result_note="Hoàn thành chậm hơn thời hạn đăng ký"
            )
            RecordItem.objects.filter(pk=items[0].pk).update(exceeded=True)
            shown.append(record)
        elif len(shown) == 1:  # every task on time, none beyond: at most "tốt"
            shown.append(record)
        elif n % 3 == 0:  # the others: one action in three beyond its requirement
            RecordItem.objects.filter(pk__in=[i.pk for i in items[::3]]).update(exceeded=True)
    return shown
