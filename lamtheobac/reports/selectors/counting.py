"""What belongs to each org in a year, counted from the records, and the sum over a subtree.

Counting is done in two steps so that the second can read maintained counters instead of the records:
``own_figures`` counts what belongs to each org itself (a handful of grouped queries over the subtree, never
one query per org), and ``roll_up`` adds every org's own figures into all its ancestors. The dashboard
(``boards``) and the maintained counts (``counters``) both build on this module.

Who must file is the year's rule (``cycle.selectors.requirements``). A plan or commitment counts as filed as
``cycle.workflow.filed_q`` decides (submitted and not returned for correction), and as approved once approved;
the lagging page splits the same population the same way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields

from django.db.models import Count, Q, Sum

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
from lamtheobac.cycle.models import Rating, Record, RecordKind
from lamtheobac.cycle.rules import OrgRow, Requirement, Rules
from lamtheobac.cycle.selectors import needs_for, requirements, year_subtree  # noqa: F401
from lamtheobac.cycle.workflow import approved_q, filed_q
from lamtheobac.organisation.kinds import CELL_KINDS
from lamtheobac.organisation.models import (
    NON_PARTY_PERSON_KINDS,
    SEGMENT,
    Membership,
    Org,
    OrgSpan,
    subtree_q,
)
from lamtheobac.organisation.timeline import subtree_in_year, year_q

RATINGS = [r.value for r in Rating]
GOOD_OR_BETTER = (Rating.EXCELLENT.value, Rating.GOOD.value)

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
    # The non-party share of the people figures above (công chức, viên chức, người lao động, đoàn viên… who
    # are not Party members: ``organisation.models.NON_PARTY_PERSON_KINDS``, by their kind at the end of the
    # year). The figures above count everyone who must file; the Party members' are the difference
    # (``*_party``), so a non-party person can never be counted as a đảng viên.
    people_required_nonparty: int = 0
    commitments_filed_nonparty: int = 0
    commitments_approved_nonparty: int = 0
    actions_nonparty: int = 0
    rated_nonparty: int = 0
    rated_good_nonparty: int = 0  # rated hoàn thành tốt nhiệm vụ or better

    def add(self, other: Figures) -> None:
        # the names read once (``_SUMMED``), zeros skipped: a page sums hundreds of rows, and asking the
        # dataclass for its fields at every call cost more than the sums
        mine, theirs = self.__dict__, other.__dict__
        for name in _SUMMED:
            if value := theirs[name]:
                mine[name] += value
        for name in _COUNTED:
            if value := theirs[name]:
                mine[name].update(value)

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

    @property
    def rated_good(self) -> int:
        """Commitments rated hoàn thành tốt nhiệm vụ or better (xuất sắc and tốt)."""
        return sum(self.ratings.get(r, 0) for r in GOOD_OR_BETTER)

    # --- Party members only: everyone less the non-party participants ------------------------------

    @property
    def people_required_party(self) -> int:
        return self.people_required - self.people_required_nonparty

    @property
    def commitments_filed_party(self) -> int:
        return self.commitments_filed - self.commitments_filed_nonparty

    @property
    def commitments_approved_party(self) -> int:
        return self.commitments_approved - self.commitments_approved_nonparty

    @property
    def actions_party(self) -> int:
        return self.actions - self.actions_nonparty

    @property
    def rated_party(self) -> int:
        return self.rated - self.rated_nonparty

    @property
    def rated_good_party(self) -> int:
        return self.rated_good - self.rated_good_nonparty

    @property
    def commitments_share_party(self) -> float | None:
        return self.share(self.commitments_filed_party, self.people_required_party)

    @property
    def commitments_share_nonparty(self) -> float | None:
        return self.share(self.commitments_filed_nonparty, self.people_required_nonparty)

    def split(self) -> dict[str, int]:
        """The people figures, Party members and non-party participants apart (the API, ``figures``)."""
        return {
            f"{name}_{side}": getattr(self, f"{name}_{side}")
            for name in (
                "people_required",
                "commitments_filed",
                "commitments_approved",
                "actions",
                "rated",
                "rated_good",
            )
            for side in ("party", "nonparty")
        }

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


# --- Counting what belongs to each org ----------------------------------------------------------


_COUNTED = tuple(f.name for f in fields(Figures) if f.default_factory is Counter)
_SUMMED = tuple(f.name for f in fields(Figures) if f.name not in _COUNTED)

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


def count_own(
    scope: Scope, year: int, orgs: list[OrgRow], needs: dict[int, Requirement]
) -> dict[int, Figures]:
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
            if row["kind"] in NON_PARTY_PERSON_KINDS:
                own[row["org_id"]].people_required_nonparty += row["n"]

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
    grouped = (
        commitments.values("org_id", "rating", "person__memberships__kind").annotate(**counts).order_by()
    )
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
        if row["person__memberships__kind"] in NON_PARTY_PERSON_KINDS:
            figures.commitments_filed_nonparty += row["filed"]
            figures.commitments_approved_nonparty += row["approved"]
            figures.actions_nonparty += row["actions"] or 0
            if row["rating"]:
                figures.rated_nonparty += row["filed"]
                figures.rated_good_nonparty += row["filed"] if row["rating"] in GOOD_OR_BETTER else 0
    # Members of clusters of near-identical commitments, one row each (a tenth of the records at most):
    # an org counts its counted members and the distinct clusters they belong to.
    members = commitments.filter(filed, quality__cluster__isnull=False)
    clusters: dict[int, set[int | None]] = defaultdict(set)  # never None: filtered above
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

    def rows(queryset, key: str = "org_id", /, **counts):
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
