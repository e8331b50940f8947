"""The Word renderer: the Party's layout (Hướng dẫn 36-HD/VPTW) read back from the produced bytes."""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from lamtheobac.reports.document import ReportDocument, Section, Table
from lamtheobac.reports.docx import date_line, format_cell, render

from .pdf import docx_to_pdf, pdf_text

pytestmark = pytest.mark.engine_neutral  # no database: runs in one stage of CI (conftest.py)

TITLE = "Sơ kết 5 năm thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"


def sample(**changes: object) -> ReportDocument:
    statistics = Table(
        caption="Bảng 1. Kết quả học tập, quán triệt chuyên đề năm 2026",
        header=["Đơn vị", "Số đảng viên", "Đảng viên tham gia", "Tỷ lệ"],
        rows=[
            ["Đảng bộ huyện Bạch Thông", 3170, 3124, 98.5],
            ["Đảng bộ xã Lục Bình", 412, 412, 100.0],
            ["Chi bộ thôn Nà Pài", 38, 37, 97.37],
            ["Đảng bộ xã Vũ Muộn", 296, None, None],
            ["Cộng", 3170, 3124, 98.5],
        ],
        indent=[0, 1, 2, 1, 0],
        total_row=True,
    )
    values = {
        "superior": "ĐẢNG BỘ TỈNH BẮC KẠN",
        "issuer": "HUYỆN ỦY BẠCH THÔNG",
        "number": "Số 125-BC/HU",
        "place": "Bạch Thông",
        "date": datetime.date(2026, 11, 27),
        "title": TITLE,
        "intro": [
            "Thực hiện Hướng dẫn số 12-HD/BTGTU của Ban Tuyên giáo Tỉnh ủy, Ban Thường vụ Huyện ủy báo cáo "
            "sơ kết 5 năm thực hiện Chỉ thị số 05-CT/TW như sau:"
        ],
        "sections": [
            Section(
                heading="I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO",
                paragraphs=[
                    "Ban Thường vụ Huyện ủy đã ban hành kế hoạch thực hiện chuyên đề hằng năm, chỉ đạo các chi, "
                    "đảng bộ trực thuộc tổ chức học tập, quán triệt đến 100% cán bộ, đảng viên."
                ],
            ),
            Section(
                heading="1. Việc học tập, quán triệt chuyên đề",
                level=2,
                paragraphs=[
                    "Các chi bộ đã gắn việc học tập chuyên đề với sinh hoạt chi bộ định kỳ hằng tháng."
                ],
                tables=[statistics],
            ),
            Section(
                heading="II. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
                paragraphs=["Tiếp tục đưa việc làm theo Bác thành việc làm thường xuyên.\nGương điển hình."],
            ),
        ],
        "recipients": [
            "Ban Tuyên giáo Tỉnh ủy (b/c),",
            "Các đồng chí Huyện ủy viên,",
            "Các chi, đảng bộ trực thuộc,",
            "Lưu Văn phòng Huyện ủy.",
        ],
        "signer_name": "Hoàng Văn Thắng",
    }
    values.update(changes)
    return ReportDocument(**values)


def read(doc: ReportDocument) -> docx.document.Document:
    return docx.Document(io.BytesIO(render(doc)))


def texts(cell) -> list[str]:
    return [p.text for p in cell.paragraphs]


def run_with(paragraphs, text: str):
    for paragraph in paragraphs:
        for run in paragraph.runs:
            if run.text == text:
                return run
    raise AssertionError(f"no run {text!r}")


def all_text(word: docx.document.Document) -> str:
    return "\n".join(node.text or "" for node in word.element.body.iter(qn("w:t")))


@pytest.fixture(scope="module")
def word() -> docx.document.Document:
    return read(sample())


def test_the_page_is_a4_with_the_party_margins(word):
    section = word.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)
    assert abs(section.top_margin - Cm(2)) < Cm(0.01)
    assert abs(section.bottom_margin - Cm(2)) < Cm(0.01)
    assert abs(section.left_margin - Cm(3)) < Cm(0.01)
    assert Cm(1.5) - Cm(0.01) <= section.right_margin <= Cm(2) + Cm(0.01)


def test_normal_style_is_times_new_roman_14_in_vietnamese_for_every_script(word):
    normal = word.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(slot)) == "Times New Roman"
    assert fonts.get(qn("w:asciiTheme")) is None
    assert normal.element.rPr.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Times New Roman"
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"


def test_the_header_block_holds_the_issuer_left_and_the_party_title_with_the_date_right(word):
    header = word.tables[0]
    left, right = header.rows[0].cells
    assert texts(left) == ["ĐẢNG BỘ TỈNH BẮC KẠN", "HUYỆN ỦY BẠCH THÔNG", "*", "Số 125-BC/HU"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in left.paragraphs)
    assert run_with(left.paragraphs, "HUYỆN ỦY BẠCH THÔNG").bold
    assert not run_with(left.paragraphs, "ĐẢNG BỘ TỈNH BẮC KẠN").bold
    assert not run_with(left.paragraphs, "Số 125-BC/HU").bold

    party = run_with(right.paragraphs, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert party.bold and party.underline
    assert party.font.size == Pt(15)
    date = run_with(right.paragraphs, "Bạch Thông, ngày 27 tháng 11 năm 2026")
    assert date.italic
    assert right.paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert right.paragraphs[-1].text == "Bạch Thông, ngày 27 tháng 11 năm 2026"

    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (datetime.date(2026, 2, 5), "Bạch Thông, ngày 05 tháng 02 năm 2026"),
        (datetime.date(2026, 1, 10), "Bạch Thông, ngày 10 tháng 01 năm 2026"),
        (datetime.date(2026, 3, 9), "Bạch Thông, ngày 09 tháng 3 năm 2026"),
        (datetime.date(2026, 12, 1), "Bạch Thông, ngày 01 tháng 12 năm 2026"),
    ],
)
def test_days_below_ten_and_months_one_and_two_take_a_leading_zero(date, expected):
    assert date_line("Bạch Thông", date) == expected
    right = read(sample(date=date)).tables[0].rows[0].cells[1]
    assert right.paragraphs[-1].text == expected


def test_the_kind_and_the_title_are_bold_and_centred_then_five_dashes(word):
    paragraphs = word.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p.text == "BÁO CÁO")
    kind, title, dashes = paragraphs[index : index + 3]
    assert kind.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold for run in kind.runs)
    assert Pt(15) <= kind.runs[0].font.size <= Pt(16)
    assert title.text == TITLE
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold for run in title.runs)
    assert dashes.text == "-----"
    assert dashes.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_body_is_justified_with_a_first_line_indent_and_headings_bold(word):
    paragraphs = word.paragraphs
    intro = next(p for p in paragraphs if p.text.startswith("Thực hiện Hướng dẫn"))
    assert intro.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert Cm(1) <= intro.paragraph_format.first_line_indent <= Cm(1.3)
    assert intro.paragraph_format.space_after == Pt(6)
    assert 1.0 <= intro.paragraph_format.line_spacing <= 1.5
    assert intro.runs[0].font.size in (None, Pt(14))  # None: the Normal style's 14 pt

    for heading in ("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", "1. Việc học tập, quán triệt chuyên đề"):
        paragraph = next(p for p in paragraphs if p.text == heading)
        assert all(run.bold for run in paragraph.runs)
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.LEFT
        assert paragraph.paragraph_format.keep_with_next


def test_a_newline_in_a_paragraph_becomes_a_line_break(word):
    paragraph = next(p for p in word.paragraphs if p.text.startswith("Tiếp tục đưa"))
    assert paragraph.text == "Tiếp tục đưa việc làm theo Bác thành việc làm thường xuyên.\nGương điển hình."
    assert len(paragraph._p.findall(".//" + qn("w:br"))) == 1


def test_the_statistics_table_writes_numbers_the_vietnamese_way(word):
    table = word.tables[1]
    assert table.style.name == "Table Grid"
    caption = next(p for p in word.paragraphs if p.text.startswith("Bảng 1."))
    assert caption.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold and run.italic for run in caption.runs)

    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Đơn vị", "Số đảng viên", "Đảng viên tham gia", "Tỷ lệ"]
    assert rows[1] == ["Đảng bộ huyện Bạch Thông", "3.170", "3.124", "98,5%"]
    assert rows[2] == ["Đảng bộ xã Lục Bình", "412", "412", "100%"]
    assert rows[3][3] == "97,4%"
    assert rows[4] == ["Đảng bộ xã Vũ Muộn", "296", "", ""]


def test_table_header_repeats_and_is_bold_centred_and_the_total_row_is_bold(word):
    table = word.tables[1]
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    for cell in header.cells:
        assert cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(run.bold for run in cell.paragraphs[0].runs)
    total = table.rows[-1]
    assert all(run.bold for cell in total.cells for run in cell.paragraphs[0].runs)
    assert not any(run.bold for cell in table.rows[1].cells for run in cell.paragraphs[0].runs)
    sizes = {run.font.size for row in table.rows for cell in row.cells for run in cell.paragraphs[0].runs}
    assert sizes <= {Pt(12), Pt(13)}


def test_the_first_column_is_indented_by_depth_and_the_figures_right_aligned(word):
    table = word.tables[1]
    indents = [row.cells[0].paragraphs[0].paragraph_format.left_indent or 0 for row in table.rows[1:]]
    assert indents[0] == 0 and indents[4] == 0
    assert 0 < indents[1] < indents[2]
    assert indents[3] == indents[1]
    for row in table.rows[1:]:
        assert row.cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
        assert all(cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT for cell in row.cells[1:])


def test_tables_fit_the_text_width_with_a_wider_first_column(word):
    text_width = Cm(21 - 3 - 1.5)
    for table in word.tables:
        widths = [column.width for column in table.columns]
        assert sum(widths) <= text_width + Cm(0.01)
    widths = [column.width for column in word.tables[1].columns]
    assert widths[0] > max(widths[1:])
    assert all(
        cell.width == width
        for row in word.tables[1].rows
        for cell, width in zip(row.cells, widths, strict=True)
    )


def test_the_closing_block_has_the_recipients_and_the_signature(word):
    closing = word.tables[-1]
    left, right = closing.rows[0].cells
    heading = left.paragraphs[0]
    assert heading.text == "Nơi nhận:"
    assert heading.runs[0].underline
    assert texts(left)[1:] == [
        "- Ban Tuyên giáo Tỉnh ủy (b/c),",
        "- Các đồng chí Huyện ủy viên,",
        "- Các chi, đảng bộ trực thuộc,",
        "- Lưu Văn phòng Huyện ủy.",
    ]
    assert {run.font.size for p in left.paragraphs[1:] for run in p.runs} <= {Pt(11), Pt(12)}

    lines = texts(right)
    assert lines[:2] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]
    assert lines[-1] == "Hoàng Văn Thắng"
    assert lines[2:-1] and all(line == "" for line in lines[2:-1])  # room for the signature and the seal
    for text in ("T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Hoàng Văn Thắng"):
        assert run_with(right.paragraphs, text).bold
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in right.paragraphs)


def test_recipients_hang_under_their_own_text_after_the_dash():
    """A recipient too long for the column wraps under its text, not under the dash: w:ind w:hanging."""
    long = "Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên (để báo cáo),"
    word = read(sample(recipients=[long, "- Lưu Văn phòng Huyện ủy."]))
    left = word.tables[-1].rows[0].cells[0]
    heading, *items = left.paragraphs
    assert heading.text == "Nơi nhận:" and heading.runs[0].underline and not heading.runs[0].bold
    assert [p.text for p in items] == [f"- {long}", "- Lưu Văn phòng Huyện ủy."]
    for paragraph in items:
        ind = paragraph._p.find(qn("w:pPr")).find(qn("w:ind"))
        assert ind is not None, paragraph.text
        hanging, left_indent = int(ind.get(qn("w:hanging"))), int(ind.get(qn("w:left")))
        assert hanging == left_indent and 100 < hanging < 200  # "- " at 12 pt: about 7 pt, in twips
        assert {run.font.size for run in paragraph.runs} == {Pt(12)}
    assert left.width > Cm(7)  # the column widens for a long recipient, the signature keeping its room
    assert word.tables[-1].rows[0].cells[1].width >= Cm(6.5) - 635


def test_a_numbered_table_has_an_stt_column_and_leaves_the_total_unnumbered():
    table = Table(caption="Bảng 1. Số liệu", header=["Đơn vị", "Số"], rows=[["A", 1], ["B", 2], ["Cộng", 3]],
                  indent=[0, 1, 0], total_row=True, numbered=True)  # fmt: skip
    word = read(sample(sections=[Section(heading="I. SỐ LIỆU", tables=[table])]))
    rows = [[cell.text for cell in row.cells] for row in word.tables[1].rows]
    assert rows == [["STT", "Đơn vị", "Số"], ["1", "A", "1"], ["2", "B", "2"], ["", "Cộng", "3"]]
    stt = word.tables[1].rows[1].cells[0]
    assert stt.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert abs(word.tables[1].rows[2].cells[1].paragraphs[0].paragraph_format.left_indent - Cm(0.4)) < 635
    assert abs(stt.width - Cm(1.2)) < 635  # one twip, the unit Word stores


def test_an_appendix_follows_the_signature_on_a_page_of_its_own():
    table = Table(caption="Bảng 1. Số liệu", header=["Năm", "Số"], rows=[["2020", 5]], numbered=True)
    doc = sample(appendix=[table], appendix_note="(Kèm theo Báo cáo số 125-BC/HU, ngày 27-11-2026)")
    word = read(doc)
    body = word.element.body
    blocks = [child for child in body if child.tag in (qn("w:p"), qn("w:tbl"))]
    closing = word.tables[-2]._tbl  # the signature block, then the appendix's table
    after = blocks[blocks.index(closing) + 1 :]
    texts_after = ["".join(t.text or "" for t in b.iter(qn("w:t"))) for b in after]
    heading = next(p for p in word.paragraphs if p.text == "PHỤ LỤC")
    assert heading.paragraph_format.page_break_before and heading.runs[0].bold
    assert texts_after[:3] == ["PHỤ LỤC", "(Kèm theo Báo cáo số 125-BC/HU, ngày 27-11-2026)", "-----"]
    assert [c.text for c in word.tables[-1].rows[0].cells] == ["STT", "Năm", "Số"]


def test_an_unnamed_signer_leaves_the_space():
    right = read(sample(signer_name="")).tables[-1].rows[0].cells[1]
    lines = texts(right)
    assert lines[:2] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]
    assert len(lines) >= 5 and all(line == "" for line in lines[2:])


def test_core_properties_name_the_report_and_its_issuer(word):
    props = word.core_properties
    assert props.title == TITLE
    assert props.author == "HUYỆN ỦY BẠCH THÔNG"
    assert props.language == "vi-VN"


def test_decomposed_input_comes_out_composed():
    nfd = unicodedata.normalize("NFD", "Huyện ủy Bạch Thông quán triệt Chỉ thị 05")
    assert nfd != unicodedata.normalize("NFC", nfd)
    word = read(sample(intro=[nfd], issuer=unicodedata.normalize("NFD", "HUYỆN ỦY BẠCH THÔNG")))
    text = all_text(word)
    assert "Huyện ủy Bạch Thông quán triệt Chỉ thị 05" in text
    assert unicodedata.is_normalized("NFC", text)
    assert word.tables[0].rows[0].cells[0].paragraphs[1].text == "HUYỆN ỦY BẠCH THÔNG"


def test_control_characters_are_dropped_and_the_file_still_opens():
    word = read(
        sample(
            intro=["Đảng\x00 viên\x07 gương\x1b mẫu\x0c\tnăm 2026\r\nđạt 98%"],
            title="Sơ kết\x01 5 năm",
            recipients=["Lưu\x08 Văn phòng."],
        )
    )
    text = all_text(word)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text)
    intro = next(p for p in word.paragraphs if p.text.startswith("Đảng"))
    assert intro.text == "Đảng viên gương mẫu\tnăm 2026\nđạt 98%"
    assert any(p.text == "Sơ kết 5 năm" for p in word.paragraphs)
    assert "- Lưu Văn phòng." in texts(word.tables[-1].rows[0].cells[0])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3124, "3.124"),
        (1234567, "1.234.567"),
        (0, "0"),
        (98.5, "98,5%"),
        (100.0, "100%"),
        (99.96, "100%"),
        (7.04, "7%"),
        (0.25, "0,3%"),
        (98.45, "98,5%"),
        (12345.0, "12.345%"),
        (-2.5, "-2,5%"),
        (float("nan"), ""),
        (None, ""),
        ("x", "x"),
    ],
)
def test_format_cell(value, expected):
    assert format_cell(value) == expected


def test_a_ragged_table_keeps_every_value():
    table = Table(caption="", header=["Đơn vị", "Số"], rows=[["A", 1, 2], ["B"]])
    word = read(sample(sections=[Section(heading="I. SỐ LIỆU", tables=[table])]))
    rows = [[cell.text for cell in row.cells] for row in word.tables[1].rows]
    assert rows == [["Đơn vị", "Số", ""], ["A", "1", "2"], ["B", "", ""]]


# --- LibreOffice: the file opens and prints as an A4 Party report ----------------------------------------


def test_libreoffice_converts_it_to_an_a4_pdf_with_the_text(tmp_path: Path):
    pdf, result = docx_to_pdf(render(sample()), tmp_path)
    assert result.returncode == 0 and pdf.exists(), result.stderr + result.stdout

    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
        assert size, info
        assert abs(float(size.group(1)) - 595.3) < 1 and abs(float(size.group(2)) - 841.9) < 1

    text = " ".join(pdf_text(pdf).split())
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "HUYỆN ỦY BẠCH THÔNG",
        TITLE,
        "3.124",
        "98,5%",
        "T/M BAN THƯỜNG VỤ",
    ):
        assert expected in text, expected
