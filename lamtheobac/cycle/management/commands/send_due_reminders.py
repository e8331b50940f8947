"""python manage.py send_due_reminders — queue the day's reminders (for cron or a systemd timer; the workers
also queue them once a day by themselves). Running it twice a day sends nothing twice."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from lamtheobac.cycle import tasks
from lamtheobac.cycle.services import reminders


class Command(BaseCommand):
    help = (
        "Gửi các lời nhắc đến hạn trong ngày (trước hạn và quá hạn): đưa vào hàng đợi, hoặc gửi ngay với "
        "--here. Chạy nhiều lần trong ngày không gửi trùng."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", default="", help="Ngày nhắc, dạng YYYY-MM-DD (mặc định: hôm nay).")
        parser.add_argument("--here", action="store_true", help="Gửi ngay trong tiến trình này.")

    def handle(self, *args, **options) -> None:
        day = options["date"]
        try:
            when = datetime.date.fromisoformat(day) if day else None
        except ValueError:
            raise CommandError("Ngày không hợp lệ (cần dạng YYYY-MM-DD).") from None
        if not options["here"]:
            result = tasks.send_due_reminders.enqueue(day)
            self.stdout.write(f"Đã đưa việc gửi nhắc nhở vào hàng đợi (mã công việc {result.id}).")
            return
        done = reminders.reminders_send_due(today=when)
        self.stdout.write(
            f"Ngày {done.day:%d/%m/%Y}: {done.sent} lời nhắc mới, {done.already} đã gửi trước đó, "
            f"{done.mailed} thư điện tử."
        )
