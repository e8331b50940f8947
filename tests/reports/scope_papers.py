"""Scope rules of a record's papers (registration to sign, HD 43 review section, a cell's), the signed scans
and the theme catalogue, for tests/test_scope.py."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheobac.cycle import services
from lamtheobac.cycle.models import ThemeKind

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

ROUTES = {
    "reports:record-registration-docx": lambda c: {"record_id": c.b.record.pk},
    "reports:record-review-docx": lambda c: {"record_id": c.b.record.pk},
    "reports:cell-registration-docx": lambda c: {"org_id": c.cell_b1.pk, "year": 2026},
    "reports:cell-review-docx": lambda c: {"org_id": c.cell_b1.pk, "year": 2026},
    "cycle:signed-copy-add": lambda c: {"record_id": c.b.record.pk},
    "cycle:signed-copy-download": lambda c: {"copy_id": c.signed_b.pk},
    "cycle:theme-list": lambda c: {"org_id": c.district_b.pk},
}

SECRETS = ["ky-bimat.png", "Chuyên đề kín Bắc Sơn"]


def build(cast) -> None:
    """A signed scan of each district's record; a whole-term theme in district B's catalogue. Only in the scope
    world, whose records these are (``cast.a``, ``cast.b``): the form fuzzing builds the areas without them."""
    if not hasattr(cast, "a"):
        return
    cast.signed_a = services.signed_copy_attach(
        actor=None, record=cast.a.record, upload=SimpleUploadedFile("ky-anh.png", PNG)
    )
    cast.signed_b = services.signed_copy_attach(
        actor=None, record=cast.b.record, upload=SimpleUploadedFile("ky-bimat.png", PNG)
    )
    services.theme_create(
        actor=None, org=cast.district_b, kind=ThemeKind.TERM, title="Chuyên đề kín Bắc Sơn",
        first_year=2026, last_year=2026,
    )  # fmt: skip


def MIRROR(cast) -> dict:
    return {"copy_id": cast.signed_a.pk, "year": 2026}
