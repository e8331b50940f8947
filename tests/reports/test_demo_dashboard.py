"""The dashboard on the demo district states the article's figures: ~250 collectives and 3,000+ people with a
plan or commitment every year, 10/10 cells of Lục Bình studied the 2020 theme, the trend from 2016; the report
writer gives the demo's sơ kết 2016 – 2020 as a Party report."""

from __future__ import annotations

import datetime
import io
import json
import re
from collections import Counter

import docx
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lamtheobac.cycle.models import Period, Record, RecordKind
from lamtheobac.cycle.workflow import filed_q
from lamtheobac.demo import reports as demo_reports
from lamtheobac.demo.data.bach_thong import ROOT_CODE
from lamtheobac.demo.era import OLD_PROVINCE_CODE, PROVINCE_CODE, REORGANISED_ON
from lamtheobac.lib.formatting import number
from lamtheobac.organisation import lineage
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation.models import Lineage, LineageKind, Org, OrgKind, Reorganisation
from lamtheobac.reports import docx as renderer
from lamtheobac.reports import selectors as reports_selectors
from lamtheobac.reports import writer
from lamtheobac.reports.document import ReportDocument
from lamtheobac.reports.docx import header_layout
from lamtheobac.reports.models import ReportKind
from lamtheobac.reports.services import counters

from .pdf import docx_to_pdf, pdf_lines, soffice, vietnamese_times, wrong_breaks
from .test_report_views import _all_text, _word

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(demo_db) -> None:
    """The session's demo (tests/demo_db.py), copied into the database for this module."""


@pytest.fixture
def officer(seeded, client):
    client.force_login(User.objects.get(username="chuyenvien"))
    return client


def _district() -> Org:
    return Org.objects.get(code=ROOT_CODE)


def test_the_district_dashboard_for_2020_states_the_article(officer):
    with CaptureQueriesContext(connection) as queries:
        response = officer.get(reverse("reports:dashboard"), {"org": _district().pk, "year": 2020})
    assert response.status_code == 200
    total = response.context["total"]
    assert (
        240 <= total.plans_filed <= 260 and total.plans_filed == total.orgs_required
    )  # "gần 250 tập thể", 100%
    assert total.commitments_filed > 3000 and total.commitments_filed == total.people_required  # "trên 3.000"
    html = response.content.decode()
    assert f"{total.commitments_filed:,}".replace(",", ".") in html
    assert len(response.context["board"].children) >= 20
    # the page reads a bounded number of queries however many communes the district has
    assert len(queries) <= 40, len(queries)


def test_a_nonparty_clerks_commitment_is_in_the_nonparty_column(officer):
    """The demo's school clerks (viên chức văn thư, not Party members) file commitments: the dashboard counts
    them in the non-party column, never among the đảng viên."""
    clerk_record = (
        Record.objects.filter(
            filed_q(),
            kind=RecordKind.COMMITMENT,
            year=2020,
            person__position__icontains="văn thư",
            person__kind="public_employee",
        )
        .select_related("person")
        .first()
    )
    assert clerk_record is not None
    response = officer.get(reverse("reports:dashboard"), {"org": _district().pk, "year": 2020})
    total = response.context["total"]
    assert total.commitments_filed_nonparty >= 1
    assert total.commitments_filed_party + total.commitments_filed_nonparty == total.commitments_filed
    assert "ngoài Đảng" in response.content.decode()
    cell = officer.get(reverse("reports:dashboard"), {"org": clerk_record.org_id, "year": 2020}).context[
        "total"
    ]
    assert cell.commitments_filed_nonparty >= 1


def test_luc_binh_shows_ten_of_ten_cells_studied_in_2020(officer):
    luc_binh = Org.objects.get(name="Đảng bộ xã Lục Bình", kind=OrgKind.GRASSROOTS_COMMITTEE)
    response = officer.get(reverse("reports:dashboard"), {"org": luc_binh.pk, "year": 2020})
    total = response.context["total"]
    assert (total.cells_studied, total.cells) == (10, 10)
    assert "10/10" in response.content.decode()
    district = officer.get(reverse("reports:dashboard"), {"org": _district().pk, "year": 2020})
    row = next(r for r in district.context["board"].children if r.org.pk == luc_binh.pk)
    assert (row.figures.cells_studied, row.figures.cells) == (10, 10)


def test_the_trend_is_drawn_from_2016(officer):
    response = officer.get(reverse("reports:dashboard"), {"year": 2020})
    history = response.context["history"]
    assert history[0].year == 2016 and history[-1].year == timezone.localdate().year
    first_five = [h for h in history if h.year <= 2020]
    assert all(h.plans_filed >= 230 and h.commitments_filed > 2800 for h in first_five)
    assert sum(h.exemplars_commended for h in first_five) > 100  # "hàng trăm gương điển hình"
    trend = next(c for c in response.context["charts"] if c["id"] == "chart-trend")
    assert trend["labels"][:5] == [2016, 2017, 2018, 2019, 2020]


def test_the_district_stood_under_bac_kan_and_the_province_is_the_root_today(seeded):
    district = _district()
    assert org_selectors.span_in(district, 2020).parent.code == OLD_PROVINCE_CODE
    assert Org.objects.get(parent=None).code == PROVINCE_CODE
    assert Org.objects.get(code=OLD_PROVINCE_CODE).merged_into.code == PROVINCE_CODE


def test_the_demo_sơ_kết_downloads_as_word_and_states_the_figures(officer):
    from docx import Document

    from lamtheobac.reports.models import Report

    report = Report.objects.get(org__code=ROOT_CODE, year_from=2016, year_to=2020)
    response = officer.get(reverse("reports:report-docx", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert (
        "HUYỆN ỦY BẠCH THÔNG" in cells
        and "ĐẢNG BỘ TỈNH BẮC KẠN" in cells
        and "ĐẢNG CỘNG SẢN VIỆT NAM" in cells
    )
    assert "Số 125-BC/HU" in cells and "T/M BAN THƯỜNG VỤ" in cells
    assert "BÁO CÁO" in text and "Sơ kết 5 năm" in text
    assert "253 tập thể" in text and "3.073" in text  # gần 250 tập thể, trên 3.000 đảng viên, cá nhân
    assert "xã Lục Bình 10/10" in text


# --- The report writer on the demo: Huyện ủy Bạch Thông's sơ kết 2016 – 2020 ---------------------------------


@pytest.fixture
def demo_report(seeded) -> int:
    return demo_reports.build().pk  # the demo's report, replaced by a new one as seed_demo writes it


def test_the_demo_sơ_kết_downloads_as_a_party_report_stating_the_articles_figures(demo_report, client):
    client.force_login(User.objects.get(username="chuyenvien"))
    response = client.get(reverse("reports:report-docx", args=[demo_report]))
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="bao-cao-so-ket-2016-2020-huyen-uy-bach-thong.docx"'
    )
    word = _word(response)
    left, right = word.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "ĐẢNG BỘ TỈNH BẮC KẠN",
        "HUYỆN ỦY BẠCH THÔNG",
        "*",
        "Số 125-BC/HU",
    ]
    assert "Bạch Thông, ngày 20 tháng 11 năm 2020" in right.text
    text = _all_text(word)
    assert "Sơ kết 5 năm thực hiện Chỉ thị số 05-CT/TW" in text
    root = Org.objects.get(code=ROOT_CODE)
    filed = Record.objects.filter(year=2020, submitted_at__isnull=False).exclude(org=root)
    plans, commitments = (
        filed.filter(kind=RecordKind.PLAN).count(),
        filed.filter(kind=RecordKind.COMMITMENT).count(),
    )
    assert 245 <= plans <= 260 and commitments >= 3000
    assert f"năm 2020 đạt 100% ({plans}/{plans} tập thể, {number(commitments)}/{number(commitments)}" in text
    assert "Hằng năm, toàn huyện có " in text and "xây dựng bản cam kết tu dưỡng, rèn luyện, phấn đấu" in text
    assert "xã Lục Bình 10/10" in text
    assert "gương điển hình được các cấp biểu dương, khen thưởng" in text
    assert "T/M BAN THƯỜNG VỤ" in text and "Nơi nhận:" in text


# --- The reorganisation of 1/7/2025 ----------------------------------------------------------------

FIGURES = ("orgs_required", "plans_filed", "people_required", "commitments_filed", "commitments_approved")


def _figures(*args: str) -> dict:
    out = io.StringIO()
    call_command("figures", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_district_reads_its_2020_figures_as_it_was_after_the_reorganisation(seeded):
    district = _district()
    assert not district.active and district.ended_on == REORGANISED_ON - datetime.timedelta(days=1)
    # applied through the product's reorganise, with the mapping file kept in the repo
    batch = Reorganisation.objects.get(source="reorganisation-2025.csv")
    assert (
        Lineage.objects.filter(reorganisation=batch, kind=LineageKind.MERGE, predecessor=district).count()
        == 0
    )
    assert Lineage.objects.filter(reorganisation=batch, kind=LineageKind.END, predecessor=district).exists()
    figures = _figures("--org", ROOT_CODE, "--year", "2020")
    assert figures["plans_filed"] == figures["plans_required"] == 253  # the article's 253/253
    assert figures["commitments_filed"] == figures["people_required"] == 3073  # and 3,073/3,073
    luc_binh = _figures("--org", "BT-LB", "--year", "2020")
    assert (luc_binh["cells_studied"], luc_binh["cells"]) == (10, 10)


def test_the_new_commune_carries_the_2020_figures_of_what_it_took_in(seeded):
    phu_thong, district = Org.objects.get(code="TN-PT"), _district()
    assert not org_selectors.exists_in(phu_thong, 2020)
    # the units directly under the district in 2020 that sit under Phủ Thông today
    then = org_selectors.children_in_year(district.pk, 2020).values_list("org_id", flat=True)
    taken = Org.objects.filter(pk__in=list(then), path__startswith=phu_thong.path)
    codes = set(taken.values_list("code", flat=True))
    assert {"BT-PT", "BT-LB", "BT-TT", "BT-VH"} <= codes and "BT-VM" not in codes
    carried = reports_selectors.dashboard(phu_thong, 2020, lineage=True).total
    for name in FIGURES:
        assert getattr(carried, name) == sum(
            getattr(reports_selectors.dashboard(o, 2020).total, name) for o in taken
        ), name
    assert carried.plans_filed > 0
    words = lineage.carried_words(phu_thong, 2020)
    assert all(
        f"{name}," in words for name in ("thị trấn Phủ Thông", "xã Lục Bình", "xã Tân Tú", "xã Vi Hương")
    )
    assert "Vũ Muộn" not in words and "01/07/2025" in words
    assert (
        _figures("--org", "TN-PT", "--year", "2020", "--lineage")["commitments_filed"]
        == carried.commitments_filed
    )


def test_the_province_shows_its_own_figures_this_year(officer):
    province = Org.objects.get(code=PROVINCE_CODE)
    year = timezone.localdate().year
    response = officer.get(reverse("reports:dashboard"), {"org": province.pk, "year": year})
    total = response.context["total"]
    board = reports_selectors.dashboard(province, year).total
    assert (total.commitments_filed, total.plans_filed) == (board.commitments_filed, board.plans_filed)
    filed = Record.objects.filter(filed_q(), year=year)
    assert total.commitments_filed == filed.filter(kind=RecordKind.COMMITMENT).count() > 2500
    # the provincial bodies the file created have their people and records
    for code in ("TN-CQD-TGDV", "TN-UBND-SYT-VP"):
        assert Record.objects.filter(year=year, org__code=code, kind=RecordKind.COMMITMENT).count() >= 5, code
    this, last = (Period.objects.get(org=province, year=y) for y in (year, year - 1))
    assert this.theme != last.theme


def test_the_maintained_counts_agree_with_a_recount_after_the_seed(seeded):
    assert counters.reconcile(repair=False) == []


# --- The draft never says one thing and then the opposite ------------------------------------------------


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=\.)\s+|\n+", text) if s.strip()]


def test_the_demo_districts_draft_words_each_rule_as_a_rule_and_its_measure_as_a_share(seeded):
    """Huyện ủy Bạch Thông's sơ kết 2016 – 2020: the rule on concrete actions and the share measured against
    it are one requirement and one figure, never two facts that disagree; the listed counts add up."""
    text = {s["key"]: s["text"] for s in writer.draft(_district(), 2016, 2020, ReportKind.INTERIM)}
    plans = text["results.plans"]
    rules = [s for s in _sentences(plans) if "ít nhất 3 việc làm" in s]
    assert (
        len(rules) == 1
        and "phải đăng ký ít nhất 3 việc làm" in rules[0]
        and "mỗi việc làm phải cụ thể" in rules[0]
    )
    assert not re.search(r"\d", rules[0].replace("ít nhất 3", ""))  # a rule states no result
    measured = re.search(
        r"có ([\d.]+)/([\d.]+) việc làm đăng ký \((\d+(?:,\d)?)%\) đạt yêu cầu cụ thể", plans
    )
    assert measured, plans
    concrete, actions = (int(g.replace(".", "")) for g in measured.groups()[:2])
    assert 0 < concrete < actions  # the demo's 76,1%: the share is below the rule, and said so
    everything = " ".join(text.values())
    assert not re.search(r"ít nhất \d+ việc làm cụ thể", everything)
    assert not any("ít nhất" in s and "%" in s for s in _sentences(everything))
    # the kinds of inspection add up to the inspections done, counted on the tree of each year
    checks = re.search(r"đã tiến hành (\d+)/(\d+) cuộc .*?gồm (\d+) cuộc kiểm tra và (\d+) cuộc giám sát",
                       text["results.inspections"])  # fmt: skip
    assert checks, text["results.inspections"]
    done, _planned, inspected, supervised = (int(g) for g in checks.groups())
    assert inspected + supervised == done
    # the exemplars listed are among those counted as commended, and the main pilot models are named
    models = text["results.models"]
    commended = int(re.search(r"(\d+) gương điển hình được các cấp biểu dương", models).group(1))
    listed = models.count("\n- ")
    assert commended >= listed >= 1
    assert "Tiêu biểu như: mô hình" in models
    # dates in the running text as a Party report writes them, those typed in a title or a name included
    assert "Chỉ thị số 05-CT/TW ngày 15-5-2016" in text["lead"]
    phu_thong = Org.objects.get(code="TN-PT")
    carried = " ".join(s["text"] for s in writer.draft(phu_thong, 2016, 2025, ReportKind.FINAL))
    assert "trước 1-7-2025" in carried
    for found in (everything, carried):
        assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", found)


# --- The header of a report by any org of the demo -------------------------------------------------------


def _headers_printed(docs: list[ReportDocument], folder) -> list[str]:
    """The header blocks of ``docs``, laid out by the renderer one after another in one Word file (the page
    and styles of a report), printed through LibreOffice once."""
    word = docx.Document()
    renderer._setup_styles(word)
    renderer._setup_page(word)
    for doc in docs:
        renderer._add_heading_block(word, doc)
        word.add_paragraph()
    out = io.BytesIO()
    word.save(out)
    pdf, result = docx_to_pdf(out.getvalue(), folder, "headers")
    assert result.returncode == 0 and pdf.exists(), result.stderr + result.stdout
    return pdf_lines(pdf)


def test_no_org_of_the_demo_has_its_name_broken_in_the_wrong_place(seeded, tmp_path):
    """The header of a report by every org of the demo tree, as it was called on its last day (the ended
    district and communes too), printed: each name stands on exactly the lines the header set it on, one
    line while it holds there at 11 pt or more, else broken between the parts of the name."""
    vietnamese_times()
    soffice()
    today = timezone.localdate()
    pairs = sorted(
        {
            (h.superior, h.issuer)
            for h in (org_selectors.header_for(o, on=o.ended_on or today) for o in Org.objects.all())
        }
    )
    assert len(pairs) > 200
    docs = [
        ReportDocument(superior=superior, issuer=issuer, number="Số 12-BC/ĐU", place="Phủ Thông",
                       date=datetime.date(2026, 2, 5), title="T")
        for superior, issuer in pairs
    ]  # fmt: skip
    lines = _headers_printed(docs, tmp_path)
    wanted: Counter[str] = Counter()
    for doc in docs:
        _width, left, right = header_layout(doc)
        assert [line.size for line in right] == [15, 14]  # the title and the date never give way to a name
        by_name = {line.text.replace("\n", " "): line for line in left}
        for name in (doc.superior, doc.issuer):
            if not name:  # a root (Tỉnh ủy) has no superior line
                continue
            line = by_name[name]
            parts = line.text.split("\n")
            assert not wrong_breaks(parts), (name, parts)  # broken, if at all, between the parts of the name
            assert line.size >= 11
            wanted.update(parts)
    # every line the header set stands whole on a line of print, as many times as it was set: LibreOffice
    # wrapped nothing of its own
    printed = Counter(lines)
    short = {part: (n, printed[part]) for part, n in wanted.items() if printed[part] < n}
    assert not short, short


@pytest.mark.parametrize("code", [ROOT_CODE, PROVINCE_CODE])
@pytest.mark.parametrize("year", [2020, 2026])
@pytest.mark.parametrize("carried", [False, True])
def test_the_excel_tree_read_a_part_at_a_time_is_the_dashboards_tree(seeded, code, year, carried):
    """The big workbook reads its tree's names and figures a part at a time (the country's 302,000 rows
    are never held at once): the same rows, levels and figures as the dashboard's tree built in memory."""
    org = Org.objects.get(code=code)
    assert reports_selectors.is_built(year)
    levels, rows = reports_selectors.tree_figures(org, year, lineage=carried, part=7)
    whole = reports_selectors.dashboard(org, year, lineage=carried, with_tree=True).tree
    found = [(level, name, figures) for level, (name, figures) in zip(levels, rows, strict=True)]
    assert found == whole
    # empty only where the org had no tree: as it was, a year it did not stand in; carried, an ended org
    assert len(whole) > 7 or (not org.active if carried else not org_selectors.exists_in(org, year))
