"""What the writer was told, shown to the one who approves: counted beside each record in the approval queue,
and on the record page under each action with the rule that fired. Near-copies are counted, and named only
where the approver may see them."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lamtheobac.cycle import services
from lamtheobac.cycle.models import Record, RecordKind
from lamtheobac.cycle.services import ItemInput
from lamtheobac.quality import selectors
from tests.cycle.builders import YEAR, open_year
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

SHARED = [
    ("Đọc 02 cuốn sách viết về Chủ tịch Hồ Chí Minh", "Ghi chép điều tâm đắc"),
    ("Phụ đạo học sinh yếu môn Toán chiều thứ Năm hằng tuần", "Không còn học sinh yếu cuối năm"),
    ("Trồng 200 cây keo trên đồi nhà trước tháng 9", "Tỷ lệ cây sống trên 85%"),
]
VAGUE = [
    ("Chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước", ""),
    ("Thực hiện tốt phương châm 4 tại chỗ", ""),  # a slogan's count is no target
]
OWN = [("Dâng hương tại Khu di tích K9 Đá Chông cùng chi bộ", "")]  # concrete without a number


def _file(person, rows) -> Record:
    record = services.record_create(actor=None, kind=RecordKind.COMMITMENT, year=YEAR, person=person)
    items = [ItemInput(action=a, target=t) for a, t in rows]
    record = services.record_save(actor=None, record=record, version=record.version, items=items)
    return services.record_submit(actor=None, record=record)


@pytest.fixture
def filed(cast):
    """Three commitments of cell A1 waiting for the commune's leader: the member's and the colleague's are
    near-identical with a third one; the member's has two vague actions among six."""
    open_year(cast.district_a, min_actions=1)
    cast.third = PersonFactory(full_name="Lý Thị Hoa", org=cast.cell_a1)
    cast.mine = _file(cast.member_person, SHARED + VAGUE + OWN)
    cast.theirs = _file(cast.colleague, SHARED + VAGUE)
    cast.other = _file(cast.third, SHARED + VAGUE[:1])
    return cast


def _flags_of(html: str, record: Record) -> str:
    """The flags shown in the queue's row of ``record``."""
    row = re.search(rf'<tr>(?:(?!</tr>).)*?value="{record.pk}:.*?</tr>', html, re.S)
    assert row, record
    found = re.search(r'<span class="flags">(.*?)</span>\s*</td>', row.group(0), re.S)
    return found.group(1) if found else ""


def test_the_queue_counts_vague_actions_and_near_copies_beside_each_record(filed, client_for):
    html = client_for(filed.leader).get(reverse("cycle:queue")).content.decode()
    mine = _flags_of(html, filed.mine)
    assert "2 việc chưa cụ thể" in mine
    assert "giống 2 cam kết khác" in mine
    assert "1 việc chưa cụ thể" in _flags_of(html, filed.other)
    # counted, never named nor linked
    for flags in (mine, _flags_of(html, filed.theirs), _flags_of(html, filed.other)):
        assert "<a" not in flags
        assert not any(name in flags for name in ("Hoàng Thị Mai", "Nông Văn Dũng", "Lý Thị Hoa"))


def test_a_record_with_nothing_to_flag_has_no_badge(cast, client_for):
    open_year(cast.district_a, min_actions=1)
    clean = _file(cast.member_person, SHARED)
    html = client_for(cast.leader).get(reverse("cycle:queue")).content.decode()
    assert _flags_of(html, clean) == ""
    assert "chưa cụ thể" not in html and "giống" not in html


def test_the_queue_reads_as_many_queries_for_ten_rows_as_for_two(cast, client_for):
    open_year(cast.district_a, min_actions=1)
    client = client_for(cast.leader)

    def queue_queries() -> tuple[int, str]:
        client.get(reverse("cycle:queue"))  # the page cache and the session settle
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse("cycle:queue"), {"q": ""}).content.decode()
        return len(queries), html

    for i in range(2):
        _file(PersonFactory(full_name=f"Người Thứ {i}", org=cast.cell_a1), SHARED + VAGUE)
    two, html = queue_queries()
    assert html.count("2 việc chưa cụ thể") == 2 and html.count("giống 1 cam kết khác") == 2
    for i in range(2, 10):
        _file(PersonFactory(full_name=f"Người Thứ {i}", org=cast.cell_a1), SHARED + VAGUE)
    ten, html = queue_queries()
    assert html.count("2 việc chưa cụ thể") == 10 and html.count("giống 9 cam kết khác") == 10
    assert ten == two


def test_the_record_page_says_under_each_action_which_rule_fired(filed, client_for):
    response = client_for(filed.leader).get(reverse("cycle:record-detail", args=[filed.mine.pk]))
    html = response.content.decode()
    items = {item.action: item for item in response.context["items"]}
    vague = items[VAGUE[0][0]].flags
    assert [f.kind for f in vague] == ["copied", "sample", "vague"]  # it is also a stock sentence
    assert vague[0].message == "Giống việc làm trong 2 bản cam kết khác của chi bộ"
    assert vague[1].message == "Trùng câu trong các bản cam kết mẫu trên mạng"
    assert vague[2].message == "Việc làm này chưa nêu sản phẩm hoặc chỉ tiêu đo được"
    assert "chỉ có cụm từ chung chung: “chấp hành tốt”" in vague[2].detail
    assert vague[2].suggestion.startswith("Gợi ý khi trả lại: ")
    assert [f.kind for f in items[VAGUE[1][0]].flags] == ["copied", "vague"]
    assert [f.kind for f in items[SHARED[0][0]].flags] == ["copied"]
    assert items[OWN[0][0]].flags == []  # a one-off act at a named place is concrete
    assert html.count("Việc làm này chưa nêu sản phẩm hoặc chỉ tiêu đo được") == 2
    assert "2/6 việc làm chưa nêu sản phẩm hoặc chỉ tiêu đo được" in html


def test_the_record_page_links_the_near_identical_commitments_the_approver_may_see(filed, client_for):
    html = client_for(filed.leader).get(reverse("cycle:record-detail", args=[filed.mine.pk])).content.decode()
    assert "gần như trùng với 2 bản cam kết khác cùng chi bộ, cùng năm" in html
    for record in (filed.theirs, filed.other):
        assert f'href="{reverse("cycle:record-detail", args=[record.pk])}"' in html
    assert f'href="{reverse("cycle:record-detail", args=[filed.mine.pk])}"' not in html


def test_near_identical_commitments_outside_what_one_may_see_are_counted_not_named(filed):
    shown, unnamed = selectors.alike(
        filed.mine, selectors.quality_of(filed.mine).cluster, named=Record.objects.filter(pk=filed.theirs.pk)
    )
    assert shown == [filed.theirs] and unnamed == 1
    shown, unnamed = selectors.alike(
        filed.mine, selectors.quality_of(filed.mine).cluster, named=Record.objects.none()
    )
    assert shown == [] and unnamed == 2


def test_only_the_one_who_approves_reads_the_flags_on_the_record(filed, client_for):
    url = reverse("cycle:record-detail", args=[filed.mine.pk])
    for user in (filed.member, filed.officer, filed.admin):
        html = client_for(user).get(url).content.decode()
        approves = user == filed.admin  # an admin approves everywhere
        assert ("Cần xem khi duyệt" in html) == approves, user
        assert ("Việc làm này chưa nêu sản phẩm" in html) == approves, user
    assert client_for(filed.outsider).get(url).status_code == 404
