"""Big exports on the task queue: a people list of more than ``EXPORT_QUEUE_FROM`` rows (a province's,
300,000) and the dashboard workbook of an org with more than that many orgs in its tree (the country's,
302,000) are written to a file by a worker (``tasks.export_people``, ``reports.tasks.export_dashboard``)
instead of inside the request, with their progress on the export's page, and downloaded from there once
ready. Each kind's rows come from its own app (``export_run``'s ``write``).

The file is written aside (``.part``) and moved into place only when whole, in the same step as the export
is marked done: a worker killed midway leaves no file, the queue runs the task again from the start or
marks it failed (``jobs.services.tasks_recover``), and the export says so. The rows are read again with the
rights of the user who asked, as they stand when the worker runs (a right lost meanwhile is not used)."""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from lamtheobac.jobs import selectors as queue
from lamtheobac.jobs import services as queue_care
from lamtheobac.lib import xlsx

from .. import access, exports, selectors
from ..models import Export, ExportStatus, Org
from ..roles import Cap

logger = logging.getLogger(__name__)

PEOPLE = "people"
DASHBOARD = "dashboard"
PROGRESS_EVERY = 1000  # rows between two writes of the progress
ERR_EXPORT_FAILED = gettext_lazy("Xuất danh sách không thành công; xin yêu cầu xuất lại.")
ERR_EXPORT_GONE = gettext_lazy("Người yêu cầu không còn quyền xem danh sách này; không xuất được.")
# ``write(stream, export, user, progress)`` writes the file of ``export`` as ``user`` may see it now and
# returns how many rows it wrote; it raises PermissionDenied when the user no longer may.
Write = Callable[[BinaryIO, Export, Any, Callable[[int], None]], int]


def export_request(
    *, actor, org: Org, kind: str, params: dict, total: int, filename: str, sensitive: bool, task
) -> Export:
    """Queue an export of ``kind`` (its ``task`` takes the export's id) and return it."""
    with transaction.atomic():
        export = Export.objects.create(
            kind=kind,
            org=org,
            requested_by=actor,
            params=params,
            total=total,
            filename=filename,
            sensitive=sensitive,
        )
        result = task.enqueue(export.pk)
        Export.objects.filter(pk=export.pk).update(task_id=str(result.id))
        export.task_id = str(result.id)
    return export


def export_people_request(
    *, actor, org: Org | None, query: str = "", kind: str = "", active: bool | None = True, filename: str
) -> Export | None:
    """Queue the people list ``actor`` sees under ``org`` (filtered as on the page) if it has more than
    ``settings.EXPORT_QUEUE_FROM`` rows; None when it is small enough to be written in the request. Only
    for an org (the whole scope of an admin is exported per org)."""
    if org is None:
        return None
    people = selectors.person_list(user=actor, query=query, org=org, kind=kind, active=active)
    total = people.count()
    if total <= settings.EXPORT_QUEUE_FROM:
        return None
    from lamtheobac.organisation import tasks  # tasks import this module

    return export_request(
        actor=actor,
        org=org,
        kind=PEOPLE,
        params={"query": query, "kind": kind, "active": active},
        total=total,
        filename=filename,
        sensitive=access.can(actor, Cap.VIEW_SENSITIVE, org),
        task=tasks.export_people,
    )


def _write_people(stream: BinaryIO, export: Export, user, progress: Callable[[int], None]) -> int:
    params = export.params
    people = selectors.person_list(
        user=user,
        query=params.get("query", ""),
        org=export.org,
        kind=params.get("kind", ""),
        active=params.get("active", True),
    )
    Export.objects.filter(pk=export.pk).update(total=people.count())
    return xlsx.write_streamed(
        stream, exports.people_sheet(user, people), progress=progress, every=PROGRESS_EVERY
    )


def export_people_run(export_id: int) -> None:
    export_run(export_id, _write_people)


def export_run(export_id: int, write: Write) -> None:
    """Write the export's file with ``write`` (the task's body; safe to run again: it starts afresh)."""
    export = Export.objects.select_related("org", "requested_by").get(pk=export_id)
    if export.status == ExportStatus.DONE:
        return
    user = get_user_model().objects.get(pk=export.requested_by_id)
    Export.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING, done=0, message="")
    folder = Path(settings.MEDIA_ROOT) / "exports" / timezone.localdate().strftime("%Y/%m")
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.xlsx"
    part = folder / f"{name}.part"

    def progress(done: int) -> None:
        total = Export.objects.filter(pk=export.pk).values_list("total", flat=True).first() or 0
        Export.objects.filter(pk=export.pk).update(done=done)
        if total and done * 10 // total > (done - PROGRESS_EVERY) * 10 // total:  # a log line per 10 %
            logger.info(
                "%s số %s (%s): %s/%s %s", export.title, export.pk, export.filename, done, total, export.unit
            )

    try:
        with open(part, "wb") as stream:
            written = write(stream, export, user, progress)
        os.replace(part, folder / name)
        logger.info(
            "%s số %s (%s): xong, %s %s", export.title, export.pk, export.filename, written, export.unit
        )
        relative = (folder / name).relative_to(settings.MEDIA_ROOT).as_posix()
        Export.objects.filter(pk=export.pk).update(
            status=ExportStatus.DONE, done=written, total=written, file=relative, finished_at=timezone.now()
        )
    except PermissionDenied:
        part.unlink(missing_ok=True)
        Export.objects.filter(pk=export.pk).update(
            status=ExportStatus.FAILED, message=str(ERR_EXPORT_GONE), finished_at=timezone.now()
        )
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def export_fail_from_task(*, export_id: int, message: str = "") -> int:
    """Mark failed an export whose task failed (a fault, or cut short on its last attempt)."""
    return Export.objects.filter(
        pk=export_id, status__in=[ExportStatus.WAITING, ExportStatus.RUNNING]
    ).update(
        status=ExportStatus.FAILED, message=message or str(ERR_EXPORT_FAILED), finished_at=timezone.now()
    )


def export_task_state(*, export: Export) -> queue.TaskState | None:
    """How the export's task stands, once the tasks of dead workers are requeued or failed (the page that
    shows the export calls it: a killed worker leaves no export "in progress" for ever)."""
    if not export.busy:
        return None
    queue_care.tasks_recover()
    export.refresh_from_db()
    return queue.task_state(export.task_id) if export.busy else None
