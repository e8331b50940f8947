"""Render a .docx to PDF with LibreOffice and read its text back with poppler, as a person would print it.

Both tools are optional on a developer's machine: a test that needs one skips, naming what is missing.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.skip("LibreOffice (soffice) is not installed; the PDF rendering check needs it")
    return found


def vietnamese_times() -> None:
    """Skip unless a face with Times New Roman's metrics holds the Vietnamese letters (Liberation Serif 2 or
    Times New Roman itself): without one LibreOffice sets Ả, Ộ, Ư… in a wider face than was measured."""
    if not shutil.which("fc-list"):
        pytest.skip("fontconfig (fc-list) is not installed; cannot tell which fonts print Vietnamese")
    faces = subprocess.run(["fc-list", ":charset=1ea2", "family"], capture_output=True, text=True).stdout
    if "Liberation Serif" not in faces and "Times New Roman" not in faces:
        pytest.skip("no Times-metric font with Vietnamese letters (fonts-liberation2) is installed")


def docx_to_pdf(data: bytes, folder: Path, name: str = "bao-cao") -> tuple[Path, subprocess.CompletedProcess]:
    """Write ``data`` as ``name``.docx in ``folder`` and convert it; the PDF path and LibreOffice's run."""
    return office_to_pdf(data, folder, name, ".docx")


def office_to_pdf(
    data: bytes, folder: Path, name: str, suffix: str
) -> tuple[Path, subprocess.CompletedProcess]:
    """Write ``data`` as ``name`` + ``suffix`` (.docx, .xlsx) in ``folder`` and print it to PDF."""
    source = folder / f"{name}{suffix}"
    source.write_bytes(data)
    profile = (folder / "lo-profile").as_uri()
    result = subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return folder / f"{name}.pdf", result


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Each page's width and height in points (A4 portrait is 595 x 842)."""
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo (poppler-utils) is not installed; the page size is unchecked")
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True
    ).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)]


def pdf_text(pdf: Path, *, layout: bool = False) -> str:
    """The PDF's text in NFC; with ``layout``, its lines as they stand on the page."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed; the PDF converted but its text is unchecked")
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    raw = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return unicodedata.normalize("NFC", raw)


def pdf_lines(pdf: Path) -> list[str]:
    """The PDF's lines of text as poppler groups them (one text line of one block each: the two cells of a
    borderless table come out as separate lines), in NFC, each its words joined by one space."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed; the PDF converted but its text is unchecked")
    raw = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    root = ET.fromstring(raw.stdout)
    lines = []
    for line in root.iter("{http://www.w3.org/1999/xhtml}line"):
        words = [w.text or "" for w in line.iter("{http://www.w3.org/1999/xhtml}word")]
        lines.append(unicodedata.normalize("NFC", " ".join(words)))
    return lines


# A name of a Party organisation opens with its kind ("ĐẢNG ỦY", "CHI BỘ", "HUYỆN ỦY") and often closes with
# its place ("TỈNH THÁI NGUYÊN", "XÃ PHỦ THÔNG", "THÔN NÀ PÀI"): a line of print may break between the parts
# of a name, never inside either of these, and never after a word that leads into the next.
NAME_OPENING = re.compile(r"^(?:ĐẢNG ỦY|ĐẢNG BỘ|CHI BỘ|\S+ ỦY)(?= |$)")
NAME_PLACE = re.compile(
    r"(?<= )(?<!TÁC )(?:TỈNH|XÃ|PHƯỜNG|HUYỆN|QUẬN|THỊ TRẤN|THỊ XÃ|THÀNH PHỐ|ĐẶC KHU|THÔN|BẢN|XÓM|TIỂU KHU|TỔ DÂN PHỐ|KHU VỰC)"
    r" (?!ỦY$)\S+(?: \S+)*$"
)


def printed_as(lines: list[str], name: str, start: int = 0) -> list[str] | None:
    """The first consecutive lines of print from ``start`` on that hold ``name`` and nothing else (one to
    four), if any."""
    for first in range(start, len(lines)):
        for count in (1, 2, 3, 4):
            if " ".join(lines[first : first + count]) == name:
                return lines[first : first + count]
    return None


def wrong_breaks(parts: list[str]) -> list[str]:
    """Where ``parts`` (a name as printed, line by line) break it in the wrong place."""
    name = " ".join(parts)
    opening = NAME_OPENING.search(name)
    place = NAME_PLACE.search(name)
    spans = [m.span() for m in (opening, place) if m]
    offset = 0
    wrong = []
    for before, after in itertools.pairwise(parts):
        offset += len(before)
        inside = [s for s in spans if s[0] < offset < s[1]]
        if inside or before.split()[-1] in ("CÁC", "VÀ", "CỦA"):
            wrong.append(f"{before} / {after}")
        offset += 1
    return wrong
