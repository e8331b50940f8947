"""Excel exports of the cycle's lists (records, years, lagging units), with the filters on screen."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheobac.audit import services as audit
from lamtheobac.lib import xlsx
from lamtheobac.organisation import exports as org_exports

from . import selectors
from .lagging.selectors import Lag, Lagging, lags_filtered
from .models import Period, Programme, Record, RecordKind, RecordState

ACTIONS_TITLE = _("Danh sách đăng ký việc làm theo Bác")


def records_heading(title: str, filters: selectors.RecordFilters | None) -> xlsx.Heading:
    """The title block of a list of records: org, year and every other filter in words."""
    if filters is None:
        return xlsx.heading_for(title)
    described = []
    if filters.kind:
        described.append(_("Loại hồ sơ: %(v)s") % {"v": RecordKind(filters.kind).label})
    if filters.state in RecordState.values:
        described.append(_("Trạng thái: %(v)s") % {"v": RecordState(filters.state).label})
    if filters.late:
        described.append(_("Chỉ hồ sơ nộp muộn"))
    if filters.programme:
        programme = Programme.objects.filter(pk=filters.programme).first()
        if programme is not None:
            described.append(_("Chương trình: %(v)s") % {"v": programme})
    if filters.query:
        described.append(_("Tìm: “%(v)s”") % {"v": filters.query})
    return xlsx.heading_for(title, filters, *described)


def records_xlsx(
    records: QuerySet[Record],
    *,
    filename: str,
    filters: selectors.RecordFilters | None = None,
    title: str = "",
) -> HttpResponse:
    """The list as .xlsx; ``records`` is already scoped and filtered by the caller."""
    audit.exported(_("Danh sách hồ sơ"), filename)
    heading = records_heading(title or _("Danh sách kế hoạch, bản cam kết"), filters)
    columns = [
        xlsx.Column(_("Năm"), 7),
        xlsx.Column(_("Loại hồ sơ"), 14),
        xlsx.Column(_("Tổ chức"), 36, wrap=True),
        xlsx.Column(_("Cá nhân"), 26),
        xlsx.Column(_("Số việc làm"), 10),
        xlsx.Column(_("Trạng thái"), 16),
        xlsx.Column(_("Ngày nộp"), 17),
        xlsx.Column(_("Nộp muộn"), 10),
        xlsx.Column(_("Nhập hộ"), 9),
        xlsx.Column(_("Xếp loại"), 30),
        xlsx.Column(_("Điểm"), 7),
    ]

    def rows():
        for r in records.iterator(chunk_size=1000) if not records._prefetch_related_lookups else records:
            submitted = timezone.localtime(r.submitted_at).replace(tzinfo=None) if r.submitted_at else None
            yield [
                r.year,
                r.get_kind_display(),
                r.org.name,
                r.person.full_name if r.person_id else "",
                getattr(r, "item_count", None),
                r.get_state_display(),
                submitted,
                _("Có") if r.is_late else "",
                _("Có") if r.entered_on_behalf else "",
                r.get_rating_display(),
                r.score,
            ]

    return xlsx.response(xlsx.build(_("Hồ sơ"), columns, rows(), heading), filename)


def actions_xlsx(
    records: QuerySet[Record], *, filename: str, filters: selectors.RecordFilters | None = None
) -> HttpResponse:
    """The records with their actions, one row per action (the person's name on their first row only), so a
    cell prints its "Danh sách đăng ký việc làm theo Bác"; ``records`` is already scoped and filtered."""
    audit.exported(ACTIONS_TITLE, filename)
    columns = [
        xlsx.Column(_("Họ và tên"), 24, wrap=True),
        xlsx.Column(_("Chức vụ"), 16, wrap=True),
        xlsx.Column(_("Tổ chức"), 24, wrap=True),
        xlsx.Column(_("TT việc làm"), 6),
        xlsx.Column(_("Việc làm cụ thể"), 50, wrap=True),
        xlsx.Column(_("Chỉ tiêu, kết quả cần đạt"), 30, wrap=True),
        xlsx.Column(_("Thời gian thực hiện"), 14, wrap=True),
        xlsx.Column(_("Lĩnh vực"), 12),
        xlsx.Column(_("Trạng thái"), 13),
        xlsx.Column(_("Ký tên"), 12),
    ]
    items = Prefetch("items")  # in the items' own order (position, id); scoped through their records
    ordered = (
        records.select_related("org", "person")
        .prefetch_related(items)
        .order_by("org__path", "person__name_sort", "kind", "id")
    )

    def rows():
        for r in ordered:
            name = r.person.full_name if r.person_id else r.org.name
            position = r.person.position if r.person_id else ""
            for n, item in enumerate(r.items.all(), start=1):
                when = item.timeframe or (item.deadline.strftime("%d/%m/%Y") if item.deadline else "")
                first = n == 1
                yield [
                    name if first else "",
                    position if first else "",
                    r.org.name if first else "",
                    n,
                    item.action,
                    item.target,
                    when,
                    item.get_area_display(),
                    r.get_state_display() if first else "",
                    "",
                ]

    heading = records_heading(ACTIONS_TITLE, filters)
    return xlsx.response(xlsx.build(_("Việc làm"), columns, rows(), heading), filename)


def periods_xlsx(periods: QuerySet[Period]) -> HttpResponse:
    """Every year the list shows (not only the first 200 on screen), deadlines as real dates."""
    columns = [
        xlsx.Column(_("Năm"), 7),
        xlsx.Column(_("Tổ chức"), 36, wrap=True),
        xlsx.Column(_("Mã tổ chức"), 16),
        xlsx.Column(_("Chuyên đề năm"), 50, wrap=True),
        xlsx.Column(_("Tình trạng"), 14),
        xlsx.Column(_("Hạn xây dựng kế hoạch"), 14),
        xlsx.Column(_("Hạn đăng ký cam kết"), 14),
        xlsx.Column(_("Hạn sơ kết giữa năm"), 14),
        xlsx.Column(_("Hạn tự đánh giá cuối năm"), 14),
        xlsx.Column(_("Số việc làm tối thiểu"), 10),
    ]

    def rows():
        for p in periods.iterator(chunk_size=1000):
            yield [
                p.year,
                p.org.name,
                p.org.code,
                p.theme,
                p.get_state_display(),
                p.plan_deadline,
                p.commitment_deadline,
                p.midyear_deadline,
                p.yearend_deadline,
                p.min_actions,
            ]

    content = xlsx.build(_("Năm thực hiện"), columns, rows(), xlsx.Heading(_("Danh sách năm thực hiện")))
    return xlsx.response(content, xlsx.file_name("nam-thuc-hien", org_exports.today_text()))


def _submitted(lag: Lag) -> datetime.datetime | None:
    """When the record was submitted, as a date-time Excel shows (no time zone), or empty."""
    if lag.record is None or lag.record.submitted_at is None:
        return None
    return timezone.localtime(lag.record.submitted_at).replace(tzinfo=None)


def lagging_xlsx(report: Lagging, *, status: str | None = None, kind: str | None = None) -> HttpResponse:
    """Everyone behind that the page's filters keep, not only the page on screen: one sheet for plans, one
    for commitments; days late and days waiting for approval in columns of their own."""
    late = xlsx.Column(_("Số ngày quá hạn"), 10, fmt=xlsx.COUNT)
    waiting = xlsx.Column(_("Số ngày chờ duyệt"), 10, fmt=xlsx.COUNT)
    submitted = xlsx.Column(_("Ngày nộp"), 17)
    plan_columns = [
        xlsx.Column(_("Tập thể"), 40, wrap=True),
        xlsx.Column(_("Mã tổ chức"), 16),
        xlsx.Column(_("Tổ chức cấp trên"), 36, wrap=True),
        xlsx.Column(_("Tình trạng"), 24),
        late,
        waiting,
        submitted,
    ]
    person_columns = [
        xlsx.Column(_("Họ và tên"), 28),
        xlsx.Column(_("Chức vụ"), 26),
        xlsx.Column(_("Tổ chức"), 36, wrap=True),
        xlsx.Column(_("Mã tổ chức"), 16),
        xlsx.Column(_("Tình trạng"), 24),
        late,
        waiting,
        submitted,
        xlsx.Column(_("Có tài khoản"), 10),
    ]
    lags = lags_filtered(report, status=status, kind=kind)
    plans = [
        [
            lag.org.name,
            lag.org.code,
            lag.org.parent.name if lag.org.parent else "",
            lag.status_label,
            lag.days_late,
            lag.days_waiting,
            _submitted(lag),
        ]
        for lag in lags
        if lag.person is None
    ]
    people = [
        [
            lag.person.full_name,
            lag.person.position,
            lag.org.name,
            lag.org.code,
            lag.status_label,
            lag.days_late,
            lag.days_waiting,
            _submitted(lag),
            _("Có") if lag.person.user_id else _("Không"),
        ]
        for lag in lags
        if lag.person is not None
    ]
    org, year = report.org.name, report.year
    content = xlsx.build_workbook(
        [
            xlsx.Sheet(
                _("Kế hoạch"),
                plan_columns,
                plans,
                heading=xlsx.Heading(_("Tập thể chậm xây dựng, chờ duyệt kế hoạch"), org=org, year=year),
            ),
            xlsx.Sheet(
                _("Bản cam kết"),
                person_columns,
                people,
                heading=xlsx.Heading(_("Cá nhân chậm đăng ký, chờ duyệt bản cam kết"), org=org, year=year),
            ),
        ]
    )
    name = xlsx.file_name("cham-tien-do", report.org.code, str(report.year))
    return xlsx.response(content, name)
