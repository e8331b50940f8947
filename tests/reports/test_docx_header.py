"""The header block keeps every name on one line, however long the names of the two-level Party get."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from lamtheobac.lib.fontmetrics import text_width
from lamtheobac.reports.document import ReportDocument
from lamtheobac.reports.docx import LEFT_BLOCK, TEXT_WIDTH, name_breaks, render

from .pdf import docx_to_pdf, pdf_lines, printed_as, vietnamese_times, wrong_breaks

# (superior, issuer, place): the longest names of the demo province's tree after 1/7/2025, and a short one.
HEADERS = [
    ("ĐẢNG BỘ TỈNH THÁI NGUYÊN", "ĐẢNG ỦY CÁC CƠ QUAN ĐẢNG TỈNH THÁI NGUYÊN", "Thái Nguyên"),
    ("ĐẢNG BỘ CÁC CƠ QUAN ĐẢNG TỈNH THÁI NGUYÊN", "CHI BỘ BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY", "Thái Nguyên"),
    ("ĐẢNG BỘ TỈNH THÁI NGUYÊN", "ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN", "Thái Nguyên"),
    ("ĐẢNG BỘ SỞ Y TẾ TỈNH THÁI NGUYÊN", "CHI BỘ TRUNG TÂM Y TẾ KHU VỰC BẠCH THÔNG", "Phủ Thông"),
    ("ĐẢNG BỘ TỈNH THÁI NGUYÊN", "ĐẢNG ỦY XÃ PHỦ THÔNG", "Phủ Thông"),
]


def document(superior: str, issuer: str, place: str) -> ReportDocument:
    return ReportDocument(
        superior=superior,
        issuer=issuer,
        number="Số 12-BC/ĐU",
        place=place,
        date=datetime.date(2026, 2, 5),
        title="Tổng kết 10 năm thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị (2016 – 2026)",
        intro=["Báo cáo như sau:"],
        sections=[],
        recipients=["Lưu Văn phòng."],
    )


def header_cells(doc: ReportDocument):
    word = docx.Document(io.BytesIO(render(doc)))
    return word.tables[0].rows[0].cells


def run_of(cell, text: str):
    """The run holding ``text``, whether on one line or broken over several."""
    return next(run for p in cell.paragraphs for run in p.runs if run.text.replace("\n", " ") == text)


def test_short_names_keep_the_usual_column_and_sizes():
    left, right = header_cells(document("ĐẢNG BỘ XÃ PHỦ THÔNG", "CHI BỘ THÔN NÀ PÀI", "Phủ Thông"))
    assert abs(left.width - LEFT_BLOCK) < 635  # one twip, the unit Word stores
    assert run_of(left, "CHI BỘ THÔN NÀ PÀI").font.size == Pt(14)
    assert run_of(right, "ĐẢNG CỘNG SẢN VIỆT NAM").font.size == Pt(15)


def test_a_commune_under_the_province_keeps_its_sizes():
    left, right = header_cells(document("ĐẢNG BỘ TỈNH THÁI NGUYÊN", "ĐẢNG ỦY XÃ PHỦ THÔNG", "Phủ Thông"))
    assert left.width >= LEFT_BLOCK
    assert run_of(left, "ĐẢNG ỦY XÃ PHỦ THÔNG").font.size == Pt(14)
    assert run_of(right, "ĐẢNG CỘNG SẢN VIỆT NAM").font.size == Pt(15)


@pytest.mark.parametrize(("superior", "issuer", "place"), HEADERS[:4])
def test_a_long_name_widens_its_column_or_shrinks_to_fit_it(superior, issuer, place):
    left, right = header_cells(document(superior, issuer, place))
    assert left.width + right.width <= TEXT_WIDTH + 2  # EMU rounding
    room = left.width.pt - 2 * 5.4
    for text, bold in ((superior, False), (issuer, True)):
        run = run_of(left, text)
        assert run.font.size >= Pt(11)
        for part in run.text.split("\n"):  # each line of a name broken between its parts holds too
            assert text_width(part, run.font.size.pt, bold=bold) <= room
        assert not wrong_breaks(run.text.split("\n"))
    assert left.width > LEFT_BLOCK


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("ĐẢNG ỦY CÁC CƠ QUAN ĐẢNG TỈNH THÁI NGUYÊN", {2, 6}),  # not after CÁC, not in CƠ QUAN
        ("CHI BỘ BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY", {2, 5, 8}),
        ("ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN", {2, 6}),
        ("CHI BỘ TRƯỜNG THPT PHỦ THÔNG", {2, 4}),  # a place without its level word stays whole
        ("CHI BỘ HỢP TÁC XÃ NÔNG NGHIỆP VÀ DỊCH VỤ CẨM GIÀNG", {2, 7}),  # "XÃ" of "HỢP TÁC XÃ" is no place
        ("CHI BỘ TRƯỜNG TRUNG HỌC CƠ SỞ PHỦ THÔNG", {2, 7}),  # "SỞ" of "CƠ SỞ" heads nothing
        ("CHI BỘ PHÒNG LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI", {2, 8}),  # "XÃ HỘI" is no place
        ("HUYỆN ỦY BẠCH THÔNG", {2}),
        ("ĐẢNG ỦY XÃ PHỦ THÔNG", {2}),
        ("CHI BỘ THÔN NÀ PÀI", {2}),
    ],
)
def test_a_name_may_break_only_between_its_parts(name, allowed):
    assert set(name_breaks(name)) == allowed
    assert all(not wrong_breaks(line_split(name, at)) for at in allowed)


def line_split(name: str, at: int) -> list[str]:
    words = name.split()
    return [" ".join(words[:at]), " ".join(words[at:])]


VERY_LONG = "ĐẢNG ỦY BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP VÀ KHU KINH TẾ CỬA KHẨU TỈNH THÁI NGUYÊN"


def test_a_very_long_name_is_set_on_more_lines_not_shrunk_out_of_sight():
    left, _right = header_cells(document("ĐẢNG BỘ TỈNH THÁI NGUYÊN", VERY_LONG, "Thái Nguyên"))
    run = run_of(left, VERY_LONG)
    parts = run.text.split("\n")
    assert 2 <= len(parts) <= 4 and run.font.size >= Pt(11)
    assert parts[-1].endswith("TỈNH THÁI NGUYÊN") and not wrong_breaks(parts)


def test_no_name_is_broken_in_the_wrong_place_when_printed(tmp_path: Path):
    """Printed through LibreOffice, each header line stands whole on a line of the page, and a name set on
    more lines stands on exactly the lines the header asked for, broken between its parts."""
    vietnamese_times()
    headers = [*HEADERS, ("ĐẢNG BỘ CÁC CƠ QUAN ĐẢNG TỈNH THÁI NGUYÊN", VERY_LONG, "Thái Nguyên")]
    for number, (superior, issuer, place) in enumerate(headers):
        pdf, result = docx_to_pdf(render(document(superior, issuer, place)), tmp_path, f"header-{number}")
        assert result.returncode == 0 and pdf.exists(), result.stderr + result.stdout
        lines = pdf_lines(pdf)[:14]
        for name in (superior, issuer):
            parts = printed_as(lines, name)
            assert parts is not None, (name, lines)
            assert not wrong_breaks(parts), (name, parts)
        for whole in ("ĐẢNG CỘNG SẢN VIỆT NAM", f"{place}, ngày 05 tháng 02 năm 2026"):
            assert whole in lines, (whole, lines)


def test_a_root_committee_heads_its_block_with_its_own_name():
    """A Tỉnh ủy has no superior line: its name stands level with "ĐẢNG CỘNG SẢN VIỆT NAM"."""
    left, right = header_cells(document("", "TỈNH ỦY THÁI NGUYÊN", "Thái Nguyên"))
    assert [p.text for p in left.paragraphs] == ["TỈNH ỦY THÁI NGUYÊN", "*", "Số 12-BC/ĐU"]
    assert right.paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM"
