"""Running imports: a step cut short by a restart or a crash does not leave its import "in progress" for ever."""

from __future__ import annotations

import datetime
import io
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lamtheobac.imports import services
from lamtheobac.imports.models import ImportJob, ImportKind, ImportStatus

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


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


@pytest.fixture
def stalled_after_ten_minutes(settings):
    settings.IMPORT_STALLED_AFTER_SECONDS = 10 * 60


def checked_job(cast) -> ImportJob:
    content = f"Họ và tên,Đối tượng,Mã tổ chức\nĐặng Văn Khoa,Đảng viên chính thức,{cast.cell_a1.code}\n"
    upload = SimpleUploadedFile("danh-sach.csv", content.encode("utf-8"))
    job = services.job_create(
        actor=cast.officer, kind=ImportKind.PEOPLE, under=cast.district_a, upload=upload
    )
    assert job.status == ImportStatus.CHECKED
    return job


def started_in_a_thread_that_dies(cast, settings) -> ImportJob:
    """An import whose background step never reports back (the thread waits for a commit that the test's
    transaction never makes: as if the process had died right after the click)."""
    job = checked_job(cast)
    settings.IMPORTS_IN_BACKGROUND = True
    job = services.job_import(actor=cast.officer, job=job)
    settings.IMPORTS_IN_BACKGROUND = False
    assert job.status == ImportStatus.IMPORTING
    return job


@pytest.mark.usefixtures("stalled_after_ten_minutes")
def test_it_marks_an_import_failed_once_its_heartbeat_is_older_than_the_timeout(cast, settings, clock):
    job = started_in_a_thread_that_dies(cast, settings)
    clock.advance(9 * MINUTE)
    assert services.jobs_fail_stalled() == 0
    services._progress(job, 0.5)(500, 1000)  # the step reports: its heartbeat is fresh again
    clock.advance(9 * MINUTE)
    assert services.jobs_fail_stalled() == 0
    job.refresh_from_db()
    assert job.status == ImportStatus.IMPORTING
    clock.advance(2 * MINUTE)
    assert services.jobs_fail_stalled() == 1
    job.refresh_from_db()
    assert (job.status, job.message) == (ImportStatus.FAILED, str(services.ERR_INTERRUPTED))
    assert not job.busy


@pytest.mark.usefixtures("stalled_after_ten_minutes")
def test_it_leaves_finished_and_fresh_imports_alone(cast, settings, clock):
    done = checked_job(cast)
    running = started_in_a_thread_that_dies(cast, settings)
    clock.advance(11 * MINUTE)
    fresh = checked_job(cast)
    settings.IMPORTS_IN_BACKGROUND = True
    services.job_recheck(actor=cast.officer, job=fresh, sheet="CSV")  # checking anew since "now"
    assert services.jobs_fail_stalled() == 1
    statuses = dict(ImportJob.objects.values_list("pk", "status"))
    assert statuses == {
        done.pk: ImportStatus.CHECKED,
        running.pk: ImportStatus.FAILED,
        fresh.pk: ImportStatus.CHECKING,
    }


@pytest.mark.usefixtures("stalled_after_ten_minutes")
def test_the_import_page_and_the_list_show_an_interrupted_import_as_failed(cast, settings, clock, client_for):
    client = client_for(cast.officer)
    job = started_in_a_thread_that_dies(cast, settings)
    url = reverse("imports:detail", args=[job.pk])
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200  # still polling
    clock.advance(11 * MINUTE)
    poll = client.get(url, HTTP_HX_REQUEST="true")
    assert poll.status_code == 204 and poll["HX-Refresh"] == "true"  # the page reloads and says why
    page = client.get(url).content.decode()
    assert str(services.ERR_INTERRUPTED) in page and str(ImportStatus.FAILED.label) in page
    other = started_in_a_thread_that_dies(cast, settings)
    clock.advance(11 * MINUTE)
    listing = client.get(reverse("imports:home")).content.decode()
    other.refresh_from_db()
    assert other.status == ImportStatus.FAILED
    assert str(ImportStatus.IMPORTING.label) not in listing


@pytest.mark.usefixtures("stalled_after_ten_minutes")
def test_the_list_marks_only_the_imports_the_reader_sees(cast, settings, clock, client_for):
    job = started_in_a_thread_that_dies(cast, settings)
    clock.advance(11 * MINUTE)
    client_for(cast.outsider).get(reverse("imports:home"))
    job.refresh_from_db()
    assert job.status == ImportStatus.IMPORTING  # district B's officer does not touch district A's imports


@pytest.mark.usefixtures("stalled_after_ten_minutes")
def test_the_command_marks_interrupted_imports_failed(cast, settings, clock):
    job = started_in_a_thread_that_dies(cast, settings)
    clock.advance(11 * MINUTE)
    out = io.StringIO()
    call_command("fail_stalled_imports", stdout=out)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "1 lần nhập" in out.getvalue()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("stalled_after_ten_minutes")
def test_a_step_that_runs_long_keeps_its_heartbeat_fresh(cast_committed, monkeypatch):
    """The heartbeat comes from a thread of its own, so that a step sitting in one long transaction (the
    import's writes) is not taken for dead."""
    job = checked_job(cast_committed)
    old = timezone.now() - 9 * MINUTE
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.IMPORTING, heartbeat_at=old)
    monkeypatch.setattr(services, "HEARTBEAT_SECONDS", 0.01)
    stop = threading.Event()
    beat = threading.Thread(target=services._beat, args=(job.pk, stop))
    beat.start()
    try:
        for _ in range(500):
            if ImportJob.objects.get(pk=job.pk).heartbeat_at > old:
                break
            stop.wait(0.01)
    finally:
        stop.set()
        beat.join()
    assert ImportJob.objects.get(pk=job.pk).heartbeat_at > old
    assert services.jobs_fail_stalled(now=old + 11 * MINUTE) == 0
