"""The report writer: drafts a báo cáo sơ kết / tổng kết of Chỉ thị 05 from what the system counts.

Every figure in the draft comes from ``figures.dashboard`` (one per year of the range, the same counts the
dashboard shows) or from a few grouped queries for what the dashboard does not list (``selectors``). Nothing is
invented: where the figures say nothing (the causes of a shortcoming, say), the draft leaves a bracketed
prompt for the officer.

The writer is a package because one module grew past what a reader can hold: ``names`` (how a report names
its org, and the small words), ``selectors`` (what the writer reads: the facts), ``sections`` with ``leadership``,
``results`` and ``assessment`` (the draft, part by part), ``tables`` and ``word`` (the Word document). The
rest of the app imports only what is re-exported here.
"""

from .names import (
    KIND_WORDS,
    Names,
    amount,
    file_name,
    issuer_for,
    locality_of,
    names_of,
    party_unit,
    report_heading,
    signer_for,
    suffix_for,
    title_for,
    years_text,
)
from .sections import SECTION_HINTS, TABLE_NOTES, compose, draft, prompts_left, text_nfc
from .selectors import Facts, YearRow, gather
from .tables import tables
from .word import number_line, to_document

__all__ = [
    "KIND_WORDS",
    "SECTION_HINTS",
    "TABLE_NOTES",
    "Facts",
    "Names",
    "YearRow",
    "amount",
    "compose",
    "draft",
    "file_name",
    "gather",
    "issuer_for",
    "locality_of",
    "names_of",
    "number_line",
    "party_unit",
    "prompts_left",
    "report_heading",
    "signer_for",
    "suffix_for",
    "tables",
    "text_nfc",
    "title_for",
    "to_document",
    "years_text",
]
