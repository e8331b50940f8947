"""The figures of the campaign for an org's subtree and a year: the one selector every page reads.

``dashboard`` gives them to the dashboard, its Excel workbook, the API, the year's page (through
``cycle.selectors``, which this app plugs into when it is ready), the report writer and the ``figures``
command: from the maintained counts (``tallies``) for a built year, else counted from the records
(``counting``). ``history`` and ``trend`` give the years.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from typing import NamedTuple

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheobac.activities.models import (
    Commendation,
    Exemplar,
    Inspection,
    PilotModel,
    StudyKind,
    StudySession,
)
from lamtheobac.activities.selectors.inspections import overdue_q
from lamtheobac.activities.selectors.study import held_q
from lamtheobac.cycle.models import Record, RecordKind
from lamtheobac.cycle.rules import Rules
from lamtheobac.cycle.selectors import rules_for
from lamtheobac.cycle.workflow import filed_q
from lamtheobac.organisation.models import SEGMENT, Org, OrgSpan, subtree_q
from lamtheobac.organisation.selectors import children_in_year, path_in
from lamtheobac.organisation.timeline import subtree_in_year, year_q

from . import tallies
from .counting import (
    Figures,
    OrgRow,
    carried_own,
    own_figures,
    roll_up,
    today_subtree,
    year_subtree,
)

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
    rows: Iterable[tuple[int, str, str, str]]
    if lineage:
        orgs = Org.objects.filter(parent=org).filter(
            Q(active=True) | Q(began_on__isnull=True) | Q(began_on__year__lte=year)
        )
        rows = orgs.order_by("-active", "sort_order", "name_folded").values_list("pk", "name", "path", "kind")
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
    children, ``tallies.tree_rows`` for the same view): when the caller has read them.
    """
    rules = rules_for(org, year)
    path = org.path if lineage else path_in(org, year)
    board = Dashboard(org=org, year=year, rules=rules, total=Figures(), children=[], lineage=lineage)
    if path is None:  # as it was, in a year it did not stand in
        board.existed = False
        return board
    children = _children(org, year, lineage)
    orgs: list[OrgRow] = []
    if year in built if built is not None else tallies.is_built(year):
        # maintained counts: a few rows whatever the size of the subtree; overdue inspections live
        if with_tree:
            orgs = today_subtree(org) if lineage else year_subtree(org, year)
            kept = tallies.all_subtree_figures(org, year, lineage=lineage)
        elif kept is None:
            kept = tallies.tree_rows(org, {year}, year, lineage=lineage)[1]
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
        names = {p: name for pk, name, p, _k in _names([pk for pk, *_rest in orgs], year, lineage)}
        board.tree = [
            ((len(p) - len(path)) // SEGMENT, names.get(p, ""), totals.get(p, Figures()))
            for _pk, p, _k, is_active in orgs
            if is_active
        ]
    return board


TREE_PART = 2000  # orgs whose names and figures the Excel tree reads at a time


def tree_figures(
    org: Org, year: int, *, lineage: bool = False, part: int = TREE_PART
) -> tuple[list[int], Iterator[tuple[str, Figures]]]:
    """The rows of the Excel tree (``Dashboard.tree``) of ``org`` for ``year`` without holding the whole
    subtree's figures: each active org's level below ``org`` at once (its orgs in path order), then its name
    and figures read ``part`` orgs at a time as the rows are written (the country: 302,000 rows)."""
    path = org.path if lineage else path_in(org, year)
    if path is None:
        return [], iter(())
    if not tallies.is_built(year):  # counted from the records: the dashboard's own way, in memory
        tree = dashboard(org, year, lineage=lineage, with_tree=True).tree
        return [depth for depth, _n, _f in tree], ((name, f) for _d, name, f in tree)
    orgs = [
        (pk, p)
        for pk, p, _k, active in (today_subtree(org) if lineage else year_subtree(org, year))
        if active
    ]
    overdue = _overdue_by_path(path, year, lineage)

    def rows() -> Iterator[tuple[str, Figures]]:
        for start in range(0, len(orgs), part):
            chunk = orgs[start : start + part]
            ids = [pk for pk, _p in chunk]
            figures = tallies.subtree_figures_of(ids, year, lineage=lineage)
            names = {pk: name for pk, name, _p, _k in _names(ids, year, lineage)}
            for pk, p in chunk:
                found = figures.get(pk) or Figures()
                if p in overdue:
                    found.inspections_overdue = overdue[p]
                yield names.get(pk, ""), found

    return [(len(p) - len(path)) // SEGMENT for _pk, p in orgs], rows()


def _names(ids: list[int], year: int, lineage: bool):
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
    (``tallies.tree_rows``): when the caller has read them."""
    this = today_year()
    built = set(tallies.built_years()) if built is None else built
    if built:
        if kept is None:
            kept = tallies.tree_rows(org, built)[0]
        first = min((y for y, f in kept.items() if f.plans_filed or f.commitments_filed), default=this)
    else:
        first = first_year(org) or this
    return list(range(this, min(first, this) - 1, -1))


def history(
    org: Org, built: set[int] | None = None, kept: dict[int, Figures] | None = None
) -> tuple[list[int], list[YearFigures]]:
    """``years_of(org)`` and their figures (oldest first): two queries from the maintained counts when every
    one of those years is built, else counted from the records. ``built`` and ``kept`` as for ``years_of``."""
    built = set(tallies.built_years()) if built is None else built
    if kept is None:
        kept = tallies.tree_rows(org, built)[0]
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
