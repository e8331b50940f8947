"""Excel exports of record lists, with the filters the user had on screen."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheobac.audit import services as audit
from lamtheobac.lib import xlsx

from .models import Record


def records_xlsx(records: QuerySet[Record], *, filename: str) -> HttpResponse:
    """The list as .xlsx; ``records`` is already scoped and filtered by the caller."""
    audit.exported(_("Danh sách hồ sơ"), filename)
    columns = [
        xlsx.Column(_("Năm"), 7), xlsx.Column(_("Loại hồ sơ"), 14), xlsx.Column(_("Tổ chức"), 36, wrap=True),
        xlsx.Column(_("Cá nhân"), 26), xlsx.Column(_("Số việc làm"), 10), xlsx.Column(_("Trạng thái"), 16),
        xlsx.Column(_("Ngày nộp"), 17), xlsx.Column(_("Nộp muộn"), 10), xlsx.Column(_("Nhập hộ"), 9),
        xlsx.Column(_("Xếp loại"), 30), xlsx.Column(_("Điểm"), 7),
    ]  # fmt: skip

    def rows():
        for r in records.iterator(chunk_size=1000) if not records._prefetch_related_lookups else records:
            submitted = timezone.localtime(r.submitted_at).replace(tzinfo=None) if r.submitted_at else None
            yield [
                r.year, r.get_kind_display(), r.org.name, r.person.full_name if r.person_id else "",
                getattr(r, "item_count", None), r.get_state_display(), submitted,
                _("Có") if r.is_late else "", _("Có") if r.entered_on_behalf else "",
                r.get_rating_display(), r.score,
            ]  # fmt: skip

    return xlsx.response(xlsx.build(_("Hồ sơ"), columns, rows()), filename)
