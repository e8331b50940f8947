"""Importing people from a roster file into an org's subtree: read, check every row, then write all or nothing.

Matching, so that importing the same file twice changes nothing: a row is the same person as one already
in the subtree when its party card number matches, else its citizen ID, else its name (compared folded),
birth year and org; identifiers are compared as the file's values are read (a card number an earlier
import kept without its leading zero is found by the full one). A matched person whose details differ is
updated; one whose org differs is moved, and the move is kept in their history. Identifiers that already
belong to someone outside the subtree are refused without saying whose they are.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lamtheobac.lib import text as vn
from lamtheobac.organisation import services as org_services
from lamtheobac.organisation import timeline
from lamtheobac.organisation.models import (
    ERR_NONPARTY_CARD,
    PARTY_PERSON_KINDS,
    Gender,
    Org,
    Person,
    PersonKind,
    PersonMove,
    subtree_q,
)
from lamtheobac.organisation.roster import PEOPLE_COLUMNS
from lamtheobac.reports.services import counters

from .. import reader, values
from ..reader import Table
from ..values import BadValue, Problem

SYNONYMS: dict[str, list[str]] = {c.key: [c.header] for c in PEOPLE_COLUMNS}
SYNONYMS["full_name"] += ["Họ tên", "Họ và tên đảng viên", "Tên đảng viên", "Họ tên đảng viên"]
SYNONYMS["birth_year"] += ["Ngày sinh", "Ngày tháng năm sinh", "Năm sinh (ngày sinh)"]
SYNONYMS["kind"] += ["Loại", "Loại đối tượng"]
SYNONYMS["org_code"] += ["Mã đơn vị", "Mã chi bộ", "Mã tổ chức đảng"]
SYNONYMS["org_name"] += ["Tên tổ chức", "Chi bộ", "Đơn vị", "Tên chi bộ"]
SYNONYMS["phone"] += ["Số điện thoại", "SĐT", "Điện thoại di động"]
SYNONYMS["email"] += ["Email", "E-mail"]
SYNONYMS["party_card_number"] += ["Số thẻ", "Số thẻ Đảng"]
SYNONYMS["citizen_id"] += ["Số CCCD", "CCCD", "Căn cước công dân", "Số định danh cá nhân", "Số CMND/CCCD"]
SYNONYMS["active"] += ["Đang hoạt động", "Đang sinh hoạt"]
REQUIRED = ("full_name", "kind", "org_code")

WARN_ORG_NAME_DIFFERS = _lazy(
    "Tên tổ chức ghi “%(written)s” nhưng mã %(code)s là của “%(name)s”. Hãy xem lại mã tổ chức kẻo xếp "
    "nhầm người vào tổ chức khác."
)

GENDERS = {vn.fold(str(label)): value for value, label in Gender.choices} | {
    "nu": Gender.FEMALE,
    "nam": Gender.MALE,
}
KINDS = {vn.fold(str(label)): value for value, label in PersonKind.choices} | {
    "dang vien": PersonKind.MEMBER,
    "chinh thuc": PersonKind.MEMBER,
    "du bi": PersonKind.PROBATIONARY,
    "cong chuc": PersonKind.CIVIL_SERVANT,
    "can bo": PersonKind.CIVIL_SERVANT,
    "vien chuc": PersonKind.PUBLIC_EMPLOYEE,
    "quan chung": PersonKind.OTHER,
}
GENDERS |= {str(label): value for value, label in Gender.choices}
KINDS |= {str(label): value for value, label in PersonKind.choices}
HEADERS = {c.key: c.header for c in PEOPLE_COLUMNS}
EXAMPLES = {c.key: c.example for c in PEOPLE_COLUMNS}
FIELDS = (
    "full_name",
    "gender",
    "birth_year",
    "kind",
    "position",
    "phone",
    "email",
    "party_card_number",
    "citizen_id",
    "active",
)


@dataclass
class Row:
    number: int
    data: dict
    org_id: int


@dataclass
class Plan(values.Plan):
    adds: list[Row] = field(default_factory=list)
    updates: list[tuple[Row, int, list[str]]] = field(
        default_factory=list
    )  # (row, person id, changed fields)


CONVERTERS: dict[str, Callable[[object, values.Guess], object]] = {
    "full_name": lambda v, g: vn.title_name(values.person_name(v)),
    "gender": lambda v, g: values.choice(v, GENDERS, _("giới tính")),
    "birth_year": lambda v, g: values.year(v),
    "kind": lambda v, g: values.choice(v, KINDS, _("đối tượng")),
    "position": lambda v, g: values.text(v),
    "org_code": lambda v, g: values.text(v),
    "phone": lambda v, g: values.phone(v, guess=g),
    "email": lambda v, g: values.text(v).lower(),
    "party_card_number": lambda v, g: values.card_number(v, guess=g),
    "citizen_id": lambda v, g: values.citizen_id(v, guess=g),
    "active": lambda v, g: values.yes_no(v),
}
# the longest text each column holds, from the model itself: an over-long cell refuses its row only
MAX_LENGTHS: dict[str, int] = {
    key: Person._meta.get_field(key).max_length  # type: ignore[union-attr,misc]  # text columns, with a length
    for key in CONVERTERS
    if key in FIELDS and Person._meta.get_field(key).max_length  # type: ignore[union-attr]
}
ERR_EMPTY = _lazy("Không được để trống.")


def _cell(cells: list, table: Table, key: str):
    position = table.columns.get(key)
    return cells[position] if position is not None and position < len(cells) else None


def _complete(table: Table) -> Callable[[list], bool]:
    """Whether a row holds what every person's row must (a name, a kind, an org code)."""
    return lambda cells: all(_filled(_cell(cells, table, key)) for key in REQUIRED)


def _filled(value: object) -> bool:
    return value is not None and str(value).strip() != ""


def _parse(
    number: int, cells: list, table: Table, problems: list[Problem], notes: list[Problem]
) -> dict | None:
    data: dict = {}
    ok = True
    for key, convert in CONVERTERS.items():
        column = table.headers.get(key, HEADERS[key])

        def guess(message: str, column: str = column) -> None:
            notes.append(Problem(number, column, message))

        try:
            data[key] = convert(_cell(cells, table, key), guess)
            if key in MAX_LENGTHS and isinstance(data[key], str):
                values.bounded(data[key], MAX_LENGTHS[key])
        except BadValue as exc:
            problems.append(Problem(number, column, str(exc)))
            ok = False
    for key in REQUIRED:
        if ok and not data.get(key):
            problems.append(Problem(number, table.headers.get(key, HEADERS[key]), str(ERR_EMPTY)))
            ok = False
    if ok:
        data["name_folded"] = vn.fold(data["full_name"])
    return data if ok else None


def plan(
    stream: IO[bytes],
    filename: str,
    under: Org,
    *,
    sheet: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Plan:
    """Read and check the whole file against the database; nothing is written."""
    try:
        table = reader.read(stream, filename, SYNONYMS, REQUIRED, sheet=sheet)
        return _plan_table(table, under, progress)
    except reader.ReadError as exc:  # the file, or a row of it past a limit
        return Plan(problems=[Problem(0, "", exc.message)])


def _plan_table(table: Table, under: Org, progress: Callable[[int, int], None] | None) -> Plan:
    result = Plan(sheet=table.sheet, sheet_label=table.sheet_label, encoding=table.encoding)
    orgs, names = {}, {}
    for code, pk, name in Org.objects.filter(subtree_q(under.path)).values_list("code", "id", "name"):
        orgs[code], names[pk] = pk, name
    inactive = set(Org.objects.filter(subtree_q(under.path), active=False).values_list("id", flat=True))
    existing = _existing(under)
    seen: Counter = Counter()
    rows = reader.data_rows(
        table, complete=_complete(table), name=lambda cells: _cell(cells, table, "full_name")
    )
    for number, cells in rows:
        if progress is not None and number % 1000 == 0:
            progress(number, table.last_row)
        if reader.is_example(cells, table, EXAMPLES):
            continue
        result.rows += 1
        data = _parse(number, cells, table, result.problems, result.notes)
        if data is None:
            continue
        code = data.pop("org_code")
        org_id = orgs.get(code)
        if org_id is None:
            result.problems.append(
                Problem(
                    number,
                    HEADERS["org_code"],
                    _("Không có tổ chức mã này trong %(org)s.") % {"org": under.name},
                )
            )
            continue
        if org_id in inactive and data["active"]:
            result.problems.append(
                Problem(number, table.headers["org_code"], _("Tổ chức này đã ngừng hoạt động."))
            )
            continue
        _check_org_name(number, cells, table, code, names[org_id], result)
        row = Row(number, data, org_id)
        if _duplicate_in_file(row, seen, result.problems):
            continue
        _classify(row, existing, result)
    result.notes = sorted([*table.notes, *result.notes], key=lambda n: n.row)
    result.problems.sort(key=lambda p: p.row)  # rows held back under the list are checked late
    codes: dict[object, object] = {
        pk: code for code, pk in orgs.items()
    }  # a move is logged by org codes, as the file names orgs
    result.changes = [
        (n, who, what, codes.get(was, was), codes.get(now, now))
        if what == "org"
        else (n, who, what, was, now)
        for n, who, what, was, now in result.changes
    ]
    return result


def _check_org_name(number: int, cells: list, table: Table, code: str, name: str, result: Plan) -> None:
    """The org's name written beside its code, compared with the org the code names: a typo in the code
    would file the person in another org."""
    position = table.columns.get("org_name")
    if position is None or position >= len(cells):
        return
    written = values.text(cells[position])
    if not vn.org_names_agree(written, name):
        result.warnings.append(
            Problem(
                number,
                table.headers["org_name"],
                WARN_ORG_NAME_DIFFERS % {"written": written, "code": code, "name": name},
            )
        )


def _identity(data: dict, org_id: int) -> list[tuple]:
    keys: list[tuple] = []
    if data["party_card_number"]:
        keys.append(("card", data["party_card_number"]))
    if data["citizen_id"]:
        keys.append(("cid", data["citizen_id"]))
    keys.append(("name", data.get("name_folded") or vn.fold(data["full_name"]), data["birth_year"], org_id))
    return keys


def _ids(data: dict) -> bool:
    return bool(data["party_card_number"] or data["citizen_id"])


def _duplicate_in_file(row: Row, seen: Counter, problems: list[Problem]) -> bool:
    """The same person twice: the same card or citizen ID, or, for rows without either, the same name,
    birth year and org (two namesakes with their own card numbers are two people)."""
    keys = _identity(row.data, row.org_id)
    if _ids(row.data):
        keys = keys[:-1]
    if any(seen[k] for k in keys):
        problems.append(Problem(row.number, "", _("Trùng với một dòng phía trên (cùng người).")))
        return True
    for k in keys:
        seen[k] = row.number
    return False


@dataclass
class Existing:
    by_key: dict[tuple, dict] = field(default_factory=dict)
    outside_cards: set[str] = field(default_factory=set)
    outside_ids: set[str] = field(default_factory=set)


def _existing(under: Org) -> Existing:
    """Everyone already in the subtree, by each key a row may match on; identifiers held outside it."""
    found = Existing()
    columns = ("id", "org_id", *FIELDS)
    for person in (
        Person.objects.filter(subtree_q(under.path, "org__path")).values(*columns).iterator(chunk_size=5000)
    ):
        # matched in the form the file's values take: "1234567" kept by an earlier import is "01234567"
        identity = person | {
            "party_card_number": values.stored_identifier(person["party_card_number"], "card"),
            "citizen_id": values.stored_identifier(person["citizen_id"], "citizen_id"),
        }
        for key in _identity(identity, person["org_id"]):
            found.by_key.setdefault(key, person)
    outside = Person.objects.exclude(subtree_q(under.path, "org__path"))
    found.outside_cards = {
        values.stored_identifier(card, "card")
        for card in outside.exclude(party_card_number="").values_list("party_card_number", flat=True)
    }
    found.outside_ids = {
        values.stored_identifier(cid, "citizen_id")
        for cid in outside.exclude(citizen_id="").values_list("citizen_id", flat=True)
    }
    return found


def _classify(row: Row, existing: Existing, result: Plan) -> None:
    data = row.data
    if data["party_card_number"] and data["kind"] and data["kind"] not in PARTY_PERSON_KINDS:
        # a non-party person is never counted as a member: a party card on their row is refused
        label = PersonKind(data["kind"]).label
        result.problems.append(
            Problem(row.number, HEADERS["party_card_number"], str(ERR_NONPARTY_CARD % {"kind": label}))
        )
        return
    if data["party_card_number"] in existing.outside_cards:
        result.problems.append(
            Problem(
                row.number,
                HEADERS["party_card_number"],
                _("Số thẻ này đã thuộc một người ngoài phạm vi nhập."),
            )
        )
        return
    if data["citizen_id"] in existing.outside_ids:
        result.problems.append(
            Problem(
                row.number, HEADERS["citizen_id"], _("Số căn cước này đã thuộc một người ngoài phạm vi nhập.")
            )
        )
        return
    keys = _identity(data, row.org_id)
    match = next((existing.by_key[k] for k in keys[:-1] if k in existing.by_key), None)
    if match is None and keys[-1] in existing.by_key:
        # by name, birth year and org: unless both sides carry identifiers that differ
        candidate = existing.by_key[keys[-1]]
        if all(
            not data[f] or not candidate[f] or data[f] == values.stored_identifier(candidate[f], kind)
            for f, kind in (("party_card_number", "card"), ("citizen_id", "citizen_id"))
        ):
            match = candidate
    if match is None:
        result.adds.append(row)
        return
    changed = [f for f in FIELDS if data[f] != match[f] and not (f in _KEEP_IF_EMPTY and not data[f])]
    if row.org_id != match["org_id"]:
        changed.append("org")
    if changed:
        result.updates.append((row, match["id"], changed))
        for name in changed:
            was, now = (match["org_id"], row.org_id) if name == "org" else (match[name], data[name])
            result.changes.append((row.number, data["full_name"], name, was, now))
    else:
        result.unchanged += 1


# An empty cell does not erase what the system already holds (an export without identifiers, say).
_KEEP_IF_EMPTY = {"party_card_number", "citizen_id", "phone", "email", "gender", "birth_year", "position"}


INSERTED = (*FIELDS, "org_id", "name_folded", "name_sort", "created_at", "updated_at")


def _insert(rows: list[Row], now: datetime.datetime, batch: int) -> None:
    """New people in plain multi-row INSERTs: a model instance per row and Django's statement building
    cost more than reading the file (measured in bench/import_people.py); the values are those
    ``Person.save`` would store (NFC title-case name, folded name, sort key)."""
    table = connection.ops.quote_name(Person._meta.db_table)
    fields: list[str] = [
        Person._meta.get_field("org" if name == "org_id" else name).column  # type: ignore[union-attr,misc]
        for name in INSERTED
    ]
    columns = ", ".join(connection.ops.quote_name(column) for column in fields)
    stamp = connection.ops.adapt_datetimefield_value(now)
    values = [
        (
            *(row.data[f] for f in FIELDS),
            row.org_id,
            row.data["name_folded"],
            vn.name_sort_key(row.data["full_name"]),
            stamp,
            stamp,
        )
        for row in rows
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: several times faster than INSERTs of thousands of parameters
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        placeholders = "(" + ", ".join(["%s"] * len(INSERTED)) + ")"
        per_statement = max(1, min(batch, (connection.features.max_query_params or 100_000) // len(INSERTED)))
        for start in range(0, len(values), per_statement):
            chunk = values[start : start + per_statement]
            # names from the model's own metadata, every value a parameter
            sql = f"INSERT INTO {table} ({columns}) VALUES " + ", ".join([placeholders] * len(chunk))  # noqa: S608
            cursor.execute(sql, [v for row in chunk for v in row])


@transaction.atomic
def apply(result: Plan, *, actor=None, batch: int = 2000) -> None:
    """Write a plan without problems: all rows or none."""
    if not result.ok:
        raise ValueError("a plan with problems is not applied")
    now = timezone.now()
    _insert(result.adds, now, batch)
    # written behind save(): the new people belong from today (a roster loaded in 2026 does not change 2020)
    added = Person.objects.filter(org_id__in={row.org_id for row in result.adds}, memberships__isnull=True)
    org_services.sync_people(added.values_list("pk", flat=True), joined=timeline.today())
    _apply_updates(result.updates, actor, now, batch)
    counters.touch({row.org_id for row in result.adds})  # the orgs that gained people


def _apply_updates(
    updates: list[tuple[Row, int, list[str]]], actor, now: datetime.datetime, batch: int
) -> None:
    if not updates:
        return
    current = Person.objects.in_bulk([pid for _row, pid, _c in updates])
    left = {person.org_id for person in current.values()}  # before the moves below
    moves, changed_people, fields_used = [], [], {"updated_at"}
    for row, pid, changed in updates:
        person = current[pid]
        for name in changed:
            if name == "org":
                moves.append(
                    PersonMove(
                        person=person,
                        from_org_id=person.org_id,
                        to_org_id=row.org_id,
                        moved_by=actor,
                        reason=_("Nhập từ tệp Excel"),
                    )
                )
                person.org_id = row.org_id
                fields_used.add("org")
            else:
                setattr(person, name, row.data[name])
                fields_used.add(name)
        person.name_folded = vn.fold(person.full_name)
        person.name_sort = vn.name_sort_key(person.full_name)
        person.updated_at = now
        changed_people.append(person)
    fields_used |= {"name_folded", "name_sort"}
    Person.objects.bulk_update(changed_people, sorted(fields_used), batch_size=batch)
    org_services.sync_memberships(changed_people)  # moved, left or of another kind from today
    PersonMove.objects.bulk_create(moves, batch_size=batch)
    # bulk_update bypasses save(): the orgs left and joined, and those holding the people's records
    org_services.people_moved(
        [p.pk for p in changed_people], sorted({p.org_id for p in changed_people} | left)
    )
