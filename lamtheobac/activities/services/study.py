"""Writes of study sessions and cell meetings: the session, its attendance, its files.

Atomic; permissions are decided by ``access.py`` before these are called (the session's org was cleared
with RECORD_ACTIVITIES). Who may be marked in the attendance: the active people whose home org is the
session's org or below it, so a commune-level session can gather the members of all its cells; people
already marked stay markable even after they move or leave.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lamtheobac.cycle.models import Programme
from lamtheobac.cycle.selectors import check_year_open, rules_for
from lamtheobac.lib import text, uploads
from lamtheobac.organisation.models import Org, Person, subtree_q

from ..models import Attendance, AttendanceStatus, StudyFile, StudyKind, StudySession
from ..signals import attendance_changed

# The message never names the person: an id sent by hand may belong to someone the writer must not see.
ERR_OUTSIDER = _("Có người không sinh hoạt, công tác tại %(org)s nên không điểm danh được.")
ERR_BAD_STATUS = _("Tình trạng tham dự không hợp lệ.")
ERR_NO_TOPIC = _("Năm %(year)s chưa có chuyên đề năm; hãy ghi chủ đề của buổi sinh hoạt.")
ERR_BAD_KIND = _("Hình thức sinh hoạt không hợp lệ.")
ERR_FUTURE = _("Ngày sinh hoạt không được sau hôm nay (chỉ ghi buổi đã diễn ra).")
ERR_EMPTY_SESSION = _(
    "Buổi sinh hoạt cần có ít nhất một người có mặt hoặc có nội dung, biên bản tóm tắt; "
    "hãy điểm danh người có mặt hoặc ghi tóm tắt nội dung buổi sinh hoạt."
)

TOPIC_MAX = 500
MINUTES_MAX = 20000


def attach_files(files: Sequence, make) -> None:
    """Check every file by content (≤ 10 MB, image/PDF/Office) before saving any; ``make(**fields)`` builds
    the row, which is saved under a random name."""
    kinds = [uploads.check(f) for f in files]
    for upload, kind in zip(files, kinds, strict=True):
        upload.seek(0)
        row = make(
            original_name=text.clean(upload.name)[:255] or "tep",
            content_type=kind.content_type,
            size=upload.size,
        )
        row.file.save(uploads.random_name(kind), upload, save=False)
        row.save()


@dataclass
class StudyInput:
    held_on: datetime.date
    kind: str
    topic: str = ""
    minutes: str = ""
    # the other study programmes it serves (Chỉ thị 01-CT/TW …); None: those it has (a caller that names none)
    programmes: Sequence[Programme] | None = None


def eligible_people(org: Org) -> QuerySet[Person]:
    """Who may be marked at a session of ``org``: its active people and those of its subtree."""
    return Person.objects.filter(subtree_q(org.path, "org__path"), active=True).select_related("org")


def default_topic(org: Org, year: int) -> str:
    """The year's theme in force at ``org`` (empty when no year is opened above it)."""
    return rules_for(org, year).theme


def _fill(session: StudySession, data: StudyInput) -> None:
    if data.kind not in StudyKind.values:
        raise ValidationError({"kind": ERR_BAD_KIND})
    session.held_on = data.held_on
    session.kind = data.kind
    session.topic = text.plain(data.topic, TOPIC_MAX) or default_topic(session.org, data.held_on.year)
    if not session.topic:
        raise ValidationError({"topic": ERR_NO_TOPIC % {"year": data.held_on.year}})
    session.minutes = text.paragraphs(data.minutes, MINUTES_MAX)
    if data.held_on > timezone.localdate():
        raise ValidationError({"held_on": ERR_FUTURE})
    session.year = data.held_on.year
    session.full_clean()


def _one_mark_each(attendance: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    return list({int(pid): status for pid, status in attendance}.items())


def _check_held(session: StudySession, marks: list[tuple[int, str]]) -> None:
    """A session counts only with someone present or with its minutes: an empty entry is refused."""
    if not session.minutes and not any(status == AttendanceStatus.PRESENT for _pid, status in marks):
        raise ValidationError(ERR_EMPTY_SESSION)


def _set_attendance(session: StudySession, marks: list[tuple[int, str]]) -> None:
    """Replace the attendance with ``marks`` (person id, status, one per person); an id outside the org is
    refused."""
    ids = [pid for pid, _status in marks]
    allowed = {p.pk: p for p in eligible_people(session.org).filter(pk__in=ids)}
    if session.pk:
        already = Person.objects.filter(pk__in=ids, attendance__session=session)
        allowed |= {p.pk: p for p in already}
    errors: list[str | Promise] = []
    for pid, status in marks:
        if status not in AttendanceStatus.values:
            errors.append(ERR_BAD_STATUS)
        elif pid not in allowed:
            errors.append(ERR_OUTSIDER % {"org": session.org.name})
    if errors:
        raise ValidationError({"attendance": sorted(set(map(str, errors)))})
    changed, _by_model = session.attendance.exclude(person_id__in=ids).delete()
    current = {a.person_id: a for a in session.attendance.all()}
    for pid, status in marks:
        row = current.get(pid) or Attendance(session=session, person=allowed[pid])
        if row.status != status or row.pk is None:
            row.status = status
            row.save()
            changed += 1
    if changed:
        attendance_changed.send(sender=StudySession, session=session)


@transaction.atomic
def study_create(
    *,
    actor: User | None,
    org: Org,
    data: StudyInput,
    attendance: Iterable[tuple[int, str]] = (),
    files: Sequence = (),
) -> StudySession:
    """Record a session held by ``org`` (cleared by access with RECORD_ACTIVITIES); the topic defaults to
    the year's theme. Raises ValidationError (a year closed at ``org``, nobody present and no minutes,
    outsider in the attendance, bad file, no topic)."""
    check_year_open(org=org, date_or_year=data.held_on, field="held_on")
    session = StudySession(org=org, created_by=actor)
    _fill(session, data)
    marks = _one_mark_each(attendance)
    _check_held(session, marks)
    session.save()
    if data.programmes is not None:
        session.programmes.set(data.programmes)
    _set_attendance(session, marks)
    attach_files(files, lambda **f: StudyFile(session=session, **f))
    return session


@transaction.atomic
def study_update(
    *,
    actor: User | None,
    session: StudySession,
    data: StudyInput,
    attendance: Iterable[tuple[int, str]] = (),
    files: Sequence = (),
) -> StudySession:
    """Change a session (cleared by access with RECORD_ACTIVITIES): fields, attendance, added files; refused
    when its date is, or would move, in a year closed at its org."""
    check_year_open(org=session.org, date_or_year=session.held_on, field="held_on")
    check_year_open(org=session.org, date_or_year=data.held_on, field="held_on")
    _fill(session, data)
    marks = _one_mark_each(attendance)
    _check_held(session, marks)
    session.save()
    if data.programmes is not None:
        session.programmes.set(data.programmes)
    _set_attendance(session, marks)
    attach_files(files, lambda **f: StudyFile(session=session, **f))
    return session
