"""Lay a ``ReportDocument`` out as a Word file in the Party's format (Hướng dẫn 36-HD/VPTW, 2018).

The page: A4, margins 2 cm top and bottom, 3 cm left, 1.5 cm right, Times New Roman throughout. The first
page opens with the issuer's block (left) and the "ĐẢNG CỘNG SẢN VIỆT NAM" title with the place and date
(right), then the kind of document, the trích yếu and a five-dash line; the body is 14 pt justified text
with a first-line indent; the last page closes with "Nơi nhận" (left) and the signature block (right).
Pages after the first carry their number centred at the top. No name in the header is ever broken in the
wrong place: the issuer's column widens for a long name ("ĐẢNG ỦY CÁC CƠ QUAN ĐẢNG TỈNH THÁI NGUYÊN"), past
what the title and date leave free its lines shrink a little (``header_columns``), and a name longer still
is set on two to four lines broken between its parts ("ĐẢNG ỦY BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP" /
"TỈNH THÁI NGUYÊN"), never inside "ĐẢNG ỦY" or inside the place (``name_breaks``); widths come from Times
New Roman's metrics (``lib.fontmetrics``), so Word and LibreOffice never wrap a line of their own.

Every string passes through ``clean`` first: NFC, and no character that XML cannot hold, so whatever the
officer typed or pasted can never produce a file Word refuses to open.
"""

from __future__ import annotations

import datetime
import io
import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Length, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from lamtheobac.lib.fontmetrics import text_width

from .document import ReportDocument, Section, Table
from .docx_layout import (  # noqa: F401  (re-exported: the page's geometry and the header's fitting)
    BREAK_SCALE,
    CELL_PADDING_PT,
    LEFT_BLOCK,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MIN_HEADER_SCALE,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PARTY_TITLE_SIZE,
    TEXT_WIDTH,
    WIDTH_SAFETY,
    HeaderLine,
    break_names,
    fit_lines,
    header_columns,
    name_breaks,
    width_needed,
)

FONT = "Times New Roman"
LANGUAGE = "vi-VN"


BODY_SIZE = Pt(14)
BODY_INDENT = Cm(1.27)
BODY_SPACE_AFTER = Pt(6)
BODY_LINE_SPACING = 1.15
TABLE_SIZE = Pt(12)
TABLE_INDENT_STEP = Cm(0.4)
STT_WIDTH = Cm(1.2)
SHORT_LABEL = 9  # characters: a first column of labels no longer than this ("2020") is not widened
# "Nơi nhận" (Hướng dẫn 36-HD/VPTW, 03/4/2018, phụ lục mẫu chữ: the words "Nơi nhận" in lower case, upright,
# underlined, as the body; each recipient in lower case, upright, 12 pt, on a line of its own after a dash).
# A recipient too long for the column wraps under its own text, not under the dash: a hanging indent the
# width of "- ".
RECIPIENT_HEADING_SIZE = BODY_SIZE
RECIPIENT_SIZE = Pt(12)
RECIPIENT_DASH = "- "

TWIP = 635  # EMU in a twentieth of a point
SIGNATURE_LINES = 4
SIGNATURE_BLOCK = Cm(6.5)  # the narrowest the signature's column gets beside a long "Nơi nhận"

# Control characters (tab and newline aside), lone surrogates and U+FFFE/U+FFFF are not XML characters.
_ILLEGAL = re.compile("[\x00-\x08\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def render(doc: ReportDocument) -> bytes:
    """The .docx file for ``doc``, as bytes."""
    word = Document()
    _setup_styles(word)
    _setup_page(word)
    _setup_settings(word)
    _set_properties(word, doc)
    _add_heading_block(word, doc)
    _add_title(word, doc)
    for text in doc.intro:
        _add_body_paragraph(word, text)
    for section in doc.sections:
        _add_section(word, section)
    _add_closing_block(word, doc)
    if doc.appendix:
        _add_appendix(word, doc)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


# --- text -----------------------------------------------------------------------------------------------


def clean(text: object) -> str:
    """NFC text without the characters XML cannot hold; Windows and Word line breaks become "\\n"."""
    value = unicodedata.normalize("NFC", str(text))
    # Word puts a vertical tab on the clipboard for a manual line break (Shift+Enter).
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return _ILLEGAL.sub("", value)


def date_line(place: str, date: datetime.date) -> str:
    """ "Bạch Thông, ngày 05 tháng 02 năm 2026": a day below 10 and the months 1 and 2 take a leading zero,
    so that nobody can add a digit in front of them afterwards."""
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{clean(place).strip()}, ngày {date.day:02d} tháng {month} năm {date.year}"


def format_cell(value: str | int | float | None) -> str:
    """A table value written the Vietnamese way: 3.124 for a count, 98,5% for a rate, blank for None."""
    if value is None:
        return ""
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float):
        return _percentage(value)
    return clean(value)


def _percentage(value: float) -> str:
    if not math.isfinite(value):
        return ""
    # Half up, as a person rounds (98,45 -> 98,5), from the float's shortest decimal form.
    rounded = Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    whole, decimal = f"{abs(rounded):.1f}".split(".")
    sign = "-" if rounded < 0 else ""
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped}%" if decimal == "0" else f"{sign}{grouped},{decimal}%"


# --- document set-up ------------------------------------------------------------------------------------


def _set_fonts(r_pr: BaseOxmlElement) -> None:
    """Times New Roman for every script slot, Vietnamese as the language, with no theme font overriding."""
    fonts = r_pr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


def _setup_styles(word: DocxDocument) -> None:
    defaults = word.styles.element.find(qn("w:docDefaults"))
    _set_fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
    normal = word.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    _set_fonts(normal.element.get_or_add_rPr())
    # Normal is the compact base (header blocks, table cells); body paragraphs add indent and spacing.
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0


def _setup_page(word: DocxDocument) -> None:
    section = word.sections[0]
    section.page_width = PAGE_WIDTH
    section.page_height = PAGE_HEIGHT
    section.top_margin = MARGIN_TOP
    section.bottom_margin = MARGIN_BOTTOM
    section.left_margin = MARGIN_LEFT
    section.right_margin = MARGIN_RIGHT
    section.header_distance = Cm(1)
    section.footer_distance = Cm(1)
    # The first page is not numbered; the others carry their number centred at the top.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = paragraph.add_run("2")
    run.font.size = BODY_SIZE
    run._r.addprevious(field)
    field.append(run._r)


def _setup_settings(word: DocxDocument) -> None:
    settings = word.settings.element
    # The template claims spelling was already checked; drop that so Word checks the Vietnamese text.
    proof = settings.find(qn("w:proofState"))
    if proof is not None:
        settings.remove(proof)
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANGUAGE)
        theme_lang.attrib.pop(qn("w:eastAsia"), None)
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        settings.append(compat)
    # Without this Word stretches a justified line that ends in a manual line break across the page.
    compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))


def _set_properties(word: DocxDocument, doc: ReportDocument) -> None:
    props = word.core_properties
    props.title = clean(doc.title).strip()
    props.subject = clean(doc.kind).strip()
    props.author = clean(doc.issuer).strip()
    props.last_modified_by = clean(doc.issuer).strip()
    props.language = LANGUAGE
    props.revision = 1
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)
    props.created = now
    props.modified = now


# --- paragraphs -----------------------------------------------------------------------------------------


def _add_text(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: Length | None = None,
) -> None:
    """One run; python-docx writes each "\\n" as a line break and each tab as a tab stop."""
    run = paragraph.add_run(clean(text))
    run.bold = bold or None
    run.italic = italic or None
    run.underline = underline or None
    if size is not None:
        run.font.size = size


def _line(
    container: DocxDocument | _Cell,
    text: str,
    *,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    **style: bool | Length | None,
) -> Paragraph:
    """A compact paragraph (no indent, no spacing) holding ``text``."""
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    _add_text(paragraph, text, **style)
    return paragraph


def _add_body_paragraph(word: DocxDocument, text: str, *, bold: bool = False) -> Paragraph:
    paragraph = word.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = BODY_INDENT
    fmt.space_after = BODY_SPACE_AFTER
    fmt.line_spacing = BODY_LINE_SPACING
    _add_text(paragraph, text, bold=bold)
    return paragraph


def _add_heading(word: DocxDocument, section: Section) -> None:
    paragraph = _add_body_paragraph(word, section.heading, bold=True)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.keep_with_next = True
    # An outline level lets Word's navigation pane list the parts without Word's coloured heading styles.
    outline = paragraph._p.get_or_add_pPr().get_or_add_outlineLvl()
    outline.set(qn("w:val"), str(min(max(section.level, 1), 9) - 1))


def _add_section(word: DocxDocument, section: Section) -> None:
    if clean(section.heading).strip():
        _add_heading(word, section)
    for text in section.paragraphs:
        _add_body_paragraph(word, text)
    for table in section.tables:
        _add_table(word, table)


# --- the first page -------------------------------------------------------------------------------------


def _borderless_table(word: DocxDocument, widths: list[Length]) -> DocxTable:
    """One row without borders; each new cell holds one empty paragraph for ``_fill_cell`` to start on."""
    table = word.add_table(rows=1, cols=len(widths))
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{edge}")
        border.set(qn("w:val"), "nil")
        borders.append(border)
    table._tbl.tblPr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"
    )
    _set_widths(table, widths)
    return table


def _fill_cell(cell: _Cell, lines: list[tuple[str, dict[str, bool | Length | None]]]) -> None:
    """Put ``lines`` (text, run style) in ``cell``, one centred paragraph each, reusing its first one."""
    first = cell.paragraphs[0]
    for index, (text, style) in enumerate(lines):
        paragraph = first if index == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_text(paragraph, text, **style)


def _header_lines(doc: ReportDocument) -> tuple[list[HeaderLine], list[HeaderLine]]:
    size = BODY_SIZE.pt
    # a committee with no superior in the tree (a Tỉnh ủy) heads its block with its own name
    superior = clean(doc.superior).strip()
    left = [
        *([HeaderLine(superior, size, name=True)] if superior else []),
        HeaderLine(clean(doc.issuer).strip(), size, bold=True, name=True),
        HeaderLine("*", size),
        HeaderLine(clean(doc.number).strip(), size),
    ]
    right = [
        HeaderLine("ĐẢNG CỘNG SẢN VIỆT NAM", PARTY_TITLE_SIZE.pt, bold=True, underline=True),
        HeaderLine(date_line(doc.place, doc.date), size, italic=True),
    ]
    return left, right


def _write_lines(cell: _Cell, lines: list[HeaderLine]) -> None:
    _fill_cell(
        cell,
        [
            (
                line.text,
                {
                    "bold": line.bold,
                    "italic": line.italic,
                    "underline": line.underline,
                    "size": Pt(line.size),
                },
            )
            for line in lines
        ],
    )


def header_layout(doc: ReportDocument) -> tuple[float, list[HeaderLine], list[HeaderLine]]:
    """(left column width in points, left lines, right lines) as the header sets them: every name on one
    line while it holds there at 13 pt or more; a longer one on two to four lines, broken between the parts
    of the name (``name_breaks``), then shrunk (down to 11 pt) only if it must."""
    left_lines, right_lines = _header_lines(doc)
    left_width, right_width, scale = header_columns(left_lines, right_lines)
    # a name would lose more than a point, or the title and the date would have to shrink with it
    if scale < BREAK_SCALE or right_width < width_needed(right_lines) - 0.01:
        left_lines = break_names(left_lines, TEXT_WIDTH.pt - width_needed(right_lines))
        left_width, right_width, scale = header_columns(left_lines, right_lines)
    return left_width, fit_lines(left_lines, left_width), fit_lines(right_lines, right_width)


def _add_heading_block(word: DocxDocument, doc: ReportDocument) -> None:
    left_width, left_lines, right_lines = header_layout(doc)
    # whole twips (Word's unit) that add up to no more than the text width
    left = Length(round(left_width * 20) * TWIP)
    table = _borderless_table(word, [left, Length(TEXT_WIDTH // TWIP * TWIP - left)])
    left, right = table.rows[0].cells
    _write_lines(left, left_lines)
    title, date = right_lines
    _write_lines(right, [title, HeaderLine("", 8), date])
    # The small empty line under the title must stay small: size its paragraph mark too.
    right.paragraphs[1].paragraph_format.line_spacing = Pt(8)


def _add_title(word: DocxDocument, doc: ReportDocument) -> None:
    kind = _line(word, clean(doc.kind).strip(), bold=True, size=Pt(16))
    kind.paragraph_format.space_before = Pt(18)
    _line(word, clean(doc.title).strip(), bold=True)
    dashes = _line(word, "-----")
    dashes.paragraph_format.space_after = Pt(12)


# --- statistics tables ----------------------------------------------------------------------------------


def _column_widths(count: int, total: Length = TEXT_WIDTH, *, wide_first: bool = True) -> list[Length]:
    """``total`` (the whole text width); the first column, when it holds names, counts as two and a half of
    the others, else (a year) as one and a half."""
    if count == 1:
        return [total]
    unit = total / (count + (1.5 if wide_first else 0.5))
    first = total - int(unit) * (count - 1)
    return [Length(first)] + [Length(int(unit))] * (count - 1)


def _holds_names(data: Table) -> bool:
    """Whether the first column holds names (units), not short labels such as years."""
    return any(len(format_cell(row[0])) > SHORT_LABEL for row in data.rows if row)


def _set_widths(table: DocxTable, widths: list[Length]) -> None:
    """Fixed widths on the grid and on every cell: Word reads one, LibreOffice the other."""
    table.autofit = False  # a fixed layout: the widths below hold whatever the cells contain
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = table._tbl.tblPr.find(qn("w:tblW"))
    total.set(qn("w:type"), "dxa")
    total.set(qn("w:w"), str(round(sum(widths) / 635)))  # twentieths of a point (635 EMU each)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _mark_row(row_pr: BaseOxmlElement, tag: str) -> None:
    element = OxmlElement(tag)
    row_pr.append(element)


def _write_cell(cell: _Cell, text: str, *, align: WD_ALIGN_PARAGRAPH, bold: bool, indent: int = 0) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(2)
    fmt.space_after = Pt(2)
    if indent > 0:
        fmt.left_indent = Length(TABLE_INDENT_STEP * indent)
    _add_text(paragraph, text, bold=bold, size=TABLE_SIZE)


def _add_caption(word: DocxDocument, caption: str) -> None:
    paragraph = _line(word, caption, bold=True, italic=True)
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(6)
    fmt.space_after = Pt(6)
    fmt.keep_with_next = True


def _numbered(data: Table) -> Table:
    """``data`` with an STT column in front: 1, 2, 3 … down the rows, the total row left blank."""
    last = len(data.rows) - 1
    rows: list[list[str | int | float | None]] = [
        [None if data.total_row and index == last else str(index + 1), *row]
        for index, row in enumerate(data.rows)
    ]
    return Table(
        caption=data.caption,
        header=["STT", *data.header],
        rows=rows,
        indent=data.indent,
        total_row=data.total_row,
    )


def _add_table(word: DocxDocument, data: Table) -> None:
    if clean(data.caption).strip():
        _add_caption(word, data.caption)
    stt = data.numbered
    wide = _holds_names(data)
    if stt:
        data = _numbered(data)
    count = max([len(data.header), *(len(row) for row in data.rows)])
    if count == 0:
        return
    table = word.add_table(rows=1 + len(data.rows), cols=count)
    table.style = word.styles["Table Grid"]
    widths = (
        [STT_WIDTH, *_column_widths(count - 1, Length(TEXT_WIDTH - STT_WIDTH), wide_first=wide)]
        if stt and count > 1
        else _column_widths(count, wide_first=wide)
    )
    _set_widths(table, widths)
    header = table.rows[0]
    # Repeat the header row on every page and never split a row across two pages.
    _mark_row(header._tr.get_or_add_trPr(), "w:tblHeader")
    for index in range(count):
        text = data.header[index] if index < len(data.header) else ""
        _write_cell(header.cells[index], text, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    for number, values in enumerate(data.rows):
        row = table.rows[number + 1]
        _mark_row(row._tr.get_or_add_trPr(), "w:cantSplit")
        bold = data.total_row and number == len(data.rows) - 1
        depth = data.indent[number] if number < len(data.indent) else 0
        name = 1 if stt else 0  # the column of the names, indented by depth
        for index in range(count):
            value = values[index] if index < len(values) else None
            align = WD_ALIGN_PARAGRAPH.RIGHT
            if index == name:
                align = WD_ALIGN_PARAGRAPH.LEFT if wide else WD_ALIGN_PARAGRAPH.CENTER
            elif index < name:
                align = WD_ALIGN_PARAGRAPH.CENTER
            _write_cell(
                row.cells[index],
                format_cell(value),
                align=align,
                bold=bold,
                indent=depth if index == name else 0,
            )
    # A little air between the table and what follows.
    word.add_paragraph().paragraph_format.space_after = Pt(0)


# --- the last page --------------------------------------------------------------------------------------


def _recipient_line(recipient: str) -> str:
    text = clean(recipient).strip()
    return RECIPIENT_DASH + text.lstrip("-–— ").strip()


def _add_recipient(cell: _Cell, recipient: str) -> None:
    paragraph = _line(cell, _recipient_line(recipient), align=WD_ALIGN_PARAGRAPH.LEFT, size=RECIPIENT_SIZE)
    hanging = Pt(text_width(RECIPIENT_DASH, RECIPIENT_SIZE.pt))
    paragraph.paragraph_format.left_indent = hanging
    paragraph.paragraph_format.first_line_indent = -hanging  # written as w:ind w:hanging


def _recipients_width(doc: ReportDocument) -> Length:
    """The "Nơi nhận" column: 7 cm, wider for a recipient that would wrap, as far as the signature's column
    keeps 6.5 cm and its lines (bold, 14 pt) whole; in whole twips."""
    need = max(
        [text_width(_recipient_line(r), RECIPIENT_SIZE.pt) * WIDTH_SAFETY for r in doc.recipients] or [0.0]
    )
    signature = [clean(x).strip() for x in (doc.signer_authority, doc.signer_title, doc.signer_name)]
    signing = max(text_width(x, BODY_SIZE.pt, bold=True) * WIDTH_SAFETY for x in signature)
    room = TEXT_WIDTH.pt - max(signing + CELL_PADDING_PT, SIGNATURE_BLOCK.pt)
    width = min(max(LEFT_BLOCK.pt, need + CELL_PADDING_PT), room)
    return Length(round(width * 20) * TWIP)


def _add_closing_block(word: DocxDocument, doc: ReportDocument) -> None:
    # The signature must not stand alone on the last page: take the last lines of the text along.
    word.paragraphs[-1].paragraph_format.keep_with_next = True
    spacer = word.add_paragraph()
    spacer.paragraph_format.keep_with_next = True
    left_width = _recipients_width(doc)
    table = _borderless_table(word, [left_width, Length(TEXT_WIDTH // TWIP * TWIP - left_width)])
    _mark_row(table.rows[0]._tr.get_or_add_trPr(), "w:cantSplit")
    left, right = table.rows[0].cells
    heading = left.paragraphs[0]
    heading.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _add_text(heading, "Nơi nhận:", underline=True, size=RECIPIENT_HEADING_SIZE)
    for recipient in doc.recipients:
        if clean(recipient).strip(" -–—"):
            _add_recipient(left, recipient)
    bold: dict[str, bool | Length | None] = {"bold": True}
    names = [clean(doc.signer_authority).strip(), clean(doc.signer_title).strip()]
    signature = [(text, bold) for text in names if text]
    # Room for the signature and the seal; an empty name still leaves its line for writing it in by hand.
    signature += [("", {})] * SIGNATURE_LINES
    signature.append((clean(doc.signer_name).strip(), bold))
    _fill_cell(right, signature)


# --- the appendix ---------------------------------------------------------------------------------------


def _add_appendix(word: DocxDocument, doc: ReportDocument) -> None:
    """The statistics tables on pages of their own after the signature: "PHỤ LỤC" in capitals, bold and
    centred, the "(Kèm theo …)" line in italics under it (Hướng dẫn 36-HD/VPTW, phụ lục văn bản)."""
    heading = _line(word, "PHỤ LỤC", bold=True)
    heading.paragraph_format.page_break_before = True
    if clean(doc.appendix_note).strip():
        _line(word, clean(doc.appendix_note).strip(), italic=True)
    dashes = _line(word, "-----")
    dashes.paragraph_format.space_after = Pt(6)
    for table in doc.appendix:
        _add_table(word, table)
