"""Who lags behind a year's deadlines in an org's subtree: the lists and the figures of the lagging page.

"Required" is what the dashboard counts (``reports.selectors``): active orgs of the plan kinds in force where
they sit (except the org that opened the year: it directs, it does not file) and active people of the
commitment kinds in force in their org. "Filed" is the dashboard's too (``workflow.filed_q``), so the
page's counts split who must file with nothing left over or counted twice: approved, filed and waiting
for a leader, and not filed (no record, a draft, or returned and not resubmitted). Once a deadline has
passed, a required org or person lags until their record is approved. Before the deadline nobody lags.

A reminder can reach whoever can move things on: the person for their own commitment (through an account,
or an e-mail address when mail is configured), the org's leaders with an account for its plan, and, when a
filed record waits, the nearest leaders who may approve it (from the org it was filed in up for a
commitment, from the parent up for a plan). The page lists the lagging by unit (the child of the page's
org they sit under), a page of rows at a time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from lamtheobac.organisation.models import SEGMENT, Org, Person, Role, RoleGrant, path_ids, subtree_q

from ..models import Record, RecordKind, RecordState, ReminderEmailMute, ReminderLog
from ..rules import Rules
from ..selectors import required_filters, rules_for
from ..workflow import approved_q, counted_state, filed_q, is_filed, returned_q


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
    # One number per meaning: a record not filed is late by days past the deadline; a filed one waits
    # for a leader's approval since it was submitted. The other one is None.
    days_late: int | None = None
    days_waiting: int | None = None
    # For a waiting record: the nearest org at or above its approvers' level, inside the page's org, where
    # someone holds the leader role. None when nobody there can be reminded to approve it.
    approver_id: int | None = None
    reachable: bool = True  # a reminder would reach someone (an account, an address, a leader's account)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def is_waiting(self) -> bool:
        return self.status == Status.WAITING

    @property
    def kind(self) -> str:
        return RecordKind.COMMITMENT if self.person is not None else RecordKind.PLAN


@dataclass
class Unit:
    """The lagging under one child of the page's org (or on the page's org itself), and its summary line.

    The figures count every lag of the unit that passes the filter, not only the rows on the page shown."""

    org: Org
    lags: list[Lag] = field(default_factory=list)
    plans_not_filed: int = 0
    commitments_not_filed: int = 0
    waiting: int = 0
    longest_wait: int = 0  # days, among the waiting records
    reachable: int = 0

    def add(self, lag: Lag) -> None:
        self.lags.append(lag)
        if lag.is_waiting:
            self.waiting += 1
            self.longest_wait = max(self.longest_wait, lag.days_waiting or 0)
        elif lag.person is None:
            self.plans_not_filed += 1
        else:
            self.commitments_not_filed += 1
        self.reachable += lag.reachable

    @property
    def total(self) -> int:
        return len(self.lags)


@dataclass
class UnitRows:
    """The rows of one unit that fall on the page shown; ``continued`` when earlier rows were on the
    page before."""

    unit: Unit
    lags: list[Lag]
    continued: bool


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
    def reachable(self) -> int:
        """How many of the lagging a reminder would reach."""
        return sum(lag.reachable for lag in self.plans.lags + self.commitments.lags)


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
        waited = (today - timezone.localdate(record.submitted_at)).days  # type: ignore[union-attr]
        return Lag(org=org, person=person, record=record, status=status, days_waiting=max(waited, 0))
    late = (today - deadline).days
    return Lag(org=org, person=person, record=record, status=status, days_late=max(late, 0))


def _not_approved(kind: str, year: int) -> Q:
    """Rows (orgs or people) without an approved record of ``kind`` for ``year``."""
    approved = Record.objects.filter(approved_q(), kind=kind, year=year)
    # NOT EXISTS, not NOT IN: PostgreSQL runs a NOT IN over a subquery too big for work_mem once per row (a
    # commune's lagging list over a province's 100,000 approved commitments took 18 s a query); NOT EXISTS is
    # an anti-join, and it does not turn empty on a NULL.
    if kind == RecordKind.PLAN:
        return ~Q(Exists(approved.filter(org_id=OuterRef("pk"))))
    return ~Q(Exists(approved.filter(person_id=OuterRef("pk"))))


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
            mailed = bool(settings.EMAIL_HOST and person.email)  # type: ignore[union-attr]
            lag.reachable = has_account or mailed


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


# --- The page: filters, units, a page of rows ---------------------------------------------------

KIND_LABELS = {
    RecordKind.PLAN: gettext_lazy("Kế hoạch của tập thể"),
    RecordKind.COMMITMENT: gettext_lazy("Bản cam kết của cá nhân"),
}


def lags_filtered(report: Lagging, *, status: str | None = None, kind: str | None = None) -> list[Lag]:
    """The lags of ``report`` of one kind of lateness and one kind of record (each ``None``: all)."""
    lags = []
    if kind in (None, RecordKind.PLAN):
        lags += report.plans.lags
    if kind in (None, RecordKind.COMMITMENT):
        lags += report.commitments.lags
    if status is not None:
        lags = [lag for lag in lags if lag.status == status]
    return lags


def lagging_units(report: Lagging, lags: list[Lag]) -> list[Unit]:
    """``lags`` by the unit they sit under: the child of the report's org on their org's path, or the
    report's org itself; units in tree order, plans before people within a unit (one query, for the
    units' rows)."""
    depth = len(report.org.path) // SEGMENT  # the index of the first org below the report's org

    def unit_id(lag: Lag) -> int:
        ids = path_ids(lag.org.path)
        return ids[depth] if len(ids) > depth else report.org.pk

    keyed = [(unit_id(lag), lag) for lag in lags]
    wanted = {pk for pk, _lag in keyed} - {report.org.pk}
    orgs = {report.org.pk: report.org, **Org.objects.in_bulk(wanted)}
    units: dict[int, Unit] = {}
    for pk, lag in keyed:
        units.setdefault(pk, Unit(org=orgs[pk])).add(lag)
    for unit in units.values():
        # plans first in tree order, then people by their org in tree order and by name, as read
        unit.lags.sort(key=lambda lag: (lag.person is not None, lag.org.path if lag.person is None else ""))
    return sorted(units.values(), key=lambda u: u.org.path)


def unit_rows(units: list[Unit]) -> list[tuple[Unit, Lag]]:
    """Every row of the page, in order, with its unit: what a page of the list slices."""
    return [(unit, lag) for unit in units for lag in unit.lags]


def rows_by_unit(rows: list[tuple[Unit, Lag]]) -> list[UnitRows]:
    """A page's rows gathered back under their units, saying when a unit began on an earlier page."""
    shown: list[UnitRows] = []
    for unit, lag in rows:
        if not shown or shown[-1].unit is not unit:
            shown.append(UnitRows(unit=unit, lags=[], continued=lag is not unit.lags[0]))
        shown[-1].lags.append(lag)
    return shown


# --- What the daily run sent ----------------------------------------------------------------------


def reminder_logs_in(org: Org, *, day: datetime.date | None = None) -> QuerySet[ReminderLog]:
    """The daily run's reminders to targets in ``org``'s subtree (the caller cleared ``org``), of one day
    when given, latest first."""
    logs = ReminderLog.objects.filter(
        subtree_q(org.path, "target_org__path") | subtree_q(org.path, "target_person__org__path")
    )
    if day is not None:
        logs = logs.filter(day=day)
    return logs.select_related("target_org", "target_person__org").order_by("-day", "duty", "id")


def reminder_log_days(org: Org) -> list[tuple[datetime.date, int]]:
    """The last days the daily run reminded someone in ``org``'s subtree, latest first, with how many."""
    logs = ReminderLog.objects.filter(
        subtree_q(org.path, "target_org__path") | subtree_q(org.path, "target_person__org__path")
    )
    return list(logs.order_by().values_list("day").annotate(n=Count("id")).order_by("-day")[:60])


def email_muted(user) -> bool:
    """Whether the user has muted the daily reminders' e-mails."""
    return bool(user.is_authenticated) and ReminderEmailMute.objects.filter(user=user).exists()
