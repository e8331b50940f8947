"""The workers of the task queue, each with its heartbeat: how a task left running by a dead worker is known.

The tasks themselves are the rows of ``django_tasks_db`` (``DBTaskResult``); a worker claims one by adding
its id to the row's ``worker_ids``, so the last id there names the worker running it.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class WorkerBeat(models.Model):
    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    beat_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-beat_at"]

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"
