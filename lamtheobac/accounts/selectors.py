"""What the home page shows: one section per role grant, each over that grant's org."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Min, QuerySet
from django.utils import timezone
from django.utils.functional import Promise

from lamtheobac.activities.models import Attendance, Exemplar
from lamtheobac.audit.models import Entry
from lamtheobac.cycle import access as cycle_access
from lamtheobac.cycle import deadlines
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
from lamtheobac.cycle.selectors import rules_for
from lamtheobac.organisation import access, selectors
from lamtheobac.organisation.models import Org, OrgEvent, Person, Role, RoleGrant


@dataclass
class HomeSection:
    role: str
    role_label: str | Promise
    org: Org
    stats: selectors.SubtreeStats | None = None
    children: QuerySet[Org] | list[Org] = field(default_factory=list)
    events: QuerySet[OrgEvent] | list[OrgEvent] = field(default_factory=list)


def home_sections(user) -> list[HomeSection]:
    """One section per non-member grant, ordered admin → officer → leader → inspector."""
    order: list[str] = [Role.ADMIN, Role.OFFICER, Role.LEADER, Role.INSPECTOR]
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
            if (
                me.kind in (rules := rules_for(me.org, result.year)).commitment_person_kinds
                or result.my_record
            ):
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
        cycle_access.reminders_addressed_to(user)
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
        by_key: dict[tuple[int | None, int], Record] = {(p.org_id, p.year): p for p in plans}
        for r in plan_asks:
            r.plan = by_key.get((r.target_org_id, r.year))  # type: ignore[attr-defined]  # for the page only
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
        attendance=Attendance.objects.filter(person=person)
        .select_related("session")
        .order_by("session__held_on"),
        exemplars=Exemplar.objects.filter(person=person).order_by("year"),
    )


def audit_entries_of(user) -> QuerySet[Entry]:
    """What the audit log holds of ``user``'s own sign-ins and actions."""
    return Entry.objects.filter(actor_id=user.pk)


# --- Putting a unit's people on the system ----------------------------------------------------


class Standing:
    """Where a person stands with the system, as the onboarding page shows it."""

    ASSISTED = "assisted"  # "nhập hộ": no account wanted
    NONE = "none"  # no account yet: may be opened now
    WAITING = "waiting"  # an account whose owner has not yet set their own password
    ACTIVE = "active"  # signed in and set their password


@dataclass
class UnitPeople:
    """The people of one home org, with how many stand where."""

    org: Org
    people: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    def count(self, standing: str) -> int:
        return self.counts.get(standing, 0)

    @property
    def assisted(self) -> int:
        return self.count(Standing.ASSISTED)

    @property
    def without(self) -> int:
        return self.count(Standing.NONE)

    @property
    def waiting(self) -> int:
        return self.count(Standing.WAITING)

    @property
    def active(self) -> int:
        return self.count(Standing.ACTIVE)


def person_version(person) -> str:
    """The person as the page showed them (their last change, to the microsecond): a tick carries it, and a
    person changed since (an account opened, "nhập hộ" set by someone else) is not acted on."""
    return str(int(person.updated_at.timestamp() * 1_000_000))


def onboard_groups(people: QuerySet) -> list[UnitPeople]:
    """``people`` (from ``access.people_to_onboard``) by home org in tree order, each person with
    ``standing`` and ``reissuable`` (an account holding only the member role, whose code may be re-issued);
    three queries whatever the number."""
    rows = list(people.select_related("org", "user__account").order_by("org__path", "name_sort", "id"))
    user_ids = [p.user_id for p in rows if p.user_id]
    privileged = set(
        RoleGrant.objects.filter(user_id__in=user_ids)
        .exclude(role=Role.MEMBER)
        .values_list("user_id", flat=True)
    )
    groups: dict[int, UnitPeople] = {}
    for person in rows:
        if person.assisted:
            person.standing = Standing.ASSISTED
        elif person.user_id is None:
            person.standing = Standing.NONE
        else:
            account = getattr(person.user, "account", None)
            waiting = account is not None and account.must_change_password
            person.standing = Standing.WAITING if waiting else Standing.ACTIVE
        person.reissuable = person.user_id is not None and person.user_id not in privileged
        person.version = person_version(person)
        group = groups.setdefault(person.org_id, UnitPeople(org=person.org))
        group.people.append(person)
        group.counts[person.standing] = group.counts.get(person.standing, 0) + 1
    return list(groups.values())


def onboard_totals(groups: list[UnitPeople]) -> dict[str, int]:
    """The counts of every group added up, and the number of people."""
    totals = {
        s: sum(g.count(s) for g in groups)
        for s in (Standing.ASSISTED, Standing.NONE, Standing.WAITING, Standing.ACTIVE)
    }
    totals["people"] = sum(len(g.people) for g in groups)
    return totals
