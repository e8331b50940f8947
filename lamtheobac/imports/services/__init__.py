"""Running an import: upload → check (every problem listed) → import all or nothing, each step in the
background so that a 100,000-row file does not hold the page, with its progress saved for the progress bar.

The check is done again at import time: between the preview and the click, someone may have changed the
tree. Background steps run in a thread of the web process (no task queue to install on an intranet
server); ``IMPORTS_IN_BACKGROUND = False`` (the tests) runs them inline. A running step writes a heartbeat
on the job every ``HEARTBEAT_SECONDS``; a step cut short by a restart or a crash stops writing it, and the
job is marked failed once it has been silent for ``IMPORT_STALLED_AFTER_SECONDS`` (when the imports are
read, or by ``manage.py fail_stalled_imports``), so that nothing stays "in progress" for ever. A step is
a function of the job's id alone, so that it can move to a task queue as it is.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import PurePath
from types import ModuleType

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheobac.lib import text as vn
from lamtheobac.organisation.models import Org

from .. import reader
from ..models import ImportJob, ImportKind, ImportStatus
from . import orgs, people

logger = logging.getLogger(__name__)

PROBLEMS_KEPT = 1000  # the log keeps the first problems; the count says how many there were
CHANGES_KEPT = 200_000  # what each update changes, old and new value: every person of the largest file
PLANNERS: dict[str, ModuleType] = {ImportKind.ORGS: orgs, ImportKind.PEOPLE: people}
HEARTBEAT_SECONDS = 30  # well under IMPORT_STALLED_AFTER_SECONDS
BUSY = (ImportStatus.CHECKING, ImportStatus.IMPORTING)

ERR_INTERRUPTED = gettext_lazy("Bị gián đoạn (máy chủ khởi động lại?) — hãy tải lại tệp.")


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
    _start(job.pk, check)
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
    _start(job.pk, check)
    job.refresh_from_db()
    return job


def job_import(*, actor, job: ImportJob) -> ImportJob:
    """Import a checked file (checked again first)."""
    if job.status != ImportStatus.CHECKED:
        raise ValidationError(_("Tệp này chưa kiểm tra xong hoặc đã nhập rồi."))
    job.status, job.progress, job.imported_by = ImportStatus.IMPORTING, 0, actor
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["status", "progress", "imported_by", "heartbeat_at"])
    _start(job.pk, run_import)
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
    """Mark failed the running imports (of ``jobs``, by default all) whose heartbeat is older than
    ``IMPORT_STALLED_AFTER_SECONDS``: their step was cut short. Anyone reading imports may call it; returns
    how many were marked."""
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.IMPORT_STALLED_AFTER_SECONDS)
    stalled = (ImportJob.objects.all() if jobs is None else jobs).filter(
        status__in=BUSY, heartbeat_at__lt=cutoff
    )
    return stalled.update(status=ImportStatus.FAILED, message=str(ERR_INTERRUPTED), progress=100)


def job_fail_if_stalled(*, job: ImportJob) -> ImportJob:
    """The job as it stands once marked failed if its step was cut short (for the page that shows it)."""
    if job.busy and jobs_fail_stalled(jobs=ImportJob.objects.filter(pk=job.pk)):
        job.refresh_from_db()
    return job


# --- The steps ---------------------------------------------------------------------------------------


def _start(job_id: int, step: Callable[[int], None]) -> None:
    if not getattr(settings, "IMPORTS_IN_BACKGROUND", True):
        step(job_id)
        return

    def run() -> None:
        close_old_connections()
        stop = threading.Event()
        beat = threading.Thread(target=_beat, args=(job_id, stop), daemon=True, name=f"import-{job_id}-beat")
        beat.start()
        try:
            step(job_id)
        finally:
            stop.set()
            beat.join()
            connection.close()

    transaction.on_commit(lambda: threading.Thread(target=run, daemon=True, name=f"import-{job_id}").start())


def _beat(job_id: int, stop: threading.Event) -> None:
    """The heartbeat of a step running in this process, from a thread and a connection of its own: the step
    may sit for minutes inside one transaction (the import's writes), where its own writes are not seen."""
    try:
        while not stop.wait(HEARTBEAT_SECONDS):
            try:
                ImportJob.objects.filter(pk=job_id, status__in=BUSY).update(heartbeat_at=timezone.now())
            except DatabaseError:  # SQLite: the import holds the write lock; the next beat will do
                logger.warning("import %s: heartbeat not written", job_id)
    finally:
        connection.close()


def _progress(job: ImportJob, share: float) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        percent = min(99, int(share * 100 * done / total)) if total else 0
        if percent > job.progress:
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
    job = ImportJob.objects.select_related("under").get(pk=job_id)
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
    job = ImportJob.objects.select_related("under", "imported_by").get(pk=job_id)
    try:
        result = _plan(job, 0.5)
        _record(job, result)
        if not result.ok:
            job.status = ImportStatus.REFUSED
        else:
            if job.kind == ImportKind.ORGS:
                orgs.apply(result, job.under, actor=job.imported_by)
            else:
                people.apply(result, actor=job.imported_by)
            job.status, job.imported_at = ImportStatus.DONE, timezone.now()
    except ValidationError as exc:
        job.message, job.status = " ".join(exc.messages), ImportStatus.REFUSED
    except Exception:
        logger.exception("import %s failed", job_id)
        job.message, job.status = _("Có lỗi khi ghi dữ liệu; không có gì được nhập."), ImportStatus.FAILED
    job.progress = 100
    job.save()
