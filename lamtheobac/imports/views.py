"""Upload a roster file, watch it being checked, read every problem, then import it; past imports listed.
Upload a reorganisation file, read its preview (problems by row, the tree after, who moves, the last year's
totals before and after), then apply it."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from lamtheobac.lib import paging, uploads, xlsx
from lamtheobac.lib import text as vn
from lamtheobac.lib.web import errors_to_form
from lamtheobac.organisation import access as org_access

from . import access, pending, reader, selectors, services, templates
from .forms import ImportForm, ReorganiseForm
from .models import ImportKind
from .services import reorganise as reorg

CHANGES_PER_PAGE = 200


@login_required
def home(request: HttpRequest) -> HttpResponse:
    orgs = list(access.import_orgs_for(request.user).only("id", "name", "depth")[:2000])
    if not orgs:
        messages.info(
            request,
            _(
                "Nhập dữ liệu từ Excel dành cho cán bộ quản lý tổ chức, nhân sự và lãnh đạo cấp ủy (trong đơn vị mình)."
            ),
        )
        return redirect("home")
    initial = {"kind": ImportKind.PEOPLE, "org": request.GET.get("org") or orgs[0].pk}
    form = ImportForm(request.POST or None, request.FILES or None, initial=initial, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        org = org_access.access_org(request.user, form.cleaned_data["org"])
        if not access.may_import(request.user, form.cleaned_data["kind"], org):
            raise PermissionDenied
        try:
            job = services.job_create(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                under=org,
                upload=form.cleaned_data["file"],
                sheet=form.cleaned_data["sheet"],
            )
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
    context = {
        "job": job,
        "task": services.job_task_state(job=job),
        "problems": job.problems[:200],
        "notes": job.notes[:200],
        "warnings": job.warnings[:200],
        "page": page,
        "changes": selectors.change_rows(job.kind, page),
        "changes_kept": services.CHANGES_KEPT,
        "title": _("Nhập %(kind)s: %(name)s")
        % {"kind": job.get_kind_display().lower(), "name": job.original_name},
    }
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
    return uploads.serve(
        job.file.open("rb"), content_type="application/octet-stream", filename=job.original_name
    )


@login_required
def template_orgs(request: HttpRequest) -> HttpResponse:
    return xlsx.response(templates.orgs_template(), "mau-nhap-to-chuc.xlsx")


@login_required
def template_people(request: HttpRequest) -> HttpResponse:
    return xlsx.response(templates.people_template(), "mau-nhap-ca-nhan.xlsx")


# --- Reorganisation ---------------------------------------------------------------------------------


@login_required
def reorganise(request: HttpRequest) -> HttpResponse:
    access.access_reorganise(request.user)
    form = ReorganiseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = vn.clean(PurePath(upload.name).name)[:255]
        try:
            lines, problems = reorg.read_file(upload, name)
        except reader.ReadError as exc:
            form.add_error("file", exc.message)
        else:
            key = pending.keep(
                request.session,
                lines=lines,
                problems=problems,
                reason=form.cleaned_data["reason"],
                source=name,
            )
            return redirect("imports:reorganise-preview", key=key)
    return render(request, "imports/reorganise.html", {"form": form, "title": _("Sắp xếp tổ chức")})


@login_required
def reorganise_preview(request: HttpRequest, key: str) -> HttpResponse:
    """The file checked again against the tree as it stands now, and what applying it would do."""
    found = access.access_pending(request.user, request.session, key)
    outcome = reorg.run(
        found.lines,
        actor=request.user,
        dry_run=True,
        reason=found.reason,
        source=found.source,
        problems=found.problems,
    )
    return _preview(request, key, found, outcome)


@login_required
@require_POST
def reorganise_apply(request: HttpRequest, key: str) -> HttpResponse:
    """The lines kept for ``key`` applied for real (checked once more by ``run``), or the preview again with
    what refused them."""
    found = access.access_pending(request.user, request.session, key)
    outcome = reorg.run(
        found.lines,
        actor=request.user,
        dry_run=False,
        reason=found.reason,
        source=found.source,
        problems=found.problems,
    )
    if not outcome.applied:
        messages.error(request, _("Không ghi gì: có dòng bị từ chối (xem bên dưới)."))
        return _preview(request, key, found, outcome)
    pending.drop(request.session, key)
    messages.success(
        request,
        _("Đã sắp xếp tổ chức theo tệp %(name)s: %(n)s thay đổi.")
        % {"name": found.source, "n": len(found.lines)},
    )
    return redirect("organisation:org-tree")


def _preview(request, key: str, found: pending.Pending, outcome: reorg.Outcome) -> HttpResponse:
    context = {
        "key": key,
        "found": found,
        "outcome": outcome,
        "title": _("Sắp xếp tổ chức: xem trước"),
        "changes": [c for c in outcome.changes if c.before != c.after],
        "changed_codes": {c.code for c in outcome.changes if c.before != c.after},
        "totals": [
            (t, [(FIGURE_LABELS[name], t.before[name], t.after[name]) for name in reorg.SHOWN_FIGURES])
            for t in outcome.totals
        ],
    }
    return render(request, "imports/reorganise_preview.html", context)


FIGURE_LABELS = {
    "orgs_required": _lazy("Tập thể phải có kế hoạch"),
    "plans_filed": _lazy("Kế hoạch đã nộp"),
    "people_required": _lazy("Cá nhân phải có bản cam kết"),
    "commitments_filed": _lazy("Bản cam kết đã nộp"),
    "commitments_approved": _lazy("Bản cam kết đã duyệt"),
}


@login_required
def reorganise_template(request: HttpRequest) -> HttpResponse:
    """The blank file with one example row of each operation (for anyone signed in, as the other templates)."""
    return xlsx.response(reorg.template(), "mau-sap-xep-to-chuc.xlsx")
