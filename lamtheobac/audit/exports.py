"""Excel export of the audit log."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheobac.lib import xlsx

from .models import Action, Entry
from .services import record


def entries_xlsx(entries: QuerySet[Entry]) -> HttpResponse:
    """The entries as filtered on screen (already cut at the export limit); taking the log away is itself
    written to it."""
    columns = [
        xlsx.Column(_("Thời điểm"), 18),
        xlsx.Column(_("Việc"), 24),
        xlsx.Column(_("Người thực hiện"), 20),
        xlsx.Column(_("Địa chỉ IP"), 16),
        xlsx.Column(_("Tổ chức"), 30, wrap=True),
        xlsx.Column(_("Nội dung"), 50, wrap=True),
        xlsx.Column(_("Trình duyệt"), 30, wrap=True),
    ]
    labels = dict(Action.choices)
    zone = timezone.get_current_timezone()
    rows = [
        (
            e.at.astimezone(zone).replace(tzinfo=None),
            str(labels.get(e.action, e.action)),
            e.actor_name,
            e.ip or "",
            e.org_name,
            e.target,
            e.user_agent,
        )
        for e in entries
    ]
    # the log names people: taking it away is itself an export of personal data
    record(Action.EXPORTED, target=_("Nhật ký hệ thống (%(n)s mục)") % {"n": len(rows)})
    content = xlsx.build(_("Nhật ký hệ thống"), columns, rows, xlsx.Heading(_("Nhật ký hệ thống")))
    return xlsx.response(content, xlsx.file_name("nhat-ky", timezone.localdate().strftime("%d-%m-%Y")))
