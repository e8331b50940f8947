"""Scope rules of the inspection pages for tests/test_scope.py: routes, secrets, one inspection per district."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheobac.activities.models import InspectionKind
from lamtheobac.activities.services import inspections

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

ROUTES = {
    "activities:inspection-list": "self",
    "activities:inspection-create": "query",
    "activities:inspection-detail": lambda c: {"inspection_id": c.inspection_b.pk},
    "activities:inspection-edit": lambda c: {"inspection_id": c.inspection_b.pk},
    "activities:inspection-record": lambda c: {"inspection_id": c.inspection_b.pk},
    "activities:inspection-answer": lambda c: {"inspection_id": c.inspection_b.pk},
    "activities:inspection-close": lambda c: {"inspection_id": c.inspection_b.pk},
    "activities:inspection-file": lambda c: {"inspection_file_id": c.inspection_b.files.get().pk},
}

SECRETS = ["Sai phạm quỹ đất Cốc Xả", "kiemtra-bimat.png"]


def _inspection(org, target, findings: str, filename: str):
    inspection = inspections.inspection_plan(
        actor=None,
        org=org,
        data=inspections.PlanInput(target=target, year=2025, kind=InspectionKind.INSPECTION, planned_month=5),
    )
    data = inspections.RecordInput(
        executed_on=datetime.date(2025, 5, 20), team="Ủy ban Kiểm tra", findings=findings,
        conclusion="Cơ bản thực hiện tốt", recommendations="Khắc phục hạn chế",
        follow_up_due=datetime.date(2025, 7, 1),
    )  # fmt: skip
    return inspections.inspection_record(
        actor=None, inspection=inspection, data=data, files=[SimpleUploadedFile(filename, PNG)]
    )


def build(cast) -> None:
    cast.inspection_a = _inspection(
        cast.district_a, cast.commune_a1, "Ưu điểm: học tập nghiêm túc", "kt-anh.png"
    )
    cast.inspection_b = _inspection(
        cast.district_b, cast.commune_b1, "Sai phạm quỹ đất Cốc Xả", "kiemtra-bimat.png"
    )


def MIRROR(cast) -> dict:
    return {"inspection_id": cast.inspection_a.pk, "inspection_file_id": cast.inspection_a.files.get().pk}
