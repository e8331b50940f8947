"""Counts maintained as records change, so that the dashboard of any org (a whole country included)
reads a handful of rows instead of recounting millions.

For every org and every *built* year (``TallyYear``) two ``Tally`` rows hold ``stats.Figures``: the org's
own figures and its whole subtree's. A change recounts the own figures of the orgs it touched, with the
same code the recount uses (``stats.count_own``), and adds the difference to the subtree rows of the org
and of every ancestor. So the maintained figures are the recount by construction, and a change costs a
few small grouped queries on one org plus one UPDATE of at most depth + 1 rows.

Changes are noticed by signals on the models counted (``signals.py``), and by explicit calls where a
write bypasses them (bulk updates, moves in the tree). Inside ``batch()`` (a service, an import) the
orgs touched are gathered and recounted once at the end, still inside the transaction.

Concurrency: the rows of the orgs touched and of their ancestors are locked (in id order) *before* the
recount; a second writer waits, then recounts what the first one committed.

``reconcile`` recounts everything the plain way, reports every difference and repairs it. A year that
was never built is counted live by the dashboard; ``reconcile`` builds it. Inspections overdue depend on
today's date, not on a write: they are counted live (there are few inspections).
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields

from django.db import connection, transaction
from django.db.models import F, Max, Min
from django.utils import timezone

from lamtheobac.cycle.models import Period, Rating, Record
from lamtheobac.cycle.rules import rules_for
from lamtheobac.organisation.models import Org, path_ids

from . import stats
from .models import Tally, TallyYear

OrgRow = tuple[int, str, str, bool]  # id, path, kind, active
CHUNK = 500  # org ids per query (SQLite allows 999 variables in a statement)

# ``Figures`` fields kept in ``Tally``: all but the ratings (one column per rating) and the overdue
# inspections (a matter of today's date, counted live).
LIVE = {"inspections_overdue"}
PLAIN = [
    f.name for f in fields(stats.Figures) if f.name not in LIVE and f.name not in ("ratings", "plan_ratings")
]
RATING_COLUMNS = {
    f"{prefix}_{r.value}": (prefix, r.value) for prefix in ("ratings", "plan_ratings") for r in Rating
}
COLUMNS = PLAIN + list(RATING_COLUMNS)


def columns(figures: stats.Figures) -> dict[str, int]:
    found = {name: getattr(figures, name) for name in PLAIN}
    for column, (counter, rating) in RATING_COLUMNS.items():
        found[column] = getattr(figures, counter).get(rating, 0)
    return found


def figures_of(values: dict[str, int]) -> stats.Figures:
    figures = stats.Figures(**{name: values[name] for name in PLAIN})
    for column, (counter, rating) in RATING_COLUMNS.items():
        if values[column]:
            getattr(figures, counter)[rating] = values[column]
    return figures


ZERO = dict.fromkeys(COLUMNS, 0)


# --- Reading ------------------------------------------------------------------------------------


def is_built(year: int) -> bool:
    return TallyYear.objects.filter(year=year).exists()


def built_years() -> list[int]:
    return list(TallyYear.objects.order_by("year").values_list("year", flat=True))


def subtree_figures(org_ids: Iterable[int], year: int) -> dict[int, stats.Figures]:
    """The maintained subtree figures of ``org_ids`` in a built year (zero where no row)."""
    ids = list(org_ids)
    found = {pk: stats.Figures() for pk in ids}
    rows = Tally.objects.filter(year=year, tree=True, org_id__in=ids).values("org_id", *COLUMNS)
    for row in rows:
        found[row.pop("org_id")] = figures_of(row)
    return found


def all_subtree_figures(org: Org, year: int) -> dict[int, stats.Figures]:
    """The maintained subtree figures of ``org`` and every org below it (the Excel tree)."""
    rows = Tally.objects.filter(stats.in_subtree(org)("org"), year=year, tree=True).values("org_id", *COLUMNS)
    return {row.pop("org_id"): figures_of(row) for row in rows}


def tree_rows(
    org: Org, built: set[int], year: int | None = None
) -> tuple[dict[int, stats.Figures], dict[int, stats.Figures]]:
    """``org``'s subtree figures in each built year that has a row (the trend) and, given a built ``year``,
    the subtree figures of ``org`` and of each of its children in that year (the dashboard's rows): one
    query, each half following an index (an ``OR`` of the two made PostgreSQL scan the table)."""
    if not built:
        return {}, {}
    years = sorted(built)
    params: list = [True, org.pk, *years]
    if year in built:
        params += [True, year, org.pk]
    with connection.cursor() as cursor:
        cursor.execute(_tree_rows_sql(len(years), year in built), params)
        rows = cursor.fetchall()
    by_year: dict[int, stats.Figures] = {}
    in_year: dict[int, stats.Figures] = {}
    for row_year, pk, *values in rows:
        row = dict(zip(COLUMNS, values, strict=True))
        if pk == org.pk:
            by_year[row_year] = figures_of(row)
        if row_year == year:
            in_year[pk] = figures_of(row)  # its own object: the dashboard adds overdue inspections to it
    return by_year, in_year


@functools.cache
def _tree_rows_sql(n_years: int, with_children: bool) -> str:
    """The SQL of ``tree_rows`` for a number of years, written once per process: Django compiling the two
    34-column selects on every dashboard cost more than the database answering them."""
    q = connection.ops.quote_name
    tally, org = q(Tally._meta.db_table), q(Org._meta.db_table)
    names = [q(Tally._meta.get_field(name).column) for name in ("year", "org", *COLUMNS)]
    tree, org_id, year = (q(Tally._meta.get_field(name).column) for name in ("tree", "org", "year"))
    sql = (
        f"SELECT {', '.join(names)} FROM {tally} WHERE {tree} = %s AND {org_id} = %s"  # noqa: S608 (names from the models)
        f" AND {year} IN ({', '.join(['%s'] * n_years)})"
    )
    if with_children:
        parent, pk = q(Org._meta.get_field("parent").column), q(Org._meta.pk.column)
        sql += (
            f" UNION ALL SELECT {', '.join(f't.{n}' for n in names)} FROM {tally} t"  # noqa: S608 (as above)
            f" INNER JOIN {org} o ON o.{pk} = t.{org_id} WHERE t.{tree} = %s AND t.{year} = %s AND o.{parent} = %s"
        )
    return sql


# --- Keeping them true ---------------------------------------------------------------------------

_state = threading.local()


@dataclass
class _Pending:
    orgs: dict[int | None, set[int]]  # year (None: every built year) → org ids


@contextlib.contextmanager
def batch() -> Iterator[None]:
    """Gather the orgs touched inside the block and recount them once at its end (in the transaction
    the block runs in). Nested blocks join the outermost one."""
    if getattr(_state, "pending", None) is not None:
        yield
        return
    _state.pending = _Pending(defaultdict(set))
    try:
        yield
        pending = _state.pending
    finally:
        _state.pending = None
    for year, ids in pending.orgs.items():
        refresh(ids, None if year is None else [year])


def touch(org_ids: Iterable[int | None], year: int | None = None) -> None:
    """The own figures of ``org_ids`` in ``year`` (every built year when None) may have changed."""
    ids = {pk for pk in org_ids if pk is not None}
    if not ids:
        return
    pending = getattr(_state, "pending", None)
    if pending is not None:
        pending.orgs[year].update(ids)
        # a year-less touch covers the same orgs' single years: nothing else to gather
    else:
        refresh(ids, None if year is None else [year])


def refresh(org_ids: Iterable[int], years: Iterable[int] | None = None) -> None:
    """Recount the own figures of ``org_ids`` in ``years`` (default: every built year; years not built
    are skipped) and carry the differences up the tree."""
    built = set(built_years())
    years = sorted(built if years is None else built & set(years))
    ids = sorted(set(org_ids))
    if not years or not ids:
        return
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            orgs = list(Org.objects.filter(pk__in=chunk).values_list("id", "path", "kind", "active"))
            for year in years:
                _refresh_year(orgs, year)


def _refresh_year(orgs: list[OrgRow], year: int) -> None:
    ids = [pk for pk, *_rest in orgs]
    ancestors = sorted({a for _pk, path, _k, _a in orgs for a in path_ids(path)})
    _ensure_rows(year, own=ids, tree=ancestors)
    locked = list(
        Tally.objects.select_for_update()
        .filter(year=year)
        .filter(org_id__in=ancestors)
        .order_by("pk")
        .values("pk", "org_id", "tree", *COLUMNS)
    )
    mine = set(ids)
    own_rows = {row["org_id"]: row for row in locked if not row["tree"] and row["org_id"] in mine}
    tree_rows = {row["org_id"]: row["pk"] for row in locked if row["tree"]}
    counted = stats.count_own(stats.among(ids), year, orgs, stats.needs_for(orgs, year))
    carried: dict[int, Counter] = defaultdict(Counter)
    for pk, path, _k, _a in orgs:
        new = columns(counted.get(pk, stats.Figures()))
        old = own_rows[pk]
        delta = {c: new[c] - old[c] for c in COLUMNS if new[c] != old[c]}
        if not delta:
            continue
        Tally.objects.filter(pk=old["pk"]).update(**new)
        for ancestor in path_ids(path):
            carried[ancestor].update(delta)
    for ancestor, delta in carried.items():
        change = {c: F(c) + d for c, d in delta.items() if d}
        if change:
            Tally.objects.filter(pk=tree_rows[ancestor]).update(**change)


def _ensure_rows(year: int, *, own: Iterable[int], tree: Iterable[int]) -> None:
    wanted = [(pk, False) for pk in own] + [(pk, True) for pk in tree]
    have = set(
        Tally.objects.filter(year=year, org_id__in={pk for pk, _t in wanted}).values_list("org_id", "tree")
    )
    missing = [Tally(org_id=pk, year=year, tree=t) for pk, t in wanted if (pk, t) not in have]
    if missing:
        Tally.objects.bulk_create(missing, ignore_conflicts=True)


def forget() -> None:
    """Drop every maintained count (the demo's wipe): with no year built, writes recount nothing until
    ``reconcile`` builds the years again."""
    TallyYear.objects.all().delete()
    Tally.objects.all().delete()


def detach(org: Org) -> None:
    """Before ``org``'s subtree moves elsewhere in the tree: take its subtree figures off its ancestors."""
    _carry(org, sign=-1)


def attach(org: Org) -> None:
    """After ``org``'s subtree moved: recount it (the rules above it changed) and add it to its new
    ancestors."""
    org.refresh_from_db(fields=["path", "depth", "parent"])
    for year in built_years():
        rebuild_subtree(org, year, carry=False)
    _carry(org, sign=1)


def _carry(org: Org, sign: int) -> None:
    above = path_ids(org.path)[:-1]
    if not above:
        return
    for year in built_years():
        row = Tally.objects.filter(org=org, year=year, tree=True).values(*COLUMNS).first()
        if row is None or not any(row.values()):
            continue
        _ensure_rows(year, own=[], tree=above)
        change = {c: F(c) + sign * v for c, v in row.items() if v}
        Tally.objects.filter(year=year, tree=True, org_id__in=above).update(**change)


def period_changed(period: Period) -> None:
    """Who must file changed below ``period.org`` in ``period.year``: recount that subtree."""
    if is_built(period.year):
        rebuild_subtree(period.org, period.year, carry=True)


def rebuild_subtree(org: Org, year: int, *, carry: bool) -> None:
    """Recount every own and subtree row of ``org``'s subtree in ``year``; with ``carry``, add the change
    of ``org``'s subtree figures to its ancestors."""
    with transaction.atomic():
        above = path_ids(org.path)[:-1]
        if carry and above:
            _ensure_rows(year, own=[], tree=above)
            list(
                Tally.objects.select_for_update()
                .filter(year=year, tree=True, org_id__in=above)
                .order_by("pk")
            )
        old = Tally.objects.filter(org=org, year=year, tree=True).values(*COLUMNS).first() or ZERO
        own, tree, _orgs = count_subtree(org, year)
        _store(year, stats.in_subtree(org), own, tree)
        new = tree.get(org.pk, ZERO)
        if carry and above:
            change = {c: F(c) + (new[c] - old[c]) for c in COLUMNS if new[c] != old[c]}
            if change:
                Tally.objects.filter(year=year, tree=True, org_id__in=above).update(**change)


# --- The plain recount, and reconcile ---------------------------------------------------------------


def count_subtree(org: Org, year: int) -> tuple[dict[int, dict], dict[int, dict], list[OrgRow]]:
    """Own and subtree columns of every org of ``org``'s subtree, counted from the records (non-zero
    rows only)."""
    orgs = stats.subtree_orgs(org)
    own = stats.own_figures(org, year, rules_for(org, year), orgs)
    by_path = stats.roll_up(orgs, own)
    own_cols = {pk: cols for pk, f in own.items() if any((cols := columns(f)).values())}
    tree_cols = {}
    for pk, path, _k, _a in orgs:
        if path in by_path and any((cols := columns(by_path[path])).values()):
            tree_cols[pk] = cols
    return own_cols, tree_cols, orgs


def _stored(year: int, where) -> tuple[dict[int, dict], dict[int, dict]]:
    own: dict[int, dict] = {}
    tree: dict[int, dict] = {}
    for row in (
        Tally.objects.filter(where("org"), year=year).values("org_id", "tree", *COLUMNS).iterator(5000)
    ):
        pk, is_tree = row.pop("org_id"), row.pop("tree")
        (tree if is_tree else own)[pk] = row
    return own, tree


def _store(year: int, where, own: dict[int, dict], tree: dict[int, dict]) -> int:
    """Make the stored rows of ``where`` in ``year`` equal ``own`` and ``tree``; the number of rows that
    differed."""
    stored_own, stored_tree = _stored(year, where)
    changed = 0
    for is_tree, wanted, stored in ((False, own, stored_own), (True, tree, stored_tree)):
        upserts = []
        for pk in set(wanted) | set(stored):
            new, old = wanted.get(pk, ZERO), stored.get(pk, ZERO)
            if new != old:
                changed += 1
                upserts.append(Tally(org_id=pk, year=year, tree=is_tree, **new))
        Tally.objects.bulk_create(
            upserts, batch_size=2000, update_conflicts=True, unique_fields=["org", "tree", "year"],
            update_fields=COLUMNS,
        )  # fmt: skip
    return changed


@dataclass
class Difference:
    year: int
    org_id: int
    tree: bool
    column: str
    stored: int
    counted: int


def data_years() -> list[int]:
    """The years a dashboard can show figures for: from the first year with a period or a record to
    the current one (and any later year already opened)."""
    this_year = timezone.localdate().year
    bounds = [
        v
        for qs in (Period.objects.all(), Record.objects.all())
        for v in qs.aggregate(lo=Min("year"), hi=Max("year")).values()
        if v is not None
    ]
    return list(range(min([*bounds, this_year]), max([*bounds, this_year]) + 1))


def reconcile(years: Iterable[int] | None = None, *, repair: bool = True) -> list[Difference]:
    """Recount every org of every year the plain way and compare with the maintained rows: the list of
    differences (on a year never built, its missing rows). With ``repair``, the rows are made right and
    the years marked built."""
    found: list[Difference] = []
    roots = list(Org.objects.filter(parent__isnull=True).order_by("path"))
    for year in data_years() if years is None else sorted(years):
        with transaction.atomic():
            for root in roots:
                own, tree, _orgs = count_subtree(root, year)
                where = stats.in_subtree(root)
                stored_own, stored_tree = _stored(year, where)
                for is_tree, wanted, stored in ((False, own, stored_own), (True, tree, stored_tree)):
                    for pk in sorted(set(wanted) | set(stored)):
                        new, old = wanted.get(pk, ZERO), stored.get(pk, ZERO)
                        found += [
                            Difference(year, pk, is_tree, c, old[c], new[c])
                            for c in COLUMNS
                            if new[c] != old[c]
                        ]
                if repair:
                    _store(year, where, own, tree)
            if repair:
                TallyYear.objects.update_or_create(year=year, defaults={"built_at": timezone.now()})
    return found
