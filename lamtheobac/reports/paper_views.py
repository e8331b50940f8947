"""A record's papers as Word files: the registration to sign and the review section of HD 43, for one record
or for all the commitments of a cell in one file.

Each view: access (``cycle.access`` for a record, ``organisation.access`` for a cell) → selector → file.
Whoever may see the record may print it: the member, the leaders and officers above it; outside, 404.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from lamtheobac.cycle import access as cycle_access
from lamtheobac.cycle.models import Record
from lamtheobac.lib import office, text
from lamtheobac.lib.fields import parse_int
from lamtheobac.lib.web import YEAR_MAX, YEAR_MIN
from lamtheobac.organisation import access as org_access
from lamtheobac.organisation.roles import Cap

from . import papers
from .selectors import papers as paper_selectors

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ERR_NO_PDF = _("Không in được bản PDF lúc này; đồng chí tải bản Word và in từ Word.")


def _record_url(request: HttpRequest):
    """The record's full address for its QR code: ``SITE_URL``, else the one this page was opened at."""
    base = settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")

    def url_of(record: Record) -> str:
        return base + reverse("cycle:record-detail", kwargs={"record_id": record.pk})

    return url_of


def _file(request: HttpRequest, content: bytes, words: str) -> HttpResponse:
    """The Word file; with ``?pdf=1`` the same printed to PDF (404 where the server has no LibreOffice)."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.fold(words)).strip("-")[:120].rstrip("-")
    kind, suffix = DOCX, "docx"
    if request.GET.get("pdf") == "1":
        try:
            content, kind, suffix = office.pdf_from_docx(content), "application/pdf", "pdf"
        except office.OfficeMissing:
            raise Http404 from None
        except office.OfficeFailed:
            return HttpResponse(str(ERR_NO_PDF), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{slug}.{suffix}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def record_registration_docx(request: HttpRequest, record_id: int) -> HttpResponse:
    record = cycle_access.access_record(request.user, record_id)
    found = paper_selectors.papers_for([record], url_of=_record_url(request))
    return _file(request, papers.registration_docx(found), f"ban dang ky {record.year} {record.subject_name}")


@login_required
@require_GET
def record_review_docx(request: HttpRequest, record_id: int) -> HttpResponse:
    record = cycle_access.access_record(request.user, record_id)
    found = paper_selectors.papers_for([record], url_of=_record_url(request), form=request.GET.get("mau"))
    form = found[0].form
    return _file(
        request, papers.review_docx(found), f"mau {form} kiem diem {record.year} {record.subject_name}"
    )


def _cell_records(request: HttpRequest, org_id: int, year: int) -> tuple[str, list[Record]]:
    org = org_access.access_org(request.user, org_id, cap=Cap.VIEW_ORGS)
    if parse_int(str(year), lo=YEAR_MIN, hi=YEAR_MAX) is None:
        raise Http404
    records = paper_selectors.cell_commitments(cycle_access.records_visible_to(request.user), org, year)
    if not records:
        raise Http404
    return org.name, records


@login_required
@require_GET
def cell_registration_docx(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    name, records = _cell_records(request, org_id, year)
    found = paper_selectors.papers_for(records, url_of=_record_url(request))
    return _file(request, papers.registration_docx(found), f"ban dang ky {year} {name}")


@login_required
@require_GET
def cell_review_docx(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    name, records = _cell_records(request, org_id, year)
    found = paper_selectors.papers_for(records, url_of=_record_url(request))
    return _file(request, papers.review_docx(found), f"kiem diem {year} {name}")
