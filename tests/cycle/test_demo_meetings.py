"""The demo's monthly cell meetings: Nà Pài (bithu_chibo's cell) records the "làm theo Bác" item every month
so far, the commune's dashboard counts it, and dangvien reads the meeting of their cell."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from lamtheobac.cycle.models import CellMeeting
from lamtheobac.demo.logins import LUC_BINH_FIRST_CELL, PHU_THONG
from lamtheobac.organisation.models import Org

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(demo_db) -> None:
    """The session's demo (tests/demo_db.py), copied into the database for this module."""


def test_the_demo_cell_records_its_meetings_and_the_dashboard_counts_them(seeded, client):
    today = timezone.localdate()
    cell = Org.objects.get(code=LUC_BINH_FIRST_CELL)
    held = list(CellMeeting.objects.filter(org=cell, year=today.year).order_by("month"))
    months = [m.month for m in held]
    assert months[: today.month - 1] == list(range(1, today.month))  # every ended month
    assert all(m.check_ins.exists() for m in held)
    client.force_login(User.objects.get(username="bithu_xa"))
    commune = Org.objects.get(code=PHU_THONG)
    board = client.get(reverse("reports:dashboard"), {"org": commune.pk, "year": today.year})
    counts = {c.month: c for c in board.context["meetings"]}
    assert counts[1].held >= 1 and counts[1].cells > counts[1].held - 1
    client.force_login(User.objects.get(username="dangvien"))
    assert client.get(reverse("cycle:meeting-detail", args=[held[0].pk])).status_code == 200
    assert client.get(reverse("cycle:meeting-edit", args=[held[0].pk])).status_code == 403
