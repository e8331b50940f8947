"""Cell values as offices type them, turned into what the models hold: text in NFC without stray spaces,
labels matched without regard to case or diacritics, years from a number, a date or a ``dd/mm/yyyy`` text,
phone numbers and ID numbers that Excel stored as numbers (and so lost their leading zero).

A value is either taken, refused (``BadValue``, the row is not imported) or guessed: a leading zero put
back where the field's fixed length leaves no other reading. Each guess is told to ``guess`` so that the
check step lists it next to the refusals; nothing is changed silently.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheobac.lib.formatting import number
from lamtheobac.lib.text import clean, fold
from lamtheobac.organisation import names

# Party card numbers are printed "01.234567": two digits for the party committee directly under the
# Central Committee that issued the card, six for the member; a committee numbered 01–09 loses its zero
# in a numeric cell. Citizen IDs (căn cước) are twelve digits, the first three the province of birth
# registration (001–096), so every one starts with 0 and a numeric cell loses one or two zeros.
CARD_DIGITS = 8
CITIZEN_ID_DIGITS = 12
EXCEL_ERRORS = frozenset(
    {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "#CALC!", "#GETTING_DATA"}
)
_WITHOUT_NAME_MARKS = dict.fromkeys(map(ord, names.MARKS))  # H'Hen Niê, Y-Moan, Nguyễn T. Hà
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc

ERR_FORMULA_ERROR = gettext_lazy("Ô là công thức bị lỗi (%(value)s), không có giá trị để nhập.")
ERR_CONTROL_CHARACTER = gettext_lazy("Ô có ký tự điều khiển không in được; hãy gõ lại ô này.")
ERR_NOT_DIGITS = gettext_lazy("“%(value)s” chỉ được gồm chữ số.")
ERR_CARD_LENGTH = gettext_lazy(
    "Số thẻ đảng viên “%(value)s” có %(n)s chữ số; số thẻ gồm 8 chữ số (ví dụ 01.234567)."
)
ERR_CITIZEN_ID_LENGTH = gettext_lazy(
    "Số căn cước công dân “%(value)s” có %(n)s chữ số; số căn cước gồm 12 chữ số "
    "(số chứng minh nhân dân 9 chữ số cũ không còn dùng)."
)
ERR_PHONE = gettext_lazy(
    "“%(value)s” không phải số điện thoại: di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09; "
    "máy cố định gồm 11 chữ số, bắt đầu bằng 02."
)
ERR_NAME_NO_LETTERS = gettext_lazy("“%(value)s” không phải họ tên người: không có chữ cái nào.")
ERR_NAME_CHARACTER = gettext_lazy("Họ và tên có ký tự “%(char)s”, không dùng trong tên người.")
ERR_TOO_LONG = gettext_lazy("Dài %(n)s ký tự, quá mức tối đa %(max)s ký tự.")
GUESS_LEADING_ZEROS = gettext_lazy(
    "Ô ghi “%(value)s” (%(n)s chữ số): đã hiểu là %(now)s — số 0 ở đầu bị mất khi ô được lưu dạng số. "
    "Hãy kiểm tra lại."
)
GUESS_PHONE_ZERO = gettext_lazy(
    "Ô ghi “%(value)s”: đã hiểu là %(now)s — số 0 ở đầu bị mất khi ô được lưu dạng số. Hãy kiểm tra lại."
)

Guess = Callable[[str], None]


def _ignore(message: str) -> None:
    """The guesses of a value read outside an import (a stored value compared)."""


@dataclass(frozen=True)
class Problem:
    """A refusal (in ``Plan.problems``) or a guess, a skipped row or an ignored column (in ``Plan.notes``)."""

    row: int
    column: str  # the header, as the user sees it ("" for the whole row)
    message: str

    def __post_init__(self) -> None:
        # constants are lazy translations: the log keeps them as text
        object.__setattr__(self, "column", str(self.column))
        object.__setattr__(self, "message", str(self.message))

    def __str__(self) -> str:
        if not self.row:  # the whole file
            return self.message
        where = _("Dòng %(row)s") % {"row": self.row}
        if self.column:
            where += f", {self.column}"
        return f"{where}: {self.message}"


NEUTRALISED = ("=", "+", "-", "@")


@dataclass
class Plan:
    """What committing a file would do, and everything wrong with it (each importer adds its own rows)."""

    sheet: str = ""
    sheet_label: str = ""  # the sheet's name as shown (converted from a legacy encoding)
    encoding: str = ""  # the legacy encoding the text was converted from, if any
    adds: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # guesses, rows skipped, columns ignored: not refusals
    warnings: list[Problem] = field(default_factory=list)  # worth a look, not in the way of the import
    rows: int = 0
    changes: list[tuple[int, str, str, object, object]] = field(
        default_factory=list
    )  # row, who, what, was, now

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def added(self) -> int:
        return len(self.adds)


class BadValue(ValueError):
    """A cell that cannot mean anything valid; the message is Vietnamese and names what is expected."""


def text(value: object) -> str:
    """A cell as text: numbers stored as numbers lose their ``.0``; NFC, single spaces. A formula's error
    (``#REF!``) and control characters are refused."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    value = str(value)
    if value[:1] == "'" and value[1:2] in NEUTRALISED:
        value = value[1:]  # our own exports write '=… so that a spreadsheet does not run it: take it back
    value = clean(value)
    if value in EXCEL_ERRORS:
        raise BadValue(ERR_FORMULA_ERROR % {"value": value})
    if _CONTROL.search(value):  # NUL and the like; \t and \n were made spaces
        raise BadValue(ERR_CONTROL_CHARACTER)
    return value


def person_name(value: object) -> str:
    """A person's name: letters, with spaces, apostrophes, hyphens and dots between them. A number (a
    formula's result, a row number in the wrong column) or any digit or symbol is refused."""
    raw = text(value)
    if not raw:
        return ""
    if raw.translate(_WITHOUT_NAME_MARKS).isalpha():  # the usual name, at C speed
        return raw
    if not any(ch.isalpha() for ch in raw):
        raise BadValue(ERR_NAME_NO_LETTERS % {"value": raw})
    for ch in raw:
        if not names.fits(ch):  # the person form's rule (organisation.names), with the import's messages
            raise BadValue(ERR_NAME_CHARACTER % {"char": ch})
    return raw


def bounded(value: str, max_length: int) -> str:
    """``value`` if it fits a column of ``max_length`` characters."""
    if len(value) > max_length:
        raise BadValue(ERR_TOO_LONG % {"n": number(len(value)), "max": number(max_length)})
    return value


def choice(value: object, labels: dict[str, str], what: str) -> str:
    """The stored value whose label (or one of its other names) the cell holds, compared folded.
    ``labels`` may also hold the labels as written, which spares folding the usual cell."""
    if isinstance(value, str) and value in labels:
        return labels[value]
    key = fold(text(value))
    if not key:
        return ""
    if key in labels:
        return labels[key]
    raise BadValue(_("“%(value)s” không phải %(what)s hợp lệ.") % {"value": text(value), "what": what})


_DATE_TEXT = re.compile(r"^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$")


def year(value: object) -> int | None:
    """A birth year from 1978, 1978.0, "1978", a date cell or a ``dd/mm/yyyy`` text."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime | datetime.date):
        found = value.year
    else:
        raw = text(value)
        match = _DATE_TEXT.match(raw)
        if match:
            day, month, found = (int(g) for g in match.groups())
            try:
                datetime.date(found, month, day)
            except ValueError:
                raise BadValue(
                    _("“%(value)s” không phải ngày hợp lệ (ngày/tháng/năm).") % {"value": raw}
                ) from None
        elif _is_digits(raw):
            found = int(raw)
        else:
            raise BadValue(
                _("“%(value)s” không phải năm sinh (ví dụ 1978 hoặc 05/09/1978).") % {"value": raw}
            )
    if not 1900 <= found <= datetime.date.today().year:  # the server's date: cheap, and a day apart at most
        raise BadValue(_("Năm sinh %(year)s không hợp lệ.") % {"year": found})
    return found


def _is_digits(raw: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also takes "²" and "٣", which ``int`` refuses or misreads."""
    return raw.isascii() and raw.isdigit()


def _digits_of(value: object, separators: str = " .-") -> str:
    raw = text(value)
    for ch in separators:
        raw = raw.replace(ch, "")
    if raw and not _is_digits(raw):
        raise BadValue(ERR_NOT_DIGITS % {"value": text(value)})
    return raw


def digits(
    value: object, *, width: int = 0, lost: int = 1, error=ERR_NOT_DIGITS, guess: Guess = _ignore
) -> str:
    """An identifier: digits only (spaces, dots and hyphens between them dropped). With ``width``, the
    identifier has exactly that many digits; one that is up to ``lost`` digits short lost its leading
    zeros in a numeric cell (or a CSV saved from one): they are put back and ``guess`` is told. Any other
    length is refused with ``error``."""
    raw = _digits_of(value)
    if not raw or not width:
        return raw
    if width - lost <= len(raw) < width and not raw.startswith("0"):  # a number has no leading zero
        now = raw.zfill(width)
        guess(GUESS_LEADING_ZEROS % {"value": text(value), "n": len(raw), "now": now})
        raw = now
    if len(raw) != width:
        raise BadValue(error % {"value": text(value), "n": len(raw)})
    return raw


def card_number(value: object, *, guess: Guess = _ignore) -> str:
    """A party card number: 8 digits."""
    return digits(value, width=CARD_DIGITS, lost=1, error=ERR_CARD_LENGTH, guess=guess)


def citizen_id(value: object, *, guess: Guess = _ignore) -> str:
    """A citizen ID (căn cước): 12 digits, starting with 0."""
    return digits(value, width=CITIZEN_ID_DIGITS, lost=2, error=ERR_CITIZEN_ID_LENGTH, guess=guess)


_MOBILE = re.compile(r"0[35789][0-9]{8}")
_LANDLINE = re.compile(r"02[0-9]{9}")


def phone(value: object, *, guess: Guess = _ignore) -> str:
    """A Vietnamese phone number: a mobile (10 digits, 03/05/07/08/09…) or a landline (11 digits, 02…);
    +84 is read as 0. A number typed into Excel as a number lost its leading 0: a 9-digit mobile or a
    10-digit landline without it gets it back, and ``guess`` is told."""
    raw = text(value).replace("(", "").replace(")", "")
    if raw.startswith("+84"):
        raw = "0" + raw[3:].lstrip()
    try:
        raw = _digits_of(raw, " .-")
    except BadValue:
        raise BadValue(ERR_PHONE % {"value": text(value)}) from None
    if not raw:
        return ""
    if not raw.startswith("0") and (_MOBILE.fullmatch("0" + raw) or _LANDLINE.fullmatch("0" + raw)):
        guess(GUESS_PHONE_ZERO % {"value": text(value), "now": "0" + raw})
        raw = "0" + raw
    if not (_MOBILE.fullmatch(raw) or _LANDLINE.fullmatch(raw)):
        raise BadValue(ERR_PHONE % {"value": text(value)})
    return raw


def stored_identifier(value: str, kind: str) -> str:
    """A card number or citizen ID as the database holds it, in the form an import compares: earlier
    imports kept whatever the cell held (a card number without its zero, dots, spaces)."""
    try:
        return (card_number if kind == "card" else citizen_id)(value)
    except BadValue:
        return value


_YES, _NO = {"Có", "có", "x", "X", ""}, {"Không", "không"}


def yes_no(value: object) -> bool:
    if value is None or value in _YES:
        return True
    if value in _NO:
        return False
    key = fold(text(value))
    if key in ("", "co", "x", "1", "true", "yes", "dang hoat dong", "dang sinh hoat"):
        return True
    if key in ("khong", "0", "false", "no", "ngung", "ngung hoat dong"):
        return False
    raise BadValue(_("“%(value)s”: ghi “Có” hoặc “Không”.") % {"value": text(value)})
