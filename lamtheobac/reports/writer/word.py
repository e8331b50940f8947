"""The report as the Word renderer lays it out: the saved sections, the header and fresh tables.

The renderer (``docx``) knows nothing of reports; this module turns a saved ``Report`` into the neutral
``ReportDocument`` it draws, numbering the tables in the order they appear.
"""

from __future__ import annotations

import re

from ..document import ReportDocument, Section
from ..models import Report
from .names import suffix_for
from .selectors import gather
from .tables import tables


def number_line(report: Report) -> str:
    """ "Số 125-BC/HU", or "Số      -BC/HU" with room to write the number in while it has none."""
    if report.number.strip():
        return f"Số {report.number.strip()}"
    return f"Số {' ' * 6}{suffix_for(report.org)}"


def to_document(report: Report) -> ReportDocument:
    """The report as the Word renderer lays it out: the saved text and freshly computed tables."""
    slots = tables(gather(report.org, report.year_from, report.year_to))
    intro: list[str] = []
    sections: list[Section] = []
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
            placed.append(table)
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
    )
