"""Imports on the task queue: a step cut short by a killed worker is run again or marked failed with a
message, never left "in progress" for ever, and nothing of it is half-written."""

from __future__ import annotations

import datetime
import io
import signal
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lamtheobac.imports import services
from lamtheobac.imports.models import ImportJob, ImportKind, ImportStatus
from lamtheobac.imports.services import people
from lamtheobac.jobs import services as queue_care
from lamtheobac.jobs.models import WorkerBeat
from lamtheobac.organisation.models import Person
from tests.queue import run_worker

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)
NEWCOMER = "Đặng Văn Khoa"


class Clock:
    """Django's clock, held still and moved by hand."""

    def __init__(self) -> None:
        self.now = timezone.now()

    def __call__(self) -> datetime.datetime:
        return self.now

    def advance(self, delta: datetime.timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock(monkeypatch) -> Clock:
    frozen = Clock()
    monkeypatch.setattr(timezone, "now", frozen)
    return frozen


def checked_job(cast) -> ImportJob:
    content = f"Họ và tên,Đối tượng,Mã tổ chức\n{NEWCOMER},Đảng viên chính thức,{cast.cell_a1.code}\n"
    upload = SimpleUploadedFile("danh-sach.csv", content.encode("utf-8"))
    job = services.job_create(
        actor=cast.officer, kind=ImportKind.PEOPLE, under=cast.district_a, upload=upload
    )
    if job.status == ImportStatus.CHECKING:  # on the database queue: a worker checks it
        run_worker()
        job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED
    return job


def taken_by_a_worker_that_dies(job: ImportJob, *, host: str = "may-chu-2", pid: int = 4242) -> DBTaskResult:
    """The job's task claimed by a worker that then stops beating (killed, its host down)."""
    task = DBTaskResult.objects.get(pk=job.task_id)
    worker_id = f"dead-{len(task.worker_ids)}"
    task.claim(worker_id)
    WorkerBeat.objects.create(worker_id=worker_id, host=host, pid=pid)
    return task


def importing(cast) -> ImportJob:
    job = services.job_import(actor=cast.officer, job=checked_job(cast))
    assert job.status == ImportStatus.IMPORTING
    return job


@pytest.mark.usefixtures("db_queue")
def test_a_step_waits_on_the_queue_until_a_worker_runs_it(cast, client_for):
    job = importing(cast)
    page = client_for(cast.officer).get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "Đang chờ đến lượt xử lý" in page
    assert not Person.objects.filter(full_name=NEWCOMER).exists()
    run_worker()
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Person.objects.filter(full_name=NEWCOMER).count() == 1


@pytest.mark.usefixtures("db_queue")
def test_an_import_cut_short_by_a_dead_worker_is_run_again_and_done_once(cast, clock, client_for):
    job = importing(cast)
    task = taken_by_a_worker_that_dies(job)
    clock.advance(9 * MINUTE)
    assert queue_care.tasks_recover() == queue_care.Recovered()  # silent for 9 minutes: maybe busy
    clock.advance(2 * MINUTE)
    assert queue_care.tasks_recover() == queue_care.Recovered(retried=1)
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY
    page = client_for(cast.officer).get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "đang xử lý lại (lần thứ 2)" in page
    run_worker()
    job.refresh_from_db()
    task.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.added == 1
    assert task.status == TaskResultStatus.SUCCESSFUL and task.worker_ids == ["dead-0", "live-worker"]
    assert Person.objects.filter(full_name=NEWCOMER).count() == 1


@pytest.mark.usefixtures("db_queue")
def test_after_the_last_attempt_the_import_is_failed_with_a_message(cast, clock, client_for):
    job = importing(cast)
    taken_by_a_worker_that_dies(job)
    clock.advance(11 * MINUTE)
    queue_care.tasks_recover()
    taken_by_a_worker_that_dies(job)  # the second attempt dies as well
    clock.advance(11 * MINUTE)
    assert queue_care.tasks_recover() == queue_care.Recovered(failed=1)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "sau 2 lần thử" in job.message
    assert not DBTaskResult.objects.running().exists()
    assert not Person.objects.filter(full_name=NEWCOMER).exists()
    client = client_for(cast.officer)
    poll = client.get(reverse("imports:detail", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert poll.status_code == 204 and poll["HX-Refresh"] == "true"  # the page reloads and says why
    assert job.message in client.get(reverse("imports:detail", args=[job.pk])).content.decode()


@pytest.mark.usefixtures("db_queue")
def test_a_dead_worker_of_this_host_is_known_at_once(cast):
    gone = subprocess.Popen(["true"])
    gone.wait()
    job = importing(cast)
    taken_by_a_worker_that_dies(job, host=queue_care.this_host(), pid=gone.pid)
    assert queue_care.tasks_recover() == queue_care.Recovered(retried=1)


@pytest.mark.usefixtures("db_queue")
def test_a_live_worker_and_the_callers_own_tasks_are_left_alone(cast, clock):
    job = importing(cast)
    task = taken_by_a_worker_that_dies(job)
    clock.advance(11 * MINUTE)
    assert queue_care.tasks_recover(keep="dead-0") == queue_care.Recovered()
    queue_care.worker_beat(worker_id="dead-0")  # it was only slow: it beats again
    assert queue_care.tasks_recover() == queue_care.Recovered()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


@pytest.mark.usefixtures("db_queue")
def test_a_worker_killed_while_writing_leaves_nothing_half_written(cast, monkeypatch):
    """The rows are written in one transaction with the job marked done: a kill inside it (here the
    interrupt a worker gets) rolls all back; the task fails and the job says so."""
    job = importing(cast)
    apply = people.apply

    def killed_midway(result, actor):
        apply(result, actor=actor)
        assert Person.objects.filter(full_name=NEWCOMER).exists()  # written, not yet committed
        raise SystemExit(1)

    monkeypatch.setattr(people, "apply", killed_midway)
    run_worker()
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.message == str(services.ERR_STEP_FAILED)
    assert not Person.objects.filter(full_name=NEWCOMER).exists()
    assert DBTaskResult.objects.get(pk=job.task_id).status == TaskResultStatus.FAILED


@pytest.mark.usefixtures("db_queue")
def test_a_job_whose_task_is_gone_is_marked_failed_once_silent(cast, clock, client_for):
    """A task row pruned, or a job from before the queue: its heartbeat tells."""
    job = importing(cast)
    DBTaskResult.objects.filter(pk=job.task_id).delete()
    clock.advance(9 * MINUTE)
    assert services.jobs_fail_stalled() == 0
    clock.advance(2 * MINUTE)
    client_for(cast.outsider).get(reverse("imports:home"))
    job.refresh_from_db()
    assert job.status == ImportStatus.IMPORTING  # district B's officer does not touch district A's imports
    out = io.StringIO()
    call_command("fail_stalled_imports", stdout=out)
    job.refresh_from_db()
    assert (job.status, job.message) == (ImportStatus.FAILED, str(services.ERR_INTERRUPTED))
    assert "1 lần nhập" in out.getvalue()


@pytest.mark.usefixtures("db_queue")
def test_a_waiting_job_is_not_failed_however_long_it_waits(cast, clock):
    job = importing(cast)
    clock.advance(60 * MINUTE)
    assert services.jobs_fail_stalled() == 0
    job.refresh_from_db()
    assert job.status == ImportStatus.IMPORTING


@pytest.mark.usefixtures("db_queue")
def test_a_worker_restarted_under_the_same_id_takes_up_what_it_was_doing(cast):
    """A service restarted with a fixed ``--worker-id`` (systemd's ``%H-%i``): its beat is fresh, but what
    it was running is of its previous life."""
    job = importing(cast)
    taken_by_a_worker_that_dies(job, host="may-chu-2")
    queue_care.worker_beat(worker_id="dead-0")
    assert queue_care.tasks_recover() == queue_care.Recovered()
    assert queue_care.tasks_recover(restarted="dead-0") == queue_care.Recovered(retried=1)


@pytest.mark.usefixtures("db_queue")
def test_the_worker_command_takes_up_a_dead_workers_import_and_finishes_it(cast):
    job = importing(cast)
    gone = subprocess.Popen(["true"])
    gone.wait()
    taken_by_a_worker_that_dies(job, host=queue_care.this_host(), pid=gone.pid)
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    out = io.StringIO()
    try:
        call_command("worker", "--batch", "--no-startup-delay", "--worker-id", "may-chu-1-1", stdout=out)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    assert "1 được chạy lại" in out.getvalue()
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Person.objects.filter(full_name=NEWCOMER).count() == 1
    assert not WorkerBeat.objects.filter(worker_id="may-chu-1-1").exists()  # gone cleanly
