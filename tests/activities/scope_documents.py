"""Scope rules of the documents library for tests/test_scope.py: routes, secrets, one document per district."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheobac.activities.services import documents
from lamtheobac.cycle.models import DocumentKind

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

ROUTES = {
    "activities:document-library": "self",
    "activities:document-create": "query",
    "activities:document-file": lambda c: {"library_document_id": c.document_lib_b.pk},
}

SECRETS = ["Hướng dẫn bảo vệ rừng Phja Đén", "vanban-bimat.pdf"]


def _document(org, number: str, title: str, filename: str):
    data = documents.DocumentInput(
        number=number,
        kind=DocumentKind.GUIDANCE,
        issued_on=datetime.date(2025, 3, 2),
        issuer=org.name,
        title=title,
    )
    return documents.document_create(actor=None, org=org, data=data, upload=SimpleUploadedFile(filename, PDF))


def build(cast) -> None:
    cast.document_lib_a = _document(
        cast.district_a, "03-HD/HU", "Hướng dẫn học tập chuyên đề An Bình", "vb-anh.pdf"
    )
    cast.document_lib_b = _document(
        cast.district_b, "04-HD/HU", "Hướng dẫn bảo vệ rừng Phja Đén", "vanban-bimat.pdf"
    )


def MIRROR(cast) -> dict:
    return {"library_document_id": cast.document_lib_a.pk}
