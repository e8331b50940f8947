"""``python manage.py backup``: the database and the uploaded files, to a folder that ``restore`` reads."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lamtheobac.backups import engine


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và tệp đính kèm vào một thư mục (mặc định BACKUP_DIR), giữ --keep bản mới nhất. "
        "Back up the database and uploaded files; keep the newest --keep backups."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dest", type=Path, default=None, help="thư mục chứa bản sao lưu")
        parser.add_argument("--keep", type=int, default=14, help="số bản sao lưu giữ lại (0: giữ tất cả)")

    def handle(self, *args, dest: Path | None, keep: int, **options):
        try:
            made = engine.make(dest or Path(settings.BACKUP_DIR), keep=keep or None)
        except engine.BackupError as exc:
            raise CommandError(f"Sao lưu không thành công: {exc}") from exc
        self.stdout.write(f"Đã sao lưu: {made.folder} ({made.size / 2**20:.1f} MB)")
