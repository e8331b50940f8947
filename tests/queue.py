"""The task queue in the tests: a worker run in the test process until the queue is empty (with the
``db_queue`` fixture of ``conftest.py``, which puts the database backend in place of the immediate one)."""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Worker


def run_worker(worker_id: str = "live-worker") -> None:
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    ).run()
