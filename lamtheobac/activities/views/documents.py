"""The directing documents library: list and export with filters, file a document, download its file.

Each view: access → form → service or selector → render or redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheobac.cycle import access as cycle_access
from lamtheobac.cycle.models import DocumentKind
from lamtheobac.lib import uploads
from lamtheobac.lib.paging import page_of
from lamtheobac.organisation import access as org_access
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation.roles import Cap

from .. import exports
from ..forms.documents import LibraryDocumentForm
from ..selectors import documents as selectors
from ..services import documents as services
from .study import ACCEPT, errors_to_form, org_choices, org_param, year_param


def _filters(request: HttpRequest) -> selectors.DocumentFilters:
    return selectors.DocumentFilters(
        year=year_param(request),
        kind=request.GET.get("kind", ""),
        org=org_param(request),
        q=request.GET.get("q", "")[:100],
    )


@login_required
def document_library(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    qs = selectors.document_list(request.user, filters)
    if request.GET.get("format") == "xlsx":
        return exports.documents_xlsx(qs, f"van-ban-chi-dao-{filters.year or 'tat-ca'}.xlsx", filters)
    context = {
        "title": _("Văn bản chỉ đạo"),
        "page": page_of(qs, request, 25),
        "filters": filters,
        "years": selectors.document_years(request.user),
        "kinds": DocumentKind.choices,
        "org_choices": org_choices(request),
        "can_create": org_access.orgs_visible_to(request.user, Cap.OPEN_PERIOD).exists(),
    }
    return render(request, "activities/document_library.html", context)


@login_required
def document_create(request: HttpRequest) -> HttpResponse:
    org_id = request.GET.get("org") or request.POST.get("org")
    if not org_id:
        orgs = list(org_choices(request, Cap.OPEN_PERIOD))
        if not orgs:
            raise PermissionDenied
        if len(orgs) == 1:
            return redirect(f"{request.path}?org={orgs[0].pk}")
        context = {"orgs": orgs, "title": _("Thêm văn bản chỉ đạo")}
        return render(request, "activities/study_org_pick.html", context)
    org = org_access.access_org(request.user, org_id, cap=Cap.OPEN_PERIOD)
    form = LibraryDocumentForm(
        request.POST or None,
        request.FILES or None,
        periods=selectors.period_choices(request.user, org),
        initial={"issuer": org.name, "issued_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(
                actor=request.user, org=org, data=form.to_input(), upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã thêm văn bản %(n)s.") % {"n": document.number})
            return redirect("activities:document-library")
    context = {
        "form": form,
        "org": org,
        "accept": ACCEPT,
        "breadcrumbs": org_selectors.org_breadcrumbs(org),
        "title": _("Thêm văn bản chỉ đạo của %(org)s") % {"org": org.name},
    }
    return render(request, "activities/document_form.html", context)


@login_required
def document_file(request: HttpRequest, library_document_id: int) -> HttpResponse:
    document = cycle_access.access_document(request.user, library_document_id)
    if not document.file:
        raise Http404
    kind = selectors.file_kind(document)
    if kind is None:
        raise Http404
    return uploads.serve(
        document.file.open("rb"), content_type=kind.content_type, filename=document.file_name or "van-ban"
    )
