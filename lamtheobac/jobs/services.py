"""The task queue's own care: workers' heartbeats, and the tasks a dead worker left running.

A worker (``manage.py worker``) writes its heartbeat every ``WORKER_BEAT_SECONDS``. A task still marked
running whose worker has been silent for ``TASK_STALLED_AFTER_SECONDS`` (or whose worker's process is gone
from this very host) was cut short: it is queued again while it has attempts left (``TASK_MAX_ATTEMPTS``),
else marked failed with ``ERR_INTERRUPTED``, and ``task_finished`` is sent for it as for any failed task, so
that the app that queued it marks its own job failed. Every task is written so that running it again is safe
(an import writes all or nothing; a reminder is sent once per person, thing and day), so a retry never
doubles anything. Two workers sweeping at once cannot both act on one task: each change is conditional on the
row still being marked running.
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from .models import DailyRun, WorkerBeat

logger = logging.getLogger(__name__)

ERR_INTERRUPTED = gettext_lazy(
    "Bị gián đoạn: tiến trình xử lý dừng giữa chừng (khởi động lại, hỏng máy) sau %(n)s lần thử; "
    "không có gì được ghi dở."
)


class Interrupted(Exception):
    """What a task cut short by a dead worker failed with (its message is the task's traceback)."""


@dataclass
class Recovered:
    retried: int = 0
    failed: int = 0


def this_host() -> str:
    return socket.gethostname()[:255]


def worker_beat(*, worker_id: str, host: str | None = None, pid: int | None = None) -> None:
    """Write the heartbeat of a running worker (the worker itself calls it)."""
    now = timezone.now()
    updated = WorkerBeat.objects.filter(worker_id=worker_id).update(beat_at=now)
    if not updated:
        WorkerBeat.objects.create(
            worker_id=worker_id, host=host or this_host(), pid=pid or os.getpid(), started_at=now, beat_at=now
        )


def worker_gone(*, worker_id: str) -> None:
    """Forget a worker that stopped cleanly (the worker itself calls it on its way out)."""
    WorkerBeat.objects.filter(worker_id=worker_id).delete()


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process of that number: alive
        return True
    return True


def _dead_workers(worker_ids: set[str], cutoff: datetime, host: str) -> set[str]:
    """Which of ``worker_ids`` are dead: silent since ``cutoff``, unknown, or gone from this host."""
    beats = {b.worker_id: b for b in WorkerBeat.objects.filter(worker_id__in=worker_ids)}
    dead = set()
    for worker_id in worker_ids:
        beat = beats.get(worker_id)
        if beat is None or beat.beat_at < cutoff or (beat.host == host and not _process_alive(beat.pid)):
            dead.add(worker_id)
    return dead


def tasks_recover(
    *, now: datetime | None = None, keep: str = "", restarted: str = "", host: str | None = None
) -> Recovered:
    """Queue again, or mark failed, the tasks marked running whose worker is dead (see the module's text).

    Any process may call it (the workers do, at start and with each heartbeat; the pages showing a job do);
    ``keep`` is the calling worker's own id, whose tasks are never touched; ``restarted`` is the id of a
    worker starting afresh under the id it had before (a service restarted), whose tasks are of its past
    life. Returns what it did."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.TASK_STALLED_AFTER_SECONDS)
    result = Recovered()
    running = list(DBTaskResult.objects.running().values_list("id", "worker_ids", "started_at"))
    # The beats of workers long silent go (their tasks, if any, are seen to below); a slow one writes anew.
    WorkerBeat.objects.filter(beat_at__lt=cutoff).exclude(worker_id=keep).delete()
    if not running:
        return result
    last = {task_id: (ids[-1] if ids else "") for task_id, ids, _started in running}
    dead = _dead_workers({w for w in last.values() if w and w != keep}, cutoff, host or this_host())
    if restarted:
        dead.add(restarted)
    for task_id, worker_ids, started_at in running:
        worker = last[task_id]
        if worker == keep:
            continue
        if worker in dead:
            pass
        elif worker or (started_at and started_at >= cutoff):  # a live worker's, or just claimed
            continue
        if len(worker_ids) < settings.TASK_MAX_ATTEMPTS:
            result.retried += _retry(task_id)
        else:
            result.failed += _fail(task_id, attempts=len(worker_ids), now=now)
    if result.retried or result.failed:
        logger.warning("Tasks cut short by a dead worker: %s queued again, %s failed", *vars(result).values())
    return result


def _running(task_id):
    return DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.RUNNING)


def _retry(task_id) -> int:
    return _running(task_id).update(status=TaskResultStatus.READY, started_at=None)


def _fail(task_id, *, attempts: int, now: datetime) -> int:
    message = str(ERR_INTERRUPTED % {"n": attempts})
    with transaction.atomic():
        done = _running(task_id).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{Interrupted.__module__}.{Interrupted.__qualname__}",
            traceback=message,
            return_value=None,
        )
    if done:
        row = DBTaskResult.objects.get(pk=task_id)
        try:
            task_finished.send(sender=DatabaseBackend, task_result=row.task_result)
        except ImportError:  # a task whose code is gone: nobody left to tell
            logger.warning("Task %s (%s) failed: its code is gone", task_id, row.task_path)
    return done


def failure_message(task_result) -> str:
    """What to tell people about a failed task: the interruption's own message, else a generic one."""
    errors = getattr(task_result, "errors", None) or []
    error = errors[-1] if errors else None
    if error is not None and error.exception_class_path.endswith(Interrupted.__qualname__):
        return error.traceback
    return ""


def daily_tasks_enqueue(*, now: datetime | None = None) -> list[str]:
    """Queue each of ``settings.DAILY_TASKS`` not queued yet today, once the local time has passed
    ``DAILY_TASKS_AT`` (the workers call it with each heartbeat). Returns the paths it queued."""
    now = timezone.localtime(now or timezone.now())
    hour, minute = (int(x) for x in settings.DAILY_TASKS_AT.split(":"))
    if (now.hour, now.minute) < (hour, minute):
        return []
    today = now.date()
    done = set(DailyRun.objects.filter(day=today).values_list("task_path", flat=True))
    queued = []
    for path in settings.DAILY_TASKS:
        if path in done:
            continue
        try:
            with transaction.atomic():
                run = DailyRun.objects.create(task_path=path, day=today)
                result = import_string(path).enqueue()
                DailyRun.objects.filter(pk=run.pk).update(task_id=str(result.id))
        except IntegrityError:  # another worker queued it first
            continue
        queued.append(path)
        logger.info("Đã đưa việc hằng ngày vào hàng đợi: %s", path)
    return queued
