"""The dashboard pages: who sees which org, drill-down and breadcrumbs, charts with their tables, Excel."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lamtheobac.cycle import services
from lamtheobac.cycle.models import RecordState
from tests import sheets
from tests.cycle.builders import YEAR, bring_to, make_commitment, make_plan, open_year

pytestmark = pytest.mark.django_db

URL = reverse("reports:dashboard")
XLSX = reverse("reports:dashboard-xlsx")
ROWS = reverse("reports:dashboard-rows")


@pytest.fixture
def year_a(cast):
    """The year opened at district A; the member's commitment approved, the cell's plan submitted."""
    open_year(cast.district_a)
    open_year(cast.district_b)
    bring_to(make_commitment(person=cast.member_person), RecordState.APPROVED, writer=None, leader=None)
    bring_to(make_plan(org=cast.cell_a1), RecordState.SUBMITTED, writer=None, leader=None)
    bring_to(make_commitment(person=cast.secret_person), RecordState.SUBMITTED, writer=None, leader=None)
    return cast


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_officer_sees_the_district_with_one_row_per_child(year_a, client_for):
    cast = year_a
    response = client_for(cast.officer).get(URL, {"year": YEAR})
    assert response.status_code == 200
    text = _text(response)
    assert f"Thống kê năm {YEAR}" in text and "Đảng bộ huyện An Bình" in text
    rows = response.context["board"].children
    assert [r.org.name for r in rows] == ["Đảng bộ xã Lục Bình", "Đảng bộ xã Vũ Muộn"]
    assert response.context["total"].commitments_filed == 1
    assert response.context["total"].commitments_approved == 1
    # a drill-down link per child, keeping the year
    html = response.content.decode()
    assert f'href="?org={cast.commune_a1.pk}&amp;year={YEAR}"' in html
    # every row of the child table has one cell per column heading, each labelled for phones
    table = html[html.index('class="compact stack dashboard-children"') :]
    table = table[: table.index("</table>")]
    headings = table[: table.index("</thead>")].count('<th scope="col"')
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    for row in body.split("<tr>")[1:]:
        assert row.count("<td") == headings
        assert row.count("data-label=") == headings - 1
    for secret in ("Bí Mật", "Xuất Hóa", "Khuổi Chắp", "Bắc Sơn"):
        assert secret not in text


def test_many_child_orgs_are_shown_by_kind_with_the_whole_list_on_demand(year_a, client_for, monkeypatch):
    """Past ``FOLD_AT`` children (a province's 340 units) the page sums them by kind; the list of every one of
    them comes when the reader opens it (``reports:dashboard-rows``), or in the page with ``rows=all``."""
    from lamtheobac.reports import views

    cast = year_a
    client = client_for(cast.officer)
    names = ["Đảng bộ xã Lục Bình", "Đảng bộ xã Vũ Muộn"]
    monkeypatch.setattr(views, "FOLD_AT", 1)
    response = client.get(URL, {"year": YEAR})
    groups = response.context["groups"]
    assert [(g.count, g.figures.commitments_filed) for g in groups] == [(2, 1)]
    assert sum(g.figures.people_required for g in groups) == sum(
        r.figures.people_required for r in response.context["board"].children
    )
    html = response.content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    assert "(2 đơn vị)" in _text(response) and not any(name in body for name in names)
    assert f'hx-get="{ROWS}?org={cast.district_a.pk}&amp;year={YEAR}&amp;view=' in html
    rows = client.get(ROWS, {"org": cast.district_a.pk, "year": YEAR})
    assert rows.status_code == 200 and [n for n in names if n in rows.content.decode()] == names
    assert f'href="?org={cast.commune_a1.pk}&amp;year={YEAR}"' in rows.content.decode()
    whole = client.get(URL, {"year": YEAR, "rows": "all"})
    assert whole.context["groups"] is None and all(name in _text(whole) for name in names)
    monkeypatch.setattr(views, "FOLD_AT", 60)
    assert client.get(URL, {"year": YEAR}).context["groups"] is None  # a district's few rows: listed


def test_names_in_the_child_table_are_escaped(year_a, client_for):
    cast = year_a
    cast.commune_a1.name = 'Xã <b onclick="x()">Lục & Bình</b>'
    cast.commune_a1.save()
    html = client_for(cast.officer).get(URL, {"year": YEAR}).content.decode()
    assert "<b onclick" not in html
    escaped = "Xã &lt;b onclick=&quot;x()&quot;&gt;Lục &amp; Bình&lt;/b&gt;"
    assert f"{escaped}</a>" in html  # the child table
    assert f'<th scope="row">{escaped}</th>' in html  # a chart's number table


def test_drilling_down_shows_breadcrumbs_back_up_within_the_scope(year_a, client_for):
    cast = year_a
    response = client_for(cast.officer).get(URL, {"org": cast.cell_a1.pk, "year": YEAR})
    crumbs = [o.name for o in response.context["crumbs"]]
    # the province is above the officer's scope: the trail starts at the district
    assert crumbs == ["Đảng bộ huyện An Bình", "Đảng bộ xã Lục Bình", "Chi bộ thôn Nà Pài"]
    leader = client_for(cast.leader).get(URL, {"org": cast.cell_a1.pk, "year": YEAR})
    assert [o.name for o in leader.context["crumbs"]] == ["Đảng bộ xã Lục Bình", "Chi bộ thôn Nà Pài"]


def test_breadcrumbs_of_a_year_counted_as_it_was_follow_that_years_tree(year_a, client_for):
    """Renamed and moved since: a past year's trail names the units as they stood then; this year's, as now."""
    import datetime

    from lamtheobac.organisation import services as org_services

    cast, on = year_a, datetime.date(YEAR, 1, 1)
    org_services.org_update(
        actor=None,
        org=cast.commune_a1,
        name="Đảng bộ xã Lục Bình Mới",
        code=cast.commune_a1.code,
        kind=cast.commune_a1.kind,
        sort_order=cast.commune_a1.sort_order,
        on=on,
    )
    client = client_for(cast.officer)
    past = client.get(URL, {"org": cast.cell_a1.pk, "year": YEAR - 1})
    assert [o.name for o in past.context["crumbs"]][1] == "Đảng bộ xã Lục Bình"
    now = client.get(URL, {"org": cast.cell_a1.pk, "year": YEAR})
    assert [o.name for o in now.context["crumbs"]][1] == "Đảng bộ xã Lục Bình Mới"


def test_the_leader_starts_at_the_commune(year_a, client_for):
    response = client_for(year_a.leader).get(URL, {"year": YEAR})
    assert response.context["org"] == year_a.commune_a1
    assert response.context["total"].people_required == 2  # the member and the colleague


@pytest.mark.parametrize("role", ["officer", "inspector", "leader"])
def test_an_org_outside_the_scope_is_not_found(year_a, client_for, role):
    client = client_for(year_a.actors()[role])
    for url in (URL, XLSX, ROWS):
        for org in (year_a.district_b, year_a.cell_b1):
            assert client.get(url, {"org": org.pk, "year": YEAR}).status_code == 404
    leader = client_for(year_a.leader)
    assert leader.get(URL, {"org": year_a.district_a.pk}).status_code == 404  # above the leader


def test_the_outsider_cannot_read_district_a(year_a, client_for):
    client = client_for(year_a.outsider)
    response = client.get(URL, {"org": year_a.district_a.pk, "year": YEAR})
    assert response.status_code == 404
    own = client.get(URL, {"year": YEAR})
    assert own.context["org"] == year_a.district_b
    assert "Lục Bình" not in _text(own)


def test_a_member_is_sent_home(year_a, client_for):
    response = client_for(year_a.member).get(URL)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client_for(year_a.member).get(URL, {"org": year_a.cell_a1.pk}).status_code in (403, 404)


def test_bad_years_are_not_found(year_a, client_for):
    client = client_for(year_a.officer)
    assert client.get(URL, {"year": "1800"}).status_code == 404
    assert client.get(URL, {"year": "abc"}).status_code == 200  # falls back to this year


def test_every_chart_has_its_numbers_in_a_table(year_a, client_for):
    response = client_for(year_a.officer).get(URL, {"year": YEAR})
    html = response.content.decode()
    charts = response.context["charts"]
    assert {c["id"] for c in charts} >= {"chart-children", "chart-ratings"}
    for chart in charts:
        data = re.search(
            rf'<script id="{chart["data_id"]}" type="application/json">(.*?)</script>', html, re.S
        )
        assert data, chart["id"]
        assert json.loads(data.group(1))["labels"] == chart["labels"]
        assert f'data-chart="{chart["data_id"]}"' in html
    children = next(c for c in charts if c["id"] == "chart-children")
    # Lục Bình: 1 of 2 people filed → 50%; its numbers are printed in the table next to the chart
    assert children["series"][1]["data"][0] == 50.0
    assert "50%" in _text(response)


def test_the_trend_runs_from_the_first_year_with_records(year_a, client_for):
    open_year(year_a.district_a, year=YEAR - 3, plan_deadline=None, commitment_deadline=None)
    old = make_commitment(person=year_a.member_person, year=YEAR - 3)
    services.record_submit(actor=None, record=old)
    response = client_for(year_a.officer).get(URL, {"year": YEAR})
    assert [h.year for h in response.context["history"]] == list(range(YEAR - 3, YEAR + 1))
    trend = next(c for c in response.context["charts"] if c["id"] == "chart-trend")
    assert trend["series"][1]["data"] == [1, 0, 0, 1]


def test_the_workbook_has_one_sheet_per_table_with_numbers_as_numbers(year_a, client_for):
    response = client_for(year_a.officer).get(XLSX, {"year": YEAR})
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="thong-ke-{YEAR}-dang-bo-huyen-an-binh.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Đơn vị trực thuộc", "Cây tổ chức", "Xếp loại", "Qua các năm"]
    units = book["Đơn vị trực thuộc"]
    assert sheets.header(units)[0] == "Đơn vị" and sheets.header(units)[6] == "Đã nộp bản cam kết"
    assert sheets.freezes_header(units)
    assert sheets.width(units, 0) == 44
    rows = {r[0]: r for r in sheets.rows(units)}
    assert rows["Đảng bộ xã Lục Bình"][5:8] == (2, 1, 0.5)
    assert rows["Toàn Đảng bộ huyện An Bình"][6] == 1
    first = sheets.rows(units, cells=True)[0]
    assert first[7].number_format == "0.0%" and first[5].number_format == "#,##0"
    tree = book["Cây tổ chức"]
    names = [(row[0].value, row[0].alignment.indent) for row in sheets.rows(tree, cells=True)]
    assert names[:3] == [("Đảng bộ huyện An Bình", 0), ("Đảng bộ xã Lục Bình", 1), ("Chi bộ thôn Nà Pài", 2)]
    # grouped by level (Excel's outline): collapsed to the communes, each is summed once
    levels = [tree.row_dimensions[row[0].row].outline_level for row in sheets.rows(tree, cells=True)]
    assert levels[:3] == [0, 1, 2] and tree.sheet_properties.outlinePr.summaryBelow is False
    everything = " ".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value)
    assert "Xuất Hóa" not in everything and "Khuổi Chắp" not in everything


def test_the_meetings_cells_of_a_built_year_are_the_dashboards_own_count(year_a, client_for):
    """A built year's page reads the number of cells from its kept counts (a province has thousands of
    spans to count): the same number the meetings' own count gives, in both views."""
    from lamtheobac.cycle.meetings import selectors as meetings
    from lamtheobac.reports.services import counters
    from tests.factories import OrgFactory

    cast = year_a
    OrgFactory(name="Chi bộ thôn Mới", code="A1MOI", parent=cast.commune_a1)
    counters.reconcile()
    client = client_for(cast.officer)
    expected = meetings.count_cells_in_year(cast.district_a, YEAR)
    assert expected >= 2
    for view in ("as_it_was", "lineage"):
        response = client.get(URL, {"org": cast.district_a.pk, "year": YEAR, "view": view})
        assert [m.cells for m in response.context["meetings"]] == [expected] * 12
