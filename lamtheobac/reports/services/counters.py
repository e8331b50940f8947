"""Counts maintained as records change, so that the dashboard of any org (a whole country included), in
any year, reads a handful of rows instead of recounting millions.

For every org and every *built* year (``TallyYear``) three kinds of ``Tally`` row hold ``counting.Figures``:
the org's own figures (``OWN``: what belongs to the org itself, counted where the org stood in that year's
tree); its subtree's in that year's tree (``AS_IT_WAS``: the sum of the own rows of the orgs under it on the
year's last day); its subtree's in today's tree (``CARRIED``: the same sum over today's subtree, so an org
created by a merge shows its predecessors' years). A change recounts the own figures of the orgs it touched
with the code the recount uses (``counting.count_own``), and adds each org's difference to the ``AS_IT_WAS``
rows of its ancestors in the year's tree and to the ``CARRIED`` rows of its ancestors in today's tree.
A change of the tree (``reshaping``) takes the own rows of the orgs it moves off their old ancestors and adds
them to the new ones. So the maintained figures are the recount by construction.

Changes are noticed by the receivers of the models counted and of the lower apps' domain signals
(``receivers``), and by explicit calls where a write bypasses them (bulk updates, changes of the tree). Inside ``batch()`` (a service, an import) the orgs
touched are gathered and recounted once at the end, still inside the transaction.

Concurrency: the rows a change adds to are locked (in id order) *before* the recount; a second writer waits,
then recounts what the first one committed.

``reconcile`` recounts everything the plain way (``selectors.tallies.count_year``), reports every difference
and repairs it; the kept rows are read through ``selectors.tallies``. A year that was
never built is counted live by the dashboard; ``reconcile`` builds it. Inspections overdue depend on today's
date, not on a write: they are counted live (there are few inspections).
"""

from __future__ import annotations

import contextlib
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from lamtheobac.cycle.models import Period
from lamtheobac.organisation.models import Org, path_ids
from lamtheobac.organisation.selectors import paths_in_year, tree_in_year

from ..models import Tally, TallyYear
from ..selectors import counting  # the counting the dashboard and the counters share
from ..selectors.tallies import (
    AS_IT_WAS,
    CARRIED,
    COLUMNS,
    OWN,
    ZERO,
    built_years,
    columns,
    count_year,
    data_years,
    is_built,
)

MANY = 50  # rows changed at once beyond which they are written back in bulk
CHUNK = 500  # org ids per query (SQLite allows 999 variables in a statement)
ANALYZE_AFTER = 10_000  # rows written by ``reconcile`` beyond which PostgreSQL's statistics are refreshed

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
    are skipped) and carry the differences up both trees."""
    built = set(built_years())
    years = sorted(built if years is None else built & set(years))
    ids = sorted(set(org_ids))
    if not years or not ids:
        return
    with transaction.atomic():
        before = _contributions(ids, years, lock=True)
        for year in years:
            _recount_own(ids, year)
        _apply(before, _contributions(ids, years))


@contextlib.contextmanager
def reshaping(orgs: Org | Iterable[Org], from_year: int) -> Iterator[None]:
    """Around a change of the tree at ``orgs`` (a move, an end, a rename of kind) effective in ``from_year``:
    the own rows of their subtrees (today's, and that of each built year from ``from_year``) leave their old
    ancestors before and join the new ones after; their own figures from ``from_year`` are recounted (the
    rules above them may differ). Years before ``from_year`` keep their own and as-it-was rows: only
    today's tree, and so the ``CARRIED`` rows, changed for them.

    Re-entrant: inside an outer block (a reorganisation naming every org it changes), an inner one only adds
    its orgs to those measured after; the outer block moves the rows once for all of them."""
    orgs = [orgs] if isinstance(orgs, Org) else list(orgs)
    outer = getattr(_state, "shaping", None)
    if outer is not None:
        outer.extend(orgs)
        yield
        return
    built = built_years()
    if not built:
        yield
        return
    years = [y for y in built if y >= from_year]
    # Before ``from_year`` the year's trees and own rows stay as they were: only today's tree changed, so
    # only the CARRIED rows of those years move, and only at the orgs named and their ancestors (today's,
    # before and after: an org below a named one keeps the same subtree). Those alone are locked and
    # written for the past years, instead of three rows of every org of the subtree in every built year.
    past = [y for y in built if y < from_year]
    # touches from the saves inside (signals) wait for the end: by then the own rows are recounted here
    with transaction.atomic(), batch():
        ids = _affected(orgs, years)
        before = _contributions(ids, years, lock=True)
        standing = {year: _standing(ids, year) for year in years}
        kept = _ancestors(orgs)
        past_before = _carried(ids, past, kept)
        _state.shaping = list(orgs)
        try:
            yield
            named = _state.shaping
        finally:
            _state.shaping = None
        after = list(Org.objects.filter(pk__in=[o.pk for o in named if o.pk]))
        ids = sorted(set(ids) | set(_affected(after, years)))
        for year in years:
            # an org's own figures follow from its records and people (their changes are touched, and
            # recounted at the end of the batch) and from where it stands: its kind that year and the
            # periods on its path then. Only the orgs whose standing changed are recounted.
            now, was = _standing(ids, year), standing[year]
            _recount_own([pk for pk in ids if now.get(pk) != was.get(pk)], year)
        before.update(past_before)
        changed = _contributions(ids, years, lock=True)
        changed.update(_carried(ids, past, _ancestors(after) - kept))
        _apply(before, changed)


def _standing(ids: list[int], year: int) -> dict[int, tuple]:
    """What the own figures of ``ids`` in ``year`` take from the tree: each org's kind in that year's tree
    and the requirement in force there (``needs_for``); orgs not in that year's tree are left out."""
    found: dict[int, tuple] = {}
    for start in range(0, len(ids), CHUNK):
        rows = counting.paths_in_year_rows(ids[start : start + CHUNK], year)
        needs = counting.needs_for(rows, year)
        found.update((pk, (kind, needs[pk])) for pk, _p, kind, _a in rows)
    return found


def _ancestors(orgs: list[Org]) -> set[int]:
    """The ids of ``orgs`` and their ancestors in today's tree, as it stands now."""
    paths = dict(Org.objects.filter(pk__in=[o.pk for o in orgs if o.pk]).values_list("pk", "path"))
    return {a for path in paths.values() for a in path_ids(path)}


def _carried(ids: list[int], years: list[int], lock: set[int]) -> dict[tuple[int, int, int], Counter]:
    """What the own rows of ``ids`` in ``years`` add to the CARRIED rows of their ancestors, as today's tree
    stands now; the rows of the orgs ``lock`` are locked first (made when missing)."""
    if not years:
        return {}
    for year in years:
        wanted = {(int(CARRIED), k) for k in lock}
        _ensure_rows(year, wanted)
        _lock(year, wanted)
    return _added(ids, years, _today_paths(ids))


def _affected(orgs: list[Org], years: list[int]) -> list[int]:
    """The orgs in the subtrees of ``orgs``, today and in each of ``years``' trees (each subtree read once:
    an org under another one named is in its subtree already)."""
    ids: set[int] = set()
    for org in _tops(orgs, lambda o: o.path):
        ids.update(Org.objects.filter(counting.subtree_q(org.path)).values_list("pk", flat=True))
    for year in years:
        paths = list(paths_in_year([o.pk for o in orgs], year).values())
        for path in _tops(paths, lambda p: p):
            ids.update(found for found, *_rest in tree_in_year(path, year))
    return sorted(ids)


def _tops(items: list, path_of) -> list:
    """``items`` that lie under no other of them (by their paths)."""
    chosen: list = []
    for item in sorted(items, key=path_of):
        if not chosen or not path_of(item).startswith(path_of(chosen[-1])):
            chosen.append(item)
    return chosen


def _own_rows(ids: list[int], years: list[int]) -> dict[tuple[int, int], dict]:
    found: dict[tuple[int, int], dict] = {}
    for start in range(0, len(ids), CHUNK):
        rows = Tally.objects.filter(scope=OWN, year__in=years, org_id__in=ids[start : start + CHUNK])
        for row in rows.values("org_id", "year", *COLUMNS):
            found[(row.pop("org_id"), row.pop("year"))] = row
    return found


def _contributions(
    ids: list[int], years: list[int], *, lock: bool = False
) -> dict[tuple[int, int, int], Counter]:
    """What the own rows of ``ids`` add, as the trees stand now, to the subtree rows: (scope, year, org) →
    columns. With ``lock``, those rows (made when missing) are locked first, in id order."""
    today_paths = _today_paths(ids)
    year_paths = {year: paths_in_year(ids, year) for year in years}
    if lock:
        wanted: dict[int, set[tuple[int, int]]] = defaultdict(set)
        for year in years:
            for pk in ids:
                wanted[year].update((int(CARRIED), a) for a in path_ids(today_paths[pk]))
                if pk in year_paths[year]:
                    wanted[year].update((int(AS_IT_WAS), a) for a in path_ids(year_paths[year][pk]))
                    wanted[year].add((int(OWN), pk))
        for year, keys in wanted.items():
            _ensure_rows(year, keys)
            _lock(year, keys)
    return _added(ids, years, today_paths, year_paths)


def _today_paths(ids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for start in range(0, len(ids), CHUNK):
        found.update(Org.objects.filter(pk__in=ids[start : start + CHUNK]).values_list("pk", "path"))
    return found


def _added(
    ids: list[int],
    years: list[int],
    today_paths: dict[int, str],
    year_paths: dict[int, dict[int, str]] | None = None,
) -> dict[tuple[int, int, int], Counter]:
    """What the own rows of ``ids`` in ``years`` add to the CARRIED rows of their ancestors in today's tree
    (``today_paths``) and, with ``year_paths``, to the AS_IT_WAS rows of their ancestors in each year's."""
    found: dict[tuple[int, int, int], Counter] = defaultdict(Counter)
    for (pk, year), row in _own_rows(ids, years).items():
        values = {c: v for c, v in row.items() if v}
        if not values:
            continue
        for ancestor in path_ids(today_paths[pk]):
            found[(int(CARRIED), year, ancestor)].update(values)
        if year_paths is not None and pk in year_paths[year]:
            for ancestor in path_ids(year_paths[year][pk]):
                found[(int(AS_IT_WAS), year, ancestor)].update(values)
    return found


def _apply(before: dict, after: dict) -> None:
    """Add ``after`` − ``before`` to the subtree rows."""
    by_row: dict[tuple[int, int, int], dict[str, int]] = {}
    for key in set(before) | set(after):
        old, new = before.get(key, Counter()), after.get(key, Counter())
        delta = {c: new.get(c, 0) - old.get(c, 0) for c in set(old) | set(new)}
        delta = {c: d for c, d in delta.items() if d}
        if delta:
            by_row[key] = delta
    for year in {y for _s, y, _o in by_row}:
        _ensure_rows(year, {(s, o) for s, y, o in by_row if y == year})
    if len(by_row) <= MANY:
        for (scope, year, org_id), delta in sorted(by_row.items()):
            Tally.objects.filter(scope=scope, year=year, org_id=org_id).update(
                **{c: F(c) + d for c, d in delta.items()}
            )
        return
    # a change of the tree moves thousands of rows: read them (locked by the caller before its recount) and
    # write them back a few hundred per statement
    for year in sorted({y for _s, y, _o in by_row}):
        wanted = {(s, o): d for (s, y, o), d in by_row.items() if y == year}
        ids = sorted({o for _s, o in wanted})
        rows = []
        for start in range(0, len(ids), CHUNK):
            found = Tally.objects.filter(year=year, org_id__in=ids[start : start + CHUNK]).select_for_update()
            for row in found.values("org_id", "scope", *COLUMNS):
                change = wanted.get((row["scope"], row["org_id"]))
                if change:
                    for column, d in change.items():
                        row[column] += d
                    rows.append(Tally(year=year, **row))
        # written back as an upsert of whole rows: a CASE per column and row (``bulk_update``) cost more to
        # build than the database took to run it
        _upsert(rows)


def _recount_own(ids: list[int], year: int) -> None:
    """Store the own figures of ``ids`` in ``year``, counted from the records (zero for an org that did not
    stand in that year's tree)."""
    stored = _own_rows(ids, [year])
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        orgs = counting.paths_in_year_rows(chunk, year)
        counted = counting.count_own(counting.among(chunk), year, orgs, counting.needs_for(orgs, year))
        upserts = []
        for pk in chunk:
            new = columns(counted[pk]) if pk in counted else ZERO
            if new != stored.get((pk, year), ZERO):
                upserts.append(Tally(org_id=pk, year=year, scope=OWN, **new))
        _upsert(upserts)


def _upsert(rows: list[Tally]) -> None:
    Tally.objects.bulk_create(
        rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["org", "scope", "year"],
        update_fields=COLUMNS,
    )


def _ensure_rows(year: int, keys: Iterable[tuple[int, int]]) -> None:
    """Make the rows (scope, org) of ``year`` exist (zero)."""
    keys = set(keys)
    ids = sorted({o for _s, o in keys})
    scopes = sorted(
        {s for s, _o in keys}
    )  # one scope (the carried rows of the years before a change): a third
    have: set[tuple[int, int]] = set()
    for start in range(0, len(ids), CHUNK):
        rows = Tally.objects.filter(year=year, scope__in=scopes, org_id__in=ids[start : start + CHUNK])
        have.update(rows.values_list("scope", "org_id"))
    missing = [Tally(org_id=o, year=year, scope=s) for s, o in keys if (s, o) not in have]
    if missing:
        Tally.objects.bulk_create(missing, batch_size=2000, ignore_conflicts=True)


def _lock(year: int, keys: set[tuple[int, int]]) -> None:
    ids = sorted({o for _s, o in keys})
    scopes = sorted({s for s, _o in keys})
    for start in range(0, len(ids), CHUNK):
        list(
            Tally.objects.select_for_update()
            .filter(year=year, scope__in=scopes, org_id__in=ids[start : start + CHUNK])
            .order_by("pk")
            .values_list("pk", flat=True)
        )


def forget() -> None:
    """Drop every maintained count (the demo's wipe): with no year built, writes recount nothing until
    ``reconcile`` builds the years again."""
    TallyYear.objects.all().delete()
    Tally.objects.all().delete()


def period_changed(period: Period) -> None:
    """Who must file changed below ``period.org`` in ``period.year``: recount that subtree."""
    if is_built(period.year):
        ids = [pk for pk, *_rest in counting.year_subtree(period.org, period.year)]
        refresh(ids, [period.year])


# --- Reconcile: the plain recount compared ---------------------------------------------------------------


def _stored(year: int) -> dict[int, dict[int, dict]]:
    found: dict[int, dict[int, dict]] = {int(OWN): {}, int(AS_IT_WAS): {}, int(CARRIED): {}}
    for row in Tally.objects.filter(year=year).values("org_id", "scope", *COLUMNS).iterator(5000):
        pk, scope = row.pop("org_id"), row.pop("scope")
        found[scope][pk] = row
    return found


@dataclass
class Difference:
    year: int
    org_id: int
    scope: int
    column: str
    stored: int
    counted: int


def reconcile(years: Iterable[int] | None = None, *, repair: bool = True) -> list[Difference]:
    """Recount every org of every year the plain way and compare with the maintained rows: the list of
    differences (on a year never built, its missing rows). With ``repair``, the rows are made right and
    the years marked built."""
    found: list[Difference] = []
    written = 0
    for year in data_years() if years is None else sorted(years):
        with transaction.atomic():
            counted, stored = count_year(year), _stored(year)
            upserts = []
            for scope in counted:
                wanted, have = counted[scope], stored[scope]
                for pk in sorted(set(wanted) | set(have)):
                    new, old = wanted.get(pk, ZERO), have.get(pk, ZERO)
                    if new == old:
                        continue
                    found += [
                        Difference(year, pk, scope, c, old[c], new[c]) for c in COLUMNS if new[c] != old[c]
                    ]
                    upserts.append(Tally(org_id=pk, year=year, scope=scope, **new))
            if repair:
                _upsert(upserts)
                written += len(upserts)
                TallyYear.objects.update_or_create(year=year, defaults={"built_at": timezone.now()})
    if written > ANALYZE_AFTER and connection.vendor == "postgresql":
        # years built at once multiply the rows: a planner still counting the old number scans the whole
        # table for the few rows a write or a dashboard reads (measured: 140 ms instead of 1,5 ms)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(Tally._meta.db_table)}")
    return found
