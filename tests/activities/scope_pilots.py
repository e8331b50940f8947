"""Scope rules of the pilot-model pages for tests/test_scope.py: routes, secrets, one model per district."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheobac.activities.services import pilots

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

ROUTES = {
    "activities:pilot-list": "self",
    "activities:pilot-create": "query",
    "activities:pilot-detail": lambda c: {"pilot_id": c.pilot_b.pk},
    "activities:pilot-edit": lambda c: {"pilot_id": c.pilot_b.pk},
    "activities:pilot-file": lambda c: {"pilot_file_id": c.pilot_b.files.get().pk},
}

SECRETS = ["Mô hình nuôi ong Pác Nặm", "mohinh-bimat.png"]


def _pilot(org, name: str, filename: str):
    return pilots.pilot_create(
        actor=None,
        org=org,
        data=pilots.PilotInput(name=name, started_on=datetime.date(2025, 4, 1), field="Kinh tế"),
        files=[SimpleUploadedFile(filename, PNG)],
    )


def build(cast) -> None:
    cast.pilot_a = _pilot(cast.commune_a1, "Mô hình dân vận khéo Lục Bình", "mohinh-anh.png")
    cast.pilot_b = _pilot(cast.commune_b1, "Mô hình nuôi ong Pác Nặm", "mohinh-bimat.png")


def MIRROR(cast) -> dict:
    return {"pilot_id": cast.pilot_a.pk, "pilot_file_id": cast.pilot_a.files.get().pk}
