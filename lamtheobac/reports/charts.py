"""What the dashboard draws: one spec per chart, read by static/js/charts.js from a JSON script element
and by the template, which prints the same numbers in a table next to the chart."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lamtheobac.cycle.models import Rating

from .selectors import ChildGroup, Dashboard, YearFigures


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def spec(key: str, title: str, kind: str, labels: list, series: list[dict], unit: str = "") -> dict:
    """``kind``: bar, hbar (horizontal bars), stacked (stacked bars) or line. ``unit`` "%" for shares."""
    return {
        "id": f"chart-{key}",
        "data_id": f"chart-{key}-data",
        "title": title,
        "kind": kind,
        "unit": unit,
        "labels": labels,
        "series": series,
    }


def coverage_by_child(board: Dashboard, groups: list[ChildGroup] | None = None) -> dict | None:
    """A bar per child org, or with ``groups`` (a page with hundreds of them) per kind of child org."""
    named = (
        [(g.label, g) for g in groups] if groups is not None else [(r.org.name, r) for r in board.children]
    )
    pairs = [(name, r) for name, r in named if r.figures.orgs_required or r.figures.people_required]
    if not pairs:
        return None
    rows = [r for _name, r in pairs]
    return spec(
        "children",
        _("Tỷ lệ nộp kế hoạch, bản cam kết theo đơn vị trực thuộc")
        if groups is None
        else _("Tỷ lệ nộp kế hoạch, bản cam kết theo loại đơn vị trực thuộc"),
        "hbar",
        [name for name, _r in pairs],
        [
            {
                "label": _("Kế hoạch đã nộp"),
                "data": [_pct(r.figures.plans_filed, r.figures.orgs_required) for r in rows],
            },
            {
                "label": _("Đảng viên nộp bản cam kết"),
                "data": [
                    _pct(r.figures.commitments_filed_party, r.figures.people_required_party) for r in rows
                ],
            },
            *_nonparty(rows),
        ],
        unit="%",
    )


def _nonparty(rows) -> list[dict]:
    """The non-party participants' share, a bar of its own beside the Party members' (HD 43-HD/BTCTW has
    them report apart), where any unit asks them to commit."""
    if not any(r.figures.people_required_nonparty for r in rows):
        return []
    return [
        {
            "label": _("Người ngoài Đảng nộp bản cam kết"),
            "data": [
                _pct(r.figures.commitments_filed_nonparty, r.figures.people_required_nonparty) for r in rows
            ],
        }
    ]


def ratings(board: Dashboard) -> dict:
    total = board.total
    return spec(
        "ratings",
        _("Kết quả xếp loại năm %(year)s") % {"year": board.year},
        "bar",
        [r.label for r in Rating],
        [
            {"label": _("Tập thể"), "data": [total.plan_ratings.get(r.value, 0) for r in Rating]},
            {"label": _("Cá nhân"), "data": [total.ratings.get(r.value, 0) for r in Rating]},
        ],
    )


def trend_records(history: list[YearFigures]) -> dict:
    return spec(
        "trend",
        _("Kế hoạch và bản cam kết qua các năm"),
        "line",
        [y.year for y in history],
        [
            {"label": _("Tập thể xây dựng kế hoạch"), "data": [y.plans_filed for y in history], "axis": "y1"},
            {"label": _("Cá nhân xây dựng bản cam kết"), "data": [y.commitments_filed for y in history]},
        ],
    )


def trend_ratings(history: list[YearFigures]) -> dict:
    return spec(
        "trend-ratings",
        _("Xếp loại cá nhân qua các năm"),
        "stacked",
        [y.year for y in history],
        [{"label": r.label, "data": [y.ratings.get(r.value, 0) for y in history]} for r in Rating],
    )


def trend_exemplars(history: list[YearFigures]) -> dict:
    return spec(
        "trend-exemplars",
        _("Gương điển hình, học tập chuyên đề, mô hình qua các năm"),
        "bar",
        [y.year for y in history],
        [
            {"label": _("Gương được đề cử"), "data": [y.exemplars_nominated for y in history]},
            {
                "label": _("Gương được khen thưởng, biểu dương"),
                "data": [y.exemplars_commended for y in history],
            },
            {"label": _("Mô hình điểm mới"), "data": [y.pilots_new for y in history]},
        ],
    )


def dashboard_charts(
    board: Dashboard, history: list[YearFigures], groups: list[ChildGroup] | None = None
) -> list[dict]:
    found = [coverage_by_child(board, groups), ratings(board)]
    if len(history) > 1:
        found += [trend_records(history), trend_ratings(history), trend_exemplars(history)]
    return [c for c in found if c is not None]
