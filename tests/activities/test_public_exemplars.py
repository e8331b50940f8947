"""The public showcase: the done-when journey, what anonymous visitors may see, and enumeration."""

from __future__ import annotations

import datetime
import uuid
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lamtheobac.activities.models import Exemplar
from lamtheobac.activities.services import exemplars as services

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def mai(cast):
    """The person to hold up as an example, with everything the public must never see."""
    p = cast.member_person
    p.birth_year, p.phone, p.email = 1987, "0987654321", "mai@example.vn"
    p.party_card_number, p.citizen_id, p.position = "55443322", "001187012345", "Bí thư chi đoàn"
    p.save()
    return p


PRIVATE = ["1987", "0987654321", "mai@example.vn", "55443322", "001187012345"]


def _published(cast, person, title="Vận động hiến đất làm đường", **extra) -> Exemplar:
    exemplar = services.exemplar_nominate(
        actor=None, org=person.org, person=person, title=title, achievements="Hiến 500 m² đất",
        story="Chị đã vận động 20 hộ.", nominated_on=datetime.date(2026, 3, 1), consent=True, **extra,
    )  # fmt: skip
    services.exemplar_verify(actor=None, exemplar=exemplar)
    return services.exemplar_publish(actor=None, exemplar=exemplar)


def test_done_when_an_officer_nominates_commends_publishes_and_the_public_sees_it(cast, mai, client_for):
    officer = client_for(cast.officer)
    response = officer.post(
        reverse("activities:exemplar-create"),
        {
            "org": cast.commune_a1.pk, "person": mai.pk, "title": "Người bí thư chi đoàn tận tụy",
            "achievements": "Vận động 30 hộ hiến đất làm đường liên thôn", "story": "Chị Mai dậy từ 5 giờ sáng…",
            "nominated_on": "01/03/2026", "consent": "on", "consent_note": "Đồng ý bằng văn bản ngày 02/03/2026",
            "photo": SimpleUploadedFile("mai.png", PNG),
        },
    )  # fmt: skip
    exemplar = Exemplar.objects.get()
    detail = reverse("activities:exemplar-detail", args=[exemplar.pk])
    assert response["Location"] == detail
    assert officer.post(reverse("activities:exemplar-verify", args=[exemplar.pk]))["Location"] == detail
    response = officer.post(
        reverse("activities:exemplar-commend", args=[exemplar.pk]),
        {"form": "certificate", "decision_number": "125-QĐ/HU", "decided_on": "19/05/2026", "issuer": "Huyện ủy An Bình"},
    )  # fmt: skip
    assert response["Location"] == detail
    page = officer.post(reverse("activities:exemplar-publish", args=[exemplar.pk]), follow=True)
    assert "Đã công khai trên trang gương sáng." in page.content.decode()

    public = client_for(None)
    listing = public.get(reverse("activities:public-exemplars")).content.decode()
    assert "Hoàng Thị Mai" in listing
    assert "Người bí thư chi đoàn tận tụy" in listing
    assert "Giấy khen" in listing
    detail_url = reverse("activities:public-exemplar", args=[exemplar.public_id])
    assert detail_url in listing
    body = public.get(detail_url).content.decode()
    assert "Chị Mai dậy từ 5 giờ sáng…" in body
    assert "Bí thư chi đoàn" in body  # the position may be shown
    assert "125-QĐ/HU" in body
    photo = public.get(reverse("activities:public-photo", args=[exemplar.public_id]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"

    feed = public.get(reverse("activities:public-feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text == "Gương sáng làm theo Bác"
    (entry,) = root.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Hoàng Thị Mai — Người bí thư chi đoàn tận tụy"
    assert entry.find(f"{ATOM}link").get("href").endswith(detail_url)
    assert entry.find(f"{ATOM}id").text == f"urn:uuid:{exemplar.public_id}"

    for text in (listing, body, feed.content.decode()):
        for private in PRIVATE:
            assert private not in text
        assert "Đồng ý bằng văn bản" not in text  # the consent note is internal
        assert f"/{exemplar.pk}/" not in text.replace(str(exemplar.public_id), "")


def test_the_public_pages_need_no_login_and_show_no_menu(cast, mai, client_for):
    exemplar = _published(cast, mai)
    public = client_for(None)
    for url in (
        reverse("activities:public-exemplars"),
        reverse("activities:public-exemplar", args=[exemplar.public_id]),
        reverse("activities:public-feed"),
    ):
        response = public.get(url)
        assert response.status_code == 200, url
        assert "Đăng xuất" not in response.content.decode()


def test_unpublished_or_unconsented_exemplars_never_show(cast, mai, client_for):
    shown = _published(cast, mai, title="Gương đã công khai")
    hidden = services.exemplar_nominate(
        actor=None, org=cast.person_a2.org, person=cast.person_a2, title="Gương chưa công khai",
        achievements="x", nominated_on=datetime.date(2026, 3, 1), consent=True,
        photo=SimpleUploadedFile("a.png", PNG),
    )  # fmt: skip
    services.exemplar_verify(actor=None, exemplar=hidden)
    withdrawn = _published(cast, cast.colleague, title="Gương đã rút đồng ý")
    services.exemplar_update(
        actor=None, exemplar=withdrawn, title=withdrawn.title, achievements="x",
        nominated_on=withdrawn.nominated_on, consent=False,
    )  # fmt: skip
    public = client_for(None)
    listing = public.get(reverse("activities:public-exemplars")).content.decode()
    feed = public.get(reverse("activities:public-feed")).content.decode()
    for text in (listing, feed):
        assert shown.title in text
        assert "Gương chưa công khai" not in text
        assert "Lục Văn Bình" not in text
        assert "Gương đã rút đồng ý" not in text
    for e in (hidden, withdrawn):
        assert public.get(reverse("activities:public-exemplar", args=[e.public_id])).status_code == 404
        assert public.get(reverse("activities:public-photo", args=[e.public_id])).status_code == 404


def test_enumeration_finds_nothing(cast, mai, client_for):
    exemplar = _published(cast, mai)
    public = client_for(None)
    assert public.get(reverse("activities:public-exemplar", args=[uuid.uuid4()])).status_code == 404
    assert public.get(reverse("activities:public-photo", args=[uuid.uuid4()])).status_code == 404
    assert public.get(f"/guong-sang/{exemplar.pk}/").status_code == 404
    assert public.get(f"/guong-sang/{exemplar.pk}/anh/").status_code == 404
    assert public.get("/guong-sang/not-a-uuid/").status_code == 404
    # the internal pages are not a way in either
    response = public.get(reverse("activities:exemplar-detail", args=[exemplar.pk]))
    assert response.status_code == 302


def test_the_public_photo_of_a_published_exemplar_without_photo_is_404(cast, mai, client_for):
    exemplar = _published(cast, mai)
    assert (
        client_for(None).get(reverse("activities:public-photo", args=[exemplar.public_id])).status_code == 404
    )


def test_the_public_list_filters_by_year_newest_first(cast, mai, client_for):
    first = _published(cast, mai, title="Gương thứ nhất")
    second = _published(cast, cast.colleague, title="Gương thứ hai")
    old = services.exemplar_nominate(
        actor=None, org=cast.person_a2.org, person=cast.person_a2, title="Gương năm 2024", achievements="x",
        nominated_on=datetime.date(2024, 3, 1), consent=True,
    )  # fmt: skip
    services.exemplar_verify(actor=None, exemplar=old)
    services.exemplar_publish(actor=None, exemplar=old)
    public = client_for(None)
    page = public.get(reverse("activities:public-exemplars")).context["page"]
    assert [e.title for e in page] == ["Gương năm 2024", second.title, first.title]
    page = public.get(reverse("activities:public-exemplars"), {"year": 2024}).context["page"]
    assert [e.title for e in page] == ["Gương năm 2024"]
    assert public.get(reverse("activities:public-exemplars"), {"year": "abc"}).status_code == 200


def test_the_district_b_exemplar_of_the_scope_cast_stays_hidden(cast, client_for):
    from tests.activities import scope_exemplars

    scope_exemplars.build(cast)
    services.exemplar_publish(actor=None, exemplar=cast.exemplar_a)
    public = client_for(None)
    pages = [
        public.get(reverse("activities:public-exemplars")).content.decode(),
        public.get(reverse("activities:public-feed")).content.decode(),
        public.get(reverse("activities:public-exemplar", args=[cast.exemplar_a.public_id])).content.decode(),
    ]
    assert (
        public.get(reverse("activities:public-exemplar", args=[cast.exemplar_b.public_id])).status_code == 404
    )
    for text in pages:
        for secret in [*scope_exemplars.SECRETS, "Bí Mật", "0912345678", "99887766"]:
            assert secret not in text
