"""One door to a directing document (``cycle.access.access_document``) for both pages that serve one: the
year page's download and the documents library. A document reaches down its issuer's subtree, no further."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from lamtheobac.cycle.models import Document, DocumentKind, Period

from .builders import open_year

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DOORS = {
    "year page": lambda d: reverse("cycle:document-download", args=[d.pk]),
    "library": lambda d: reverse("activities:document-file", args=[d.pk]),
}


def _document(org, period: Period | None) -> Document:
    document = Document(
        org=org, period=period, number="12-KH/HU", kind=DocumentKind.PLAN, issued_on=datetime.date(2026, 1, 5),
        issuer="Ban Thường vụ", title="Kế hoạch thực hiện chuyên đề năm", file_name="ke-hoach.pdf",
    )  # fmt: skip
    document.file.save("ke-hoach.pdf", ContentFile(PDF), save=False)
    document.save()
    return document


def _statuses(client, document) -> dict[str, int]:
    return {door: client.get(url(document)).status_code for door, url in DOORS.items()}


def test_it_serves_a_years_document_down_the_issuers_subtree_through_both_doors(cast, year, client_for):
    document = _document(cast.district_a, year)
    for user in (cast.member, cast.leader, cast.officer, cast.admin):
        assert _statuses(client_for(user), document) == {"year page": 200, "library": 200}, user
    assert _statuses(client_for(cast.outsider), document) == {"year page": 404, "library": 404}


def test_it_serves_a_document_tied_to_no_year_through_both_doors(cast, client_for):
    """The year page's door used to refuse a document of no year that the library served to the same
    person; both now follow the issuer."""
    document = _document(cast.district_a, None)
    assert _statuses(client_for(cast.member), document) == {"year page": 200, "library": 200}
    assert _statuses(client_for(cast.outsider), document) == {"year page": 404, "library": 404}


def test_it_does_not_serve_a_document_of_a_sibling_org(cast, client_for):
    document = _document(cast.commune_a2, open_year(cast.commune_a2))
    assert _statuses(client_for(cast.member), document) == {"year page": 404, "library": 404}
    assert _statuses(client_for(cast.leader), document) == {"year page": 404, "library": 404}
    assert _statuses(client_for(cast.officer), document) == {"year page": 200, "library": 200}


def test_it_refuses_a_document_whose_year_is_out_of_sight(cast, client_for):
    """No service ties a document to another org's year; if one were, the stricter rule wins."""
    document = _document(cast.district_a, open_year(cast.district_b))
    assert _statuses(client_for(cast.member), document) == {"year page": 404, "library": 404}
    assert _statuses(client_for(cast.admin), document) == {"year page": 200, "library": 200}
