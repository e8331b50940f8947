"""python manage.py worker — run the queued tasks (imports, quality refresh, reminders); several may run,
on one host or several, sharing the queue in the database.

The database worker of ``django_tasks_db`` with a heartbeat: on start, and with every beat, the tasks a dead
worker left running are queued again or marked failed (``lamtheobac.jobs.services.tasks_recover``), and the
day's tasks (``settings.DAILY_TASKS``: the reminders) are queued once a day, whichever worker comes first.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import DatabaseError, connection
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from lamtheobac.jobs import services

logger = logging.getLogger("lamtheobac.jobs")


class Command(DatabaseWorker):
    help = (
        "Chạy các công việc trong hàng đợi (nhập dữ liệu, tính lại chất lượng, gửi nhắc nhở). Có thể chạy "
        "nhiều tiến trình trên nhiều máy cùng lúc."
    )

    def handle(self, *args, **options) -> None:
        # A worker reloaded on a code change would leave its task cut short: restart it instead.
        options["reload"] = False
        worker_id = options["worker_id"]
        self._show_progress(options.get("verbosity", 1))
        # Tasks under this very id are of a previous life (a service restarted with a fixed --worker-id).
        found = services.tasks_recover(restarted=worker_id)
        services.worker_beat(worker_id=worker_id)
        services.daily_tasks_enqueue()
        if found.retried or found.failed:
            self.stdout.write(
                f"Công việc bị gián đoạn: {found.retried} được chạy lại, {found.failed} đánh dấu thất bại."
            )
        stop = threading.Event()
        beat = threading.Thread(target=self._beat, args=(worker_id, stop), daemon=True, name="worker-beat")
        beat.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
            beat.join(timeout=5)
            services.worker_gone(worker_id=worker_id)

    def _show_progress(self, verbosity: int) -> None:
        """The tasks' own progress lines (``lamtheobac`` loggers at INFO) on the worker's output."""
        if verbosity < 1:
            return
        app_logger = logging.getLogger("lamtheobac")
        app_logger.setLevel(logging.INFO)
        app_logger.propagate = False  # not twice, once here and once by the root's console handler
        handler = logging.StreamHandler(self.stdout)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
        app_logger.addHandler(handler)

    @staticmethod
    def _beat(worker_id: str, stop: threading.Event) -> None:
        """The heartbeat, from a thread and a connection of its own: a task may hold a long transaction."""
        try:
            while not stop.wait(settings.WORKER_BEAT_SECONDS):
                try:
                    services.worker_beat(worker_id=worker_id)
                    services.tasks_recover(keep=worker_id)
                    services.daily_tasks_enqueue()
                except DatabaseError:  # SQLite: a task holds the write lock; the next beat will do
                    logger.warning("worker %s: heartbeat not written", worker_id)
        finally:
            connection.close()
