"""The figures of the campaign for an org's subtree and a year, counted from the records.

Counting is done in two steps so that the second can later read maintained counters instead of the
records: ``own_figures`` counts what belongs to each org itself (a handful of grouped queries over the
subtree, never one query per org), and ``roll_up`` adds every org's own figures into all its ancestors.
The dashboard, the Excel workbook and the report writer all read the rolled-up ``Figures``.

Who must file follows the yearly cycle (``cycle.selectors.coverage``): active collectives of the kinds the
year's rules name, except the org that opened the year (it directs, it does not file); active people of
the kinds the rules name. A plan or commitment counts as filed as ``cycle.workflow.filed_q`` decides (submitted
and not returned for correction), and as approved once approved; the lagging page splits the same
population the same way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from typing import NamedTuple

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheobac.activities.models import (
    Commendation,
    Exemplar,
    Inspection,
    InspectionStatus,
    PilotModel,
    PilotStatus,
    StudyKind,
    StudySession,
)
from lamtheobac.activities.selectors.inspections import overdue_q
from lamtheobac.activities.selectors.study import held_q
from lamtheobac.cycle.models import Period, Rating, Record, RecordKind
from lamtheobac.cycle.rules import Rules, rules_for
from lamtheobac.cycle.workflow import approved_q, filed_q
from lamtheobac.organisation.kinds import CELL_KINDS
from lamtheobac.organisation.models import SEGMENT, Membership, Org, OrgSpan, path_ids, subtree_q
from lamtheobac.organisation.timeline import children_in_year, path_in, subtree_in_year, tree_in_year, year_q

OrgRow = tuple[int, str, str, bool]  # id, path, kind, active (in a year's tree, every org stood: True)

RATINGS = [r.value for r in Rating]

# Marks of a child org on the dashboard, from the smaller of its two filing shares.
GREEN_FROM = 0.95
AMBER_FROM = 0.80


@dataclass
class Figures:
    """Counts for one org's subtree (or for the org alone, before rolling up) in one year."""

    orgs_required: int = 0
    plans_filed: int = 0
    plans_approved: int = 0
    people_required: int = 0
    commitments_filed: int = 0
    commitments_approved: int = 0
    commitments_late: int = 0
    # The quality of filed commitments (``quality.RecordQuality``): actions and the concrete ones among
    # them, commitments that repeat the writer's last year, clusters of near-identical ones and their members.
    actions: int = 0
    actions_concrete: int = 0
    copied_last_year: int = 0
    clusters: int = 0
    clustered: int = 0
    ratings: Counter = field(default_factory=Counter)  # of commitments, by Rating value
    plan_ratings: Counter = field(default_factory=Counter)
    cells: int = 0
    cells_studied: int = 0
    study_sessions: int = 0
    pilots: int = 0  # pilot models running in the year (started on or before it)
    pilots_new: int = 0
    pilots_replicated: int = 0
    exemplars_nominated: int = 0
    exemplars_commended: int = 0  # distinct exemplars with a commendation decided in the year
    inspections_planned: int = 0
    inspections_done: int = 0
    inspections_overdue: int = 0

    def add(self, other: Figures) -> None:
        for f in fields(self):
            mine = getattr(self, f.name)
            if isinstance(mine, Counter):
                mine.update(getattr(other, f.name))
            else:
                setattr(self, f.name, mine + getattr(other, f.name))

    # --- shares, as fractions (0.985); templates format them --------------------------------------

    @staticmethod
    def share(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def plans_share(self) -> float | None:
        return self.share(self.plans_filed, self.orgs_required)

    @property
    def commitments_share(self) -> float | None:
        return self.share(self.commitments_filed, self.people_required)

    @property
    def concrete_share(self) -> float | None:
        return self.share(self.actions_concrete, self.actions)

    @property
    def copied_share(self) -> float | None:
        return self.share(self.copied_last_year, self.commitments_filed)

    @property
    def clustered_share(self) -> float | None:
        return self.share(self.clustered, self.commitments_filed)

    @property
    def rated(self) -> int:
        return sum(self.ratings.values())

    def mark(self, deadline_passed: bool = True) -> str:
        """``green`` / ``amber`` / ``red`` from the smaller filing share; ``none`` when nobody must file.
        Before the deadline nothing is red: a unit still has time."""
        shares = [s for s in (self.plans_share, self.commitments_share) if s is not None]
        if not shares:
            return "none"
        low = min(shares)
        if low >= GREEN_FROM:
            return "green"
        if low >= AMBER_FROM or not deadline_passed:
            return "amber"
        return "red"

    def as_dict(self) -> dict:
        data = {}
        for f in fields(self):
            value = getattr(self, f.name)
            data[f.name] = {r: value.get(r, 0) for r in RATINGS} if isinstance(value, Counter) else value
        return data


# --- Who must file, org by org -------------------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    """What the periods on an org's path ask of it and of its people (a lower period only adds)."""

    plan_kinds: frozenset[str]
    person_kinds: frozenset[str]
    top: int | None  # the org that opened the year on this path: it directs, it does not file


def requirements(year: int, rules: Rules, orgs: list[OrgRow]) -> dict[int, Requirement]:
    """The requirement in force at every org of a subtree of ``year``'s tree: ``rules`` (the chain down to
    the subtree's top, ``orgs[0]``) plus the periods opened lower down, each adding to its own subtree. One
    query for those periods."""
    if not orgs:
        return {}
    top_id, top_path = orgs[0][0], orgs[0][1]
    lower = Period.objects.filter(subtree_in_year(top_path, year), year=year).exclude(org_id=top_id)
    added = {
        path: (set(plans), set(people), pk)
        for pk, path, plans, people in lower.values_list(
            "org_id", "org__spans__path", "plan_org_kinds", "commitment_person_kinds"
        )
    }
    top = rules.top.org_id if rules.top is not None else None
    by_path: dict[str, Requirement] = {}
    found: dict[int, Requirement] = {}
    for pk, path, _kind, _active in orgs:
        parent = by_path.get(path[:-SEGMENT])
        if parent is None:  # the subtree's top
            req = Requirement(frozenset(rules.plan_org_kinds), frozenset(rules.commitment_person_kinds), top)
        else:
            req = parent
        if path in added and parent is not None:
            plans, people, opener = added[path]
            req = Requirement(
                req.plan_kinds | plans, req.person_kinds | people, req.top if req.top else opener
            )
        by_path[path] = found[pk] = req
    return found


def needs_for(orgs: list[OrgRow], year: int) -> dict[int, Requirement]:
    """The requirement in force at each of ``orgs`` (anywhere in ``year``'s tree, their paths of that year):
    the periods of ``year`` on their paths, combined as ``requirements`` combines them. One query."""
    chains = {pk: path_ids(path) for pk, path, _k, _a in orgs}
    on_paths = {i for chain in chains.values() for i in chain}
    periods = {
        pk: (plans, people)
        for pk, plans, people in Period.objects.filter(year=year, org_id__in=on_paths).values_list(
            "org_id", "plan_org_kinds", "commitment_person_kinds"
        )
    }
    found = {}
    for pk, chain in chains.items():
        plans: set[str] = set()
        people: set[str] = set()
        top = None
        for ancestor in chain:
            if ancestor in periods:
                plans.update(periods[ancestor][0])
                people.update(periods[ancestor][1])
                top = top or ancestor
        found[pk] = Requirement(frozenset(plans), frozenset(people), top)
    return found


def required_filters(org: Org, year: int, rules: Rules) -> tuple[Q, Q]:
    """Conditions that select, in ``org``'s subtree of ``year``'s tree, the collectives (on ``Org``) and the
    people (on ``Person``, as they are now: the pages that list them are about the current year) that must
    file in ``year``: the same decision the figures make."""
    orgs = year_subtree(org, year)
    needs = requirements(year, rules, orgs)
    org_ids = [pk for pk, _p, kind, _a in orgs if kind in needs[pk].plan_kinds and pk != needs[pk].top]
    by_kinds: dict[frozenset[str], list[int]] = defaultdict(list)
    for pk, _p, _k, _a in orgs:
        by_kinds[needs[pk].person_kinds].append(pk)
    people = Q(pk__in=[])
    for kinds, ids in by_kinds.items():
        if kinds:
            people |= Q(org_id__in=ids, kind__in=kinds)
    return Q(pk__in=org_ids), Q(active=True) & people


# --- Counting what belongs to each org ----------------------------------------------------------


Scope = Callable[[str], Q]  # given the relation that leads to the org ("org", "exemplar__org"), a condition


def in_year_subtree(path: str, year: int) -> Scope:
    """Rows of the subtree of ``path`` in ``year``'s tree: one index range on the spans' paths."""
    return lambda field: subtree_in_year(path, year, field)


def in_today_subtree(org: Org) -> Scope:
    """Rows of ``org``'s subtree in today's tree (the orgs carried into it included): one index range."""
    return lambda field: subtree_q(org.path, f"{field}__path")


def among(org_ids: Iterable[int]) -> Scope:
    """Rows of the orgs ``org_ids`` themselves (a few: the orgs a change touched)."""
    ids = list(org_ids)
    return lambda field: Q(**{f"{field}_id__in": ids})


def own_figures(year: int, rules: Rules, orgs: list[OrgRow]) -> dict[int, Figures]:
    """Each org's own figures in a subtree of ``year``'s tree (``orgs``, as ``year_subtree`` returns it,
    its top first, ruled by ``rules``): one grouped query per kind of thing counted."""
    if not orgs:
        return {}
    return count_own(in_year_subtree(orgs[0][1], year), year, orgs, requirements(year, rules, orgs))


def count_own(scope: Scope, year: int, orgs: list[OrgRow], needs: dict[int, Requirement]) -> dict[int, Figures]:
    """The own figures in ``year`` of the orgs ``orgs`` (rows of ``year``'s tree; all of them, and only
    them, within ``scope``) whose requirements are ``needs``. Rows of orgs that did not exist at the end of
    ``year`` (not in ``needs``) count nowhere."""
    own: dict[int, Figures] = defaultdict(Figures)
    required_orgs = {pk for pk, _p, kind, _a in orgs if kind in needs[pk].plan_kinds and pk != needs[pk].top}
    for pk in required_orgs:
        own[pk].orgs_required += 1
    active_cells = {pk for pk, _p, kind, _a in orgs if kind in CELL_KINDS}
    for pk in active_cells:
        own[pk].cells += 1

    people = Membership.objects.filter(scope("org"), year_q(year))
    for row in people.values("org_id", "kind").annotate(n=Count("id")).order_by():
        need = needs.get(row["org_id"])
        if need is not None and row["kind"] in need.person_kinds:
            own[row["org_id"]].people_required += row["n"]

    _count_records(own, scope, year, needs, required_orgs)
    _count_activities(own, scope, year, active_cells, needs)
    return own


def _count_records(
    own: dict[int, Figures], scope: Scope, year: int, needs: dict[int, Requirement], required_orgs: set[int]
) -> None:
    """Plans of required collectives and commitments of people who belonged to the Party organisation at
    the end of the year (their membership then), of a kind the rules at the org where the commitment was
    written name."""
    filed = filed_q()
    counts = {
        "filed": Count("id", filter=filed),
        "approved": Count("id", filter=approved_q()),
        "late": Count("id", filter=filed & Q(is_late=True)),
        "actions": Sum("quality__actions", filter=filed),
        "concrete": Sum("quality__concrete", filter=filed),
        "copied": Count("id", filter=filed & Q(quality__copied_last_year=True)),
    }
    plans = Record.objects.filter(scope("org"), year=year, kind=RecordKind.PLAN)
    for row in plans.values("org_id", "rating").annotate(**counts).order_by():
        if row["org_id"] not in required_orgs:
            continue
        figures = own[row["org_id"]]
        figures.plans_filed += row["filed"]
        figures.plans_approved += row["approved"]
        if row["rating"]:
            figures.plan_ratings[row["rating"]] += row["filed"]
    commitments = Record.objects.filter(scope("org"), year=year, kind=RecordKind.COMMITMENT).filter(
        year_q(year, "person__memberships__")
    )
    grouped = commitments.values("org_id", "rating", "person__memberships__kind").annotate(**counts).order_by()
    for row in grouped:
        need = needs.get(row["org_id"])
        if need is None or row["person__memberships__kind"] not in need.person_kinds:
            continue
        figures = own[row["org_id"]]
        figures.commitments_filed += row["filed"]
        figures.commitments_approved += row["approved"]
        figures.commitments_late += row["late"]
        figures.actions += row["actions"] or 0
        figures.actions_concrete += row["concrete"] or 0
        figures.copied_last_year += row["copied"]
        if row["rating"]:
            figures.ratings[row["rating"]] += row["filed"]
    # Members of clusters of near-identical commitments, one row each (a tenth of the records at most):
    # an org counts its counted members and the distinct clusters they belong to.
    members = commitments.filter(filed, quality__cluster__isnull=False)
    clusters: dict[int, set[int]] = defaultdict(set)
    for org_id, person_kind, cluster in members.values_list(
        "org_id", "person__memberships__kind", "quality__cluster"
    ):
        need = needs.get(org_id)
        if need is not None and person_kind in need.person_kinds:
            own[org_id].clustered += 1
            clusters[org_id].add(cluster)
    for org_id, keys in clusters.items():
        own[org_id].clusters += len(keys)


def _count_activities(
    own: dict[int, Figures], scope: Scope, year: int, active_cells: set[int], needs: dict[int, Requirement]
) -> None:
    """Study, pilot models, exemplars and inspections of the orgs that stood in ``year``'s tree (``needs``)."""

    def rows(queryset, key: str = "org_id", **counts):
        for row in queryset.values(key).annotate(**counts).order_by():
            if row[key] in needs:
                yield own[row[key]], row

    sessions = StudySession.objects.filter(held_q(), scope("org"), year=year, kind=StudyKind.THEMATIC)
    for figures, row in rows(sessions, n=Count("id")):
        figures.study_sessions += row["n"]
        figures.cells_studied += row["org_id"] in active_cells

    pilots = PilotModel.objects.filter(scope("org"), started_on__year__lte=year)
    counts = {
        "n": Count("id"),
        "new": Count("id", filter=Q(started_on__year=year)),
        "replicated": Count("id", filter=Q(status=PilotStatus.REPLICATED)),
    }
    for figures, row in rows(pilots, **counts):
        figures.pilots += row["n"]
        figures.pilots_new += row["new"]
        figures.pilots_replicated += row["replicated"]

    for figures, row in rows(Exemplar.objects.filter(scope("org"), year=year), n=Count("id")):
        figures.exemplars_nominated += row["n"]
    commended = Commendation.objects.filter(scope("exemplar__org"), decided_on__year=year)
    for figures, row in rows(commended, "exemplar__org_id", n=Count("exemplar_id", distinct=True)):
        figures.exemplars_commended += row["n"]

    inspections = Inspection.objects.filter(scope("org"), year=year)
    counts = {
        "n": Count("id"),
        "done": Count("id", filter=~Q(status=InspectionStatus.PLANNED)),
        "overdue": Count("id", filter=overdue_q()),
    }
    for figures, row in rows(inspections, **counts):
        figures.inspections_planned += row["n"]
        figures.inspections_done += row["done"]
        figures.inspections_overdue += row["overdue"]


# --- Rolling up -----------------------------------------------------------------------------------


def year_subtree(org: Org, year: int) -> list[OrgRow]:
    """(id, path, kind, True) of ``org`` and every org below it in ``year``'s tree (the tree on that year's
    last day), in path order; empty when ``org`` did not exist then."""
    path = path_in(org, year)
    return tree_in_year(path, year) if path else []


def today_subtree(org: Org) -> list[OrgRow]:
    """(id, path, kind, active) of ``org`` and every org below it in today's tree (the ended orgs carried
    into it included), in path order: what the figures "carried into" ``org`` add up."""
    return list(
        Org.objects.filter(subtree_q(org.path)).order_by("path").values_list("id", "path", "kind", "active")
    )


def roll_up(orgs: list[OrgRow], own: dict[int, Figures]) -> dict[str, Figures]:
    """Subtree figures per org path: every org's own figures added into itself and all its ancestors
    inside the list. Paths are walked backwards in order, so children come before their parents; an
    ancestor missing from the list (an org that ended while orgs under it stood) still carries its rows up."""
    by_path: dict[str, Figures] = {}
    listed = {path: pk for pk, path, _kind, _active in orgs}
    if not listed:
        return by_path
    top = min(len(p) for p in listed)
    walk = set(listed)
    for path in listed:
        parent = path[:-SEGMENT]
        while len(parent) >= top and parent not in walk:
            walk.add(parent)
            parent = parent[:-SEGMENT]
    for path in sorted(walk, reverse=True):
        total = by_path.setdefault(path, Figures())
        if path in listed:
            total.add(own.get(listed[path], Figures()))
        parent = path[:-SEGMENT]
        if len(parent) >= top:
            by_path.setdefault(parent, Figures()).add(total)
    return by_path


# --- What the pages read --------------------------------------------------------------------------


MARK_LABELS = {
    "green": _("Đạt yêu cầu"),
    "amber": _("Cần đôn đốc"),
    "red": _("Chậm tiến độ"),
    "none": _("Không có đối tượng phải nộp"),
}


class ChildOrg(NamedTuple):
    """What the dashboard shows of a child org (a whole ``Org`` per row cost twice as much to read)."""

    pk: int
    name: str
    path: str
    kind: str


@dataclass
class ChildRow:
    org: ChildOrg
    figures: Figures
    mark: str

    @property
    def mark_label(self) -> str:
        return str(MARK_LABELS[self.mark])


@dataclass
class Dashboard:
    org: Org
    year: int
    rules: Rules
    total: Figures
    children: list[ChildRow]
    tree: list[tuple[int, str, Figures]] = field(default_factory=list)  # (depth, name, figures) for Excel
    lineage: bool = False  # counted on today's tree, predecessors carried in; else on the year's tree
    existed: bool = True  # the org stood in the year's tree (as it was)

    @property
    def deadline_passed(self) -> bool:
        today = timezone.localdate()
        dates = [d for d in (self.rules.plan_deadline, self.rules.commitment_deadline) if d]
        return bool(dates) and today > min(dates)


def _children(org: Org, year: int, lineage: bool) -> list[ChildOrg]:
    """The rows under ``org``: its children in ``year``'s tree (their names then), or with ``lineage`` its
    children today, the ended ones carried into it included."""
    if lineage:
        rows = Org.objects.filter(parent=org).filter(Q(active=True) | Q(began_on__isnull=True) | Q(began_on__year__lte=year))
        rows = rows.order_by("-active", "sort_order", "name_folded").values_list("pk", "name", "path", "kind")
    else:
        rows = (
            children_in_year(org.pk, year)
            .order_by("org__sort_order", "org__name_folded")
            .values_list("org_id", "name", "path", "kind")
        )
    return [ChildOrg(*row) for row in rows]


def dashboard(
    org: Org,
    year: int,
    *,
    lineage: bool = False,
    with_tree: bool = False,
    built: set[int] | None = None,
    kept: dict[int, Figures] | None = None,
) -> Dashboard:
    """The figures of ``org``'s subtree for ``year`` and one row per child org: on the tree as it stood on
    that year's last day ("as it was"), or with ``lineage`` on today's tree, the figures of the orgs carried
    into it (its predecessors) included.

    The caller has cleared ``org`` through ``access_org``; the count of queries does not grow with the
    number of children. ``built`` (the years whose counts are kept) and ``kept`` (the rows of the org and its
    children, ``counters.tree_rows`` for the same view): when the caller has read them.
    """
    from . import counters  # it builds on this module

    rules = rules_for(org, year)
    path = org.path if lineage else path_in(org, year)
    board = Dashboard(org=org, year=year, rules=rules, total=Figures(), children=[], lineage=lineage)
    if path is None:  # as it was, in a year it did not stand in
        board.existed = False
        return board
    children = _children(org, year, lineage)
    orgs: list[OrgRow] = []
    if year in built if built is not None else counters.is_built(year):
        # maintained counts: a few rows whatever the size of the subtree; overdue inspections live
        if with_tree:
            orgs = today_subtree(org) if lineage else year_subtree(org, year)
            kept = counters.all_subtree_figures(org, year, lineage=lineage)
        elif kept is None:
            kept = counters.tree_rows(org, {year}, year, lineage=lineage)[1]
        paths = {pk: p for pk, p, _k, _a in orgs} | {org.pk: path} | {c.pk: c.path for c in children}
        totals = {paths[pk]: figures for pk, figures in kept.items() if pk in paths}
        for p, n in _overdue_by_path(path, year, lineage).items():
            totals.setdefault(p, Figures()).inspections_overdue = n
    elif lineage:
        orgs = today_subtree(org)
        totals = roll_up(orgs, carried_own(org, year, [pk for pk, *_rest in orgs]))
    else:
        orgs = year_subtree(org, year)
        totals = roll_up(orgs, own_figures(year, rules, orgs))
    board.total = totals.get(path, Figures())
    passed = board.deadline_passed
    for child in children:
        figures = totals.get(child.path, Figures())
        board.children.append(ChildRow(org=child, figures=figures, mark=figures.mark(passed)))
    if with_tree:
        names = {p: name for pk, name, p, _k in _names(orgs, year, lineage)}
        board.tree = [
            ((len(p) - len(path)) // SEGMENT, names.get(p, ""), totals.get(p, Figures()))
            for _pk, p, _k, is_active in orgs
            if is_active
        ]
    return board


def _names(orgs: list[OrgRow], year: int, lineage: bool):
    ids = [pk for pk, *_rest in orgs]
    if lineage:
        return Org.objects.filter(pk__in=ids).values_list("pk", "name", "path", "kind") if ids else []
    found = []
    for start in range(0, len(ids), 500):
        found += list(
            OrgSpan.objects.filter(year_q(year), org_id__in=ids[start : start + 500]).values_list(
                "org_id", "name", "path", "kind"
            )
        )
    return found


def carried_own(org: Org, year: int, ids: list[int]) -> dict[int, Figures]:
    """The own figures in ``year`` of the orgs ``ids`` of ``org``'s subtree today, each counted where it stood
    that year (with that year's rules there): what ``org`` shows with its predecessors carried in."""
    spans = paths_in_year_rows(ids, year)
    return count_own(in_today_subtree(org), year, spans, needs_for(spans, year))


def paths_in_year_rows(ids: list[int], year: int) -> list[OrgRow]:
    found: list[OrgRow] = []
    for start in range(0, len(ids), 500):
        rows = OrgSpan.objects.filter(year_q(year), org_id__in=ids[start : start + 500])
        found += [(pk, p, kind, True) for pk, p, kind in rows.values_list("org_id", "path", "kind")]
    return found


def _overdue_by_path(path: str, year: int, lineage: bool) -> dict[str, int]:
    """Overdue inspections (a matter of today's date, not kept in counters) of the subtree at ``path``, added
    into every org of the subtree above the one inspecting: few rows, one query."""
    found: Counter = Counter()
    if lineage:
        inspections = Inspection.objects.filter(subtree_q(path, "org__path"), year=year).filter(overdue_q())
        paths = inspections.values_list("org__path", flat=True)
    else:
        inspections = Inspection.objects.filter(subtree_in_year(path, year), year=year).filter(overdue_q())
        paths = inspections.values_list("org__spans__path", flat=True)
    for p in paths:
        for end in range(len(path), len(p) + 1, SEGMENT):
            found[p[:end]] += 1
    return found


@dataclass
class YearFigures:
    year: int
    plans_filed: int = 0
    commitments_filed: int = 0
    ratings: Counter = field(default_factory=Counter)
    plan_ratings: Counter = field(default_factory=Counter)
    exemplars_nominated: int = 0
    exemplars_commended: int = 0
    study_sessions: int = 0
    pilots_new: int = 0


def _year_figures(year: int, figures: Figures) -> YearFigures:
    """The trend's part of a year's figures (every ``YearFigures`` field is a ``Figures`` field)."""
    kept = [f.name for f in fields(YearFigures) if f.name != "year"]
    return YearFigures(year=year, **{name: getattr(figures, name) for name in kept})


def years_of(org: Org, built: set[int] | None = None, kept: dict[int, Figures] | None = None) -> list[int]:
    """The years of ``org``'s subtree from its first filed record to this year, newest first (the year
    pickers): from the maintained counts when any year is built. ``built`` (the built years) and ``kept``
    (``counters.tree_rows``): when the caller has read them."""
    from . import counters

    this = today_year()
    built = set(counters.built_years()) if built is None else built
    if built:
        if kept is None:
            kept = counters.tree_rows(org, built)[0]
        first = min((y for y, f in kept.items() if f.plans_filed or f.commitments_filed), default=this)
    else:
        first = first_year(org) or this
    return list(range(this, min(first, this) - 1, -1))


def history(
    org: Org, built: set[int] | None = None, kept: dict[int, Figures] | None = None
) -> tuple[list[int], list[YearFigures]]:
    """``years_of(org)`` and their figures (oldest first): two queries from the maintained counts when every
    one of those years is built, else counted from the records. ``built`` and ``kept`` as for ``years_of``."""
    from . import counters

    built = set(counters.built_years()) if built is None else built
    if kept is None:
        kept = counters.tree_rows(org, built)[0]
    years = years_of(org, built, kept)
    if built.issuperset(years):
        return years, [_year_figures(y, kept.get(y, Figures())) for y in reversed(years)]
    return years, trend(org, years[-1], years[0])


def trend(org: Org, first: int, last: int) -> list[YearFigures]:
    """Filed plans and commitments, ratings, exemplars, study and new pilot models per year of
    ``first``..``last`` in ``org``'s subtree, counted from the records: four grouped queries whatever the
    number of years (``history`` reads them from the maintained counts)."""
    years = {y: YearFigures(year=y) for y in range(first, last + 1)}
    records = Record.objects.filter(
        filed_q(), subtree_q(org.path, "org__path"), year__gte=first, year__lte=last
    )
    for row in records.values("year", "kind", "rating").annotate(n=Count("id")).order_by():
        y = years[row["year"]]
        if row["kind"] == RecordKind.PLAN:
            y.plans_filed += row["n"]
            if row["rating"]:
                y.plan_ratings[row["rating"]] += row["n"]
        else:
            y.commitments_filed += row["n"]
            if row["rating"]:
                y.ratings[row["rating"]] += row["n"]
    exemplars = Exemplar.objects.filter(subtree_q(org.path, "org__path"), year__gte=first, year__lte=last)
    for row in exemplars.values("year").annotate(n=Count("id")).order_by():
        years[row["year"]].exemplars_nominated = row["n"]
    commended = Commendation.objects.filter(
        subtree_q(org.path, "exemplar__org__path"), decided_on__year__gte=first, decided_on__year__lte=last
    )
    for row in (
        commended.values("decided_on__year").annotate(n=Count("exemplar_id", distinct=True)).order_by()
    ):
        years[row["decided_on__year"]].exemplars_commended = row["n"]
    sessions = StudySession.objects.filter(
        held_q(), subtree_q(org.path, "org__path"), year__gte=first, year__lte=last, kind=StudyKind.THEMATIC
    )
    for row in sessions.values("year").annotate(n=Count("id")).order_by():
        years[row["year"]].study_sessions = row["n"]
    pilots = PilotModel.objects.filter(
        subtree_q(org.path, "org__path"), started_on__year__gte=first, started_on__year__lte=last
    )
    for row in pilots.values("started_on__year").annotate(n=Count("id")).order_by():
        years[row["started_on__year"]].pilots_new = row["n"]
    return [years[y] for y in sorted(years)]


def first_year(org: Org) -> int | None:
    """The first year with a record in ``org``'s subtree, counted from the records (``history`` reads it
    from the maintained counts when any year is built)."""
    return (
        Record.objects.filter(subtree_q(org.path, "org__path"))
        .order_by("year")
        .values_list("year", flat=True)
        .first()
    )


def today_year() -> int:
    return timezone.localdate().year
