"""The audit log for admins: filter it, page through it, take it away as Excel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheobac.lib import xlsx
from lamtheobac.lib.paging import page_of

from . import access
from .forms import EntryFilter
from .models import Action
from .services import record

EXPORT_LIMIT = 100_000


def _filtered(request: HttpRequest):
    access.require_reader(request.user)
    form = EntryFilter(request.GET or None)
    return form, form.filter(access.entries_visible_to(request.user))


@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    form, entries = _filtered(request)
    context = {"form": form, "page": page_of(entries, request, per_page=50), "title": _("Nhật ký hệ thống")}
    return render(request, "audit/entry_list.html", context)


@login_required
def entry_export(request: HttpRequest) -> HttpResponse:
    entries = _filtered(request)[1][:EXPORT_LIMIT]
    columns = [
        xlsx.Column(_("Thời điểm"), 18), xlsx.Column(_("Việc"), 24), xlsx.Column(_("Người thực hiện"), 20),
        xlsx.Column(_("Địa chỉ IP"), 16), xlsx.Column(_("Tổ chức"), 30, wrap=True),
        xlsx.Column(_("Nội dung"), 50, wrap=True), xlsx.Column(_("Trình duyệt"), 30, wrap=True),
    ]  # fmt: skip
    labels = dict(Action.choices)
    zone = timezone.get_current_timezone()
    rows = [
        (e.at.astimezone(zone).replace(tzinfo=None), str(labels.get(e.action, e.action)), e.actor_name,
         e.ip or "", e.org_name, e.target, e.user_agent)
        for e in entries
    ]  # fmt: skip
    # the log names people: taking it away is itself an export of personal data
    record(Action.EXPORTED, target=_("Nhật ký hệ thống (%(n)s mục)") % {"n": len(rows)})
    content = xlsx.build(_("Nhật ký hệ thống"), columns, rows)
    return xlsx.response(content, xlsx.file_name("nhat-ky", timezone.localdate().strftime("%d-%m-%Y")))
