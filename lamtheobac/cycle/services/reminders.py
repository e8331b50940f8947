"""Reminders that come by themselves: each day, what is due is sent once, by a task of the queue.

For every open year, at each org that opened it: ``reminder_days`` days before each deadline (the year's
rules; 7 and 1 by default) and every 7 days once it has passed, whoever still owes something is reminded —
the person for their own commitment (filing it, the mid-year review, the year-end self-assessment), an org's
leaders for its plan, and the nearest leaders who approve for what waits on them (approving, rating). A lower
org that opened the year too reminds its own subtree by its own, earlier deadlines.

Each reminder is a row of ``ReminderLog``, at most one per target, year, kind, duty and day (a unique
constraint): the run, retried after a crash or run by two workers at once, writes each only once, and only
the run that wrote a row gives it its in-app notice (the ``Reminder`` shown on the home page, always) and its
e-mail (when ``EMAIL_HOST`` is set and the reader has not muted e-mail). The rows and their notices are
written in one transaction; an e-mail is claimed before it is sent, so that none goes twice (a worker killed
while sending loses that e-mail rather than sending it again).
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import get_connection, send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheobac.lib import formatting
from lamtheobac.organisation.models import SEGMENT, Org, Person, Role, RoleGrant, path_ids, subtree_q

from .. import quarters
from ..lagging import selectors as lagging_selectors
from ..lagging import services as lagging_services
from ..meetings import selectors as meeting_selectors
from ..models import (
    CellMeeting,
    InterimReviews,
    MailState,
    Period,
    Record,
    RecordKind,
    RecordState,
    Reminder,
    ReminderDuty,
    ReminderEmailMute,
    ReminderKind,
    ReminderLog,
    default_reminder_days,
)
from ..selectors import rules_for

logger = logging.getLogger(__name__)

OVERDUE_EVERY_DAYS = 7
# the records a quarter's review is owed for: approved, and on until the year's rating
REVIEWED_QUARTERLY = (RecordState.APPROVED, RecordState.SELF_ASSESSED)
MAIL_TIMEOUT = 10

# keyed by the plain values (a reminder's kind and duty as stored)
WHAT: dict[tuple[str, str], Any] = {
    (RecordKind.COMMITMENT, ReminderDuty.FILE): gettext_lazy("nộp bản cam kết"),
    (RecordKind.PLAN, ReminderDuty.FILE): gettext_lazy("nộp kế hoạch"),
    (RecordKind.COMMITMENT, ReminderDuty.APPROVE): gettext_lazy("duyệt bản cam kết"),
    (RecordKind.PLAN, ReminderDuty.APPROVE): gettext_lazy("duyệt kế hoạch"),
    (RecordKind.COMMITMENT, ReminderDuty.MIDYEAR): gettext_lazy("sơ kết giữa năm bản cam kết"),
    (RecordKind.PLAN, ReminderDuty.MIDYEAR): gettext_lazy("sơ kết giữa năm kế hoạch"),
    (RecordKind.COMMITMENT, ReminderDuty.ASSESS): gettext_lazy("tự đánh giá bản cam kết"),
    (RecordKind.PLAN, ReminderDuty.ASSESS): gettext_lazy("tự đánh giá kế hoạch"),
    (RecordKind.COMMITMENT, ReminderDuty.RATE): gettext_lazy("đánh giá, xếp loại bản cam kết"),
    (RecordKind.PLAN, ReminderDuty.RATE): gettext_lazy("đánh giá, xếp loại kế hoạch"),
    (RecordKind.COMMITMENT, ReminderDuty.QUARTER): gettext_lazy("đánh giá quý bản cam kết"),
    (RecordKind.PLAN, ReminderDuty.QUARTER): gettext_lazy("đánh giá quý kế hoạch"),
    (ReminderKind.MEETING, ReminderDuty.HOLD): gettext_lazy(
        "sinh hoạt chi bộ có nội dung học tập và làm theo Bác"
    ),
}
MSG_SOON_OWN = gettext_lazy(
    "Còn %(days)s ngày đến hạn %(what)s năm %(year)s (%(deadline)s). Đề nghị đồng chí hoàn thành đúng hạn."
)
MSG_SOON_ORG = gettext_lazy(
    "Còn %(days)s ngày đến hạn %(what)s năm %(year)s của %(org)s (%(deadline)s). Đề nghị hoàn thành đúng hạn."
)
MSG_LATE_OWN = gettext_lazy(
    "Đã quá hạn %(days)s ngày: hạn %(what)s năm %(year)s là %(deadline)s. Đề nghị đồng chí hoàn thành sớm."
)
MSG_LATE_ORG = gettext_lazy(
    "Đã quá hạn %(days)s ngày: hạn %(what)s năm %(year)s của %(org)s là %(deadline)s. Đề nghị hoàn thành sớm."
)
MSG_WAITING = gettext_lazy(
    "%(org)s có %(n)s hồ sơ chờ %(what)s; hạn là %(deadline)s (%(when)s). Đề nghị xem xét sớm."
)
WHEN_SOON = gettext_lazy("còn %(days)s ngày")
WHEN_LATE = gettext_lazy("đã quá %(days)s ngày")
SUBJECT = gettext_lazy("Nhắc %(what)s năm %(year)s")
MSG_MEETING = gettext_lazy(
    "Còn %(days)s ngày là hết tháng %(month)s/%(year)s mà %(org)s chưa ghi nhận nội dung học tập và làm theo "
    "Bác trong sinh hoạt chi bộ tháng này. Đề nghị đồng chí bí thư chi bộ đưa nội dung này vào buổi sinh hoạt "
    "thường kỳ, kiểm điểm việc thực hiện cam kết của đảng viên và ghi nhận kết quả."
)


@dataclass
class Owed:
    """Something one target owes by one deadline, found by the daily run."""

    kind: str
    duty: str
    year: int
    deadline: datetime.date
    person: Person | None = None
    org: Org | None = None
    count: int = 0  # records waiting, for a duty of the leaders

    @property
    def key(self) -> tuple:
        target = ("p", self.person.pk) if self.person is not None else ("o", self.org.pk)  # type: ignore[union-attr]
        return (self.kind, self.duty, self.year, *target)


@dataclass
class DailyResult:
    day: datetime.date
    sent: int = 0  # reminders written by this run (each with its in-app notice)
    already: int = 0  # sent earlier the same day (a retry, another worker)
    mailed: int = 0
    by_duty: dict[str, int] = field(default_factory=dict)


# --- When ---------------------------------------------------------------------------------------------


def offset(deadline: datetime.date | None, today: datetime.date, days_before: list[int]) -> int | None:
    """Days past the deadline (negative: before it) when ``today`` is a day to remind, else None: one of
    ``days_before`` days before it, or a whole number of weeks after it."""
    if deadline is None:
        return None
    delta = (today - deadline).days
    if delta < 0 and -delta in days_before:
        return delta
    if delta > 0 and delta % OVERDUE_EVERY_DAYS == 0:
        return delta
    return None


def _days_before(period: Period) -> list[int]:
    days = period.reminder_days if isinstance(period.reminder_days, list) else default_reminder_days()
    return [int(d) for d in days if str(d).isascii() and str(d).isdigit() and int(d) > 0]


# --- Who owes what ------------------------------------------------------------------------------------


def _roots(today: datetime.date) -> list[tuple[Period, list[str]]]:
    """The open periods of this year and the last, each with the paths of the lower orgs that opened the
    same year (their subtrees follow their own deadlines)."""
    periods = list(
        Period.objects.filter(year__in=[today.year - 1, today.year], state=Period.State.OPEN).select_related(
            "org"
        )
    )
    result = []
    for period in periods:
        lower = [
            p.org.path
            for p in periods
            if p.year == period.year and p.pk != period.pk and p.org.path.startswith(period.org.path)
        ]
        result.append((period, lower))
    return result


def _outside(lower: list[str], *paths: str) -> bool:
    return not any(path.startswith(low) for low in lower for path in paths if path)


def _filing(period: Period, lower: list[str], today: datetime.date) -> list[Owed]:
    """Plans and commitments not filed, or filed and waiting for approval, by their deadlines (what the
    lagging page would remind of, found as it finds it)."""
    rules = rules_for(period.org, period.year)
    days = _days_before(period)
    found: list[Owed] = []
    for kind, deadline in (
        (RecordKind.PLAN, rules.plan_deadline),
        (RecordKind.COMMITMENT, rules.commitment_deadline),
    ):
        if offset(deadline, today, days) is None:
            continue
        assert deadline is not None
        # the lagging page's list as it will be the day after the deadline, if nothing changes meanwhile
        report = lagging_selectors.lagging(
            period.org, period.year, today=max(today, deadline + datetime.timedelta(1))
        )
        lags = [
            lag
            for lag in (report.plans.lags if kind == RecordKind.PLAN else report.commitments.lags)
            if _outside(lower, lag.org.path, lag.record.org.path if lag.record else "")
        ]
        for intent in lagging_services._intents(report, lags, lagging_services.RemindResult()):
            found.append(
                Owed(
                    kind=intent.kind,
                    duty=intent.duty,
                    year=period.year,
                    deadline=deadline,
                    person=intent.person,
                    org=None if intent.person else intent.org,
                    count=intent.count,
                )
            )
    return found


def _leaders(root: Org) -> set[int]:
    return set(
        RoleGrant.objects.filter(subtree_q(root.path, "org__path"), role=Role.LEADER, user__is_active=True)
        .values_list("org_id", flat=True)
        .distinct()
    )


def _nearest_led(org: Org | None, root: Org, led: set[int]) -> int | None:
    if org is None or not org.path.startswith(root.path):
        return None
    ids = path_ids(org.path)[len(root.path) // SEGMENT - 1 :]
    return next((pk for pk in reversed(ids) if pk in led), None)


def _reviews(period: Period, lower: list[str], today: datetime.date) -> list[Owed]:
    """The mid-year review and the year-end self-assessment of approved records (to their writers), and
    the rating of self-assessed ones (to the nearest leaders who approve them)."""
    rules = rules_for(period.org, period.year)
    days = _days_before(period)
    records = Record.objects.filter(subtree_q(period.org.path, "org__path"), year=period.year).select_related(
        "org__parent", "person__user"
    )
    found: list[Owed] = []
    midyear = rules.midyear_deadline if rules.interim_reviews == InterimReviews.MIDYEAR else None
    if offset(midyear, today, days) is not None:
        unreviewed = records.filter(state=RecordState.APPROVED).exclude(
            items__interim_assessments__stage="h1"
        )
        found += _own(unreviewed.distinct(), ReminderDuty.MIDYEAR, midyear, period.year, lower)  # type: ignore[arg-type]
    yearend = rules.yearend_deadline
    if offset(yearend, today, days) is not None:
        assert yearend is not None
        found += _own(
            records.filter(state=RecordState.APPROVED), ReminderDuty.ASSESS, yearend, period.year, lower
        )
        found += _to_approvers(
            records.filter(state=RecordState.SELF_ASSESSED), ReminderDuty.RATE, yearend, period, lower
        )
    if rules.interim_reviews == InterimReviews.QUARTERLY:
        found += _quarterly(period, records, days, today, lower, yearend)
    return found


def _quarterly(period: Period, records, days: list[int], today: datetime.date, lower, yearend) -> list[Owed]:
    """A year with quarterly reviews (QĐ 366-QĐ/TW, 30/8/2025, reviews "theo nhiệm kỳ, hằng năm, hằng quý
    hoặc khi cần thiết"; thanhnien.vn, dantri.com.vn 20/9/2025): the approved records not reviewed yet for a
    quarter whose review is due (its last day; the fourth's, the year-end deadline), to the nearest leaders
    who approve them, the year's ``reminder_days`` before and weekly after. Two quarters owed on one day
    (one overdue, the next near) make one reminder, the older quarter's, as for any duty."""
    found: list[Owed] = []
    for quarter in quarters.QUARTERS:
        deadline = quarters.due(period.year, quarter, yearend)
        if offset(deadline, today, days) is None:
            continue
        unreviewed = records.filter(state__in=REVIEWED_QUARTERLY).exclude(quarter_reviews__quarter=quarter)
        found += _to_approvers(unreviewed, ReminderDuty.QUARTER, deadline, period, lower)
    return found


def _to_approvers(records, duty: str, deadline: datetime.date, period: Period, lower) -> list[Owed]:
    """One reminder per kind of record and nearest led org above the records (who approves them), counting
    the records waiting on it."""
    led = _leaders(period.org)
    waiting: dict[tuple[str, int], Owed] = {}
    for record in records:
        if not _outside(lower, record.org.path):
            continue
        base = record.org if record.kind == RecordKind.COMMITMENT else record.org.parent
        approver = _nearest_led(base, period.org, led)
        if approver is None:
            continue
        owed = waiting.setdefault(
            (record.kind, approver), Owed(record.kind, duty, period.year, deadline, org=Org(pk=approver))
        )
        owed.count += 1
    if waiting:
        orgs = Org.objects.in_bulk([pk for _kind, pk in waiting])
        for (_kind, pk), owed in waiting.items():
            owed.org = orgs[pk]
    return list(waiting.values())


def _own(records, duty: str, deadline: datetime.date, year: int, lower: list[str]) -> list[Owed]:
    """Reminders to the writers of ``records``: the person with an account or an address, the org."""
    found = []
    for record in records:
        if not _outside(lower, record.org.path):
            continue
        if record.kind == RecordKind.COMMITMENT:
            person = record.person
            if person is None or not (
                (person.user is not None and person.user.is_active) or (settings.EMAIL_HOST and person.email)
            ):
                continue
            found.append(Owed(record.kind, duty, year, deadline, person=person))
        else:
            found.append(Owed(record.kind, duty, year, deadline, org=record.org))
    return found


def _meetings(period: Period, lower: list[str], today: datetime.date) -> list[Owed]:
    """The cells of the year's subtree that have not recorded this month's "làm theo Bác" item, the year's
    ``reminder_days`` days before the month ends (to the cell's leaders: its secretary). Before only: once
    the month is over, the lagging page lists the cell."""
    if period.year != today.year:
        return []
    deadline = meeting_selectors.month_end(today.year, today.month)
    delta = offset(deadline, today, _days_before(period))
    if delta is None or delta >= 0:
        return []
    held = set(
        CellMeeting.objects.filter(
            subtree_q(period.org.path, "org__path"), year=today.year, month=today.month
        ).values_list("org_id", flat=True)
    )
    return [
        Owed(ReminderKind.MEETING, ReminderDuty.HOLD, period.year, deadline, org=cell)
        for cell in meeting_selectors.cells_of(period.org).order_by("path")
        if cell.pk not in held and _outside(lower, cell.path)
    ]


def reminders_due(*, today: datetime.date) -> list[Owed]:
    """Everything to remind of on ``today``, one per target, year, kind and duty."""
    owed: dict[tuple, Owed] = {}
    for period, lower in _roots(today):
        for item in (
            _filing(period, lower, today) + _reviews(period, lower, today) + _meetings(period, lower, today)
        ):
            owed.setdefault(item.key, item)
    return list(owed.values())


# --- Writing and sending ------------------------------------------------------------------------------


def _message(owed: Owed, today: datetime.date) -> str:
    delta = (today - owed.deadline).days
    values = {
        "what": WHAT[(owed.kind, owed.duty)],
        "year": owed.year,
        "deadline": formatting.date(owed.deadline),
        "days": formatting.number(abs(delta)),
        "org": owed.org.name if owed.org is not None else "",
        "n": formatting.number(owed.count),
        "month": owed.deadline.month,
    }
    if owed.kind == ReminderKind.MEETING:
        return str(MSG_MEETING % values)
    if owed.duty in (ReminderDuty.APPROVE, ReminderDuty.RATE, ReminderDuty.QUARTER):
        values["when"] = (WHEN_LATE if delta > 0 else WHEN_SOON) % values
        return str(MSG_WAITING % values)
    if owed.person is not None:
        return str((MSG_LATE_OWN if delta > 0 else MSG_SOON_OWN) % values)
    return str((MSG_LATE_ORG if delta > 0 else MSG_SOON_ORG) % values)


def _mutes() -> set[int]:
    return set(ReminderEmailMute.objects.values_list("user_id", flat=True))


def _person_address(person: Person, muted: set[int]) -> list[str]:
    user = person.user
    if user is not None and user.pk in muted:
        return []
    email = user.email if user is not None and user.is_active and user.email else person.email
    return [email] if email else []


def _leader_addresses(org_ids: set[int], muted: set[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    grants = RoleGrant.objects.filter(org_id__in=org_ids, role=Role.LEADER, user__is_active=True).exclude(
        user__email=""
    )
    for org_id, user_id, email in grants.values_list("org_id", "user_id", "user__email").order_by(
        "org_id", "user__email"
    ):
        if user_id not in muted and email not in found[org_id]:
            found[org_id].append(email)
    return found


@transaction.atomic
def _write(owed: list[Owed], today: datetime.date, run: str) -> list[ReminderLog]:
    """The day's rows no earlier run wrote, with their in-app notices; returns this run's rows."""
    mail = bool(settings.EMAIL_HOST)
    muted = _mutes() if mail else set()
    leaders = _leader_addresses({o.org.pk for o in owed if o.person is None}, muted) if mail else {}  # type: ignore[union-attr]
    rows = []
    for o in owed:
        addresses = _person_address(o.person, muted) if o.person else leaders.get(o.org.pk, [])  # type: ignore[union-attr]
        rows.append(
            ReminderLog(
                day=today,
                kind=o.kind,
                duty=o.duty,
                year=o.year,
                deadline=o.deadline,
                target_person=o.person,
                target_org=None if o.person else o.org,
                count=o.count,
                message=_message(o, today),
                run=run,
                mail_state=MailState.PENDING if mail and addresses else MailState.NONE,
            )
        )
    ReminderLog.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    mine = list(ReminderLog.objects.filter(day=today, run=run).order_by("id"))
    for log in mine:
        log.reminder = _notice(log)
    ReminderLog.objects.bulk_update(mine, ["reminder"], batch_size=1000)
    return mine


def _notice(log: ReminderLog) -> Reminder:
    """The in-app notice of a reminder: the unread one about the same thing brought up to date, or a new
    one (one unread reminder per target, year, kind and duty, as the lagging page keeps them)."""
    target: dict[str, object] = (
        {"target_person": log.target_person} if log.target_person_id else {"target_org": log.target_org}
    )
    unread = Reminder.objects.filter(
        year=log.year, kind=log.kind, duty=log.duty, seen_at__isnull=True, **target
    ).first()
    if unread is not None:
        Reminder.objects.filter(pk=unread.pk).update(
            message=log.message, created_at=timezone.now(), sender=None, sender_org=None, emailed_at=None
        )
        return unread
    return Reminder.objects.create(kind=log.kind, duty=log.duty, year=log.year, message=log.message, **target)


def _mail(today: datetime.date, home_url: str) -> int:
    """Send the day's e-mails not sent yet: each claimed first, so that two workers never send one twice."""
    claim, now = uuid.uuid4().hex, timezone.now()
    # E-mails claimed by a run that died while sending are not sent again (never twice): marked failed.
    stalled = now - datetime.timedelta(seconds=settings.TASK_STALLED_AFTER_SECONDS)
    ReminderLog.objects.filter(mail_state=MailState.SENDING, emailed_at__lt=stalled).update(
        mail_state=MailState.FAILED, emailed_at=None
    )
    pending = ReminderLog.objects.filter(day=today, mail_state=MailState.PENDING)
    if not pending.update(mail_state=MailState.SENDING, run=claim, emailed_at=now):  # emailed_at: claimed at
        return 0
    logs = list(
        ReminderLog.objects.filter(day=today, mail_state=MailState.SENDING, run=claim).select_related(
            "target_person__user", "target_org"
        )
    )
    muted = _mutes()
    leaders = _leader_addresses({log.target_org_id for log in logs if log.target_org_id is not None}, muted)
    messages, sent_ids, counts = [], [], {}
    for log in logs:
        if log.target_person is not None:
            to = _person_address(log.target_person, muted)
        else:
            to = leaders.get(log.target_org_id or 0, [])
        if not to:
            continue
        what = WHAT[(log.kind, log.duty)]
        subject = "[" + _("Làm theo Bác") + "] " + str(SUBJECT % {"what": what, "year": log.year})
        body = log.message + (
            "\n\n" + _("Xem và thực hiện tại: %(url)s") % {"url": home_url} if home_url else ""
        )
        messages.append((subject, body, None, to))
        sent_ids.append(log.pk)
        counts[log.pk] = len(to)
    try:
        sent = send_mass_mail(messages, fail_silently=False, connection=get_connection(timeout=MAIL_TIMEOUT))
    except Exception:  # a mail server down: the in-app notices stand; the e-mails are marked failed
        logger.exception("Daily reminder e-mails could not be sent (%s messages)", len(messages))
        ReminderLog.objects.filter(pk__in=[log.pk for log in logs]).update(
            mail_state=MailState.FAILED, emailed_at=None
        )
        return 0
    now = timezone.now()
    for pk in sent_ids:
        ReminderLog.objects.filter(pk=pk).update(
            mail_state=MailState.SENT, emailed_at=now, mailed_to=counts[pk]
        )
    ReminderLog.objects.filter(pk__in=[log.pk for log in logs if log.pk not in counts]).update(
        mail_state=MailState.NONE, emailed_at=None
    )
    Reminder.objects.filter(pk__in=[log.reminder_id for log in logs if log.pk in counts]).update(
        emailed_at=now
    )
    return sent


def reminders_send_due(*, today: datetime.date | None = None, home_url: str = "") -> DailyResult:
    """The daily run (the task ``cycle.tasks.send_due_reminders``; anyone may call it, any number of times a
    day): write what is due today and not written yet, with its in-app notices, then send the e-mails."""
    today = today or timezone.localdate()
    owed = reminders_due(today=today)
    mine = _write(owed, today, uuid.uuid4().hex)
    result = DailyResult(day=today, sent=len(mine), already=len(owed) - len(mine))
    for log in mine:
        result.by_duty[log.duty] = result.by_duty.get(log.duty, 0) + 1
    if settings.EMAIL_HOST:
        result.mailed = _mail(today, home_url or getattr(settings, "SITE_URL", ""))
    logger.info(
        "Nhắc nhở ngày %s: %s lời nhắc mới, %s đã gửi trước đó, %s thư",
        today,
        result.sent,
        result.already,
        result.mailed,
    )
    return result


# --- Muting ------------------------------------------------------------------------------------------


def reminder_email_mute(*, actor, mute: bool) -> bool:
    """Mute (or unmute) the daily reminders' e-mails for the actor themselves; returns the new setting."""
    if mute:
        ReminderEmailMute.objects.get_or_create(user=actor)
    else:
        ReminderEmailMute.objects.filter(user=actor).delete()
    return mute
