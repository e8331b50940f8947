"""Pilot and good-practice models: list and export, file, change status and replication, evidence files.

Each view: access → form → service or selector → render or redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheobac.lib.paging import page_of
from lamtheobac.organisation import access as org_access
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation.roles import Cap

from .. import access, exports
from ..forms.pilots import PilotForm
from ..models import PilotStatus
from ..selectors import pilots as selectors
from ..services import pilots as services
from .study import (
    ACCEPT,
    errors_to_form,
    org_choices,
    org_param,
    pick_org,
    serve_upload,
    year_param,
)


def _filters(request: HttpRequest) -> selectors.PilotFilters:
    return selectors.PilotFilters(
        year=year_param(request), org=org_param(request), status=request.GET.get("status", "")
    )


@login_required
def pilot_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    qs = selectors.pilot_list(request.user, filters)
    if request.GET.get("format") == "xlsx":
        return exports.pilots_xlsx(qs, f"mo-hinh-{filters.year or 'tat-ca'}.xlsx", filters)
    context = {
        "title": _("Mô hình điểm, mô hình hay, cách làm hiệu quả"),
        "page": page_of(qs, request, 25),
        "filters": filters,
        "years": selectors.pilot_years(request.user),
        "statuses": PilotStatus.choices,
        "org_choices": org_choices(request),
        "can_record": org_access.orgs_visible_to(request.user, Cap.RECORD_ACTIVITIES).exists(),
    }
    return render(request, "activities/pilot_list.html", context)


@login_required
def pilot_create(request: HttpRequest) -> HttpResponse:
    org_id = request.GET.get("org") or request.POST.get("org")
    if not org_id:
        return pick_org(request, _("Ghi mô hình mới"))
    org = org_access.access_org(request.user, org_id, cap=Cap.RECORD_ACTIVITIES)
    targets = selectors.replication_targets(request.user).exclude(pk=org.pk)
    initial = {"started_on": timezone.localdate(), "status": PilotStatus.PILOTING}
    form = PilotForm(request.POST or None, initial=initial, targets=targets)
    if request.method == "POST" and form.is_valid():
        try:
            pilot = services.pilot_create(
                actor=request.user, org=org, data=form.to_input(), files=request.FILES.getlist("files")
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã ghi mô hình “%(name)s”.") % {"name": pilot.name})
            return redirect("activities:pilot-detail", pilot_id=pilot.pk)
    context = {
        "form": form,
        "org": org,
        "accept": ACCEPT,
        "breadcrumbs": org_selectors.org_breadcrumbs(org),
        "title": _("Ghi mô hình tại %(org)s") % {"org": org.name},
    }
    return render(request, "activities/pilot_form.html", context)


@login_required
def pilot_edit(request: HttpRequest, pilot_id: int) -> HttpResponse:
    pilot = access.access_pilot(request.user, pilot_id, cap=Cap.RECORD_ACTIVITIES)
    targets = selectors.replication_targets(request.user).exclude(pk=pilot.org_id)
    initial = {
        "name": pilot.name,
        "field": pilot.field,
        "started_on": pilot.started_on,
        "status": pilot.status,
        "description": pilot.description,
        "results": pilot.results,
        "replicated_to": list(pilot.replicated_to.values_list("pk", flat=True)),
    }
    form = PilotForm(request.POST or None, initial=initial, targets=targets)
    if request.method == "POST" and form.is_valid():
        try:
            services.pilot_update(
                actor=request.user,
                pilot=pilot,
                data=form.to_input(),
                files=request.FILES.getlist("files"),
                keep_replicated=selectors.replicated_outside_scope(request.user, pilot),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
            pilot.refresh_from_db()
        else:
            messages.success(request, _("Đã lưu mô hình."))
            return redirect("activities:pilot-detail", pilot_id=pilot.pk)
    context = {
        "form": form,
        "org": pilot.org,
        "pilot": pilot,
        "accept": ACCEPT,
        "breadcrumbs": org_selectors.org_breadcrumbs(pilot.org),
        "title": _("Sửa mô hình"),
    }
    return render(request, "activities/pilot_form.html", context)


@login_required
def pilot_detail(request: HttpRequest, pilot_id: int) -> HttpResponse:
    pilot = access.access_pilot(request.user, pilot_id)
    visible = org_access.orgs_visible_to(request.user).values("pk")
    context = {
        "pilot": pilot,
        "files": pilot.files.all(),
        # replication targets outside the reader's scope are counted, not named
        "replicated": pilot.replicated_to.filter(pk__in=visible).order_by("path"),
        "replicated_hidden": pilot.replicated_to.exclude(pk__in=visible).count(),
        "can_edit": org_access.can(request.user, Cap.RECORD_ACTIVITIES, pilot.org),
        "breadcrumbs": org_selectors.org_breadcrumbs(pilot.org),
    }
    return render(request, "activities/pilot_detail.html", context)


@login_required
def pilot_file(request: HttpRequest, pilot_file_id: int) -> HttpResponse:
    row = selectors.pilot_file(request.user, pilot_file_id)
    return serve_upload(row)
