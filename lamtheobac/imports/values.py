"""Cell values as offices type them, turned into what the models hold: text in NFC without stray spaces,
labels matched without regard to case or diacritics, years from a number, a date or a ``dd/mm/yyyy`` text,
phone numbers and ID numbers that Excel stored as numbers (and so lost their leading zero)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lamtheobac.lib.text import clean, fold


@dataclass(frozen=True)
class Problem:
    row: int
    column: str  # the header, as the user sees it ("" for the whole row)
    message: str

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
    encoding: str = ""  # the legacy encoding the text was converted from, if any
    adds: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
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
    """A cell as text: numbers stored as numbers lose their ``.0``; NFC, single spaces."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    value = str(value)
    if value[:1] == "'" and value[1:2] in NEUTRALISED:
        value = value[1:]  # our own exports write '=… so that a spreadsheet does not run it: take it back
    return clean(value)


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


_DATE_TEXT = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


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
        elif raw.isdigit():
            found = int(raw)
        else:
            raise BadValue(
                _("“%(value)s” không phải năm sinh (ví dụ 1978 hoặc 05/09/1978).") % {"value": raw}
            )
    if not 1900 <= found <= datetime.date.today().year:  # the server's date: cheap, and a day apart at most
        raise BadValue(_("Năm sinh %(year)s không hợp lệ.") % {"year": found})
    return found


def digits(value: object, *, width: int = 0) -> str:
    """An identifier or phone number: digits only; an Excel number that lost its leading zeros gets them
    back up to ``width``."""
    raw = text(value).replace(" ", "").replace(".", "")
    if not raw:
        return ""
    if not raw.isdigit():
        raise BadValue(_("“%(value)s” chỉ được gồm chữ số.") % {"value": text(value)})
    if width and len(raw) < width and not isinstance(value, str):
        raw = raw.zfill(width)
    return raw


def phone(value: object) -> str:
    """A Vietnamese phone number: a 9-digit number typed into Excel as a number lost its leading 0."""
    raw = text(value).replace(" ", "").replace(".", "").replace("-", "")
    if raw.startswith("+84"):
        raw = "0" + raw[3:]
    if raw.isdigit() and len(raw) == 9 and not raw.startswith("0"):
        raw = "0" + raw
    if raw and not (raw.isdigit() and 8 <= len(raw) <= 11):
        raise BadValue(_("“%(value)s” không phải số điện thoại.") % {"value": text(value)})
    return raw


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
