"""The statistics tables of a report, computed afresh from ``Facts`` at each download.

The tables are not part of the saved text (an officer's edits cannot make them disagree with the figures):
``word.to_document`` puts them under the sections whose ``key`` they belong to and numbers their captions.
"""

from __future__ import annotations

from lamtheobac.cycle.models import Rating

from ..document import Table
from ..selectors import Figures
from .indicators import LEVEL_LABELS
from .names import rate
from .selectors import TREE_PRINTED, Facts


def tables(facts: Facts) -> dict[str, list[Table]]:
    """The statistics tables by the key of the section they follow (captions numbered later)."""
    out: dict[str, list[Table]] = {"results.plans": [_coverage_by_year(facts)]}
    if facts.children:
        out["results.plans"].append(_coverage_by_child(facts))
    out["results.ratings"] = [_ratings_by_year(facts)]
    if facts.indicators is not None:  # a report reaching 2026 or later: the indicators asked since then
        out["results.ratings"].append(_indicators(facts))
    out["results.inspections"] = [_activities_by_year(facts)]
    return out


def _coverage_cells(f: Figures) -> list[str | int | float | None]:
    return [
        f.orgs_required,
        f.plans_filed,
        rate(f.plans_filed, f.orgs_required),
        f.people_required,
        f.commitments_filed,
        rate(f.commitments_filed, f.people_required),
    ]


COVERAGE_HEADER = [
    "Tập thể phải có kế hoạch",
    "Đã có kế hoạch",
    "Tỷ lệ",
    "Cá nhân phải có bản cam kết",
    "Đã có bản cam kết",
    "Tỷ lệ",
]
# The per-unit table has two more columns: the narrow columns take the usual abbreviations, named in the caption.
CHILD_HEADER = [
    "Đơn vị",
    "KH phải có",
    "KH đã có",
    "Tỷ lệ KH",
    "CK phải có",
    "CK đã có",
    "Tỷ lệ CK",
    "Số chi bộ",
    "Chi bộ đã học CĐ",
]


def _coverage_by_year(facts: Facts) -> Table:
    return Table(
        caption="Kết quả xây dựng kế hoạch, bản cam kết làm theo Bác qua các năm",
        header=["Năm", *COVERAGE_HEADER],
        rows=[[str(r.year), *_coverage_cells(r.figures)] for r in facts.rows],
    )


def _coverage_by_child(facts: Facts) -> Table:
    """Per child org in the last year; the whole subtree tree when it is small enough to print."""
    if 1 < len(facts.tree) <= TREE_PRINTED:
        items = [(depth - 1, name, figures) for depth, name, figures in facts.tree[1:]]
    else:
        items = [(0, c.org.name, c.figures) for c in facts.children]
    rows = [
        [name, *_coverage_cells(f), f.cells or None, f.cells_studied if f.cells else None]
        for _d, name, f in items
    ]
    total = facts.final
    rows.append([f"Toàn {facts.org.name}", *_coverage_cells(total), total.cells, total.cells_studied])
    return Table(
        caption=f"Kết quả năm {facts.last} của các đơn vị trực thuộc (KH: kế hoạch; CK: bản cam kết; CĐ: chuyên đề)",
        header=CHILD_HEADER,
        rows=rows,
        indent=[d for d, _n, _f in items] + [0],
        total_row=True,
    )


def _ratings_by_year(facts: Facts) -> Table:
    excellent = Rating.EXCELLENT.value
    return Table(
        caption="Kết quả xếp loại đảng viên, cá nhân qua các năm (mức hoàn thành nhiệm vụ)",
        header=[
            "Năm",
            "Được xếp loại",
            *(str(r.label).removesuffix(" nhiệm vụ") for r in Rating),
            "Tỷ lệ xuất sắc",
        ],
        rows=[
            [
                str(r.year),
                r.figures.rated,
                *(r.figures.ratings.get(x.value, 0) for x in Rating),
                rate(r.figures.ratings.get(excellent, 0), r.figures.rated),
            ]
            for r in facts.rows
        ],
    )


def _activities_by_year(facts: Facts) -> Table:
    def studied(f: Figures) -> str | None:
        return f"{f.cells_studied}/{f.cells}" if f.cells else None

    return Table(
        caption="Học tập chuyên đề, mô hình điểm, gương điển hình, kiểm tra, giám sát qua các năm",
        header=[
            "Năm",
            "Chi bộ học chuyên đề",
            "Buổi học chuyên đề",
            "Mô hình điểm mới",
            "Gương được đề cử",
            "Gương được khen thưởng",
            "Cuộc kiểm tra, giám sát",
        ],
        rows=[
            [
                str(r.year),
                studied(r.figures),
                r.figures.study_sessions,
                r.figures.pilots_new,
                r.figures.exemplars_nominated,
                r.figures.exemplars_commended,
                r.figures.inspections_done,
            ]
            for r in facts.rows
        ],
    )


INDICATOR_HEADER = ["Chỉ tiêu", "Tổng số", "Đảng viên", "Người ngoài Đảng"]


def _indicators(facts: Facts) -> Table:
    """The reporting indicators of the last year (``indicators``): the people figures split Party members /
    non-party participants (công chức, viên chức, người lao động, đoàn viên), commendations by issuing level,
    study participation, the share rated "hoàn thành tốt nhiệm vụ" or better, breakthrough contents."""
    f, found = facts.final, facts.indicators
    assert found is not None

    def split(label: str, name: str) -> list[str | int | float | None]:
        return [label, getattr(f, name), getattr(f, f"{name}_party"), getattr(f, f"{name}_nonparty")]

    rows: list[list[str | int | float | None]] = [
        split("Cá nhân phải đăng ký bản cam kết", "people_required"),
        split("Cá nhân đã đăng ký bản cam kết", "commitments_filed"),
        split("Việc làm cụ thể đã đăng ký", "actions"),
        split("Cá nhân được đánh giá, xếp loại", "rated"),
        split("Hoàn thành tốt nhiệm vụ trở lên", "rated_good"),
        [
            "Tỷ lệ hoàn thành tốt nhiệm vụ trở lên",
            rate(f.rated_good, f.rated),
            rate(f.rated_good_party, f.rated_party),
            rate(f.rated_good_nonparty, f.rated_nonparty),
        ],
        [
            "Lượt người tham gia học tập chuyên đề",
            found.attendances,
            found.attendances_party,
            found.attendances_nonparty,
        ],
        ["Khen thưởng, biểu dương (quyết định)", sum(found.commendations.values()), None, None],
        *(
            [f"- {label}", found.commendations.get(level, 0), None, None]
            for level, label in LEVEL_LABELS.items()
            if found.commendations.get(level)
        ),
        ["Nội dung đột phá đã lựa chọn", found.breakthroughs_chosen, None, None],
        ["Nội dung đột phá đã giải quyết, có kết quả", found.breakthroughs_resolved, None, None],
    ]
    return Table(
        caption=f"Một số chỉ tiêu thống kê năm {facts.last}",
        header=INDICATOR_HEADER,
        rows=rows,
    )
