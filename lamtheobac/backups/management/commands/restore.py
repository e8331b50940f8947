"""``python manage.py restore FOLDER``: put back the database and the uploaded files of a backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lamtheobac.backups import engine


class Command(BaseCommand):
    help = (
        "Khôi phục cơ sở dữ liệu và tệp đính kèm từ một bản sao lưu (thay thế toàn bộ dữ liệu hiện có). "
        "Restore a backup made by `backup`, replacing all current data."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--yes", action="store_true", help="không hỏi lại")

    def handle(self, *args, folder: Path, yes: bool, **options):
        try:
            manifest = engine.check(folder)
        except engine.BackupError as exc:
            raise CommandError(f"Không khôi phục được: {exc}") from exc
        if not yes:
            answer = input(
                f"Toàn bộ dữ liệu hiện có sẽ được thay bằng bản sao lưu lúc {manifest['made']}. Gõ 'co' để tiếp tục: "
            )
            if answer.strip().lower() not in ("co", "có"):
                raise CommandError("Đã hủy.")
        try:
            engine.restore(folder)
        except engine.BackupError as exc:
            raise CommandError(f"Khôi phục không thành công: {exc}") from exc
        self.stdout.write(f"Đã khôi phục bản sao lưu lúc {manifest['made']} từ {folder}")
