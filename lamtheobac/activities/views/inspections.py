"""Inspection and supervision: the yearly programme (list and export), plan a line, record the execution,
the target's report of fixes, close, files.

Each view: access → form → service or selector → render or redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lamtheobac.lib.paging import page_of
from lamtheobac.organisation import access as org_access
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation.roles import Cap

from .. import access, exports
from ..forms.inspections import AnswerForm, PlanForm, RecordForm
from ..models import InspectionKind, InspectionStatus
from ..selectors import inspections as selectors
from ..services import inspections as services
from .study import ACCEPT, errors_to_form, org_choices, org_param, serve_upload, year_param


def _filters(request: HttpRequest) -> selectors.InspectionFilters:
    filters = selectors.InspectionFilters(
        year=year_param(request),
        org=org_param(request),
        status=request.GET.get("status", ""),
        kind=request.GET.get("kind", ""),
        overdue=request.GET.get("overdue") == "1",
    )
    if filters.year is None and "year" not in request.GET:
        filters.year = timezone.localdate().year
    return filters


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    qs = selectors.inspection_list(request.user, filters)
    if request.GET.get("format") == "xlsx":
        return exports.inspections_xlsx(qs, f"kiem-tra-giam-sat-{filters.year or 'tat-ca'}.xlsx", filters)
    context = {
        "title": _("Chương trình kiểm tra, giám sát"),
        "page": page_of(qs, request, 25),
        "filters": filters,
        "years": selectors.inspection_years(request.user),
        "statuses": InspectionStatus.choices,
        "kinds": InspectionKind.choices,
        "org_choices": org_choices(request),
        "can_plan": org_access.orgs_visible_to(request.user, Cap.INSPECT).exists(),
    }
    return render(request, "activities/inspection_list.html", context)


def _pick_org(request: HttpRequest, title: str) -> HttpResponse:
    """Which org inspects (only orgs where the user may inspect)."""
    orgs = list(org_choices(request, Cap.INSPECT))
    if not orgs:
        raise PermissionDenied
    if len(orgs) == 1:
        return redirect(f"{request.path}?org={orgs[0].pk}")
    return render(request, "activities/study_org_pick.html", {"orgs": orgs, "title": title})


@login_required
def inspection_create(request: HttpRequest) -> HttpResponse:
    org_id = request.GET.get("org") or request.POST.get("org")
    if not org_id:
        return _pick_org(request, _("Thêm vào chương trình kiểm tra, giám sát"))
    org = org_access.access_org(request.user, org_id, cap=Cap.INSPECT)
    targets = selectors.target_choices(request.user, org)
    form = PlanForm(request.POST or None, targets=targets, org_name=org.name)
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.inspection_plan(actor=request.user, org=org, data=form.to_input())
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã thêm vào chương trình kiểm tra, giám sát."))
            return redirect("activities:inspection-detail", inspection_id=inspection.pk)
    context = {
        "form": form,
        "org": org,
        "breadcrumbs": org_selectors.org_breadcrumbs(org),
        "title": _("Chương trình kiểm tra, giám sát của %(org)s") % {"org": org.name},
    }
    return render(request, "activities/inspection_form.html", context)


@login_required
def inspection_edit(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = access.access_inspection(request.user, inspection_id, cap=Cap.INSPECT)
    targets = selectors.target_choices(request.user, inspection.org)
    initial = {
        "target": inspection.target_id,
        "kind": inspection.kind,
        "year": inspection.year,
        "planned_month": inspection.planned_month,
        "focus": inspection.focus,
    }
    form = PlanForm(request.POST or None, initial=initial, targets=targets, org_name=inspection.org.name)
    if request.method == "POST" and form.is_valid():
        try:
            services.inspection_update_plan(actor=request.user, inspection=inspection, data=form.to_input())
        except ValidationError as exc:
            errors_to_form(form, exc)
            inspection.refresh_from_db()
        else:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect("activities:inspection-detail", inspection_id=inspection.pk)
    context = {
        "form": form,
        "org": inspection.org,
        "inspection": inspection,
        "breadcrumbs": org_selectors.org_breadcrumbs(inspection.org),
        "title": _("Sửa kế hoạch kiểm tra, giám sát"),
    }
    return render(request, "activities/inspection_form.html", context)


@login_required
def inspection_record(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = access.access_inspection(request.user, inspection_id, cap=Cap.INSPECT)
    initial = {
        "executed_on": inspection.executed_on or timezone.localdate(),
        "team": inspection.team,
        "content": inspection.content or inspection.focus,
        "findings": inspection.findings,
        "conclusion": inspection.conclusion,
        "recommendations": inspection.recommendations,
        "follow_up_due": inspection.follow_up_due,
    }
    form = RecordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.inspection_record(
                actor=request.user,
                inspection=inspection,
                data=form.to_input(),
                files=request.FILES.getlist("files"),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
            inspection.refresh_from_db()
        else:
            messages.success(request, _("Đã ghi kết quả kiểm tra, giám sát."))
            return redirect("activities:inspection-detail", inspection_id=inspection.pk)
    context = {
        "form": form,
        "inspection": inspection,
        "accept": ACCEPT,
        "multipart": True,
        "title": _("Kết quả: %(i)s") % {"i": inspection},
    }
    return render(request, "activities/inspection_record.html", context)


@login_required
def inspection_detail(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = access.access_inspection(request.user, inspection_id)
    rights = selectors.rights(request.user, inspection)
    context = {
        "inspection": inspection,
        "files": inspection.files.all(),
        "responses": inspection.responses.select_related("responded_by"),
        "overdue": selectors.is_overdue(inspection),
        "answer_form": AnswerForm() if rights["can_answer"] else None,
        "accept": ACCEPT,
        **rights,
    }
    return render(request, "activities/inspection_detail.html", context)


@login_required
def inspection_answer(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = access.access_inspection(request.user, inspection_id, cap=Cap.ANSWER_INSPECTION)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.inspection_answer(
                actor=request.user,
                inspection=inspection,
                text_=form.cleaned_data["text"],
                files=request.FILES.getlist("files"),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã gửi báo cáo khắc phục."))
            return redirect("activities:inspection-detail", inspection_id=inspection.pk)
    context = {"form": form, "inspection": inspection, "accept": ACCEPT, "title": _("Báo cáo khắc phục")}
    return render(request, "activities/inspection_answer.html", context)


@login_required
@require_POST
def inspection_close(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = access.access_inspection(request.user, inspection_id, cap=Cap.INSPECT)
    try:
        services.inspection_close(actor=request.user, inspection=inspection)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã kết thúc cuộc kiểm tra, giám sát."))
    return redirect("activities:inspection-detail", inspection_id=inspection.pk)


@login_required
def inspection_file(request: HttpRequest, inspection_file_id: int) -> HttpResponse:
    row = selectors.inspection_file(request.user, inspection_file_id)
    return serve_upload(row)
