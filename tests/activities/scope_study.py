"""Scope rules of the study pages for tests/test_scope.py: routes, secrets, and one session per district."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheobac.activities.models import AttendanceStatus, StudyKind
from lamtheobac.activities.services import study

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

ROUTES = {
    "activities:study-list": "self",
    "activities:study-coverage": "self",
    "activities:study-create": "query",
    "activities:study-detail": lambda c: {"session_id": c.study_b.pk},
    "activities:study-edit": lambda c: {"session_id": c.study_b.pk},
    "activities:study-file": lambda c: {"study_file_id": c.study_b.files.get().pk},
}

SECRETS = ["Sinh hoạt bí truyền Pác Nặm", "hoc-bimat.png"]


def _session(org, person, topic: str, filename: str):
    return study.study_create(
        actor=None,
        org=org,
        data=study.StudyInput(held_on=datetime.date(2026, 3, 5), kind=StudyKind.THEMATIC, topic=topic),
        attendance=[(person.pk, AttendanceStatus.PRESENT)],
        files=[SimpleUploadedFile(filename, PNG)],
    )


def build(cast) -> None:
    cast.study_a = _session(cast.cell_a1, cast.member_person, "Học tập chuyên đề Nà Pài", "hoc-anh.png")
    cast.study_b = _session(cast.cell_b1, cast.secret_person, "Sinh hoạt bí truyền Pác Nặm", "hoc-bimat.png")


def MIRROR(cast) -> dict:
    return {"session_id": cast.study_a.pk, "study_file_id": cast.study_a.files.get().pk}
