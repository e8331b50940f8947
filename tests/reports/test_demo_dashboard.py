"""The dashboard on the demo district states the article's figures: ~250 collectives and 3,000+ people with a
plan or commitment every year, 10/10 cells of Lục Bình studied the 2020 theme, the trend from 2016."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lamtheobac.organisation.demo.bach_thong import ROOT_CODE
from lamtheobac.organisation.models import Org, OrgKind

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(demo_db) -> None:
    """The session's demo (tests/demo_db.py), copied into the database for this module."""


@pytest.fixture
def officer(seeded, client):
    client.force_login(User.objects.get(username="chuyenvien"))
    return client


def test_the_district_dashboard_for_2020_states_the_article(officer):
    with CaptureQueriesContext(connection) as queries:
        response = officer.get(reverse("reports:dashboard"), {"year": 2020})
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


def test_luc_binh_shows_ten_of_ten_cells_studied_in_2020(officer):
    luc_binh = Org.objects.get(name="Đảng bộ xã Lục Bình", kind=OrgKind.GRASSROOTS_COMMITTEE)
    response = officer.get(reverse("reports:dashboard"), {"org": luc_binh.pk, "year": 2020})
    total = response.context["total"]
    assert (total.cells_studied, total.cells) == (10, 10)
    assert "10/10" in response.content.decode()
    district = officer.get(reverse("reports:dashboard"), {"year": 2020})
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


def test_the_root_is_the_demo_district(seeded):
    assert Org.objects.get(code=ROOT_CODE).parent_id is None


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
    assert "HUYỆN ỦY BẠCH THÔNG" in cells and "ĐẢNG BỘ TỈNH BẮC KẠN" in cells and "ĐẢNG CỘNG SẢN VIỆT NAM" in cells
    assert "Số 125-BC/HU" in cells and "T/M BAN THƯỜNG VỤ" in cells
    assert "BÁO CÁO" in text and "Sơ kết 5 năm" in text
    assert "253 tập thể" in text and "3.073" in text  # gần 250 tập thể, trên 3.000 đảng viên, cá nhân
    assert "xã Lục Bình 10/10" in text
