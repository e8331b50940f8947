"""How a queued task stands, for the pages that show the job it runs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django_tasks_db.models import DBTaskResult


@dataclass(frozen=True)
class TaskState:
    status: str  # READY, RUNNING, SUCCESSFUL, FAILED
    attempts: int  # how many times a worker took it up

    @property
    def waiting(self) -> bool:
        return self.status == "READY"

    @property
    def attempt(self) -> int:
        """The attempt now running, or next to run."""
        return self.attempts + 1 if self.waiting else self.attempts

    @property
    def retrying(self) -> bool:
        """Cut short once at least and queued again (waiting or running)."""
        return self.attempt > 1 and self.status in ("READY", "RUNNING")


def task_state(task_id) -> TaskState | None:
    """The state of a task of the database queue; None for none (or one run in the process itself)."""
    key = _uuid(task_id)
    if key is None:
        return None
    row = DBTaskResult.objects.filter(pk=key).values_list("status", "worker_ids").first()
    if row is None:
        return None
    status, worker_ids = row
    return TaskState(status=status, attempts=len(worker_ids or []))


def live_tasks(task_ids) -> set[str]:
    """Those of ``task_ids`` (as given) still waiting or running on the database queue."""
    keys = {key: task_id for task_id in task_ids if (key := _uuid(task_id)) is not None}
    if not keys:
        return set()
    live = DBTaskResult.objects.filter(pk__in=list(keys), status__in=["READY", "RUNNING"])
    return {keys[pk] for pk in live.values_list("pk", flat=True)}


def _uuid(task_id) -> uuid.UUID | None:
    """The id of a database task; None for another backend's (the immediate one's are no UUIDs)."""
    try:
        return uuid.UUID(str(task_id)) if task_id else None
    except ValueError:
        return None
