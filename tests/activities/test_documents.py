"""The directing documents library: filing a document, who sees it, filters, download, export."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from lamtheobac.activities.services import documents as services
from lamtheobac.cycle import services as cycle
from lamtheobac.cycle.models import Document, DocumentKind
from tests import sheets

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _document(org, *, number="05-CT/TW", kind=DocumentKind.DIRECTIVE, issued_on=datetime.date(2025, 3, 2),
              title="Về đẩy mạnh học tập và làm theo", upload=None) -> Document:  # fmt: skip
    data = services.DocumentInput(number=number, kind=kind, issued_on=issued_on, issuer=org.name, title=title)
    return services.document_create(actor=None, org=org, data=data, upload=upload)


def _post(**extra) -> dict:
    return {
        "number": "12-KH/HU", "kind": DocumentKind.PLAN, "issued_on": "05/01/2026",
        "issuer": "Ban Thường vụ Huyện ủy", "title": "Kế hoạch thực hiện chuyên đề năm 2026",
    } | extra  # fmt: skip


def test_an_officer_files_a_document_not_tied_to_a_year(cast, client_for):
    data = _post(org=cast.district_a.pk, file=SimpleUploadedFile("ke-hoach.pdf", PDF))
    response = client_for(cast.officer).post(reverse("activities:document-create"), data)
    assert response["Location"] == reverse("activities:document-library")
    document = Document.objects.get()
    assert (document.org, document.period, document.number) == (cast.district_a, None, "12-KH/HU")
    assert document.issued_on == datetime.date(2026, 1, 5)
    assert document.file_name == "ke-hoach.pdf" and not document.file.name.endswith("ke-hoach.pdf")
    download = client_for(cast.member).get(reverse("activities:document-file", args=[document.pk]))
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")


def test_it_ties_a_document_to_a_year_of_the_org(cast, client_for):
    period = cycle.period_open(actor=None, org=cast.district_a, data=cycle.PeriodInput(year=2026))
    other = cycle.period_open(actor=None, org=cast.commune_a1, data=cycle.PeriodInput(year=2026))
    client = client_for(cast.officer)
    url = reverse("activities:document-create")
    assert client.post(url, _post(org=cast.district_a.pk, period=other.pk)).status_code == 200
    assert client.post(url, _post(org=cast.district_a.pk, period=period.pk)).status_code == 302
    assert Document.objects.get().period == period
    data = services.DocumentInput(
        number="1-KH/HU", kind=DocumentKind.PLAN, issued_on=datetime.date(2026, 1, 2), issuer="x", title="y",
        period=other,
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.document_create(actor=None, org=cast.district_a, data=data)
    assert exc.value.message_dict == {"period": [str(services.ERR_PERIOD_OTHER_ORG)]}


def test_it_refuses_a_file_that_is_not_what_it_claims(cast, client_for):
    data = _post(org=cast.district_a.pk, file=SimpleUploadedFile("ke-hoach.pdf", b"MZ\x90\x00 not a pdf"))
    response = client_for(cast.officer).post(reverse("activities:document-create"), data)
    assert response.status_code == 200
    assert "không phải ảnh, PDF hay tệp Office" in response.content.decode()
    data = _post(org=cast.district_a.pk, file=SimpleUploadedFile("ke-hoach.docx", PDF))
    response = client_for(cast.officer).post(reverse("activities:document-create"), data)
    assert "có đuôi không khớp" in response.content.decode()
    assert not Document.objects.exists()


def test_it_refuses_a_file_over_10_mb(cast):
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as exc:
        _document(cast.district_a, upload=big)
    assert "lớn hơn 10 MB" in exc.value.message_dict["file"][0]
    assert not Document.objects.exists()


def test_it_refuses_a_date_typed_the_wrong_way(cast, client_for):
    response = client_for(cast.officer).post(
        reverse("activities:document-create"), _post(org=cast.district_a.pk, issued_on="2026-01-05")
    )
    assert "ngày/tháng/năm" in response.content.decode()
    assert not Document.objects.exists()


def test_only_those_who_open_years_file_documents(cast, client_for):
    url = reverse("activities:document-create")
    for user in (cast.leader, cast.member, cast.inspector):
        client = client_for(user)
        assert client.get(url).status_code == 403
        assert client.post(url, _post(org=cast.commune_a1.pk)).status_code in (403, 404)
    assert client_for(cast.outsider).post(url, _post(org=cast.district_a.pk)).status_code == 404
    assert client_for(cast.officer).get(url, {"org": cast.district_b.pk}).status_code == 404
    assert not Document.objects.exists()


def test_documents_reach_down_the_subtree_only(cast, client_for):
    province = _document(cast.province, number="01-CT/TU", title="Chỉ thị của Tỉnh ủy")
    district_a = _document(cast.district_a, number="03-HD/HU", title="Hướng dẫn của huyện An Bình")
    district_b = _document(cast.district_b, number="04-HD/HU", title="Hướng dẫn của huyện Bắc Sơn")
    commune_a1 = _document(cast.commune_a1, number="02-KH/ĐU", title="Kế hoạch của xã Lục Bình")
    url = reverse("activities:document-library")

    def seen(user, **query):
        return {d.pk for d in client_for(user).get(url, query).context["page"]}

    assert seen(cast.member) == {province.pk, district_a.pk, commune_a1.pk}  # issued above their cell
    assert seen(cast.leader) == {province.pk, district_a.pk, commune_a1.pk}
    assert seen(cast.officer) == {province.pk, district_a.pk, commune_a1.pk}
    assert seen(cast.outsider) == {province.pk, district_b.pk}
    assert seen(cast.admin) == {province.pk, district_a.pk, district_b.pk, commune_a1.pk}
    assert seen(cast.admin, org=cast.district_a.pk) == {district_a.pk, commune_a1.pk}
    file_url = reverse("activities:document-file", args=[district_b.pk])
    assert client_for(cast.leader).get(file_url).status_code == 404
    assert client_for(cast.leader).get(url, {"org": cast.district_b.pk}).status_code == 404


def test_it_filters_by_year_kind_and_words(cast, client_for):
    old = _document(cast.district_a, number="05-CT/TW", issued_on=datetime.date(2016, 5, 15))
    plan = _document(cast.district_a, number="12-KH/HU", kind=DocumentKind.PLAN, title="Kế hoạch chuyên đề")
    url = reverse("activities:document-library")
    client = client_for(cast.officer)
    assert [d.pk for d in client.get(url, {"year": 2016}).context["page"]] == [old.pk]
    assert [d.pk for d in client.get(url, {"kind": "KH"}).context["page"]] == [plan.pk]
    assert [d.pk for d in client.get(url, {"q": "chuyên đề"}).context["page"]] == [plan.pk]
    body = client.get(url).content.decode()
    assert "15/05/2016" in body and "05-CT/TW" in body


def test_it_serves_an_image_inline(cast, client_for):
    document = _document(cast.district_a, upload=SimpleUploadedFile("anh.png", PNG))
    response = client_for(cast.leader).get(reverse("activities:document-file", args=[document.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_exports_the_library(cast, client_for):
    _document(cast.district_a, number="05-CT/TW", issued_on=datetime.date(2016, 5, 15))
    _document(cast.district_a, number="12-KH/HU", kind=DocumentKind.PLAN, title="=cmd|' /C calc'!A0")
    response = client_for(cast.officer).get(reverse("activities:document-library"), {"format": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="van-ban-chi-dao-tat-ca.xlsx"'
    rows = sheets.table(load_workbook(io.BytesIO(response.content)).active)
    assert rows[0][:3] == ("Số, ký hiệu", "Ngày ban hành", "Loại văn bản")
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [
        ("12-KH/HU", datetime.datetime(2025, 3, 2), "Kế hoạch"),
        ("05-CT/TW", datetime.datetime(2016, 5, 15), "Chỉ thị"),
    ]
    assert rows[1][4].startswith("'=")


def test_its_pages_render(cast, client_for):
    client = client_for(cast.officer)
    assert client.get(reverse("activities:document-create")).status_code == 200  # pick the issuing org
    body = client.get(reverse("activities:document-create"), {"org": cast.district_a.pk}).content.decode()
    assert "Không gắn với năm nào" in body and 'placeholder="dd/mm/yyyy"' in body
