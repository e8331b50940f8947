"""Writes a synthetic tree and everything in it, org by org, into the sink."""

from __future__ import annotations

import datetime
import json
import random
from bisect import bisect
from collections.abc import Callable

from django.contrib.auth.models import User
from django.db.models import Max, Model
from django.utils import timezone

from lamtheobac.activities import models as act
from lamtheobac.cycle import services as cycle_services
from lamtheobac.cycle.models import (
    DEFAULT_COMMITMENT_KINDS,
    Period,
    PeriodEvent,
    Programme,
    Record,
    RecordItem,
    RecordKind,
    Transition,
)
from lamtheobac.lib import text
from lamtheobac.organisation.models import Org, OrgEvent, OrgEventKind, OrgKind, Person, segment
from lamtheobac.quality.models import RecordQuality

from ..cycle.world import (
    P_COPY_SAMPLE,
    P_SAMPLE_CELL,
    PLAN_ORG_KINDS,
    STATES_AFTER_DEADLINE,
    STATES_AT_YEAR_END,
    STATES_BEFORE_DEADLINE,
    deadlines,
    due_date,
    late_share,
    sloppiness,
)
from ..data import cycle as cycle_data
from ..data import deeds as deed_data
from ..data import steps as step_data
from .lines import (
    COMMITMENT_RATINGS_CUM,
    PLAN_RATINGS_CUM,
    SIZES_CUM,
    VAGUE_RATINGS_CUM,
    Line,
    Lines,
    ScaleLogin,
    ScaleSummary,
    cumulative,
    is_local,
    scale_logins,
)
from .people import draw_roster
from .records import Records, S, cluster_of
from .shapes import Node, Shape
from .sink import Sink

REQUIRED_KINDS = frozenset(DEFAULT_COMMITMENT_KINDS)


class Builder(Lines, Records):
    """Writes the tree and everything in it, org by org, into the sink."""

    def __init__(
        self, sink: Sink, *, seed: int, today: datetime.date, shape: Shape, users: dict[str, int]
    ) -> None:
        self.sink, self.seed, self.today, self.year = sink, seed, today, today.year
        self.users = users
        self.logins = scale_logins()
        self.summary = ScaleSummary(scale=shape.name)
        through = RecordItem.programmes.through
        self.ids = {
            m: max_id(m)
            for m in (
                Org,
                OrgEvent,
                Person,
                Record,
                RecordItem,
                Transition,
                through,
                act.Exemplar,
                act.Commendation,
            )
        }
        self.orgs = sink.table(
            Org, ["id", "parent_id", "path", "depth", "kind", "name", "name_folded", "code", "sort_order"]
        )
        self.events = sink.table(OrgEvent, ["id", "org_id", "kind", "detail", "actor_id"])
        self.people = sink.table(
            Person,
            [
                "id",
                "full_name",
                "name_folded",
                "name_sort",
                "gender",
                "birth_year",
                "kind",
                "position",
                "org_id",
                "user_id",
            ],
        )
        self.records = sink.table(
            Record,
            [
                "id",
                "kind",
                "year",
                "org_id",
                "person_id",
                "state",
                "version",
                "created_by_id",
                "created_at",
                "updated_at",
                "submitted_at",
                "is_late",
                "approved_at",
                "approved_by_id",
                "return_comment",
                "self_comment",
                "self_assessed_at",
                "rating",
                "score",
                "rating_comment",
                "rated_at",
                "rated_by_id",
            ],
        )
        self.items = sink.table(
            RecordItem,
            [
                "id",
                "record_id",
                "position",
                "action",
                "target",
                "timeframe",
                "deadline",
                "responsible",
                "area",
                "breakthrough_id",
                "result",
                "result_note",
            ],
        )
        self.tags = sink.table(through, ["id", "recorditem_id", "programme_id"])
        self.transitions = sink.table(
            Transition,
            ["id", "record_id", "from_state", "to_state", "actor_id", "on_behalf", "comment", "at"],
        )
        self.quality = sink.table(
            RecordQuality, ["record_id", "actions", "concrete", "copied_last_year", "cluster"]
        )
        self.exemplars = sink.table(
            act.Exemplar,
            [
                "id",
                "org_id",
                "person_id",
                "title",
                "achievements",
                "story",
                "photo",
                "nominated_on",
                "year",
                "nominated_by_id",
                "state",
                "verified_by_id",
                "verified_at",
                "consent",
                "consent_note",
                "published",
                "published_at",
                "public_id",
            ],
        )
        self.commendations = sink.table(
            act.Commendation,
            ["id", "exemplar_id", "form", "decision_number", "decided_on", "issuer", "recorded_by_id"],
        )
        self.tz = timezone.get_default_timezone()
        self.login_people: dict[str, tuple[int, str]] = {}  # username → (person id, full name)
        self.login_orgs: dict[str, str] = {}  # node role → org code
        self.decisions: list[tuple] = []
        self.writing = False

    def next_id(self, model: type[Model]) -> int:
        self.ids[model] += 1
        return self.ids[model]

    # --- The year ------------------------------------------------------------------------------------------

    def open_year(self, root: Org, actor: User | None) -> Period:
        """The root's year with the cycle demo's defaults: kinds that file, deadlines, minimum, programmes,
        breakthrough contents, opened on 8 January."""
        year = self.year
        dates = deadlines(year, self.today)
        codes = cycle_data.programmes_for(year)
        topics = cycle_data.district_breakthroughs(year)
        period = cycle_services.period_open(
            actor=actor,
            org=root,
            data=cycle_services.PeriodInput(
                year=year,
                theme=cycle_data.theme_for(year),
                min_actions=3,
                plan_org_kinds=list(PLAN_ORG_KINDS),
                programmes=list(Programme.objects.filter(code__in=codes)),
                breakthroughs=[cycle_data.BREAKTHROUGHS[t] for t in topics],
                **dates,
            ),
        )
        opened_on = min(datetime.date(year, 1, 8), self.today)
        opened = datetime.datetime.combine(opened_on, datetime.time(8), tzinfo=self.tz)
        Period.objects.filter(pk=period.pk).update(opened_at=opened)
        PeriodEvent.objects.filter(period=period).update(at=opened)
        ids = period.breakthroughs.order_by("sort_order").values_list("pk", flat=True)
        self.contents = dict(zip(topics, ids, strict=True))
        self.programme_ids = dict(Programme.objects.values_list("code", "pk"))
        self.programmes = frozenset(c for c in codes if c in self.programme_ids)
        self.plan_deadline = dates["plan_deadline"].toordinal()
        self.commitment_deadline = dates["commitment_deadline"].toordinal()
        self.yearend = dates["yearend_deadline"].toordinal()
        self.first_day = opened_on.toordinal() + 1
        self.today_ord = self.today.toordinal()
        self.hi = max(self.first_day, self.today_ord - 1)
        self.writing = self.first_day < self.today_ord  # nothing is written the day a year opens
        self.mix = state_mixes(self.today_ord, self.yearend)
        self.sloppiness, self.late = sloppiness(year), late_share(year)
        self._prepare_pools()
        return period

    def _prepare_pools(self) -> None:
        year = self.year

        def ok(d) -> bool:
            return d.since <= year <= getattr(d, "until", 9999) and not is_local(d.action + d.target)

        self.pools = {
            g: [d for d in pool + deed_data.COMMON if ok(d)] for g, pool in deed_data.GROUP_POOLS.items()
        }
        self.group_steps = {g: [s for s in steps if ok(s)] for g, steps in step_data.GROUP_STEPS.items()}
        self.cell_steps = [s for s in step_data.CELL_STEPS if ok(s)]
        self.mass_steps = [s for s in step_data.MASS_STEPS if ok(s)]
        self.agency_steps = [s for s in step_data.AGENCY_STEPS if ok(s)]
        self.committee_steps = [s for s in step_data.COMMITTEE_STEPS if ok(s)]
        self.dues = {d: due_date(year, d) for d in ("", "year", "h1", "q1", "q2", "q3", "q4")}
        self.lines: dict[tuple, Line] = {}
        self.concrete: dict[tuple[str, str], bool] = {}
        self.moments: dict[int, datetime.datetime] = {}
        self.by_areas: dict[tuple, list] = {}
        self.bits: dict[str, int] = {}

    # --- The tree ------------------------------------------------------------------------------------------

    def write_org(
        self, node: Node, parent: tuple[int, str, str] | None, depth: int, sort: int
    ) -> tuple[int, str, str]:
        """The org row (the path as ``services.org_create`` writes it) and its "created" history row: the one
        place the synthetic trees create orgs."""
        org_id = self.next_id(Org)
        path = (parent[1] if parent else "") + segment(org_id)
        name, code = text.clean(node.name), text.clean(node.code)
        self.orgs.add(
            (org_id, parent[0] if parent else None, path, depth, node.kind, name, text.fold(name), code, sort)
        )
        # ``OrgEvent.detail`` as the JSON field stores it: {"parent": the parent's name}.
        self.events.add(
            (
                self.next_id(OrgEvent),
                org_id,
                OrgEventKind.CREATED,
                parent[2] if parent else json.dumps({"parent": None}),
                None,
            )
        )
        if parent is not None:
            self.summary.orgs_by_kind[node.kind] += 1
            if node.kind in PLAN_ORG_KINDS:
                self.summary.required_orgs += 1
        self.summary.max_depth = max(self.summary.max_depth, depth)
        if node.role:
            self.login_orgs.setdefault(node.role, code)
        return org_id, path, json.dumps({"parent": name})

    def emit(
        self, node: Node, parent: tuple[int, str, str], depth: int, sort: int, in_home: bool = False
    ) -> None:
        """An org, its people and records, then its children (parents first, as ``org_create`` needs)."""
        me = self.write_org(node, parent, depth, sort)
        in_home = in_home or node.role == "home_commune"
        self.unit(node, me[0], in_home)
        for i, child in enumerate(node.children, start=1):
            self.emit(child, me, depth + 1, i * 10, in_home)
        self.sink.flush()

    def emit_province(
        self,
        node: Node,
        parent: tuple[int, str, str] | None,
        depth: int,
        sort: int,
        each: Callable[[Node], None] | None = None,
    ) -> tuple[int, str, str]:
        """A province, with the commendation decisions of each district (or of the province for its own
        units); ``each`` is called after each child."""
        me = self.write_org(node, parent, depth, sort)
        self.unit(node, me[0], False)
        for i, child in enumerate(node.children, start=1):
            rng = random.Random(f"{self.seed}:{self.year}:{child.code}:decisions")
            self.set_decisions(
                rng, child.where if child.kind == OrgKind.DISTRICT_COMMITTEE else "", node.where, node.city
            )
            self.emit(child, me, depth + 1, i * 10)
            if each is not None:
                each(child)
        return me

    # --- A unit: its people, plan, commitments, exemplars ---------------------------------------------------

    def unit(self, node: Node, org_id: int, in_home: bool) -> None:
        """A unit's people, then (once the year has begun) its plan and commitments, then its exemplars."""
        rng = random.Random(f"{self.seed}:{self.year}:{node.code}")
        everyone, required = self.write_people(rng, node, org_id, in_home)
        self.summary.required_people += len(required)
        if self.writing:
            self.records_of(rng, node, org_id, required, in_home)
        self.exemplars_of(rng, node, org_id, everyone)

    def write_people(
        self, rng: random.Random, node: Node, org_id: int, in_home: bool
    ) -> tuple[list[tuple[int, str]], list[tuple[int, str, int | None]]]:
        """The person rows of a unit (the one place the synthetic trees create people), the demo logins'
        people among them: everyone as (id, name), and those who must file as (id, position, user id)."""
        drawn = draw_roster(rng, node.roster) if node.roster is not None else []
        logins = self._logins_in(node, in_home)
        everyone, required = [], []
        for post, gender, birth_year, (full, folded, sort_key, _real) in drawn:
            person_id = self.next_id(Person)
            user_id = None
            for login in logins:
                position = login.position or node.roster.posts[2].title
                if (
                    post.title == position
                    and (not login.person_kind or post.kind == login.person_kind)
                    and login.username not in self.login_people
                ):
                    self.login_people[login.username] = (person_id, full)
                    user_id = self.users.get(login.username)
                    break
            position = text.clean(post.title)
            self.people.add(
                (person_id, full, folded, sort_key, gender, birth_year, post.kind, position, org_id, user_id)
            )
            self.summary.people_by_kind[post.kind] += 1
            everyone.append((person_id, full))
            if post.kind in REQUIRED_KINDS:
                required.append((person_id, position, user_id))
        return everyone, required

    def _logins_in(self, node: Node, in_home: bool) -> list[ScaleLogin]:
        return [
            login
            for login in self.logins
            if login.where and (login.where == node.role or (login.where == "home_commune" and in_home))
        ]

    def records_of(self, rng: random.Random, node: Node, org_id: int, people: list, in_home: bool) -> None:
        commune_leader, cell_leader = self.users.get("bithu_xa"), self.users.get("bithu_chibo")
        filed: dict[int, int] = {}  # filed commitments' signatures
        quality: list[list] = []
        if node.kind in PLAN_ORG_KINDS:
            state = self.state(rng, self.plan_deadline)
            writer = approver = None
            if node.role == "home_commune":
                writer = commune_leader
            elif node.role == "home_cell":  # the commune secretary approved it; two plans wait, one went back
                writer, approver, state = cell_leader, commune_leader, S.APPROVED
            elif in_home:
                approver = commune_leader
                state = {"CB02": S.SUBMITTED, "CB03": S.SUBMITTED, "CB04": S.RETURNED}.get(
                    node.code.rsplit("-", 1)[-1], state
                )
            if state is not None:
                lines = self.plan_lines(rng, node)
                self.record(
                    rng,
                    RecordKind.PLAN,
                    org_id,
                    None,
                    lines,
                    state,
                    self.plan_deadline,
                    PLAN_RATINGS_CUM,
                    writer,
                    approver,
                    "",
                    False,
                    False,
                    quality,
                    filed,
                )
        if people:
            sample = None
            if rng.random() < P_SAMPLE_CELL:  # a sample commitment goes round the cell
                sample = self.commitment_lines(rng, node, 4, head=False, sloppy=rng.random() < 0.3)
            forced = self.forced_states(rng, people) if node.role == "home_cell" else {}
            for person_id, position, user_id in people:
                state = (
                    forced[person_id] if person_id in forced else self.state(rng, self.commitment_deadline)
                )
                if state is None:
                    continue
                head = position.startswith(deed_data.HEAD_TITLES)
                sloppy = rng.random() < self.sloppiness
                copied = ""
                if user_id is not None and user_id == self.users.get("dangvien") and state == S.DRAFT:
                    lines = self.commitment_lines(rng, node, 2, head=head, sloppy=False)  # half-written
                elif sample and rng.random() < P_COPY_SAMPLE:
                    lines, copied = list(sample), "colleague"
                else:
                    size = SIZES_CUM[0][bisect(SIZES_CUM[1], rng.random() * SIZES_CUM[1][-1])]
                    lines = self.commitment_lines(rng, node, size, head=head, sloppy=sloppy)
                sloppy = (
                    sloppy or sum(not ln.target or ln.target in deed_data.VAGUE_TARGETS for ln in lines) >= 2
                )
                approver = None
                if node.role == "home_cell":
                    approver = (
                        commune_leader if user_id is not None and user_id == cell_leader else cell_leader
                    )
                ratings = VAGUE_RATINGS_CUM if sloppy else COMMITMENT_RATINGS_CUM
                self.record(
                    rng,
                    RecordKind.COMMITMENT,
                    org_id,
                    person_id,
                    lines,
                    state,
                    self.commitment_deadline,
                    ratings,
                    user_id,
                    approver,
                    copied,
                    sloppy,
                    head,
                    quality,
                    filed,
                )
        # The unit's quality rows, with its clusters of near-identical filed commitments (``quality.services``).
        if len(filed) > 1:
            clusters = cluster_of(filed)
            for row in quality:
                row[4] = clusters.get(row[0])
        for row in quality:
            self.quality.add(tuple(row))

    def forced_states(self, rng: random.Random, people: list) -> dict[int, str]:
        """The home cell, as in the district demo: the member's draft, the secretary's approved commitment, a
        queue of five for the secretary, one sent back."""
        by_user = {user_id: pk for pk, _position, user_id in people if user_id is not None}
        forced: dict[int, str] = {}
        if self.users.get("dangvien") in by_user:
            forced[by_user[self.users["dangvien"]]] = S.DRAFT
        if self.users.get("bithu_chibo") in by_user:
            forced[by_user[self.users["bithu_chibo"]]] = S.APPROVED
        others = [pk for pk, _position, _user in people if pk not in forced]
        forced.update(dict.fromkeys(rng.sample(others, k=min(5, len(others))), S.SUBMITTED))
        rest = [pk for pk in others if pk not in forced]
        for i, pk in enumerate(rest):
            forced[pk] = S.RETURNED if i == 0 else S.SELF_ASSESSED if rng.random() < 0.15 else S.APPROVED
        return forced

    def state(self, rng: random.Random, deadline: int) -> str | None:
        states, cum = self.mix[0] if self.today_ord <= deadline else self.mix[1]
        return states[bisect(cum, rng.random() * cum[-1])]


def max_id(model: type[Model]) -> int:
    return model._base_manager.aggregate(m=Max("pk"))["m"] or 0


def state_mixes(today: int, yearend: int) -> tuple[tuple[list, list], tuple[list, list]]:
    """The cycle demo's mixes of states for the current year (``cycle.world``) as cumulative weights: (on or
    before the filing deadline, after it); ``today`` and ``yearend`` are ordinals."""
    after = STATES_AFTER_DEADLINE if today < yearend - 30 else STATES_AT_YEAR_END
    return cumulative(STATES_BEFORE_DEADLINE), cumulative(after)
