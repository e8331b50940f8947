"""A pasted link or a long word never makes a page wider than a 360 px phone.

A unit of its own (a commune and a cell under the province) is given a 300-character unbroken string in every
kind of text people type and the pages show: the names of the units and of a person, a position, the actions,
targets and comments of a commitment, a progress note, a reminder, a study session's topic, a pilot model,
an exemplar's title and achievements, an inspection's focus and findings. Each page that shows them is read
at 360 px: ``document.scrollingElement.scrollWidth`` must not pass 360.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from lamtheobac.activities.models import (
    Exemplar,
    Inspection,
    InspectionKind,
    PilotModel,
    StudyKind,
    StudySession,
)
from lamtheobac.cycle import services
from lamtheobac.cycle.models import RecordItem, Reminder
from lamtheobac.demo.era import PROVINCE_CODE
from lamtheobac.demo.logins import DEMO_PASSWORD
from lamtheobac.organisation import services as org_services
from lamtheobac.organisation.models import Org, OrgKind, Person, Role
from tests.cycle.builders import make_commitment
from tests.factories import OrgFactory, PersonFactory, UserFactory

LINK = "https://lamtheobac.example.vn/tai-lieu/" + "chuyende" * 40
LONG = LINK[:300]  # a pasted link: no space, no hyphen, nowhere a browser would break it by itself
WORD = "Nguyễn" + "Thịnhvượng" * 14  # a name (letters only), as long as the column takes
assert len(LONG) == 300 and " " not in LONG


@pytest.fixture(scope="module")
def world(server, django_db_blocker):
    """The unit, its people and their records, every text in them unbroken."""
    with django_db_blocker.unblock():
        return _world()


def _world() -> dict:
    year = timezone.localdate().year
    province = Org.objects.get(code=PROVINCE_CODE)
    commune = OrgFactory(parent=province, kind=OrgKind.COMMUNE_COMMITTEE, name="Đảng bộ xã " + LONG[:240],
                         code="DAI-XA")  # fmt: skip
    cell = OrgFactory(parent=commune, kind=OrgKind.CELL, name="Chi bộ thôn " + LONG[:240], code="DAI-CB")
    chief = UserFactory(username="dai_lanhdao")
    member = UserFactory(username="dai_dangvien")
    for user in (chief, member):
        user.set_password(DEMO_PASSWORD)
        user.save()
    for role in (Role.LEADER, Role.OFFICER, Role.INSPECTOR):
        org_services.grant_create(actor=None, user=chief, org=commune, role=role)
    org_services.grant_create(actor=None, user=member, org=cell, role=Role.MEMBER)
    person = PersonFactory(full_name="Nguyễn Văn Dài", org=cell, user=member)
    Person.objects.filter(pk=person.pk).update(full_name=WORD, position=LONG[:200])
    other = PersonFactory(full_name="Trần Thị Dài", org=cell)

    record = make_commitment(person=person, year=year, actor=member)
    RecordItem.objects.filter(record=record).update(action=LONG, target=LONG)
    record = services.record_submit(actor=member, record=record)
    services.progress_add(actor=member, item=record.items.first(), text_=LONG, link=LINK[:200])
    record = services.record_return(actor=chief, record=record, comment=LONG)
    waiting = services.record_submit(actor=None, record=make_commitment(person=other, year=year, actor=chief))
    RecordItem.objects.filter(record=waiting).update(action=LONG, target=LONG)
    Reminder.objects.create(
        sender_org=commune, target_person=person, year=year, kind="commitment", message=LONG
    )
    today = timezone.localdate()
    session = StudySession.objects.create(
        org=cell, held_on=today, kind=StudyKind.values[0], topic=LONG, created_by=chief
    )
    pilot = PilotModel.objects.create(
        org=cell,
        name=LONG,
        field=LONG[:200],
        description=LONG,
        results=LONG,
        started_on=today,
        created_by=chief,
    )
    exemplar = Exemplar.objects.create(
        org=cell, person=person, title=LONG, achievements=LONG, nominated_on=today, nominated_by=chief
    )
    inspection = Inspection.objects.create(
        org=commune,
        target=cell,
        year=year,
        kind=InspectionKind.values[0],
        focus=LONG,
        planned_month=1,
        team=LONG,
        content=LONG,
        findings=LONG,
        conclusion=LONG,
        recommendations=LONG,
        created_by=chief,
    )
    return {
        "year": year, "commune": commune, "cell": cell, "person": person, "record": record,
        "waiting": waiting, "session": session, "pilot": pilot, "exemplar": exemplar, "inspection": inspection,
    }  # fmt: skip


def pages(w) -> list[tuple[str, str]]:
    """(who, path) of every page that shows the unit's texts."""
    record, waiting, cell, commune = w["record"], w["waiting"], w["cell"], w["commune"]
    chief = [
        "home", "cycle:queue", "cycle:record-list", ("cycle:record-detail", record.pk),
        ("cycle:record-detail", waiting.pk), "organisation:org-tree", ("organisation:org-detail", cell.pk),
        ("organisation:org-detail", commune.pk), ("organisation:person-detail", w["person"].pk),
        "organisation:person-list", "cycle:lagging", "reports:dashboard", "activities:study-list",
        ("activities:study-detail", w["session"].pk), "activities:pilot-list",
        ("activities:pilot-detail", w["pilot"].pk), "activities:exemplar-list",
        ("activities:exemplar-detail", w["exemplar"].pk), "activities:inspection-list",
        ("activities:inspection-detail", w["inspection"].pk),
    ]  # fmt: skip
    member = ["home", ("cycle:record-detail", record.pk), ("cycle:record-edit", record.pk)]
    out = []
    for who, names in (("dai_lanhdao", chief), ("dai_dangvien", member)):
        for name in names:
            name, *args = name if isinstance(name, tuple) else (name,)
            path = reverse(name, args=args)
            if name in ("cycle:record-list", "reports:dashboard", "cycle:lagging"):
                path += f"?org={commune.pk}"
            out.append((who, path))
    out.append(("dai_lanhdao", reverse("organisation:search") + "?q=Thinhvuong"))
    return out


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_no_page_showing_typed_text_is_wider_than_a_phone(visit, world):
    too_wide = []
    for who in ("dai_lanhdao", "dai_dangvien"):
        window = visit()
        window.sign_in(who)
        for signed_in, path in pages(world):
            if signed_in != who:
                continue
            page = window.go(path)
            assert page.locator("main").count(), path
            shown = page.locator("main").inner_text()
            assert (
                LONG[:60] in shown.replace("\n", "") or WORD[:40] in shown or "thinhvuong" in path.lower()
            ), f"{path}: the long text is not on the page, the check would prove nothing"
            width = page.evaluate("document.scrollingElement.scrollWidth")
            if width > 360:
                too_wide.append(f"{who} {path}: {width} px")
    assert not too_wide, "\n".join(too_wide)
