"""The audit log for admins: filter it, page through it, take it away as Excel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lamtheobac.lib.paging import page_of

from . import access, exports
from .forms import EntryFilter

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
    return exports.entries_xlsx(_filtered(request)[1][:EXPORT_LIMIT])
