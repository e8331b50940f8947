"""The dashboard's statistics as one Excel workbook: one sheet per table, numbers as numbers."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheobac.cycle.models import Rating
from lamtheobac.lib import xlsx
from lamtheobac.lib.xlsx import COUNT, SHARE, Column, Sheet
from lamtheobac.organisation import access as org_access
from lamtheobac.organisation import exports as org_exports

from . import selectors, writer
from .models import Report
from .selectors import Dashboard, Figures, YearFigures


def figure_columns(first: str) -> list[Column]:
    return [
        Column(first, 44, wrap=True),
        Column(_("Tập thể phải xây dựng kế hoạch"), 14, fmt=COUNT),
        Column(_("Đã nộp kế hoạch"), 12, fmt=COUNT),
        Column(_("Tỷ lệ nộp kế hoạch"), 12, fmt=SHARE),
        Column(_("Kế hoạch đã duyệt"), 12, fmt=COUNT),
        Column(_("Cá nhân phải đăng ký cam kết"), 14, fmt=COUNT),
        Column(_("Đã nộp bản cam kết"), 12, fmt=COUNT),
        Column(_("Tỷ lệ nộp cam kết"), 12, fmt=SHARE),
        Column(_("Bản cam kết đã duyệt"), 12, fmt=COUNT),
        Column(_("Đảng viên phải đăng ký cam kết"), 14, fmt=COUNT),
        Column(_("Đảng viên đã nộp bản cam kết"), 13, fmt=COUNT),
        Column(_("Người ngoài Đảng phải đăng ký cam kết"), 15, fmt=COUNT),
        Column(_("Người ngoài Đảng đã nộp bản cam kết"), 14, fmt=COUNT),
        Column(_("Chi bộ"), 9, fmt=COUNT),
        Column(_("Chi bộ đã học tập chuyên đề"), 13, fmt=COUNT),
        Column(_("Mô hình điểm"), 10, fmt=COUNT),
        Column(_("Gương được đề cử"), 11, fmt=COUNT),
        Column(_("Gương được khen thưởng"), 12, fmt=COUNT),
        Column(_("Cuộc kiểm tra, giám sát theo chương trình"), 14, fmt=COUNT),
        Column(_("Đã tiến hành"), 11, fmt=COUNT),
        Column(_("Quá hạn khắc phục"), 11, fmt=COUNT),
        Column(_("Việc làm trong các bản cam kết"), 13, fmt=COUNT),
        Column(_("Việc làm cụ thể"), 11, fmt=COUNT),
        Column(_("Tỷ lệ việc làm cụ thể"), 12, fmt=SHARE),
        Column(_("Bản cam kết giống năm trước"), 13, fmt=COUNT),
        Column(_("Nhóm bản cam kết giống nhau"), 13, fmt=COUNT),
        Column(_("Bản cam kết trong các nhóm"), 13, fmt=COUNT),
    ]


def figure_row(name: str, f: Figures) -> list:
    return [
        name,
        f.orgs_required,
        f.plans_filed,
        Figures.share(f.plans_filed, f.orgs_required),
        f.plans_approved,
        f.people_required,
        f.commitments_filed,
        Figures.share(f.commitments_filed, f.people_required),
        f.commitments_approved,
        f.people_required_party,
        f.commitments_filed_party,
        f.people_required_nonparty,
        f.commitments_filed_nonparty,
        f.cells,
        f.cells_studied,
        f.pilots,
        f.exemplars_nominated,
        f.exemplars_commended,
        f.inspections_planned,
        f.inspections_done,
        f.inspections_overdue,
        f.actions,
        f.actions_concrete,
        f.concrete_share,
        f.copied_last_year,
        f.clusters,
        f.clustered,
    ]


Tree = tuple[list[int], Iterable[tuple[str, Figures]]]  # each row's level, then its name and figures


def sheets(board: Dashboard, history: list[YearFigures], tree: Tree) -> list[Sheet]:
    """The workbook's sheets; ``tree`` (``selectors.tree_figures``) read only as its sheet is written."""
    heading = xlsx.Heading(_("Thống kê kết quả thực hiện"), org=board.org.name, year=board.year)
    total_name = _("Toàn %(org)s") % {"org": board.org.name}
    children = [figure_row(r.org.name, r.figures) for r in board.children] + [
        figure_row(total_name, board.total)
    ]
    rating_columns = [
        Column(_("Xếp loại"), 36),
        Column(_("Tập thể"), 12, fmt=COUNT),
        Column(_("Cá nhân"), 12, fmt=COUNT),
    ]
    rating_rows = [
        [r.label, board.total.plan_ratings.get(r.value, 0), board.total.ratings.get(r.value, 0)]
        for r in Rating
    ]
    trend_columns = [
        Column(_("Năm"), 8),
        Column(_("Tập thể xây dựng kế hoạch"), 14, fmt=COUNT),
        Column(_("Cá nhân xây dựng bản cam kết"), 14, fmt=COUNT),
        *[Column(_("Cá nhân: %(rating)s") % {"rating": r.label}, 16, fmt=COUNT) for r in Rating],
        Column(_("Gương được đề cử"), 11, fmt=COUNT),
        Column(_("Gương được khen thưởng"), 12, fmt=COUNT),
        Column(_("Buổi học tập chuyên đề"), 12, fmt=COUNT),
        Column(_("Mô hình điểm mới"), 11, fmt=COUNT),
    ]
    trend_rows = [
        [
            y.year,
            y.plans_filed,
            y.commitments_filed,
            *[y.ratings.get(r.value, 0) for r in Rating],
            y.exemplars_nominated,
            y.exemplars_commended,
            y.study_sessions,
            y.pilots_new,
        ]
        for y in history
    ]
    found = [
        Sheet(_("Đơn vị trực thuộc"), figure_columns(_("Đơn vị")), children, bold_last=True, heading=heading),
        Sheet(_("Xếp loại"), rating_columns, rating_rows, heading=heading),
        Sheet(
            _("Qua các năm"),
            trend_columns,
            trend_rows,
            heading=xlsx.Heading(_("Kết quả qua các năm"), org=board.org.name),
        ),
    ]
    levels, tree_rows = tree
    if levels:
        found.insert(
            1,
            Sheet(
                _("Cây tổ chức"),
                figure_columns(_("Tổ chức")),
                (figure_row(name, f) for name, f in tree_rows),
                indent=levels,
                heading=heading,
            ),
        )
    return found


def rows_of(board: Dashboard, history: list[YearFigures], tree: Tree) -> int:
    """How many rows the workbook has (its progress counts them)."""
    return len(board.children) + 1 + len(tree[0]) + len(Rating) + len(history)


def write_dashboard(
    stream,
    board: Dashboard,
    history: list[YearFigures],
    tree: Tree,
    progress: Callable[[int], None] | None = None,
) -> int:
    """The dashboard's workbook written row by row to ``stream`` (in the request, or by a worker for a big
    tree); the rows it wrote."""
    return xlsx.write_book_streamed(stream, sheets(board, history, tree), progress=progress)


def write_dashboard_export(stream, export, user, progress: Callable[[int], None]) -> int:
    """The workbook of a queued dashboard export (``tasks.export_dashboard``), as its asker may see it now:
    PermissionDenied when the org has left their scope."""
    if not org_access.orgs_visible_to(user).filter(pk=export.org_id).exists():
        raise PermissionDenied
    year, carried = export.params["year"], export.params.get("view") == "lineage"
    tree = selectors.tree_figures(export.org, year, lineage=carried)
    board = selectors.dashboard(export.org, year, lineage=carried)
    history = selectors.history(export.org)[1]
    type(export).objects.filter(pk=export.pk).update(total=rows_of(board, history, tree))
    return write_dashboard(stream, board, history, tree, progress)


def dashboard_xlsx(board: Dashboard, history: list[YearFigures], tree: Tree) -> HttpResponse:
    out = io.BytesIO()
    write_dashboard(out, board, history, tree)
    return xlsx.response(out.getvalue(), xlsx.file_name("thong-ke", str(board.year), board.org.name))


def reports_xlsx(reports: QuerySet[Report]) -> HttpResponse:
    """The list of reports as the page shows it, every page at once; dates as real dates."""
    columns = [
        xlsx.Column(_("Báo cáo"), 40, wrap=True),
        xlsx.Column(_("Tổ chức"), 36, wrap=True),
        xlsx.Column(_("Mã tổ chức"), 16),
        xlsx.Column(_("Loại báo cáo"), 12),
        xlsx.Column(_("Từ năm"), 8),
        xlsx.Column(_("Đến năm"), 8),
        xlsx.Column(_("Số, ký hiệu"), 16),
        xlsx.Column(_("Ngày ban hành"), 12),
        xlsx.Column(_("Trích yếu"), 50, wrap=True),
        xlsx.Column(_("Sửa lần cuối"), 17),
        xlsx.Column(_("Người sửa"), 16),
    ]

    def rows():
        for r in reports.iterator(chunk_size=500):
            yield [
                writer.report_heading(r),
                r.org.name,
                r.org.code,
                r.get_kind_display(),
                r.year_from,
                r.year_to,
                r.number,
                r.issued_on,
                r.title,
                timezone.localtime(r.updated_at).replace(tzinfo=None),
                r.updated_by.username if r.updated_by_id else "",
            ]

    content = xlsx.build(_("Báo cáo"), columns, rows(), xlsx.Heading(_("Danh sách báo cáo")))
    return xlsx.response(content, xlsx.file_name("bao-cao", org_exports.today_text()))
