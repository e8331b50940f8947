"""A big people list goes out through the task queue: written by a worker to a file, with its progress on
the export's page, downloaded by whoever holds the same right; a worker killed midway leaves no file and
the export retried or failed with a message."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from lamtheobac.jobs import services as queue_care
from lamtheobac.jobs.models import WorkerBeat
from lamtheobac.organisation.models import Export, ExportStatus
from lamtheobac.organisation.services import export_jobs
from tests.queue import run_worker

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("db_queue")]

MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture(autouse=True)
def small_threshold(settings):
    settings.EXPORT_QUEUE_FROM = 2  # district A's handful of people count as "big"


def asked(client, org) -> Export:
    response = client.post(reverse("organisation:export-people"), {"org": org.pk, "status": "active"})
    export = Export.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "organisation:export-detail", args=[export.pk]
    )
    return export


def files_under(root) -> list[Path]:
    folder = Path(root) / "exports"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_it_offers_a_big_list_on_the_queue_and_a_worker_writes_it(cast, client_for, caplog):
    client = client_for(cast.officer)
    url = f"{reverse('organisation:person-list')}?org={cast.district_a.pk}&format=xlsx"
    offer = client.get(url).content.decode()
    assert "Lập tệp Excel" in offer and reverse("organisation:export-people") in offer
    export = asked(client, cast.district_a)
    detail = reverse("organisation:export-detail", args=[export.pk])
    assert "Đang chờ đến lượt xử lý" in client.get(detail).content.decode()
    assert client.get(reverse("organisation:export-download", args=[export.pk])).status_code == 404
    with caplog.at_level("INFO", logger="lamtheobac"):
        run_worker()
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.done == export.total >= 3
    assert (
        f"Xuất danh sách cá nhân số {export.pk} ({export.filename}): xong, {export.total} người"
        in caplog.text
    )
    assert client.get(detail, HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"
    assert "Tải tệp Excel" in client.get(detail).content.decode()
    download = client.get(reverse("organisation:export-download", args=[export.pk]))
    assert download.status_code == 200 and export.filename in download["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(names) == export.total and cast.member_person.full_name in names
    assert cast.secret_person.full_name not in names  # district B's never leaks into district A's list
    assert sheet.freeze_panes == "A2"
    assert [p.suffix for p in files_under(export.file.storage.location)] == [".xlsx"]


def test_a_small_list_is_still_written_in_the_request(cast, client_for, settings):
    settings.EXPORT_QUEUE_FROM = 5000
    url = f"{reverse('organisation:person-list')}?org={cast.district_a.pk}&format=xlsx"
    response = client_for(cast.officer).get(url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not Export.objects.exists()


def test_an_outsider_can_neither_ask_nor_see_nor_download(cast, client_for):
    outsider = client_for(cast.outsider)
    url = reverse("organisation:export-people")
    assert outsider.post(url, {"org": cast.district_a.pk}).status_code == 404
    export = asked(client_for(cast.officer), cast.district_a)
    run_worker()
    for name in ("organisation:export-detail", "organisation:export-download"):
        assert outsider.get(reverse(name, args=[export.pk])).status_code == 404
        assert client_for(cast.member).get(reverse(name, args=[export.pk])).status_code == 404


def test_only_the_same_right_on_the_org_downloads_anothers_export(cast, client_for):
    """The officer's file carries identifiers: the inspector (reads the tree, not the identifiers) is
    refused it; the admin, holding both rights on the org, downloads it."""
    export = asked(client_for(cast.officer), cast.district_a)
    run_worker()
    assert Export.objects.get(pk=export.pk).sensitive
    download = reverse("organisation:export-download", args=[export.pk])
    assert client_for(cast.inspector).get(download).status_code == 403
    assert (
        client_for(cast.inspector).get(reverse("organisation:export-detail", args=[export.pk])).status_code
        == 403
    )
    by_admin = client_for(cast.admin).get(download)
    assert by_admin.status_code == 200
    b"".join(by_admin.streaming_content)  # read to its end: the test client closes the file
    inspectors = client_for(cast.inspector)
    inspectors.post(reverse("organisation:export-people"), {"org": cast.district_a.pk})
    mine = Export.objects.filter(requested_by=cast.inspector).get()
    assert not mine.sensitive
    run_worker()
    own = inspectors.get(reverse("organisation:export-download", args=[mine.pk]))
    assert own.status_code == 200
    b"".join(own.streaming_content)


def test_a_worker_killed_while_writing_leaves_no_file_and_the_export_failed(cast, client_for, monkeypatch):
    """The interrupt a killed worker gets, after the first rows are written: the half-written file goes,
    none is linked, the export says it failed."""
    export = asked(client_for(cast.officer), cast.district_a)
    real = export_jobs.xlsx.write_streamed

    def killed_midway(target, sheet, *, progress=None, every=1000):
        original = sheet.rows

        def rows():
            try:
                for n, row in enumerate(original):
                    if n == 2:
                        assert files_under(export.file.storage.location)  # the .part file, half-written
                        raise SystemExit(1)
                    yield row
            finally:
                original.close()

        sheet.rows = rows()
        return real(target, sheet, progress=progress, every=1)

    monkeypatch.setattr(export_jobs.xlsx, "write_streamed", killed_midway)
    run_worker()
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and export.message == str(export_jobs.ERR_EXPORT_FAILED)
    assert export.done == 2 and not export.file
    assert files_under(export.file.storage.location) == []
    assert DBTaskResult.objects.get(pk=export.task_id).status == TaskResultStatus.FAILED
    page = (
        client_for(cast.officer).get(reverse("organisation:export-detail", args=[export.pk])).content.decode()
    )
    assert export.message in page and "Tải tệp Excel" not in page


class Clock:
    def __init__(self) -> None:
        self.now = timezone.now()

    def __call__(self) -> datetime.datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    frozen = Clock()
    monkeypatch.setattr(timezone, "now", frozen)
    return frozen


def taken_by_a_worker_that_dies(export: Export) -> None:
    task = DBTaskResult.objects.get(pk=export.task_id)
    worker_id = f"dead-{len(task.worker_ids)}"
    task.claim(worker_id)
    WorkerBeat.objects.create(worker_id=worker_id, host="may-chu-2", pid=4242)


def test_an_export_cut_short_by_a_dead_worker_is_run_again_then_failed_with_a_message(
    cast, client_for, clock
):
    client = client_for(cast.officer)
    export = asked(client, cast.district_a)
    detail = reverse("organisation:export-detail", args=[export.pk])
    taken_by_a_worker_that_dies(export)
    clock.now += 11 * MINUTE
    page = client.get(detail).content.decode()  # the page itself has the dead worker's task queued again
    assert "đang xử lý lại (lần thứ 2)" in page
    taken_by_a_worker_that_dies(export)  # the second attempt dies as well
    clock.now += 11 * MINUTE
    poll = client.get(detail, HTTP_HX_REQUEST="true")
    assert poll.status_code == 204
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and "sau 2 lần thử" in export.message
    assert not DBTaskResult.objects.running().exists()
    assert files_under(export.file.storage.location) == []


def test_an_export_run_again_after_a_dead_worker_is_written_once(cast, client_for, clock):
    export = asked(client_for(cast.officer), cast.district_a)
    taken_by_a_worker_that_dies(export)
    clock.now += 11 * MINUTE
    assert queue_care.tasks_recover() == queue_care.Recovered(retried=1)
    run_worker()
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    assert len(files_under(export.file.storage.location)) == 1
