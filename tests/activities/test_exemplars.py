"""Exemplars inside the system: nominate, verify, commend, publish; refusals, permissions, lists, Excel."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from lamtheobac.activities.models import Commendation, CommendationForm, Exemplar, ExemplarState
from lamtheobac.activities.services import exemplars as services
from tests import sheets

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64


def _nominate(cast, person=None, **extra):
    data = {
        "org": (person or cast.member_person).org, "person": person or cast.member_person,
        "title": "Người đảng viên gương mẫu", "achievements": "Trồng 500 cây xanh",
        "nominated_on": datetime.date(2026, 3, 1),
    } | extra  # fmt: skip
    return services.exemplar_nominate(actor=None, **data)


def _verified(cast, **extra):
    exemplar = _nominate(cast, **extra)
    return services.exemplar_verify(actor=None, exemplar=exemplar)


def _nomination_post(cast, **extra) -> dict:
    return {
        "org": cast.commune_a1.pk, "person": cast.member_person.pk, "title": "Người đảng viên gương mẫu",
        "achievements": "Vận động bà con trồng 500 cây xanh", "story": "Chị Mai dậy từ 5 giờ sáng…",
        "nominated_on": "01/03/2026",
    } | extra  # fmt: skip


# --- Nominate ---------------------------------------------------------------------------------


def test_an_officer_nominates_a_person_with_a_photo(cast, client_for):
    photo = SimpleUploadedFile("chan-dung.png", PNG)
    response = client_for(cast.officer).post(
        reverse("activities:exemplar-create"), _nomination_post(cast, photo=photo)
    )
    exemplar = Exemplar.objects.get()
    assert response["Location"] == reverse("activities:exemplar-detail", args=[exemplar.pk])
    assert exemplar.person == cast.member_person
    assert exemplar.org == cast.cell_a1  # the person's own org
    assert exemplar.nominated_on == datetime.date(2026, 3, 1)
    assert exemplar.year == 2026
    assert exemplar.nominated_by == cast.officer
    assert exemplar.state == ExemplarState.NOMINATED
    assert exemplar.photo.name.endswith(".png")
    assert "chan-dung" not in exemplar.photo.name  # stored under a random name


def test_a_collective_is_nominated_without_a_person(cast, client_for):
    client_for(cast.officer).post(reverse("activities:exemplar-create"), _nomination_post(cast, person=""))
    exemplar = Exemplar.objects.get()
    assert exemplar.person is None
    assert exemplar.org == cast.commune_a1
    assert exemplar.subject_name == cast.commune_a1.name


def test_the_nomination_form_is_vietnamese_and_mobile_friendly(cast, client_for):
    page = client_for(cast.officer).get(reverse("activities:exemplar-create"), {"org": cast.commune_a1.pk})
    body = page.content.decode()
    assert page.status_code == 200
    assert "Đề cử gương điển hình tại Đảng bộ xã Lục Bình" in body
    assert 'placeholder="dd/mm/yyyy"' in body
    assert 'enctype="multipart/form-data"' in body
    assert "Hoàng Thị Mai" in body


def test_without_an_org_it_goes_to_the_users_own(cast, client_for):
    response = client_for(cast.leader).get(reverse("activities:exemplar-create"))
    assert response["Location"].endswith(f"?org={cast.commune_a1.pk}")


def test_a_date_in_another_format_is_refused(cast, client_for):
    response = client_for(cast.officer).post(
        reverse("activities:exemplar-create"), _nomination_post(cast, nominated_on="2026-13-01")
    )
    assert "Ngày phải có dạng ngày/tháng/năm" in response.content.decode()
    assert not Exemplar.objects.exists()


def test_a_leader_nominates_within_the_scope(cast, client_for):
    response = client_for(cast.leader).post(reverse("activities:exemplar-create"), _nomination_post(cast))
    assert response.status_code == 302
    assert Exemplar.objects.get().nominated_by == cast.leader


def test_a_member_cannot_nominate(cast, client_for):
    client = client_for(cast.member)
    assert client.get(reverse("activities:exemplar-create")).status_code == 403
    response = client.post(
        reverse("activities:exemplar-create") + f"?org={cast.cell_a1.pk}", _nomination_post(cast)
    )
    assert response.status_code in (403, 404)
    assert not Exemplar.objects.exists()


def test_nominating_outside_the_scope_is_refused(cast, client_for):
    for user in (cast.officer, cast.leader):
        client = client_for(user)
        assert client.get(reverse("activities:exemplar-create"), {"org": cast.cell_b1.pk}).status_code == 404
        data = _nomination_post(cast, org=cast.cell_b1.pk, person=cast.secret_person.pk)
        assert client.post(reverse("activities:exemplar-create"), data).status_code == 404
    assert not Exemplar.objects.exists()


def test_a_person_from_outside_the_chosen_org_is_refused(cast):
    with pytest.raises(services.ValidationError) as exc:
        services.exemplar_nominate(
            actor=None, org=cast.commune_a2, person=cast.member_person, title="x", achievements="y",
            nominated_on=datetime.date(2026, 3, 1),
        )  # fmt: skip
    assert exc.value.message_dict["person"] == [services.ERR_PERSON_OUTSIDE]


def test_a_photo_that_is_not_an_image_is_refused(cast, client_for):
    response = client_for(cast.officer).post(
        reverse("activities:exemplar-create"),
        _nomination_post(cast, photo=SimpleUploadedFile("anh.pdf", PDF)),
    )
    assert response.status_code == 200
    assert str(services.ERR_PHOTO_NOT_IMAGE % {"name": "anh.pdf"}) in response.content.decode()
    assert not Exemplar.objects.exists()


def test_a_photo_whose_name_lies_is_refused(cast, client_for):
    response = client_for(cast.officer).post(
        reverse("activities:exemplar-create"),
        _nomination_post(cast, photo=SimpleUploadedFile("anh.png", b"MZ\x90\x00 not an image")),
    )
    assert "không phải ảnh, PDF hay tệp Office" in response.content.decode()
    assert not Exemplar.objects.exists()


def test_a_photo_over_10_mb_is_refused(cast, client_for):
    big = SimpleUploadedFile("lon.png", PNG + b"\x00" * (10 * 1024 * 1024))
    response = client_for(cast.officer).post(
        reverse("activities:exemplar-create"), _nomination_post(cast, photo=big)
    )
    assert "Tệp “lon.png” lớn hơn 10 MB." in response.content.decode()
    assert not Exemplar.objects.exists()


# --- Verify, commend, publish -----------------------------------------------------------------


def test_an_officer_verifies(cast, client_for):
    exemplar = _nominate(cast)
    response = client_for(cast.officer).post(reverse("activities:exemplar-verify", args=[exemplar.pk]))
    assert response.status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.state == ExemplarState.VERIFIED
    assert exemplar.verified_by == cast.officer
    assert exemplar.verified_at is not None


def test_verifying_twice_is_refused_with_a_message(cast, client_for):
    exemplar = _verified(cast)
    response = client_for(cast.officer).post(
        reverse("activities:exemplar-verify", args=[exemplar.pk]), follow=True
    )
    assert str(services.ERR_ALREADY_VERIFIED) in response.content.decode()


def test_a_leader_cannot_verify_commend_or_publish(cast, client_for):
    exemplar = _verified(cast, consent=True)
    client = client_for(cast.leader)
    assert client.get(reverse("activities:exemplar-detail", args=[exemplar.pk])).status_code == 200
    for name in ("exemplar-verify", "exemplar-commend", "exemplar-publish", "exemplar-unpublish"):
        assert client.post(reverse(f"activities:{name}", args=[exemplar.pk])).status_code == 403, name
    exemplar.refresh_from_db()
    assert not exemplar.published


def test_a_member_cannot_see_exemplars(cast, client_for):
    exemplar = _nominate(cast)
    assert (
        client_for(cast.member).get(reverse("activities:exemplar-detail", args=[exemplar.pk])).status_code
        == 404
    )


def test_an_officer_records_a_commendation(cast, client_for):
    exemplar = _verified(cast)
    response = client_for(cast.officer).post(
        reverse("activities:exemplar-commend", args=[exemplar.pk]),
        {
            "form": "merit",
            "decision_number": "125-QĐ/HU",
            "decided_on": "19/05/2026",
            "issuer": "Huyện ủy An Bình",
        },
    )
    assert response.status_code == 302
    c = Commendation.objects.get()
    assert (c.form, c.decision_number, c.decided_on, c.issuer, c.recorded_by) == (
        CommendationForm.MERIT,
        "125-QĐ/HU",
        datetime.date(2026, 5, 19),
        "Huyện ủy An Bình",
        cast.officer,
    )
    page = client_for(cast.officer).get(reverse("activities:exemplar-detail", args=[exemplar.pk]))
    assert "Bằng khen" in page.content.decode()


def test_a_commendation_dated_before_the_nomination_is_refused(cast, client_for):
    exemplar = _verified(cast)
    response = client_for(cast.officer).post(
        reverse("activities:exemplar-commend", args=[exemplar.pk]),
        {"form": "praise", "decision_number": "1-QĐ", "decided_on": "28/02/2026", "issuer": "Huyện ủy"},
    )
    assert response.status_code == 200
    expected = services.ERR_COMMENDATION_BEFORE_NOMINATION % {
        "decided": "28/02/2026",
        "nominated": "01/03/2026",
    }
    assert str(expected) in response.content.decode()
    assert not Commendation.objects.exists()


def test_a_commendation_needs_a_verified_exemplar(cast):
    exemplar = _nominate(cast)
    with pytest.raises(services.ValidationError) as exc:
        services.commendation_add(
            actor=None, exemplar=exemplar, form="praise", decision_number="1", decided_on=datetime.date(2026, 4, 1),
            issuer="x",
        )  # fmt: skip
    assert exc.value.messages == [str(services.ERR_COMMEND_NOT_VERIFIED)]


def test_moving_the_nomination_after_a_commendation_is_refused(cast, client_for):
    exemplar = _verified(cast)
    services.commendation_add(
        actor=None, exemplar=exemplar, form="praise", decision_number="1", decided_on=datetime.date(2026, 4, 1),
        issuer="x",
    )  # fmt: skip
    response = client_for(cast.officer).post(
        reverse("activities:exemplar-edit", args=[exemplar.pk]),
        {"title": "T", "achievements": "A", "nominated_on": "02/04/2026"},
    )
    assert (
        str(services.ERR_NOMINATION_AFTER_COMMENDATION % {"date": "01/04/2026"}) in response.content.decode()
    )
    exemplar.refresh_from_db()
    assert exemplar.nominated_on == datetime.date(2026, 3, 1)


def test_publishing_without_consent_is_refused(cast, client_for):
    exemplar = _verified(cast, consent=False)
    response = client_for(cast.officer).post(
        reverse("activities:exemplar-publish", args=[exemplar.pk]), follow=True
    )
    assert str(services.ERR_PUBLISH_NO_CONSENT) in response.content.decode()
    exemplar.refresh_from_db()
    assert not exemplar.published


def test_publishing_before_verification_is_refused(cast):
    exemplar = _nominate(cast, consent=True)
    with pytest.raises(services.ValidationError) as exc:
        services.exemplar_publish(actor=None, exemplar=exemplar)
    assert exc.value.messages == [str(services.ERR_PUBLISH_NOT_VERIFIED)]


def test_publishing_and_unpublishing(cast, client_for):
    exemplar = _verified(cast, consent=True)
    client = client_for(cast.officer)
    client.post(reverse("activities:exemplar-publish", args=[exemplar.pk]))
    exemplar.refresh_from_db()
    assert exemplar.published and exemplar.published_at is not None
    client.post(reverse("activities:exemplar-unpublish", args=[exemplar.pk]))
    exemplar.refresh_from_db()
    assert not exemplar.published and exemplar.published_at is None


def test_withdrawing_consent_takes_the_exemplar_down(cast, client_for):
    exemplar = _verified(cast, consent=True)
    services.exemplar_publish(actor=None, exemplar=exemplar)
    client_for(cast.officer).post(
        reverse("activities:exemplar-edit", args=[exemplar.pk]),
        {"title": "T", "achievements": "A", "nominated_on": "01/03/2026"},
    )
    exemplar.refresh_from_db()
    assert not exemplar.consent and not exemplar.published


def test_the_photo_is_served_inside_the_scope_only(cast, client_for):
    exemplar = _nominate(cast, photo=SimpleUploadedFile("anh.png", PNG))
    url = reverse("activities:exemplar-photo", args=[exemplar.pk])
    response = client_for(cast.leader).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for(cast.outsider).get(url).status_code == 404


# --- Lists ------------------------------------------------------------------------------------


def test_the_list_filters_by_year_org_state_and_publication(cast, client_for):
    old = _nominate(cast, title="Gương năm 2025", nominated_on=datetime.date(2025, 6, 1))
    new = _verified(cast, person=cast.person_a2, title="Gương xã Vũ Muộn", consent=True)
    services.exemplar_publish(actor=None, exemplar=new)
    client = client_for(cast.officer)
    url = reverse("activities:exemplar-list")

    def titles(**query) -> list[str]:
        return [e.title for e in client.get(url, query).context["page"]]

    assert titles() == ["Gương xã Vũ Muộn", "Gương năm 2025"]
    assert titles(year=2025) == [old.title]
    assert titles(org=cast.commune_a1.pk) == [old.title]
    assert titles(state="verified") == [new.title]
    assert titles(published="1") == [new.title]
    assert titles(published="0") == [old.title]
    assert titles(q="vu muon") == [new.title]
    assert client.get(url, {"org": cast.cell_b1.pk}).status_code == 404


def test_the_leader_lists_only_the_subtree(cast, client_for):
    _nominate(cast, title="Gương chi bộ Nà Pài")
    _nominate(cast, person=cast.person_a2, title="Gương xã Vũ Muộn")
    page = client_for(cast.leader).get(reverse("activities:exemplar-list"))
    assert [e.title for e in page.context["page"]] == ["Gương chi bộ Nà Pài"]


def test_the_list_exports_to_excel(cast, client_for):
    exemplar = _verified(cast, title="=HYPERLINK(1)")
    services.commendation_add(
        actor=None, exemplar=exemplar, form="certificate", decision_number="12-QĐ/HU",
        decided_on=datetime.date(2026, 5, 19), issuer="Huyện ủy An Bình",
    )  # fmt: skip
    response = client_for(cast.officer).get(
        reverse("activities:exemplar-list"), {"format": "xlsx", "year": 2026}
    )
    assert response["Content-Disposition"] == 'attachment; filename="guong-dien-hinh-2026.xlsx"'
    ws = load_workbook(io.BytesIO(response.content)).active
    assert sheets.header(ws)[0] == "Năm"
    row = list(sheets.rows(ws)[0])
    assert row[0] == 2026
    assert row[1] == "'=HYPERLINK(1)"
    assert row[2] == "Hoàng Thị Mai"
    assert row[4].date() == datetime.date(2026, 3, 1)
    assert row[5] == "Đã xác minh"
    assert row[6] == "Giấy khen 12-QĐ/HU (19/05/2026, Huyện ủy An Bình)"


def test_the_list_paginates_by_25(cast, client_for):
    for i in range(27):
        _nominate(cast, title=f"Gương {i}")
    page = client_for(cast.officer).get(reverse("activities:exemplar-list")).context["page"]
    assert len(page.object_list) == 25
    assert page.paginator.num_pages == 2
