"""The commitment form tells every problem at once, each beside its field, rows numbered, the first focused."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from lamtheobac.cycle import services
from lamtheobac.cycle.models import RecordState

from .builders import YEAR
from .test_views_records import _edit

pytestmark = pytest.mark.django_db


def _three_bad_rows() -> dict:
    """Row 1 fine, row 2 without its action, row 3 with a deadline of no date and one of another year."""
    return {
        "row": ["a", "b", "c"],
        "action-a": "Đọc 2 tác phẩm của Bác", "target-a": "", "deadline-a": "",
        "action-b": "   ", "target-b": "12/12 kỳ", "deadline-b": f"31/13/{YEAR}",
        "action-c": "Đi sinh hoạt đúng giờ", "target-c": "", "deadline-c": f"30/06/{YEAR + 1}",
        "then": "submit",
    }  # fmt: skip


def _field(body: str, name: str) -> str:
    return re.search(rf'<(?:input|textarea|select)[^>]*id="{name}"[^>]*>', body).group(0)


def test_it_tells_every_problem_at_once_each_under_its_field(cast, commitment, client_for):
    before = list(commitment.items.values_list("action", flat=True))
    response = _edit(client_for(cast.member), commitment, _three_bad_rows())
    body = response.content.decode()
    assert response.status_code == 200
    # the summary: every row's problem, "Dòng N: …" as the service words it, each a link to its field
    assert f'<a href="#action-b">{services.ERR_ITEM_ACTION_EMPTY % {"n": 2}}</a>' in body
    assert (
        f'<a href="#deadline-b">Dòng 2: thời hạn phải có dạng ngày/tháng/năm, ví dụ 30/06/{YEAR}.</a>' in body
    )
    year_error = services.ERR_ITEM_DEADLINE_YEAR % {"n": 3, "date": f"30/06/{YEAR + 1}", "year": YEAR}
    assert f'<a href="#deadline-c">{year_error}</a>' in body
    assert "Còn 3 chỗ cần sửa" in body
    # beside each field, marked invalid and described by its message
    assert 'aria-invalid="true"' in _field(body, "action-b") and "err-action-b" in _field(body, "action-b")
    assert '<ul class="errorlist" id="err-action-b"><li>Chưa ghi việc làm.</li></ul>' in body
    assert (
        f'<ul class="errorlist" id="err-deadline-c"><li>Thời hạn 30/06/{YEAR + 1} không thuộc năm {YEAR}'
        in body
    )
    assert "aria-invalid" not in _field(body, "action-a") and "aria-invalid" not in _field(body, "deadline-a")
    # the first problem has the focus; no other field asks for it
    assert "autofocus" in _field(body, "action-b") and body.count("autofocus") == 1
    # what was typed stays, nothing is saved
    assert 'value="12/12 kỳ"' in body
    commitment.refresh_from_db()
    assert commitment.state == RecordState.DRAFT
    assert list(commitment.items.values_list("action", flat=True)) == before


def test_rows_are_numbered_and_a_blank_added_row_is_left_out(cast, commitment, client_for):
    page = client_for(cast.member).get(reverse("cycle:record-edit", args=[commitment.pk])).content.decode()
    assert page.count('<legend class="row-title">Dòng <span class="row-number"></span>') == 3
    data = {
        "row": ["a", "b", "c", "d"],
        **{f"action-{k}": f"Việc {k} mỗi tháng một lần" for k in "abc"},
        "action-d": "", "target-d": "", "deadline-d": "",
    }  # fmt: skip
    response = _edit(client_for(cast.member), commitment, data)
    assert response.status_code == 302
    assert commitment.items.count() == 3


def test_submitting_too_few_is_told_with_the_rows_problems(cast, commitment, client_for):
    data = {"row": ["a"], "action-a": "Việc một", "target-a": "", "deadline-a": "31-12", "then": "submit"}
    body = _edit(client_for(cast.member), commitment, data).content.decode()
    assert "Dòng 1: thời hạn phải có dạng ngày/tháng/năm" in body
    assert services.ERR_TOO_FEW_ACTIONS % {"n": 3, "have": 1} in body
