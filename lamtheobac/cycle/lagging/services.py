"""Reminding the lagging ones of the lagging page, and marking a reminder seen.

A reminder goes only where it can reach someone (``selectors.Lag.reachable``): the person for their own
commitment, the org's leaders for its plan, and, when a filed record waits, the nearest leaders who may
approve it, gathered into one reminder per approving org. The others are counted, not sent: a reminder
nobody can read would only make the page say "sent" when nobody was told.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection, send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheobac.lib import formatting
from lamtheobac.lib.text import plain
from lamtheobac.organisation.access import AnyUser
from lamtheobac.organisation.models import Org, Person, Role, RoleGrant

from ..models import RecordKind, Reminder, ReminderDuty
from .selectors import Lag, Lagging, Status, lags_filtered

logger = logging.getLogger(__name__)

NOTE_MAX = 400  # the sender's own words added under the default text
MAIL_TIMEOUT = 10  # seconds: a dead mail server must not hold the page for long

ERR_YEAR_NOT_OPEN = gettext_lazy("Năm %(year)s chưa được mở hoặc đã kết thúc: không gửi nhắc nhở được.")

MSG_COMMITMENT_MISSING = gettext_lazy(
    "Đồng chí chưa nộp bản cam kết năm %(year)s; hạn nộp %(deadline)s. Đề nghị hoàn thành sớm."
)
MSG_COMMITMENT_RETURNED = gettext_lazy(
    "Bản cam kết năm %(year)s của đồng chí đã được trả lại để sửa nhưng chưa nộp lại; hạn nộp %(deadline)s. "
    "Đề nghị hoàn thành sớm."
)
MSG_PLAN_MISSING = gettext_lazy(
    "%(org)s chưa nộp kế hoạch học tập và làm theo Bác năm %(year)s; hạn nộp %(deadline)s. "
    "Đề nghị hoàn thành sớm."
)
MSG_PLAN_RETURNED = gettext_lazy(
    "Kế hoạch năm %(year)s của %(org)s đã được trả lại để sửa nhưng chưa nộp lại; hạn nộp %(deadline)s. "
    "Đề nghị hoàn thành sớm."
)
MSG_APPROVE_PLANS = gettext_lazy(
    "Có %(n)s kế hoạch năm %(year)s của tập thể trực thuộc %(org)s đã nộp nhưng chưa được duyệt "
    "(lâu nhất %(days)s ngày). Đề nghị xem xét, duyệt sớm."
)
MSG_APPROVE_COMMITMENTS = gettext_lazy(
    "%(org)s có %(n)s bản cam kết năm %(year)s đã nộp nhưng chưa được duyệt (lâu nhất %(days)s ngày). "
    "Đề nghị xem xét, duyệt sớm."
)
SUBJECTS = {
    (RecordKind.COMMITMENT, ReminderDuty.FILE): gettext_lazy("Nhắc nộp bản cam kết năm %(year)s"),
    (RecordKind.PLAN, ReminderDuty.FILE): gettext_lazy("Nhắc nộp kế hoạch năm %(year)s"),
    (RecordKind.COMMITMENT, ReminderDuty.APPROVE): gettext_lazy("Nhắc duyệt bản cam kết năm %(year)s"),
    (RecordKind.PLAN, ReminderDuty.APPROVE): gettext_lazy("Nhắc duyệt kế hoạch năm %(year)s"),
}


# --- Reminding --------------------------------------------------------------------------------


@dataclass
class _Intent:
    """A reminder to create, before checking for an unread one already waiting."""

    kind: str
    duty: str
    org: Org | None = None
    person: Person | None = None
    status: Status | None = None  # of the lagging record, for a reminder to file
    count: int = 0  # of the waiting records, for a reminder to approve
    days: int = 0

    @property
    def key(self) -> tuple:
        return ("p", self.person.pk) if self.person else ("o", self.org.pk)  # type: ignore[union-attr]


@dataclass
class RemindResult:
    created: int = 0
    already: int = 0  # an unread reminder for the same target, year and kind was waiting already
    skipped: int = 0  # waiting records with no leader to approve them inside the page's org
    unreachable: int = 0  # people with no account (nor address), orgs with no leader with an account
    mailed: int = 0


def _intents(report: Lagging, lags: list[Lag], result: RemindResult) -> list[_Intent]:
    """What to send for the chosen lags: one intent per target, waiting records gathered per approver;
    those nobody would hear are counted in ``result``."""
    intents: dict[tuple, _Intent] = {}
    for lag in lags:
        kind = lag.kind
        if not lag.is_waiting:
            if not lag.reachable:
                result.unreachable += 1
                continue
            intent = _Intent(
                kind,
                ReminderDuty.FILE,
                org=None if lag.person else lag.org,
                person=lag.person,
                status=lag.status,
            )
            intents[(kind, ReminderDuty.FILE, *intent.key)] = intent
            continue
        if lag.approver_id is None:
            result.skipped += 1
            continue
        key = (kind, ReminderDuty.APPROVE, "o", lag.approver_id)
        intent = intents.setdefault(key, _Intent(kind, ReminderDuty.APPROVE))
        intent.count += 1
        intent.days = max(intent.days, lag.days_waiting or 0)
    approving = [(key[3], intent) for key, intent in intents.items() if intent.duty == ReminderDuty.APPROVE]
    if approving:
        orgs = Org.objects.in_bulk([pk for pk, _intent in approving])
        for pk, intent in approving:
            intent.org = orgs[pk]
    return list(intents.values())


def _message(intent: _Intent, report: Lagging) -> str:
    """The default text of a reminder, in the words a Party office would write."""
    year = report.year
    if intent.duty == ReminderDuty.APPROVE:
        template = MSG_APPROVE_PLANS if intent.kind == RecordKind.PLAN else MSG_APPROVE_COMMITMENTS
        org_name = intent.org.name  # type: ignore[union-attr]
        return str(template) % {
            "n": formatting.number(intent.count),
            "year": year,
            "org": org_name,
            "days": formatting.number(intent.days),
        }
    returned = intent.status == Status.RETURNED
    if intent.person is not None:
        template = MSG_COMMITMENT_RETURNED if returned else MSG_COMMITMENT_MISSING
        deadline = report.commitments.deadline
    else:
        template = MSG_PLAN_RETURNED if returned else MSG_PLAN_MISSING
        deadline = report.plans.deadline
    name = intent.org.name if intent.org else ""
    return str(template) % {"year": year, "deadline": formatting.date(deadline), "org": name}


def _unread_keys(year: int, intents: list[_Intent]) -> set[tuple]:
    """Keys of the intents that already have an unread reminder (one query)."""
    people = [i.person.pk for i in intents if i.person]
    orgs = [i.org.pk for i in intents if i.org and not i.person]
    unread = Reminder.objects.filter(year=year, seen_at__isnull=True).filter(
        Q(target_person_id__in=people) | Q(target_org_id__in=orgs)
    )
    keys = set()
    for kind, duty, person_id, org_id in unread.values_list(
        "kind", "duty", "target_person_id", "target_org_id"
    ):
        keys.add((kind, duty, "p", person_id) if person_id else (kind, duty, "o", org_id))
    return keys


def _chosen(
    report: Lagging,
    people: Collection[int] | None,
    orgs: Collection[int] | None,
    status: str | None,
    kind: str | None,
) -> list[Lag]:
    """All lags (of a kind of lateness and of record) when nothing is named; otherwise only the named
    people and orgs that do lag."""
    if people is None and orgs is None:
        return lags_filtered(report, status=status, kind=kind)
    people, orgs = set(people or ()), set(orgs or ())
    return [lag for lag in report.plans.lags if lag.org.pk in orgs] + [
        lag
        for lag in report.commitments.lags
        if lag.person.pk in people  # type: ignore[union-attr]
    ]


def remind(
    *,
    actor: AnyUser | None,
    report: Lagging,
    people: Collection[int] | None = None,
    orgs: Collection[int] | None = None,
    status: str | None = None,
    kind: str | None = None,
    note: str = "",
    home_url: str = "",
) -> RemindResult:
    """Remind the lagging ones of ``report``: everyone (of one kind of lateness, ``status``, and of one kind
    of record, ``kind``, when given), or only the named people and orgs among them.

    Called with a report built on an org the actor may remind at (``Cap.REMIND``, checked by the view) and
    ids the view has checked to be in that org's subtree. Creates one reminder per target a reminder can
    reach, none where an unread one waits already, then mails the new ones when a mail server is
    configured. Raises ``ValidationError`` when the year is not open.
    """
    if not report.is_open:
        raise ValidationError(ERR_YEAR_NOT_OPEN % {"year": report.year})
    result = RemindResult()
    intents = _intents(report, _chosen(report, people, orgs, status, kind), result)
    note = plain(note, NOTE_MAX)
    try:
        reminders = _create(actor, report, intents, note, result)
    except IntegrityError:
        # Another click created some of these reminders meanwhile: look again and keep theirs.
        reminders = _create(actor, report, intents, note, result)
    result.created = len(reminders)
    if settings.EMAIL_HOST and reminders:
        result.mailed = _mail(reminders, home_url)
    return result


@transaction.atomic
def _create(
    actor: AnyUser | None, report: Lagging, intents: list[_Intent], note: str, result: RemindResult
) -> list[Reminder]:
    """Create the reminders no unread one covers yet; counts the others in ``result.already``."""
    waiting = _unread_keys(report.year, intents)
    fresh = [i for i in intents if (i.kind, i.duty, *i.key) not in waiting]
    result.already = len(intents) - len(fresh)
    sender = actor if actor is not None and actor.is_authenticated else None
    reminders = [
        Reminder(
            kind=i.kind,
            duty=i.duty,
            year=report.year,
            target_org=None if i.person else i.org,
            target_person=i.person,
            message=_message(i, report) + (f"\n{note}" if note else ""),
            sender=sender,
            sender_org=report.org,
        )
        for i in fresh
    ]
    return Reminder.objects.bulk_create(reminders)


# --- E-mail -----------------------------------------------------------------------------------


def _recipients(reminders: list[Reminder]) -> dict[int, list[str]]:
    """E-mail addresses per reminder: the person's, or those of the leaders of the target org."""
    org_ids = {r.target_org_id for r in reminders if r.target_org_id}
    leaders: dict[int, list[str]] = {}
    grants = RoleGrant.objects.filter(org_id__in=org_ids, role=Role.LEADER, user__is_active=True).exclude(
        user__email=""
    )
    for org_id, email in grants.values_list("org_id", "user__email").order_by("org_id", "user__email"):
        leaders.setdefault(org_id, []).append(email)
    result: dict[int, list[str]] = {}
    for i, r in enumerate(reminders):
        if r.target_person is not None:
            user = r.target_person.user
            email = (
                user.email if user is not None and user.is_active and user.email else r.target_person.email
            )
            result[i] = [email] if email else []
        else:
            result[i] = leaders.get(r.target_org_id, [])  # type: ignore[arg-type]
    return result


def _mail(reminders: list[Reminder], home_url: str) -> int:
    """Send one e-mail per reminder that has an address; log and carry on when the server fails."""
    recipients = _recipients(reminders)
    messages = []
    for i, r in enumerate(reminders):
        if not recipients[i]:
            continue
        subject = (
            "["
            + _("Làm theo Bác")
            + "] "
            + str(SUBJECTS[(RecordKind(r.kind), ReminderDuty(r.duty))]) % {"year": r.year}
        )
        body = r.message
        if r.sender_org is not None:
            body += "\n\n" + _("Nơi nhắc: %(org)s.") % {"org": r.sender_org.name}
        if home_url:
            body += "\n" + _("Xem và thực hiện tại: %(url)s") % {"url": home_url}
        messages.append((subject, body, None, recipients[i]))
    if not messages:
        return 0
    try:
        sent = send_mass_mail(messages, fail_silently=False, connection=get_connection(timeout=MAIL_TIMEOUT))
    except Exception:  # a mail server down or refusing must never fail the reminding itself
        logger.exception("Reminder e-mails could not be sent (%s messages)", len(messages))
        return 0
    Reminder.objects.filter(pk__in=[r.pk for r in reminders if r.pk]).update(emailed_at=timezone.now())
    return sent


def reminder_mark_seen(*, actor: AnyUser, reminder: Reminder) -> Reminder:
    """Mark a reminder seen (cleared by ``access_reminder``); seeing it twice changes nothing."""
    if reminder.seen_at is None:
        reminder.seen_at, reminder.seen_by = timezone.now(), actor  # type: ignore[assignment]
        reminder.save(update_fields=["seen_at", "seen_by"])
    return reminder
