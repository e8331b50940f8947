"""The demo's mapping file of 1/7/2025 names only orgs that exist when its row is reached, in an order that works.

The rows are applied one by one to the demo's tree of 30/6/2025 kept in memory, with the rules the
``reorganise`` command checks: a merge or a move goes into a living org, nothing ends twice, a district ends
only once it holds no unit and no person. At the end the whole living tree hangs under Đảng bộ tỉnh Thái
Nguyên and every old commune has been carried into a new one.
"""

from __future__ import annotations

import csv
import datetime
import importlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import lamtheobac
from lamtheobac.organisation.models import OrgKind

FILE = Path(lamtheobac.__file__).parent / "demo" / "data" / "reorganisation-2025.csv"
HEADERS = ["Thao tác", "Mã", "Mã mới", "Tên mới", "Loại mới", "Trực thuộc (mã)", "Ngày hiệu lực"]
OPERATIONS = {"thành lập", "hợp nhất", "chuyển", "đổi tên", "chia tách", "giải thể"}
PROVINCE_BEFORE = "TU-BK"  # Đảng bộ tỉnh Bắc Kạn, which the demo builds above the district (see the README)
PROVINCE_AFTER = "TU-TN"
LABELS = {str(label): value for value, label in OrgKind.choices}


@dataclass
class Node:
    code: str
    parent: str
    kind: str
    name: str = ""
    people: int = 0
    active: bool = True
    carried_into: str = ""


@dataclass
class Tree:
    nodes: dict[str, Node] = field(default_factory=dict)

    def living(self, code: str, row: int) -> Node:
        assert code in self.nodes, f"row {row}: {code} is neither in the demo's tree nor created before"
        node = self.nodes[code]
        assert node.active, f"row {row}: {code} has already ended"
        return node

    def children(self, code: str) -> list[Node]:
        return [n for n in self.nodes.values() if n.active and n.parent == code]

    def ancestors(self, code: str) -> list[str]:
        out = []
        while code:
            out.append(code)
            code = self.nodes[code].parent
        return out


def demo_module():
    """The demo district's data, wherever the demo code lives."""
    for name in ("lamtheobac.demo.data.bach_thong",):
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError:
            continue
    pytest.fail("the demo district's data (bach_thong) is not found")


def demo_tree() -> Tree:
    """The demo's tree of 30/6/2025: the district's units as ``bach_thong`` builds them, under Bắc Kạn."""
    bach_thong = demo_module()
    tree = Tree(
        {PROVINCE_BEFORE: Node(PROVINCE_BEFORE, "", OrgKind.PROVINCE_COMMITTEE, "Đảng bộ tỉnh Bắc Kạn")}
    )
    for unit, parent in bach_thong.walk(bach_thong.district()):
        people = 1 if unit.roster is not None else 0
        tree.nodes[unit.code] = Node(
            unit.code, parent.code if parent else PROVINCE_BEFORE, unit.kind, unit.name, people
        )
    return tree


def rows() -> list[dict[str, str]]:
    text = FILE.read_text(encoding="utf-8")
    assert text == unicodedata.normalize("NFC", text)
    reader = csv.reader(text.splitlines())
    assert next(reader) == HEADERS
    return [dict(zip(HEADERS, [v.strip() for v in line], strict=True)) for line in reader if any(line)]


def apply(tree: Tree, number: int, row: dict[str, str]) -> None:
    op, code, new, name, kind, parent = (row[h] for h in HEADERS[:6])
    assert op in OPERATIONS, f"row {number}: {op!r}"
    assert not kind or kind in LABELS, f"row {number}: the kind {kind!r} is no label of OrgKind"
    if op == "thành lập":
        assert new and new not in tree.nodes and name and kind, (
            f"row {number}: {new} created twice or incomplete"
        )
        if parent:
            tree.living(parent, number)
        tree.nodes[new] = Node(new, parent, LABELS[kind], name)
    elif op in ("hợp nhất", "chia tách"):
        node, into = tree.living(code, number), tree.living(new, number)
        assert code not in tree.ancestors(new), f"row {number}: {code} cannot go into its own subtree"
        if op == "chia tách":
            node.parent = new
            return
        for child in tree.children(code):
            child.parent = new
        into.people, node.people = into.people + node.people, 0
        node.active, node.carried_into = False, new
    elif op == "chuyển":
        node = tree.living(code, number)
        tree.living(parent, number)
        assert code not in tree.ancestors(parent), f"row {number}: moving {code} under {parent} makes a cycle"
        node.parent = parent
    elif op == "đổi tên":
        node = tree.living(code, number)
        assert name, f"row {number}: no new name"
        node.name, node.kind = name, LABELS[kind] if kind else node.kind
    else:  # giải thể
        node = tree.living(code, number)
        assert not tree.children(code), f"row {number}: {code} still has units under it"
        assert not node.people, f"row {number}: {code} still has people"
        node.active = False


def test_the_file_has_the_headers_and_the_dates_of_a_reorganisation_file():
    for row in rows():
        assert datetime.datetime.strptime(row["Ngày hiệu lực"], "%d/%m/%Y").date() == datetime.date(
            2025, 7, 1
        )


def test_applied_row_by_row_it_takes_the_demo_to_the_tree_of_1_7_2025():
    tree = demo_tree()
    communes = [code for code, n in tree.nodes.items() if n.parent == "HU-BT" and n.kind == OrgKind.GRASSROOTS_COMMITTEE
                and n.name.startswith(("Đảng bộ xã", "Đảng bộ thị trấn"))]  # fmt: skip
    for number, row in enumerate(rows(), start=2):
        apply(tree, number, row)

    assert not tree.nodes["HU-BT"].active and tree.nodes[PROVINCE_BEFORE].carried_into == PROVINCE_AFTER
    assert len(communes) == 15
    for code in communes:
        into = tree.nodes[tree.nodes[code].carried_into]
        assert into.kind == OrgKind.COMMUNE_COMMITTEE and into.parent == PROVINCE_AFTER, code
    assert tree.nodes["BT-LB"].carried_into == "TN-PT"
    for node in tree.nodes.values():
        if node.active:
            assert tree.ancestors(node.code)[-1] == PROVINCE_AFTER, node.code
            assert all(tree.nodes[c].active for c in tree.ancestors(node.code)), node.code


def test_the_new_kinds_are_written_as_the_pages_show_them():
    kinds = {row["Loại mới"] for row in rows() if row["Loại mới"]}
    assert {
        "Đảng bộ xã, phường, đặc khu",
        "Đảng bộ các cơ quan Đảng tỉnh",
        "Đảng bộ Ủy ban nhân dân tỉnh",
    } <= kinds
    assert kinds <= set(LABELS)
