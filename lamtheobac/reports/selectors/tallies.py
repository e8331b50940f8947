"""The maintained counts (``Tally``), read: whether a year is built, an org's subtree figures in each
year, the rows of an org and its children, the plain recount of a year (what ``services.counters.reconcile``
compares them with). Kept true by ``services.counters``."""

from __future__ import annotations

import functools
from dataclasses import fields
from typing import Any, cast

from django.db import connection, models
from django.db.models import Max, Min
from django.utils import timezone

from lamtheobac.cycle.models import Period, Rating, Record
from lamtheobac.cycle.selectors import rules_at
from lamtheobac.organisation.models import Org, OrgSpan
from lamtheobac.organisation.selectors import path_in, roots_in_year, tree_in_year

from ..models import Tally, TallyScope, TallyYear
from . import counting

OWN, AS_IT_WAS, CARRIED = TallyScope.OWN, TallyScope.AS_IT_WAS, TallyScope.CARRIED
OrgRow = counting.OrgRow

# ``Figures`` fields kept in ``Tally``: all but the ratings (one column per rating) and the overdue
# inspections (a matter of today's date, counted live).
LIVE = {"inspections_overdue"}
PLAIN = [
    f.name
    for f in fields(counting.Figures)
    if f.name not in LIVE and f.name not in ("ratings", "plan_ratings")
]
RATING_COLUMNS = {
    f"{prefix}_{r.value}": (prefix, r.value) for prefix in ("ratings", "plan_ratings") for r in Rating
}
COLUMNS = PLAIN + list(RATING_COLUMNS)


def columns(figures: counting.Figures) -> dict[str, int]:
    found = {name: getattr(figures, name) for name in PLAIN}
    for column, (counter, rating) in RATING_COLUMNS.items():
        found[column] = getattr(figures, counter).get(rating, 0)
    return found


def figures_of(values: dict[str, int]) -> counting.Figures:
    plain: dict[str, Any] = {name: values[name] for name in PLAIN}
    figures = counting.Figures(**plain)
    for column, (counter, rating) in RATING_COLUMNS.items():
        if values[column]:
            getattr(figures, counter)[rating] = values[column]
    return figures


ZERO = dict.fromkeys(COLUMNS, 0)


# --- Reading the kept rows ------------------------------------------------------------------------------------


def is_built(year: int) -> bool:
    return TallyYear.objects.filter(year=year).exists()


def built_years() -> list[int]:
    return list(TallyYear.objects.order_by("year").values_list("year", flat=True))


def _subtree_scope(lineage: bool) -> int:
    return CARRIED if lineage else AS_IT_WAS


def all_subtree_figures(org: Org, year: int, *, lineage: bool = False) -> dict[int, counting.Figures]:
    """The maintained subtree figures of ``org`` and every org below it (the Excel tree): in ``year``'s tree,
    or with ``lineage`` in today's."""
    if lineage:
        where = counting.in_today_subtree(org)("org")
    else:
        path = path_in(org, year)
        if path is None:
            return {}
        where = counting.in_year_subtree(path, year)("org")
    rows = Tally.objects.filter(where, year=year, scope=_subtree_scope(lineage)).values("org_id", *COLUMNS)
    return {row.pop("org_id"): figures_of(row) for row in rows}


def subtree_figures_of(ids: list[int], year: int, *, lineage: bool = False) -> dict[int, counting.Figures]:
    """The maintained subtree figures of the orgs ``ids`` in ``year`` (the Excel tree, a part at a time)."""
    rows = Tally.objects.filter(org_id__in=ids, year=year, scope=_subtree_scope(lineage)).values(
        "org_id", *COLUMNS
    )
    return {row.pop("org_id"): figures_of(row) for row in rows}


def tree_rows(
    org: Org, built: set[int], year: int | None = None, *, lineage: bool = False
) -> tuple[dict[int, counting.Figures], dict[int, counting.Figures]]:
    """``org``'s subtree figures in each built year that has a row, its predecessors carried in (the trend)
    and, given a built ``year``, the subtree figures of ``org`` and of each of its children in that year (the
    dashboard's rows: in that year's tree, or with ``lineage`` in today's): one query, each part following an
    index."""
    if not built:
        return {}, {}
    years = sorted(built)
    params: list = [int(CARRIED), org.pk, *years]
    if year in built:
        scope = int(_subtree_scope(lineage))
        params += [scope, year, org.pk, scope, year, org.pk]
        if not lineage:
            params += [year, year]
    with connection.cursor() as cursor:
        cursor.execute(_tree_rows_sql(len(years), year in built, lineage), params)
        rows = cursor.fetchall()
    by_year: dict[int, counting.Figures] = {}
    in_year: dict[int, counting.Figures] = {}
    for part, row_year, pk, *values in rows:
        row = dict(zip(COLUMNS, values, strict=True))
        if part == 0:
            by_year[row_year] = figures_of(row)
        else:
            in_year[pk] = figures_of(row)  # its own object: the dashboard adds overdue inspections to it
    return by_year, in_year


def _column(model: type[models.Model], name: str) -> str:
    return cast(models.Field, model._meta.get_field(name)).column


@functools.cache
def _tree_rows_sql(n_years: int, with_children: bool, lineage: bool) -> str:
    """The SQL of ``tree_rows``, written once per process: Django compiling the 34-column selects on every
    dashboard cost more than the database answering them. The children are today's (``Org.parent``) with
    ``lineage``, else those of the year's tree (``OrgSpan.parent`` in force that year)."""
    q = connection.ops.quote_name
    tally, org, span = q(Tally._meta.db_table), q(Org._meta.db_table), q(OrgSpan._meta.db_table)
    names = [q(_column(Tally, name)) for name in ("year", "org", *COLUMNS)]
    scope, org_id, year = (q(_column(Tally, name)) for name in ("scope", "org", "year"))
    sql = (
        f"SELECT 0, {', '.join(names)} FROM {tally} WHERE {scope} = %s AND {org_id} = %s"  # noqa: S608 (names from the models)
        f" AND {year} IN ({', '.join(['%s'] * n_years)})"
    )
    if with_children:
        cols = ", ".join(f"t.{n}" for n in names)
        sql += (
            f" UNION ALL SELECT 1, {cols} FROM {tally} t WHERE t.{scope} = %s AND t.{year} = %s"  # noqa: S608 (as above)
            f" AND t.{org_id} = %s"
        )
        if lineage:
            parent, pk = q(_column(Org, "parent")), q(Org._meta.pk.column)
            sql += (
                f" UNION ALL SELECT 1, {cols} FROM {tally} t INNER JOIN {org} o ON o.{pk} = t.{org_id}"  # noqa: S608
                f" WHERE t.{scope} = %s AND t.{year} = %s AND o.{parent} = %s"
            )
        else:
            s_org, s_parent = (
                q(_column(OrgSpan, "org")),
                q(_column(OrgSpan, "parent")),
            )
            first, last = q("first_year"), q("last_year")
            sql += (
                f" UNION ALL SELECT 1, {cols} FROM {tally} t INNER JOIN {span} s ON s.{s_org} = t.{org_id}"  # noqa: S608
                f" WHERE t.{scope} = %s AND t.{year} = %s AND s.{s_parent} = %s"
                f" AND s.{first} <= %s AND s.{last} >= %s"
            )
    return sql


# --- The plain recount ----------------------------------------------------------------------------


def count_year(year: int) -> dict[int, dict[int, dict]]:
    """Every non-zero row of ``year`` counted from the records: scope → org id → columns. The own rows of the
    orgs of the year's tree, rolled up over that tree (``AS_IT_WAS``) and over today's (``CARRIED``)."""
    own: dict[int, counting.Figures] = {}
    year_rows: list[OrgRow] = []
    for root in roots_in_year(year):
        orgs = tree_in_year(root, year)
        own.update(counting.own_figures(year, rules_at(root, year), orgs))
        year_rows += orgs
    today_rows = list(Org.objects.order_by("path").values_list("id", "path", "kind", "active"))
    found: dict[int, dict[int, dict]] = {int(OWN): {}, int(AS_IT_WAS): {}, int(CARRIED): {}}
    for pk, figures in own.items():
        if any((cols := columns(figures)).values()):
            found[int(OWN)][pk] = cols
    for scope, rows in ((AS_IT_WAS, year_rows), (CARRIED, today_rows)):
        by_path = counting.roll_up(rows, own)
        for pk, path, _k, _a in rows:
            if path in by_path and any((cols := columns(by_path[path])).values()):
                found[int(scope)][pk] = cols
    return found


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
