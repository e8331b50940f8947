"""Scope rules of the exemplar pages for tests/test_scope.py: routes, district-B secrets and objects."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheobac.activities.models import CommendationForm
from lamtheobac.activities.services import exemplars as services

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

ROUTES = {
    "activities:exemplar-list": "self",
    "activities:exemplar-create": "query",
    "activities:exemplar-detail": lambda c: {"exemplar_id": c.exemplar_b.pk},
    "activities:exemplar-edit": lambda c: {"exemplar_id": c.exemplar_b.pk},
    "activities:exemplar-verify": lambda c: {"exemplar_id": c.exemplar_b.pk},
    "activities:exemplar-commend": lambda c: {"exemplar_id": c.exemplar_b.pk},
    "activities:exemplar-publish": lambda c: {"exemplar_id": c.exemplar_b.pk},
    "activities:exemplar-unpublish": lambda c: {"exemplar_id": c.exemplar_b.pk},
    "activities:exemplar-photo": lambda c: {"exemplar_id": c.exemplar_b.pk},
    "activities:public-exemplars": "public",
    "activities:public-exemplar": "public",
    "activities:public-photo": "public",
    "activities:public-feed": "public",
}

SECRETS = [
    "Giữ rừng đầu nguồn Khau Lồng",
    "Cứu người trong lũ quét Nặm Cắt",
    "777-QĐ/HU-BS",
]


def _exemplar(person, title: str, achievements: str, number: str):
    exemplar = services.exemplar_nominate(
        actor=None, org=person.org, person=person, title=title, achievements=achievements,
        nominated_on=datetime.date(2026, 3, 1), story=achievements, consent=True,
        photo=SimpleUploadedFile("anh.png", PNG),
    )  # fmt: skip
    services.exemplar_verify(actor=None, exemplar=exemplar)
    services.commendation_add(
        actor=None, exemplar=exemplar, form=CommendationForm.CERTIFICATE, decision_number=number,
        decided_on=datetime.date(2026, 5, 19), issuer=person.org.name,
    )  # fmt: skip
    return exemplar


def build(cast) -> None:
    cast.exemplar_a = _exemplar(
        cast.member_person, "Vận động bà con hiến đất làm đường", "Hiến 500 m² đất", "12-QĐ/HU-AB"
    )
    cast.exemplar_b = _exemplar(
        cast.secret_person, "Giữ rừng đầu nguồn Khau Lồng", "Cứu người trong lũ quét Nặm Cắt", "777-QĐ/HU-BS"
    )


def MIRROR(cast) -> dict:
    return {"exemplar_id": cast.exemplar_a.pk}
