"""python manage.py import_people FILE --under ORG_CODE [--sheet NAME] [--dry-run]"""

from __future__ import annotations

from lamtheobac.imports.models import ImportKind
from lamtheobac.imports.services import people

from ._common import ImportCommand


class Command(ImportCommand):
    kind = ImportKind.PEOPLE
    help = "Nhập danh sách cá nhân từ tệp Excel (.xlsx) hoặc CSV vào một tổ chức và các tổ chức trực thuộc."

    def run(self, stream, filename: str, under, sheet: str | None, dry_run: bool) -> None:
        result = people.plan(stream, filename, under, sheet=sheet)
        if self.report(result, dry_run=dry_run):
            people.apply(result)
            self.keep(ImportKind.PEOPLE, under, result)
