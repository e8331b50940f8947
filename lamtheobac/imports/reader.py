"""Reading a roster file as people really send it: .xlsx or .csv, a title block above the header, headers in
any letter case or broken over two lines, empty trailing rows, several sheets.

The file is judged by its bytes, not its name. What cannot be read is refused with ``ReadError`` and a
Vietnamese message that says what to do: an old .xls or a password-protected workbook is to be saved again
as .xlsx from Excel or LibreOffice; a program renamed .xlsx, a damaged file, a file over the size limit or a
sheet with hundreds of columns is refused outright.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _

from lamtheobac.lib import formatting, legacy
from lamtheobac.lib.text import fold

MAX_BYTES = 20 * 1024 * 1024  # a 100,000-person roster is about 6 MB as .xlsx
MAX_COLUMNS = 200
HEADER_SCAN_ROWS = 30  # a title block above the header row is rarely longer than a few rows

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


class ReadError(Exception):
    """The file cannot be read; ``message`` says why in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """The rows under the header of one sheet, each with its row number in the file (1-based)."""

    sheet: str
    header_row: int
    columns: dict[str, int]  # column key → 0-based position
    rows: Iterator[tuple[int, list]]
    unknown_headers: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # column key → the header as the file writes it
    last_row: int = 0  # the sheet's last row as the file declares it, for a progress bar
    encoding: str = ""  # "tcvn3" or "vni" when the text was in a legacy font encoding and was converted


def header_key(text: object) -> str:
    """A header as compared: folded, punctuation and line breaks as single spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(str(text or ""))).split())


# --- What the bytes are ---------------------------------------------------------------------------


def kind_of(stream: IO[bytes], filename: str) -> str:
    """``xlsx`` or ``csv``; anything else is refused with a message saying what it is and what to do."""
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    if size > MAX_BYTES:
        raise ReadError(
            _("Tệp %(name)s nặng %(size)s MB, quá giới hạn %(max)s MB. Hãy chia thành nhiều tệp nhỏ hơn.")
            % {
                "name": filename,
                "size": formatting.number(size / 1024 / 1024, 1),
                "max": MAX_BYTES // 1024 // 1024,
            }
        )
    if size == 0:
        raise ReadError(_("Tệp %(name)s trống.") % {"name": filename})
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(stream) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            raise ReadError(_("Tệp %(name)s bị hỏng, không mở được.") % {"name": filename}) from None
        finally:
            stream.seek(0)
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise ReadError(_("Tệp %(name)s không phải bảng tính Excel (.xlsx).") % {"name": filename})
    if head.startswith(OLE_MAGIC):
        if ENCRYPTED_MARK in stream.read(4 * 1024 * 1024):
            stream.seek(0)
            raise ReadError(
                _("Tệp %(name)s được đặt mật khẩu. Hãy mở bằng Excel, bỏ mật khẩu, lưu lại rồi tải lên.")
                % {"name": filename}
            )
        stream.seek(0)
        raise ReadError(
            _(
                "Tệp %(name)s là tệp Excel 97–2003 (.xls). Hãy mở bằng Excel hoặc LibreOffice, chọn "
                "“Lưu thành” kiểu .xlsx rồi tải lên tệp mới."
            )
            % {"name": filename}
        )
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF") or b"\x00" in stream.read(4096):
        stream.seek(0)
        raise ReadError(_("Tệp %(name)s không phải bảng tính Excel hay CSV.") % {"name": filename})
    stream.seek(0)
    return "csv"


# --- Rows of a sheet --------------------------------------------------------------------------------


def _xlsx_rows(
    stream: IO[bytes], filename: str, sheet: str | None
) -> tuple[str, list[str], Iterator[list], int]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ReadError(_("Tệp %(name)s bị hỏng, không mở được.") % {"name": filename}) from exc
    names = book.sheetnames
    if sheet is not None and sheet not in names:
        raise ReadError(
            _("Tệp không có trang tính “%(sheet)s”; các trang tính: %(names)s.")
            % {"sheet": sheet, "names": ", ".join(names)}
        )
    ws = book[sheet or names[0]]
    if (ws.max_column or 0) > MAX_COLUMNS:
        raise ReadError(
            _("Trang tính “%(sheet)s” có %(n)s cột, quá %(max)s cột: đây không phải danh sách cần nhập.")
            % {"sheet": ws.title, "n": formatting.number(ws.max_column), "max": MAX_COLUMNS}
        )

    def rows() -> Iterator[list]:
        for values in ws.iter_rows(values_only=True):
            if len(values) > MAX_COLUMNS:
                raise ReadError(
                    _("Trang tính “%(sheet)s” có quá %(max)s cột.") % {"sheet": ws.title, "max": MAX_COLUMNS}
                )
            yield list(values)
        book.close()

    return ws.title, names, rows(), ws.max_row or 0


def _csv_rows(stream: IO[bytes], filename: str) -> Iterator[list]:
    stream.seek(0)
    raw = stream.read()
    try:
        text = codecs.decode(raw, "utf-8-sig")
    except UnicodeDecodeError:
        raise ReadError(
            _("Tệp %(name)s không ở bảng mã UTF-8. Hãy mở bằng Excel và lưu lại kiểu “CSV UTF-8”.")
            % {"name": filename}
        ) from None
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    for values in csv.reader(io.StringIO(text, newline=""), dialect):
        if len(values) > MAX_COLUMNS:
            raise ReadError(_("Tệp %(name)s có quá %(max)s cột.") % {"name": filename, "max": MAX_COLUMNS})
        yield values


def sheet_names(stream: IO[bytes], filename: str) -> list[str]:
    """The sheets of a workbook (a CSV has one), for the user to pick from."""
    if kind_of(stream, filename) == "csv":
        return ["CSV"]
    from openpyxl import load_workbook

    try:
        book = load_workbook(stream, read_only=True)
    except Exception as exc:
        raise ReadError(_("Tệp %(name)s bị hỏng, không mở được.") % {"name": filename}) from exc
    finally:
        stream.seek(0)
    names = book.sheetnames
    book.close()
    return names


# --- Finding the header -------------------------------------------------------------------------------


def _is_empty(values: Sequence) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _match(values: Sequence, synonyms: dict[str, set[str]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for position, value in enumerate(values):
        key = header_key(value)
        for column, names in synonyms.items():
            if key in names and column not in found:
                found[column] = position
    return found


def read(
    stream: IO[bytes],
    filename: str,
    synonyms: dict[str, Iterable[str]],
    required: Iterable[str],
    *,
    sheet: str | None = None,
) -> Table:
    """The rows under the header of ``sheet`` (the first one by default).

    ``synonyms`` names, per column key, the headers it may carry (compared by ``header_key``); the header is
    the first row among the first ``HEADER_SCAN_ROWS`` that holds every ``required`` column. Rows after it
    that are entirely empty are skipped.
    """
    known = {key: {header_key(n) for n in names} for key, names in synonyms.items()}
    needed = set(required)
    if kind_of(stream, filename) == "xlsx":
        title, names, rows, last_row = _xlsx_rows(stream, filename, sheet)
    else:
        last_row = stream.read().count(b"\n") + 1
        title, names, rows = "CSV", ["CSV"], _csv_rows(stream, filename)
    rows, encoding = _to_unicode(rows)
    number = 0
    best: dict[str, int] = {}
    for values in rows:
        number += 1
        if number > HEADER_SCAN_ROWS:
            break
        found = _match(values, known)
        if len(found) > len(best):
            best = found
        if needed <= found.keys():
            unknown = [
                str(v).strip()
                for i, v in enumerate(values)
                if v not in (None, "") and i not in found.values()
            ]
            headers = {key: " ".join(str(values[i]).split()) for key, i in found.items()}
            return Table(
                title, number, found, _body(rows, number), unknown, names, headers, last_row, encoding or ""
            )
    missing = sorted(needed - best.keys())
    headers = [next(iter(synonyms[k])) for k in missing]  # the first name given is the template's header
    raise ReadError(
        _("Không tìm thấy dòng tiêu đề trong trang tính “%(sheet)s”: thiếu cột %(cols)s.")
        % {"sheet": title, "cols": ", ".join(f"“{h}”" for h in headers)}
    )


SAMPLE_ROWS = 300  # rows read ahead to tell a legacy encoding from Unicode


def _to_unicode(rows: Iterator[list]) -> tuple[Iterator[list], str | None]:
    """Rows whose text is converted from TCVN3 or VNI when the first rows show that encoding."""
    head = list(itertools.islice(rows, SAMPLE_ROWS))
    encoding = legacy.detect(v for r in head for v in r if isinstance(v, str))
    if encoding is None:
        return itertools.chain(head, rows), None

    def convert(values: list) -> list:
        return [legacy.to_unicode(v, encoding) if isinstance(v, str) else v for v in values]

    return map(convert, itertools.chain(head, rows)), encoding


def _body(rows: Iterator[list], header_row: int) -> Iterator[tuple[int, list]]:
    number = header_row
    for values in rows:
        number += 1
        if not _is_empty(values):
            yield number, values


def is_example(cells: Sequence, table: Table, examples: dict[str, object]) -> bool:
    """Whether a row is the template's example row left in place (it is skipped, not imported)."""
    shown = {k: v for k, v in examples.items() if v not in ("", None)}
    for key, example in shown.items():
        position = table.columns.get(key)
        value = cells[position] if position is not None and position < len(cells) else None
        if str(value if value is not None else "").strip() != str(example):
            return False
    return bool(shown)
