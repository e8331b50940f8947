"""Property: whatever a reorganisation does to a random tree, the past stays as it was and today's units carry
their predecessors' years.

Random provinces (districts, communes, cells, members), random plans and commitments over five years, then a
random reorganisation file (new communes, merges into them, a move between districts, a split of a cell, a
rename, the emptied district ended) applied through ``reorganise``. Then, for every org and every year wholly
before the change, the dashboard "as it was" reads what it read before; every new commune's figures carried in
equal the sum of its predecessors' (the moved cell for a split); the maintained counts equal a recount.
"""

from __future__ import annotations

import csv
import datetime
import io
import random

import pytest
from django.utils import timezone

from lamtheobac.cycle.models import Record, RecordKind, RecordState
from lamtheobac.imports.services import reorganise as reorg
from lamtheobac.organisation.models import Org, OrgKind, Person, PersonKind
from lamtheobac.reports import selectors as reports_selectors
from lamtheobac.reports.services import counters
from tests.cycle.builders import open_year
from tests.factories import OrgFactory, PersonFactory

pytestmark = pytest.mark.django_db

THIS = timezone.localdate().year
YEARS = list(range(THIS - 4, THIS + 1))
SHOWN = (
    "orgs_required", "plans_filed", "plans_approved", "people_required", "commitments_filed",
    "commitments_approved", "cells",
)  # fmt: skip


def _figures(board: reports_selectors.Dashboard) -> tuple[int, ...]:
    return tuple(getattr(board.total, name) for name in SHOWN)


def _record(rng: random.Random, kind: str, year: int, org: Org, person: Person | None = None) -> None:
    state = rng.choice([RecordState.DRAFT, RecordState.SUBMITTED, RecordState.APPROVED, RecordState.RETURNED])
    moment = timezone.make_aware(datetime.datetime(year, 3, 1, 9))
    Record.objects.create(
        kind=kind, year=year, org=org, person=person, state=state,
        submitted_at=None if state == RecordState.DRAFT else moment,
        approved_at=moment if state == RecordState.APPROVED else None,
    )  # fmt: skip


def _province(rng: random.Random, seed: int) -> tuple[Org, list[Org], list[Org]]:
    province = OrgFactory(kind=OrgKind.PROVINCE_COMMITTEE, code=f"P{seed}", name=f"Đảng bộ tỉnh Số {seed}")
    districts, communes = [], []
    for d in range(2):
        district = OrgFactory(kind=OrgKind.DISTRICT_COMMITTEE, code=f"P{seed}D{d}", parent=province)
        districts.append(district)
        for c in range(rng.randint(3, 4)):
            commune = OrgFactory(kind=OrgKind.GRASSROOTS_COMMITTEE, code=f"P{seed}D{d}C{c}", parent=district)
            communes.append(commune)
            PersonFactory(org=commune, kind=PersonKind.MEMBER)
            for k in range(rng.randint(1, 3)):
                cell = OrgFactory(kind=OrgKind.CELL, code=f"P{seed}D{d}C{c}K{k}", parent=commune)
                for _ in range(rng.randint(1, 3)):
                    PersonFactory(org=cell, kind=rng.choice([PersonKind.MEMBER, PersonKind.PROBATIONARY]))
    for year in YEARS:
        open_year(
            province, year=year, plan_org_kinds=[OrgKind.CELL, OrgKind.GRASSROOTS_COMMITTEE],
            commitment_person_kinds=[PersonKind.MEMBER, PersonKind.PROBATIONARY],
            plan_deadline=datetime.date(year, 3, 31), commitment_deadline=datetime.date(year, 3, 31),
        )  # fmt: skip
        for org in Org.objects.filter(path__startswith=province.path).exclude(pk=province.pk):
            if rng.random() < 0.8:
                _record(rng, RecordKind.PLAN, year, org)
        for person in Person.objects.filter(org__path__startswith=province.path):
            if rng.random() < 0.85:
                _record(rng, RecordKind.COMMITMENT, year, person.org, person)
    return province, districts, communes


def _file(rows: list[tuple]) -> io.BytesIO:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(reorg.COLUMNS.values())
    writer.writerows(rows)
    return io.BytesIO(out.getvalue().encode())


@pytest.mark.parametrize(("seed", "many"), [(1, None), (2, None), (3, 0)])
def test_a_random_reorganisation_keeps_the_past_and_carries_it_into_the_new_units(seed, many, monkeypatch):
    """``many`` 0: the counters' rows are written back in bulk however few change (the path a province takes)."""
    if many is not None:
        monkeypatch.setattr(counters, "MANY", many)
    rng = random.Random(seed)
    province, districts, communes = _province(rng, seed)
    counters.reconcile()
    on = datetime.date(THIS - 1, rng.choice([1, 4, 7]), 1)
    before = [y for y in YEARS if y < on.year]
    orgs = list(Org.objects.filter(path__startswith=province.path))
    was = {(o.pk, y): _figures(reports_selectors.dashboard(o, y)) for o in orgs for y in before}

    # the file: two new communes under the province, each taking in communes of the first district; a commune
    # of the second district moves under the first; a cell of another commune is split off into the first
    # new commune; one commune renamed; the first district, emptied, ends
    date = on.strftime("%d/%m/%Y")
    first = [c for c in communes if c.parent_id == districts[0].pk]
    second = [c for c in communes if c.parent_id == districts[1].pk]
    rng.shuffle(first)
    merged = {f"P{seed}N0": first[:2], f"P{seed}N1": first[2:]}
    moved, renamed = second[0], second[-1]
    split_cell = Org.objects.filter(parent=second[1], kind=OrgKind.CELL).order_by("pk").first()
    kind_label = str(OrgKind.GRASSROOTS_COMMITTEE.label)
    rows = [
        ("thành lập", "", code, f"Đảng bộ xã Mới {code}", kind_label, province.code, date) for code in merged
    ]
    rows += [("hợp nhất", c.code, code, "", "", "", date) for code, group in merged.items() for c in group]
    rows += [
        ("chuyển", moved.code, "", "", "", districts[0].code, date),
        ("chia tách", split_cell.code, f"P{seed}N0", "", "", "", date),
        ("đổi tên", renamed.code, "", "Đảng bộ phường Đổi Tên", "", "", date),
        ("chuyển", moved.code, "", "", "", province.code, date),
        ("giải thể", districts[0].code, "", "", "", "", date),
    ]
    lines, problems = reorg.read_file(_file(rows), "ngau-nhien.csv")
    outcome = reorg.run(lines, actor=None, dry_run=False, problems=problems)
    assert outcome.applied, [str(p) for p in outcome.problems]

    # 1. the past as it was: every org (ended, moved, renamed or untouched), every year before the change
    for (pk, year), figures in was.items():
        assert _figures(reports_selectors.dashboard(Org.objects.get(pk=pk), year)) == figures, (pk, year)
    # 2. carried in: a new commune's years before it existed are its predecessors' (and the cell split off)
    for code, group in merged.items():
        new = Org.objects.get(code=code)
        parts = [c.pk for c in group] + ([split_cell.pk] if code.endswith("N0") else [])
        for year in before:
            expected = tuple(sum(was[(pk, year)][i] for pk in parts) for i in range(len(SHOWN)))
            assert _figures(reports_selectors.dashboard(new, year, lineage=True)) == expected, (code, year)
            assert not reports_selectors.dashboard(new, year).existed
    # the province, as it was and carried in, reads the same before the change: nothing lost, nothing doubled
    for year in before:
        assert _figures(reports_selectors.dashboard(province, year, lineage=True)) == was[(province.pk, year)]
    # 3. the maintained counts are a recount, every year
    assert counters.reconcile(repair=False) == []
    # and the years from the change on, counted on the new tree, have the merged people under the new units
    assert Person.objects.filter(org__code__in=list(merged), active=True).count() == sum(
        len(group) for group in merged.values()
    )
