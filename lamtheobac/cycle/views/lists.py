"""Lists of records and the approval queue, with Excel export. Each view: access → form → service or selector → render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from lamtheobac.lib.fields import object_id, parse_id
from lamtheobac.lib.formatting import number
from lamtheobac.lib.pagecache import cached_page
from lamtheobac.lib.paging import page_of
from lamtheobac.organisation import access as org_access
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation.models import OrgKind

from .. import access, selectors, services
from ..models import Programme, RecordKind, RecordState
from .common import _year_param

# --- Lists ------------------------------------------------------------------------------------


def _filters(request: HttpRequest) -> selectors.RecordFilters:
    org = org_access.access_org(request.user, request.GET["org"]) if request.GET.get("org") else None
    return selectors.RecordFilters(
        year=_year_param(request),
        org=org,
        kind=request.GET.get("kind", ""),
        state=request.GET.get("state", ""),
        late=request.GET.get("late") == "1",
        query=request.GET.get("q", ""),
        programme=parse_id(request.GET.get("programme", "")),
    )


FILTER_KEYS = ("org", "year", "kind", "state", "programme", "q", "late")


def _applied(request: HttpRequest) -> int:
    """How many filters the user set (the folded filter box says so); the queue's own "submitted" is none."""
    return sum(1 for key in FILTER_KEYS if request.GET.get(key, "").strip())


def _list_context(request: HttpRequest, filters, qs) -> dict:
    years = (
        access.periods_visible_to(request.user).values_list("year", flat=True).distinct().order_by("-year")
    )
    orgs = (
        org_access.orgs_visible_to(request.user).filter(active=True).exclude(kind=OrgKind.MASS_ORGANISATION)
    )
    page = page_of(qs, request, 25)
    org_choices = list(orgs.order_by("path").only("id", "name", "name_folded", "depth", "parent_id")[:500])
    # two cells of one name (in two communes) read apart: "Chi bộ thôn Bản Váng — xã Lục Bình"
    org_selectors.with_parent_where_repeated([record.org for record in page] + org_choices)
    return {
        "page": page,
        "filters": filters,
        "years": list(years),
        "kinds": RecordKind.choices,
        "states": RecordState.choices,
        "programmes": Programme.objects.all(),
        "org_choices": org_choices,
        "breadcrumbs": org_selectors.org_breadcrumbs(filters.org) if filters.org else [],
        "applied": _applied(request),
    }


@login_required
@cached_page
def record_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    if filters.year is None and "year" not in request.GET:
        filters.year = timezone.localdate().year
    qs = selectors.record_list(request.user, filters)
    if request.GET.get("format") == "xlsx":
        from ..exports import actions_xlsx, records_xlsx

        if request.GET.get("actions") == "1":  # the cell's "danh sách đăng ký việc làm theo Bác"
            name = f"viec-lam-{filters.org.code.lower() if filters.org else 'tat-ca'}-{filters.year or 'tat-ca'}.xlsx"
            return actions_xlsx(qs, filename=name, filters=filters)
        return records_xlsx(qs, filename=f"ho-so-{filters.year or 'tat-ca'}.xlsx", filters=filters)
    template = "cycle/_record_rows.html" if request.htmx else "cycle/record_list.html"
    return render(
        request, template, _list_context(request, filters, qs) | {"title": _("Kế hoạch và bản cam kết")}
    )


def _picked(values: list[str]) -> dict[int, int]:
    """The records ticked on a bulk form, each ``id:version`` as the page showed it (record id → version); a
    value without a version (a page older than this form) reads as version 0, which no record has."""
    picked = {}
    for value in values:
        pk, _sep, version = value.partition(":")
        picked[object_id(pk)] = object_id(version) if version else 0
    return picked


@login_required
@never_cache  # Back must not show the ticks of a queue that has moved on (nor restore them from the cache)
@cached_page
def queue(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    qs = selectors.approval_queue(request.user, filters)
    if request.method == "POST":
        versions = _picked(request.POST.getlist("ids"))
        chosen = list(qs.filter(pk__in=versions).select_related("person"))
        result = services.records_bulk_approve(actor=request.user, records=chosen, versions=versions)
        if result.approved or not result.refused:
            messages.success(request, _("Đã duyệt %(n)s hồ sơ.") % {"n": number(len(result.approved))})
        for refusal in result.refused:
            messages.error(request, refusal)
        return redirect(request.get_full_path())
    if request.GET.get("format") == "xlsx":
        from ..exports import records_xlsx

        return records_xlsx(qs, filename="cho-duyet.xlsx", filters=filters, title=_("Hồ sơ chờ duyệt"))
    context = _list_context(request, filters, qs) | {
        "title": _("Hồ sơ chờ duyệt"),
        "is_queue": True,
        "quarters_owed": selectors.quarter_reviews_owed(request.user),
    }
    # what the writers were told about their actions, counted beside each record (one read for the page)
    flags = selectors.queue_notes(request.user, list(context["page"]))
    for record in context["page"]:
        record.flags = flags.get(record.pk)
    return render(request, "cycle/record_list.html", context)
