"""In the demo: ``dangvien`` downloads their Mẫu 2A section and their registration to sign, each with a QR code
that opens their record (after sign-in); the years from 2021 take their theme from the catalogue."""

from __future__ import annotations

import io
import zipfile
from urllib.parse import urlparse

import docx
import pytest
import segno
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from lamtheobac.cycle.models import Period, Record, RecordKind, ThemeKind
from tests.demo_login import demo_sign_in

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@pytest.fixture(scope="module")
def seeded(demo_db) -> None:
    """The session's demo (tests/demo_db.py), copied into the database for this module."""


def _text(content: bytes) -> str:
    word = docx.Document(io.BytesIO(content))
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in word.paragraphs] + cells)


def _qr_of(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


def test_dangvien_downloads_the_2a_section_and_the_registration_with_a_qr_to_the_record(seeded, client):
    demo_sign_in(client, "dangvien")
    record = Record.objects.get(
        person__user=User.objects.get(username="dangvien"), year=YEAR, kind=RecordKind.COMMITMENT
    )
    page = client.get(reverse("cycle:record-detail", args=[record.pk])).content.decode()
    review_url = reverse("reports:record-review-docx", args=[record.pk])
    sign_url = reverse("reports:record-registration-docx", args=[record.pk])
    assert review_url in page and sign_url in page
    address = "http://testserver" + reverse("cycle:record-detail", args=[record.pk])
    for url, words in ((review_url, "Mẫu 2A-HD KĐ.ĐG 2025"), (sign_url, "NGƯỜI ĐĂNG KÝ")):
        response = client.get(url)
        assert response.status_code == 200
        text = _text(response.content)
        assert words in text and record.person.full_name in text
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            media = [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]
        assert media == [_qr_of(address)]
    # the code opens the record: for the member signed in, and through the sign-in page for anyone else
    assert client.get(urlparse(address).path).status_code == 200
    client.logout()
    assert reverse("accounts:login") in client.get(urlparse(address).path)["Location"]


def test_the_years_from_2021_take_their_theme_from_the_catalogue_and_keep_their_text(seeded):
    picked = Period.objects.filter(catalogue_theme__isnull=False).select_related("catalogue_theme")
    assert sorted({p.year for p in picked}) == list(range(2021, YEAR + 1))
    assert all(p.theme == p.catalogue_theme.title for p in picked)
    term = picked.filter(year=2023).first().catalogue_theme
    assert (term.kind, term.first_year, term.last_year) == (ThemeKind.TERM, 2021, 2025)
    assert not Period.objects.filter(year__lt=2021, catalogue_theme__isnull=False).exists()
    assert Period.objects.filter(year=2020).exclude(theme="").exists()  # the text of the years before
