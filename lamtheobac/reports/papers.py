"""The papers a record prints to: the registration to sign, and its part of the year-end review (HD 43).

Two Word files from the same plain data (``Paper``), laid out with the report renderer's pieces (A4, Times New
Roman, the Party's header of Hướng dẫn 36-HD/VPTW), so they look like every other paper the cell files:

- **the registration to sign** (``registration_docx``): header, "BẢN ĐĂNG KÝ" with the year's campaign and
  theme, the table of actions, the "tự soi, tự sửa" section when written, the pledge and two signature
  blocks, "Xác nhận của chi ủy" and "Người đăng ký" (for a collective's plan, "Xác nhận của cấp ủy cấp trên"
  and the committee that signs it);
- **the review section** (``review_docx``): the part of the year-end review form that reports on the
  commitment, with the form's code written in full (Hướng dẫn 43-HD/BTCTW, 31/10/2025, phụ lục: Mẫu 01-HD
  KĐ.ĐG 2025 for a collective, Mẫu 2A, 2B, 2C-HD KĐ.ĐG 2025 for a person; 2C being the form of a member who
  does not work in the political system): each action with its target, the result, the count of evidence,
  the self-assessment, the leader's comment, the score and the rating, ready to paste into the full form or
  attach to it.

One file holds one paper or a whole cell's, each starting on a page of its own. Every paper carries a QR code
of the record's address: scanned, it opens the record (after sign-in, as any page).

Word rather than PDF: people print from Word on the office's machines, and the cell fills in a date or a
name by hand or in Word before signing; a .docx also pastes into the unit's own review form.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

import segno
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Length, Pt

from .document import ReportDocument
from .docx import (
    BODY_SIZE,
    TEXT_WIDTH,
    TWIP,
    _add_body_paragraph,
    _add_heading_block,
    _add_text,
    _borderless_table,
    _fill_cell,
    _line,
    _mark_row,
    _set_widths,
    _setup_page,
    _setup_settings,
    _setup_styles,
    _write_cell,
    clean,
)

CAMPAIGN = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
QR_SIZE = Cm(2.4)
QR_NOTE = "Quét mã để mở hồ sơ này trên hệ thống (sau khi đăng nhập)."

# Hướng dẫn 43-HD/BTCTW (31/10/2025), phụ lục: the forms of the year-end review.
FORM_NAMES = {
    "01": "Mẫu 01-HD KĐ.ĐG 2025: bản kiểm điểm tập thể",
    "2A": "Mẫu 2A-HD KĐ.ĐG 2025: bản kiểm điểm cá nhân không giữ chức vụ lãnh đạo, quản lý",
    "2B": "Mẫu 2B-HD KĐ.ĐG 2025: bản kiểm điểm cá nhân giữ chức vụ lãnh đạo, quản lý",
    "2C": "Mẫu 2C-HD KĐ.ĐG 2025: bản kiểm điểm đảng viên không làm việc trong hệ thống chính trị",
}
PLEDGE = (
    "Tôi xin hứa thực hiện nghiêm túc những nội dung đã đăng ký; chịu sự kiểm tra, giám sát của chi ủy, chi bộ "
    "và quần chúng nhân dân; cuối năm tự đánh giá kết quả thực hiện trong bản kiểm điểm cá nhân."
)
PLAN_PLEDGE = (
    "Tập thể cam kết lãnh đạo, tổ chức thực hiện nghiêm túc những nội dung trên; định kỳ kiểm tra, đánh giá "
    "kết quả và báo cáo cấp ủy cấp trên."
)


@dataclass
class PaperAction:
    action: str
    target: str = ""
    deadline: str = ""  # "30/6/2026" or the plan's time frame
    standards: str = ""  # the standards of QĐ 144-QĐ/TW it serves, as words
    supervisor: str = ""  # who supervises (a person's action) or who is responsible (a plan's)
    result: str = ""  # "Hoàn thành" … with the member's explanation
    evidence: int = 0


@dataclass
class Paper:
    """One record as its papers show it; plain text only."""

    superior: str  # "ĐẢNG BỘ XÃ PHỦ THÔNG"
    issuer: str  # "CHI BỘ THÔN NÀ PÀI"
    place: str
    date: datetime.date
    year: int
    url: str  # the record's address (the QR code)
    is_plan: bool = False
    name: str = ""  # the person, or the collective
    kind: str = ""  # "Đảng viên chính thức"
    position: str = ""
    unit: str = ""  # "Chi bộ thôn Nà Pài"
    form: str = "2A"  # a key of FORM_NAMES
    theme: str = ""
    actions: list[PaperAction] = field(default_factory=list)
    shortcomings: str = ""
    remedies: str = ""
    emulation_title: str = ""
    self_comment: str = ""
    leader_comment: str = ""
    score: int | None = None
    rating: str = ""
    quarter_notes: list[str] = field(default_factory=list)  # "Quý 1: 85 điểm — …"


def registration_docx(papers: list[Paper]) -> bytes:
    """The registrations to sign, one per page (or more), in one .docx."""
    word = _new_document()
    for index, paper in enumerate(papers):
        if index:
            _page_break(word)
        _registration(word, paper)
    return _save(word, title=f"Bản đăng ký {CAMPAIGN.lower()}")


def review_docx(papers: list[Paper]) -> bytes:
    """The review sections of ``papers`` (each its own form's), one per page (or more), in one .docx."""
    word = _new_document()
    for index, paper in enumerate(papers):
        if index:
            _page_break(word)
        _review(word, paper)
    return _save(word, title="Kết quả thực hiện cam kết, đăng ký làm theo Bác")


# --- the registration -----------------------------------------------------------------------------------


def _registration(word: DocxDocument, paper: Paper) -> None:
    _header(word, paper)
    title = _line(word, "BẢN ĐĂNG KÝ" if not paper.is_plan else "KẾ HOẠCH", bold=True, size=Pt(16))
    title.paragraph_format.space_before = Pt(12)
    _line(word, f"{CAMPAIGN} năm {paper.year}", bold=True)
    _line(word, "-----").paragraph_format.space_after = Pt(6)
    _identity(word, paper)
    if paper.theme:
        _add_body_paragraph(word, f"Thực hiện chuyên đề năm {paper.year}: “{clean(paper.theme).strip()}”,")
    lead = (
        "tập thể xây dựng kế hoạch với những nội dung sau:"
        if paper.is_plan
        else ("tôi đăng ký những việc làm cụ thể sau:")
    )
    _add_body_paragraph(word, lead if paper.theme else lead[0].upper() + lead[1:])
    if paper.is_plan:
        header = ["STT", "Nội dung", "Kết quả cần đạt", "Thời gian", "Người phụ trách"]
    else:
        header = ["STT", "Việc làm cụ thể", "Sản phẩm, chỉ tiêu đo được", "Thời hạn", "Người giám sát"]
    rows = [
        [str(n), _with_standards(a), a.target, a.deadline, a.supervisor]
        for n, a in enumerate(paper.actions, start=1)
    ]
    _grid(word, header, rows, [Cm(1.3), Cm(6.0), Cm(4.3), Cm(2.6), None])
    if paper.shortcomings or paper.remedies:
        _add_body_paragraph(word, "Tự soi, tự sửa:", bold=True)
        if paper.shortcomings:
            _add_body_paragraph(word, f"- Hạn chế, khuyết điểm: {paper.shortcomings}")
        if paper.remedies:
            _add_body_paragraph(word, f"- Biện pháp khắc phục: {paper.remedies}")
    if paper.emulation_title:
        _add_body_paragraph(word, f"Danh hiệu thi đua đăng ký: {paper.emulation_title}.")
    _add_body_paragraph(word, PLAN_PLEDGE if paper.is_plan else PLEDGE)
    if paper.is_plan:
        _signatures(word, ("XÁC NHẬN CỦA CẤP ỦY CẤP TRÊN", ""), ("T/M TẬP THỂ", ""))
    else:
        _signatures(word, ("XÁC NHẬN CỦA CHI ỦY", ""), ("NGƯỜI ĐĂNG KÝ", paper.name))
    _qr(word, paper.url)


def _with_standards(action: PaperAction) -> str:
    text = clean(action.action).strip()
    return f"{text}\n(Chuẩn mực: {action.standards})" if action.standards else text


# --- the review section ---------------------------------------------------------------------------------


def _review(word: DocxDocument, paper: Paper) -> None:
    _header(word, paper)
    note = _line(word, f"(Phần trích {FORM_NAMES.get(paper.form, paper.form)})", italic=True, size=Pt(12))
    note.paragraph_format.space_before = Pt(12)
    if paper.is_plan:
        heading = f"KẾT QUẢ THỰC HIỆN KẾ HOẠCH {CAMPAIGN.upper()} NĂM {paper.year}"
    else:
        heading = (
            "KẾT QUẢ THỰC HIỆN CAM KẾT TU DƯỠNG, RÈN LUYỆN, PHẤN ĐẤU VÀ ĐĂNG KÝ "
            f"{CAMPAIGN.upper()} NĂM {paper.year}"
        )
    _line(word, heading, bold=True)
    _line(word, "-----").paragraph_format.space_after = Pt(6)
    _identity(word, paper)
    header = ["STT", "Nội dung" if paper.is_plan else "Việc làm đã đăng ký", "Chỉ tiêu, sản phẩm",
              "Kết quả thực hiện", "Minh chứng"]  # fmt: skip
    rows = [
        [str(n), clean(a.action).strip(), a.target, a.result or "Chưa tự đánh giá", str(a.evidence)]
        for n, a in enumerate(paper.actions, start=1)
    ]
    _grid(word, header, rows, [Cm(1.3), Cm(5.2), Cm(3.8), Cm(3.9), None])
    done = sum(1 for a in paper.actions if a.result.startswith("Hoàn thành"))
    _add_body_paragraph(
        word, f"Hoàn thành {done}/{len(paper.actions)} nội dung đã đăng ký; "
        f"{sum(a.evidence for a in paper.actions)} minh chứng kèm theo trên hệ thống.",
    )  # fmt: skip
    _labelled(word, "Tự đánh giá chung", paper.self_comment or "Chưa tự đánh giá.")
    if paper.shortcomings or paper.remedies:
        _labelled(word, "Hạn chế, khuyết điểm tự nhận", paper.shortcomings or "—")
        _labelled(word, "Biện pháp khắc phục", paper.remedies or "—")
    for line in paper.quarter_notes:
        _add_body_paragraph(word, f"- {line}")
    _labelled(word, "Nhận xét của cấp ủy", paper.leader_comment or "Chưa có.")
    score = f"{paper.score} điểm" if paper.score is not None else "chưa chấm"
    _labelled(word, "Điểm đánh giá (thang 100 điểm)", score)
    _labelled(word, "Xếp loại", paper.rating or "chưa xếp loại")
    _qr(word, paper.url)


def _labelled(word: DocxDocument, label: str, text: str) -> None:
    paragraph = _add_body_paragraph(word, "")
    _add_text(paragraph, f"{label}: ", bold=True)
    _add_text(paragraph, text)


# --- shared pieces --------------------------------------------------------------------------------------


def _new_document() -> DocxDocument:
    word = Document()
    _setup_styles(word)
    _setup_page(word)
    _setup_settings(word)
    return word


def _save(word: DocxDocument, *, title: str) -> bytes:
    word.core_properties.title = title
    word.core_properties.language = "vi-VN"
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _page_break(word: DocxDocument) -> None:
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _header(word: DocxDocument, paper: Paper) -> None:
    """The header of Hướng dẫn 36-HD/VPTW: the superior and the unit left, the Party's title and the place
    and date right (no number: a personal paper has none)."""
    doc = ReportDocument(
        superior=paper.superior, issuer=paper.issuer, number="", place=paper.place, date=paper.date, title=""
    )
    _add_heading_block(word, doc)


def _identity(word: DocxDocument, paper: Paper) -> None:
    """Who: two lines for a person (name and position; kind and cell), one for a collective."""
    if paper.is_plan:
        _labelled(word, "Tập thể", paper.name)
        return
    _pairs(word, [("Họ và tên", paper.name), ("Chức vụ", paper.position)])
    _pairs(word, [("Đối tượng", paper.kind), ("Sinh hoạt tại", paper.unit)])


def _pairs(word: DocxDocument, pairs: list[tuple[str, str]]) -> None:
    paragraph = _add_body_paragraph(word, "")
    shown = [(label, value) for label, value in pairs if clean(value).strip()]
    for index, (label, value) in enumerate(shown):
        _add_text(paragraph, ("; " if index else "") + f"{label}: ", bold=True)
        _add_text(paragraph, value)


def _grid(word: DocxDocument, header: list[str], rows: list[list[str]], widths: list[Length | None]) -> None:
    """A bordered table, 12 pt; ``None`` in ``widths`` takes what the text width leaves."""
    fixed = sum(w for w in widths if w is not None)
    rest = Length(TEXT_WIDTH // TWIP * TWIP - fixed)
    sizes = [w if w is not None else rest for w in widths]
    table = word.add_table(rows=1 + max(len(rows), 1), cols=len(header))
    table.style = word.styles["Table Grid"]
    _set_widths(table, sizes)
    _mark_row(table.rows[0]._tr.get_or_add_trPr(), "w:tblHeader")
    for index, text in enumerate(header):
        _write_cell(table.rows[0].cells[index], text, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    for number, values in enumerate(rows or [["", "(chưa có nội dung)", "", "", ""]]):
        row = table.rows[number + 1]
        _mark_row(row._tr.get_or_add_trPr(), "w:cantSplit")
        for index, value in enumerate(values):
            align = WD_ALIGN_PARAGRAPH.LEFT if index in (1, 2, 3) else WD_ALIGN_PARAGRAPH.CENTER
            _write_cell(row.cells[index], clean(value or ""), align=align, bold=False)
    word.add_paragraph()


def _signatures(word: DocxDocument, left: tuple[str, str], right: tuple[str, str]) -> None:
    """Two signature blocks side by side, each its title, "(Ký, ghi rõ họ tên)", room to sign, the name."""
    half = Length(TEXT_WIDTH // TWIP * TWIP // 2 // TWIP * TWIP)
    table = _borderless_table(word, [half, half])
    _mark_row(table.rows[0]._tr.get_or_add_trPr(), "w:cantSplit")
    for cell, (title, name) in zip(table.rows[0].cells, (left, right), strict=True):
        lines: list[tuple[str, dict]] = [(title, {"bold": True}), ("(Ký, ghi rõ họ tên)", {"italic": True})]
        lines += [("", {})] * 4
        lines.append((clean(name).strip(), {"bold": True}))
        _fill_cell(cell, lines)


def _qr(word: DocxDocument, url: str) -> None:
    """The QR code of the record's address, beside a line saying what it opens and the address itself."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    buffer.seek(0)
    # Word joins two tables with nothing between them into one: a paragraph two points high keeps them apart.
    gap = word.add_paragraph()
    gap.paragraph_format.line_spacing = Pt(2)
    table = _borderless_table(
        word, [QR_SIZE + Cm(0.4), Length(TEXT_WIDTH // TWIP * TWIP - QR_SIZE - Cm(0.4))]
    )
    _mark_row(table.rows[0]._tr.get_or_add_trPr(), "w:cantSplit")
    code, note = table.rows[0].cells
    code.paragraphs[0].add_run().add_picture(buffer, width=QR_SIZE, height=QR_SIZE)
    note.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _add_text(note.paragraphs[0], QR_NOTE, italic=True, size=Pt(11))
    _line(note, url, align=WD_ALIGN_PARAGRAPH.LEFT, size=Pt(10))


__all__ = ["BODY_SIZE", "FORM_NAMES", "Paper", "PaperAction", "registration_docx", "review_docx"]
