"""The dashboard's workbook of an org with more orgs in its tree than ``EXPORT_QUEUE_FROM`` (a province, the
country) is written by a worker of the queue: asked for from the dashboard, followed on the export's page,
downloaded there; the same workbook the request writes for a small tree, cell for cell; a right lost
meanwhile or a worker killed midway leaves no file and says why."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lamtheobac.cycle.models import RecordState
from lamtheobac.lib import xlsx
from lamtheobac.organisation.models import Export, ExportStatus, RoleGrant
from lamtheobac.organisation.services import export_jobs
from lamtheobac.reports import selectors
from tests.cycle.builders import YEAR, bring_to, make_commitment, make_plan, open_year
from tests.lib.test_xlsx_streamed import look
from tests.queue import run_worker

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("db_queue")]

XLSX = reverse("reports:dashboard-xlsx")


@pytest.fixture
def year_a(cast, settings):
    settings.EXPORT_QUEUE_FROM = 3  # district A's four orgs count as a big tree
    open_year(cast.district_a)
    bring_to(make_commitment(person=cast.member_person), RecordState.APPROVED, writer=None, leader=None)
    bring_to(make_plan(org=cast.cell_a1), RecordState.SUBMITTED, writer=None, leader=None)
    return cast


def asked(client, org, view: str = "as_it_was") -> Export:
    query = {"org": org.pk, "year": YEAR, "view": view}
    page = client.get(XLSX, query)
    assert page.status_code == 200 and Export.objects.count() == 0  # a GET only says what will be made
    html = page.content.decode()
    assert "Lập tệp Excel" in html and "4 tổ chức" in html
    response = client.post(f"{XLSX}?org={org.pk}&year={YEAR}&view={view}")
    export = Export.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("organisation:export-detail", args=[export.pk])
    assert export.kind == export_jobs.DASHBOARD and export.params == {"year": YEAR, "view": view}
    return export


def in_the_request(client, org, settings, view: str = "as_it_was"):
    settings.EXPORT_QUEUE_FROM = 1000
    response = client.get(XLSX, {"org": org.pk, "year": YEAR, "view": view})
    assert response["Content-Type"] == xlsx.CONTENT_TYPE
    return load_workbook(io.BytesIO(response.content))


@pytest.mark.parametrize("view", ["as_it_was", "lineage"])
def test_a_worker_writes_the_workbook_the_request_would_have_written(year_a, client_for, settings, view):
    officer = client_for(year_a.officer)
    export = asked(officer, year_a.district_a, view)
    page = officer.get(reverse("organisation:export-detail", args=[export.pk])).content.decode()
    assert "Xuất bảng thống kê" in page and "Đang chờ" in page and "Tải tệp Excel" not in page
    run_worker()
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.file
    rows = len(selectors.tree_figures(year_a.district_a, YEAR)[0])
    assert rows == 4 and export.total >= rows
    page = officer.get(reverse("organisation:export-detail", args=[export.pk])).content.decode()
    assert "Tải tệp Excel" in page and f"{export.total} tổ chức" in page
    response = officer.get(reverse("organisation:export-download", args=[export.pk]))
    queued = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert "Cây tổ chức" in queued.sheetnames
    tree = queued["Cây tổ chức"]
    names = [tree.cell(row=r, column=2).value for r in range(1, tree.max_row + 1)]
    assert year_a.cell_a1.name in names and year_a.commune_b1.name not in names
    assert look(queued) == look(in_the_request(officer, year_a.district_a, settings, view))


def test_an_outsider_can_neither_ask_nor_see(year_a, client_for):
    outsider = client_for(year_a.outsider)
    assert outsider.get(XLSX, {"org": year_a.district_a.pk, "year": YEAR}).status_code == 404
    assert outsider.post(f"{XLSX}?org={year_a.district_a.pk}&year={YEAR}").status_code == 404
    export = asked(client_for(year_a.officer), year_a.district_a)
    assert outsider.get(reverse("organisation:export-detail", args=[export.pk])).status_code == 404


def test_a_right_lost_before_the_worker_runs_writes_nothing_and_says_so(year_a, client_for):
    export = asked(client_for(year_a.officer), year_a.district_a)
    RoleGrant.objects.filter(user=year_a.officer).delete()
    run_worker()
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and not export.file
    assert export.message == str(export_jobs.ERR_EXPORT_GONE)


def test_a_worker_killed_while_writing_leaves_no_file_and_the_export_failed(year_a, client_for, monkeypatch):
    export = asked(client_for(year_a.officer), year_a.district_a)
    real = xlsx.write_book_streamed

    def killed_midway(target, sheets, *, progress=None, every=1000):
        def cut(rows):
            for n, row in enumerate(rows):
                if n == 2:
                    raise SystemExit(1)  # what a stopped worker gets
                yield row

        for sheet in sheets:
            sheet.rows = cut(sheet.rows)
        return real(target, sheets, progress=progress, every=1)

    monkeypatch.setattr(xlsx, "write_book_streamed", killed_midway)
    run_worker()
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and not export.file
    assert export.message == str(export_jobs.ERR_EXPORT_FAILED)
    page = client_for(year_a.officer).get(reverse("organisation:export-detail", args=[export.pk]))
    assert export.message in page.content.decode()


def test_a_small_tree_is_still_written_in_the_request(year_a, client_for, settings):
    settings.EXPORT_QUEUE_FROM = 4
    response = client_for(year_a.officer).get(XLSX, {"org": year_a.district_a.pk, "year": YEAR})
    assert response["Content-Type"] == xlsx.CONTENT_TYPE and Export.objects.count() == 0
