"""Importing the org tree: an export imports back into an empty database unchanged, a re-import changes
nothing, a changed row renames or moves, and a bad tree is refused with nothing written."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from openpyxl import Workbook

from lamtheobac.demo.wipe import wipe
from lamtheobac.organisation.models import Org, OrgEvent, OrgKind, Person, subtree_q
from lamtheobac.organisation.roster import ORG_COLUMNS, PEOPLE_COLUMNS, org_row, person_row

from .files import Formula, xlsx

pytestmark = pytest.mark.django_db


def sheet(columns, rows) -> bytes:
    book = Workbook()
    ws = book.active
    ws.append([c.header for c in columns])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def org_rows(top: Org) -> list[list]:
    orgs = list(Org.objects.filter(subtree_q(top.path)).order_by("path"))
    codes = {o.pk: o.code for o in orgs}
    return [org_row(o, codes.get(o.parent_id) if o.pk != top.pk else "") for o in orgs]


def people_rows(top: Org) -> list[list]:
    people = (
        Person.objects.filter(subtree_q(top.path, "org__path"))
        .select_related("org")
        .order_by("org__path", "name_sort")
    )
    return [person_row(p, sensitive=True) for p in people]


def tree(top_code: str) -> set[tuple]:
    top = Org.objects.get(code=top_code)
    return {
        (
            o.code,
            o.name,
            o.kind,
            o.parent.code if o.parent_id and o.pk != top.pk else "",
            o.sort_order,
            o.active,
        )
        for o in Org.objects.filter(subtree_q(top.path)).select_related("parent")
    }


def roster(top_code: str) -> set[tuple]:
    top = Org.objects.get(code=top_code)
    return {
        (
            p.full_name,
            p.gender,
            p.birth_year,
            p.kind,
            p.position,
            p.org.code,
            p.phone,
            p.party_card_number,
            p.active,
        )
        for p in Person.objects.filter(subtree_q(top.path, "org__path")).select_related("org")
    }


def run(tmp_path, command: str, content: bytes, under: str, **options) -> str:
    path = tmp_path / f"{command}.xlsx"
    path.write_bytes(content)
    out = io.StringIO()
    call_command(command, str(path), under=under, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def test_an_export_imports_into_an_empty_database_unchanged(cast, tmp_path):
    code = cast.district_a.code
    cell = Org.objects.create(
        parent=cast.commune_a2, kind=OrgKind.CELL, name="Chi bộ đã giải thể", code="A2C9", path="-"
    )
    cell.path = cast.commune_a2.path + f"{cell.pk:08d}"
    cell.active = False
    cell.save()
    orgs_file, people_file = (
        sheet(ORG_COLUMNS, org_rows(cast.district_a)),
        sheet(PEOPLE_COLUMNS, people_rows(cast.district_a)),
    )
    before_tree, before_people = tree(code), roster(code)
    with transaction.atomic():
        wipe()
    assert not Org.objects.exists()

    out = run(tmp_path, "import_orgs", orgs_file, code)
    assert f"thêm mới {len(before_tree)}" in out
    run(tmp_path, "import_people", people_file, code)
    assert tree(code) == before_tree
    assert roster(code) == before_people
    # once more: nothing changes
    assert "thêm mới 0, cập nhật 0" in run(tmp_path, "import_orgs", orgs_file, code)
    assert "thêm mới 0, cập nhật 0" in run(tmp_path, "import_people", people_file, code)


def test_a_changed_row_renames_and_moves_and_keeps_history(cast, tmp_path):
    rows = org_rows(cast.district_a)
    cell = next(r for r in rows if r[0] == cast.cell_a1.code)
    cell[1] = "Chi bộ thôn Nà Pài Mới"
    cell[3] = cast.commune_a2.code
    out = run(tmp_path, "import_orgs", sheet(ORG_COLUMNS, rows), cast.district_a.code)
    assert "cập nhật 1" in out
    moved = Org.objects.get(code=cast.cell_a1.code)
    assert moved.name == "Chi bộ thôn Nà Pài Mới" and moved.parent_id == cast.commune_a2.pk
    assert moved.path.startswith(cast.commune_a2.path)
    assert OrgEvent.objects.filter(org=moved).count() >= 2  # the move and the rename are in its history


def test_new_orgs_are_created_parents_first_whatever_the_row_order(cast, tmp_path):
    rows = [
        ["X2C1", "Chi bộ thôn Mới", "Chi bộ", "X2", 1, "Có"],
        ["X2", "Đảng bộ xã Mới", "Đảng bộ xã, phường, thị trấn", "", 2, "Có"],
    ]
    run(tmp_path, "import_orgs", sheet(ORG_COLUMNS, rows), cast.district_a.code)
    assert Org.objects.get(code="X2C1").parent == Org.objects.get(code="X2")
    assert Org.objects.get(code="X2").parent == cast.district_a


def refused(tmp_path, rows, under) -> str:
    before = sorted(Org.objects.values_list("id", "code", "name", "path", "active"))
    with pytest.raises(CommandError) as exc:
        run(tmp_path, "import_orgs", sheet(ORG_COLUMNS, rows), under)
    assert sorted(Org.objects.values_list("id", "code", "name", "path", "active")) == before
    return str(exc.value)


def test_a_bad_tree_is_refused_with_nothing_written(cast, tmp_path, capsys):
    under = cast.district_a.code
    assert "lỗi 1" in refused(tmp_path, [["N1", "Chi bộ 1", "Chi bộ", "KHONG-CO", 1, "Có"]], under)
    cycle = [["C1", "Chi bộ 1", "Chi bộ", "C2", 1, "Có"], ["C2", "Chi bộ 2", "Chi bộ", "C1", 2, "Có"]]
    assert "lỗi 1" in refused(tmp_path, cycle, under)
    twice = [["D1", "Chi bộ 1", "Chi bộ", "", 1, "Có"], ["D1", "Chi bộ 2", "Chi bộ", "", 2, "Có"]]
    assert "lỗi 1" in refused(tmp_path, twice, under)
    outside = [[cast.cell_b1.code, "Chi bộ lạ", "Chi bộ", "", 1, "Có"]]  # a code of district B
    assert "lỗi 1" in refused(tmp_path, outside, under)
    into_itself = [
        [
            cast.commune_a1.code,
            "Đảng bộ xã Lục Bình",
            "Đảng bộ xã, phường, thị trấn",
            cast.cell_a1.code,
            0,
            "Có",
        ]
    ]
    assert "lỗi 1" in refused(tmp_path, into_itself, under)
    err = capsys.readouterr()
    assert err is not None


def test_problems_name_the_row_and_the_reason(cast, tmp_path):
    from lamtheobac.imports.services import orgs

    rows = [
        ["C1", "Chi bộ 1", "Chi bộ", "C2", 1, "Có"],
        ["C2", "Chi bộ 2", "Chi bộ", "C1", 2, "Có"],
        ["C3", "", "Chi bộ", "", 3, "Có"],
    ]
    result = orgs.plan(io.BytesIO(sheet(ORG_COLUMNS, rows)), "x.xlsx", cast.district_a)
    messages = [str(p) for p in result.problems]
    assert "Dòng 4, Tên tổ chức: Không được để trống." in messages
    assert any(
        m.startswith("Dòng 2, Mã tổ chức cấp trên: Vòng lặp trong cây tổ chức: C1 → C2 → C1")
        for m in messages
    )
    secret = orgs.plan(
        io.BytesIO(sheet(ORG_COLUMNS, [[cast.cell_b1.code, "X", "Chi bộ", "", 1, "Có"]])),
        "x.xlsx",
        cast.district_a,
    )
    assert [p.message for p in secret.problems] == [
        f"Mã {cast.cell_b1.code} đã dùng cho một tổ chức ngoài phạm vi nhập."
    ]
    assert "Khuổi Chắp" not in str(secret.problems)


def test_an_org_row_with_a_hostile_or_odd_cell_fails_alone_or_is_said(cast):
    from lamtheobac.imports import reader, values
    from lamtheobac.imports.services import orgs

    top = cast.district_a.code
    rows = [
        ["N1", "Chi bộ Nà Pài", "Chi bộ", top, "²", "Có"],  # a sort order in superscript digits
        ["N2", Formula("1+1", 2), "Chi bộ", top, 2, "Có"],  # a formula's result for a name
        ["N3", "Chi bộ " + "x" * 300, "Chi bộ", top, 3, "Có"],
        ["N4", "Chi bộ 4", "Chi bộ", top, 99999999999, "Có"],
        ["N5", "Chi bộ 5", "Chi bộ", top, "a)", "Có"],
        ["Tổng cộng: 5 chi bộ", "", "", "", "", ""],
        ["", "", "", "", "", "Người lập biểu"],
    ]
    result = orgs.plan(io.BytesIO(xlsx([c.header for c in ORG_COLUMNS], rows)), "x.xlsx", cast.district_a)
    assert [(p.row, p.column, p.message) for p in result.problems] == [
        (3, "Tên tổ chức", orgs.ERR_ORG_NAME_NO_LETTERS % {"value": "2"}),
        (4, "Tên tổ chức", values.ERR_TOO_LONG % {"n": "307", "max": "255"}),
        (5, "Thứ tự", orgs.ERR_SORT_ORDER_RANGE % {"value": "99999999999"}),
    ]
    assert [(n.row, n.message) for n in result.notes] == [
        (2, orgs.GUESS_SORT_ORDER % {"value": "²"}),
        (6, orgs.GUESS_SORT_ORDER % {"value": "a)"}),
        (7, reader.NOTE_TOTAL_ROW % {"text": "Tổng cộng: 5 chi bộ"}),
        (8, reader.NOTE_SIGNATURE % {"text": "Người lập biểu"}),
    ]


def test_a_dry_run_lists_what_each_update_would_change(cast, tmp_path):
    rows = org_rows(cast.district_a)
    cell = next(r for r in rows if r[0] == cast.cell_a1.code)
    cell[1] = "Chi bộ thôn Nà Pài Mới"
    cell[3] = cast.commune_a2.code
    commune = next(r for r in rows if r[0] == cast.commune_a2.code)
    commune[5] = "Không"
    out = run(tmp_path, "import_orgs", sheet(ORG_COLUMNS, rows), cast.district_a.code, dry_run=True)
    assert "cập nhật 2" in out
    assert f"{cast.cell_a1.code} — Tên tổ chức: Chi bộ thôn Nà Pài → Chi bộ thôn Nà Pài Mới" in out
    assert (
        f"{cast.cell_a1.code} — Mã tổ chức cấp trên: {cast.commune_a1.code} → {cast.commune_a2.code}" in out
    )
    assert f"{cast.commune_a2.code} — Đang hoạt động: Có → Không" in out
    assert Org.objects.get(pk=cast.cell_a1.pk).name == "Chi bộ thôn Nà Pài"  # a dry run writes nothing
