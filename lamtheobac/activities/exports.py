"""Excel exports of the activities lists, with the filters the user had on screen; every queryset comes
already scoped and filtered by the caller."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _

from lamtheobac.audit import services as audit
from lamtheobac.lib import xlsx


def study_sessions_xlsx(qs: QuerySet, filename: str, filters: object = None) -> HttpResponse:
    """Study sessions and cell meetings, with how many were present and marked."""
    columns = [
        xlsx.Column(_("Ngày"), 12),
        xlsx.Column(_("Tổ chức"), 36, wrap=True),
        xlsx.Column(_("Hình thức"), 24),
        xlsx.Column(_("Chủ đề"), 48, wrap=True),
        xlsx.Column(_("Có mặt"), 9),
        xlsx.Column(_("Được điểm danh"), 12),
    ]
    rows = ([s.held_on, s.org.name, s.get_kind_display(), s.topic, s.present, s.marked] for s in qs)
    return xlsx.response(
        xlsx.build(
            _("Học tập chuyên đề"),
            columns,
            rows,
            xlsx.heading_for(_("Danh sách buổi học tập chuyên đề, sinh hoạt chi bộ"), filters),
        ),
        filename,
    )


def pilots_xlsx(qs: QuerySet, filename: str, filters: object = None) -> HttpResponse:
    """Pilot models, with where each was replicated."""
    columns = [
        xlsx.Column(_("Tên mô hình"), 40, wrap=True),
        xlsx.Column(_("Tổ chức"), 36, wrap=True),
        xlsx.Column(_("Lĩnh vực"), 22),
        xlsx.Column(_("Ngày bắt đầu"), 13),
        xlsx.Column(_("Tình trạng"), 16),
        xlsx.Column(_("Kết quả"), 48, wrap=True),
        xlsx.Column(_("Số nơi nhân rộng"), 12),
        xlsx.Column(_("Nhân rộng tới"), 40, wrap=True),
    ]
    rows = (
        [
            p.name,
            p.org.name,
            p.field,
            p.started_on,
            p.get_status_display(),
            p.results,
            p.replicated_count,
            "; ".join(o.name for o in p.replicated_to.all()),
        ]
        for p in qs.prefetch_related("replicated_to")
    )
    return xlsx.response(
        xlsx.build(_("Mô hình"), columns, rows, xlsx.heading_for(_("Danh sách mô hình điểm"), filters)),
        filename,
    )


def exemplars_xlsx(qs: QuerySet, filename: str, filters: object = None) -> HttpResponse:
    """Exemplars with their commendations; written to the audit log (it names people)."""
    audit.exported(_("Danh sách gương điển hình"), filename)
    columns = [
        xlsx.Column(_("Năm"), 7),
        xlsx.Column(_("Tiêu đề"), 36, wrap=True),
        xlsx.Column(_("Cá nhân, tập thể"), 28),
        xlsx.Column(_("Tổ chức"), 32, wrap=True),
        xlsx.Column(_("Ngày đề cử"), 12),
        xlsx.Column(_("Trạng thái"), 14),
        xlsx.Column(_("Khen thưởng"), 40, wrap=True),
        xlsx.Column(_("Đồng ý công khai"), 10),
        xlsx.Column(_("Công khai"), 10),
    ]

    def rows():
        for e in qs.prefetch_related("commendations"):
            commendations = "; ".join(
                f"{c.get_form_display()} {c.decision_number} ({c.decided_on:%d/%m/%Y}, {c.issuer})"
                for c in e.commendations.all()
            )
            yield [
                e.year,
                e.title,
                e.subject_name,
                e.org.name,
                e.nominated_on,
                e.get_state_display(),
                commendations,
                _("Có") if e.consent else "",
                _("Có") if e.published else "",
            ]

    return xlsx.response(
        xlsx.build(
            _("Gương điển hình"), columns, rows(), xlsx.heading_for(_("Danh sách gương điển hình"), filters)
        ),
        filename,
    )


def inspections_xlsx(qs: QuerySet, filename: str, filters: object = None) -> HttpResponse:
    """Inspections and supervisions, with their conclusions and follow-up."""
    columns = [
        xlsx.Column(_("Năm"), 7),
        xlsx.Column(_("Tháng dự kiến"), 9),
        xlsx.Column(_("Cấp kiểm tra, giám sát"), 30, wrap=True),
        xlsx.Column(_("Đối tượng"), 30, wrap=True),
        xlsx.Column(_("Hình thức"), 11),
        xlsx.Column(_("Nội dung trọng tâm"), 40, wrap=True),
        xlsx.Column(_("Tình trạng"), 18),
        xlsx.Column(_("Ngày tiến hành"), 13),
        xlsx.Column(_("Đoàn, tổ"), 24, wrap=True),
        xlsx.Column(_("Kết luận"), 40, wrap=True),
        xlsx.Column(_("Kiến nghị"), 40, wrap=True),
        xlsx.Column(_("Hạn báo cáo khắc phục"), 13),
        xlsx.Column(_("Quá hạn"), 9),
    ]
    rows = (
        [
            i.year,
            i.planned_month,
            i.org.name,
            i.target.name,
            i.get_kind_display(),
            i.focus,
            i.get_status_display(),
            i.executed_on,
            i.team,
            i.conclusion,
            i.recommendations,
            i.follow_up_due,
            _("Có") if i.overdue else "",
        ]
        for i in qs
    )
    return xlsx.response(
        xlsx.build(
            _("Kiểm tra, giám sát"),
            columns,
            rows,
            xlsx.heading_for(_("Danh sách cuộc kiểm tra, giám sát"), filters),
        ),
        filename,
    )


def documents_xlsx(qs: QuerySet, filename: str, filters: object = None) -> HttpResponse:
    """The directing documents library."""
    columns = [
        xlsx.Column(_("Số, ký hiệu"), 16),
        xlsx.Column(_("Ngày ban hành"), 13),
        xlsx.Column(_("Loại văn bản"), 14),
        xlsx.Column(_("Cơ quan ban hành"), 30, wrap=True),
        xlsx.Column(_("Trích yếu"), 60, wrap=True),
        xlsx.Column(_("Tổ chức"), 30, wrap=True),
        xlsx.Column(_("Năm"), 7),
        xlsx.Column(_("Có tệp"), 8),
    ]
    rows = (
        [
            d.number,
            d.issued_on,
            d.get_kind_display(),
            d.issuer,
            d.title,
            d.org.name,
            d.period.year if d.period_id else None,
            _("Có") if d.file else "",
        ]
        for d in qs
    )
    return xlsx.response(
        xlsx.build(
            _("Văn bản chỉ đạo"), columns, rows, xlsx.heading_for(_("Danh mục văn bản chỉ đạo"), filters)
        ),
        filename,
    )
