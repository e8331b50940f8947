"""What the import commands share: the file, the org to import under, --sheet and --dry-run."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lamtheobac.imports import selectors
from lamtheobac.lib import legacy
from lamtheobac.lib.formatting import number
from lamtheobac.organisation.models import Org


class ImportCommand(BaseCommand):
    kind: str  # ImportKind

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="Tệp .xlsx hoặc .csv (UTF-8)")
        parser.add_argument("--under", required=True, metavar="ORG_CODE", help="Mã tổ chức nhận dữ liệu")
        parser.add_argument("--sheet", help="Tên trang tính (mặc định: trang đầu tiên)")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì")

    def handle(self, *args, file: str, under: str, sheet: str | None, dry_run: bool, **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        org = Org.objects.filter(code=under).first()
        if org is None:
            raise CommandError(f"Không có tổ chức mã {under}.")
        self.path = path
        with path.open("rb") as stream:
            self.run(stream, path.name, org, sheet, dry_run)

    @staticmethod
    def n(value: int) -> str:
        return number(value)

    def run(self, stream, filename: str, under: Org, sheet: str | None, dry_run: bool) -> None:
        raise NotImplementedError

    def report(self, result, *, dry_run: bool) -> bool:
        """Print the problems and the summary; False when nothing is to be written (raises when the file
        or one of its rows is refused, so that the exit status says so)."""
        if result.problems and not result.problems[0].row:
            raise CommandError(result.problems[0].message)  # the file itself cannot be read
        for problem in result.problems:
            self.stderr.write(str(problem))
        for note in result.notes:
            self.stdout.write(f"Ghi chú — {note}")
        for warning in result.warnings:
            self.stderr.write(f"Cần xem lại: {warning}")
        if dry_run:  # what each update would change, for every person or org updated
            for row, who, what, was, now in selectors.change_rows(self.kind, result.changes):
                self.stdout.write(
                    f"Dòng {row}, {who} — {what}: {was if was != '' else '—'} → {now if now != '' else '—'}"
                )
        if result.encoding:
            self.stdout.write(f"Tệp gõ theo bảng mã {legacy.NAMES[result.encoding]}: đã chuyển sang Unicode.")
        self.summary = (
            f"Trang tính “{result.sheet_label or result.sheet}”: {self.n(result.rows)} dòng; thêm mới {self.n(result.added)}, "
            f"cập nhật {self.n(len(result.updates))}, không đổi {self.n(result.unchanged)}, "
            f"lỗi {self.n(len(result.problems))}."
        )
        if dry_run:
            self.stdout.write(self.summary + " Chạy thử (--dry-run): chưa ghi gì.")
            if not result.ok:
                raise CommandError("Có dòng lỗi: hãy sửa rồi nhập lại.")
            return False
        if not result.ok:
            raise CommandError(self.summary + " Không nhập gì: hãy sửa các dòng lỗi rồi nhập lại.")
        return True

    def keep(self, kind: str, under: Org | None, result) -> None:
        """Keep the file and the log of an import done, with those made in the browser. A refused or dry
        run leaves the database exactly as it was: its problems are printed, nothing is kept."""
        from lamtheobac.imports import services

        if under is not None:
            services.job_record(kind=kind, under=under, path=self.path, result=result)
        self.stdout.write(self.summary + " Đã nhập.")
