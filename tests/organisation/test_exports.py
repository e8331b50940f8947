"""Excel exports of the org tree, people, search results and role grants: roster format, scope, filters."""

import io

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lamtheobac.organisation import roster, selectors, services
from lamtheobac.organisation.models import Org, OrgKind, Person
from tests import sheets
from tests.test_scope import SECRETS, readable

from ..factories import OrgFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

TREE = reverse("organisation:org-tree")
PEOPLE = reverse("organisation:person-list")
SEARCH = reverse("organisation:search")


def _sheet(response, title: str | None = None):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    return book[title] if title else book.active


def _rows(sheet) -> list[list]:
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]


def _assert_roster_layout(sheet, columns) -> None:
    """Headers and widths exactly those of the roster, header row frozen."""
    assert [c.value for c in sheet[1]] == [c.header for c in columns]
    widths = [sheet.column_dimensions[chr(ord("A") + i)].width for i in range(len(columns))]
    assert widths == [c.width for c in columns]
    assert sheet.freeze_panes == "A2"


# --- Orgs -------------------------------------------------------------------------------------


def test_it_exports_the_org_tree_of_the_scope_in_roster_format(cast, client_for):
    response = client_for(cast.officer).get(TREE, {"format": "xlsx"})
    sheet = _sheet(response, "Tổ chức")
    _assert_roster_layout(sheet, roster.ORG_COLUMNS)
    rows = _rows(sheet)
    assert [r[0] for r in rows] == ["A", "A1", "A1C1", "A2"]  # tree order, by path
    # parent codes; the top's parent is outside the file: empty, so the file imports under its own top
    assert {r[0]: r[3] for r in rows} == {"A": None, "A1": "A", "A1C1": "A1", "A2": "A"}
    assert rows[2] == roster.org_row(cast.cell_a1, "A1")
    assert response["Content-Disposition"].startswith('attachment; filename="to-chuc-')


def test_inactive_orgs_go_out_too_so_a_round_trip_keeps_them(cast, client_for):
    closed = OrgFactory(name="Chi bộ đã giải thể", code="A2C9", parent=cast.commune_a2)
    services.org_deactivate(actor=None, org=closed)
    rows = _rows(_sheet(client_for(cast.officer).get(TREE, {"format": "xlsx"})))
    assert ["A2C9", "Chi bộ đã giải thể", str(OrgKind.CELL.label), "A2", 0, "Không"] in rows


def test_it_exports_one_subtree_with_org(cast, client_for):
    response = client_for(cast.officer).get(TREE, {"org": cast.commune_a1.pk, "format": "xlsx"})
    assert [r[:4:3] for r in _rows(_sheet(response))] == [["A1", None], ["A1C1", "A1"]]
    assert response["Content-Disposition"] == 'attachment; filename="to-chuc-a1.xlsx"'


def test_a_subtree_outside_the_scope_is_refused(cast, client_for):
    response = client_for(cast.officer).get(TREE, {"org": cast.cell_b1.pk, "format": "xlsx"})
    assert response.status_code == 404


def test_the_admin_exports_the_whole_tree(cast, client_for):
    rows = _rows(_sheet(client_for(cast.admin).get(TREE, {"format": "xlsx"})))
    assert [r[0] for r in rows] == ["T", "A", "A1", "A1C1", "A2", "B", "B1", "B1C1"]
    assert rows[0][3] is None  # the root has no parent: an empty cell


def test_parent_codes_cost_no_query_per_row(cast, client_for):
    client = client_for(cast.officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            _sheet(client.get(TREE, {"format": "xlsx"}))
        return len(queries)

    count()  # the session's first request writes it back (once a minute at most)
    before = count()
    for i in range(10):
        OrgFactory(name=f"Chi bộ thêm {i}", code=f"A2X{i}", parent=cast.commune_a2)
    assert count() == before


def test_the_tree_and_detail_pages_link_to_the_export(cast, client_for):
    client = client_for(cast.officer)
    page = client.get(TREE, {"org": cast.commune_a1.pk}).content.decode()
    assert f"?org={cast.commune_a1.pk}&amp;format=xlsx" in page
    assert "Đảng bộ xã Vũ Muộn" not in page  # ?org= shows that subtree alone
    detail = client.get(reverse("organisation:org-detail", args=[cast.commune_a1.pk])).content.decode()
    assert "Tải danh sách tổ chức (Excel)" in detail
    assert f"{TREE}?org={cast.commune_a1.pk}&amp;format=xlsx" in detail


def test_an_export_imports_back_unchanged(cast, client_for, tmp_path):
    from lamtheobac.demo.wipe import wipe
    from tests.imports.test_orgs import roster as people_of
    from tests.imports.test_orgs import run, tree

    Person.objects.filter(pk=cast.member_person.pk).update(party_card_number="01234567")
    client = client_for(cast.officer)
    orgs = client.get(TREE, {"org": cast.district_a.pk, "format": "xlsx"}).content
    people = client.get(PEOPLE, {"org": cast.district_a.pk, "status": "all", "format": "xlsx"}).content
    before_tree, before_people = tree("A"), people_of("A")
    assert "thêm mới 0, cập nhật 0" in run(tmp_path, "import_orgs", orgs, "A")  # into its own org
    assert "thêm mới 0, cập nhật 0" in run(tmp_path, "import_people", people, "A")
    with transaction.atomic():
        wipe()
    run(tmp_path, "import_orgs", orgs, "A")  # into an empty database
    run(tmp_path, "import_people", people, "A")
    assert tree("A") == before_tree
    assert people_of("A") == before_people


# --- People -----------------------------------------------------------------------------------


def test_it_exports_people_in_roster_format(cast, client_for):
    response = client_for(cast.officer).get(PEOPLE, {"format": "xlsx"})
    sheet = _sheet(response, "Cá nhân")
    _assert_roster_layout(sheet, roster.PEOPLE_COLUMNS)
    names = [r[0] for r in _rows(sheet)]
    assert set(names) == {"Hoàng Thị Mai", "Nông Văn Dũng", "Lục Văn Bình", "Hà Văn Tuyên"}
    mai = next(r for r in _rows(sheet) if r[0] == "Hoàng Thị Mai")
    assert mai[5:7] == ["A1C1", "Chi bộ thôn Nà Pài"]
    assert response["Content-Disposition"].startswith('attachment; filename="ca-nhan-')


def test_the_people_export_keeps_the_filters_of_the_page(cast, client_for):
    client = client_for(cast.officer)
    Person.objects.filter(pk=cast.colleague.pk).update(active=False, kind="civil_servant")

    def names(**query) -> set[str]:
        return {r[0] for r in _rows(_sheet(client.get(PEOPLE, query | {"format": "xlsx"})))}

    assert names(org=cast.commune_a2.pk) == {"Lục Văn Bình"}
    assert names(q="hoang mai") == {"Hoàng Thị Mai"}
    assert names(status="inactive") == {"Nông Văn Dũng"}
    assert names(status="all", kind="civil_servant") == {"Nông Văn Dũng"}
    assert "Nông Văn Dũng" not in names()  # the page's default: active people only


def test_the_export_file_names_the_org_in_ascii(cast, client_for):
    response = client_for(cast.officer).get(PEOPLE, {"org": cast.cell_a1.pk, "format": "xlsx"})
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="ca-nhan-a1c1-') and disposition.isascii()


def test_identifiers_go_out_only_to_who_may_see_them(cast, client_for):
    Person.objects.filter(pk=cast.member_person.pk).update(party_card_number="12345", citizen_id="0011223344")

    def mai(user) -> list:
        rows = _rows(_sheet(client_for(user).get(PEOPLE, {"format": "xlsx"})))
        return next(r for r in rows if r[0] == "Hoàng Thị Mai")

    assert mai(cast.leader)[9:11] == [None, None]  # empty cells
    assert mai(cast.officer)[9:11] == ["12345", "0011223344"]
    assert mai(cast.admin)[9:11] == ["12345", "0011223344"]


def test_formulas_in_names_and_positions_come_out_as_text(cast, client_for):
    PersonFactory(full_name='=HYPERLINK("http://x.vn","bấm")', position="+84 trưởng thôn", org=cast.cell_a1)
    rows = _rows(_sheet(client_for(cast.officer).get(PEOPLE, {"format": "xlsx", "status": "all"})))
    tricky = next(r for r in rows if "http://x.vn" in r[0])
    assert tricky[0].startswith("'=")
    assert tricky[4] == "'+84 trưởng thôn"


def test_people_cost_no_query_per_row(cast, client_for):
    client = client_for(cast.officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            _sheet(client.get(PEOPLE, {"format": "xlsx"}))
        return len(queries)

    count()  # the session's first request writes it back (once a minute at most)
    before = count()
    PersonFactory.create_batch(10, org=cast.commune_a2)
    assert count() == before


def test_the_people_page_links_to_the_export_with_its_filters(cast, client_for):
    page = client_for(cast.officer).get(PEOPLE, {"kind": "member", "q": "mai", "page": "1"}).content.decode()
    assert "?kind=member&amp;q=mai&amp;format=xlsx" in page


# --- Scope of every export --------------------------------------------------------------------


@pytest.mark.parametrize("role", ["officer", "inspector", "leader", "member"])
@pytest.mark.parametrize(
    "url, query",
    [
        (TREE, {}),
        (PEOPLE, {"status": "all"}),
        (SEARCH, {"q": "bi mat"}),
        (SEARCH, {"q": "khuoi chap"}),
        (SEARCH, {"q": "B1C1"}),
    ],
)
def test_no_export_shows_anything_from_outside(cast, client_for, role, url, query):
    response = client_for(cast.actors()[role]).get(url, query | {"format": "xlsx"})
    assert response.status_code == 200
    body = readable(response)
    for secret in SECRETS:
        assert secret not in body, (url, query, secret)


def test_the_outsider_exports_only_district_b(cast, client_for):
    client = client_for(cast.outsider)
    orgs = _rows(_sheet(client.get(TREE, {"format": "xlsx"})))
    assert [r[0] for r in orgs] == ["B", "B1", "B1C1"]
    people = _rows(_sheet(client.get(PEOPLE, {"format": "xlsx"})))
    assert [r[0] for r in people] == ["Triệu Thị Bí Mật"]
    assert people[0][9] == "99887766"  # an officer of district B sees its identifiers


# --- Search -----------------------------------------------------------------------------------


def test_search_results_export_orgs_and_people_in_roster_format(cast, client_for):
    response = client_for(cast.officer).get(SEARCH, {"q": "luc binh", "format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Tổ chức", "Cá nhân"]
    _assert_roster_layout(book["Tổ chức"], roster.ORG_COLUMNS)
    _assert_roster_layout(book["Cá nhân"], roster.PEOPLE_COLUMNS)
    assert [r[:4] for r in _rows(book["Tổ chức"])] == [
        ["A1", "Đảng bộ xã Lục Bình", str(OrgKind.GRASSROOTS_COMMITTEE.label), "A"]
    ]
    assert [r[0] for r in _rows(book["Cá nhân"])] == ["Lục Văn Bình"]
    assert response["Content-Disposition"].startswith('attachment; filename="tim-kiem-luc-binh-')


def test_the_search_page_links_to_the_export(cast, client_for):
    page = client_for(cast.officer).get(SEARCH, {"q": "luc"}).content.decode()
    assert "?q=luc&amp;format=xlsx" in page


# --- Role grants ------------------------------------------------------------------------------


def test_it_exports_the_grants_of_an_org(cast, client_for):
    url = reverse("organisation:org-grants", args=[cast.commune_a1.pk])
    response = client_for(cast.officer).get(url, {"format": "xlsx"})
    sheet = _sheet(response, "Phân quyền")
    assert sheets.header(sheet)[:5] == ["Tài khoản", "Họ và tên", "Tổ chức", "Mã tổ chức", "Vai trò"]
    assert sheets.freezes_header(sheet)
    assert sheets.width(sheet, 0) == 18
    (row,) = sheets.rows(sheet, cells=True)
    assert [c.value for c in row[:5]] == ["leader", None, "Đảng bộ xã Lục Bình", "A1", "Lãnh đạo cấp ủy"]
    assert row[5].is_date and row[5].number_format == "dd/mm/yyyy"
    assert response["Content-Disposition"] == 'attachment; filename="phan-quyen-a1.xlsx"'
    assert "format=xlsx" in client_for(cast.officer).get(url).content.decode()


def test_a_grant_export_needs_the_right_to_grant(cast, client_for):
    url = reverse("organisation:org-grants", args=[cast.commune_a1.pk])
    assert client_for(cast.leader).get(url, {"format": "xlsx"}).status_code == 403
    assert client_for(cast.outsider).get(url, {"format": "xlsx"}).status_code == 404


def test_a_grant_username_that_looks_like_a_formula_is_neutralised(cast, client_for):
    services.grant_create(actor=None, user=UserFactory(username="@cmd"), org=cast.commune_a2, role="leader")
    url = reverse("organisation:org-grants", args=[cast.commune_a2.pk])
    rows = sheets.rows(_sheet(client_for(cast.officer).get(url, {"format": "xlsx"})))
    assert rows[0][0] == "'@cmd"


def test_the_roster_query_stays_inside_the_scope(cast):
    """The export's org query is the scoped one: nothing in it escapes ``orgs_visible_to``."""
    codes = list(selectors.org_roster(user=cast.leader).values_list("code", flat=True))
    assert codes == ["A1", "A1C1"]
    assert Org.objects.count() == 8
