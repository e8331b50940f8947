"""The organisation app keeping its own time: every save of an org or a person brings its ``OrgSpan`` or
``Membership`` rows in step (``timeline``), before any other app's receiver of the same save runs (this app is
ready first, so its receivers are connected first: the counters that read the rows see them written)."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished

from lamtheobac.jobs.services import failure_message

from . import services
from .models import Org, Person


def _writes(update_fields, names: set[str]) -> bool:
    """Whether a save with ``update_fields`` may have written any of the fields ``names``."""
    return update_fields is None or bool(names & set(update_fields))


@receiver(post_save, sender=Org, dispatch_uid="organisation.org_timeline")
def org_saved(sender, instance: Org, raw: bool = False, update_fields=None, **kwargs) -> None:
    if not raw and _writes(
        update_fields, {"parent", "path", "name", "kind", "ended_on", "began_on", "active"}
    ):
        services.sync_spans([instance], getattr(instance, "effective_on", None))


@receiver(post_save, sender=Person, dispatch_uid="organisation.person_timeline")
def person_saved(sender, instance: Person, raw: bool = False, update_fields=None, **kwargs) -> None:
    if not raw and _writes(update_fields, {"org", "kind", "active"}):
        services.sync_memberships(
            [instance], getattr(instance, "effective_on", None), joined=getattr(instance, "joined_on", None)
        )


@receiver(task_finished, dispatch_uid="organisation_export_failed")
def export_failed_with_its_task(sender, task_result, **kwargs) -> None:
    """An export whose task failed (a fault, or cut short by a dead worker on its last attempt) says so."""
    from . import tasks  # tasks import the services, which import the models: ready only now

    if task_result.status != TaskResultStatus.FAILED or task_result.task.module_path != (
        tasks.export_people.module_path
    ):
        return
    services.export_fail_from_task(export_id=task_result.args[0], message=failure_message(task_result))
