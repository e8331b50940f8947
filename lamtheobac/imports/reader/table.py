"""Finding the header of a roster sheet as offices write it, and reading the rows under it: legacy font
encodings converted, totals, place-and-date lines and signature blocks left out, each guess noted."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheobac.lib import legacy
from lamtheobac.lib.text import fold

from ..values import Problem
from .files import ReadError, check_csv_size, csv_rows, kind_of, xlsx_rows

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
    synonyms: Mapping[str, Iterable[str]],
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
        title, names, rows, last_row = xlsx_rows(stream, filename, sheet)
    else:
        check_csv_size(stream, filename)
        last_row = stream.read().count(b"\n") + 1
        title, names, rows = "CSV", ["CSV"], csv_rows(stream, filename)
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
                title,
                number,
                found,
                _body(rows, number),
                unknown,
                names,
                headers,
                last_row,
                encoding or "",
                label,
                notes,
            )
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


def is_example(cells: Sequence, table: Table, examples: Mapping[str, object]) -> bool:
    """Whether a row is the template's example row left in place (it is skipped, not imported)."""
    shown = {k: v for k, v in examples.items() if v not in ("", None)}
    for key, example in shown.items():
        position = table.columns.get(key)
        value = cells[position] if position is not None and position < len(cells) else None
        if str(value if value is not None else "").strip() != str(example):
            return False
    return bool(shown)
