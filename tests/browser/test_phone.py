"""On a 360 px phone: the menu folds behind its button and the approval queue shows its records on the first
screen with the quality badges the writers were shown, without scrolling sideways, ticks all of them in one
tap, counts the ticks and asks before approving, naming how many."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lamtheobac.cycle.models import Record, RecordState

PHONE_HEIGHT = 740


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_menu_folds_behind_a_button_and_the_records_come_first(visit):
    window = visit()
    window.sign_in("bithu_chibo")
    page = window.go(reverse("cycle:queue"))
    button = page.locator("button.menu-button")
    nav = page.locator("nav.topnav")
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    expect(nav).to_be_hidden()
    assert not page.locator("details.filter-box").evaluate("d => d.open")  # folded: the records first
    first = page.locator("#record-rows tbody tr").first
    assert first.bounding_box()["y"] + first.bounding_box()["height"] < PHONE_HEIGHT
    button.click()
    expect(nav).to_be_visible()
    assert button.get_attribute("aria-expanded") == "true"
    assert button.evaluate("b => b === document.activeElement")  # the focus stays on the button
    page.keyboard.press("Tab")
    assert nav.evaluate("n => n.contains(document.activeElement)")  # the next Tab enters the menu
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    assert button.get_attribute("aria-expanded") == "false"
    assert button.evaluate("b => b === document.activeElement")
    window.screenshot("queue")


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_queue_shows_the_quality_badges_without_scrolling_sideways(visit):
    window = visit()
    window.sign_in("bithu_chibo")
    page = window.go(reverse("cycle:queue"))
    badges = page.locator("#record-rows .flags .badge")
    assert badges.count() >= 1, "the demo cell has records with vague actions waiting"
    first = badges.first
    expect(first).to_be_visible()
    assert re.fullmatch(
        r"\d+ việc chưa cụ thể|giống \d+ cam kết khác|giống bản năm \d{4}", first.inner_text()
    )
    box = first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scroll
    window.screenshot("queue-badges")


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_on_a_desktop_the_menu_stays_open_without_a_button(visit):
    window = visit()
    page = window.sign_in("chuyenvien")
    expect(page.locator("nav.topnav")).to_be_visible()
    expect(page.locator("button.menu-button")).to_be_hidden()
    page.locator("details.account-menu > summary").click()
    expect(page.get_by_role("link", name="Xác thực hai lớp")).to_be_visible()


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_queue_ticks_all_counts_and_asks_before_approving_how_many(visit):
    window = visit()
    window.sign_in("bithu_chibo")
    page = window.context.new_page()  # no dialog handler: this test answers the confirmation itself
    page.goto(window.base + reverse("cycle:queue"))
    boxes = page.locator("input[name=ids]")
    total = boxes.count()
    assert total >= 2, "the demo cell has records waiting"
    picked = page.locator(".picked")
    page.get_by_label("Chọn tất cả").check()
    assert picked.inner_text() == f"Đã chọn {total}/{total} hồ sơ"
    boxes.first.uncheck()
    assert picked.inner_text() == f"Đã chọn {total - 1}/{total} hồ sơ"
    assert page.get_by_label("Chọn tất cả").evaluate("b => b.indeterminate")
    chosen = [
        int(v.split(":")[0]) for v in boxes.evaluate_all("bs => bs.filter(b => b.checked).map(b => b.value)")
    ]
    left_out = int(boxes.first.get_attribute("value").split(":")[0])
    submit = page.locator("[data-bulk-approve]")
    assert submit.inner_text() == f"Duyệt {total - 1} hồ sơ đã chọn"

    asked: list[str] = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    submit.click()
    assert asked == [f"Duyệt {total - 1} hồ sơ đã chọn? Chỉ những hồ sơ được đánh dấu sẽ được duyệt."]
    assert Record.objects.filter(pk__in=chosen, state=RecordState.SUBMITTED).count() == total - 1  # said no

    page.once("dialog", lambda d: d.accept())
    with page.expect_navigation():
        submit.click()
    assert f"Đã duyệt {total - 1} hồ sơ." in page.locator(".messages").inner_text()
    assert Record.objects.filter(pk__in=chosen, state=RecordState.APPROVED).count() == total - 1
    assert Record.objects.get(pk=left_out).state == RecordState.SUBMITTED  # only what was ticked
    page.close()
