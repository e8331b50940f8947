"""Upload a roster file, watch it being checked, read every problem, then import it; past imports listed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lamtheobac.lib import paging, uploads, xlsx
from lamtheobac.lib.web import errors_to_form
from lamtheobac.organisation import access as org_access

from . import access, selectors, services, templates
from .forms import ImportForm
from .models import ImportKind

CHANGES_PER_PAGE = 200


@login_required
def home(request: HttpRequest) -> HttpResponse:
    orgs = list(access.import_orgs_for(request.user).only("id", "name", "depth")[:2000])
    if not orgs:
        messages.info(request, _("Nhập dữ liệu từ Excel dành cho cán bộ quản lý tổ chức, nhân sự."))
        return redirect("home")
    initial = {"kind": ImportKind.PEOPLE, "org": request.GET.get("org") or orgs[0].pk}
    form = ImportForm(request.POST or None, request.FILES or None, initial=initial, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        org = org_access.access_org(request.user, form.cleaned_data["org"])
        if not access.may_import(request.user, form.cleaned_data["kind"], org):
            raise PermissionDenied
        try:
            job = services.job_create(
                actor=request.user, kind=form.cleaned_data["kind"], under=org,
                upload=form.cleaned_data["file"], sheet=form.cleaned_data["sheet"],
            )  # fmt: skip
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            return redirect("imports:detail", job_id=job.pk)
    services.jobs_fail_stalled(jobs=access.jobs_visible_to(request.user))
    context = {
        "form": form,
        "jobs": access.jobs_visible_to(request.user)[:50],
        "title": _("Nhập dữ liệu từ Excel"),
    }
    return render(request, "imports/home.html", context)


@login_required
def detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = access.access_job(request.user, job_id)
    job = services.job_fail_if_stalled(job=job)
    page = paging.page_of(job.changes, request, CHANGES_PER_PAGE)  # every update, a page at a time
    context = {"job": job, "problems": job.problems[:200], "notes": job.notes[:200], "warnings": job.warnings[:200],
               "page": page, "changes": selectors.change_rows(job.kind, page), "changes_kept": services.CHANGES_KEPT,
               "title": _("Nhập %(kind)s: %(name)s") % {"kind": job.get_kind_display().lower(),
                                                       "name": job.original_name}}  # fmt: skip
    if request.htmx and not job.busy:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"  # done: show the whole page once more, with what the check found
        return response
    template = "imports/_status.html" if request.htmx else "imports/detail.html"
    return render(request, template, context)


@login_required
@require_POST
def run(request: HttpRequest, job_id: int) -> HttpResponse:
    job = access.access_job(request.user, job_id)
    try:
        services.job_import(actor=request.user, job=job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("imports:detail", job_id=job.pk)


@login_required
@require_POST
def recheck(request: HttpRequest, job_id: int) -> HttpResponse:
    job = access.access_job(request.user, job_id)
    try:
        services.job_recheck(actor=request.user, job=job, sheet=request.POST.get("sheet", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("imports:detail", job_id=job.pk)


@login_required
def download(request: HttpRequest, job_id: int) -> FileResponse:
    """The file as uploaded, kept with the import's log (always as an attachment)."""
    job = access.access_job(request.user, job_id)
    return uploads.serve(job.file.open("rb"), content_type="application/octet-stream", filename=job.original_name)


@login_required
def template_orgs(request: HttpRequest) -> HttpResponse:
    return xlsx.response(templates.orgs_template(), "mau-nhap-to-chuc.xlsx")


@login_required
def template_people(request: HttpRequest) -> HttpResponse:
    return xlsx.response(templates.people_template(), "mau-nhap-ca-nhan.xlsx")
