"""Scope rules of the quality page and the check while typing, for tests/test_scope.py."""

from __future__ import annotations

from lamtheobac.cycle import services as cycle
from lamtheobac.cycle.models import RecordKind
from tests.factories import PersonFactory

ROUTES = {
    # without ?org= the page shows the user's own subtree; ?org= outside it is tested in test_views
    "reports:quality": "self",
    "quality:check": lambda c: {"record_id": c.b.record.pk},
}

SECRET_ACTION = "Tuần tra bảo vệ rừng đầu nguồn Khuổi Chắp 8841 mỗi tuần một lần"
SECRETS = [SECRET_ACTION]


def build(cast) -> None:
    """A cluster in district B: two people of the Khuổi Chắp cell filed the same secret commitment."""
    for name in ("Bế Văn Sao", "Bế Thị Chép"):
        person = PersonFactory(full_name=name, org=cast.cell_b1)
        record = cycle.record_create(actor=None, kind=RecordKind.COMMITMENT, year=2026, person=person)
        items = [cycle.ItemInput(action=f"{SECRET_ACTION} {i}") for i in range(3)]
        record = cycle.record_save(actor=None, record=record, version=record.version, items=items)
        cycle.record_submit(actor=None, record=record)


def MIRROR(cast) -> dict:
    return {}
