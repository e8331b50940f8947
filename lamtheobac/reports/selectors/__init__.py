"""The figures of the campaign, read: ``counting`` (what belongs to each org in a year, counted from the
records, and the sum over a subtree) and ``boards`` (the dashboard every page reads, the years, the trend); ``tallies`` (the maintained counts,
read).
Every public name is importable from here."""

from __future__ import annotations

from .boards import (  # noqa: F401
    MARK_LABELS,
    ChildOrg,
    ChildRow,
    Dashboard,
    YearFigures,
    dashboard,
    first_year,
    history,
    today_year,
    tree_figures,
    trend,
    years_of,
)
from .counting import (  # noqa: F401
    AMBER_FROM,
    GREEN_FROM,
    RATINGS,
    Figures,
    OrgRow,
    Scope,
    among,
    carried_own,
    count_own,
    in_today_subtree,
    in_year_subtree,
    needs_for,
    own_figures,
    paths_in_year_rows,
    requirements,
    roll_up,
    today_subtree,
    year_subtree,
)
from .tallies import (  # noqa: F401
    all_subtree_figures,
    built_years,
    count_year,
    data_years,
    is_built,
    tree_rows,
)
