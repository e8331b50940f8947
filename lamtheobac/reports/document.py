"""A Party report as plain data: what the Word renderer lays out in the format of Hướng dẫn 36-HD/VPTW.

The report writer fills one ``ReportDocument`` from the figures and the officer's edited text; the renderer
(``docx.render``) turns it into a .docx. Nothing here knows about the database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass
class Table:
    """A statistics table. Numbers stay numbers here; the renderer writes them the Vietnamese way
    (3.124; a float is a percentage and is written 98,5%)."""

    caption: str
    header: list[str]
    rows: list[list[str | int | float | None]]
    indent: list[int] = field(default_factory=list)  # depth per row, for the org tree; empty = no indent
    total_row: bool = False  # the last row is a total (bold)
    numbered: bool = False  # an STT column (1, 2, 3 …) before the first; the total row is not numbered


@dataclass
class Section:
    heading: str  # "I. ĐẶC ĐIỂM TÌNH HÌNH" or "1. Công tác lãnh đạo, chỉ đạo" (level 2)
    paragraphs: list[str] = field(default_factory=list)  # one string per paragraph, plain text
    tables: list[Table] = field(default_factory=list)  # laid out after the paragraphs
    level: int = 1  # 1 = roman-numbered part (bold, upper case), 2 = numbered sub-part (bold)


@dataclass
class ReportDocument:
    superior: str  # "ĐẢNG BỘ TỈNH BẮC KẠN"
    issuer: str  # "HUYỆN ỦY BẠCH THÔNG"
    number: str  # "Số 125-BC/HU" (or "Số     -BC/HU" while the number is not yet given)
    place: str  # "Bạch Thông"
    date: datetime.date
    title: str  # "Sơ kết 5 năm thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị …" (the trích yếu)
    kind: str = "BÁO CÁO"
    intro: list[str] = field(default_factory=list)  # paragraphs before the first section
    sections: list[Section] = field(default_factory=list)
    recipients: list[str] = field(
        default_factory=list
    )  # "Ban Tuyên giáo Tỉnh ủy (b/c)," … "Lưu Văn phòng Huyện ủy."
    signer_authority: str = "T/M BAN THƯỜNG VỤ"
    signer_title: str = "BÍ THƯ"
    signer_name: str = ""
    # Tables set out after the signature, on a page of their own headed "PHỤ LỤC" (Hướng dẫn 36-HD/VPTW,
    # phụ lục văn bản), rather than under their sections; ``appendix_note`` is the "(Kèm theo …)" line.
    appendix: list[Table] = field(default_factory=list)
    appendix_note: str = ""
