"""Everyone on board, in Chromium: an officer opens the accounts of a whole cell and prints its sign-in slips
(A4, print media), a member signs in on a phone with the code of their slip and sets a password."""

from __future__ import annotations

import re

from django.urls import reverse

from lamtheobac.organisation.models import Org, Person
from tests.factories import OrgFactory, PersonFactory

COMMUNE = "Đảng bộ xã Phủ Thông"
PEOPLE = ["Nguyễn Văn An", "Nguyễn Văn An", "Hoàng Thị Lan", "Lộc Văn Thắng", "Triệu Thị Mỷ", "Ma Văn Đức",
          "Nông Thị Hoa", "Lường Văn Khánh", "Đàm Thị Nga", "Bế Văn Tài"]  # fmt: skip
A4 = {"width": 718, "height": 1047}  # CSS pixels inside an A4 page's 10 mm margins, at 96 dpi


def a_cell(viewport: str) -> Org:
    """A cell of the demo commune with ten people and no accounts; one of them will not use a phone."""
    commune = Org.objects.get(name=COMMUNE)
    cell = OrgFactory(name=f"Chi bộ thôn Nà Hin {'Một' if viewport == 'desktop' else 'Hai'}", parent=commune)
    for name in PEOPLE:
        PersonFactory(full_name=name, org=cell)
    PersonFactory(full_name="Hà Thị Sáu", org=cell, birth_year=1941, assisted=True)
    return cell


def test_officer_opens_a_cells_accounts_and_a_member_signs_in_with_the_code(visit, viewport):
    cell = a_cell(viewport)
    officer = visit()
    page = officer.sign_in("chuyenvien")
    officer.go(reverse("accounts:onboard", kwargs={"org_id": cell.pk}))
    page.get_by_text("nhập hộ 1").first.wait_for()
    page.get_by_role("button", name="Tạo tài khoản và in phiếu").click()
    page.get_by_text("Đã tạo 10 mã đăng nhập.").wait_for()
    slips = page.locator("article.slip")
    assert slips.count() == 10
    assert page.locator(".sheet").count() == 2  # eight slips on an A4 page
    assert (
        "Nhập hộ (không dùng điện thoại, bí thư chi bộ nhập thay): 1 đồng chí — Hà Thị Sáu."
        in page.inner_text("main")
    )
    first = slips.filter(has_text="Hoàng Thị Lan")
    username = first.locator("dd").nth(0).inner_text()
    code = first.locator("dd.code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert Person.objects.get(org=cell, full_name="Hoàng Thị Lan").user.username == username
    assert re.fullmatch(r"hoangthilan\d*", username)  # the folded name (a number after it when taken)
    twins = Person.objects.filter(org=cell, full_name="Nguyễn Văn An").values_list(
        "user__username", flat=True
    )
    assert len(set(twins)) == 2 and all(n.startswith("nguyenvanan") for n in twins)
    assert not Person.objects.get(org=cell, full_name="Hà Thị Sáu").user_id
    officer.screenshot("slips")
    page.emulate_media(media="print")
    page.set_viewport_size(A4)
    sheet = page.locator(".sheet").first.bounding_box()  # the first printed page, no more
    page.screenshot(
        path=str(officer.screenshot("slips").with_name(f"onboard-slips-a4-print-{viewport}.png")),
        clip={
            "x": 0,
            "y": 0,
            "width": A4["width"],
            "height": min(A4["height"], sheet["y"] + sheet["height"]),
        },
    )
    if viewport == "desktop":  # Chromium prints it as A4 pages: one per sheet, none spilling over
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 2

    member = visit()
    phone = member.page
    phone.set_viewport_size({"width": 360, "height": 740})
    member.go(reverse("accounts:login"))
    phone.get_by_role("link", name=re.compile("Đăng nhập bằng mã")).click()
    phone.get_by_label("Tên đăng nhập").fill(username)
    phone.get_by_label("Mã đăng nhập lần đầu (trên phiếu)").fill(code.lower().replace("-", ""))
    member.screenshot("code")
    phone.get_by_role("button", name="Đăng nhập").click()
    phone.get_by_role("heading", name="Đặt mật khẩu").wait_for()
    phone.locator("input[name=new_password1]").fill("123456789")
    phone.locator("input[name=new_password2]").fill("123456789")
    phone.get_by_role("button", name="Đặt mật khẩu").click()
    assert phone.locator(".errorlist").count() >= 1  # the validators speak
    phone.locator("input[name=new_password1]").fill("Suối-Nà-Hin-2026")
    phone.locator("input[name=new_password2]").fill("Suối-Nà-Hin-2026")
    member.screenshot("set-password")
    phone.get_by_role("button", name="Đặt mật khẩu").click()
    phone.get_by_text("Đã đặt mật khẩu.").wait_for()
    member.screenshot("home")

    again = visit()
    again.go(reverse("accounts:code-login"))
    again.page.get_by_label("Tên đăng nhập").fill(username)
    again.page.get_by_label("Mã đăng nhập lần đầu (trên phiếu)").fill(code)
    again.page.get_by_role("button", name="Đăng nhập").click()
    again.page.get_by_text("Mã này đã được dùng.").wait_for()
