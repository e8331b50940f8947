"""The report writer's pages: the list of reports, starting one, editing it, redrafting it, its Word file.

Each view: access → form → service → render or redirect. Objects come only through ``access.py``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from lamtheobac.lib.fields import parse_int
from lamtheobac.lib.paging import page_of
from lamtheobac.lib.web import errors_to_form
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation import words
from lamtheobac.organisation.models import Org
from lamtheobac.organisation.roles import Cap

from . import access, docx, exports, services, writer
from .forms import ReportHeaderForm, ReportStartForm, header_initial, sections_from_post
from .models import Report, ReportKind

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MSG_QUEUED = gettext_lazy(
    "Đơn vị lớn: dự thảo đang được soạn ở chế độ nền từ số liệu của toàn đảng bộ. Trang này tự cập nhật khi "
    "soạn xong."
)


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    reports = access.reports_visible_to(request.user).select_related("org", "updated_by")
    if request.GET.get("format") == "xlsx":
        return exports.reports_xlsx(reports.order_by("-created_at", "-id"))
    page = page_of(reports.order_by("-created_at", "-id"), request, 25)
    context = {
        "title": _("Báo cáo sơ kết, tổng kết"),
        "page": page,
        "rows": [(r, writer.report_heading(r)) for r in page],
        "can_start": access.orgs_for_reports(request.user).exists(),
    }
    return render(request, "reports/report_list.html", context)


def _pick_org(request: HttpRequest) -> HttpResponse:
    """The first step when no org is named: the committees the user may write a report for."""
    orgs = list(access.orgs_for_reports(request.user))
    if not orgs:
        raise PermissionDenied
    if len(orgs) == 1:
        return redirect(f"{request.path}?org={orgs[0].pk}")
    return render(request, "reports/report_start.html", {"orgs": orgs, "title": _("Viết báo cáo mới")})


@login_required
def report_start(request: HttpRequest) -> HttpResponse:
    org_id = request.GET.get("org") or request.POST.get("org")
    if not org_id:
        return _pick_org(request)
    org: Org = access.access_report_org(request.user, org_id)
    first, last = default_years_span()
    year_from, year_to = services.default_years(org)
    initial = {"kind": ReportKind.INTERIM, "year_from": year_from, "year_to": year_to}
    form = ReportStartForm(request.POST or None, initial=initial, first=first, last=last)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(actor=request.user, org=org, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            if report.drafting:
                messages.info(request, MSG_QUEUED)
            else:
                messages.success(request, _("Đã soạn dự thảo từ số liệu; hãy đọc, chỉnh sửa rồi lưu."))
            return redirect("reports:report-edit", report_id=report.pk)
    context = {
        "form": form,
        "org": org,
        "title": _("Viết báo cáo sơ kết, tổng kết"),
        "breadcrumbs": org_selectors.org_breadcrumbs(org),
    }
    return render(request, "reports/report_start.html", context)


def default_years_span() -> tuple[int, int]:
    return services.FIRST_YEAR, timezone.localdate().year


def _rows(report: Report, posted: list | None = None, theirs: Report | None = None) -> list[dict]:
    """One row per section for the page: what to show in its fields, and their text after a conflict."""
    rows = []
    for index, saved in enumerate(report.sections):
        heading = posted[index].heading if posted else saved.get("heading", "")
        body = posted[index].text if posted else saved.get("text", "")
        other = theirs.sections[index].get("text", "") if theirs and index < len(theirs.sections) else None
        key = saved.get("key", "")
        rows.append(
            {
                "index": index,
                "key": key,
                "level": saved.get("level", 1),
                "heading": heading,
                "text": body,
                "lines": min(40, max(4, len(body) // 90 + body.count("\n") + 2)) if body.strip() else 2,
                "hint": writer.SECTION_HINTS.get(key, ""),
                "tables": writer.TABLE_NOTES.get(key, ""),
                "theirs": other if other is not None and other != writer.text_nfc(body) else None,
            }
        )
    return rows


def _edit_context(request: HttpRequest, report: Report, form, rows: list[dict], **extra) -> dict:
    return {
        "report": report,
        "form": form,
        "rows": rows,
        "title": writer.report_heading(report),
        # A report is the committee's ("Đảng ủy xã Lục Bình"), not the organisation's ("Đảng bộ xã Lục Bình").
        "committee": words.org_words(report.org).committee,
        "can_write": access.may_write_report(request.user, report.org),
        "prompts": writer.prompts_left(report.sections),
        "breadcrumbs": org_selectors.org_breadcrumbs(report.org),
        "version": report.version,
        "task": services.report_draft_state(report=report),
        **extra,
    }


@login_required
def report_edit(request: HttpRequest, report_id: int) -> HttpResponse:
    report = access.access_report(request.user, report_id, cap=Cap.VIEW_ORGS)
    if request.htmx and request.method == "GET":  # the page polls while its draft is awaited
        return _draft_status(request, report)
    if request.method != "POST":
        form = ReportHeaderForm(initial=header_initial(report))
        return render(
            request, "reports/report_edit.html", _edit_context(request, report, form, _rows(report))
        )
    report = access.access_report(request.user, report_id, cap=access.WRITE)
    if report.drafting:  # no form was offered: a page opened before the redraft was asked
        messages.error(request, services.ERR_DRAFTING)
        return redirect("reports:report-edit", report_id=report.pk)
    form = ReportHeaderForm(request.POST)
    posted = sections_from_post(request.POST, len(report.sections))
    version = _int(request.POST.get("version"))
    theirs = None
    if form.is_valid():
        try:
            services.report_save(
                actor=request.user, report=report, version=version, header=form.to_input(), sections=posted
            )
        except services.ConflictError as exc:
            theirs = exc.latest
            messages.error(request, " ".join(exc.messages))
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã lưu báo cáo."))
            return redirect("reports:report-edit", report_id=report.pk)
    shown = theirs or access.access_report(request.user, report_id)
    # After a conflict the form carries the newer version: saving again keeps this officer's text on purpose.
    context = _edit_context(
        request,
        shown,
        form,
        _rows(shown, posted, theirs),
        conflict=theirs is not None,
        version=theirs.version if theirs else version,
    )
    return render(request, "reports/report_edit.html", context, status=409 if theirs else 200)


def _draft_status(request: HttpRequest, report: Report) -> HttpResponse:
    """The draft's state while it is awaited; once it is in (or failed), the whole page again."""
    task = services.report_draft_state(report=report)
    if not report.drafting:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "reports/_draft_status.html", {"report": report, "task": task})


@login_required
@require_POST
def report_redraft(request: HttpRequest, report_id: int) -> HttpResponse:
    report = access.access_report(request.user, report_id, cap=access.WRITE)
    try:
        report = services.report_redraft(
            actor=request.user, report=report, version=_int(request.POST.get("version"))
        )
    except ValidationError as exc:  # somebody saved or redrafted since; or the draft is still awaited
        messages.error(request, " ".join(exc.messages))
    else:
        if report.drafting:
            messages.info(request, MSG_QUEUED)
        else:
            messages.success(request, _("Đã soạn lại nội dung từ số liệu hiện có."))
    return redirect("reports:report-edit", report_id=report.pk)


@login_required
@require_GET
def report_docx(request: HttpRequest, report_id: int) -> HttpResponse:
    report = access.access_report(request.user, report_id, cap=Cap.VIEW_ORGS)
    content = docx.render(writer.to_document(report))
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{writer.file_name(report)}"'
    return response


def _int(value: str | None) -> int:
    return parse_int(value or "0", lo=0) or 0
