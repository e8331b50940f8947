"""Exemplars inside the system: list (with Excel), nominate, edit, verify, commend, publish, photo.

Each view: access → form → service or selector → render or redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lamtheobac.lib import uploads
from lamtheobac.lib.paging import page_of
from lamtheobac.lib.web import errors_to_form, year_param
from lamtheobac.organisation import access as org_access
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation.models import subtree_q
from lamtheobac.organisation.roles import Cap

from .. import access, exports
from ..forms.exemplars import CommendationEntryForm, ExemplarForm
from ..models import ExemplarState
from ..selectors import exemplars as selectors
from ..services import exemplars as services

# --- List -------------------------------------------------------------------------------------


def _filters(request: HttpRequest) -> selectors.ExemplarFilters:
    org = org_access.access_org(request.user, request.GET["org"]) if request.GET.get("org") else None
    return selectors.ExemplarFilters(
        year=year_param(request),
        org=org,
        state=request.GET.get("state", ""),
        published=request.GET.get("published", ""),
        query=request.GET.get("q", ""),
    )


@login_required
def exemplar_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    qs = selectors.exemplar_list(request.user, filters)
    if request.GET.get("format") == "xlsx":
        return exports.exemplars_xlsx(qs, f"guong-dien-hinh-{filters.year or 'tat-ca'}.xlsx", filters)
    orgs = org_access.orgs_visible_to(request.user).filter(active=True)
    nominate_orgs = org_access.orgs_visible_to(request.user, Cap.RECORD_ACTIVITIES).filter(active=True)
    context = {
        "page": page_of(qs, request, 25),
        "filters": filters,
        "years": selectors.exemplar_years(request.user),
        "states": ExemplarState.choices,
        "org_choices": orgs.order_by("path").only("id", "name", "depth")[:500],
        "can_nominate": nominate_orgs.exists(),
        "title": _("Gương điển hình"),
    }
    return render(request, "activities/exemplar_list.html", context)


# --- Nominate and edit ------------------------------------------------------------------------


def _people_choices(request: HttpRequest, org) -> list[tuple[int, str]]:
    people = (
        org_access.people_visible_to(request.user)
        .filter(subtree_q(org.path, "org__path"), active=True)
        .select_related("org")
        .order_by("name_sort", "id")[:1000]
    )
    return [(p.pk, f"{p.full_name} — {p.org.name}") for p in people]


@login_required
def exemplar_create(request: HttpRequest) -> HttpResponse:
    org_id = request.GET.get("org") or request.POST.get("org")
    if not org_id:
        roots = org_access.root_orgs_for(request.user)
        candidates = [o for o in roots if org_access.can(request.user, Cap.RECORD_ACTIVITIES, o)]
        if not candidates:
            raise PermissionDenied
        return redirect(f"{request.path}?org={candidates[0].pk}")
    org = org_access.access_org(request.user, org_id, cap=Cap.RECORD_ACTIVITIES)
    form = ExemplarForm(request.POST or None, request.FILES or None, people=_people_choices(request, org))
    if request.method == "POST" and form.is_valid():
        person_id = form.cleaned_data["person"]
        person = org_access.access_person(request.user, person_id) if person_id else None
        try:
            exemplar = services.exemplar_nominate(
                actor=request.user, org=org, person=person, **form.data_for_service()
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã đề cử gương điển hình “%(t)s”.") % {"t": exemplar.title})
            return redirect("activities:exemplar-detail", exemplar_id=exemplar.pk)
    context = {
        "form": form,
        "org": org,
        "breadcrumbs": org_selectors.org_breadcrumbs(org),
        "title": _("Đề cử gương điển hình tại %(org)s") % {"org": org.name},
    }
    return render(request, "activities/exemplar_form.html", context)


@login_required
def exemplar_edit(request: HttpRequest, exemplar_id: int) -> HttpResponse:
    exemplar = access.access_exemplar(request.user, exemplar_id, cap=Cap.RECORD_ACTIVITIES)
    initial = {
        "title": exemplar.title,
        "achievements": exemplar.achievements,
        "story": exemplar.story,
        "nominated_on": exemplar.nominated_on,
        "consent": exemplar.consent,
        "consent_note": exemplar.consent_note,
    }
    form = ExemplarForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.exemplar_update(actor=request.user, exemplar=exemplar, **form.data_for_service())
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã lưu gương điển hình."))
            return redirect("activities:exemplar-detail", exemplar_id=exemplar.pk)
    context = {"form": form, "exemplar": exemplar, "title": _("Sửa gương điển hình")}
    return render(request, "activities/exemplar_form.html", context)


# --- One exemplar -----------------------------------------------------------------------------


@login_required
def exemplar_detail(request: HttpRequest, exemplar_id: int) -> HttpResponse:
    exemplar = access.access_exemplar(request.user, exemplar_id)
    manages = org_access.can(request.user, Cap.MANAGE_EXEMPLARS, exemplar.org)
    context = {
        "exemplar": exemplar,
        "commendations": selectors.commendations_of(exemplar),
        "can_edit": org_access.can(request.user, Cap.RECORD_ACTIVITIES, exemplar.org),
        "can_manage": manages,
        "breadcrumbs": org_selectors.org_breadcrumbs(exemplar.org),
        "verified": exemplar.state == ExemplarState.VERIFIED,
    }
    return render(request, "activities/exemplar_detail.html", context)


def _act(request: HttpRequest, exemplar_id: int, service, done: str) -> HttpResponse:
    exemplar = access.access_exemplar(request.user, exemplar_id, cap=Cap.MANAGE_EXEMPLARS)
    try:
        service(actor=request.user, exemplar=exemplar)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("activities:exemplar-detail", exemplar_id=exemplar.pk)


@login_required
@require_POST
def exemplar_verify(request: HttpRequest, exemplar_id: int) -> HttpResponse:
    return _act(request, exemplar_id, services.exemplar_verify, _("Đã xác minh gương điển hình."))


@login_required
@require_POST
def exemplar_publish(request: HttpRequest, exemplar_id: int) -> HttpResponse:
    return _act(request, exemplar_id, services.exemplar_publish, _("Đã công khai trên trang gương sáng."))


@login_required
@require_POST
def exemplar_unpublish(request: HttpRequest, exemplar_id: int) -> HttpResponse:
    return _act(request, exemplar_id, services.exemplar_unpublish, _("Đã thôi công khai gương điển hình."))


@login_required
def exemplar_commend(request: HttpRequest, exemplar_id: int) -> HttpResponse:
    exemplar = access.access_exemplar(request.user, exemplar_id, cap=Cap.MANAGE_EXEMPLARS)
    form = CommendationEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.commendation_add(actor=request.user, exemplar=exemplar, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận khen thưởng."))
            return redirect("activities:exemplar-detail", exemplar_id=exemplar.pk)
    context = {
        "form": form,
        "exemplar": exemplar,
        "title": _("Ghi nhận khen thưởng: %(t)s") % {"t": exemplar.title},
    }
    return render(request, "activities/exemplar_form.html", context)


def photo_response(exemplar) -> FileResponse:
    """The exemplar's photo shown inline, its type read again from its bytes (never from the name)."""
    if not exemplar.photo:
        raise Http404
    handle = exemplar.photo.open("rb")
    kind = uploads.sniff(handle)
    if kind is None or not kind.inline:
        handle.close()
        raise Http404
    return uploads.serve(handle, content_type=kind.content_type)


@login_required
def exemplar_photo(request: HttpRequest, exemplar_id: int) -> HttpResponse:
    exemplar = access.access_exemplar(request.user, exemplar_id)
    return photo_response(exemplar)
