"""The report writer's pages: start, edit and save, concurrent edits, redraft, the Word file, who may do what.
The demo district's sơ kết 2016 – 2020 as a downloaded .docx: tests/reports/test_demo_dashboard.py."""

from __future__ import annotations

import datetime
import io
import re
import unicodedata

import docx as python_docx
import pytest
from django.urls import reverse
from django.utils import timezone

from lamtheobac.cycle.models import Record, RecordKind, RecordState
from lamtheobac.organisation.models import Person, subtree_q
from lamtheobac.reports import services, writer
from lamtheobac.reports.models import Report, ReportKind
from tests.cycle.builders import open_year

pytestmark = pytest.mark.django_db

YEAR = 2020
START = "reports:report-start"


def _report(cast, org=None, *, first=YEAR, last=YEAR, **header) -> Report:
    org = org or cast.district_a
    report = services.report_create(actor=cast.officer, org=org, kind=ReportKind.INTERIM, year_from=first,
                                    year_to=last)  # fmt: skip
    for name, value in header.items():
        setattr(report, name, value)
    report.save()
    return report


def _edit_data(report: Report, **changes) -> dict:
    """The edit form as the page fills it, with ``changes`` (field names, or ``text-<i>``)."""
    data = {name: getattr(report, name) for name in
            ("superior", "issuer", "number", "place", "title", "recipients", "signer_authority", "signer_title",
             "signer_name")}  # fmt: skip
    data["issued_on"] = report.issued_on.strftime("%d/%m/%Y")
    data["version"] = report.version
    for i, section in enumerate(report.sections):
        data[f"heading-{i}"] = section["heading"]
        data[f"text-{i}"] = section["text"]
    return data | changes


def _urls(report: Report) -> dict[str, str]:
    return {
        name: reverse(f"reports:{name}", args=[report.pk])
        for name in ("report-edit", "report-redraft", "report-docx")
    }


@pytest.fixture
def year_2020(cast):
    """2020 at district A: every collective's plan and most commitments filed."""
    open_year(cast.district_a, year=YEAR, theme="Chuyên đề năm 2020")
    now = timezone.now()
    plans = [Record(kind=RecordKind.PLAN, year=YEAR, org=o, state=RecordState.SUBMITTED, submitted_at=now)
             for o in (cast.commune_a1, cast.cell_a1, cast.commune_a2)]  # fmt: skip
    people = Person.objects.filter(subtree_q(cast.district_a.path, "org__path")).order_by("id")[:3]
    commitments = [Record(kind=RecordKind.COMMITMENT, year=YEAR, org=p.org, person=p, state=RecordState.SUBMITTED,
                          submitted_at=now) for p in people]  # fmt: skip
    Record.objects.bulk_create(plans + commitments)
    return cast


# --- Starting a report ---------------------------------------------------------------------------------


def test_it_starts_a_report_with_the_header_defaults(cast, client_for):
    client = client_for(cast.officer)
    page = client.get(reverse(START), {"org": cast.district_a.pk})
    assert page.status_code == 200 and "Đảng bộ huyện An Bình" in page.content.decode()
    data = {"org": cast.district_a.pk, "kind": ReportKind.INTERIM, "year_from": 2016, "year_to": 2020}
    response = client.post(reverse(START), data)
    report = Report.objects.get()
    assert response["Location"] == reverse("reports:report-edit", args=[report.pk])
    assert (report.superior, report.issuer, report.number, report.place) == (
        "ĐẢNG BỘ TỈNH THỬ NGHIỆM", "HUYỆN ỦY AN BÌNH", "", "An Bình",
    )  # fmt: skip
    assert (report.signer_authority, report.signer_title, report.signer_name) == (
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
        "",
    )
    assert report.title.startswith("Sơ kết 5 năm thực hiện Chỉ thị số 05-CT/TW") and report.years == 5
    assert report.created_by == cast.officer and report.version == 1
    assert report.sections[0]["text"].startswith("Thực hiện Chỉ thị số 05-CT/TW")
    body = client.get(response["Location"]).content.decode()
    assert "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TỔ CHỨC THỰC HIỆN" in body and "Tải bản Word (.docx)" in body
    assert "<small>Huyện ủy An Bình</small>" in body  # the report is the committee's, not the đảng bộ's


def test_the_years_are_checked(cast, client_for):
    data = {"org": cast.district_a.pk, "kind": ReportKind.INTERIM, "year_from": 2020, "year_to": 2016}
    response = client_for(cast.officer).post(reverse(START), data)
    assert str(services.ERR_YEARS_ORDER) in response.content.decode()
    assert not Report.objects.exists()


def test_without_an_org_the_user_picks_one_of_the_committees_in_scope(cast, client_for):
    body = client_for(cast.officer).get(reverse(START)).content.decode()
    assert "Đảng bộ xã Lục Bình" in body and "Xuất Hóa" not in body
    response = client_for(cast.leader).get(reverse(START))
    assert response["Location"] == f"{reverse(START)}?org={cast.commune_a1.pk}"


def test_a_commune_leader_writes_the_communes_report_but_not_the_districts(cast, client_for):
    client = client_for(cast.leader)
    data = {"kind": ReportKind.FINAL, "year_from": 2016, "year_to": 2025}
    assert client.post(reverse(START), data | {"org": cast.commune_a1.pk}).status_code == 302
    report = Report.objects.get()
    assert (report.superior, report.issuer, report.place) == (
        "ĐẢNG BỘ HUYỆN AN BÌNH", "ĐẢNG ỦY XÃ LỤC BÌNH", "Lục Bình",
    )  # fmt: skip
    assert (report.signer_authority, report.signer_title) == ("T/M ĐẢNG ỦY", "BÍ THƯ")
    assert report.title.startswith("Tổng kết 10 năm")
    assert client.post(reverse(START), data | {"org": cast.district_a.pk}).status_code == 404
    assert client.post(reverse(START), data | {"org": cast.cell_a1.pk}).status_code == 302
    assert Report.objects.count() == 2


def test_a_root_takes_its_superior_from_its_previous_report(cast):
    first = services.report_defaults(org=cast.province, kind=ReportKind.INTERIM, year_from=2016, year_to=2020)
    assert first.superior == ""
    _report(cast, cast.province, superior="BAN CHẤP HÀNH TRUNG ƯƠNG")
    again = services.report_defaults(org=cast.province, kind=ReportKind.FINAL, year_from=2016, year_to=2025)
    assert again.superior == "BAN CHẤP HÀNH TRUNG ƯƠNG"


# --- Editing -------------------------------------------------------------------------------------------


def test_edits_are_saved_and_survive(cast, client_for):
    report = _report(cast)
    client = client_for(cast.officer)
    nfd = unicodedata.normalize("NFD", "Huyện ủy đã tổ chức hội nghị quán triệt.\r\n\r\n\r\nĐoạn thứ hai.")
    data = _edit_data(
        report, number="125", signer_name="hoàng văn thắng", **{"text-1": nfd, "heading-1": "I. MỚI"}
    )
    response = client.post(_urls(report)["report-edit"], data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.sections[1]["text"] == "Huyện ủy đã tổ chức hội nghị quán triệt.\n\nĐoạn thứ hai."
    assert report.sections[1]["heading"] == "I. MỚI" and report.sections[1]["key"] == "lead"
    assert (report.number, report.signer_name, report.version) == ("125-BC/HU", "Hoàng Văn Thắng", 2)
    assert report.updated_by == cast.officer
    body = client.get(_urls(report)["report-edit"]).content.decode()
    assert "Đoạn thứ hai." in body and "125-BC/HU" in body


def test_a_concurrent_edit_is_refused_and_shows_what_was_saved(cast, client_for):
    report = _report(cast)
    first, second = client_for(cast.officer), client_for(cast.admin)
    opened = _edit_data(report)
    assert (
        first.post(_urls(report)["report-edit"], opened | {"text-1": "Bản của chuyên viên."}).status_code
        == 302
    )
    response = second.post(_urls(report)["report-edit"], opened | {"text-1": "Bản của quản trị."})
    assert response.status_code == 409
    body = response.content.decode()
    assert "sau khi bạn mở trang, nên bản của bạn chưa được lưu" in body
    assert "Bản của chuyên viên." in body and "Bản của quản trị." in body
    report.refresh_from_db()
    assert report.sections[1]["text"] == "Bản của chuyên viên." and report.version == 2
    # Saving again from the refreshed page is a deliberate choice: it goes through.
    again = second.post(_urls(report)["report-edit"], opened | {"text-1": "Bản của quản trị.", "version": 2})
    assert again.status_code == 302
    report.refresh_from_db()
    assert report.sections[1]["text"] == "Bản của quản trị." and report.version == 3


def test_the_service_refuses_a_stale_version(cast):
    report = _report(cast)
    header = services.report_defaults(org=report.org, kind=report.kind, year_from=YEAR, year_to=YEAR)
    sections = [services.SectionInput(s["heading"], s["text"]) for s in report.sections]
    services.report_save(actor=cast.officer, report=report, version=1, header=header, sections=sections)
    with pytest.raises(services.ConflictError) as exc:
        services.report_save(actor=cast.admin, report=report, version=1, header=header, sections=sections)
    assert exc.value.latest.version == 2 and "officer" in exc.value.messages[0]


def test_redraft_replaces_the_text_and_keeps_the_header(cast, client_for):
    report = _report(cast)
    client = client_for(cast.officer)
    client.post(_urls(report)["report-edit"], _edit_data(report, number="125", **{"text-1": "Đoạn riêng."}))
    report.refresh_from_db()
    assert client.get(_urls(report)["report-redraft"]).status_code == 405
    response = client.post(_urls(report)["report-redraft"], {"version": report.version})
    assert response["Location"] == _urls(report)["report-edit"]
    report.refresh_from_db()
    assert report.sections == writer.draft(cast.district_a, YEAR, YEAR, ReportKind.INTERIM)
    assert report.number == "125-BC/HU" and report.version == 3


def test_a_redraft_from_a_stale_page_is_refused(cast, client_for):
    report = _report(cast)
    client = client_for(cast.officer)
    client.post(_urls(report)["report-edit"], _edit_data(report, **{"text-1": "Đoạn riêng."}))
    response = client.post(_urls(report)["report-redraft"], {"version": 1}, follow=True)
    assert "nên bản của bạn chưa được lưu" in response.content.decode()
    report.refresh_from_db()
    assert report.sections[1]["text"] == "Đoạn riêng."


# --- The Word file -------------------------------------------------------------------------------------


def _word(response) -> python_docx.document.Document:
    return python_docx.Document(io.BytesIO(response.content))


def _all_text(word) -> str:
    parts = [p.text for p in word.paragraphs]
    parts += [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_docx_downloads_with_the_header_and_the_figures(year_2020, client_for):
    cast = year_2020
    report = _report(cast, number="125-BC/HU", issued_on=datetime.date(2020, 11, 20))
    response = client_for(cast.inspector).get(_urls(report)["report-docx"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="bao-cao-so-ket-2020-2020-huyen-uy-an-binh.docx"'
    )
    word = _word(response)
    left, right = word.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "ĐẢNG BỘ TỈNH THỬ NGHIỆM",
        "HUYỆN ỦY AN BÌNH",
        "*",
        "Số 125-BC/HU",
    ]
    assert "An Bình, ngày 20 tháng 11 năm 2020" in right.text
    text = _all_text(word)
    plans = Record.objects.filter(kind=RecordKind.PLAN, year=YEAR).count()
    assert f"Năm 2020, toàn huyện có {plans}/3 tập thể (100%) xây dựng kế hoạch làm theo Bác" in text
    assert "Bảng 1. Kết quả xây dựng kế hoạch, bản cam kết làm theo Bác qua các năm" in text
    assert unicodedata.is_normalized("NFC", text)


# --- Who may do what -----------------------------------------------------------------------------------


def test_the_tables_go_to_a_phu_luc_unless_the_officer_puts_them_under_their_sections(year_2020, client_for):
    cast = year_2020
    report = _report(cast)
    client = client_for(cast.officer)
    page = client.get(_urls(report)["report-edit"]).content.decode()
    box = re.search(r'<input type="checkbox" name="tables_in_appendix"[^>]*>', page)
    assert box and "checked" in box.group(0)  # what a Party office sends: the tables in a Phụ lục
    appendix = _all_text(_word(client.get(_urls(report)["report-docx"])))
    assert "PHỤ LỤC" in appendix and "(Chi tiết tại Bảng 1 và Bảng 2, Phụ lục kèm theo.)" in appendix
    # unticked on the page: saved, and the tables stand under their sections with no Phụ lục
    assert client.post(_urls(report)["report-edit"], _edit_data(report)).status_code == 302
    report.refresh_from_db()
    assert report.tables_in_appendix is False
    inline = _all_text(_word(client.get(_urls(report)["report-docx"])))
    assert "PHỤ LỤC" not in inline and "Phụ lục kèm theo" not in inline and "STT" in inline
    data = _edit_data(report, tables_in_appendix="on")
    assert client.post(_urls(report)["report-edit"], data).status_code == 302
    report.refresh_from_db()
    assert report.tables_in_appendix is True


def test_the_outsider_gets_404_on_every_url_of_a_district_a_report(cast, client_for):
    report = _report(cast)
    client = client_for(cast.outsider)
    urls = _urls(report)
    for method, name in (("get", "report-edit"), ("post", "report-edit"), ("post", "report-redraft"),
                         ("get", "report-docx")):  # fmt: skip
        response = getattr(client, method)(urls[name], _edit_data(report) if method == "post" else None)
        assert response.status_code == 404, (method, name)
        assert "An Bình" not in response.content.decode()
    assert "An Bình" not in client.get(reverse("reports:report-list")).content.decode()


def test_nobody_creates_a_report_for_an_org_outside_their_scope(cast, client_for):
    data = {"kind": ReportKind.INTERIM, "year_from": 2016, "year_to": 2020}
    for user, org in ((cast.outsider, cast.district_a), (cast.officer, cast.district_b),
                      (cast.leader, cast.commune_a2)):  # fmt: skip
        client = client_for(user)
        assert client.get(reverse(START), {"org": org.pk}).status_code == 404
        assert client.post(reverse(START), data | {"org": org.pk}).status_code == 404
    assert not Report.objects.exists()


def test_a_member_gets_nothing(cast, client_for):
    report = _report(cast, cast.cell_a1)
    client = client_for(cast.member)
    for name, url in _urls(report).items():
        method = client.post if name == "report-redraft" else client.get
        assert method(url).status_code in (403, 404), name
    assert client.post(reverse(START), {"org": cast.cell_a1.pk, "kind": ReportKind.INTERIM}).status_code in (
        403,
        404,
    )
    assert client.get(reverse(START)).status_code == 403
    body = client.get(reverse("reports:report-list")).content.decode()
    assert "Nà Pài" not in body and Report.objects.count() == 1


def test_an_inspector_reads_and_downloads_but_does_not_write(cast, client_for):
    report = _report(cast)
    client = client_for(cast.inspector)
    page = client.get(_urls(report)["report-edit"])
    assert page.status_code == 200 and "<textarea" not in page.content.decode()
    assert client.get(_urls(report)["report-docx"]).status_code == 200
    assert client.post(_urls(report)["report-edit"], _edit_data(report)).status_code == 403
    assert client.post(_urls(report)["report-redraft"], {"version": 1}).status_code == 403
    data = {"org": cast.district_a.pk, "kind": ReportKind.INTERIM, "year_from": 2016, "year_to": 2020}
    assert client.post(reverse(START), data).status_code == 403
    assert Report.objects.count() == 1


def test_the_list_shows_the_reports_in_scope_newest_first(cast, client_for):
    older = _report(cast, cast.commune_a1)
    newer = _report(cast, cast.district_a)
    Report.objects.filter(pk=older.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))
    outside = _report(cast, cast.district_b)
    body = client_for(cast.officer).get(reverse("reports:report-list")).content.decode()
    assert body.index(reverse("reports:report-edit", args=[newer.pk])) < body.index(
        reverse("reports:report-edit", args=[older.pk])
    )
    assert reverse("reports:report-edit", args=[outside.pk]) not in body and "Bắc Sơn" not in body
    leader = client_for(cast.leader).get(reverse("reports:report-list")).content.decode()
    assert "Đảng bộ xã Lục Bình" in leader and reverse("reports:report-edit", args=[newer.pk]) not in leader
