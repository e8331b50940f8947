"""A study session serves other study programmes besides the year's theme: in 2026 the cells study the 14th
Congress's resolution (Chỉ thị 01-CT/TW, 23/01/2026, of the Politburo) in the same sessions."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from lamtheobac.activities.models import StudyKind, StudySession
from lamtheobac.activities.services import study as services
from lamtheobac.cycle.models import Programme

pytestmark = pytest.mark.django_db

MINUTES = "Chi bộ học tập chuyên đề năm và Nghị quyết Đại hội XIV của Đảng."


def test_a_session_recorded_on_the_page_serves_chi_thi_01_too(cast, client_for):
    ct01 = Programme.objects.get(code="CT01-2026")
    data = {
        "org": cast.cell_a1.pk,
        "held_on": "15/03/2025",
        "kind": StudyKind.THEMATIC,
        "topic": "Chuyên đề năm",
        "minutes": MINUTES,
        "programmes": [ct01.pk],
    }
    response = client_for(cast.officer).post(reverse("activities:study-create"), data)
    assert response.status_code == 302
    session = StudySession.objects.get()
    assert list(session.programmes.all()) == [ct01]
    page = client_for(cast.officer).get(response["Location"]).content.decode()
    assert "Chỉ thị số 01-CT/TW, ngày 23/01/2026 của Bộ Chính trị" in page


def test_a_caller_that_names_no_programme_leaves_them_as_they_are(cast):
    ct01 = Programme.objects.get(code="CT01-2026")
    held = datetime.date(2025, 3, 15)
    session = services.study_create(
        actor=None,
        org=cast.cell_a1,
        data=services.StudyInput(
            held_on=held, kind=StudyKind.THEMATIC, topic="A", minutes=MINUTES, programmes=[ct01]
        ),
    )
    services.study_update(
        actor=None,
        session=session,
        data=services.StudyInput(held_on=held, kind=StudyKind.THEMATIC, topic="B", minutes=MINUTES),
    )
    assert list(session.programmes.all()) == [ct01]
    services.study_update(
        actor=None,
        session=session,
        data=services.StudyInput(
            held_on=held, kind=StudyKind.THEMATIC, topic="B", minutes=MINUTES, programmes=[]
        ),
    )
    assert not session.programmes.exists()
