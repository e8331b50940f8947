"""Importing the organisation tree from a roster file under an org: read, check, then write all or nothing.

An org is matched by its code. A row's parent is named by code: the org imported under, an org already in
its subtree, or another row of the file. The checks before anything is written: codes unique in the file
and not used outside the subtree, every parent known, no cycle among the file's rows, no org moved into
its own subtree. New orgs are created parents first through the organisation services (paths, history);
a changed row renames, re-kinds, moves or stops the org, each kept in its history.

On the command line, an empty database can take a whole tree: when the org named by ``--under`` does not
exist yet and the file holds it as a row without a parent, it becomes a new root.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lamtheobac.lib import text as vn
from lamtheobac.organisation import services
from lamtheobac.organisation.models import Org, OrgKind, subtree_q
from lamtheobac.organisation.roster import ORG_COLUMNS

from .. import reader, values
from ..reader import Table
from ..values import BadValue, Problem

SYNONYMS: dict[str, list[str]] = {c.key: [c.header] for c in ORG_COLUMNS}
SYNONYMS["code"] += ["Mã", "Mã đơn vị", "Mã số"]
SYNONYMS["name"] += ["Tên", "Tên đơn vị", "Tên tổ chức đảng"]
SYNONYMS["kind"] += ["Loại", "Loại hình"]
SYNONYMS["parent_code"] += ["Mã cấp trên", "Trực thuộc (mã)", "Mã đơn vị cấp trên"]
SYNONYMS["sort_order"] += ["STT", "Số thứ tự"]
REQUIRED = ("code", "name", "kind")
HEADERS = {c.key: c.header for c in ORG_COLUMNS}
EXAMPLES = {c.key: c.example for c in ORG_COLUMNS}
KINDS = {vn.fold(str(label)): value for value, label in OrgKind.choices} | {
    vn.fold(v): v for v in OrgKind.values
}
# Short and former spellings people type: the labels before the two-level Party of 7/2025 keep their kinds,
# and "Đảng bộ xã" alone means today's commune, a đảng bộ cấp trên cơ sở (Quy định 298-QĐ/TW).
KINDS |= {
    "chi bo": OrgKind.CELL,
    "dang bo xa, phuong, thi tran": OrgKind.GRASSROOTS_COMMITTEE,
    "dang bo huyen": OrgKind.DISTRICT_COMMITTEE,
    "dang bo xa": OrgKind.COMMUNE_COMMITTEE,
    "dang bo phuong": OrgKind.COMMUNE_COMMITTEE,
    "dang bo xa, phuong": OrgKind.COMMUNE_COMMITTEE,
    "dang bo cap tren co so": OrgKind.UPPER_COMMITTEE,
}


@dataclass
class OrgRow:
    number: int
    code: str
    name: str
    kind: str
    parent_code: str
    sort_order: int
    active: bool


@dataclass
class Plan(values.Plan):
    root: OrgRow | None = None  # the --under org itself, created as a new root (empty database)
    adds: list[OrgRow] = field(default_factory=list)  # parents first
    updates: list[tuple[OrgRow, Org, list[str]]] = field(default_factory=list)

    @property
    def added(self) -> int:
        return len(self.adds) + (1 if self.root else 0)


ERR_EMPTY = _lazy("Không được để trống.")
ERR_ORG_NAME_NO_LETTERS = _lazy("“%(value)s” không phải tên tổ chức: không có chữ cái nào.")
ERR_SORT_ORDER_RANGE = _lazy("Thứ tự “%(value)s” quá lớn.")
GUESS_SORT_ORDER = _lazy("Thứ tự “%(value)s” không phải số: tổ chức được xếp theo tên.")
MAX_LENGTHS: dict[str, int] = {key: Org._meta.get_field(key).max_length for key in ("code", "name")}  # type: ignore[union-attr,misc]
MAX_LENGTHS["parent_code"] = MAX_LENGTHS["code"]
SORT_ORDER_LIMIT = 2_147_483_647  # the column is a 32-bit integer


def _cell(cells: list, table: Table, key: str):
    position = table.columns.get(key)
    return cells[position] if position is not None and position < len(cells) else None


def _filled(value: object) -> bool:
    return value is not None and str(value).strip() != ""


def _org_name(value: object) -> str:
    name = values.text(value)
    if name and not any(ch.isalpha() for ch in name):
        raise BadValue(ERR_ORG_NAME_NO_LETTERS % {"value": name})
    return name


def _sort_order(value: object, guess: values.Guess) -> int:
    order = values.text(value)
    if not order:
        return 0
    if not (order.lstrip("-").isascii() and order.lstrip("-").isdigit()):
        guess(GUESS_SORT_ORDER % {"value": order})
        return 0
    if abs(int(order)) > SORT_ORDER_LIMIT:
        raise BadValue(ERR_SORT_ORDER_RANGE % {"value": order})
    return int(order)


def _parse(
    number: int, cells: list, table: Table, problems: list[Problem], notes: list[Problem]
) -> OrgRow | None:
    def header(key: str) -> str:
        return table.headers.get(key, HEADERS[key])

    converters = {
        "code": lambda v: values.text(v),
        "name": _org_name,
        "kind": lambda v: values.choice(v, KINDS, _("loại tổ chức")),
        "parent_code": lambda v: values.text(v),
        "sort_order": lambda v: _sort_order(
            v, lambda m: notes.append(Problem(number, header("sort_order"), m))
        ),
        "active": values.yes_no,
    }
    data: dict = {}
    for key, convert in converters.items():
        try:
            data[key] = convert(_cell(cells, table, key))
            if key in MAX_LENGTHS:
                values.bounded(data[key], MAX_LENGTHS[key])
        except BadValue as exc:
            problems.append(Problem(number, header(key), str(exc)))
            return None
    row = OrgRow(number, **data)
    for key in REQUIRED:
        if not getattr(row, key):
            problems.append(Problem(number, header(key), str(ERR_EMPTY)))
            return None
    return row


def plan(
    stream: IO[bytes],
    filename: str,
    under: Org | str,
    *,
    sheet: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Plan:
    """Read and check the whole file; nothing is written. ``under`` is an org, or (command line, empty
    database) the code of the root the file itself defines."""
    try:
        table = reader.read(stream, filename, SYNONYMS, REQUIRED, sheet=sheet)
    except reader.ReadError as exc:
        return Plan(problems=[Problem(0, "", exc.message)])
    result = Plan(sheet=table.sheet, sheet_label=table.sheet_label, encoding=table.encoding)
    try:
        rows = _rows(table, result, progress)
    except reader.ReadError as exc:  # a row past a limit
        return Plan(problems=[Problem(0, "", exc.message)])
    result.notes = sorted([*table.notes, *result.notes], key=lambda n: n.row)
    result.problems.sort(key=lambda p: p.row)  # rows held back under the list are checked late
    if isinstance(under, str):
        root = rows.pop(under, None)
        if root is None or root.parent_code:
            result.problems.append(Problem(0, "", _("Không có tổ chức mã %(code)s.") % {"code": under}))
            return result
        result.root, under_code, existing = root, under, {}
    else:
        under_code = under.code
        existing = {o.code: o for o in Org.objects.filter(subtree_q(under.path))}
        rows.pop(under_code, None)  # an export of the subtree lists its top too: it is the org imported under
    _check_codes_outside(rows, existing, result)
    _check_parents(rows, existing, under_code, result)
    if result.ok:
        _classify(rows, existing, under_code, result)
    return result


def _rows(table: Table, result: Plan, progress: Callable[[int, int], None] | None) -> dict[str, OrgRow]:
    rows: dict[str, OrgRow] = {}
    complete = lambda cells: all(_filled(_cell(cells, table, key)) for key in REQUIRED)  # noqa: E731
    for number, cells in reader.data_rows(
        table, complete=complete, name=lambda cells: _cell(cells, table, "code")
    ):
        if progress is not None and number % 1000 == 0:
            progress(number, table.last_row)
        if reader.is_example(cells, table, EXAMPLES):
            continue
        result.rows += 1
        row = _parse(number, cells, table, result.problems, result.notes)
        if row is None:
            continue
        if row.code in rows:
            result.problems.append(
                Problem(
                    number,
                    table.headers["code"],
                    _("Mã %(code)s trùng với dòng %(row)s.")
                    % {"code": row.code, "row": rows[row.code].number},
                )
            )
            continue
        rows[row.code] = row
    return rows


def _check_codes_outside(rows: dict[str, OrgRow], existing: dict[str, Org], result: Plan) -> None:
    new_codes = [code for code in rows if code not in existing]
    taken = set(Org.objects.filter(code__in=new_codes).values_list("code", flat=True))
    for code in sorted(taken, key=lambda c: rows[c].number):
        result.problems.append(
            Problem(
                rows[code].number,
                HEADERS["code"],
                _("Mã %(code)s đã dùng cho một tổ chức ngoài phạm vi nhập.") % {"code": code},
            )
        )


def _check_parents(rows: dict[str, OrgRow], existing: dict[str, Org], under_code: str, result: Plan) -> None:
    for row in rows.values():
        parent = row.parent_code or under_code
        if parent not in rows and parent not in existing and parent != under_code:
            result.problems.append(
                Problem(
                    row.number,
                    HEADERS["parent_code"],
                    _("Không có tổ chức cấp trên mã %(code)s trong tệp hay trong phạm vi nhập.")
                    % {"code": parent},
                )
            )
    for row in rows.values():
        chain, code = [], row.code
        while code in rows and code not in chain:
            chain.append(code)
            code = rows[code].parent_code or under_code
        if code in chain:
            result.problems.append(
                Problem(
                    row.number,
                    HEADERS["parent_code"],
                    _("Vòng lặp trong cây tổ chức: %(chain)s.") % {"chain": " → ".join([*chain, code])},
                )
            )
            return


def _classify(rows: dict[str, OrgRow], existing: dict[str, Org], under_code: str, result: Plan) -> None:
    for row in _parents_first(rows, under_code):
        org = existing.get(row.code)
        if org is None:
            result.adds.append(row)
            continue
        parent = row.parent_code or under_code
        changed = [
            name
            for name, now in (
                ("name", org.name),
                ("kind", org.kind),
                ("sort_order", org.sort_order),
                ("active", org.active),
            )
            if getattr(row, name) != now
        ]
        if (parent in existing and existing[parent].pk != org.parent_id) or parent not in existing:
            changed.append("parent")
            target = existing.get(parent)
            if target is not None and target.path.startswith(org.path):
                result.problems.append(
                    Problem(
                        row.number,
                        HEADERS["parent_code"],
                        _("Không thể chuyển một tổ chức vào bên trong chính nó."),
                    )
                )
                continue
        if changed:
            result.updates.append((row, org, changed))
            codes: dict[int | None, str] = {o.pk: code for code, o in existing.items()}
            for name in changed:
                was, now = (
                    (codes.get(org.parent_id, ""), parent)
                    if name == "parent"
                    else (getattr(org, name), getattr(row, name))
                )
                result.changes.append((row.number, row.code, name, was, now))
        else:
            result.unchanged += 1


def _parents_first(rows: dict[str, OrgRow], under_code: str) -> Iterator[OrgRow]:
    placed: set[str] = set()

    def place(row: OrgRow) -> Iterator[OrgRow]:
        parent = row.parent_code or under_code
        if parent in rows and parent not in placed:
            yield from place(rows[parent])
        if row.code not in placed:
            placed.add(row.code)
            yield row

    for row in sorted(rows.values(), key=lambda r: r.number):
        yield from place(row)


@transaction.atomic
def apply(result: Plan, under: Org | None, *, actor=None) -> Org:
    """Write a plan without problems, all or nothing; returns the org imported under."""
    if not result.ok:
        raise ValueError("a plan with problems is not applied")
    if result.root is not None:
        under = _create(result.root, None, actor)
    assert under is not None
    by_code = {o.code: o for o in Org.objects.filter(subtree_q(under.path))}
    inactive: list[Org] = []
    for row in result.adds:
        org = _create(row, by_code[row.parent_code or under.code], actor)
        by_code[org.code] = org
        if not row.active:
            inactive.append(org)
    for row, org, changed in result.updates:
        org = Org.objects.get(pk=org.pk)
        if "parent" in changed:
            org = services.org_move(actor=actor, org=org, new_parent=by_code[row.parent_code or under.code])
        if {"name", "kind", "sort_order"} & set(changed):
            org = services.org_update(
                actor=actor, org=org, name=row.name, code=row.code, kind=row.kind, sort_order=row.sort_order
            )
        if "active" in changed:
            (services.org_reactivate if row.active else services.org_deactivate)(actor=actor, org=org)
    # new orgs that the file marks as stopped: created, then stopped, deepest first
    for org in sorted(inactive, key=lambda o: -len(Org.objects.get(pk=o.pk).path)):
        services.org_end(actor=actor, org=Org.objects.get(pk=org.pk))
    return under


def _create(row: OrgRow, parent: Org | None, actor) -> Org:
    try:
        return services.org_create(
            actor=actor, parent=parent, kind=row.kind, name=row.name, code=row.code, sort_order=row.sort_order
        )
    except ValidationError as exc:
        raise ValidationError(
            _("Dòng %(row)s: %(msg)s") % {"row": row.number, "msg": "; ".join(exc.messages)}
        ) from exc
