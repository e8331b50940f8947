"""The main journeys through the demo district, as people make them in Chromium, on a desktop and on a phone.

Each journey acts on people and years of its own (named after the viewport), so the two runs of a journey
and the journeys among themselves do not depend on one another's order.
"""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect

from lamtheobac.cycle import services
from lamtheobac.cycle.models import Period, Record, RecordState
from lamtheobac.demo.logins import DEMO_PASSWORD
from lamtheobac.organisation import services as org_services
from lamtheobac.organisation.models import Org, Person, Role
from tests.cycle.builders import make_commitment
from tests.factories import PersonFactory, UserFactory

from .conftest import menu

CELL = "Chi bộ thôn Nà Pài"  # bithu_chibo leads it; its members are in the demo
NAMES = {"desktop": ("Lương Thị Hạnh", "Hà Văn Khánh"), "phone": ("Lương Thị Huyền", "Hà Văn Khải")}


def a_member(username: str, full_name: str) -> Person:
    """A new member of the demo cell with a login and no commitment yet."""
    cell = Org.objects.get(name=CELL)
    user = UserFactory(username=username)
    user.set_password(DEMO_PASSWORD)
    user.save()
    org_services.grant_create(actor=None, user=user, org=cell, role=Role.MEMBER)
    return PersonFactory(full_name=full_name, org=cell, user=user)


def year_now() -> int:
    return timezone.localdate().year


def fill_row(page, n: int, action: str, target: str, deadline: str) -> None:
    """The ``n``-th action row (from 0) of the record's form, as a person fills it."""
    row = page.locator("fieldset.item-row").nth(n)
    row.get_by_label("Việc làm cụ thể").fill(action)
    row.get_by_label("Chỉ tiêu đo được").fill(target)
    row.get_by_label("Thời hạn (ngày/tháng/năm)").fill(deadline)


ACTIONS = [
    (
        "Đọc và ghi chép 2 tác phẩm của Bác về đạo đức cách mạng",
        "Mỗi quý 1 tác phẩm, có sổ ghi chép",
        "30/06",
    ),
    ("Vận động 5 hộ trong thôn làm hố rác và phân loại rác tại nhà", "5 hộ có hố rác", "30/09"),
    ("Đi sinh hoạt chi bộ đầy đủ, đúng giờ", "12/12 kỳ sinh hoạt", "31/12"),
]


def test_member_writes_and_submits_a_commitment(visit, viewport):
    name = NAMES[viewport][0]
    me = a_member(f"viet-{viewport}", name)
    window = visit()
    page = window.sign_in(me.user.username)
    menu(page).get_by_role("link", name="Cam kết", exact=True).click()
    page.get_by_role("button", name="Viết bản cam kết").click()
    expect(page.get_by_role("heading", name=re.compile(f"Bản cam kết năm {year_now()}"))).to_be_visible()

    rows = page.locator("fieldset.item-row")
    while (n := rows.count()) < len(ACTIONS):  # each new row waited for: a second click is a second row
        page.get_by_role("button", name="+ Thêm việc làm").click()
        expect(rows).to_have_count(n + 1)
    for n, (action, target, day) in enumerate(ACTIONS):
        fill_row(page, n, action, target, f"{day}/{year_now()}")
    # the check under the first action answers while the person writes (htmx, after a pause in typing)
    page.locator("fieldset.item-row").first.get_by_label("Việc làm cụ thể").press("End")
    page.get_by_role("button", name="Lưu và nộp").click()
    page.wait_for_url(re.compile(r"/ho-so/\d+/$"))

    record = Record.objects.get(person=me, year=year_now())
    assert record.state == RecordState.SUBMITTED
    assert [i.action for i in record.items.order_by("position")] == [a for a, _, _ in ACTIONS]
    expect(page.get_by_text(str(RecordState.SUBMITTED.label)).first).to_be_visible()
    expect(page.get_by_text(ACTIONS[1][0], exact=True).first).to_be_visible()
    window.screenshot()


def test_leader_returns_member_fixes_leader_approves(visit, viewport):
    name = NAMES[viewport][1]
    member = a_member(f"sua-{viewport}", name)
    record = make_commitment(person=member, year=year_now(), actor=member.user)
    services.record_submit(actor=member.user, record=record)

    leader = visit()
    page = leader.sign_in("bithu_chibo")
    menu(page).get_by_role("link", name="Chờ duyệt", exact=True).click()
    page.get_by_role("link", name=name).first.click()
    page.get_by_text("Trả lại để sửa").click()
    comment = "Việc làm số 2 chưa có chỉ tiêu cụ thể: ghi rõ vận động bao nhiêu hộ."
    page.get_by_label("Ý kiến để người viết sửa").fill(comment)
    page.get_by_role("button", name="Trả lại").click()
    page.wait_for_load_state()
    assert Record.objects.get(pk=record.pk).state == RecordState.RETURNED

    writer = visit()
    mine = writer.sign_in(member.user.username)
    menu(mine).get_by_role("link", name="Cam kết", exact=True).click()
    mine.get_by_role("link", name="Sửa", exact=True).click()
    mine.wait_for_url(re.compile(r"/ho-so/\d+/sua/$"))
    expect(mine.get_by_text(comment)).to_be_visible()
    mine.locator("fieldset.item-row").nth(1).get_by_label("Chỉ tiêu đo được").fill("Vận động 5 hộ làm hố rác")
    mine.get_by_role("button", name="Lưu và nộp").click()
    mine.wait_for_url(re.compile(r"/ho-so/\d+/$"))
    assert Record.objects.get(pk=record.pk).state == RecordState.SUBMITTED

    menu(page).get_by_role("link", name="Chờ duyệt", exact=True).click()
    page.get_by_role("link", name=name).first.click()
    expect(page.get_by_text("Vận động 5 hộ làm hố rác").first).to_be_visible()
    page.get_by_role("button", name="Duyệt", exact=True).click()
    page.wait_for_load_state()
    record.refresh_from_db()
    assert record.state == RecordState.APPROVED
    expect(page.get_by_text(str(RecordState.APPROVED.label)).first).to_be_visible()
    leader.screenshot()


def _filed(page) -> tuple[int, int]:
    """The dashboard's "cá nhân đã nộp bản cam kết" figure as (filed, required)."""
    figure = page.locator(".stat", has_text="cá nhân đã nộp bản cam kết").locator("b").inner_text()
    filed, required = (int(x.replace(".", "")) for x in figure.split("/"))
    return filed, required


@pytest.fixture
def next_year():
    """Next year, which the dashboard already offers; what the journey opens and files in it is removed
    afterwards, so that the journey's other run finds the year unopened again."""
    year = year_now() + 1
    yield year
    Record.objects.filter(year=year).delete()
    Period.objects.filter(year=year).delete()


def test_officer_opens_a_year_and_the_dashboard_moves(visit, next_year):
    year = next_year
    district = Org.objects.get(name="Đảng bộ tỉnh Thái Nguyên")  # the province, since 1/7/2025
    window = visit()
    page = window.sign_in("chuyenvien")
    window.go(f"{reverse('reports:dashboard')}?org={district.pk}&year={year}")
    expect(page.get_by_text(f"Năm {year} chưa được mở")).to_be_visible()
    assert _filed(page) == (0, 0)

    menu(page).get_by_role("link", name="Năm", exact=True).click()
    page.get_by_role("link", name="Mở năm mới").click()
    page.get_by_role("spinbutton", name="Năm", exact=True).fill(str(year))
    page.get_by_label("Chuyên đề năm").fill(
        f"Chuyên đề năm {year}: học tập và làm theo phong cách dân vận của Bác"
    )
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_load_state()
    assert Period.objects.filter(org=district, year=year).exists()

    window.go(f"{reverse('reports:dashboard')}?org={district.pk}&year={year}")
    filed, required = _filed(page)
    assert filed == 0 and required > 100  # the whole province must now register

    # meanwhile, a member of the district files a commitment for that year
    member = Person.objects.filter(org__name=CELL, user__isnull=True, active=True).order_by("pk").first()
    services.record_submit(actor=None, record=make_commitment(person=member, year=year))
    page.reload()
    assert _filed(page) == (1, required)
    window.screenshot()


def test_officer_imports_a_roster(visit, viewport):
    names = {"desktop": ["Triệu Thị Nhung", "Đinh Văn Nghĩa"], "phone": ["Triệu Thị Nhàn", "Đinh Văn Nhân"]}[
        viewport
    ]
    window = visit()
    page = window.sign_in("chuyenvien")
    window.go(reverse("imports:home"))
    with page.expect_download() as template:
        page.get_by_role("link", name="Mẫu danh sách cá nhân").click()
    assert template.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(template.value.path().read_bytes()))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    for r, name in enumerate(names, start=2):
        values = {"Họ và tên": name, "Giới tính": "Nữ" if "Thị" in name else "Nam", "Năm sinh": 1990,
                  "Đối tượng": "Đảng viên", "Mã tổ chức": "BT-LB-CB01", "Tên tổ chức (để đối chiếu)": CELL}  # fmt: skip
        for c, header in enumerate(headers, start=1):
            sheet.cell(row=r, column=c, value=values.get(header))
    filled = io.BytesIO()
    book.save(filled)

    district = Org.objects.get(name="Đảng bộ tỉnh Thái Nguyên")  # the province, since 1/7/2025
    page.get_by_label("Nhập vào tổ chức").select_option(value=str(district.pk))
    page.get_by_label("Danh sách cá nhân").check()
    page.get_by_label("Tệp Excel (.xlsx) hoặc CSV").set_input_files(
        files=[
            {"name": "danh-sach.xlsx", "mimeType": "application/octet-stream", "buffer": filled.getvalue()}
        ]
    )
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    run = page.get_by_role("button", name=re.compile(r"^Nhập: thêm 2"))
    run.wait_for()
    run.click()
    page.get_by_text(re.compile(r"Đã nhập lúc")).wait_for()
    assert Person.objects.filter(full_name__in=names, org__name=CELL).count() == len(names)
    window.screenshot()


def test_officer_downloads_the_summary_report(visit, viewport):
    window = visit()
    page = window.sign_in("chuyenvien")
    menu(page).get_by_role("link", name="Thống kê", exact=True).click()
    window.go(reverse("reports:report-list"))
    page.get_by_role("link", name=re.compile("sơ kết", re.IGNORECASE)).first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bản Word (.docx)").click()
    assert download.value.suggested_filename.endswith(".docx")
    document = Document(io.BytesIO(download.value.path().read_bytes()))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    text = "\n".join([*(p.text for p in document.paragraphs), *cells])
    assert "HUYỆN ỦY BẠCH THÔNG" in text and "125-BC/HU" in text
    assert re.search(r"\d{1,3}(\.\d{3})+", text)  # figures in the Vietnamese way (3.124)
    window.screenshot()


def test_visitor_reads_the_public_exemplars(visit, viewport):
    window = visit()
    page = window.go(reverse("activities:public-exemplars"))
    expect(page.get_by_role("heading", name="Gương sáng làm theo Bác")).to_be_visible()
    first = page.locator("main h2 a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/guong-sang/[0-9a-f-]{36}/$"))
    expect(page.locator("article strong", has_text=name).first).to_be_visible()
    expect(page.get_by_role("heading", name="Thành tích")).to_be_visible()
    assert page.locator("nav.topnav").count() == 0  # nobody is signed in: no menu
    window.screenshot()


def test_a_row_that_comes_late_does_not_take_what_the_person_types_elsewhere(visit, viewport):
    """On a slow line "+ Thêm việc làm" answers after the person has gone on to another field: the new row
    comes empty and their typing stays where they were."""
    me = a_member(f"cham-{viewport}", {"desktop": "Lò Văn Chậm", "phone": "Lò Thị Chậm"}[viewport])
    page = visit().sign_in(me.user.username)
    menu(page).get_by_role("link", name="Cam kết", exact=True).click()
    page.get_by_role("button", name="Viết bản cam kết").click()
    rows = page.locator("fieldset.item-row")
    expect(rows.first).to_be_visible()
    before = rows.count()
    held = []
    page.route(re.compile(r"/ho-so/\d+/dong-moi/"), lambda route: held.append(route))  # answered later
    page.get_by_role("button", name="+ Thêm việc làm").click()
    target = rows.first.get_by_label("Chỉ tiêu đo được")
    target.click()
    page.keyboard.type("Mỗi quý 1 ")
    while not held:
        page.wait_for_timeout(20)
    held[0].continue_()  # the row arrives while the person types
    expect(rows).to_have_count(before + 1)
    page.keyboard.type("tác phẩm")
    expect(target).to_have_value("Mỗi quý 1 tác phẩm")
    expect(rows.last.get_by_label("Việc làm cụ thể")).to_have_value("")
