"""python manage.py import_people FILE --under ORG_CODE [--sheet NAME] [--dry-run]"""

from __future__ import annotations

from django.core.management.base import CommandError

from lamtheobac.imports import people
from lamtheobac.imports.models import ImportKind
from lamtheobac.lib import legacy

from ._common import ImportCommand


class Command(ImportCommand):
    help = "Nhập danh sách cá nhân từ tệp Excel (.xlsx) hoặc CSV vào một tổ chức và các tổ chức trực thuộc."

    def run(self, stream, filename: str, under, sheet: str | None, dry_run: bool) -> None:
        result = people.plan(stream, filename, under, sheet=sheet)
        if result.problems and not result.problems[0].row:
            raise CommandError(result.problems[0].message)  # the file itself cannot be read
        for line in people.problems_text(result.problems):
            self.stderr.write(line)
        summary = (
            f"Trang tính “{result.sheet}”: {self.n(result.rows)} dòng; thêm mới {self.n(len(result.adds))}, "
            f"cập nhật {self.n(len(result.updates))}, không đổi {self.n(result.unchanged)}, "
            f"lỗi {self.n(len(result.problems))}."
        )
        if result.encoding:
            self.stdout.write(f"Tệp gõ theo bảng mã {legacy.NAMES[result.encoding]}: đã chuyển sang Unicode.")
        if dry_run:
            self.stdout.write(summary + " Chạy thử (--dry-run): chưa ghi gì.")
            if not result.ok:
                raise CommandError("Có dòng lỗi: hãy sửa rồi nhập lại.")
            return
        if not result.ok:
            raise CommandError(summary + " Không nhập gì: hãy sửa các dòng lỗi rồi nhập lại.")
        people.apply(result)
        self.keep(ImportKind.PEOPLE, under, result)
        self.stdout.write(summary + " Đã nhập.")
