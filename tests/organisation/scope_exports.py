"""Scope rules of the people lists exported through the queue (asked for, followed, downloaded), for
tests/test_scope.py: district B's finished export must not open, nor name its file, for anyone outside B."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone

from lamtheobac.organisation.models import Export, ExportStatus

ROUTES = {
    "organisation:export-people": "query",  # the org is named in the POST body: tests/organisation/test_export_queue.py
    "organisation:export-detail": lambda c: {"export_id": c.export_b.pk},
    "organisation:export-download": lambda c: {"export_id": c.export_b.pk},
}

SECRETS = ["danh-sach-bimat-bac-son"]


def _export(org, user, filename: str) -> Export:
    export = Export.objects.create(
        kind="people",
        org=org,
        requested_by=user,
        status=ExportStatus.DONE,
        done=1,
        total=1,
        filename=filename,
        finished_at=timezone.now(),
    )
    export.file.save(filename, ContentFile(b"PK\x03\x04"), save=True)
    return export


def build(cast) -> None:
    """A finished people list of each district, asked for by its officer."""
    cast.export_a = _export(cast.district_a, cast.officer, "danh-sach-an-binh.xlsx")
    cast.export_b = _export(cast.district_b, cast.outsider, "danh-sach-bimat-bac-son.xlsx")


def MIRROR(cast) -> dict:
    return {"export_id": cast.export_a.pk}
