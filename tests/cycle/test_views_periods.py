"""Opening, tightening, closing and reopening a year through the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lamtheobac.cycle import selectors as cycle_selectors
from lamtheobac.cycle import services
from lamtheobac.cycle.models import Document, Period, PeriodEvent, Record, RecordState
from lamtheobac.cycle.selectors import rules_for

from .builders import YEAR, make_commitment

pytestmark = pytest.mark.django_db


def _open(client, org, **fields):
    data = {
        "year": YEAR + 1, "theme": "Chuyên đề năm sau", "breakthroughs": "Cải cách hành chính\nBảo vệ rừng",
        "plan_deadline": f"31/03/{YEAR + 1}", "commitment_deadline": f"15/04/{YEAR + 1}",
        "min_actions": "3", "interim_reviews": "midyear",
        "plan_org_kinds": ["cell", "grassroots_committee"], "commitment_person_kinds": ["member", "probationary"],
    }  # fmt: skip
    data.update(fields)
    return client.post(f"{reverse('cycle:period-open')}?org={org.pk}", data | {"org": org.pk})


def test_an_officer_opens_next_year_and_it_applies_to_every_commune(cast, client_for):
    client = client_for(cast.officer)
    response = _open(client, cast.district_a)
    period = Period.objects.get(org=cast.district_a, year=YEAR + 1)
    assert response["Location"] == reverse("cycle:period-detail", args=[period.pk])
    for org in (cast.commune_a1, cast.commune_a2, cast.cell_a1):
        rules = rules_for(org, YEAR + 1)
        assert rules.is_open and rules.theme == "Chuyên đề năm sau"
    assert not rules_for(cast.commune_b1, YEAR + 1).periods
    page = client.get(reverse("cycle:period-detail", args=[period.pk]))
    assert [row.org.pk for row in page.context["by_child"]] == [cast.commune_a1.pk, cast.commune_a2.pk]
    assert [b.title for b in page.context["breakthroughs"]] == ["Cải cách hành chính", "Bảo vệ rừng"]


def test_the_form_under_an_opened_year_starts_from_what_the_year_above_requires(cast, client_for):
    """Opening a year below an org that opened it: the form comes filled with the rules inherited, the
    programmes required above included."""
    client = client_for(cast.officer)
    _open(client, cast.district_a)
    above = Period.objects.get(org=cast.district_a, year=YEAR + 1)
    page = client.get(f"{reverse('cycle:period-open')}?org={cast.commune_a1.pk}&year={YEAR + 1}")
    assert page.status_code == 200
    initial = page.context["form"].initial
    assert initial["min_actions"] == 3
    assert initial["programmes"] == sorted(above.programmes.values_list("pk", flat=True))


def test_a_commune_adds_its_own_breakthrough_and_may_only_tighten(cast, client_for):
    client = client_for(cast.officer)
    _open(client, cast.district_a)
    loose = _open(client, cast.commune_a1, min_actions="2", commitment_deadline=f"30/06/{YEAR + 1}")
    assert loose.status_code == 200
    body = loose.content.decode()
    assert "Cấp trên yêu cầu ít nhất 3 việc làm; cấp dưới không được giảm." in body
    assert "không được muộn hơn hạn của cấp trên (15/04/" in body
    assert not Period.objects.filter(org=cast.commune_a1).exists()
    _open(client, cast.commune_a1, min_actions="4", breakthroughs="Xóa nhà tạm cho hộ nghèo")
    rules = rules_for(cast.cell_a1, YEAR + 1)
    assert rules.min_actions == 4
    assert [b.title for b in cycle_selectors.breakthroughs_in_force(rules)] == [
        "Cải cách hành chính", "Bảo vệ rừng", "Xóa nhà tạm cho hộ nghèo"
    ]  # fmt: skip
    assert rules_for(cast.commune_a2, YEAR + 1).min_actions == 3


def test_a_leader_cannot_open_a_year(cast, client_for):
    response = _open(client_for(cast.leader), cast.commune_a1)
    assert response.status_code == 403
    assert not Period.objects.exists()


def test_closing_locks_everything_and_an_admin_reopens_with_a_reason(cast, year, client_for):
    record = make_commitment(person=cast.member_person, actor=cast.member)
    services.record_submit(actor=cast.member, record=record)
    client_for(cast.officer).post(reverse("cycle:period-close", args=[year.pk]))
    record.refresh_from_db()
    assert record.state == RecordState.LOCKED
    edit = client_for(cast.member).get(reverse("cycle:record-edit", args=[record.pk]), follow=True)
    assert "Chỉ sửa được khi đang là dự thảo" in edit.content.decode()

    assert client_for(cast.officer).get(reverse("cycle:period-reopen", args=[year.pk])).status_code == 403
    admin = client_for(cast.admin)
    no_reason = admin.post(reverse("cycle:period-reopen", args=[year.pk]), {"reason": ""})
    assert no_reason.status_code == 200
    assert Period.objects.get(pk=year.pk).state == Period.State.CLOSED
    admin.post(reverse("cycle:period-reopen", args=[year.pk]), {"reason": "Bổ sung hồ sơ của chi bộ Nà Pài"})
    record.refresh_from_db()
    assert record.state == RecordState.SUBMITTED
    event = PeriodEvent.objects.get(period=year, action="reopened")
    assert event.reason == "Bổ sung hồ sơ của chi bộ Nà Pài" and event.actor == cast.admin


def test_a_directing_document_is_attached_and_downloaded(cast, year, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(cast.officer)
    client.post(
        reverse("cycle:document-add", args=[year.pk]),
        {"number": "12-KH/HU", "kind": "KH", "issued_on": f"05/01/{YEAR}", "issuer": "Huyện ủy An Bình",
         "title": "Kế hoạch thực hiện chuyên đề năm", "file": SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n")},
    )  # fmt: skip
    document = Document.objects.get()
    assert document.number == "12-KH/HU" and document.issued_on.day == 5
    page = client_for(cast.member).get(reverse("cycle:period-detail", args=[year.pk])).content.decode()
    assert "12-KH/HU" in page  # the member sees the year that governs them
    download = client_for(cast.member).get(reverse("cycle:document-download", args=[document.pk]))
    assert download["Content-Disposition"].startswith("attachment")


def test_a_record_cannot_be_started_before_the_year_is_opened(cast, client_for):
    response = client_for(cast.member).post(
        reverse("cycle:record-start"),
        {"kind": "commitment", "year": YEAR, "person": cast.member_person.pk, "back": "/cam-ket/"},
        follow=True,
    )
    assert f"Năm {YEAR} chưa được mở hoặc đã kết thúc" in response.content.decode()
    assert not Record.objects.exists()


def test_start_from_last_year_copies_the_actions(cast, client_for):
    from .builders import open_year

    open_year(cast.district_a, year=YEAR - 1, plan_deadline=None, commitment_deadline=None)
    open_year(cast.district_a, actor=cast.officer)
    make_commitment(person=cast.member_person, year=YEAR - 1, actor=cast.member)
    client_for(cast.member).post(
        reverse("cycle:record-start"),
        {"kind": "commitment", "year": YEAR, "person": cast.member_person.pk, "from_last_year": "1"},
    )
    new = Record.objects.get(person=cast.member_person, year=YEAR)
    old = Record.objects.get(person=cast.member_person, year=YEAR - 1)
    assert [i.action for i in new.items.all()] == [i.action for i in old.items.all()]
    assert new.state == RecordState.DRAFT


def test_coverage_counts_the_collectives_below_the_org_that_opened_the_year(cast, year, client_for):
    page = client_for(cast.officer).get(reverse("cycle:period-detail", args=[year.pk]))
    # district A opened the year: its communes and cell file plans, the district itself directs
    assert page.context["coverage"].orgs_required == 3
