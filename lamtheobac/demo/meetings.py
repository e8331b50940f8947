"""The demo's monthly cell meetings of the current year: the cells of the commune that took Lục Bình in
(Phủ Thông; Lục Bình itself before the reorganisation) record the "làm theo Bác" item of their regular
meeting most months, through the cycle's service, with a check-in per action of two members' commitments.
Nà Pài (``bithu_chibo``'s cell) holds it every month up to today; a few other cells miss a month, so the
lagging page and the dashboard have something to show. Deterministic for a seed and a date."""

from __future__ import annotations

import datetime
import random

from django.core.exceptions import ValidationError

from lamtheobac.cycle.meetings import selectors as meetings
from lamtheobac.cycle.models import CheckInStatus, RecordItem, RecordKind
from lamtheobac.cycle.selectors import open_years_for
from lamtheobac.cycle.services import meetings as services
from lamtheobac.organisation.models import Org, Person, PersonKind

from .logins import LUC_BINH, LUC_BINH_FIRST_CELL, PHU_THONG

HELD_SHARE = 0.85  # of the other cells' months
MINUTES = (
    "Đồng chí {presenter} trình bày nội dung học tập và làm theo Bác tháng {month}; chi bộ kiểm điểm việc "
    "thực hiện cam kết của {names}. Chi bộ thống nhất nhắc các đồng chí hoàn thành đúng hạn việc làm còn chậm."
)
NOTES = {
    CheckInStatus.DONE: "Đã hoàn thành, chi bộ ghi nhận.",
    CheckInStatus.IN_PROGRESS: "Đang thực hiện theo tiến độ.",
    CheckInStatus.BEHIND: "Chậm so với cam kết; đồng chí hứa khắc phục trong tháng tới.",
}


def _status(rng: random.Random, month: int) -> str:
    done = min(0.1 + month * 0.06, 0.8)
    roll = rng.random()
    if roll < done:
        return CheckInStatus.DONE
    return CheckInStatus.IN_PROGRESS if roll < 0.85 else CheckInStatus.BEHIND


def build_meetings(seed: int, today: datetime.date) -> int:
    """Record the current year's meetings up to ``today``; returns how many. The caller holds the
    transaction."""
    commune = Org.objects.filter(code=PHU_THONG).first() or Org.objects.filter(code=LUC_BINH).first()
    if commune is None or today.year not in open_years_for(commune):
        return 0
    year, count = today.year, 0
    for cell in meetings.cells_of(commune).order_by("code"):
        rng = random.Random(f"{seed}-{year}-{cell.code}-meetings")
        people = list(
            Person.objects.filter(
                org=cell, active=True, kind__in=[PersonKind.MEMBER, PersonKind.PROBATIONARY]
            ).order_by("full_name")
        )
        items = list(
            RecordItem.objects.filter(record__org=cell, record__year=year, record__kind=RecordKind.COMMITMENT)
            .select_related("record", "record__person")
            .order_by("record_id", "position")
        )
        writers = sorted({i.record.person_id for i in items if i.record.person_id})
        for month in range(1, today.month + 1):
            held_on = datetime.date(year, month, rng.randint(3, 12))
            if held_on > today or (cell.code != LUC_BINH_FIRST_CELL and rng.random() > HELD_SHARE):
                continue
            reviewed = set(rng.sample(writers, min(2, len(writers))))
            check_ins = [
                services.CheckIn(item=i, status=(s := _status(rng, month)), note=NOTES[s])
                for i in items
                if i.record.person_id in reviewed
            ]
            presenter = rng.choice(people) if people else None
            named = [p for p in people if p.pk in reviewed]
            try:
                services.meeting_record(
                    actor=None,
                    org=cell,
                    year=year,
                    month=month,
                    held_on=held_on,
                    presenter=presenter,
                    reviewed=named,
                    minutes=MINUTES.format(
                        presenter=presenter.full_name if presenter else "bí thư chi bộ",
                        month=month,
                        names=", ".join(p.full_name for p in named) or "các đảng viên",
                    ),
                    check_ins=check_ins,
                )
            except ValidationError:  # a cell the year does not reach: nothing to record there
                break
            count += 1
    return count
