"""What the bytes of a roster file are, what a workbook unpacks to, and the rows of one sheet, each bounded.

A workbook is a zip archive, and 1 MB of it can unpack to gigabytes of XML that openpyxl would turn into
objects (a worker went from 163 MB to 1.95 GB on an 827 KB file). Before openpyxl opens one, every part is
unpacked once through a bounded stream — its declared size is not trusted — and the file is refused when
the whole passes ``IMPORT_MAX_UNZIPPED_BYTES``, when a part unpacks to more than ``IMPORT_MAX_ZIP_RATIO``
times its compressed size, when the shared strings (which openpyxl holds in memory whole) pass
``IMPORT_MAX_SHARED_STRINGS`` or a part openpyxl reads whole passes ``WHOLE_PART_BYTES``. A sheet's rows
and cells are capped as it declares them and again as they are read (``IMPORT_MAX_ROWS``,
``IMPORT_MAX_CELLS``), and a CSV file by ``IMPORT_MAX_CSV_BYTES``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheobac.lib import formatting

MAX_BYTES = 20 * 1024 * 1024  # a 100,000-person roster is about 6 MB as .xlsx
MAX_COLUMNS = 200
CHUNK_BYTES = 1024 * 1024
# a small part may pack tightly (a sheet of empty rows): its ratio is judged once it passes this size
RATIO_FROM_BYTES = 1024 * 1024
WHOLE_PART_BYTES = 16 * 1024 * 1024  # styles, workbook, relations: tens of kilobytes in a real file
SHARED_STRINGS = re.compile(r"^xl/sharedStrings\d*\.xml$", re.IGNORECASE)
WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)
_STRING_ITEM = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s>/]")
_CARRY = 64  # bytes kept from one chunk to the next, so that a string item cut in two is counted once

ERR_DAMAGED = gettext_lazy("Tệp %(name)s bị hỏng, không mở được.")
ERR_UNPACKS_TOO_BIG = gettext_lazy(
    "Tệp %(name)s khi giải nén vượt quá %(max)s MB, lớn bất thường đối với một danh sách nên không được mở. "
    "Hãy chép danh sách sang một tệp Excel mới hoặc chia thành nhiều tệp nhỏ hơn rồi tải lên."
)
ERR_PACKED_TOO_TIGHT = gettext_lazy(
    "Tệp %(name)s có phần dữ liệu nén chặt bất thường (giải nén ra gấp hơn %(max)s lần) nên không được mở. "
    "Hãy chép danh sách sang một tệp Excel mới rồi tải lên."
)
ERR_TOO_MANY_STRINGS = gettext_lazy(
    "Tệp %(name)s có hơn %(max)s nội dung chữ khác nhau, vượt giới hạn. Hãy chia thành nhiều tệp nhỏ hơn."
)
ERR_TOO_MANY_ROWS = gettext_lazy(
    "Trang tính “%(sheet)s” có hơn %(max)s dòng, vượt giới hạn. Hãy chia thành nhiều tệp nhỏ hơn."
)
ERR_TOO_MANY_CELLS = gettext_lazy(
    "Trang tính “%(sheet)s” có hơn %(max)s ô dữ liệu, vượt giới hạn. Hãy xoá các cột, dòng thừa hoặc chia "
    "thành nhiều tệp nhỏ hơn."
)
ERR_CSV_TOO_BIG = gettext_lazy(
    "Tệp %(name)s nặng %(size)s MB, vượt giới hạn %(max)s MB của tệp CSV. Hãy chia thành nhiều tệp nhỏ hơn "
    "hoặc lưu thành .xlsx."
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


class ReadError(Exception):
    """The file cannot be read; ``message`` says why in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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


# --- What a workbook unpacks to -------------------------------------------------------------------------


def _mb(size: int) -> str:
    return formatting.number(size / 1024 / 1024, 0 if size % (1024 * 1024) == 0 else 1)


def check_archive(stream: IO[bytes], filename: str) -> None:
    """Refuse a workbook that unpacks to more than the limits allow, reading every part through a bounded
    stream (a zip header may declare less than its part holds); nothing is kept but counts."""
    limit = settings.IMPORT_MAX_UNZIPPED_BYTES
    total = 0

    def too_big() -> ReadError:
        return ReadError(ERR_UNPACKS_TOO_BIG % {"name": filename, "max": _mb(limit)})

    try:
        with zipfile.ZipFile(stream) as archive:
            parts = archive.infolist()
            if sum(part.file_size for part in parts) > limit:
                raise too_big()
            for part in parts:
                total += _check_part(archive, part, filename, limit - total, too_big)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise ReadError(ERR_DAMAGED % {"name": filename}) from exc
    finally:
        stream.seek(0)


def _check_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, filename: str, room: int, too_big) -> int:
    """The size ``part`` really unpacks to, stopping as soon as it passes a limit."""
    ratio = settings.IMPORT_MAX_ZIP_RATIO
    strings = bool(SHARED_STRINGS.match(part.filename))
    whole = not strings and not WORKSHEET.match(part.filename)
    max_strings = settings.IMPORT_MAX_SHARED_STRINGS
    size = items = 0
    carry = b""
    with archive.open(part) as content:
        while chunk := content.read(CHUNK_BYTES):
            size += len(chunk)
            if size > room or (whole and size > WHOLE_PART_BYTES):
                raise too_big()
            if size > RATIO_FROM_BYTES and size > ratio * max(part.compress_size, 1):
                raise ReadError(ERR_PACKED_TOO_TIGHT % {"name": filename, "max": formatting.number(ratio)})
            if strings:
                data = carry + chunk
                counted = len(data) - _CARRY
                items += sum(1 for m in _STRING_ITEM.finditer(data) if m.start() < counted)
                carry = data[max(counted, 0) :] if counted > 0 else data
                if items > max_strings:
                    raise ReadError(
                        ERR_TOO_MANY_STRINGS % {"name": filename, "max": formatting.number(max_strings)}
                    )
    if strings and len(_STRING_ITEM.findall(carry)) + items > max_strings:
        raise ReadError(ERR_TOO_MANY_STRINGS % {"name": filename, "max": formatting.number(max_strings)})
    return size


def _open_workbook(stream: IO[bytes], filename: str, **options):
    from openpyxl import load_workbook

    check_archive(stream, filename)
    try:
        return load_workbook(stream, read_only=True, **options)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ReadError(ERR_DAMAGED % {"name": filename}) from exc


# --- Rows of a sheet --------------------------------------------------------------------------------


def _too_many_rows(sheet: str) -> ReadError:
    return ReadError(ERR_TOO_MANY_ROWS % {"sheet": sheet, "max": formatting.number(settings.IMPORT_MAX_ROWS)})


def _too_many_cells(sheet: str) -> ReadError:
    return ReadError(
        ERR_TOO_MANY_CELLS % {"sheet": sheet, "max": formatting.number(settings.IMPORT_MAX_CELLS)}
    )


def _capped(rows: Iterable[Sequence], sheet: str) -> Iterator[Sequence]:
    """``rows`` as long as they stay under the rows and cells limits."""
    max_rows, max_cells = settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_CELLS
    cells = 0
    for number, values in enumerate(rows, start=1):
        cells += len(values)
        if number > max_rows:
            raise _too_many_rows(sheet)
        if cells > max_cells:
            raise _too_many_cells(sheet)
        yield values


def xlsx_rows(
    stream: IO[bytes], filename: str, sheet: str | None
) -> tuple[str, list[str], Iterator[list], int]:
    book = _open_workbook(stream, filename, data_only=True)
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
    declared_rows, declared_columns = ws.max_row or 0, ws.max_column or 0
    if declared_rows > settings.IMPORT_MAX_ROWS:
        raise _too_many_rows(ws.title)
    if declared_rows * declared_columns > settings.IMPORT_MAX_CELLS:
        raise _too_many_cells(ws.title)
    # Rows as the sheet holds them, not as its dimension says: openpyxl stops at a dimension that claims
    # fewer rows than there are (rows lost) and pads up to one that claims more.
    ws.reset_dimensions()

    def rows() -> Iterator[list]:
        for values in _capped(ws.iter_rows(values_only=True), ws.title):
            if len(values) > MAX_COLUMNS:
                raise ReadError(
                    _("Trang tính “%(sheet)s” có quá %(max)s cột.") % {"sheet": ws.title, "max": MAX_COLUMNS}
                )
            yield list(values)
        book.close()

    return ws.title, names, rows(), declared_rows


def check_csv_size(stream: IO[bytes], filename: str) -> None:
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    if size > settings.IMPORT_MAX_CSV_BYTES:
        raise ReadError(
            ERR_CSV_TOO_BIG
            % {
                "name": filename,
                "size": formatting.number(size / 1024 / 1024, 1),
                "max": _mb(settings.IMPORT_MAX_CSV_BYTES),
            }
        )


def csv_rows(stream: IO[bytes], filename: str) -> Iterator[list]:
    check_csv_size(stream, filename)
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
    for values in _capped(csv.reader(io.StringIO(text, newline=""), dialect), "CSV"):
        if len(values) > MAX_COLUMNS:
            raise ReadError(_("Tệp %(name)s có quá %(max)s cột.") % {"name": filename, "max": MAX_COLUMNS})
        yield values


def sheet_names(stream: IO[bytes], filename: str) -> list[str]:
    """The sheets of a workbook (a CSV has one), for the user to pick from."""
    if kind_of(stream, filename) == "csv":
        return ["CSV"]
    try:
        book = _open_workbook(stream, filename)
    finally:
        stream.seek(0)
    names = book.sheetnames
    book.close()
    return names
