"""Reading a file of changes to the tree: its columns, the words of its operations, each row checked on its
own (``line_from``); the lines, with the outcome a run reports. What the lines do to the tree is
``applying``."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lamtheobac.lib import text as vn
from lamtheobac.lib import xlsx
from lamtheobac.organisation.models import OrgKind, Reorganisation

from ... import reader, values
from ...values import BadValue, Problem

CREATE, MERGE, MOVE, RENAME, SPLIT, END = "create", "merge", "move", "rename", "split", "end"
OPERATIONS = {
    "thanh lap": CREATE,
    "hop nhat": MERGE,
    "sap nhap": MERGE,
    "chuyen": MOVE,
    "chuyen truc thuoc": MOVE,
    "doi ten": RENAME,
    "chia tach": SPLIT,
    "giai the": END,
    "ket thuc hoat dong": END,
}
OPERATION_WORDS = {
    CREATE: "thành lập",
    MERGE: "hợp nhất",
    MOVE: "chuyển",
    RENAME: "đổi tên",
    SPLIT: "chia tách",
    END: "giải thể",
}
COLUMNS = {
    "op": "Thao tác",
    "code": "Mã",
    "new_code": "Mã mới",
    "new_name": "Tên mới",
    "new_kind": "Loại mới",
    "parent_code": "Trực thuộc (mã)",
    "date": "Ngày hiệu lực",
}
SYNONYMS = {key: [header] for key, header in COLUMNS.items()}
SYNONYMS["parent_code"] += ["Trực thuộc", "Mã cấp trên"]
SYNONYMS["date"] += ["Ngày", "Có hiệu lực từ ngày"]
REQUIRED = ("op", "code", "date")

ERR_OPERATION = _lazy("Thao tác “%(value)s” không có; dùng một trong: %(known)s.")
ERR_DATE = _lazy("Ngày hiệu lực “%(value)s” không đọc được; ghi theo dạng dd/mm/yyyy, ví dụ 01/07/2025.")
ERR_UNKNOWN_KIND = _lazy("Loại tổ chức “%(value)s” không có trong danh mục.")


@dataclass
class Line:
    """One change as read (the cells kept as text, the date parsed)."""

    number: int
    op: str
    code: str = ""
    new_code: str = ""
    new_name: str = ""
    new_kind: str = ""
    parent_code: str = ""
    on: datetime.date | None = None

    def as_dict(self) -> dict:
        return {
            "row": self.number,
            "op": OPERATION_WORDS.get(self.op, self.op),
            "code": self.code,
            "new_code": self.new_code,
            "new_name": self.new_name,
            "new_kind": self.new_kind,
            "parent_code": self.parent_code,
            "date": self.on.strftime("%d/%m/%Y") if self.on else "",
        }


@dataclass
class Change:
    """One org as the preview shows it: before and after (``—`` when it does not exist on that side)."""

    code: str
    before: str
    after: str


@dataclass
class Totals:
    label: str
    before: dict[str, int]
    after: dict[str, int]

    @property
    def equal(self) -> bool:
        return self.before == self.after


@dataclass
class Outcome:
    lines: list[Line]
    problems: list[Problem] = field(default_factory=list)
    applied: bool = False
    reorganisation: Reorganisation | None = None
    changes: list[Change] = field(default_factory=list)
    people_moving: int = 0
    people_examples: list[str] = field(default_factory=list)
    records_moving: int = 0
    grants_ending: list[str] = field(default_factory=list)
    totals: list[Totals] = field(default_factory=list)
    tree_after: list[tuple[int, str, str]] = field(default_factory=list)  # (depth, name, code)

    @property
    def ok(self) -> bool:
        return not self.problems


# --- Reading --------------------------------------------------------------------------------------


def _kinds() -> dict[str, str]:
    """The kinds by every spelling the org tree's import reads (labels, values, former and short names)."""
    from ..orgs import KINDS  # one list of spellings for both files

    return KINDS


def parse_date(value: object) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = values.text(value)
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise BadValue(ERR_DATE % {"value": raw})


def line_from(number: int, cells: dict[str, object], problems: list[Problem]) -> Line | None:
    """A line from its cells by column key; a cell that cannot be read is a problem of its row."""
    op_text = values.text(cells.get("op"))
    op = OPERATIONS.get(vn.fold(op_text))
    if op is None:
        problems.append(
            Problem(
                number,
                COLUMNS["op"],
                ERR_OPERATION % {"value": op_text, "known": ", ".join(OPERATION_WORDS.values())},
            )
        )
        return None
    line = Line(
        number,
        op,
        **{k: values.text(cells.get(k)) for k in ("code", "new_code", "new_name", "new_kind", "parent_code")},  # type: ignore[arg-type]  # text fields only
    )
    try:
        line.on = parse_date(cells.get("date"))
    except BadValue as exc:
        problems.append(Problem(number, COLUMNS["date"], str(exc)))
    if line.new_kind:
        kind = _kinds().get(vn.fold(line.new_kind))
        if kind is None:
            problems.append(Problem(number, COLUMNS["new_kind"], ERR_UNKNOWN_KIND % {"value": line.new_kind}))
        else:
            line.new_kind = kind
    return line


def read_file(stream: IO[bytes], filename: str) -> tuple[list[Line], list[Problem]]:
    """The lines of a reorganisation file, and what could not be read (refused with ``reader.ReadError``
    when the file itself cannot be)."""
    table = reader.read(stream, filename, SYNONYMS, REQUIRED)
    problems: list[Problem] = []
    lines: list[Line] = []
    for number, cells in table.rows:
        by_key = {key: cells[i] if i < len(cells) else None for key, i in table.columns.items()}
        if not any(values.text(v) for v in by_key.values()):
            continue
        line = line_from(number, by_key, problems)
        if line is not None:
            lines.append(line)
    return lines, problems


def read_items(items: Iterable[dict]) -> tuple[list[Line], list[Problem]]:
    """The lines of the API's JSON body (the same keys as ``Line.as_dict``, row numbers from 1)."""
    problems: list[Problem] = []
    lines = []
    for number, item in enumerate(items, start=1):
        line = line_from(number, dict(item), problems)
        if line is not None:
            lines.append(line)
    return lines, problems


def template() -> bytes:
    """The workbook to fill in: the headers and one example row of each operation."""
    example = [
        (
            "thành lập",
            "",
            "XA-MOI",
            "Đảng bộ xã Mới",
            str(OrgKind.COMMUNE_COMMITTEE.label),
            "TINH",
            "01/07/2025",
        ),
        ("hợp nhất", "XA-CU-1", "XA-MOI", "", "", "", "01/07/2025"),
        ("chuyển", "CB-1", "", "", "", "XA-MOI", "01/07/2025"),
        ("đổi tên", "XA-CU-2", "", "Đảng bộ phường Mới", "", "", "01/07/2025"),
        ("chia tách", "CB-2", "XA-MOI", "", "", "", "01/07/2025"),
        ("giải thể", "HUYEN", "", "", "", "", "01/07/2025"),
    ]
    columns = [xlsx.Column(header, 22) for header in COLUMNS.values()]
    return xlsx.build(_("Sắp xếp tổ chức"), columns, example)
