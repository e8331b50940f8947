"""What the imports hear from the task queue: a step whose task failed (cut short by a dead worker, or a
fault outside the step's own error handling) marks its job failed, with the queue's message."""

from __future__ import annotations

from django.dispatch import receiver
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished

from lamtheobac.jobs.services import failure_message

from . import services, tasks

STEPS = {tasks.import_check.module_path, tasks.import_apply.module_path}


@receiver(task_finished, dispatch_uid="imports_task_finished")
def job_failed_with_its_task(sender, task_result, **kwargs) -> None:
    if task_result.status != TaskResultStatus.FAILED or task_result.task.module_path not in STEPS:
        return
    services.job_fail_from_task(job_id=task_result.args[0], message=failure_message(task_result))
