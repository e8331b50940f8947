"""``manage.py reorganise FILE [--dry-run] [--reason TEXT]``: apply a reorganisation file (see
``lamtheobac.imports.services.reorganise``) in one transaction, or refuse it with nothing written.

Prints each problem by row and exits with status 1 when anything is refused; otherwise prints what changed
(or would change, with ``--dry-run``) and the figures of the last year before the change, which stay equal.
Run by whoever runs the server: it acts as an administrator (a change dated in a closed year needs
``--reason``)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lamtheobac.imports import reader
from lamtheobac.imports.services import reorganise as reorg
from lamtheobac.lib.formatting import number


class Command(BaseCommand):
    help = "Sắp xếp tổ chức theo tệp (thành lập, hợp nhất, chuyển, đổi tên, chia tách, giải thể), tất cả hoặc không."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="Tệp .xlsx hoặc .csv (UTF-8)")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì")
        parser.add_argument(
            "--reason", default="", help="Lý do (bắt buộc khi ngày hiệu lực ở năm đã khóa sổ)"
        )

    def handle(self, *args, file: str, dry_run: bool, reason: str, **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        try:
            with path.open("rb") as stream:
                lines, problems = reorg.read_file(stream, path.name)
        except reader.ReadError as exc:
            raise CommandError(exc.message) from exc
        outcome = reorg.run(
            lines, actor=None, dry_run=dry_run, reason=reason, source=path.name, problems=problems
        )
        self.show(outcome)
        if not outcome.ok:
            raise CommandError(f"Không ghi gì: {number(len(outcome.problems))} lỗi.", returncode=1)
        if outcome.applied:
            self.stdout.write(f"Đã sắp xếp: {number(len(lines))} thay đổi.")
        else:
            self.stdout.write(
                f"Kiểm tra xong, chưa ghi gì (--dry-run): {number(len(lines))} thay đổi hợp lệ."
            )

    def show(self, outcome: reorg.Outcome) -> None:
        for problem in outcome.problems:
            self.stderr.write(str(problem))
        for change in outcome.changes:
            if change.before != change.after:
                self.stdout.write(f"{change.code}: {change.before} → {change.after}")
        if outcome.people_moving:
            self.stdout.write(
                f"Cá nhân chuyển theo: {number(outcome.people_moving)}; bản cam kết chuyển theo: "
                f"{number(outcome.records_moving)}"
            )
        for grant in outcome.grants_ending:
            self.stdout.write(f"Phân quyền kết thúc: {grant}")
        for totals in outcome.totals:
            mark = "bằng nhau" if totals.equal else "KHÁC NHAU"
            shown = ", ".join(f"{k} {number(v)}" for k, v in totals.after.items())
            self.stdout.write(f"{totals.label}: trước và sau {mark} ({shown})")
