"""The demo's activities (``seed_demo`` → ``lamtheobac.demo.activities``): 2016 to the current year.

The module reads the demo seeded once for the whole run and copied into its database (``demo_db``,
tests/demo_db.py); the determinism test rebuilds the activities inside its own rolled-back transaction.
"Today" is the local date, as in the command.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import pytest
from django.db.models import Count, F, Q
from django.test import override_settings
from django.utils import timezone

from lamtheobac.activities.models import (
    Attendance,
    Commendation,
    Exemplar,
    Inspection,
    InspectionStatus,
    PilotModel,
    PilotStatus,
    StudyKind,
    StudySession,
)
from lamtheobac.cycle.models import Document, DocumentKind
from lamtheobac.demo.activities import build_activities
from lamtheobac.demo.data.bach_thong import ROOT_CODE
from lamtheobac.demo.data.cycle import theme_for
from lamtheobac.demo.era import PROVINCE_CODE, era_of
from lamtheobac.demo.wipe import wipe_activities
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation.models import Org, OrgKind

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
CURRENT = TODAY.year
SEED = 2020  # seed_demo's default
EVENT = "Ngày hội thầy thuốc trẻ làm theo lời Bác năm 2020 tại xã Vũ Muộn"


def _fingerprint() -> dict:
    """Per-year counts and a digest of every activity row's content: what a seed must repeat."""
    counts = {
        "sessions": dict(StudySession.objects.values_list("year").annotate(n=Count("id")).order_by("year")),
        "attendance": Attendance.objects.count(),
        "pilots": PilotModel.objects.count(),
        "exemplars": dict(Exemplar.objects.values_list("year").annotate(n=Count("id")).order_by("year")),
        "commendations": Commendation.objects.count(),
        "inspections": dict(Inspection.objects.values_list("year").annotate(n=Count("id")).order_by("year")),
    }
    digest = hashlib.sha256()
    for queryset in (
        StudySession.objects.order_by("id").values_list("org__code", "held_on", "kind", "topic"),
        Exemplar.objects.order_by("id").values_list(
            "org__code", "person__full_name", "nominated_on", "public_id"
        ),
        Commendation.objects.order_by("id").values_list("decision_number", "decided_on", "issuer"),
        Inspection.objects.order_by("id").values_list(
            "target__code", "planned_month", "status", "follow_up_due"
        ),
        PilotModel.objects.order_by("id").values_list("name", "status", "started_on"),
    ):
        for row in queryset:
            digest.update(repr(row).encode())
    return {"counts": counts, "digest": digest.hexdigest()}


@dataclass(frozen=True)
class Seeded:
    output: str
    fingerprint: dict


@pytest.fixture(scope="module")
def seeded(demo_db, django_db_blocker) -> Seeded:
    # The session's demo (tests/demo_db.py), copied into the database for this module.
    with django_db_blocker.unblock():
        return Seeded(output=demo_db.output, fingerprint=_fingerprint())


def _cells(year: int = 2020):
    """The district's cells as its tree stood in ``year`` (some went on elsewhere in 2025)."""
    district = Org.objects.get(code=ROOT_CODE)
    tree = org_selectors.tree_in_year(org_selectors.path_in(district, year), year)
    return Org.objects.filter(pk__in=[pk for pk, _, kind, _ in tree if kind == OrgKind.CELL])


def _thematic(year: int):
    return StudySession.objects.filter(year=year, kind=StudyKind.THEMATIC)


# --- Study ---------------------------------------------------------------------------------------


def test_every_cell_studies_the_years_theme_in_2020_and_most_did_from_2016(seeded):
    cells = set(_cells().values_list("pk", flat=True))
    studied_2020 = set(_thematic(2020).filter(org__kind=OrgKind.CELL).values_list("org_id", flat=True))
    assert studied_2020 == cells
    assert set(_thematic(2020).filter(org__kind=OrgKind.CELL).values_list("topic", flat=True)) == {
        theme_for(2020)
    }
    studied_2016 = _thematic(2016).filter(org__kind=OrgKind.CELL).values("org_id").distinct().count()
    assert 0.85 * len(cells) <= studied_2016 < len(cells)
    # 2016 begins after Chỉ thị 05-CT/TW (15/5/2016)
    assert not StudySession.objects.filter(year=2016, held_on__lte="2016-05-15").exists()


def test_luc_binh_10_of_10_cells_in_2020(seeded):
    cells = _cells().filter(code__startswith="BT-LB-")
    assert cells.count() == 10
    assert _thematic(2020).filter(org__in=cells).values("org_id").distinct().count() == 10
    assert "Năm 2020:" in seeded.output and "10/10 chi bộ Lục Bình học chuyên đề" in seeded.output


def test_cell_meetings_and_attendance(seeded):
    meetings = StudySession.objects.filter(kind=StudyKind.CELL_MEETING, year=2019)
    assert meetings.count() >= 3 * _cells().count()
    assert all(
        t.startswith("Sinh hoạt chi bộ có nội dung làm theo Bác")
        for t in meetings.values_list("topic", flat=True)
    )
    assert not StudySession.objects.filter(held_on__gte=TODAY).exists()
    # Attendance is recorded for the cells' thematic sessions, mostly present.
    session = _thematic(2020).filter(org__code="BT-LB-CB01").get()
    marks = list(session.attendance.values_list("status", flat=True))
    assert marks and marks.count("present") >= len(marks) // 2
    total = Attendance.objects.count()
    assert total + StudySession.objects.count() <= 45_000
    assert Attendance.objects.filter(status="present").count() > 0.8 * total


def test_the_articles_2020_event_in_vu_muon(seeded):
    event = StudySession.objects.get(topic=EVENT)
    assert event.org.code == "BT-VM" and event.year == 2020
    exemplar = Exemplar.objects.get(year=2020, title__contains="Thầy thuốc trẻ làm theo lời Bác")
    assert exemplar.person_id is None and exemplar.published and exemplar.consent
    assert exemplar.commendations.exists()


# --- Pilot models ----------------------------------------------------------------------------------


def test_a_few_dozen_pilot_models_some_replicated(seeded):
    pilots = PilotModel.objects.all()
    assert 20 <= pilots.count() <= 60
    replicated = pilots.filter(status=PilotStatus.REPLICATED)
    assert replicated.count() >= 5
    for pilot in replicated:
        to = list(pilot.replicated_to.values_list("pk", flat=True))
        assert len(to) >= 2 and pilot.org_id not in to
    assert not pilots.exclude(status=PilotStatus.REPLICATED).filter(replicated_to__isnull=False).exists()
    assert (
        pilots.filter(name__contains="Dân vận khéo").exists()
        or pilots.filter(name__contains="Chi bộ 4 tốt").exists()
    )


# --- Exemplars ---------------------------------------------------------------------------------------


def test_hundreds_of_exemplars_commended_with_decision_numbers(seeded):
    early = Exemplar.objects.filter(year__lte=2020)
    assert early.count() >= 300
    commended = Commendation.objects.filter(exemplar__year__lte=2020)
    assert commended.values("exemplar_id").distinct().count() >= 250
    assert not Commendation.objects.filter(decided_on__lt=F("exemplar__nominated_on")).exists()
    assert not Commendation.objects.filter(decided_on__gt=TODAY).exists()
    pattern = re.compile(r"^\d+(/QĐ-UBND|-QĐ/HU|-QĐ/TU|-QĐ/BTGDVTU)$")
    assert all(pattern.match(n) for n in Commendation.objects.values_list("decision_number", flat=True))
    # the district commends until 30/6/2025; from then on, with no district level, the province does
    district = {"UBND huyện Bạch Thông", "Huyện ủy Bạch Thông", "UBND tỉnh Bắc Kạn"}
    province = {
        "Tỉnh ủy Thái Nguyên",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên",
        "UBND tỉnh Thái Nguyên",
    }
    early = Commendation.objects.filter(exemplar__year__lt=2025)
    assert set(early.values_list("issuer", flat=True)) == district
    late = Commendation.objects.filter(exemplar__year__gte=2025)
    assert set(late.values_list("issuer", flat=True)) == province
    assert not late.filter(decision_number__endswith="/HU").exists()
    assert set(Commendation.objects.values_list("form", flat=True)) == {"praise", "certificate", "merit"}
    assert (
        Exemplar.objects.filter(person__isnull=True).exists()
        and Exemplar.objects.filter(person__isnull=False).exists()
    )
    # Every commended exemplar was verified.
    assert not Exemplar.objects.filter(commendations__isnull=False, state="nominated").exists()


def test_the_districts_commendation_for_2015_2020(seeded):
    period = Exemplar.objects.filter(year=2020, title__contains="giai đoạn 2015 – 2020")
    assert (
        period.filter(person__isnull=True).count() >= 5 and period.filter(person__isnull=False).count() >= 10
    )
    numbers = set(Commendation.objects.filter(exemplar__in=period).values_list("decision_number", "issuer"))
    assert len(numbers) == 1 and next(iter(numbers))[1] == "UBND huyện Bạch Thông"


def test_published_exemplars_have_consent_and_a_story(seeded):
    published = Exemplar.objects.filter(published=True)
    assert 15 <= published.count() <= 60
    assert not published.filter(Q(consent=False) | Q(story="") | Q(published_at__isnull=True)).exists()
    assert not published.filter(commendations__isnull=True).exists()


def test_no_real_officials_of_the_article_are_demo_exemplars(seeded):
    names = set(Exemplar.objects.filter(person__isnull=False).values_list("person__full_name", flat=True))
    assert not names & {"Hoàng Văn Trí", "Nguyễn Thanh Hà", "Thanh Tuyền"}


# --- Inspections ------------------------------------------------------------------------------------


def test_about_thirty_district_inspections_a_year_with_follow_ups(seeded):
    def top(year: int):  # the district's inspections until 2024, the province's from 2025
        return Inspection.objects.filter(org__code=era_of(year).root_code, year=year)

    for year in range(2017, CURRENT + 1):
        assert 25 <= top(year).count() <= 35, year
    assert 15 <= top(2016).count() <= 25
    assert Inspection.objects.exclude(org__code=ROOT_CODE).filter(year=2020).count() >= 10
    assert Inspection.objects.exclude(org__code=PROVINCE_CODE).filter(year=CURRENT).count() >= 5
    assert set(Inspection.objects.values_list("kind", flat=True)) == {"inspection", "supervision"}
    assert not Inspection.objects.filter(follow_up_due__lt=F("executed_on")).exists()
    done = Inspection.objects.exclude(status=InspectionStatus.PLANNED)
    assert not done.filter(
        Q(executed_on__isnull=True) | Q(follow_up_due__isnull=True) | Q(findings="")
    ).exists()
    past = Inspection.objects.filter(year__lt=CURRENT)
    assert set(past.values_list("status", flat=True)) <= {InspectionStatus.FIXED, InspectionStatus.CLOSED}
    assert not past.filter(responses__isnull=True).exists()


def test_the_current_year_is_partial(seeded):
    current = Inspection.objects.filter(year=CURRENT)
    assert not current.filter(executed_on__gte=TODAY).exists()
    if TODAY.month < 12:
        assert current.filter(status=InspectionStatus.PLANNED).exists()
    if TODAY.month >= 5:
        overdue = current.filter(
            status=InspectionStatus.DONE, follow_up_due__lt=TODAY, responses__isnull=True
        )
        assert overdue.exists()


# --- Documents -------------------------------------------------------------------------------------


def test_documents_the_directive_once_and_a_yearly_guidance(seeded):
    assert Document.objects.filter(number="05-CT/TW").count() == 1
    guidance = Document.objects.filter(kind=DocumentKind.GUIDANCE)
    district = guidance.filter(number__endswith="-HD/BTGHU", issuer="Ban Tuyên giáo Huyện ủy Bạch Thông")
    assert sorted(district.values_list("period__year", flat=True)) == list(range(2016, 2025))
    # no district level from 1/7/2025: the province's Ban Tuyên giáo và Dân vận guides the years since
    province = guidance.filter(
        number__endswith="-HD/BTGDVTU", issuer="Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên"
    )
    assert sorted(province.values_list("period__year", flat=True)) == list(range(2025, CURRENT + 1))


# --- Determinism -----------------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_activities(seeded):
    assert seeded.fingerprint == _fingerprint()
    with override_settings(DEBUG=True):
        deleted = wipe_activities()
        assert deleted["sessions"] > 0 and not StudySession.objects.exists()
        years = build_activities(SEED, today=TODAY)
    assert [y.year for y in years] == list(range(2016, CURRENT + 1))
    assert _fingerprint() == seeded.fingerprint
