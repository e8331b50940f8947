"""Running an import: upload → check (every problem listed) → import all or nothing, each step a task of the
queue (``imports.tasks``, run by ``manage.py worker``) so that a 100,000-row file holds neither the page nor
the web process, with its progress saved for the progress bar.

The check is done again at import time: between the preview and the click, someone may have changed the
tree. A step cut short (the worker killed, the host down) is run again or marked failed by the queue
(``lamtheobac.jobs.services``); its import wrote nothing, being one transaction. The job's row follows its
task: ``receivers.py`` marks it failed when its task fails, and ``jobs_fail_stalled`` marks failed a job
whose task is gone (nor waiting nor running) and whose heartbeat is older than
``TASK_STALLED_AFTER_SECONDS`` (when the imports are read, or by ``manage.py fail_stalled_imports``), so that
nothing stays "in progress" for ever.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import PurePath
from types import ModuleType

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheobac.jobs import selectors as queue
from lamtheobac.jobs import services as queue_care
from lamtheobac.lib import text as vn
from lamtheobac.organisation.models import Org

from .. import reader, tasks
from ..models import ImportJob, ImportKind, ImportStatus
from . import orgs, people

logger = logging.getLogger(__name__)

PROBLEMS_KEPT = 1000  # the log keeps the first problems; the count says how many there were
CHANGES_KEPT = 200_000  # what each update changes, old and new value: every person of the largest file
PLANNERS: dict[str, ModuleType] = {ImportKind.ORGS: orgs, ImportKind.PEOPLE: people}
BUSY = (ImportStatus.CHECKING, ImportStatus.IMPORTING)

ERR_INTERRUPTED = gettext_lazy("Bị gián đoạn (máy chủ khởi động lại?) — hãy tải lại tệp.")
ERR_STEP_FAILED = gettext_lazy("Có lỗi khi xử lý tệp; không có gì được nhập. Hãy tải lại tệp.")


def job_create(*, actor, kind: str, under: Org, upload, sheet: str = "") -> ImportJob:
    """Keep the uploaded file under a random name and start checking it."""
    if upload.size > reader.MAX_BYTES:
        raise ValidationError(
            {
                "file": _("Tệp nặng quá %(max)s MB; hãy chia thành nhiều tệp.")
                % {"max": reader.MAX_BYTES // 1024 // 1024}
            }
        )
    try:
        found = reader.kind_of(upload, upload.name)
    except reader.ReadError as exc:
        raise ValidationError({"file": exc.message}) from None
    original = vn.clean(PurePath(upload.name).name)[:255]
    upload.name = uuid.uuid4().hex + (
        ".xlsx" if found == "xlsx" else ".csv"
    )  # stored under a name that says nothing
    job = ImportJob.objects.create(
        kind=kind, under=under, file=upload, original_name=original, sheet=sheet, created_by=actor
    )
    _start(job, tasks.import_check)
    job.refresh_from_db()
    return job


def job_recheck(*, actor, job: ImportJob, sheet: str) -> ImportJob:
    """Check the same file again on another of its sheets (the user picks the one holding the list)."""
    if job.busy or job.status == ImportStatus.DONE:
        raise ValidationError(_("Tệp này đang được xử lý hoặc đã nhập rồi."))
    if sheet not in job.sheets:
        raise ValidationError(_("Tệp không có trang tính này."))
    job.sheet, job.status, job.progress, job.message = sheet, ImportStatus.CHECKING, 0, ""
    job.problems, job.warnings, job.changes, job.notes, job.heartbeat_at = [], [], [], [], timezone.now()
    job.save()
    _start(job, tasks.import_check)
    job.refresh_from_db()
    return job


def job_import(*, actor, job: ImportJob) -> ImportJob:
    """Import a checked file (checked again first)."""
    if job.status != ImportStatus.CHECKED:
        raise ValidationError(_("Tệp này chưa kiểm tra xong hoặc đã nhập rồi."))
    job.status, job.progress, job.imported_by = ImportStatus.IMPORTING, 0, actor
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["status", "progress", "imported_by", "heartbeat_at"])
    _start(job, tasks.import_apply)
    job.refresh_from_db()
    return job


def job_record(*, kind: str, under: Org, path: PurePath, result) -> ImportJob:
    """An import made on the command line, kept and listed with those made in the browser."""
    from django.core.files import File

    now = timezone.now()
    job = ImportJob(kind=kind, under=under, original_name=path.name[:255], progress=100, checked_at=now)
    with open(path, "rb") as stream:
        job.file.save(uuid.uuid4().hex + (PurePath(path).suffix.lower() or ".xlsx"), File(stream), save=False)
    _record(job, result)
    job.status, job.imported_at = ImportStatus.DONE, now
    job.save()
    return job


def jobs_fail_stalled(*, jobs: QuerySet[ImportJob] | None = None, now: datetime | None = None) -> int:
    """Let the queue requeue or fail the tasks dead workers left running, then mark failed the running
    imports (of ``jobs``, by default all) whose task is nor waiting nor running any more and whose heartbeat
    is older than ``TASK_STALLED_AFTER_SECONDS``. Anyone reading imports may call it; returns how many
    imports it marked."""
    now = now or timezone.now()
    queue_care.tasks_recover(now=now)
    cutoff = now - timedelta(seconds=settings.TASK_STALLED_AFTER_SECONDS)
    stalled = (ImportJob.objects.all() if jobs is None else jobs).filter(
        status__in=BUSY, heartbeat_at__lt=cutoff
    )
    candidates = list(stalled.values_list("pk", "task_id"))
    live = queue.live_tasks([task_id for _pk, task_id in candidates if task_id])
    dead = [pk for pk, task_id in candidates if task_id not in live]
    return ImportJob.objects.filter(pk__in=dead, status__in=BUSY).update(
        status=ImportStatus.FAILED, message=str(ERR_INTERRUPTED), progress=100
    )


def job_fail_from_task(*, job_id: int, message: str = "") -> int:
    """Mark failed a job whose task failed (the queue's ``task_finished``; an import step catches its own
    errors, so this is a step cut short or a fault outside it). Returns 1 when the job was still running."""
    return ImportJob.objects.filter(pk=job_id, status__in=BUSY).update(
        status=ImportStatus.FAILED, message=message or str(ERR_STEP_FAILED), progress=100
    )


def job_task_state(*, job: ImportJob) -> queue.TaskState | None:
    """How the task of a running job stands (waiting its turn, or run again after an interruption)."""
    return queue.task_state(job.task_id) if job.busy else None


def job_fail_if_stalled(*, job: ImportJob) -> ImportJob:
    """The job as it stands once marked failed if its step was cut short (for the page that shows it)."""
    if job.busy and jobs_fail_stalled(jobs=ImportJob.objects.filter(pk=job.pk)):
        job.refresh_from_db()
    return job


# --- The steps ---------------------------------------------------------------------------------------


def _start(job: ImportJob, task) -> None:
    """Queue the step; it is written with the job's row, so a worker sees it once the request commits."""
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["heartbeat_at"])
    result = task.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))


def _step_begins(job: ImportJob) -> None:
    """A step (maybe run again after an interruption) starts afresh: its heartbeat and progress."""
    job.progress, job.heartbeat_at = 0, timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(progress=0, heartbeat_at=job.heartbeat_at)


def _progress(job: ImportJob, share: float) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        percent = min(99, int(share * 100 * done / total)) if total else 0
        if percent > job.progress:
            if percent // 10 > job.progress // 10:
                logger.info("Tệp nhập số %s (%s): %s%%", job.pk, job.original_name, percent)
            job.progress = percent
            ImportJob.objects.filter(pk=job.pk).update(progress=percent, heartbeat_at=timezone.now())

    return report


def _plan(job: ImportJob, share: float):
    planner = PLANNERS[job.kind]
    with job.file.open("rb") as stream:
        return planner.plan(
            stream, job.original_name, job.under, sheet=job.sheet or None, progress=_progress(job, share)
        )


def _record(job: ImportJob, result) -> None:
    job.rows, job.added, job.updated, job.unchanged = (
        result.rows,
        result.added,
        len(result.updates),
        result.unchanged,
    )
    job.refused = len({p.row for p in result.problems if p.row})
    job.problems = [[p.row, p.column, p.message] for p in result.problems[:PROBLEMS_KEPT]]
    job.notes = [[n.row, n.column, n.message] for n in result.notes[:PROBLEMS_KEPT]]
    job.warnings = [[p.row, p.column, p.message] for p in result.warnings[:PROBLEMS_KEPT]]
    job.changes = [
        [row, who, name, _shown(was), _shown(now)]
        for row, who, name, was, now in result.changes[:CHANGES_KEPT]
    ]
    whole = [p.message for p in result.problems if not p.row]
    job.message = whole[0] if whole else ""
    job.sheet = job.sheet or result.sheet
    job.encoding = result.encoding


def _shown(value: object) -> str | int | bool | None:
    return value if value is None or isinstance(value, int | bool) else str(value)


def check(job_id: int) -> None:
    """The check step (a task): reads the whole file and records what an import would do."""
    job = ImportJob.objects.select_related("under").get(pk=job_id)
    if job.status != ImportStatus.CHECKING:  # done already (a duplicate run): nothing to do
        return
    _step_begins(job)
    try:
        with job.file.open("rb") as stream:
            job.sheets = reader.sheet_names(stream, job.original_name)
        result = _plan(job, 1.0)
    except reader.ReadError as exc:
        job.message, job.status = exc.message, ImportStatus.REFUSED
    except Exception:
        logger.exception("import %s: check failed", job_id)
        job.message, job.status = _("Không đọc được tệp này."), ImportStatus.FAILED
    else:
        _record(job, result)
        job.status = ImportStatus.CHECKED if result.ok else ImportStatus.REFUSED
    job.progress, job.checked_at = 100, timezone.now()
    job.save()


def run_import(job_id: int) -> None:
    """The import step (a task): checks again, then writes everything in one transaction or nothing."""
    job = ImportJob.objects.select_related("under", "imported_by").get(pk=job_id)
    if job.status != ImportStatus.IMPORTING:  # done already (a duplicate run): nothing to do
        return
    _step_begins(job)
    try:
        result = _plan(job, 0.5)
        _record(job, result)
        if not result.ok:
            job.status = ImportStatus.REFUSED
        else:
            # The rows and the job marked done in one transaction: a worker killed at any point leaves
            # either both or neither, and a step run again after it finds the job done or nothing written.
            with transaction.atomic():
                if job.kind == ImportKind.ORGS:
                    orgs.apply(result, job.under, actor=job.imported_by)
                else:
                    people.apply(result, actor=job.imported_by)
                job.status, job.imported_at, job.progress = ImportStatus.DONE, timezone.now(), 100
                job.save()
    except ValidationError as exc:
        job.message, job.status = " ".join(exc.messages), ImportStatus.REFUSED
    except Exception:
        logger.exception("import %s failed", job_id)
        job.message, job.status = _("Có lỗi khi ghi dữ liệu; không có gì được nhập."), ImportStatus.FAILED
    job.progress = 100
    job.save()
