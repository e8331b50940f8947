"""What the home page shows: one section per role grant, each over that grant's org."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Min, QuerySet
from django.utils import timezone

from lamtheobac.activities.models import Attendance, Exemplar
from lamtheobac.audit.models import Entry
from lamtheobac.cycle import access as cycle_access
from lamtheobac.cycle import deadlines, lagging
from lamtheobac.cycle import selectors as cycle_selectors
from lamtheobac.cycle.models import (
    ProgressNote,
    Record,
    RecordItem,
    RecordKind,
    RecordState,
    ReminderDuty,
    Transition,
)
from lamtheobac.cycle.rules import rules_for
from lamtheobac.organisation import access, selectors
from lamtheobac.organisation.models import Org, OrgEvent, Person, Role


@dataclass
class HomeSection:
    role: str
    role_label: str
    org: Org
    stats: selectors.SubtreeStats | None = None
    children: QuerySet[Org] | list[Org] = field(default_factory=list)
    events: QuerySet[OrgEvent] | list[OrgEvent] = field(default_factory=list)


def home_sections(user) -> list[HomeSection]:
    """One section per non-member grant, ordered admin → officer → leader → inspector."""
    order = [Role.ADMIN, Role.OFFICER, Role.LEADER, Role.INSPECTOR]
    grants = sorted(
        (g for g in access.grants_of(user) if g.role in order), key=lambda g: (order.index(g.role), g.path)
    )
    if not grants:
        return []
    orgs = {o.pk: o for o in access.orgs_visible_to(user).filter(pk__in=[g.org_id for g in grants])}
    sections = []
    for g in grants:
        org = orgs[g.org_id]
        section = HomeSection(role=g.role, role_label=Role(g.role).label, org=org)
        section.stats = selectors.subtree_stats(org)
        section.children = selectors.org_children(org)
        if g.role in (Role.ADMIN, Role.OFFICER):
            section.events = selectors.org_events_in_subtree(org, limit=8)
        sections.append(section)
    return sections


@dataclass
class HomeCycle:
    year: int | None = None
    my_record: object | None = None
    waiting: int = 0
    returned_to_me: int = 0
    due: object | None = None  # cycle.deadlines.Due: what my own record owes next, when near or past
    waiting_days: int | None = None  # how long the oldest record waiting for my decision has waited
    waiting_since: object | None = None  # the day it was submitted


def home_cycle(user, me) -> HomeCycle:
    """The yearly cycle as the home page shows it: my commitment this year, what waits for my decision."""
    result = HomeCycle()
    today = timezone.localdate()
    if me is not None:
        result.year = cycle_selectors.current_year_for(me.org)
        if result.year is not None:
            result.my_record = Record.objects.filter(
                kind=RecordKind.COMMITMENT, person=me, year=result.year
            ).first()
            if me.kind in (rules := rules_for(me.org, result.year)).commitment_person_kinds or result.my_record:
                state = result.my_record.state if result.my_record else None
                result.due = deadlines.owed(kind=RecordKind.COMMITMENT, state=state, rules=rules, today=today)
    if access.roles_held(user) & {Role.ADMIN, Role.LEADER}:
        waiting = (
            cycle_access.approvable_by(user)
            .filter(state=RecordState.SUBMITTED)
            .aggregate(n=Count("id"), since=Min("submitted_at"))
        )
        result.waiting = waiting["n"]
        if waiting["since"] is not None:
            result.waiting_since = timezone.localdate(waiting["since"])
            result.waiting_days = (today - result.waiting_since).days
    return result


HOME_REMINDERS = 10  # the newest unread ones; older ones stay until the newer are dismissed


def home_reminders(user) -> list:
    """Unread reminders addressed to the user (their own commitment, or an org they lead), newest first.

    A reminder to file an org's plan carries ``plan``, that org's plan for the year if one exists, so the
    page can open it instead of starting a new one (one more query, only when there are such reminders).
    """
    reminders = list(
        lagging.reminders_addressed_to(user)
        .filter(seen_at__isnull=True)
        .select_related("sender_org", "target_org")
        .order_by("-created_at", "-id")[:HOME_REMINDERS]
    )
    plan_asks = [r for r in reminders if r.kind == RecordKind.PLAN and r.duty == ReminderDuty.FILE]
    if plan_asks:
        plans = Record.objects.filter(
            kind=RecordKind.PLAN,
            org_id__in={r.target_org_id for r in plan_asks},
            year__in={r.year for r in plan_asks},
        )
        by_key = {(p.org_id, p.year): p for p in plans}
        for r in plan_asks:
            r.plan = by_key.get((r.target_org_id, r.year))
    return reminders


# --- A person's own copy of their data ----------------------------------------------------------


@dataclass
class HeldData:
    """What the later stages of the cycle hold about one person, each in the order it is handed over."""

    records: QuerySet
    items: QuerySet
    notes: QuerySet
    transitions: QuerySet
    attendance: QuerySet
    exemplars: QuerySet


def person_held_data(person: Person) -> HeldData:
    """Everything the cycle and the activities hold about ``person``, for the person's own copy of their
    data (``personal_data``); the caller has already cleared who may ask."""
    return HeldData(
        records=Record.objects.filter(person=person).select_related("org").order_by("year", "id"),
        items=RecordItem.objects.filter(record__person=person)
        .select_related("record")
        .order_by("record__year", "position", "id"),
        notes=ProgressNote.objects.filter(item__record__person=person)
        .prefetch_related("evidence")
        .order_by("created_at", "id"),
        transitions=Transition.objects.filter(record__person=person)
        .select_related("record", "actor")
        .order_by("at", "id"),
        attendance=Attendance.objects.filter(person=person).select_related("session").order_by("session__held_on"),
        exemplars=Exemplar.objects.filter(person=person).order_by("year"),
    )


def audit_entries_of(user) -> QuerySet[Entry]:
    """What the audit log holds of ``user``'s own sign-ins and actions."""
    return Entry.objects.filter(actor_id=user.pk)
