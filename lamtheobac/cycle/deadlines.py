"""How far a deadline is, in days, for the banners that tell a member or a leader what is due or overdue.

Pure functions over dates and a record's state; the home page and the record's page call them with the rules
in force (``rules.Rules``) and today's date."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import RecordKind, RecordState

DUE_SOON_DAYS = 14  # a deadline this close (or closer) is announced; a later one is not yet news

# What the writer of a record still owes, by state: filing it, or assessing it at the end of the year.
OWES_FILING = (RecordState.DRAFT, RecordState.RETURNED)
OWES_ASSESSMENT = (RecordState.APPROVED,)

WHAT = {
    ("file", RecordKind.COMMITMENT): _("hạn nộp bản cam kết"),
    ("file", RecordKind.PLAN): _("hạn nộp kế hoạch"),
    ("assess", RecordKind.COMMITMENT): _("hạn tự đánh giá cuối năm"),
    ("assess", RecordKind.PLAN): _("hạn tự đánh giá cuối năm"),
}
OVERDUE = _("Quá hạn %(days)s ngày: %(what)s là %(date)s.")
DUE_TODAY = _("Hôm nay là %(what)s (%(date)s).")
DUE_SOON = _("Còn %(days)s ngày: %(what)s là %(date)s.")


@dataclass(frozen=True)
class Due:
    """A deadline as a banner shows it: overdue by ``days``, or due in ``days`` (0: today)."""

    overdue: bool
    days: int
    deadline: datetime.date
    what: str

    @property
    def text(self) -> str:
        values = {"days": self.days, "what": self.what, "date": self.deadline.strftime("%d/%m/%Y")}
        if self.overdue:
            return str(OVERDUE % values)
        return str((DUE_TODAY if self.days == 0 else DUE_SOON) % values)


def due(deadline: datetime.date | None, *, today: datetime.date, what: str) -> Due | None:
    """``deadline`` against ``today``: overdue, or due within DUE_SOON_DAYS; None when none or far off."""
    if deadline is None:
        return None
    days = (deadline - today).days
    if days < 0:
        return Due(overdue=True, days=-days, deadline=deadline, what=str(what))
    if days <= DUE_SOON_DAYS:
        return Due(overdue=False, days=days, deadline=deadline, what=str(what))
    return None


def owed(*, kind: str, state: str | None, rules, today: datetime.date) -> Due | None:
    """What the writer of a record of ``kind`` in ``state`` (None: not started) owes next, and when: filing
    by the plan or commitment deadline, then the year-end self-assessment."""
    if state is None or state in OWES_FILING:
        deadline = rules.commitment_deadline if kind == RecordKind.COMMITMENT else rules.plan_deadline
        return due(deadline, today=today, what=WHAT[("file", kind)])
    if state in OWES_ASSESSMENT:
        return due(rules.yearend_deadline, today=today, what=WHAT[("assess", kind)])
    return None
