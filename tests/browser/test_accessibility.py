"""Accessibility in Chromium: axe-core on the main pages (no serious or critical violation: this covers every
form field having a label, names of buttons and links, contrast, document language, landmarks), and the
commitment form written, reordered and submitted with the keyboard alone, the focus always visible."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone

from lamtheobac.activities.models import Exemplar
from lamtheobac.cycle.models import Record, RecordKind, RecordState
from lamtheobac.reports.models import Report

from .test_journeys import a_member

BLOCKING = {"serious", "critical"}


def _record(**filters) -> int:
    year = timezone.localdate().year
    return Record.objects.filter(year=year, **filters).order_by("pk").values_list("pk", flat=True).first()


# (who signs in, the page): the pages each kind of user lives on
PAGES: list[tuple[str | None, str, object]] = [
    (None, "accounts:login", ()),
    (None, "activities:public-exemplars", ()),
    (None, "activities:public-exemplar", lambda: [Exemplar.objects.filter(published=True).first().public_id]),
    ("dangvien", "home", ()),
    ("dangvien", "cycle:my-commitment", ()),
    ("dangvien", "cycle:record-edit", lambda: [_record(person__user__username="dangvien")]),
    ("dangvien", "accounts:password-change", ()),
    ("dangvien", "accounts:tokens", ()),
    ("bithu_chibo", "cycle:queue", ()),
    (
        "bithu_chibo",
        "cycle:record-detail",
        lambda: [_record(person__org__code="BT-LB-CB01", state=RecordState.SUBMITTED)],
    ),
    (
        "bithu_chibo",
        "cycle:record-rate",
        lambda: [_record(person__org__code="BT-LB-CB01", state=RecordState.SELF_ASSESSED)],
    ),
    ("chuyenvien", "home", ()),
    ("chuyenvien", "reports:dashboard", ()),
    ("chuyenvien", "reports:quality", ()),
    ("chuyenvien", "cycle:record-list", ()),
    ("chuyenvien", "cycle:lagging", ()),
    ("chuyenvien", "cycle:period-list", ()),
    ("chuyenvien", "cycle:period-open", ()),
    ("chuyenvien", "organisation:org-tree", ()),
    ("chuyenvien", "organisation:person-list", ()),
    ("chuyenvien", "imports:home", ()),
    ("chuyenvien", "reports:report-list", ()),
    ("chuyenvien", "reports:report-edit", lambda: [Report.objects.order_by("pk").first().pk]),
    ("chuyenvien", "activities:hub", ()),
    ("chuyenvien", "activities:study-list", ()),
    ("chuyenvien", "activities:study-create", ()),
    ("chuyenvien", "activities:exemplar-list", ()),
    ("chuyenvien", "activities:inspection-list", ()),
    ("chuyenvien", "activities:pilot-list", ()),
    ("chuyenvien", "cycle:record-edit", lambda: [_record(kind=RecordKind.PLAN, state=RecordState.DRAFT)]),
]


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(str(n["target"]) for n in v["nodes"][:5])
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])}×: {targets})")
    return "\n".join(lines)


@pytest.mark.parametrize(("who", "name", "args"), PAGES, ids=[f"{w or 'khach'}-{n}" for w, n, _ in PAGES])
def test_main_pages_have_no_serious_accessibility_violation_nor_sideways_scrolling(visit, who, name, args):
    window = visit()
    if who:
        window.sign_in(who)
    url = reverse(name, args=args() if callable(args) else args)
    page = window.go(url)
    assert page.url.split("?")[0].endswith(url) or name == "cycle:my-commitment", page.url
    assert window.sideways() <= 0, f"{url} is {window.sideways()} px wider than the window"
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"{url}\n{_describe(blocking)}"


def _focused(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement; const s = getComputedStyle(e);
        return {tag: e.tagName.toLowerCase(), id: e.id, text: (e.innerText || e.value || '').trim(),
                ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0}; }"""
    )


def _tab_to(page, matches, *, limit: int = 80) -> dict:
    """Press Tab until the focused element matches; every element passed on the way shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = _focused(page)
        assert now["tag"] == "body" or now["ring"], f"no visible focus on {now}"
        if matches(now):
            return now
    raise AssertionError("never reached with Tab")


def test_the_commitment_form_works_with_the_keyboard_alone(visit, viewport):
    me = a_member(f"banphim-{viewport}", {"desktop": "Vi Thị Phím", "phone": "Vi Văn Phím"}[viewport])
    window = visit()
    window.sign_in(me.user.username)
    page = window.go(reverse("cycle:my-commitment"))

    _tab_to(page, lambda e: e["text"] == "Viết bản cam kết")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/sua/$"))
    year = timezone.localdate().year
    rows = page.locator("fieldset.item-row").count()  # as many empty rows as the year asks for
    actions = [
        "Học tập chuyên đề năm, viết 1 bài thu hoạch",
        "Giúp 2 hộ nghèo trong thôn làm chuồng trại",
        "Nhắc 10 hộ giữ vệ sinh ngõ xóm mỗi tháng",
        "Đọc 1 cuốn sách về Bác mỗi quý",
    ]
    assert rows < len(actions)
    for n, action in enumerate(actions):
        if n < rows:  # the next row's action, Tab after Tab
            _tab_to(page, lambda e: e["tag"] == "textarea" and e["id"].startswith("action-"))
        else:  # "+ Thêm việc làm" pressed with Enter: the new row takes the focus
            _tab_to(page, lambda e: e["text"].startswith("+ Thêm"))
            page.keyboard.press("Enter")
            new_row = page.locator("fieldset.item-row").nth(n).locator("textarea")
            new_row.wait_for()
            for _ in range(50):
                if _focused(page)["id"] == new_row.get_attribute("id"):
                    break
                page.wait_for_timeout(50)
            assert _focused(page)["id"] == new_row.get_attribute("id"), "the new row did not take the focus"
        page.keyboard.type(action)
        page.keyboard.press("Tab")  # target
        page.keyboard.type("Xong trong năm")
        page.keyboard.press("Tab")  # deadline
        page.keyboard.type(f"31/12/{year}")
        page.keyboard.press("Tab")  # area: a select changed with the arrow keys
        page.keyboard.press("ArrowDown")
    # the last row moved up with the keyboard: its "↑", the first after its fields, pressed with Space
    _tab_to(page, lambda e: e["text"] == "↑")
    page.keyboard.press("Space")
    _tab_to(page, lambda e: e["text"] == "Lưu và nộp")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/ho-so/\d+/$"))

    record = Record.objects.get(person=me, year=year)
    assert record.state == RecordState.SUBMITTED
    saved = list(record.items.order_by("position").values_list("action", "target", "area"))
    assert [a for a, _, _ in saved] == [actions[0], actions[1], actions[3], actions[2]]
    assert {t for _, t, _ in saved} == {"Xong trong năm"}
    assert all(area for _, _, area in saved)  # chosen with the arrow keys
    window.screenshot()
