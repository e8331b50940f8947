"""A record's papers: the registration to sign and the review section of HD 43, one record or a whole cell,
each with a QR code of the record's address; and the scan of the signed paper kept with the record."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
import segno
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lamtheobac.cycle import services
from lamtheobac.cycle.models import Rating, RecordState, SignedCopy
from lamtheobac.cycle.review_forms import review_form_for
from tests.cycle.builders import assess_all, bring_to, make_commitment, open_year

from .pdf import docx_to_pdf, pdf_text, soffice

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def year(cast):
    return open_year(cast.district_a, actor=cast.officer, theme="Chuyên đề năm thử nghiệm")


@pytest.fixture
def rated(cast, year):
    """The member's commitment, rated 80 ("tốt") by the commune's leader, with one evidence file."""
    record = make_commitment(person=cast.member_person, actor=cast.member)
    record = bring_to(record, RecordState.APPROVED, writer=cast.member, leader=cast.leader)
    first = record.items.first()
    services.progress_add(
        actor=cast.member,
        item=first,
        text_="Đã đọc xong",
        files=[SimpleUploadedFile("anh.png", PNG, content_type="image/png")],
    )
    record = services.record_self_assess(actor=cast.member, record=record, assessments=assess_all(record))
    return services.record_rate(
        actor=cast.leader, record=record, rating=Rating.GOOD, score=80, comment="Gương mẫu, đúng hạn"
    )


def read(response) -> docx.document.Document:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return docx.Document(io.BytesIO(response.content))


def all_text(word) -> str:
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def images(content: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


def record_url(record) -> str:
    return "http://testserver" + reverse("cycle:record-detail", args=[record.pk])


# --- the registration to sign ---------------------------------------------------------------------------


def test_it_prints_the_registration_with_the_table_pledge_signatures_and_qr(cast, year, client_for):
    record = bring_to(
        make_commitment(person=cast.member_person, actor=cast.member),
        RecordState.SUBMITTED,
        writer=cast.member,
        leader=cast.leader,
    )
    response = client_for(cast.member).get(reverse("reports:record-registration-docx", args=[record.pk]))
    word = read(response)
    text = all_text(word)
    assert "BẢN ĐĂNG KÝ" in text
    assert f"Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm {record.year}" in text
    assert "Chuyên đề năm thử nghiệm" in text
    assert "Hoàng Thị Mai" in text
    for item in record.items.all():
        assert item.action in text
    assert "Tôi xin hứa thực hiện nghiêm túc những nội dung đã đăng ký" in text
    assert "NGƯỜI ĐĂNG KÝ" in text and "XÁC NHẬN CỦA CHI ỦY" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "CHI BỘ THÔN NÀ PÀI" in text
    # the QR code is the record's address, written under it too
    assert images(response.content) == [qr_png(record_url(record))]
    assert record_url(record) in text
    assert 'filename="ban-dang-ky-' in response["Content-Disposition"]


def test_it_is_refused_to_an_outsider_and_served_to_the_leaders_above(cast, year, client_for):
    record = make_commitment(person=cast.member_person, actor=cast.member)
    url = reverse("reports:record-registration-docx", args=[record.pk])
    assert client_for(cast.outsider).get(url).status_code == 404
    assert client_for(cast.leader).get(url).status_code == 200
    assert client_for(cast.officer).get(url).status_code == 200
    assert client_for(None).get(url).status_code == 302  # to the sign-in page


def test_the_member_may_take_the_registration_as_a_pdf_with_its_qr_address(cast, year, client_for, tmp_path):
    soffice()
    record = make_commitment(person=cast.member_person, actor=cast.member)
    page = client_for(cast.member).get(reverse("cycle:record-detail", args=[record.pk])).content.decode()
    url = reverse("reports:record-registration-docx", args=[record.pk]) + "?pdf=1"
    assert f'href="{url}"' in page
    response = client_for(cast.member).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and '.pdf"' in response["Content-Disposition"]
    pdf = tmp_path / "ban-dang-ky.pdf"
    pdf.write_bytes(response.content)
    printed = " ".join(pdf_text(pdf).split())
    assert "BẢN ĐĂNG KÝ" in printed and "NGƯỜI ĐĂNG KÝ" in printed
    assert record_url(record) in printed
    assert client_for(cast.outsider).get(url).status_code == 404


def test_without_libreoffice_the_papers_are_offered_in_word_only(cast, year, client_for, settings):
    settings.OFFICE_BIN = ""
    record = make_commitment(person=cast.member_person, actor=cast.member)
    page = client_for(cast.member).get(reverse("cycle:record-detail", args=[record.pk])).content.decode()
    word = reverse("reports:record-registration-docx", args=[record.pk])
    assert f'href="{word}"' in page and "?pdf=1" not in page
    assert client_for(cast.member).get(word + "?pdf=1").status_code == 404


def test_a_file_libreoffice_cannot_print_is_answered_with_the_word_advice(cast, year, client_for, settings):
    settings.OFFICE_BIN = "/bin/true"  # runs, writes no PDF
    record = make_commitment(person=cast.member_person, actor=cast.member)
    url = reverse("reports:record-review-docx", args=[record.pk]) + "?pdf=1"
    response = client_for(cast.member).get(url)
    assert response.status_code == 503 and "tải bản Word" in response.content.decode()


# --- the review section (HD 43) -------------------------------------------------------------------------


def test_it_reports_each_action_with_result_evidence_comment_score_and_rating(cast, rated, client_for):
    response = client_for(cast.member).get(reverse("reports:record-review-docx", args=[rated.pk]))
    word = read(response)
    text = all_text(word)
    assert "Mẫu 2A-HD KĐ.ĐG 2025" in text
    assert "KẾT QUẢ THỰC HIỆN CAM KẾT TU DƯỠNG, RÈN LUYỆN, PHẤN ĐẤU" in text
    table = word.tables[1]  # after the header block; the QR code's is the last
    assert [c.text for c in table.rows[0].cells] == [
        "STT", "Việc làm đã đăng ký", "Chỉ tiêu, sản phẩm", "Kết quả thực hiện", "Minh chứng",
    ]  # fmt: skip
    first = [c.text for c in table.rows[1].cells]
    assert first[1] == rated.items.first().action
    assert first[3] == "Hoàn thành: Đã làm"
    assert first[4] == "1"  # the one evidence file
    assert [c.text for c in table.rows[2].cells][4] == "0"
    assert "Hoàn thành 3/3 nội dung đã đăng ký; 1 minh chứng" in text
    assert "Nhận xét của cấp ủy: Gương mẫu, đúng hạn" in text
    assert "Điểm đánh giá (thang 100 điểm): 80 điểm" in text
    assert "Xếp loại: Hoàn thành tốt nhiệm vụ" in text
    assert images(response.content) == [qr_png(record_url(rated))]


def test_the_reader_may_pick_another_form_of_a_person_but_not_turn_a_person_into_a_collective(
    cast, rated, client_for
):
    url = reverse("reports:record-review-docx", args=[rated.pk])
    client = client_for(cast.leader)
    assert "Mẫu 2B-HD KĐ.ĐG 2025" in all_text(read(client.get(url + "?mau=2B")))
    assert "Mẫu 2A-HD KĐ.ĐG 2025" in all_text(read(client.get(url + "?mau=01")))
    assert client_for(cast.outsider).get(url).status_code == 404


@pytest.mark.parametrize(
    ("kind", "person_kind", "position", "form"),
    [
        ("commitment", "member", "", "2A"),
        ("commitment", "member", "Chuyên viên", "2A"),
        ("commitment", "member", "Bí thư chi bộ", "2B"),
        ("commitment", "probationary", "Phó Trưởng phòng Nội vụ", "2B"),
        ("commitment", "member", "Cán bộ nghỉ hưu", "2C"),
        ("commitment", "member", "Kinh doanh tự do", "2C"),
        ("commitment", "public_employee", "Kinh doanh tự do", "2A"),  # 2C is a party member's form
        ("plan", "", "", "01"),
    ],
)
def test_it_picks_the_form_hd43_names_for_the_person(kind, person_kind, position, form):
    assert review_form_for(record_kind=kind, person_kind=person_kind, position=position) == form


# --- a whole cell ---------------------------------------------------------------------------------------


def test_a_cells_papers_hold_every_submitted_commitment_each_with_its_own_qr(
    cast, year, client_for, tmp_path
):
    mine = bring_to(
        make_commitment(person=cast.member_person, actor=cast.member),
        RecordState.SUBMITTED,
        writer=cast.member,
        leader=cast.leader,
    )
    theirs = bring_to(
        make_commitment(person=cast.colleague, actor=cast.leader, on_behalf=True),
        RecordState.SUBMITTED,
        writer=cast.leader,
        leader=cast.leader,
    )
    url = reverse("reports:cell-registration-docx", args=[cast.cell_a1.pk, year.year])
    response = client_for(cast.leader).get(url)
    text = all_text(read(response))
    assert "Hoàng Thị Mai" in text and "Nông Văn Dũng" in text
    assert sorted(images(response.content)) == sorted([qr_png(record_url(mine)), qr_png(record_url(theirs))])
    review = client_for(cast.leader).get(
        reverse("reports:cell-review-docx", args=[cast.cell_a1.pk, year.year])
    )
    assert all_text(read(review)).count("Mẫu 2A-HD KĐ.ĐG 2025") == 2
    assert client_for(cast.outsider).get(url).status_code == 404
    assert client_for(cast.member).get(url).status_code in (
        403,
        404,
    )  # a member sees their own, not the cell's
    # printed as a person would print it: each member's paper on pages of its own
    pdf, result = docx_to_pdf(response.content, tmp_path, "ban-dang-ky")
    assert result.returncode == 0, result.stderr
    printed = pdf_text(pdf)
    assert printed.count("BẢN ĐĂNG KÝ") == 2
    assert "NGƯỜI ĐĂNG KÝ" in printed and "XÁC NHẬN CỦA CHI ỦY" in printed
    pages = printed.split("\f")
    assert any("Hoàng Thị Mai" in p and "Nông Văn Dũng" not in p for p in pages)


def test_a_cell_with_no_submitted_commitment_has_no_papers(cast, year, client_for):
    make_commitment(person=cast.member_person, actor=cast.member)  # a draft
    url = reverse("reports:cell-registration-docx", args=[cast.cell_a1.pk, year.year])
    assert client_for(cast.leader).get(url).status_code == 404


# --- the signed scan ------------------------------------------------------------------------------------


def test_the_signed_scan_is_kept_with_the_record_and_served_within_scope(cast, year, client_for):
    record = bring_to(
        make_commitment(person=cast.member_person, actor=cast.member),
        RecordState.APPROVED,
        writer=cast.member,
        leader=cast.leader,
    )
    url = reverse("cycle:signed-copy-add", args=[record.pk])

    def scan():
        return {"file": SimpleUploadedFile("ban-ky.png", PNG, content_type="image/png")}

    assert client_for(cast.outsider).post(url, scan()).status_code == 404
    assert client_for(cast.inspector).post(url, scan()).status_code == 403  # reads, never writes
    assert not SignedCopy.objects.exists()
    response = client_for(cast.member).post(url, scan())
    assert response.status_code == 302
    copy = SignedCopy.objects.get(record=record)
    assert copy.original_name == "ban-ky.png" and copy.content_type == "image/png"
    page = client_for(cast.member).get(reverse("cycle:record-detail", args=[record.pk])).content.decode()
    download = reverse("cycle:signed-copy-download", args=[copy.pk])
    assert download in page
    assert reverse("reports:record-review-docx", args=[record.pk]) in page
    assert "Phần kiểm điểm Mẫu 2A (Word)" in page
    assert client_for(cast.leader).get(download).status_code == 200
    assert client_for(cast.outsider).get(download).status_code == 404


def test_a_draft_or_a_file_that_lies_is_refused_and_nothing_is_kept(cast, year, client_for):
    record = make_commitment(person=cast.member_person, actor=cast.member)
    with pytest.raises(ValidationError) as exc:
        services.signed_copy_attach(
            actor=cast.member,
            record=record,
            upload=SimpleUploadedFile("a.png", PNG, content_type="image/png"),
        )
    assert str(services.ERR_SIGNED_STATE % {"state": "Dự thảo"}) in exc.value.messages
    record = bring_to(record, RecordState.SUBMITTED, writer=cast.member, leader=cast.leader)
    with pytest.raises(ValidationError) as exc:
        services.signed_copy_attach(
            actor=cast.member,
            record=record,
            upload=SimpleUploadedFile("a.pdf", b"not a pdf at all", content_type="application/pdf"),
        )
    assert not SignedCopy.objects.exists()
    with pytest.raises(ValidationError) as exc:
        services.signed_copy_attach(actor=cast.member, record=record, upload=None)
    assert str(services.ERR_SIGNED_FILE) in exc.value.messages


def test_a_collectives_plan_reports_on_the_part_of_mau_01_and_prints_its_plan_to_sign(cast, year, client_for):
    from tests.cycle.builders import make_plan

    plan = make_plan(org=cast.commune_a1, actor=cast.leader)
    client = client_for(cast.leader)
    review = all_text(read(client.get(reverse("reports:record-review-docx", args=[plan.pk]) + "?mau=2B")))
    assert "Mẫu 01-HD KĐ.ĐG 2025" in review and "KẾT QUẢ THỰC HIỆN KẾ HOẠCH" in review
    assert "Tổ chức học chuyên đề số 1" in review
    signing = all_text(read(client.get(reverse("reports:record-registration-docx", args=[plan.pk]))))
    assert (
        "KẾ HOẠCH" in signing and "XÁC NHẬN CỦA CẤP ỦY CẤP TRÊN" in signing and "NGƯỜI ĐĂNG KÝ" not in signing
    )
    assert (
        client_for(cast.outsider).get(reverse("reports:record-review-docx", args=[plan.pk])).status_code
        == 404
    )
