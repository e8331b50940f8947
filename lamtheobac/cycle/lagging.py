"""Who lags behind a year's deadlines in an org's subtree, and the reminders sent to them.

"Required" is what the dashboard counts (``reports.stats``): active orgs of the plan kinds in force where
they sit (except the org that opened the year: it directs, it does not file) and active people of the
commitment kinds in force in their org. "Filed" is the dashboard's too (``workflow.filed_q``), so the
page's counts split who must file with nothing left over or counted twice: approved, filed and waiting
for a leader, and not filed (no record, a draft, or returned and not resubmitted). Once a deadline has
passed, a required org or person lags until their record is approved. Before the deadline nobody lags.

A reminder goes to whoever can move things on: the person for their own commitment, the org's leaders for
its plan, and, when a filed record waits, the nearest leaders who may approve it (from the org it was
filed in up for a commitment, from the parent up for a plan), gathered into one reminder per approving
org. Reminders are also the one door to themselves: ``reminders_addressed_to`` and ``access_reminder``.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection, send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheobac.lib import formatting
from lamtheobac.lib.fields import object_id
from lamtheobac.lib.text import plain
from lamtheobac.organisation import access as org_access
from lamtheobac.organisation.access import AnyUser
from lamtheobac.organisation.models import SEGMENT, Org, Person, Role, RoleGrant, path_ids, subtree_q

from .models import Record, RecordKind, RecordState, Reminder, ReminderDuty
from .rules import Rules, required_filters, rules_for
from .workflow import approved_q, counted_state, filed_q, is_filed, returned_q

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


class Status(StrEnum):
    MISSING = "missing"  # no record at all
    DRAFT = "draft"  # written, never submitted
    RETURNED = "returned"  # sent back by a leader, not resubmitted
    WAITING = "waiting"  # submitted, not approved yet


STATUS_LABELS = {
    Status.MISSING: gettext_lazy("Chưa có"),
    Status.DRAFT: gettext_lazy("Đang soạn, chưa nộp"),
    Status.RETURNED: gettext_lazy("Bị trả lại, chưa nộp lại"),
    Status.WAITING: gettext_lazy("Đã nộp, chờ duyệt"),
}


# --- Who lags ---------------------------------------------------------------------------------


@dataclass
class Lag:
    """One plan (``person`` is None) or commitment behind its deadline."""

    org: Org  # the collective, or the person's current org
    person: Person | None
    record: Record | None
    status: Status
    days: int  # days past the deadline; for a waiting record, days since it was submitted
    # For a waiting record: the nearest org at or above its approvers' level, inside the page's org, where
    # someone holds the leader role. None when nobody there can be reminded to approve it.
    approver_id: int | None = None
    reachable: bool = True  # a reminder would reach someone (an account, an address, a leader)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def is_waiting(self) -> bool:
        return self.status == Status.WAITING


@dataclass
class LagGroup:
    """The lagging people of one org (usually a cell)."""

    org: Org
    lags: list[Lag] = field(default_factory=list)


@dataclass
class Part:
    """Plans or commitments: the deadline in force, how many must file and how far they are, who is behind.

    ``filed``, ``approved`` and ``returned`` count the records of those who must file, whatever the date:
    approved + waiting + not filed = required, returned being a part of not filed."""

    kind: str
    deadline: datetime.date | None
    required: int
    today: datetime.date
    lags: list[Lag] = field(default_factory=list)
    filed: int = 0
    approved: int = 0
    returned: int = 0  # returned for correction, not resubmitted

    @property
    def due(self) -> bool:
        """The deadline has passed: from now on, whoever is not approved lags."""
        return self.deadline is not None and self.today > self.deadline

    @property
    def days_past(self) -> int:
        return (self.today - self.deadline).days if self.due else 0  # type: ignore[operator]

    @property
    def not_filed(self) -> int:
        """No record, a draft, or returned and not resubmitted."""
        return self.required - self.filed

    @property
    def waiting(self) -> int:
        """Filed, waiting for a leader's approval."""
        return self.filed - self.approved

    def count(self, records: QuerySet[Record]) -> None:
        """Count the records of those who must file (one each at most), as the dashboard counts them."""
        found = records.aggregate(
            filed=Count("id", filter=filed_q()),
            approved=Count("id", filter=approved_q()),
            returned=Count("id", filter=returned_q()),
        )
        self.filed, self.approved, self.returned = found["filed"], found["approved"], found["returned"]


@dataclass
class Lagging:
    org: Org
    year: int
    today: datetime.date
    rules: Rules
    plans: Part
    commitments: Part

    @property
    def opened(self) -> bool:
        return bool(self.rules.periods)

    @property
    def is_open(self) -> bool:
        return self.rules.is_open

    @property
    def total(self) -> int:
        return len(self.plans.lags) + len(self.commitments.lags)

    @property
    def groups(self) -> list[LagGroup]:
        """Lagging people by their current org, orgs in tree order (people are already in name order)."""
        groups: dict[int, LagGroup] = {}
        for lag in self.commitments.lags:
            groups.setdefault(lag.org.pk, LagGroup(org=lag.org)).lags.append(lag)
        return sorted(groups.values(), key=lambda g: g.org.path)


def _status(record: Record | None) -> Status:
    """Where a record not approved stands, filed or not as ``workflow.is_filed`` decides."""
    if record is None:
        return Status.MISSING
    if is_filed(
        submitted_at=record.submitted_at, state=record.state, state_before_lock=record.state_before_lock
    ):
        return Status.WAITING
    if counted_state(record.state, record.state_before_lock) == RecordState.RETURNED:
        return Status.RETURNED
    return Status.DRAFT


def _lag(org: Org, person: Person | None, record: Record | None, deadline: datetime.date, today) -> Lag:
    status = _status(record)
    if status == Status.WAITING:
        days = (today - timezone.localdate(record.submitted_at)).days  # type: ignore[union-attr, arg-type]
    else:
        days = (today - deadline).days
    return Lag(org=org, person=person, record=record, status=status, days=max(days, 0))


def _not_approved(kind: str, year: int) -> Q:
    """Rows (orgs or people) without an approved record of ``kind`` for ``year``."""
    approved = Record.objects.filter(approved_q(), kind=kind, year=year)
    if kind == RecordKind.PLAN:
        return ~Q(pk__in=approved.values("org_id"))
    return ~Q(pk__in=approved.values("person_id"))


def _required(org: Org, rules: Rules) -> tuple[Q, Q]:
    """Who must file, decided org by org as the dashboard decides it (a lower period may add kinds)."""
    return required_filters(org, rules.year, rules)


def _plans(org: Org, rules: Rules, today: datetime.date, who: Q) -> Part:
    required = Org.objects.filter(subtree_q(org.path)).filter(who)
    deadline = rules.plan_deadline
    part = Part(RecordKind.PLAN, deadline, required=required.count(), today=today)
    if not part.required:
        return part
    part.count(Record.objects.filter(kind=RecordKind.PLAN, year=rules.year, org__in=required))
    if not part.due:
        return part
    behind = required.filter(_not_approved(RecordKind.PLAN, rules.year))
    orgs = list(behind.select_related("parent").order_by("path"))
    records = Record.objects.filter(kind=RecordKind.PLAN, year=rules.year, org__in=behind)
    by_org = {r.org_id: r for r in records}
    for o in orgs:
        if o.pk in by_org:
            by_org[o.pk].org = o  # the row in hand: reading record.org costs no query
    part.lags = [_lag(o, None, by_org.get(o.pk), deadline, today) for o in orgs]  # type: ignore[arg-type]
    return part


def _commitments(org: Org, rules: Rules, today: datetime.date, who: Q) -> Part:
    required = Person.objects.filter(subtree_q(org.path, "org__path")).filter(who)
    deadline = rules.commitment_deadline
    part = Part(RecordKind.COMMITMENT, deadline, required=required.count(), today=today)
    if not part.required:
        return part
    # by person, wherever the record was written, as the list below finds it
    part.count(Record.objects.filter(kind=RecordKind.COMMITMENT, year=rules.year, person__in=required))
    if not part.due:
        return part
    behind = required.filter(_not_approved(RecordKind.COMMITMENT, rules.year))
    people = list(behind.select_related("org", "user").order_by("org__path", "name_sort", "id"))
    # By person, wherever the record was written: someone who moved keeps the commitment they filed.
    records = Record.objects.filter(
        kind=RecordKind.COMMITMENT, year=rules.year, person__in=behind
    ).select_related("org")
    by_person = {r.person_id: r for r in records}
    part.lags = [_lag(p.org, p, by_person.get(p.pk), deadline, today) for p in people]  # type: ignore[arg-type]
    return part


def _nearest_led(base: Org | None, root: Org, led: set[int]) -> int | None:
    """The nearest org from ``base`` up to ``root`` where someone holds the leader role."""
    if base is None or not base.path.startswith(root.path):
        return None
    ids = path_ids(base.path)[len(root.path) // SEGMENT - 1 :]
    return next((pk for pk in reversed(ids) if pk in led), None)


def _who_hears(report: Lagging) -> None:
    """Fill in whom a reminder would reach, in one query for the leaders of the whole subtree."""
    led = set(
        RoleGrant.objects.filter(
            subtree_q(report.org.path, "org__path"), role=Role.LEADER, user__is_active=True
        ).values_list("org_id", flat=True)
    )
    for lag in report.plans.lags:
        if lag.is_waiting:  # a plan is approved from above its org
            lag.approver_id = _nearest_led(lag.org.parent, report.org, led)
            lag.reachable = lag.approver_id is not None
        else:
            lag.reachable = lag.org.pk in led
    for lag in report.commitments.lags:
        person = lag.person
        if lag.is_waiting:  # a commitment is approved in the org it was filed in, or above
            lag.approver_id = _nearest_led(lag.record.org, report.org, led)  # type: ignore[union-attr]
            lag.reachable = lag.approver_id is not None
        else:
            has_account = person.user is not None and person.user.is_active  # type: ignore[union-attr]
            lag.reachable = has_account or bool(person.email)  # type: ignore[union-attr]


def lagging(org: Org, year: int, *, today: datetime.date | None = None) -> Lagging:
    """Plans and commitments of ``org``'s subtree behind the deadlines of ``year`` (thirteen queries at most).

    The caller has cleared ``org`` through ``access_org``; this only reads.
    """
    today = today or timezone.localdate()
    rules = rules_for(org, year)
    if not rules.periods:
        empty_plans = Part(RecordKind.PLAN, None, required=0, today=today)
        empty_commitments = Part(RecordKind.COMMITMENT, None, required=0, today=today)
        return Lagging(org, year, today, rules, empty_plans, empty_commitments)
    orgs_q, people_q = _required(org, rules)
    report = Lagging(
        org, year, today, rules, _plans(org, rules, today, orgs_q), _commitments(org, rules, today, people_q)
    )
    if report.total:
        _who_hears(report)
    return report


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
    mailed: int = 0


def _intents(report: Lagging, lags: list[Lag]) -> tuple[list[_Intent], int]:
    """What to send for the chosen lags: one intent per target, waiting records gathered per approver."""
    intents: dict[tuple, _Intent] = {}
    skipped = 0
    for lag in lags:
        kind = RecordKind.COMMITMENT if lag.person else RecordKind.PLAN
        if not lag.is_waiting:
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
            skipped += 1
            continue
        key = (kind, ReminderDuty.APPROVE, "o", lag.approver_id)
        intent = intents.setdefault(key, _Intent(kind, ReminderDuty.APPROVE))
        intent.count += 1
        intent.days = max(intent.days, lag.days)
    approving = [(key[3], intent) for key, intent in intents.items() if intent.duty == ReminderDuty.APPROVE]
    if approving:
        orgs = Org.objects.in_bulk([pk for pk, _intent in approving])
        for pk, intent in approving:
            intent.org = orgs[pk]
    return list(intents.values()), skipped


def _message(intent: _Intent, report: Lagging) -> str:
    """The default text of a reminder, in the words a Party office would write."""
    year = report.year
    if intent.duty == ReminderDuty.APPROVE:
        template = MSG_APPROVE_PLANS if intent.kind == RecordKind.PLAN else MSG_APPROVE_COMMITMENTS
        org_name = intent.org.name  # type: ignore[union-attr]
        return str(template) % {
            "n": formatting.number(intent.count), "year": year, "org": org_name,
            "days": formatting.number(intent.days),
        }  # fmt: skip
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


def _chosen(report: Lagging, people: Collection[int] | None, orgs: Collection[int] | None) -> list[Lag]:
    """All lags when nothing is named; otherwise only the named people and orgs that do lag."""
    if people is None and orgs is None:
        return report.plans.lags + report.commitments.lags
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
    note: str = "",
    home_url: str = "",
) -> RemindResult:
    """Remind the lagging ones of ``report``: everyone, or only the named people and orgs among them.

    Called with a report built on an org the actor may remind at (``Cap.REMIND``, checked by the view) and
    ids the view has checked to be in that org's subtree. Creates one reminder per target, none where an
    unread one waits already, then mails the new ones when a mail server is configured. Raises
    ``ValidationError`` when the year is not open.
    """
    if not report.is_open:
        raise ValidationError(ERR_YEAR_NOT_OPEN % {"year": report.year})
    intents, skipped = _intents(report, _chosen(report, people, orgs))
    result = RemindResult(skipped=skipped)
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
            kind=i.kind, duty=i.duty, year=report.year, target_org=None if i.person else i.org,
            target_person=i.person, message=_message(i, report) + (f"\n{note}" if note else ""),
            sender=sender, sender_org=report.org,
        )
        for i in fresh
    ]  # fmt: skip
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
        subject = "[" + _("Làm theo Bác") + "] " + str(SUBJECTS[(r.kind, r.duty)]) % {"year": r.year}
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


# --- The reminders a user receives ------------------------------------------------------------


def reminders_addressed_to(user: AnyUser) -> QuerySet[Reminder]:
    """Reminders to the user's own person and to the orgs where the user holds the leader role."""
    q = Q(pk__in=[])
    me = org_access.own_person(user)
    if me is not None:
        q |= Q(target_person=me)
    led = [g.org_id for g in org_access.grants_of(user) if g.role == Role.LEADER]
    if led:
        q |= Q(target_org_id__in=led)
    return Reminder.objects.filter(q)


def access_reminder(user: AnyUser, reminder_id: int | str | None) -> Reminder:
    """A reminder addressed to the user; 404 for any other (nobody dismisses another's reminder)."""
    pk = object_id(reminder_id)  # 404 for what is no id the column holds
    reminder = reminders_addressed_to(user).filter(pk=pk).first()
    if reminder is None:
        raise Http404
    return reminder


def reminder_mark_seen(*, actor: AnyUser, reminder: Reminder) -> Reminder:
    """Mark a reminder seen (cleared by ``access_reminder``); seeing it twice changes nothing."""
    if reminder.seen_at is None:
        reminder.seen_at, reminder.seen_by = timezone.now(), actor  # type: ignore[assignment]
        reminder.save(update_fields=["seen_at", "seen_by"])
    return reminder
