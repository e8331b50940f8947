"""The draft of a large org's report goes out through the task queue: the report is there at once with its
header, its page says the draft is being written (and refreshes itself) and offers no editing until the draft
is in; the worker writes the draft only if the report still waits for that very draft; a worker killed midway
has the task run again, then the report marked failed with a message and a button to draft again; a small
org's report is drafted in the request as before."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lamtheobac.jobs.models import WorkerBeat
from lamtheobac.reports import services, writer
from lamtheobac.reports.models import DraftState, Report, ReportKind
from tests.queue import run_worker

pytestmark = pytest.mark.django_db

YEAR = 2020
MINUTE = datetime.timedelta(minutes=1)
START = "reports:report-start"


@pytest.fixture
def large(settings):
    """District A's handful of orgs count as a large subtree."""
    settings.REPORT_QUEUE_FROM = 2


def _edit_url(report: Report) -> str:
    return reverse("reports:report-edit", args=[report.pk])


def _redraft_url(report: Report) -> str:
    return reverse("reports:report-redraft", args=[report.pk])


def _started(client, org) -> Report:
    data = {"org": org.pk, "kind": ReportKind.INTERIM, "year_from": YEAR, "year_to": YEAR}
    response = client.post(reverse(START), data)
    report = Report.objects.get(org=org)
    assert response.status_code == 302 and response["Location"] == _edit_url(report)
    return report


def _drafted(org) -> list[dict]:
    return writer.draft(org, YEAR, YEAR, ReportKind.INTERIM)


def _edit_data(report: Report, **changes) -> dict:
    data = {name: getattr(report, name) for name in
            ("superior", "issuer", "number", "place", "title", "recipients", "signer_authority", "signer_title",
             "signer_name")}  # fmt: skip
    data["issued_on"] = report.issued_on.strftime("%d/%m/%Y")
    data["version"] = report.version
    for i, section in enumerate(report.sections):
        data[f"heading-{i}"] = section["heading"]
        data[f"text-{i}"] = section["text"]
    return data | changes


def _small_report(cast) -> Report:
    return services.report_create(actor=cast.officer, org=cast.district_a, kind=ReportKind.INTERIM,
                                  year_from=YEAR, year_to=YEAR, queue=False)  # fmt: skip


# --- Queued, then written by the worker ---------------------------------------------------------------


@pytest.mark.usefixtures("db_queue", "large")
def test_a_large_orgs_report_is_there_at_once_and_a_worker_writes_its_draft(cast, client_for, caplog):
    client = client_for(cast.officer)
    report = _started(client, cast.district_a)
    assert report.draft_state == DraftState.WAITING and report.sections == [] and report.version == 1
    assert report.issuer and report.title  # the header is there at once
    assert DBTaskResult.objects.get(pk=report.draft_task_id).status == TaskResultStatus.READY
    page = client.get(_edit_url(report)).content.decode()
    assert "Đang chờ soạn dự thảo" in page and "Đang chờ đến lượt xử lý" in page
    assert "đang được soạn ở chế độ nền" in page  # the message of the start
    assert report.title in page
    # no editing, no Word file, no redraft until the draft is in
    assert 'name="text-0"' not in page and 'name="issuer"' not in page
    assert reverse("reports:report-docx", args=[report.pk]) not in page and _redraft_url(report) not in page
    poll = client.get(_edit_url(report), HTTP_HX_REQUEST="true")
    assert poll.status_code == 200 and 'hx-trigger="every 2s"' in poll.content.decode()
    assert "<html" not in poll.content.decode()
    listing = client.get(reverse("reports:report-list")).content.decode()
    assert "(đang chờ soạn dự thảo)" in listing

    with caplog.at_level("INFO", logger="lamtheobac"):
        run_worker()
    report.refresh_from_db()
    assert report.draft_state == DraftState.READY and report.version == 2
    assert report.sections == _drafted(cast.district_a)
    assert f"Báo cáo số {report.pk} ({cast.district_a}): đã soạn xong dự thảo" in caplog.text
    assert client.get(_edit_url(report), HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"
    page = client.get(_edit_url(report)).content.decode()
    assert 'name="text-0"' in page and "Đang chờ soạn dự thảo" not in page and 'id="draft-status"' not in page
    saved = client.post(_edit_url(report), _edit_data(report, **{"text-1": "Đoạn riêng."}))
    assert saved.status_code == 302
    report.refresh_from_db()
    assert report.sections[1]["text"] == "Đoạn riêng." and report.version == 3


@pytest.mark.usefixtures("large")
def test_in_the_tests_the_queue_runs_the_draft_at_once(cast):
    report = services.report_create(actor=cast.officer, org=cast.district_a, kind=ReportKind.INTERIM,
                                    year_from=YEAR, year_to=YEAR)  # fmt: skip
    assert report.draft_state == DraftState.READY and report.draft_task_id
    assert report.sections == _drafted(cast.district_a) and report.version == 2


@pytest.mark.usefixtures("db_queue")
def test_a_small_orgs_report_is_still_drafted_in_the_request(cast, client_for, settings):
    assert services.subtree_size(cast.district_a) <= settings.REPORT_QUEUE_FROM
    report = _started(client_for(cast.officer), cast.district_a)
    assert report.draft_state == DraftState.READY and report.draft_task_id == ""
    assert report.sections == _drafted(cast.district_a)
    assert not DBTaskResult.objects.exists()


def test_the_size_counts_the_org_and_everything_below_it(cast, settings):
    below_a = services.subtree_size(cast.district_a)
    assert below_a > services.subtree_size(cast.commune_a1) >= 2  # a commune and its cell at least
    assert services.subtree_size(cast.cell_a1) == 1
    settings.REPORT_QUEUE_FROM = below_a - 1
    assert services.drafts_on_queue(cast.district_a) and not services.drafts_on_queue(cast.commune_a1)
    settings.REPORT_QUEUE_FROM = below_a
    assert not services.drafts_on_queue(cast.district_a)


# --- A redraft on the queue; nothing overwritten -------------------------------------------------------


@pytest.mark.usefixtures("db_queue")
def test_a_redraft_keeps_the_text_until_the_new_draft_is_in_and_is_asked_once(cast, client_for, settings):
    report = _small_report(cast)
    client = client_for(cast.officer)
    client.post(_edit_url(report), _edit_data(report, **{"text-1": "Đoạn riêng."}))
    report.refresh_from_db()
    settings.REPORT_QUEUE_FROM = 2
    response = client.post(_redraft_url(report), {"version": report.version}, follow=True)
    assert "đang được soạn ở chế độ nền" in response.content.decode()
    asked = Report.objects.get(pk=report.pk)
    assert asked.draft_state == DraftState.WAITING and asked.sections[1]["text"] == "Đoạn riêng."
    # asked twice (a second click, another officer): refused while the first draft is awaited, one task
    again = client.post(_redraft_url(report), {"version": asked.version}, follow=True)
    assert str(services.ERR_DRAFTING) in again.content.decode()
    with pytest.raises(ValidationError) as exc:
        services.report_redraft(actor=cast.admin, report=asked, version=asked.version)
    assert exc.value.messages == [str(services.ERR_DRAFTING)]
    assert DBTaskResult.objects.count() == 1
    # a page opened before the redraft cannot save over the draft awaited
    stale = client.post(_edit_url(report), _edit_data(report, **{"text-1": "Bản cũ sửa tiếp."}), follow=True)
    assert str(services.ERR_DRAFTING) in stale.content.decode()
    run_worker()
    report.refresh_from_db()
    assert report.draft_state == DraftState.READY and report.sections == _drafted(cast.district_a)
    assert report.version == asked.version + 1
    # the page of before the redraft, once the draft is in: its version has moved on twice
    late = client.post(_redraft_url(report), {"version": asked.version - 1}, follow=True)
    assert "nên bản của bạn chưa được lưu" in late.content.decode()
    assert DBTaskResult.objects.count() == 1


@pytest.mark.usefixtures("db_queue", "large")
def test_a_draft_asked_for_a_version_no_longer_waiting_writes_nothing(cast, client_for):
    """A report failed meanwhile and saved by the officer, or drafted again since: the older task (a worker
    thought dead that finishes after all, or run late) writes nothing over it."""
    report = _small_report(cast)
    client = client_for(cast.officer)
    client.post(_redraft_url(report), {"version": report.version})
    first = Report.objects.get(pk=report.pk)
    services.report_draft_failed(report_id=report.pk, version=first.version, message="Hỏng.")
    failed = Report.objects.get(pk=report.pk)
    assert failed.draft_state == DraftState.FAILED and failed.draft_message == "Hỏng."
    # the officer keeps the old text and saves it (a failed draft no longer awaited)
    client.post(_edit_url(report), _edit_data(failed, **{"text-1": "Giữ bản của tôi."}))
    kept = Report.objects.get(pk=report.pk)
    assert kept.draft_state == DraftState.READY and kept.sections[1]["text"] == "Giữ bản của tôi."
    assert services.report_draft_run(report.pk, first.version) is False
    run_worker()  # the first task, run late
    assert Report.objects.get(pk=report.pk).sections == kept.sections

    # drafted again, then the first task once more: only the newest draft is written
    client.post(_redraft_url(report), {"version": kept.version})
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    assert services.report_draft_run(report.pk, first.version) is False
    assert Report.objects.get(pk=report.pk).sections == kept.sections
    run_worker()
    done = Report.objects.get(pk=report.pk)
    assert done.draft_state == DraftState.READY and done.sections == _drafted(cast.district_a)


@pytest.mark.usefixtures("db_queue", "large")
def test_a_report_gone_before_its_draft_is_no_fault(cast, client_for):
    report = _started(client_for(cast.officer), cast.district_a)
    Report.objects.filter(pk=report.pk).delete()
    run_worker()
    assert DBTaskResult.objects.get(pk=report.draft_task_id).status == TaskResultStatus.SUCCESSFUL


# --- Faults: a dead worker, a fault in the writer -----------------------------------------------------


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


def taken_by_a_worker_that_dies(report: Report) -> None:
    task = DBTaskResult.objects.get(pk=report.draft_task_id)
    worker_id = f"dead-{len(task.worker_ids)}"
    task.claim(worker_id)
    WorkerBeat.objects.create(worker_id=worker_id, host="may-chu-2", pid=4242)


@pytest.mark.usefixtures("db_queue", "large")
def test_a_draft_cut_short_by_a_dead_worker_is_run_again_then_failed_with_a_message(cast, client_for, clock):
    client = client_for(cast.officer)
    report = _started(client, cast.district_a)
    taken_by_a_worker_that_dies(report)
    clock.now += 11 * MINUTE
    page = client.get(_edit_url(report)).content.decode()  # the page has the dead worker's task queued again
    assert "đang xử lý lại (lần thứ 2)" in page and "<h2>Đang chờ soạn dự thảo</h2>" in page
    taken_by_a_worker_that_dies(report)  # the second attempt dies as well
    clock.now += 11 * MINUTE
    poll = client.get(_edit_url(report), HTTP_HX_REQUEST="true")
    assert poll.status_code == 204 and poll["HX-Refresh"] == "true"
    report.refresh_from_db()
    assert report.draft_state == DraftState.FAILED and "sau 2 lần thử" in report.draft_message
    assert report.sections == []
    assert not DBTaskResult.objects.running().exists()
    page = client.get(_edit_url(report)).content.decode()
    assert report.draft_message in page and "Soạn dự thảo lại" in page
    assert "(soạn dự thảo không thành công)" in client.get(reverse("reports:report-list")).content.decode()
    # who may only read the report sees its state, and no button
    read = client_for(cast.inspector).get(_edit_url(report)).content.decode()
    assert report.draft_message in read and "Soạn dự thảo lại" not in read

    client.post(_redraft_url(report), {"version": report.version})
    report.refresh_from_db()
    assert report.draft_state == DraftState.WAITING and report.draft_message == ""
    run_worker()
    report.refresh_from_db()
    assert report.draft_state == DraftState.READY and report.sections == _drafted(cast.district_a)


@pytest.mark.usefixtures("db_queue", "large")
def test_a_fault_in_the_writer_fails_the_draft_with_a_message(cast, client_for, monkeypatch):
    client = client_for(cast.officer)
    report = _small_report(cast)
    client.post(_redraft_url(report), {"version": report.version})

    def broken(*args, **kwargs):
        raise RuntimeError("số liệu hỏng")

    monkeypatch.setattr(writer, "draft", broken)
    run_worker()
    failed = Report.objects.get(pk=report.pk)
    assert failed.draft_state == DraftState.FAILED and failed.draft_message == str(services.ERR_DRAFT_FAILED)
    assert failed.sections == report.sections  # the text before the redraft stays
    page = client.get(_edit_url(report)).content.decode()
    assert failed.draft_message in page and 'name="text-0"' in page  # the old text may be edited again
    assert "bản có trước khi soạn lại" in page


# --- Who sees it --------------------------------------------------------------------------------------


@pytest.mark.usefixtures("db_queue", "large")
def test_only_who_sees_the_report_sees_its_draft_state(cast, client_for):
    report = _started(client_for(cast.officer), cast.district_a)
    for user in (cast.outsider, cast.member):
        assert client_for(user).get(_edit_url(report), HTTP_HX_REQUEST="true").status_code == 404
    for user in (cast.outsider, cast.member, cast.inspector):
        assert client_for(user).post(_redraft_url(report), {"version": 1}).status_code in (403, 404)
    poll = client_for(cast.inspector).get(_edit_url(report), HTTP_HX_REQUEST="true")
    assert poll.status_code == 200 and "Đang chờ soạn dự thảo" in poll.content.decode()
