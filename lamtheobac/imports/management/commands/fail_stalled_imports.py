"""python manage.py fail_stalled_imports — imports cut short (a restart, a crash) marked failed."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from lamtheobac.imports import services


class Command(BaseCommand):
    help = (
        "Đánh dấu “Không nhập được” các lần nhập đang xử lý mà đã lâu không còn chạy (máy chủ khởi động lại "
        "giữa chừng). Chạy khi khởi động máy chủ hoặc định kỳ."
    )

    def handle(self, *args, **options) -> None:
        count = services.jobs_fail_stalled()
        self.stdout.write(f"Đã đánh dấu {count} lần nhập bị gián đoạn.")
