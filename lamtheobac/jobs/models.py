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


class DailyRun(models.Model):
    """A task the workers queue by themselves once a day (``settings.DAILY_TASKS``): this row, unique per
    task and day, is written with the queued task, so that however many workers there are, it is queued
    once a day."""

    task_path = models.CharField(max_length=255)
    day = models.DateField()
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day", "task_path"]
        constraints = [models.UniqueConstraint(fields=["task_path", "day"], name="dailyrun_once_a_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.task_path}"
