"""python manage.py import_orgs FILE --under ORG_CODE [--sheet NAME] [--dry-run]"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from lamtheobac.imports.models import ImportKind
from lamtheobac.imports.services import orgs
from lamtheobac.organisation.models import Org

from ._common import ImportCommand


class Command(ImportCommand):
    kind = ImportKind.ORGS
    help = (
        "Nhập cây tổ chức từ tệp Excel (.xlsx) hoặc CSV vào một tổ chức. Với cơ sở dữ liệu trống, --under là "
        "mã của tổ chức gốc có trong tệp (dòng không có mã cấp trên)."
    )

    def handle(self, *args, file: str, under: str, sheet: str | None, dry_run: bool, **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        org = Org.objects.filter(code=under).first()
        self.path = path
        with path.open("rb") as stream:
            self.run(stream, path.name, org or under, sheet, dry_run)

    def run(self, stream, filename: str, under, sheet: str | None, dry_run: bool) -> None:
        result = orgs.plan(stream, filename, under, sheet=sheet)
        if self.report(result, dry_run=dry_run):
            try:
                top = orgs.apply(result, under if isinstance(under, Org) else None)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages) + " Không nhập gì.") from exc
            self.keep(ImportKind.ORGS, top, result)
