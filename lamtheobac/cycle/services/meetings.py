"""Writes of the monthly cell meeting's "làm theo Bác" item (``models.meetings``): recording it, with the
members reviewed and a check-in per action. Permissions are decided by ``access.py`` before this is called."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheobac.lib import formatting
from lamtheobac.organisation.kinds import CELL_KINDS
from lamtheobac.organisation.models import Org, Person

from ..models import CellMeeting, CheckInStatus, MeetingCheckIn, RecordItem, RecordKind
from ..models.meetings import MINUTES_MAX, NOTE_MAX
from ..selectors import check_year_open, open_years_for
from .common import plain

ERR_NOT_A_CELL = _("Chỉ chi bộ mới ghi nhận sinh hoạt chi bộ hằng tháng; %(org)s không phải là chi bộ.")
ERR_MONTH = _("Tháng phải từ 1 đến 12.")
ERR_YEAR_NOT_OPEN = _("Năm %(year)s chưa được mở hoặc đã kết thúc tại %(org)s; không ghi nhận được.")
ERR_DATE_OUTSIDE_MONTH = _("Ngày sinh hoạt %(date)s không thuộc tháng %(month)s/%(year)s.")
ERR_DATE_FUTURE = _("Ngày sinh hoạt %(date)s chưa đến; chỉ ghi nhận buổi sinh hoạt đã diễn ra.")
ERR_ALREADY_HELD = _("Chi bộ đã ghi nhận sinh hoạt tháng %(month)s/%(year)s; hãy sửa bản đã ghi.")
ERR_PERSON_NOT_IN_CELL = _("%(name)s không sinh hoạt tại %(org)s.")
ERR_ITEM_NOT_IN_CELL = _(
    "Kiểm điểm thứ %(n)s: việc làm này không thuộc bản cam kết năm %(year)s của đảng viên trong chi bộ; "
    "không ghi nhận được."
)
ERR_CHECK_IN_STATUS = _("Tình hình thực hiện phải là: đã hoàn thành, đang thực hiện hoặc chậm tiến độ.")


@dataclass(frozen=True)
class CheckIn:
    """One action's check-in as posted: the item, how it stands, a short note and the evidence."""

    item: RecordItem | None  # None: an id posted that names no action
    status: str
    note: str = ""
    evidence: str = ""


def _check(
    *, org: Org, year: int, month: int, held_on: datetime.date, presenter, reviewed, check_ins
) -> None:
    if org.kind not in CELL_KINDS:
        raise ValidationError(ERR_NOT_A_CELL % {"org": org.name})
    if not 1 <= month <= 12:
        raise ValidationError(ERR_MONTH)
    check_year_open(org=org, date_or_year=year)  # a closed year locks its meetings, as all it holds
    if year not in open_years_for(org):
        raise ValidationError(ERR_YEAR_NOT_OPEN % {"year": year, "org": org.name})
    if (held_on.year, held_on.month) != (year, month):
        raise ValidationError(
            ERR_DATE_OUTSIDE_MONTH % {"date": formatting.date(held_on), "month": month, "year": year}
        )
    if held_on > timezone.localdate():
        raise ValidationError(ERR_DATE_FUTURE % {"date": formatting.date(held_on)})
    for person in [presenter, *reviewed]:
        if person is not None and person.org_id != org.pk:
            raise ValidationError(ERR_PERSON_NOT_IN_CELL % {"name": person.full_name, "org": org.name})
    for n, check_in in enumerate(check_ins, start=1):
        record = check_in.item.record if check_in.item is not None else None
        # the message never quotes the action: it may be another cell's, which this user may not read
        if (
            record is None
            or record.kind != RecordKind.COMMITMENT
            or record.org_id != org.pk
            or record.year != year
        ):
            raise ValidationError(ERR_ITEM_NOT_IN_CELL % {"n": n, "year": year})
        if check_in.status not in CheckInStatus.values:
            raise ValidationError(ERR_CHECK_IN_STATUS)


@transaction.atomic
def meeting_record(
    *,
    actor,
    org: Org,
    year: int,
    month: int,
    held_on: datetime.date,
    presenter: Person | None = None,
    reviewed: list[Person] | tuple[Person, ...] = (),
    minutes: str = "",
    check_ins: list[CheckIn] | tuple[CheckIn, ...] = (),
    meeting: CellMeeting | None = None,
) -> CellMeeting:
    """Record (or, with ``meeting``, correct) a cell's "làm theo Bác" item of one month: who presented it,
    the members reviewed, a check-in per action (the posted ones replace those kept). Refuses a month
    outside an open year, a date outside the month or in the future, a person of another cell and an
    action of another cell's commitment, each with its message; nothing is half-saved."""
    if meeting is not None:
        org, year, month = meeting.org, meeting.year, meeting.month
    _check(
        org=org,
        year=year,
        month=month,
        held_on=held_on,
        presenter=presenter,
        reviewed=reviewed,
        check_ins=check_ins,
    )
    if meeting is None:
        if CellMeeting.objects.filter(org=org, year=year, month=month).exists():
            raise ValidationError(ERR_ALREADY_HELD % {"month": month, "year": year})
        meeting = CellMeeting(org=org, year=year, month=month, created_by=actor)
    meeting.held_on = held_on
    meeting.presenter = presenter
    meeting.minutes = plain(minutes, MINUTES_MAX)
    meeting.full_clean(exclude=["reviewed"])
    meeting.save()
    # the people reviewed are those named, and those whose actions were checked in
    people = {p.pk for p in reviewed} | {
        c.item.record.person_id for c in check_ins if c.item is not None and c.item.record.person_id
    }
    meeting.reviewed.set(sorted(people))
    meeting.check_ins.all().delete()
    MeetingCheckIn.objects.bulk_create(
        [
            MeetingCheckIn(
                meeting=meeting,
                item=c.item,
                status=c.status,
                note=plain(c.note, NOTE_MAX),
                evidence=plain(c.evidence, NOTE_MAX),
            )
            for c in {c.item.pk: c for c in check_ins if c.item is not None}.values()
        ]
    )
    return meeting
