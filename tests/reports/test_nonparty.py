"""Non-party participants (công chức, viên chức, người lao động, đoàn viên who are not Party members) file
commitments and are counted apart everywhere a people figure is shown: the maintained counters (equal to a
recount), the dashboard, the API, the ``figures`` command, the workbook and the report draft with its 2026
indicators in the Phụ lục. A non-party person is never counted as a đảng viên: a party card on their row is
refused, and impossible in the database."""

from __future__ import annotations

import datetime
import io
import json

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from lamtheobac.activities.models import (
    Attendance,
    AttendanceStatus,
    Commendation,
    CommendationForm,
    Exemplar,
    StudyKind,
    StudySession,
)
from lamtheobac.api import tokens
from lamtheobac.cycle.models import Breakthrough, Period, RecordItem, RecordState, Result
from lamtheobac.imports.services import people as people_import
from lamtheobac.organisation import services as org_services
from lamtheobac.organisation.models import ERR_NONPARTY_CARD, Person, PersonKind
from lamtheobac.reports import docx as renderer
from lamtheobac.reports import selectors as reports_selectors
from lamtheobac.reports import writer
from lamtheobac.reports.models import Report, ReportKind
from lamtheobac.reports.services import counters
from lamtheobac.reports.writer.indicators import issuing_level
from tests import sheets
from tests.cycle.builders import YEAR, bring_to, make_commitment, open_year
from tests.factories import PersonFactory

from .pdf import docx_to_pdf, pdf_lines, soffice
from .randomdata import recount

pytestmark = pytest.mark.django_db

KINDS = [PersonKind.MEMBER, PersonKind.PROBATIONARY, PersonKind.CIVIL_SERVANT, PersonKind.WORKER]


@pytest.fixture
def year_np(cast):
    """District A asks its members, civil servants and workers to commit; a clerk (công chức văn thư, not a
    Party member) of cell A1 files an approved commitment, the member one too; a worker has not filed."""
    open_year(cast.district_a, commitment_person_kinds=KINDS)
    clerk = PersonFactory(org=cast.cell_a1, kind=PersonKind.CIVIL_SERVANT, full_name="Hà Thị Văn",
                          position="Công chức Văn phòng – Thống kê (văn thư)")  # fmt: skip
    worker = PersonFactory(org=cast.cell_a1, kind=PersonKind.WORKER, full_name="Lý Văn Công")
    bring_to(make_commitment(person=clerk, n=4), RecordState.APPROVED, writer=None, leader=None)
    bring_to(make_commitment(person=cast.member_person), RecordState.APPROVED, writer=None, leader=None)
    return cast, clerk, worker


def test_it_counts_the_clerk_in_the_nonparty_column_and_the_counters_equal_a_recount(year_np):
    cast, clerk, _worker = year_np
    assert counters.reconcile()  # built from nothing
    total = reports_selectors.dashboard(cast.district_a, YEAR).total
    assert total.as_dict() == recount(cast.district_a, YEAR).as_dict()
    # the clerk and the worker must file: non-party; the cast's four people are Party members
    assert (total.people_required_nonparty, total.commitments_filed_nonparty) == (2, 1)
    assert (total.commitments_approved_nonparty, total.actions_nonparty) == (1, 4)
    assert total.people_required_party == total.people_required - 2
    assert (total.commitments_filed_party, total.commitments_filed) == (1, 2)
    assert total.actions_party == 3

    # the clerk joins the Party: counted as a đảng viên from now on, the counters still a recount
    org_services.person_update(actor=None, person=clerk, kind=PersonKind.PROBATIONARY)
    moved = reports_selectors.dashboard(cast.district_a, YEAR).total
    assert (moved.commitments_filed_nonparty, moved.commitments_filed_party) == (0, 2)
    assert counters.reconcile(repair=False) == []
    assert moved.as_dict() == recount(cast.district_a, YEAR).as_dict()
    out = io.StringIO()
    call_command("reconcile", "--check", stdout=out)


def test_the_dashboard_the_api_the_command_and_the_workbook_show_the_split(year_np, client_for):
    cast, _clerk, _worker = year_np
    page = client_for(cast.officer).get(
        reverse("reports:dashboard"), {"org": cast.district_a.pk, "year": YEAR}
    )
    text = page.content.decode()
    assert "đảng viên 1/4 · ngoài Đảng 1/2" in text
    rows = [r for r in text.split("<tr") if "Đảng bộ xã Lục Bình" in r and "<td" in r]
    assert any("ngoài Đảng 1/2" in row for row in rows)  # Lục Bình's row of the units' table
    children = next(c for c in page.context["charts"] if c["id"] == "chart-children")
    party, nonparty = children["series"][1:]
    assert party["label"] == "Đảng viên nộp bản cam kết" and party["data"][0] == 50.0  # 1 of its 2 members
    assert nonparty["label"] == "Người ngoài Đảng nộp bản cam kết" and nonparty["data"][0] == 50.0
    # Vũ Muộn: its one member has not filed, and it asks nobody outside the Party
    assert children["labels"][1] == cast.commune_a2.name
    assert (party["data"][1], nonparty["data"][1]) == (0.0, None)

    _token, key = tokens.create(user=cast.officer, name="Thử")
    board = (
        Client(headers={"Authorization": f"Bearer {key}"})
        .get("/api/v1/dashboard", {"org": cast.district_a.pk, "year": YEAR})
        .json()
    )
    assert (board["total"]["commitments_filed_party"], board["total"]["commitments_filed_nonparty"]) == (1, 1)
    assert (board["total"]["people_required_party"], board["total"]["people_required_nonparty"]) == (4, 2)

    out = io.StringIO()
    call_command("figures", org=cast.district_a.code, year=YEAR, stdout=out)
    shown = json.loads(out.getvalue())
    assert (shown["commitments_filed_party"], shown["commitments_filed_nonparty"]) == (1, 1)
    assert shown["rated_good_party"] == 0

    workbook = client_for(cast.officer).get(reverse("reports:dashboard-xlsx"), {"year": YEAR})
    units = load_workbook(io.BytesIO(workbook.content))["Đơn vị trực thuộc"]
    header = sheets.header(units)
    total = next(r for r in sheets.rows(units) if r[0] == "Toàn Đảng bộ huyện An Bình")
    assert total[header.index("Đảng viên đã nộp bản cam kết")] == 1
    assert total[header.index("Người ngoài Đảng phải đăng ký cam kết")] == 2
    assert total[header.index("Người ngoài Đảng đã nộp bản cam kết")] == 1


def test_a_party_card_on_a_nonparty_person_is_refused_and_impossible(cast):
    with pytest.raises(ValidationError) as refused:
        org_services.person_create(actor=None, org=cast.cell_a1, full_name="Hoàng Văn Thẻ",
                                   kind=PersonKind.WORKER, party_card_number="12345678")  # fmt: skip
    assert refused.value.message_dict["party_card_number"] == [
        str(ERR_NONPARTY_CARD % {"kind": PersonKind.WORKER.label})
    ]
    assert not Person.objects.filter(full_name="Hoàng Văn Thẻ").exists()  # nothing half-saved
    member = org_services.person_create(actor=None, org=cast.cell_a1, full_name="Hoàng Văn Đảng",
                                        kind=PersonKind.MEMBER, party_card_number="12345679")  # fmt: skip
    with pytest.raises(ValidationError):  # a member made a worker keeps no card
        org_services.person_update(actor=None, person=member, kind=PersonKind.UNION_MEMBER)
    with pytest.raises(IntegrityError), transaction.atomic():  # behind the services: the database refuses
        Person.objects.filter(pk=member.pk).update(kind=PersonKind.OTHER)


def test_a_roster_row_giving_a_card_to_a_nonparty_person_is_a_problem(cast):
    row = people_import.Row(number=3, org_id=cast.cell_a1.pk, data={
        "party_card_number": "12345678", "kind": PersonKind.UNION_MEMBER, "citizen_id": "", "full_name": "A"})  # fmt: skip
    plan = people_import.Plan()
    people_import._classify(row, people_import.Existing(), plan)
    assert [p.message for p in plan.problems] == [str(ERR_NONPARTY_CARD % {"kind": "Đoàn viên"})]
    assert not plan.adds


@pytest.mark.parametrize(
    ("issuer", "level"),
    [
        ("Ban Tuyên giáo và Dân vận Trung ương", "central"),
        ("Tỉnh ủy Bắc Kạn", "province"),
        ("Ủy ban nhân dân tỉnh Thái Nguyên", "province"),
        ("Huyện ủy Bạch Thông", "district"),
        ("Thị xã ủy Phú Thọ", "district"),
        ("Đảng ủy xã Phủ Thông", "commune"),
        ("Ủy ban nhân dân phường Đức Xuân", "commune"),
        ("Công đoàn ngành Giáo dục", "other"),
    ],
)
def test_it_reads_the_issuing_level_of_a_commendation(issuer, level):
    assert issuing_level(issuer) == level


def test_the_phu_luc_holds_the_2026_indicators_split_party_nonparty(year_np, tmp_path):
    cast, clerk, worker = year_np
    assert YEAR >= 2026  # the indicators are those asked from 2026 on
    period = Period.objects.get(org=cast.district_a, year=YEAR)
    chosen = Breakthrough.objects.create(period=period, title="Cải cách thủ tục hành chính")
    Breakthrough.objects.create(period=period, title="Chuyển đổi số")
    item = RecordItem.objects.filter(record__person=clerk).first()
    RecordItem.objects.filter(pk=item.pk).update(breakthrough=chosen, result=Result.DONE)
    session = StudySession.objects.create(org=cast.cell_a1, held_on=datetime.date(YEAR, 3, 5),
                                          kind=StudyKind.THEMATIC, topic="Chuyên đề năm", minutes="Biên bản")  # fmt: skip
    for person, status in ((clerk, AttendanceStatus.PRESENT), (worker, AttendanceStatus.PRESENT),
                           (cast.member_person, AttendanceStatus.PRESENT), (cast.colleague, AttendanceStatus.ABSENT)):  # fmt: skip
        Attendance.objects.create(session=session, person=person, status=status)
    exemplar = Exemplar.objects.create(org=cast.cell_a1, title="Gương sáng", achievements="Nhiều việc tốt",
                                       nominated_on=datetime.date(YEAR, 2, 1))  # fmt: skip
    for issuer, form in (("Tỉnh ủy Thử nghiệm", CommendationForm.MERIT), ("Đảng ủy xã Lục Bình", CommendationForm.CERTIFICATE),
                         ("Đảng ủy xã Lục Bình", CommendationForm.PRAISE)):  # fmt: skip
        Commendation.objects.create(exemplar=exemplar, form=form, decision_number="12-QĐ/ĐU",
                                    decided_on=datetime.date(YEAR, 5, 1), issuer=issuer)  # fmt: skip

    report = Report(org=cast.district_a, kind=ReportKind.INTERIM,
                    year_from=YEAR, year_to=YEAR, issuer="X", number="5-BC/HU", place="An Bình",
                    issued_on=datetime.date(YEAR, 12, 1), title="Báo cáo",
                    sections=writer.draft(cast.district_a, YEAR, YEAR, ReportKind.INTERIM))  # fmt: skip
    doc = writer.to_document(report)
    indicators = next(t for t in doc.appendix if "chỉ tiêu thống kê" in t.caption)
    rows = {r[0]: r[1:] for r in indicators.rows}
    assert indicators.header == ["Chỉ tiêu", "Tổng số", "Đảng viên", "Người ngoài Đảng"]
    assert rows["Cá nhân đã đăng ký bản cam kết"] == [2, 1, 1]
    assert rows["Việc làm cụ thể đã đăng ký"] == [7, 3, 4]
    assert rows["Lượt người tham gia học tập chuyên đề"] == [3, 1, 2]
    assert rows["Khen thưởng, biểu dương (quyết định)"][0] == 3
    assert rows["- Cấp tỉnh"][0] == 1 and rows["- Cấp xã, cơ sở"][0] == 2
    assert rows["Nội dung đột phá đã lựa chọn"][0] == 2
    assert rows["Nội dung đột phá đã giải quyết, có kết quả"][0] == 1
    # the draft's text says the split too
    said = " ".join(p for s in doc.sections for p in s.paragraphs)
    assert "1/4 đảng viên" in said and "1/2 quần chúng ngoài Đảng" in said

    data = renderer.render(doc)
    word = docx.Document(io.BytesIO(data))
    found = [t for t in word.tables if any("Người ngoài Đảng" in c.text for c in t.rows[0].cells)]
    assert found, "the indicators table is in the Word file"
    texts = [[c.text for c in r.cells] for r in found[0].rows]
    assert any(r[1:] == ["Cá nhân đã đăng ký bản cam kết", "2", "1", "1"] for r in texts), texts

    soffice()
    pdf, run = docx_to_pdf(data, tmp_path)
    assert run.returncode == 0 and pdf.exists()
    lines = " ".join(pdf_lines(pdf))
    assert "PHỤ LỤC" in lines and "Người ngoài Đảng" in lines
