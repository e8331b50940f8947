"""``manage.py quality_refresh``: recount the quality of every plan and commitment.

Records are kept up to date as they change; run this after the rules, the stock phrase list or the
suggestions change, or after data was loaded behind the application's back; ``--queue`` leaves it to a
worker of the task queue (``reports.tasks.quality_refresh_all``). It lives with the reports (not
with ``quality``) because it then reconciles the dashboard's maintained counts, which read these figures."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from lamtheobac.lib.formatting import number, percent
from lamtheobac.quality.services import refresh_all
from lamtheobac.reports import tasks
from lamtheobac.reports.services import counters


class Command(BaseCommand):
    help = "Đánh giá lại chất lượng mọi kế hoạch, bản cam kết (việc làm cụ thể, giống năm trước, giống nhau)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--queue", action="store_true", help="Đưa vào hàng đợi để tiến trình xử lý (worker) làm."
        )

    def handle(self, *args, **options) -> None:
        if options["queue"]:
            result = tasks.quality_refresh_all.enqueue()
            self.stdout.write(f"Đã đưa vào hàng đợi (mã công việc {result.id}).")
            return
        started = time.perf_counter()
        s = refresh_all()
        counters.reconcile()  # the dashboard's maintained counts read these figures
        self.stdout.write(
            f"Đã đánh giá {number(s.records)} kế hoạch, bản cam kết ({number(s.actions)} việc làm, "
            f"{percent(s.concrete, s.actions)} cụ thể); {number(s.copied_last_year)} bản giống năm trước; "
            f"{number(s.clusters)} nhóm bản cam kết giống nhau ({number(s.clustered)} bản) "
            f"— {time.perf_counter() - started:.1f} giây."
        )
