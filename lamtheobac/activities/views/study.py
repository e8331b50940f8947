"""Study sessions and cell meetings: list and export, record with attendance, files, the year's coverage.

Each view: access → form → service or selector → render or redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheobac.lib import uploads
from lamtheobac.lib.paging import page_of
from lamtheobac.lib.web import errors_to_form, year_param
from lamtheobac.organisation import access as org_access
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation.models import OrgKind
from lamtheobac.organisation.roles import Cap

from .. import access, exports
from ..forms.study import ATTENDANCE_PREFIX, STATUS_CHOICES, StudySessionForm, attendance_from_post
from ..models import StudyKind
from ..selectors import study as selectors
from ..services import study as services

ACCEPT = "image/jpeg,image/png,image/webp,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx"

# --- Shared with the pilot views ----------------------------------------------------------------


def org_param(request: HttpRequest):
    """The org named by ``?org=``, cleared through ``access_org`` (404 outside the scope), or None."""
    org_id = request.GET.get("org")
    return org_access.access_org(request.user, org_id) if org_id else None


def org_choices(request: HttpRequest, cap: Cap = Cap.VIEW_ORGS):
    orgs = org_access.orgs_visible_to(request.user, cap).filter(active=True)
    return orgs.exclude(kind=OrgKind.MASS_ORGANISATION).order_by("path").only("id", "name", "depth")[:500]


def pick_org(request: HttpRequest, title: str) -> HttpResponse:
    """The first step of recording: which org held it (only orgs where the user may record)."""
    orgs = list(org_choices(request, Cap.RECORD_ACTIVITIES))
    if not orgs:
        raise PermissionDenied
    if len(orgs) == 1:
        return redirect(f"{request.path}?org={orgs[0].pk}")
    return render(request, "activities/study_org_pick.html", {"orgs": orgs, "title": title})


def serve_upload(row) -> FileResponse:
    """A stored upload: images shown inline, everything else downloaded; never sniffed by the browser."""
    return uploads.serve(row.file.open("rb"), content_type=row.content_type, filename=row.original_name)


# --- List and export ----------------------------------------------------------------------------


def _filters(request: HttpRequest) -> selectors.StudyFilters:
    filters = selectors.StudyFilters(
        year=year_param(request), org=org_param(request), kind=request.GET.get("kind", "")
    )
    if filters.year is None and "year" not in request.GET:
        filters.year = timezone.localdate().year
    return filters


@login_required
def study_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    qs = selectors.study_list(request.user, filters)
    if request.GET.get("format") == "xlsx":
        return exports.study_sessions_xlsx(qs, f"hoc-tap-{filters.year or 'tat-ca'}.xlsx", filters)
    years = sorted(set(selectors.study_years(request.user)) | {timezone.localdate().year}, reverse=True)
    context = {
        "title": _("Học tập chuyên đề, sinh hoạt chi bộ"),
        "page": page_of(qs, request, 25),
        "filters": filters,
        "years": years,
        "kinds": StudyKind.choices,
        "org_choices": org_choices(request),
        "can_record": org_access.orgs_visible_to(request.user, Cap.RECORD_ACTIVITIES).exists(),
    }
    return render(request, "activities/study_list.html", context)


# --- Record and change ----------------------------------------------------------------------------


def _form_context(request: HttpRequest, form, org, session=None) -> dict:
    people = list(services.eligible_people(org))
    rows = (
        selectors.attendance_rows(session, people)
        if session is not None
        else [{"person": p, "status": ""} for p in people]
    )
    if request.method == "POST":
        posted = dict(attendance_from_post(request.POST))
        for row in rows:
            row["status"] = posted.get(row["person"].pk, "")
    return {
        "form": form,
        "org": org,
        "session": session,
        "rows": rows,
        "statuses": STATUS_CHOICES,
        "prefix": ATTENDANCE_PREFIX,
        "accept": ACCEPT,
        "breadcrumbs": org_selectors.org_breadcrumbs(org),
    }


@login_required
def study_create(request: HttpRequest) -> HttpResponse:
    org_id = request.GET.get("org") or request.POST.get("org")
    if not org_id:
        return pick_org(request, _("Ghi buổi học tập, sinh hoạt"))
    org = org_access.access_org(request.user, org_id, cap=Cap.RECORD_ACTIVITIES)
    today = timezone.localdate()
    initial = {"held_on": today, "kind": StudyKind.THEMATIC, "topic": services.default_topic(org, today.year)}
    form = StudySessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.study_create(
                actor=request.user,
                org=org,
                data=form.to_input(),
                attendance=attendance_from_post(request.POST),
                files=request.FILES.getlist("files"),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Đã ghi buổi sinh hoạt ngày %(d)s.") % {"d": session.held_on.strftime("%d/%m/%Y")}
            )
            return redirect("activities:study-detail", session_id=session.pk)
    context = _form_context(request, form, org) | {
        "title": _("Ghi buổi học tập, sinh hoạt tại %(org)s") % {"org": org.name}
    }
    return render(request, "activities/study_form.html", context)


@login_required
def study_edit(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.access_session(request.user, session_id, cap=Cap.RECORD_ACTIVITIES)
    initial = {
        "held_on": session.held_on,
        "kind": session.kind,
        "topic": session.topic,
        "minutes": session.minutes,
        "programmes": list(session.programmes.all()),
    }
    form = StudySessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.study_update(
                actor=request.user,
                session=session,
                data=form.to_input(),
                attendance=attendance_from_post(request.POST),
                files=request.FILES.getlist("files"),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
            session.refresh_from_db()
        else:
            messages.success(request, _("Đã lưu buổi sinh hoạt."))
            return redirect("activities:study-detail", session_id=session.pk)
    context = _form_context(request, form, session.org, session) | {"title": _("Sửa buổi sinh hoạt")}
    return render(request, "activities/study_form.html", context)


@login_required
def study_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.access_session(request.user, session_id)
    attendance = list(session.attendance.select_related("person__org").order_by("person__name_sort"))
    counts = {value: 0 for value, _label in STATUS_CHOICES}
    for a in attendance:
        counts[a.status] += 1
    context = {
        "session": session,
        "attendance": attendance,
        "files": session.files.all(),
        "counts": [(label, counts[value]) for value, label in STATUS_CHOICES],
        "can_edit": org_access.can(request.user, Cap.RECORD_ACTIVITIES, session.org),
        "breadcrumbs": org_selectors.org_breadcrumbs(session.org),
    }
    return render(request, "activities/study_detail.html", context)


@login_required
def study_file(request: HttpRequest, study_file_id: int) -> HttpResponse:
    row = selectors.study_file(request.user, study_file_id)
    return serve_upload(row)


# --- Which cells studied the year's theme ---------------------------------------------------------


@login_required
def study_coverage(request: HttpRequest) -> HttpResponse:
    org = org_param(request) or org_access.root_orgs_for(request.user).order_by("path").first()
    year = year_param(request) or timezone.localdate().year
    coverage = selectors.study_coverage(org, year) if org is not None else None
    context = {
        "title": _("Chi bộ đã học tập chuyên đề năm %(year)s") % {"year": year},
        "org": org,
        "year": year,
        "coverage": coverage,
        "org_choices": org_choices(request),
        "theme": services.default_topic(org, year) if org is not None else "",
        "years": sorted(set(selectors.study_years(request.user)) | {timezone.localdate().year}, reverse=True),
    }
    return render(request, "activities/study_coverage.html", context)
