"""Reading a roster file as people really send it: .xlsx or .csv, a title block above the header, headers in
any letter case or broken over two lines, empty trailing rows, several sheets.

The file is judged by its bytes, not its name. What cannot be read is refused with ``ReadError`` and a
Vietnamese message that says what to do: an old .xls or a password-protected workbook is to be saved again
as .xlsx from Excel or LibreOffice; a program renamed .xlsx, a damaged file, a file over the size limit or a
sheet with hundreds of columns is refused outright.

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
import itertools
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheobac.lib import formatting, legacy
from lamtheobac.lib.text import fold

from .values import Problem

MAX_BYTES = 20 * 1024 * 1024  # a 100,000-person roster is about 6 MB as .xlsx
MAX_COLUMNS = 200
HEADER_SCAN_ROWS = 30  # a title block above the header row is rarely longer than a few rows

NOTE_COLUMN_IGNORED = gettext_lazy(
    "Không nhận ra tiêu đề cột này: cột bị bỏ qua, không nhập. Hãy đặt tiêu đề như tệp mẫu nếu cần nhập."
)
NOTE_COLUMN_REPEATED = gettext_lazy("Cột trùng với cột “%(other)s” đã nhận: chỉ nhập cột đầu tiên.")
NOTE_COLUMN_READ_AS = gettext_lazy("Đã hiểu cột “%(header)s” là cột “%(column)s” của mẫu.")
NOTE_ROW_UNICODE = gettext_lazy(
    "Dòng này đã gõ bằng Unicode: giữ nguyên, không chuyển từ bảng mã %(encoding)s như các dòng khác."
)
NOTE_TOTAL_ROW = gettext_lazy("Dòng tổng cộng “%(text)s”: bỏ qua, không nhập.")
NOTE_SIGNATURE = gettext_lazy("Phần ký tên dưới bảng “%(text)s”: bỏ qua, không nhập.")
NOTE_PLACE_DATE = gettext_lazy("Dòng địa danh, ngày tháng “%(text)s”: bỏ qua, không nhập.")
NOTE_AFTER_TABLE = gettext_lazy(
    "Dòng dưới cuối danh sách, thiếu thông tin bắt buộc (“%(text)s”): bỏ qua, không nhập."
)
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
    sheet_label: str = ""  # the sheet's name as shown: converted from the legacy encoding too
    notes: list[Problem] = field(
        default_factory=list
    )  # what was guessed or left out; filled as rows are read


def header_key(text: object) -> str:
    """A header as compared: folded, punctuation and line breaks as single spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(str(text or ""))).split())


# Abbreviations offices use in headers, by folded word: "Số ĐT", "SĐT", "Số thẻ ĐV", "Mã TC".
ABBREVIATIONS = {
    "sdt": "so dien thoai",
    "dt": "dien thoai",
    "dtdd": "dien thoai di dong",
    "dd": "di dong",
    "dv": "dang vien",
    "cccd": "can cuoc cong dan",
    "cmnd": "chung minh nhan dan",
    "tc": "to chuc",
    "gt": "gioi tinh",
    "ns": "nam sinh",
    "sl": "so luong",
}
_FILLER = {"va", "cua"}  # "Họ và tên" is "Họ tên"


def loose_key(text: object) -> str:
    """A header as compared when it matches no name as written: hints in brackets dropped ("Giới tính
    (Nam/Nữ)"), abbreviations spelt out, "và" and "của" left out."""
    bare = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", str(text or ""))
    words = []
    for word in header_key(bare).split():
        words.extend(ABBREVIATIONS.get(word, word).split())
    return " ".join(w for w in words if w not in _FILLER)


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


def _xlsx_rows(
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


def _check_csv_size(stream: IO[bytes], filename: str) -> None:
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


def _csv_rows(stream: IO[bytes], filename: str) -> Iterator[list]:
    _check_csv_size(stream, filename)
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


# --- Finding the header -------------------------------------------------------------------------------


def _is_empty(values: Sequence) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _match(values: Sequence, synonyms: dict[str, set[str]], loose: dict[str, set[str]]) -> dict[str, int]:
    """Column key → position: first the headers that are one of the names as written, then those that
    match one loosely (``loose_key``) in the columns still free."""
    found: dict[str, int] = {}
    for position, value in enumerate(values):
        key = header_key(value)
        for column, names in synonyms.items():
            if key in names and column not in found:
                found[column] = position
    for position, value in enumerate(values):
        if position in found.values() or value in (None, ""):
            continue
        key = loose_key(value)
        for column, names in loose.items():
            if key and key in names and column not in found:
                found[column] = position
                break
    return found


def _column_notes(
    values: Sequence, number: int, found: dict[str, int], known: dict[str, set[str]], template: dict[str, str]
) -> list[Problem]:
    """What the check step says of the header row: each column ignored, each header read loosely."""
    notes = []
    taken = {position: column for column, position in found.items()}
    for position, value in enumerate(values):
        if value in (None, "") or (isinstance(value, str) and not value.strip()):
            continue
        shown = " ".join(str(value).split())
        column = taken.get(position)
        if column is not None:
            if header_key(value) not in known[column]:
                notes.append(
                    Problem(
                        number, shown, NOTE_COLUMN_READ_AS % {"header": shown, "column": template[column]}
                    )
                )
            continue
        twin = next((c for c, names in known.items() if header_key(value) in names and c in found), None)
        if twin is None:
            twin = next((c for c in found if loose_key(value) in {loose_key(n) for n in known[c]}), None)
        if twin is not None:
            notes.append(Problem(number, shown, NOTE_COLUMN_REPEATED % {"other": template[twin]}))
        else:
            notes.append(Problem(number, shown, NOTE_COLUMN_IGNORED))
    return notes


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
    the first row among the first ``HEADER_SCAN_ROWS`` that holds every ``required`` column (a header that
    is none of them but matches one once hints, abbreviations and "và" are set aside, ``loose_key``, is
    taken too). Rows after it that are entirely empty are skipped. Each header read loosely, each column
    left out and each row kept in Unicode in a legacy-encoded file is noted in ``Table.notes``.
    """
    known = {key: {header_key(n) for n in names} for key, names in synonyms.items()}
    loose = {key: {loose_key(n) for n in names} for key, names in synonyms.items()}
    template = {key: next(iter(names)) for key, names in synonyms.items()}  # the first name is the template's
    needed = set(required)
    if kind_of(stream, filename) == "xlsx":
        title, names, rows, last_row = _xlsx_rows(stream, filename, sheet)
    else:
        _check_csv_size(stream, filename)
        last_row = stream.read().count(b"\n") + 1
        title, names, rows = "CSV", ["CSV"], _csv_rows(stream, filename)
    notes: list[Problem] = []
    rows, encoding = _to_unicode(rows, notes)
    label = (
        legacy.to_unicode(title, encoding)
        if encoding and legacy.is_unicode(title, encoding) is not True
        else title
    )
    number = 0
    best: dict[str, int] = {}
    for values in rows:
        number += 1
        if number > HEADER_SCAN_ROWS:
            break
        found = _match(values, known, loose)
        if len(found) > len(best):
            best = found
        if needed <= found.keys():
            unknown = [
                str(v).strip()
                for i, v in enumerate(values)
                if v not in (None, "") and i not in found.values()
            ]
            headers = {key: " ".join(str(values[i]).split()) for key, i in found.items()}
            notes[:] = [n for n in notes if n.row > number]  # the title block above the header is not read
            notes.extend(_column_notes(values, number, found, known, template))
            return Table(
                title, number, found, _body(rows, number), unknown, names, headers, last_row, encoding or "",
                label, notes,
            )  # fmt: skip
    missing = sorted(needed - best.keys())
    headers = [template[k] for k in missing]
    raise ReadError(
        _("Không tìm thấy dòng tiêu đề trong trang tính “%(sheet)s”: thiếu cột %(cols)s.")
        % {"sheet": label, "cols": ", ".join(f"“{h}”" for h in headers)}
    )


SAMPLE_ROWS = 300  # rows read ahead to tell a legacy encoding from Unicode


def _to_unicode(rows: Iterator[list], notes: list[Problem]) -> tuple[Iterator[list], str | None]:
    """Rows whose text is converted from TCVN3 or VNI when the first rows show that encoding.

    Each cell is judged too, then its row: a cell that reads as Unicode Vietnamese is kept as it is, and
    so is a cell that cannot tell (ASCII aside, "Lê" is also TCVN3 for "Lờ") in a row whose other cells
    read as Unicode; a row kept so is noted for the check step.
    """
    head = list(itertools.islice(rows, SAMPLE_ROWS))
    encoding = legacy.detect(v for r in head for v in r if isinstance(v, str))
    if encoding is None:
        return itertools.chain(head, rows), None
    message = NOTE_ROW_UNICODE % {"encoding": legacy.NAMES[encoding]}

    def convert(number: int, values: list) -> list:
        verdicts = [legacy.is_unicode(v, encoding) if isinstance(v, str) else None for v in values]
        row_is_unicode = verdicts.count(True) > verdicts.count(False)
        out, kept = [], False
        for value, verdict in zip(values, verdicts, strict=True):
            if not isinstance(value, str):
                out.append(value)
                continue
            converted = legacy.to_unicode(value, encoding)
            if verdict is True or (verdict is None and row_is_unicode):
                kept = kept or converted != unicodedata.normalize("NFC", value)
                out.append(value)
            else:
                out.append(converted)
        if kept:
            notes.append(Problem(number, "", message))
        return out

    return itertools.starmap(convert, enumerate(itertools.chain(head, rows), start=1)), encoding


def _body(rows: Iterator[list], header_row: int) -> Iterator[tuple[int, list]]:
    number = header_row
    for values in rows:
        number += 1
        if not _is_empty(values):
            yield number, values


# What offices write under the table: a totals row, the place and date, who signs and how. Compared on
# ``header_key``, the whole cell (a position "Bí thư chi bộ" in a person's row is never looked at: only
# rows missing what a data row needs are).
_TOTAL = re.compile(r"^(tong cong|tong so|tong|cong)( .*[0-9].*)?$")
_PLACE_DATE = re.compile(r"(^| )ngay( .*)? thang( .*)? nam( |$)")
_SIGNATURE = re.compile(
    r"^(nguoi lap( bieu| danh sach| bang)?|(pho )?bi thu( chi bo| dang uy| chi uy)?|"
    r"t ?m (chi bo|chi uy|dang uy|ban thuong vu|ban chap hanh|ban can su|ban)( .*)?|"
    r"thu truong( don vi| co quan)?|xac nhan( .*)?|ky( .*)? (ten|ho ten|dau))$"
)


def footer_note(cells: Sequence) -> str | None:
    """The note for a row that is a totals row, a place-and-date line or part of the signature block;
    None for any other row."""
    for value in cells:
        if not isinstance(value, str) or not value.strip():
            continue
        key = header_key(value)
        shown = " ".join(value.split())[:80]
        if _TOTAL.match(key):
            return NOTE_TOTAL_ROW % {"text": shown}
        if _PLACE_DATE.search(key):
            return NOTE_PLACE_DATE % {"text": shown}
        if _SIGNATURE.match(key):
            return NOTE_SIGNATURE % {"text": shown}
    return None


def _filled(value: object) -> bool:
    return value is not None and str(value).strip() != ""


def _row_text(cells: Sequence) -> str:
    return " · ".join(" ".join(str(v).split()) for v in cells if v not in (None, "") and str(v).strip())[:80]


def data_rows(
    table: Table, *, complete: Callable[[list], bool], name: Callable[[list], object]
) -> Iterator[tuple[int, list]]:
    """The rows of the list itself: a totals row, the place and date, the signature block and the rows
    without a name under the list are skipped, each with a note in ``table.notes``.

    Only a row missing what a data row needs (``complete``) may be one of those; and when it has a name
    (``name``: its cell), only by that cell ("Người lập biểu"): a member's row without its org code stays
    a member's row though its position says "Bí thư chi bộ". Such a row is held back when it has no name
    or comes after a totals or signature row: if a complete row follows, the held rows were part of the
    list after all and are given back to be checked (and refused); if the file ends, they were under the
    table.
    """
    held: list[tuple[int, list, str | None]] = []
    below = False
    for number, cells in table.rows:
        whole = complete(cells)
        named = _filled(name(cells))
        note = None if whole else footer_note([name(cells)] if named else cells)
        if note is not None:
            held.append((number, cells, note))
            below = True
            continue
        if not whole and (below or not named):
            held.append((number, cells, None))
            continue
        for held_number, held_cells, held_note in held:
            if held_note is None:
                yield held_number, held_cells
            else:  # a subtotal between two parts of the list
                table.notes.append(Problem(held_number, "", held_note))
        held, below = [], False
        yield number, cells
    for held_number, held_cells, held_note in held:
        table.notes.append(
            Problem(held_number, "", held_note or NOTE_AFTER_TABLE % {"text": _row_text(held_cells)})
        )


def is_example(cells: Sequence, table: Table, examples: dict[str, object]) -> bool:
    """Whether a row is the template's example row left in place (it is skipped, not imported)."""
    shown = {k: v for k, v in examples.items() if v not in ("", None)}
    for key, example in shown.items():
        position = table.columns.get(key)
        value = cells[position] if position is not None and position < len(cells) else None
        if str(value if value is not None else "").strip() != str(example):
            return False
    return bool(shown)
