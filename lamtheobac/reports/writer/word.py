"""The report as the Word renderer lays it out: the saved sections, the header and fresh tables.

The renderer (``docx``) knows nothing of reports; this module turns a saved ``Report`` into the neutral
``ReportDocument`` it draws, numbering the tables in the order they appear.
"""

from __future__ import annotations

import re

from lamtheobac.lib.formatting import party_date
from lamtheobac.organisation import selectors as org_selectors

from ..document import ReportDocument, Section, Table
from ..models import Report
from .names import suffix_for
from .selectors import gather
from .tables import tables


def number_line(report: Report) -> str:
    """ "Số 125-BC/HU", or "Số      -BC/HU" with room to write the number in while it has none."""
    if report.number.strip():
        return f"Số {report.number.strip()}"
    return f"Số {' ' * 6}{suffix_for(report.org)}"


def _cited(numbers: list[int]) -> str:
    """ "(Chi tiết tại Bảng 1 và Bảng 2, Phụ lục kèm theo.)": where the text sends the reader."""
    named = [f"Bảng {n}" for n in numbers]
    which = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " và " + named[-1]
    return f"(Chi tiết tại {which}, Phụ lục kèm theo.)"


def appendix_note(report: Report) -> str:
    """ "(Kèm theo Báo cáo số 125-BC/HU, ngày 20-11-2020 của Huyện ủy Bạch Thông)"; without a number yet,
    "(Kèm theo Báo cáo ngày … của …)"."""
    number = f" số {report.number.strip()}" if report.number.strip() else ""
    # the header names the issuer in capitals; the line names the committee as a sentence does, as it was
    # called on the report's date
    committee = org_selectors.org_on(report.org, on=report.issued_on).words.committee
    who = f" của {committee}" if committee else ""
    return f"(Kèm theo Báo cáo{number}, ngày {party_date(report.issued_on)}{who})"


def to_document(report: Report) -> ReportDocument:
    """The report as the Word renderer lays it out: the saved text and freshly computed tables, under their
    sections or (``tables_in_appendix``) in a Phụ lục after the signature."""
    slots = tables(gather(report.org, report.year_from, report.year_to))
    intro: list[str] = []
    sections: list[Section] = []
    appendix: list[Table] = []
    counter = 0
    for saved in report.sections:
        body = [p.strip() for p in re.split(r"\n\s*\n", saved.get("text", "")) if p.strip()]
        if saved.get("key") == "intro":
            intro = body
            continue
        placed = []
        for table in slots.get(saved.get("key", ""), []):
            counter += 1
            table.caption = f"Bảng {counter}. {table.caption}"
            table.numbered = True
            placed.append(table)
        if report.tables_in_appendix and placed:
            appendix += placed
            body.append(_cited(list(range(counter - len(placed) + 1, counter + 1))))
            placed = []
        sections.append(
            Section(
                heading=saved.get("heading", ""),
                paragraphs=body,
                tables=placed,
                level=saved.get("level", 1) or 1,
            )
        )
    authority, title = report.signer_authority, report.signer_title
    return ReportDocument(
        superior=report.superior,
        issuer=report.issuer,
        number=number_line(report),
        place=report.place,
        date=report.issued_on,
        title=report.title,
        intro=intro,
        sections=sections,
        recipients=report.recipient_lines,
        signer_authority=authority,
        signer_title=title,
        signer_name=report.signer_name,
        appendix=appendix,
        appendix_note=appendix_note(report) if appendix else "",
    )
