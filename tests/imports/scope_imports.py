"""Scope rules of the import pages for tests/test_scope.py: one import kept in each district."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheobac.imports import services
from lamtheobac.imports.models import ImportKind

ROUTES = {
    "imports:home": "self",
    "imports:template-orgs": "self",
    "imports:template-people": "self",
    "imports:detail": lambda c: {"job_id": c.import_b.pk},
    "imports:run": lambda c: {"job_id": c.import_b.pk},
    "imports:recheck": lambda c: {"job_id": c.import_b.pk},
    "imports:file": lambda c: {"job_id": c.import_b.pk},
}

SECRETS = ["danh-sach-bi-mat.csv"]


def _job(org, name: str, person_name: str):
    content = f"Họ và tên,Đối tượng,Mã tổ chức\n{person_name},Đảng viên chính thức,{org.code}\n".encode()
    return services.job_create(
        actor=None, kind=ImportKind.PEOPLE, under=org, upload=SimpleUploadedFile(name, content)
    )


def build(cast) -> None:
    cast.import_a = _job(cast.district_a, "danh-sach-an-binh.csv", "Hoàng Văn Nhập")
    cast.import_b = _job(cast.district_b, "danh-sach-bi-mat.csv", "Bí Mật Nhập")


def MIRROR(cast) -> dict:
    return {"job_id": cast.import_a.pk}
