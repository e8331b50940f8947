"""Scope rules of the import pages for tests/test_scope.py: one import kept in each district."""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheobac.imports import pending, services
from lamtheobac.imports.models import ImportKind
from lamtheobac.imports.services import reorganise as reorg

ROUTES = {
    "imports:home": "self",
    "imports:template-orgs": "self",
    "imports:template-people": "self",
    "imports:detail": lambda c: {"job_id": c.import_b.pk},
    "imports:run": lambda c: {"job_id": c.import_b.pk},
    "imports:recheck": lambda c: {"job_id": c.import_b.pk},
    "imports:file": lambda c: {"job_id": c.import_b.pk},
    # the orgs are named in the uploaded file: refused by row outside the scope (test_reorganise_views.py);
    # members, leaders and inspectors get 403
    "imports:reorganise": "query",
    "imports:reorganise-template": "self",
    # a checked file lives in the session of whoever checked it: any other session gets 404
    "imports:reorganise-preview": lambda c: {"key": c.reorganisation_b},
    "imports:reorganise-apply": lambda c: {"key": c.reorganisation_b},
}

SECRETS = ["danh-sach-bi-mat.csv", "sap-xep-bi-mat.csv"]


def _job(org, name: str, person_name: str):
    content = f"Họ và tên,Đối tượng,Mã tổ chức\n{person_name},Đảng viên chính thức,{org.code}\n".encode()
    return services.job_create(
        actor=None, kind=ImportKind.PEOPLE, under=org, upload=SimpleUploadedFile(name, content)
    )


def _checked(user, org) -> str:
    """A reorganisation file renaming ``org``, checked by ``user`` and kept in their own session: its key."""
    lines, problems = reorg.read_items(
        [{"op": "đổi tên", "code": org.code, "new_name": "Tên Mới", "date": "01/07/2025"}]
    )
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    key = pending.keep(session, lines=lines, problems=problems, reason="", source="sap-xep-bi-mat.csv")
    session.save()
    return key


def build(cast) -> None:
    cast.import_a = _job(cast.district_a, "danh-sach-an-binh.csv", "Hoàng Văn Nhập")
    cast.import_b = _job(cast.district_b, "danh-sach-bi-mat.csv", "Bí Mật Nhập")
    cast.reorganisation_a = _checked(cast.officer, cast.commune_a1)
    cast.reorganisation_b = _checked(cast.outsider, cast.commune_b1)


def MIRROR(cast) -> dict:
    return {"job_id": cast.import_a.pk, "key": cast.reorganisation_a}
