"""The reorganisation page: upload → preview (problems by row, the changes, the tree after, who moves, the last
year's totals before and after) → apply; only admins and officers reach it, each within their scope."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lamtheobac.cycle.models import RecordKind
from lamtheobac.imports import pending
from lamtheobac.organisation.models import Org, OrgKind, OrgSpan, Person, Reorganisation, Role, RoleGrant
from lamtheobac.reports import selectors as reports_selectors
from lamtheobac.reports.services import counters
from tests.cycle.builders import open_year
from tests.factories import OrgFactory, UserFactory

from .test_reorganise import CHANGE, MERGE_FILE, _csv, _filed, tree  # noqa: F401  (the reorganisation's tree)

pytestmark = pytest.mark.django_db

UPLOAD = reverse("imports:reorganise")


def _user(org: Org, role: str):
    user = UserFactory()
    RoleGrant.objects.create(user=user, org=org, role=role)
    return user


def _upload(client, *rows, name: str = "sap-xep.csv", reason: str = ""):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, _csv(*rows).getvalue()), "reason": reason})


def _written() -> tuple[int, ...]:
    return (
        Org.objects.count(), Org.objects.filter(active=True).count(), OrgSpan.objects.count(),
        Reorganisation.objects.count(), Person.objects.filter(org__code="CB0").count(),
    )  # fmt: skip


@pytest.fixture
def officer(tree):  # noqa: F811
    province, *_rest = tree
    return _user(province, Role.OFFICER)


def test_it_checks_previews_and_applies_a_file(tree, officer, client_for):  # noqa: F811
    client = client_for(officer)
    page = client.get(UPLOAD).content.decode()
    assert reverse("imports:reorganise-template") in page
    template = client.get(reverse("imports:reorganise-template"))
    assert template.status_code == 200 and template.content.startswith(b"PK")
    before = _written()

    uploaded = _upload(client, *MERGE_FILE, reason="Nghị quyết 1683/NQ-UBTVQH15")
    assert uploaded.status_code == 302
    preview_url = uploaded["Location"]
    preview = client.get(preview_url)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert (
        "Đảng bộ xã Mới" in html and "Đảng bộ huyện Thử" in html
    )  # the tree after, the change of the district
    assert "XAMOI" in html and "Nghị quyết 1683/NQ-UBTVQH15" in html
    assert html.count("bằng nhau") >= 2 and "khác nhau" not in html
    assert f"Năm {CHANGE.year - 1}" in html  # the last year before the change
    assert "<b>2</b><span>cá nhân chuyển nơi sinh hoạt" in html  # the merged communes' own members
    apply_url = preview_url + "ap-dung/"
    assert f'action="{apply_url}"' in html
    assert _written() == before  # checking wrote nothing

    applied = client.post(apply_url)
    assert applied.status_code == 302 and applied["Location"] == reverse("organisation:org-tree")
    new = Org.objects.get(code="XAMOI")
    assert not Org.objects.get(code="HUYEN").active and not Org.objects.get(code="XA0").active
    assert Org.objects.get(code="CB0").parent_id == new.pk
    batch = Reorganisation.objects.get()
    assert batch.applied_by == officer and batch.source == "sap-xep.csv"
    shown = client.get(reverse("organisation:org-tree")).content.decode()
    assert "Đã sắp xếp tổ chức" in shown
    assert client.post(apply_url).status_code == 404  # applied once: the key is gone


def test_a_refused_file_shows_each_row_and_no_apply_button(tree, officer, client_for):  # noqa: F811
    client = client_for(officer)
    before = _written()
    rows = (
        *MERGE_FILE,
        ("chuyển", "KHONG-CO", "", "", "", "TINH", "01/07/2025"),
        ("giải thể", "XA2", "", "", "", "", "31/02/2025"),
    )
    preview_url = _upload(client, *rows)["Location"]
    html = client.get(preview_url).content.decode()
    assert "chưa ghi gì" in html
    assert "KHONG-CO" in html and "31/02/2025" in html
    assert (
        html.count("không đọc được") == 1
    )  # a date that could not be read is told once, as read from the file
    assert '<td class="num">7</td>' in html and '<td class="num">8</td>' in html
    assert "ap-dung" not in html and "Áp dụng</button>" not in html
    response = client.post(preview_url + "ap-dung/")  # sent anyway: refused again by the check
    assert response.status_code == 200 and "Không ghi gì" in response.content.decode()
    assert _written() == before


def test_a_file_that_cannot_be_read_is_refused_on_the_form(tree, officer, client_for):  # noqa: F811
    client = client_for(officer)
    response = client.post(UPLOAD, {"file": SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40)})
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    assert pending.SESSION_KEY not in client.session


def test_members_and_leaders_are_refused(tree, client_for):  # noqa: F811
    province, _district, communes, cells = tree
    officer_client = client_for(_user(province, Role.OFFICER))
    preview_url = _upload(officer_client, *MERGE_FILE)["Location"]
    before = _written()
    for role, org in ((Role.LEADER, communes[0]), (Role.MEMBER, cells[0]), (Role.INSPECTOR, province)):
        client = client_for(_user(org, role))
        assert client.get(UPLOAD).status_code == 403, role
        assert _upload(client, *MERGE_FILE).status_code == 403, role
        assert client.get(preview_url).status_code == 403, role
        assert client.post(preview_url + "ap-dung/").status_code == 403, role
        assert "Sắp xếp tổ chức" not in client.get(reverse("organisation:org-tree")).content.decode()
    assert _written() == before


def test_a_check_is_found_only_in_the_session_that_made_it(tree, officer, client_for):  # noqa: F811
    preview_url = _upload(client_for(officer), *MERGE_FILE)["Location"]
    before = _written()
    for other in (client_for(officer), client_for(_user(Org.objects.get(code="TINH"), Role.OFFICER))):
        assert other.get(preview_url).status_code == 404
        assert other.post(preview_url + "ap-dung/").status_code == 404
    assert _written() == before


def test_the_org_tree_links_to_the_page_for_officers(officer, client_for):
    assert UPLOAD in client_for(officer).get(reverse("organisation:org-tree")).content.decode()


def test_an_officer_cannot_reorganise_outside_the_scope(tree, client_for):  # noqa: F811
    _province, district, _communes, _cells = tree
    other = OrgFactory(kind=OrgKind.PROVINCE_COMMITTEE, code="KHAC", name="Đảng bộ tỉnh Khác Bí Mật")
    OrgFactory(
        kind=OrgKind.GRASSROOTS_COMMITTEE, code="KHAC-XA", name="Đảng bộ xã Khuổi Bí Mật", parent=other
    )
    client = client_for(_user(district, Role.OFFICER))
    before = _written()
    rows = (
        ("chuyển", "XA2", "", "", "", "KHAC", CHANGE.strftime("%d/%m/%Y")),  # into another province
        ("giải thể", "KHAC-XA", "", "", "", "", CHANGE.strftime("%d/%m/%Y")),  # an org of another province
        (
            "thành lập",
            "",
            "XAMOI",
            "Đảng bộ xã Mới",
            "Đảng bộ xã, phường, thị trấn",
            "TINH",
            CHANGE.strftime("%d/%m/%Y"),
        ),
    )
    preview_url = _upload(client, *rows)["Location"]
    html = client.get(preview_url).content.decode()
    assert html.count("phạm vi anh/chị được sắp xếp") == 3  # the province above the officer's district too
    assert "Bí Mật" not in html  # an org outside is named by the code typed, never by its name
    assert "Áp dụng</button>" not in html
    client.post(preview_url + "ap-dung/")
    assert _written() == before
    assert Org.objects.get(code="XA2").parent_id == district.pk and Org.objects.get(code="KHAC-XA").active


def test_the_tree_after_shows_only_what_the_officer_sees(tree, client_for):  # noqa: F811
    _province, district, _communes, _cells = tree
    other = OrgFactory(
        kind=OrgKind.DISTRICT_COMMITTEE,
        code="HUYEN-KHAC",
        name="Đảng bộ huyện Bí Mật",
        parent=Org.objects.get(code="TINH"),
    )
    assert other.active
    client = client_for(_user(district, Role.OFFICER))
    rows = (("đổi tên", "XA2", "", "Đảng bộ xã Vi Hương Mới", "", "", CHANGE.strftime("%d/%m/%Y")),)
    html = client.get(_upload(client, *rows)["Location"]).content.decode()
    assert "Đảng bộ xã Vi Hương Mới" in html and "Áp dụng</button>" in html
    assert "Bí Mật" not in html and "Đảng bộ tỉnh Thử" not in html


def test_an_officer_reads_the_totals_of_their_own_subtree_only(tree, client_for):  # noqa: F811
    province, district, communes, cells = tree
    year = CHANGE.year - 1
    open_year(province, year=year, plan_org_kinds=[OrgKind.CELL, OrgKind.GRASSROOTS_COMMITTEE])
    elsewhere = OrgFactory(kind=OrgKind.DISTRICT_COMMITTEE, code="HUYEN-KHAC", parent=province)
    for org in [*communes, *cells, OrgFactory(kind=OrgKind.CELL, code="CB-KHAC", parent=elsewhere)]:
        _filed(RecordKind.PLAN, year, org)
    counters.reconcile()
    ours, everyone = (
        reports_selectors.dashboard(org, year).total.plans_filed for org in (district, province)
    )
    assert ours == 6 and everyone == 7
    client = client_for(_user(district, Role.OFFICER))
    rows = (("đổi tên", "XA2", "", "Đảng bộ xã Vi Hương Mới", "", "", CHANGE.strftime("%d/%m/%Y")),)
    html = client.get(_upload(client, *rows)["Location"]).content.decode()
    assert html.count(f'<td>Kế hoạch đã nộp</td><td class="num">{ours}</td><td class="num">{ours}</td>') == 2
