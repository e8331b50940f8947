"""The report writer: names and words, the key sentence against a plain recount, the lists, the tables."""

from __future__ import annotations

import datetime
import re
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lamtheobac.activities.models import CommendationForm, PilotStatus, StudyKind
from lamtheobac.activities.services import exemplars, pilots, study
from lamtheobac.cycle import services as cycle
from lamtheobac.cycle.models import DocumentKind, Period, Rating, Record, RecordKind, RecordState
from lamtheobac.lib.formatting import number
from lamtheobac.organisation import services as org_services
from lamtheobac.organisation.models import Org, OrgKind, Person, PersonKind, subtree_q
from lamtheobac.reports import writer
from lamtheobac.reports.models import Report, ReportKind
from tests.cycle.builders import open_year
from tests.factories import OrgFactory

pytestmark = pytest.mark.django_db

FIRST, LAST = 2019, 2020


def by_key(sections: list[dict]) -> dict[str, str]:
    return {s["key"]: s["text"] for s in sections}


def pct(part: int, whole: int) -> str:
    """98,5% written out by hand, to check the writer's formatting independently."""
    value = round(100 * part / whole, 1)
    return (f"{value:.1f}".rstrip("0").rstrip(".") + "%").replace(".", ",")


# --- Names --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "committee", "area", "locality"),
    [
        ("Đảng bộ huyện Bạch Thông", OrgKind.DISTRICT_COMMITTEE, "Huyện ủy Bạch Thông", "toàn huyện", "Bạch Thông"),
        ("Đảng bộ xã Lục Bình", OrgKind.GRASSROOTS_COMMITTEE, "Đảng ủy xã Lục Bình", "toàn xã", "Lục Bình"),
        ("Đảng bộ thị trấn Phủ Thông", OrgKind.GRASSROOTS_COMMITTEE, "Đảng ủy thị trấn Phủ Thông", "toàn thị trấn",
         "Phủ Thông"),
        ("Đảng bộ tỉnh Bắc Kạn", OrgKind.PROVINCE_COMMITTEE, "Tỉnh ủy Bắc Kạn", "toàn tỉnh", "Bắc Kạn"),
        ("Đảng bộ thành phố Bắc Kạn", OrgKind.DISTRICT_COMMITTEE, "Thành ủy Bắc Kạn", "toàn thành phố", "Bắc Kạn"),
        ("Tỉnh ủy Thử nghiệm", OrgKind.PROVINCE_COMMITTEE, "Tỉnh ủy Thử nghiệm", "toàn tỉnh", "Thử nghiệm"),
        ("Đảng bộ Quân sự huyện", OrgKind.GRASSROOTS_COMMITTEE, "Đảng ủy Quân sự huyện", "toàn Đảng bộ", ""),
        ("Chi bộ thôn Nà Pài", OrgKind.CELL, "Chi bộ thôn Nà Pài", "toàn chi bộ", ""),
    ],
)  # fmt: skip
def test_it_names_the_committee_the_way_a_party_report_does(name, kind, committee, area, locality):
    names = writer.names_of(name, kind)
    assert (names.committee, names.area, names.locality) == (committee, area, locality)


def test_the_header_words_come_from_the_org_and_its_kind(cast):
    assert writer.issuer_for(cast.district_a) == "HUYỆN ỦY AN BÌNH"
    assert writer.issuer_for(cast.commune_a1) == "ĐẢNG ỦY XÃ LỤC BÌNH"
    assert writer.issuer_for(cast.cell_a1) == "CHI BỘ THÔN NÀ PÀI"
    assert writer.party_unit("Tỉnh ủy Thử nghiệm").upper() == "ĐẢNG BỘ TỈNH THỬ NGHIỆM"
    assert [writer.suffix_for(o) for o in (cast.province, cast.district_a, cast.commune_a1, cast.cell_a1)] == [
        "-BC/TU", "-BC/HU", "-BC/ĐU", "-BC/CB",
    ]  # fmt: skip
    assert writer.signer_for(cast.district_a) == ("T/M BAN THƯỜNG VỤ", "BÍ THƯ")
    assert writer.signer_for(cast.commune_a1) == ("T/M ĐẢNG ỦY", "BÍ THƯ")
    assert writer.signer_for(cast.cell_a1) == ("T/M CHI BỘ", "BÍ THƯ")
    assert writer.locality_of([cast.province, cast.district_a, cast.commune_a1, cast.cell_a1]) == "Lục Bình"


@pytest.mark.parametrize(
    ("kind", "suffix", "signer"),
    [
        (OrgKind.COMMUNE_COMMITTEE, "-BC/ĐU", ("T/M BAN THƯỜNG VỤ", "BÍ THƯ")),
        (OrgKind.PARTY_AGENCIES_COMMITTEE, "-BC/ĐU", ("T/M BAN THƯỜNG VỤ", "BÍ THƯ")),
        (OrgKind.GOVERNMENT_COMMITTEE, "-BC/ĐU", ("T/M BAN THƯỜNG VỤ", "BÍ THƯ")),
        (OrgKind.PARTIAL_COMMITTEE, "-BC/ĐU", ("T/M ĐẢNG ỦY BỘ PHẬN", "BÍ THƯ")),
        (OrgKind.BASE_CELL, "-BC/CB", ("T/M CHI BỘ", "BÍ THƯ")),
        (OrgKind.AGENCY, "-BC", ("", "")),
    ],
)
def test_the_committees_of_the_two_level_party_number_and_sign_their_reports(kind, suffix, signer):
    org = Org(name="Đảng bộ xã Phủ Thông", kind=kind)
    assert (writer.suffix_for(org), writer.signer_for(org)) == (suffix, signer)


def test_the_title_counts_both_ends_of_the_range():
    title = writer.title_for(ReportKind.INTERIM, 2016, 2020)
    assert title == (
        "Sơ kết 5 năm thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, "
        "đạo đức, phong cách Hồ Chí Minh (2016 – 2020)"
    )
    assert writer.title_for(ReportKind.FINAL, 2016, 2025).startswith("Tổng kết 10 năm thực hiện")
    assert "Kết luận số 01-KL/TW" in writer.title_for(ReportKind.FINAL, 2016, 2025)


def test_the_file_name_is_ascii(cast):
    report = Report(org=cast.commune_a1, kind=ReportKind.FINAL, year_from=2016, year_to=2025,
                    issuer="ĐẢNG ỦY XÃ LỤC BÌNH")  # fmt: skip
    assert writer.file_name(report) == "bao-cao-tong-ket-2016-2025-dang-uy-xa-luc-binh.docx"


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ([253, 253, 253], "253"),
        ([236, 248, 253], "từ 236 đến 253"),
        ([2905, 3073], "từ 2.905 đến 3.073"),
        ([3030, 3073, 3063], "trên 3.000"),
        ([1020, 1104], "trên 1.000"),
        ([980, 1104], "từ 980 đến 1.104"),
    ],
)
def test_a_yearly_amount_is_worded_so_that_it_holds_every_year(values, words):
    assert writer.amount(values) == words


# --- The key sentence against a plain recount ----------------------------------------------------------


def _members(org: Org, n: int) -> list[Person]:
    Person.objects.bulk_create(
        [Person(full_name=f"Đảng viên số {i}", kind=PersonKind.MEMBER, org=org) for i in range(n)]
    )
    org_services.open_missing()  # written behind save(), as a bulk loader does: members from the start
    return list(Person.objects.filter(org=org, full_name__startswith="Đảng viên số"))


def _filed(
    kind: str, year: int, *, org: Org | None = None, person: Person | None = None, late=False
) -> Record:
    return Record(kind=kind, year=year, org=org or person.org, person=person, state=RecordState.SUBMITTED,
                  submitted_at=timezone.now(), is_late=late)  # fmt: skip


@pytest.fixture
def district(cast):
    """District A over 2019–2020: 1.100 more members, commitments and plans filed, some late."""
    for year in (FIRST, LAST):
        open_year(cast.district_a, year=year, theme=f"Chuyên đề năm {year}")
    people = _members(cast.cell_a1, 1100)
    everyone = list(Person.objects.filter(subtree_q(cast.district_a.path, "org__path"), active=True))
    records = [
        _filed(RecordKind.COMMITMENT, FIRST, person=p, late=i < 40) for i, p in enumerate(people[:980])
    ]
    records += [
        _filed(RecordKind.COMMITMENT, LAST, person=p, late=i < 7) for i, p in enumerate(everyone[:-15])
    ]
    records += [_filed(RecordKind.PLAN, FIRST, org=o) for o in (cast.commune_a1, cast.cell_a1)]
    records += [
        _filed(RecordKind.PLAN, LAST, org=o) for o in (cast.commune_a1, cast.cell_a1, cast.commune_a2)
    ]
    Record.objects.bulk_create(records)
    return cast


def _recount(cast, kind: str, year: int) -> int:
    """Filed records of district A's subtree, counted the plain way."""
    return Record.objects.filter(
        org__path__startswith=cast.district_a.path, kind=kind, year=year, submitted_at__isnull=False
    ).count()


def test_the_key_sentence_states_the_recounted_figures(district):
    cast = district
    plans = [_recount(cast, RecordKind.PLAN, y) for y in (FIRST, LAST)]
    commitments = [_recount(cast, RecordKind.COMMITMENT, y) for y in (FIRST, LAST)]
    required_orgs = (
        Org.objects.filter(path__startswith=cast.district_a.path).exclude(pk=cast.district_a.pk).count()
    )
    required_people = Person.objects.filter(org__path__startswith=cast.district_a.path, active=True).count()
    assert commitments[1] < required_people  # the last year is not complete: the sentence must say so

    text = by_key(writer.draft(cast.district_a, FIRST, LAST, ReportKind.INTERIM))["results.plans"]
    key = text.split("\n\n")[0]
    assert key.startswith("Hằng năm, toàn huyện có ")
    assert f"từ {min(plans)} đến {max(plans)} tập thể xây dựng kế hoạch làm theo Bác" in key
    assert f"từ {number(min(commitments))} đến {number(max(commitments))} đảng viên, cá nhân" in key
    assert f"năm {LAST} có {plans[1]}/{required_orgs} tập thể ({pct(plans[1], required_orgs)})" in key
    assert (
        f"{number(commitments[1])}/{number(required_people)} đảng viên, cá nhân "
        f"({pct(commitments[1], required_people)})" in key
    )
    assert "1.0" in number(commitments[1]) and "," in pct(commitments[1], required_people)  # 1.089, 98,6%
    assert "số bản cam kết nộp chậm so với thời hạn giảm từ 40 (năm 2019) xuống 7 (năm 2020)" in text


def test_a_complete_last_year_is_stated_as_100_percent(district):
    cast = district
    missing = Person.objects.filter(org__path__startswith=cast.district_a.path, active=True).exclude(
        records__year=LAST
    )
    Record.objects.bulk_create([_filed(RecordKind.COMMITMENT, LAST, person=p) for p in missing])
    total = _recount(cast, RecordKind.COMMITMENT, LAST)
    text = by_key(writer.draft(cast.district_a, FIRST, LAST, ReportKind.INTERIM))["results.plans"]
    assert f"năm {LAST} đạt 100% (3/3 tập thể, {number(total)}/{number(total)} đảng viên, cá nhân)" in text


def test_the_ratings_of_the_last_year_are_counted_and_shared(district):
    cast = district
    rated = Record.objects.filter(year=LAST, kind=RecordKind.COMMITMENT).order_by("id")
    ids = list(rated.values_list("id", flat=True))
    Record.objects.filter(id__in=ids[:200]).update(rating=Rating.EXCELLENT)
    Record.objects.filter(id__in=ids[200:]).update(rating=Rating.GOOD)
    text = by_key(writer.draft(cast.district_a, FIRST, LAST, ReportKind.INTERIM))["results.ratings"]
    assert f"trong {number(len(ids))} đảng viên, cá nhân được xếp loại có 200 hoàn thành xuất sắc nhiệm vụ " \
           f"({pct(200, len(ids))}), {number(len(ids) - 200)} hoàn thành tốt nhiệm vụ" in text  # fmt: skip


def test_a_record_approved_after_the_day_the_figures_stand_at_is_not_counted_approved(district):
    cast = district
    records = Record.objects.filter(year=LAST, kind=RecordKind.COMMITMENT).order_by("id")
    ids = list(records.values_list("id", flat=True))
    on_time = timezone.make_aware(datetime.datetime(LAST, 12, 20, 9))
    next_day = timezone.make_aware(datetime.datetime(LAST + 1, 1, 1, 9))  # the day after 31-12
    Record.objects.filter(id__in=ids[:5]).update(state=RecordState.APPROVED, approved_at=on_time)
    Record.objects.filter(id__in=ids[5:8]).update(state=RecordState.APPROVED, approved_at=next_day)
    text = by_key(writer.draft(cast.district_a, FIRST, LAST, ReportKind.INTERIM))
    assert "(Số liệu tính đến ngày 31-12-2020.)" in text["intro"]
    assert f"đã phê duyệt 0/3 kế hoạch và 5/{number(len(ids))} bản cam kết đã nộp" in text["results.plans"]


# --- Lists: documents, study, pilot models, exemplars, inspections -------------------------------------


@pytest.fixture
def activities(cast):
    period = open_year(cast.district_a, year=LAST, theme="Chuyên đề năm 2020")
    cycle.document_attach(
        actor=None, period=period, number="12-KH/HU", kind=DocumentKind.PLAN, issued_on=datetime.date(2020, 1, 8),
        issuer="Huyện ủy An Bình", title="Kế hoạch học tập và làm theo Bác năm 2020", upload=None,
    )  # fmt: skip
    study.study_create(
        actor=None, org=cast.cell_a1,
        data=study.StudyInput(
            held_on=datetime.date(2020, 3, 5), kind=StudyKind.THEMATIC, topic="Chuyên đề", minutes="Biên bản"
        ),
    )  # fmt: skip
    pilots.pilot_create(
        actor=None, org=cast.commune_a1,
        data=pilots.PilotInput(
            name="Mô hình “Dân vận khéo” ở xã Lục Bình", started_on=datetime.date(2020, 4, 1),
            status=PilotStatus.REPLICATED, results="Tốt", replicated_to=[cast.commune_a2, cast.cell_a1],
        ),
    )  # fmt: skip
    exemplar = exemplars.exemplar_nominate(
        actor=None, org=cast.cell_a1, person=cast.colleague, title="Người tốt, việc tốt",
        achievements="Hiến đất làm đường", nominated_on=datetime.date(2020, 5, 1),
    )  # fmt: skip
    exemplars.exemplar_verify(actor=None, exemplar=exemplar)
    exemplars.commendation_add(
        actor=None, exemplar=exemplar, form=CommendationForm.CERTIFICATE, decision_number="45/QĐ-UBND",
        decided_on=datetime.date(2020, 11, 2), issuer="UBND huyện An Bình",
    )  # fmt: skip
    return cast


def test_the_draft_lists_documents_pilot_models_and_exemplars(activities):
    cast = activities
    text = by_key(writer.draft(cast.district_a, LAST, LAST, ReportKind.INTERIM))
    assert "Kế hoạch số 12-KH/HU, ngày 8-1-2020 học tập và làm theo Bác năm 2020" in text["lead"]
    assert "“Chuyên đề năm 2020”" in text["lead"]
    models = text["results.models"]
    assert "xây dựng 1 mô hình điểm" in models and "1 mô hình đã được nhân rộng" in models
    assert "mô hình “Dân vận khéo” ở xã Lục Bình (xây dựng năm 2020, đã nhân rộng ra 2 đơn vị)" in models
    assert "1 gương điển hình được các cấp biểu dương, khen thưởng (1 giấy khen)" in models
    assert (
        "- Đồng chí Nông Văn Dũng, đảng viên Chi bộ thôn Nà Pài, Đảng bộ xã Lục Bình (“Người tốt, việc tốt”): "
        "Giấy khen của UBND huyện An Bình (Quyết định số 45/QĐ-UBND, ngày 2-11-2020)." in models
    )
    study_text = text["results.study"]
    assert "Năm 2020, 1/1 chi bộ (100%) tổ chức học tập chuyên đề" in study_text
    assert (
        "1/1 đảng bộ trực thuộc chỉ đạo 100% chi bộ học tập chuyên đề (xã Lục Bình 1/1 chi bộ)" in study_text
    )


def test_an_org_without_records_gets_prompts_not_invented_figures(cast):
    text = by_key(writer.draft(cast.district_b, LAST, LAST, ReportKind.INTERIM))
    assert text["results.plans"].startswith("[Hệ thống chưa có số liệu")
    assert text["results.inspections"].startswith("[Hệ thống chưa ghi nhận")
    assert "[" in text["review.weaknesses"]


def test_a_final_review_says_tong_ket_and_draws_lessons(cast):
    sections = writer.draft(cast.district_a, 2016, 2025, ReportKind.FINAL)
    text = by_key(sections)
    assert "báo cáo tổng kết 10 năm (2016 – 2025) như sau:" in text["intro"]
    assert "Kết luận số 01-KL/TW" in text["intro"]
    assert "review.lessons" in text
    assert any(s["heading"] == "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRONG THỜI GIAN TỚI" for s in sections)
    interim = by_key(writer.draft(cast.district_a, 2016, 2020, ReportKind.INTERIM))
    assert "báo cáo sơ kết 5 năm (2016 – 2020) như sau:" in interim["intro"]
    # a sơ kết draws its lessons too (bài học kinh nghiệm), and never calls itself a tổng kết
    assert "review.lessons" in interim and "tổng kết" not in " ".join(interim.values())


def test_every_text_is_nfc_with_paragraphs_separated_by_one_blank_line(activities):
    for section in writer.draft(activities.district_a, FIRST, LAST, ReportKind.INTERIM):
        for value in (section["heading"], section["text"]):
            assert unicodedata.is_normalized("NFC", value)
        assert "\n\n\n" not in section["text"] and section["text"] == section["text"].strip()


# --- Tables and the Word document ----------------------------------------------------------------------


def test_the_document_carries_fresh_numbered_tables_under_their_sections(district):
    cast = district
    report = Report(org=cast.district_a, kind=ReportKind.INTERIM, year_from=FIRST, year_to=LAST, issuer="X",
                    number="", place="An Bình", issued_on=datetime.date(2020, 11, 20), title="T",
                    sections=writer.draft(cast.district_a, FIRST, LAST, ReportKind.INTERIM),
                    tables_in_appendix=False)  # fmt: skip
    doc = writer.to_document(report)
    assert not doc.appendix
    assert doc.number == "Số       -BC/HU"
    assert doc.intro and doc.intro[0].startswith("Thực hiện Chỉ thị số 05-CT/TW")
    tables = {s.heading: s.tables for s in doc.sections if s.tables}
    plans = tables["2. Xây dựng kế hoạch và bản cam kết làm theo Bác"]
    assert [t.caption.split(".")[0] for t in plans] == ["Bảng 1", "Bảng 2"]
    years = plans[0].rows
    assert years[0][:3] == ["2019", 3, 2] and years[1][2] == 3
    assert years[1][5] == _recount(cast, RecordKind.COMMITMENT, LAST)
    children = plans[1]
    assert children.total_row and children.rows[-1][0] == "Toàn Đảng bộ huyện An Bình"
    assert [row[0] for row in children.rows[:-1]] == ["Đảng bộ xã Lục Bình", "Chi bộ thôn Nà Pài",
                                                      "Đảng bộ xã Vũ Muộn"]  # fmt: skip
    assert children.indent == [0, 1, 0, 0]
    assert tables["3. Kết quả đánh giá, xếp loại"][0].caption.startswith("Bảng 3.")


def test_by_default_the_tables_go_to_a_phu_luc_cited_where_they_belong(district):
    cast = district
    report = Report(org=cast.district_a, kind=ReportKind.INTERIM, year_from=FIRST, year_to=LAST, issuer="X",
                    number="125-BC/HU", place="An Bình", issued_on=datetime.date(2020, 11, 20), title="T",
                    sections=writer.draft(cast.district_a, FIRST, LAST, ReportKind.INTERIM))  # fmt: skip
    assert report.tables_in_appendix  # what a Party office sends
    doc = writer.to_document(report)
    assert not any(s.tables for s in doc.sections)
    assert [t.caption.split(".")[0] for t in doc.appendix] == ["Bảng 1", "Bảng 2", "Bảng 3", "Bảng 4"]
    assert all(t.numbered for t in doc.appendix)
    assert doc.appendix_note == "(Kèm theo Báo cáo số 125-BC/HU, ngày 20-11-2020 của Huyện ủy An Bình)"
    paragraphs = {s.heading: s.paragraphs for s in doc.sections}
    assert paragraphs["2. Xây dựng kế hoạch và bản cam kết làm theo Bác"][-1] == (
        "(Chi tiết tại Bảng 1 và Bảng 2, Phụ lục kèm theo.)"
    )
    assert paragraphs["3. Kết quả đánh giá, xếp loại"][-1] == "(Chi tiết tại Bảng 3, Phụ lục kèm theo.)"


def _queries(org: Org) -> int:
    with CaptureQueriesContext(connection) as ctx:
        writer.draft(org, FIRST, LAST, ReportKind.INTERIM)
    return len(ctx)


def test_the_draft_reads_as_many_queries_whatever_the_number_of_orgs(activities):
    cast = activities
    before = _queries(cast.district_a)
    for i in range(4):
        commune = OrgFactory(
            name=f"Đảng bộ xã Mới {i}", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=cast.district_a
        )
        OrgFactory(name=f"Chi bộ thôn Mới {i}", parent=commune)
    assert _queries(cast.district_a) == before


# --- What goes out on paper: the rules a Party office checks ----------------------------------------------


def test_a_sơ_kết_has_every_section_a_party_office_expects(cast):
    sections = writer.draft(cast.district_a, 2016, 2020, ReportKind.INTERIM)
    headings = " ".join(s["heading"] for s in sections)
    for expected in (
        "Công tác tuyên truyền", "Kết quả thực hiện các nội dung đột phá", "nêu gương của cấp ủy, người đứng đầu",
        "Hạn chế, nguyên nhân", "Bài học kinh nghiệm", "ĐỀ XUẤT, KIẾN NGHỊ",
    ):  # fmt: skip
        assert expected in headings
    text = by_key(sections)
    # where the figures cannot speak, a prompt for the officer
    for key in ("lead.propaganda", "results.breakthroughs", "results.leaders", "proposals"):
        assert re.search(r"\[[^\]]+\]", text[key]), key


def test_the_draft_says_the_day_its_figures_stand_at_in_party_style(cast):
    text = by_key(writer.draft(cast.district_a, 2016, 2020, ReportKind.INTERIM))
    assert "(Số liệu tính đến ngày 31-12-2020.)" in text["intro"]
    everything = " ".join(text.values())
    assert not re.search(r"ngày \d{1,2}/\d{1,2}/\d{4}", everything)  # never 15/05/2016 in the running text
    assert "ngày 15-5-2016" in text["intro"]


def test_one_years_theme_is_told_as_that_years(activities):
    text = by_key(writer.draft(activities.district_a, LAST, LAST, ReportKind.INTERIM))["lead"]
    assert "Năm 2020, Huyện ủy chỉ đạo tổ chức học tập chuyên đề “Chuyên đề năm 2020”." in text
    assert "Hằng năm" not in text


def test_the_draft_does_not_call_every_action_concrete_then_count_the_concrete_ones(activities):
    text = " ".join(by_key(writer.draft(activities.district_a, 2016, 2025, ReportKind.FINAL)).values())
    assert not re.search(r"ít nhất \d+ việc làm cụ thể", text)


# --- An exemplar is named with the cell and the đảng bộ it belonged to in the report's year ---------------


def test_an_exemplar_is_named_with_the_units_as_they_were_called_in_the_reports_year(activities):
    cast = activities
    org_services.org_update(
        actor=None, org=cast.commune_a1, name="Đảng bộ xã Lục Bình Mới", code=cast.commune_a1.code,
        kind=cast.commune_a1.kind, sort_order=cast.commune_a1.sort_order, on=datetime.date(2021, 1, 1),
    )  # fmt: skip
    then = by_key(writer.draft(cast.district_a, LAST, LAST, ReportKind.INTERIM))["results.models"]
    assert "- Đồng chí Nông Văn Dũng, đảng viên Chi bộ thôn Nà Pài, Đảng bộ xã Lục Bình (“" in then
    later = by_key(writer.draft(cast.district_a, LAST, 2021, ReportKind.INTERIM))["results.models"]
    assert "- Đồng chí Nông Văn Dũng, đảng viên Chi bộ thôn Nà Pài, Đảng bộ xã Lục Bình Mới (“" in later
    # the commune's own report does not name the commune again; a non-member is not called "đồng chí"
    own = by_key(writer.draft(cast.commune_a1, LAST, LAST, ReportKind.INTERIM))["results.models"]
    assert "- Đồng chí Nông Văn Dũng, đảng viên Chi bộ thôn Nà Pài (“" in own
    Person.objects.filter(pk=cast.colleague.pk).update(kind=PersonKind.OTHER, gender="male")
    text = by_key(writer.draft(cast.district_a, LAST, LAST, ReportKind.INTERIM))["results.models"]
    assert "- Ông Nông Văn Dũng, Chi bộ thôn Nà Pài, Đảng bộ xã Lục Bình (“" in text


# --- Nothing dated after the day the figures stand at ---------------------------------------------------


@pytest.mark.parametrize("offset", [0, 1])
def test_no_fact_dated_after_the_day_the_figures_stand_at_is_told(activities, offset):
    """Each kind of dated fact is put on the as-of day (told) or the day after (not told)."""
    cast = activities
    as_of = datetime.date(LAST, 6, 30)
    day = as_of + datetime.timedelta(days=offset)
    study.study_create(
        actor=None, org=cast.cell_a1,
        data=study.StudyInput(held_on=day, kind=StudyKind.THEMATIC, topic="Chuyên đề thêm", minutes="Biên bản"),
    )  # fmt: skip
    period = Period.objects.get(org=cast.district_a, year=LAST)
    cycle.document_attach(
        actor=None, period=period, number="77-HD/HU", kind=DocumentKind.GUIDANCE, issued_on=day,
        issuer="Huyện ủy An Bình", title="Hướng dẫn sơ kết Chỉ thị 05", upload=None,
    )  # fmt: skip
    pilots.pilot_create(
        actor=None, org=cast.commune_a2,
        data=pilots.PilotInput(name="Mô hình “Nước sạch” ở xã Vũ Muộn", started_on=day,
                               status=PilotStatus.PILOTING, results="", replicated_to=[]),
    )  # fmt: skip
    late = exemplars.exemplar_nominate(
        actor=None, org=cast.cell_a1, person=cast.member_person, title="Gương sáng", achievements="Hiến đất",
        nominated_on=day,
    )  # fmt: skip
    exemplars.exemplar_verify(actor=None, exemplar=late)
    exemplars.commendation_add(
        actor=None, exemplar=late, form=CommendationForm.MERIT, decision_number="99/QĐ-UBND", decided_on=day,
        issuer="UBND tỉnh",
    )  # fmt: skip
    facts = writer.gather(cast.district_a, LAST, LAST, as_of=as_of)
    text = " ".join(by_key(writer.compose(facts, ReportKind.INTERIM)).values())
    assert "(Số liệu tính đến ngày 30-6-2020.)" in text
    told = offset == 0
    assert ("77-HD/HU" in text) is told
    assert ("“Nước sạch”" in text) is told
    assert ("99/QĐ-UBND" in text) is told
    assert ("1 mô hình điểm" in text) is not told and ("2 mô hình điểm" in text) is told
    # the study sessions before (5-3-2020, in the fixture) and on the day count; one after does not
    assert f"tổ chức {2 if told else 1} buổi học tập chuyên đề" in text
    for found in re.findall(r"ngày (\d{1,2})-(\d{1,2})-(\d{4})", text):
        day_told = datetime.date(int(found[2]), int(found[1]), int(found[0]))
        assert day_told <= as_of, day_told
