"""The demo's 2026 rules: Phủ Thông (which took Lục Bình in) asks two actions of each person and three contents
of each collective, ``dangvien`` submits their two; the cell's leader rates under QĐ 366-QĐ/TW."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from lamtheobac.cycle.models import Record, RecordKind, RecordState
from lamtheobac.cycle.selectors import rules_for
from lamtheobac.demo.cycle.rating import year_end_facts
from lamtheobac.demo.logins import LUC_BINH_FIRST_CELL, PHU_THONG
from lamtheobac.organisation.models import Org

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@pytest.fixture(scope="module")
def seeded(demo_db) -> None:
    """The session's demo (tests/demo_db.py), copied into the database for this module."""


@pytest.mark.skipif(YEAR < 2026, reason="the demo's rules of 2026")
def test_phu_thong_asks_two_actions_and_three_contents_and_the_member_submits_two(seeded, client):
    rules = rules_for(Org.objects.get(code=LUC_BINH_FIRST_CELL), YEAR)
    assert [p.org.code for p in rules.periods][-1] == PHU_THONG
    assert (rules.min_actions, rules.registration.collective_min) == (2, 3)
    user = User.objects.get(username="dangvien")
    record = Record.objects.get(person__user=user, year=YEAR, kind=RecordKind.COMMITMENT)
    assert (record.state, record.items.count()) == (RecordState.DRAFT, 2)
    client.force_login(user)
    client.post(reverse("cycle:record-submit", args=[record.pk]))
    record.refresh_from_db()
    assert record.state == RecordState.SUBMITTED


@pytest.mark.skipif(YEAR < 2026, reason="the demo's rules of 2026")
def test_the_cell_leader_sees_92_refused_for_excellent_and_88_accepted_as_good(seeded, client):
    late, on_time = year_end_facts(timezone.localdate())  # the two the seeding prepared (again: the same)
    client.force_login(User.objects.get(username="bithu_chibo"))
    url = reverse("cycle:record-rate", args=[late.pk])
    refused = client.post(url, {"rating": "excellent", "score": "92"}).content.decode()
    assert (
        "Chưa đủ điều kiện xếp loại “Hoàn thành xuất sắc nhiệm vụ” (Quy định 366-QĐ/TW, Điều 11)" in refused
    )
    assert "1 việc trễ hạn" in refused
    url = reverse("cycle:record-rate", args=[on_time.pk])
    refused = client.post(url, {"rating": "excellent", "score": "92"}).content.decode()
    assert "Ít nhất 30% việc làm vượt yêu cầu (0/" in refused
    client.post(url, {"rating": "good", "score": "88"})
    on_time.refresh_from_db()
    assert (on_time.state, on_time.rating, on_time.score) == (RecordState.RATED, "good", 88)
