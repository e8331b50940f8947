"""The yearly cycle of the demo district: every year from 2016 to the current one.

2016–2020 follow the district report the product was born from: about 250 collectives with a plan each year, over
3,000 people with a commitment of at least three actions, 100% of both by 2020, yearly themes and the
district's breakthrough contents (administrative reform, urban management, encroachment on road-safety
corridors, the responsibility of the head of each unit, forest protection). Past years are reviewed, rated
and closed; the current year is open, with its deadlines around today and work in progress.

The words are in ``demo.data`` (themes, breakthrough contents, pools of actions); ``years`` opens and closes
the years through ``services.period_open``; ``records`` drafts each unit's plan and commitments; ``history``
walks each record to its state along the workflow's transitions (``cycle.workflow`` decides every step and
lateness); ``write`` inserts them in bulk with their fields set directly and the history rows the services
would have left (the services would take minutes for ~36,000 records).
Each org draws from its own ``random.Random`` per year, seeded by the run's seed, the year and the org's
code, so a seed and a date always give the same data.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import User
from django.utils import timezone

from lamtheobac.cycle.models import DEFAULT_COMMITMENT_KINDS, Programme
from lamtheobac.organisation.kinds import CELL_KINDS, COMMITTEE_KINDS, STANDING_KINDS
from lamtheobac.organisation.models import Org, OrgKind, Person, path_ids

from ..data.cycle import FIRST_YEAR
from ..data.deeds import G_TOWN, G_VILLAGE
from ..era import DISTRICT, Era, eras, orgs_in_year, people_in_year
from ..logins import DEMO_USERNAMES, LUC_BINH_FIRST_CELL
from ..rows import unit_rng
from .history import History
from .rating import year_end_facts
from .records import Records
from .world import PLAN_ORG_KINDS, Line, Unit, YearSummary, group_of
from .write import Writer
from .years import Years


class CycleDemo(Years, Records, History, Writer):
    """Loads the district once, then writes one year after the other."""

    def __init__(self, seed: int, today: datetime.date, era: Era = DISTRICT, year: int | None = None) -> None:
        self.seed, self.today, self.era = seed, today, era
        year = year or era.first
        self.root = Org.objects.get(code=era.root_code)
        orgs = orgs_in_year(self.root, year)  # the tree of the era's first year built (the same all era long)
        self.root = orgs[0]
        people_now = people_in_year(orgs, year)
        first_position: dict[int, str] = {}
        council_chair: dict[int, str] = {}
        for person in people_now:
            org_id, position = person.org_id, person.position
            first_position.setdefault(org_id, position)
            if position.startswith("Chủ tịch Ủy ban nhân dân"):
                council_chair.setdefault(org_id, position)
        self.units: list[Unit] = []
        by_id: dict[int, Unit] = {}
        for org in orgs:
            ids = path_ids(org.path)
            head = council_chair.get(org.pk) or first_position.get(org.pk) or "Ban Thường vụ Đảng ủy"
            if org.kind in COMMITTEE_KINDS - STANDING_KINDS:
                head = "Ban Thường vụ Đảng ủy"
            group = group_of(org)
            unit = Unit(
                org=org,
                group=group,
                top_id=ids[ids.index(self.root.pk) + 1] if org.pk != self.root.pk else None,
                head_title=head,
                place=org.name.removeprefix("Chi bộ ") if group in (G_VILLAGE, G_TOWN) else "",
            )
            self.units.append(unit)
            by_id[org.pk] = unit
            if org.parent_id in by_id and org.kind in CELL_KINDS:
                by_id[org.parent_id].cells += 1
            if org.parent_id in by_id and org.kind == OrgKind.MASS_ORGANISATION:
                by_id[org.parent_id].is_commune = True
        for person in people_now:
            if person.kind in DEFAULT_COMMITMENT_KINDS:
                by_id[person.org_id].people.append(person)
        self.by_id = by_id
        self.required_people = sum(len(u.people) for u in self.units)
        self.required_orgs = sum(1 for u in self.units if u.org.kind in PLAN_ORG_KINDS)
        self.programmes = {p.code: p for p in Programme.objects.all()}

        # The demo logins: who writes, approves and closes what they may see in the demo.
        users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
        people = {p.user_id: p.pk for p in Person.objects.filter(user__in=users.values())}
        self.officer = users.get("chuyenvien") or users.get("admin")
        self.commune_leader = users.get("bithu_xa")
        self.cell_leader = users.get("bithu_chibo")
        self.member = users.get("dangvien")
        self.user_of = {people[u.pk]: u for u in users.values() if u.pk in people}
        self.person_of = {u.username: people[u.pk] for u in users.values() if u.pk in people}
        self.luc_binh = Org.objects.filter(code=era.commune_code).first()  # the demo commune
        self.first_cell = Org.objects.filter(code=LUC_BINH_FIRST_CELL).first()
        # The oldest members of the demo cell do not use the system: their leader writes for them.
        self.on_behalf: set[int] = set()
        if self.first_cell is not None and self.cell_leader is not None:
            cell_people = [p for p in by_id[self.first_cell.pk].people if p.pk not in self.user_of]
            cell_people.sort(key=lambda p: (p.birth_year or 9999, p.pk))
            self.on_behalf = {p.pk for p in cell_people[:3]}
        self.last_year: dict[int, list[Line]] = {}
        self.last_plans: dict[int, list[Line]] = {}

    def rng(self, year: int, code: str) -> random.Random:
        return unit_rng(self.seed, f"{year}:{code}")


def build_cycle(
    seed: int, *, today: datetime.date | None = None, first: int = FIRST_YEAR, last: int | None = None
) -> list[YearSummary]:
    """Every year from ``first`` to ``last`` (default: ``today``'s, itself default the local date), each on the
    tree of its era (``demo.era``): the district's years before the reorganisation, the province's after it.

    The tree of each era built (``demo.tree``, then the reorganisation) must exist; the caller holds the
    transaction.
    """
    today = today or timezone.localdate()
    last = min(today.year, last if last is not None else today.year)
    summaries: list[YearSummary] = []
    carried: CycleDemo | None = None
    for era, start, end in eras(max(first, FIRST_YEAR), last):
        demo = CycleDemo(seed, today, era, start)
        if carried is not None:  # last year's lines, for those who copy them word for word
            demo.last_year, demo.last_plans = carried.last_year, carried.last_plans
        summaries += [demo.year(year) for year in range(start, end + 1)]
        carried = demo
    if last == today.year:
        year_end_facts(today)
    return summaries
