"""A reorganisation file applied as one operation: history never changes, the new units carry their
predecessors' years, and a refused or dry-run file writes nothing."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from lamtheobac.cycle.models import Record, RecordKind, RecordState
from lamtheobac.imports.services import reorganise as reorg
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation.models import Lineage, Org, OrgKind, OrgSpan, Person, PersonKind, RoleGrant
from lamtheobac.reports import selectors as reports_selectors
from lamtheobac.reports.services import counters
from tests.cycle.builders import open_year
from tests.factories import OrgFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

PAST = 2020
THIS = timezone.localdate().year
CHANGE = datetime.date(THIS - 1, 7, 1)  # a change dated last year, applied now (as in 2025–2026)


def _filed(kind: str, year: int, org: Org, person: Person | None = None) -> Record:
    moment = timezone.make_aware(datetime.datetime(year, 3, 1, 9))
    return Record.objects.create(
        kind=kind, year=year, org=org, person=person, state=RecordState.APPROVED, submitted_at=moment,
        approved_at=moment,
    )  # fmt: skip


@pytest.fixture
def tree():
    """A province with a district of three communes (a cell each, members in each cell), and the years
    2020 and the last two, each with plans and commitments."""
    province = OrgFactory(kind=OrgKind.PROVINCE_COMMITTEE, name="Đảng bộ tỉnh Thử", code="TINH")
    district = OrgFactory(
        kind=OrgKind.DISTRICT_COMMITTEE, name="Đảng bộ huyện Thử", code="HUYEN", parent=province
    )
    communes, cells = [], []
    for i, name in enumerate(["Lục Bình", "Vũ Muộn", "Vi Hương"]):
        commune = OrgFactory(
            kind=OrgKind.GRASSROOTS_COMMITTEE, name=f"Đảng bộ xã {name}", code=f"XA{i}", parent=district
        )
        cell = OrgFactory(kind=OrgKind.CELL, name=f"Chi bộ thôn {i}", code=f"CB{i}", parent=commune)
        communes.append(commune)
        cells.append(cell)
        for _ in range(2 + i):
            PersonFactory(org=cell, kind=PersonKind.MEMBER)
        PersonFactory(org=commune, kind=PersonKind.MEMBER)  # a member of the commune's own cell of officials
    for year in (PAST, THIS - 1, THIS):
        open_year(
            province, year=year, plan_org_kinds=[OrgKind.CELL, OrgKind.GRASSROOTS_COMMITTEE],
            commitment_person_kinds=[PersonKind.MEMBER],
            plan_deadline=datetime.date(year, 3, 31), commitment_deadline=datetime.date(year, 3, 31),
        )  # fmt: skip
        for org in [*communes, *cells]:
            _filed(RecordKind.PLAN, year, org)
        for person in Person.objects.filter(org__in=[*communes, *cells]):
            _filed(RecordKind.COMMITMENT, year, person.org, person)
    counters.reconcile()
    return province, district, communes, cells


def _csv(*rows: tuple) -> io.BytesIO:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(reorg.COLUMNS.values())
    writer.writerows(rows)
    return io.BytesIO(out.getvalue().encode())


MERGE_FILE = (
    (
        "thành lập",
        "",
        "XAMOI",
        "Đảng bộ xã Mới",
        "Đảng bộ xã, phường, thị trấn",
        "TINH",
        CHANGE.strftime("%d/%m/%Y"),
    ),
    ("hợp nhất", "XA0", "XAMOI", "", "", "", CHANGE.strftime("%d/%m/%Y")),
    ("hợp nhất", "XA1", "XAMOI", "", "", "", CHANGE.strftime("%d/%m/%Y")),
    ("chuyển", "XA2", "", "", "", "TINH", CHANGE.strftime("%d/%m/%Y")),
    ("giải thể", "HUYEN", "", "", "", "", CHANGE.strftime("%d/%m/%Y")),
)


def _figures(org: Org, year: int, *, lineage: bool = False) -> tuple[int, ...]:
    total = reports_selectors.dashboard(org, year, lineage=lineage).total
    return (total.orgs_required, total.plans_filed, total.people_required, total.commitments_filed)


def _apply(rows, **options) -> reorg.Outcome:
    lines, problems = reorg.read_file(_csv(*rows), "sap-xep.csv")
    return reorg.run(lines, actor=None, dry_run=options.pop("dry_run", False), problems=problems, **options)


def test_a_merge_keeps_every_earlier_figure_and_carries_the_past_into_the_new_commune(tree):
    province, district, communes, _cells = tree
    before = {
        (org.pk, year): _figures(org, year)
        for org in [province, district, *communes]
        for year in (PAST, THIS - 2)
    }
    outcome = _apply(MERGE_FILE)
    assert outcome.ok, [str(p) for p in outcome.problems]
    assert outcome.applied and all(t.equal for t in outcome.totals)
    new = Org.objects.get(code="XAMOI")
    # history as it was: not one figure of an earlier year moved, for any org, ended or not
    for (pk, year), figures in before.items():
        assert _figures(Org.objects.get(pk=pk), year) == figures
    district.refresh_from_db()
    assert not district.active and district.ended_on == CHANGE - datetime.timedelta(days=1)
    assert _figures(district, PAST) == before[(district.pk, PAST)] != (0, 0, 0, 0)
    # the new commune did not exist in 2020; carried in, it shows what its predecessors had
    assert reports_selectors.dashboard(new, PAST).existed is False
    carried = _figures(new, PAST, lineage=True)
    a, b = (before[(c.pk, PAST)] for c in communes[:2])
    assert carried == tuple(x + y for x, y in zip(a, b, strict=True))
    assert set(
        Lineage.objects.filter(successor=new, kind="merge").values_list("predecessor__code", flat=True)
    ) == {
        "XA0",
        "XA1",
    }
    # this year the merged communes' people and cells are the new commune's
    now = Person.objects.filter(active=True, org__path__startswith=new.path)
    assert _figures(new, THIS)[2] == now.count() == sum(2 + i + 1 for i in range(2))
    assert (
        Record.objects.filter(year=THIS, kind=RecordKind.COMMITMENT, org=new).count() == 2
    )  # moved with them
    assert (
        Record.objects.filter(year=PAST, kind=RecordKind.COMMITMENT, org=communes[0]).count() == 1
    )  # stayed
    assert counters.reconcile(repair=False) == []


def test_the_province_chain_of_spans_names_the_district_for_earlier_years(tree):
    _province, district, communes, cells = tree
    assert _apply(MERGE_FILE).applied
    cell = Org.objects.get(pk=cells[0].pk)
    assert cell.parent.code == "XAMOI"
    then = OrgSpan.objects.filter(org=cell, first_year__lte=PAST, last_year__gte=PAST).get()
    assert then.path.startswith(district.path) and then.parent_id == communes[0].pk
    assert (
        OrgSpan.objects.filter(org=cell, first_year__lte=THIS, last_year__gte=THIS).get().parent.code
        == "XAMOI"
    )


def test_a_refused_file_writes_nothing_and_names_each_row(tree):
    counts = (
        Org.objects.count(),
        OrgSpan.objects.count(),
        Lineage.objects.count(),
        Person.objects.filter(org__code="CB0").count(),
    )
    rows = (
        *MERGE_FILE,
        ("chuyển", "KHONG-CO", "", "", "", "TINH", "01/07/2025"),
        ("đổi tên", "XA2", "", "", "Loại lạ", "", "01/07/2025"),
        ("hợp nhất", "XA0", "XAMOI", "", "", "", "31/02/2025"),
    )
    outcome = _apply(rows)
    assert not outcome.applied
    rows_refused = {p.row for p in outcome.problems}
    assert {7, 8, 9} <= rows_refused
    assert (
        Org.objects.count(),
        OrgSpan.objects.count(),
        Lineage.objects.count(),
        Person.objects.filter(org__code="CB0").count(),
    ) == counts


def test_a_row_refused_while_applying_rolls_back_the_rows_before_it(tree):
    spans = OrgSpan.objects.count()
    rows = (
        MERGE_FILE[0],
        ("giải thể", "XA0", "", "", "", "", CHANGE.strftime("%d/%m/%Y")),
    )  # it still has a cell
    outcome = _apply(rows)
    assert not outcome.applied and [p.row for p in outcome.problems] == [3]
    assert not Org.objects.filter(code="XAMOI").exists() and OrgSpan.objects.count() == spans


def test_a_dry_run_shows_the_change_and_writes_nothing(tree):
    outcome = _apply(MERGE_FILE, dry_run=True)
    assert outcome.ok and not outcome.applied
    assert outcome.people_moving == 2 and outcome.records_moving == 4  # the communes' own members, two years
    assert any(c.code == "HUYEN" and c.before != c.after for c in outcome.changes)
    assert not Org.objects.filter(code="XAMOI").exists()
    assert Org.objects.get(code="HUYEN").active


def test_the_command_exits_1_on_a_refusal_and_applies_a_good_file(tree, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv(("chuyển", "KHONG-CO", "", "", "", "TINH", "01/07/2025")).getvalue())
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("reorganise", str(bad), stderr=err, stdout=io.StringIO())
    assert refused.value.returncode == 1 and "Dòng 2" in err.getvalue()
    good = tmp_path / "good.csv"
    good.write_bytes(_csv(*MERGE_FILE).getvalue())
    call_command("reorganise", str(good), "--dry-run", stdout=io.StringIO())
    assert not Org.objects.filter(code="XAMOI").exists()
    out = io.StringIO()
    call_command("reorganise", str(good), stdout=out)
    assert Org.objects.filter(code="XAMOI").exists() and "bằng nhau" in out.getvalue()


def test_an_officer_cannot_reorganise_outside_the_scope(tree):
    _province, district, _communes, _cells = tree
    other = OrgFactory(kind=OrgKind.PROVINCE_COMMITTEE, code="KHAC")
    officer = UserFactory()
    RoleGrant.objects.create(user=officer, org=district, role="officer")
    lines, problems = reorg.read_file(_csv(("chuyển", "XA2", "", "", "", "KHAC", "01/07/2025")), "x.csv")
    outcome = reorg.run(lines, actor=officer, dry_run=False, problems=problems)
    assert not outcome.applied and any("phạm vi" in p.message for p in outcome.problems)
    assert Org.objects.get(code="XA2").parent_id == district.pk and other.children.count() == 0


def test_a_successors_leader_reads_the_predecessors_past_but_cannot_change_it(tree):
    from django.core.exceptions import ValidationError

    from lamtheobac.cycle import access as cycle_access
    from lamtheobac.cycle import services as cycle_services

    _province, _district, communes, _cells = tree
    assert _apply(MERGE_FILE).applied
    leader = UserFactory()
    RoleGrant.objects.create(user=leader, org=Org.objects.get(code="XAMOI"), role="leader")
    past = Record.objects.filter(org=communes[0], year=PAST, kind=RecordKind.COMMITMENT).get()
    Record.objects.filter(pk=past.pk).update(
        state=RecordState.SUBMITTED
    )  # waiting, as a returnable one would
    past.refresh_from_db()
    assert cycle_access.records_visible_to(leader).filter(pk=past.pk).exists()  # carried in: visible
    with pytest.raises(ValidationError) as refused:
        cycle_services.record_return(actor=leader, record=past, comment="Sửa lại")
    assert "kết thúc hoạt động" in " ".join(refused.value.messages)
    past.refresh_from_db()
    assert past.state == RecordState.SUBMITTED


def test_a_report_dated_before_the_change_is_headed_by_the_tree_of_its_date(tree):

    _province, _district, _communes, _cells = tree
    assert _apply(MERGE_FILE).applied
    cell = Org.objects.get(code="CB0")
    then = org_selectors.header_for(cell, on=datetime.date(PAST, 12, 1))
    now = org_selectors.header_for(cell, on=timezone.localdate())
    assert "LỤC BÌNH" in then.superior and "MỚI" in now.superior


def test_a_unit_added_on_the_page_leaves_the_years_before_as_they_were(tree, client):
    from django.urls import reverse

    province, district, communes, _cells = tree
    admin = UserFactory()
    RoleGrant.objects.create(user=admin, org=province, role="officer")
    before = {year: _figures(district, year) for year in (PAST, THIS - 1, THIS)}
    client.force_login(admin)
    form = {"name": "Chi bộ thôn Mới", "code": "CB-MOI", "kind": OrgKind.CELL, "sort_order": 0}
    assert client.post(reverse("organisation:org-create", args=[communes[0].pk]), form).status_code == 302
    new = Org.objects.get(code="CB-MOI")
    assert new.began_on == timezone.localdate()
    assert {year: _figures(district, year) for year in (PAST, THIS - 1)} == {
        y: before[y] for y in (PAST, THIS - 1)
    }
    assert _figures(district, THIS)[0] == before[THIS][0] + 1  # required to file from this year on


def _state() -> dict:
    """The tree, its time, its history and its maintained counts, named by codes (ids differ between runs)."""
    from lamtheobac.organisation.models import OrgEvent, segment
    from lamtheobac.reports.models import Tally
    from lamtheobac.reports.selectors.tallies import COLUMNS

    codes = dict(Org.objects.values_list("pk", "code"))

    def path(p: str) -> str:
        return "/".join(codes[int(p[i : i + 8])] for i in range(0, len(p), 8))

    def detail(d: dict) -> dict:
        return {k: codes.get(v, v) if isinstance(v, int) else v for k, v in d.items() if k != "sources"}

    assert len(segment(0)) == 8
    return {
        "orgs": sorted(
            (
                o.code,
                codes.get(o.parent_id),
                path(o.path),
                o.depth,
                o.active,
                o.ended_on,
                codes.get(o.merged_into_id),
                o.since,
            )
            for o in Org.objects.all()
        ),
        "spans": sorted(
            (
                codes[s.org_id],
                codes.get(s.parent_id),
                path(s.path),
                s.name,
                s.kind,
                s.valid_from,
                s.valid_to,
                s.first_year,
                s.last_year,
            )
            for s in OrgSpan.objects.all()
        ),
        "lineage": [
            (x.kind, codes.get(x.predecessor_id), codes.get(x.successor_id), x.effective_on, detail(x.detail))
            for x in Lineage.objects.order_by("id")
        ],
        "events": [(codes[e.org_id], e.kind, detail(e.detail)) for e in OrgEvent.objects.order_by("id")],
        "people": sorted(Person.objects.values_list("full_name", "org__code", "active")),
        "grants": sorted(RoleGrant.objects.values_list("user__username", "org__code", "role")),
        "records": sorted(Record.objects.values_list("kind", "year", "org__code", "person__full_name")),
        "tallies": sorted(
            (codes[t["org_id"]], t["scope"], t["year"], *(t[c] for c in COLUMNS))
            for t in Tally.objects.values("org_id", "scope", "year", *COLUMNS)
        ),
    }


class _Undo(Exception):
    pass


def test_merges_written_together_leave_what_merges_row_by_row_leave(tree, monkeypatch):
    """The run of merges of a file is written in a few statements (``org_merge_many``): the tree, its spans,
    lineage, events, people, records, grants and counts end exactly as ``org_merge`` row by row leaves them."""
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from lamtheobac.organisation import services

    RoleGrant.objects.create(user=UserFactory(), org=Org.objects.get(code="XA1"), role="leader")
    rows = (
        *MERGE_FILE[:1],
        ("thành lập", "", "XAMOI2", "Đảng bộ xã Mới Hai", "Đảng bộ xã, phường, thị trấn", "TINH",
         CHANGE.strftime("%d/%m/%Y")),
        *MERGE_FILE[1:3],
        ("hợp nhất", "XA2", "XAMOI2", "", "", "", CHANGE.strftime("%d/%m/%Y")),
        ("giải thể", "HUYEN", "", "", "", "", CHANGE.strftime("%d/%m/%Y")),
    )  # fmt: skip
    written = []
    real = services.org_merge_many
    monkeypatch.setattr(
        services, "org_merge_many", lambda **kw: written.append(len(kw["pairs"])) or real(**kw)
    )
    try:
        with transaction.atomic():
            outcome = _apply(rows)
            assert outcome.applied, [str(p) for p in outcome.problems]
            together = (_state(), outcome.people_moving, outcome.records_moving)
            raise _Undo
    except _Undo:
        pass
    assert written == [3]  # the three merges, in one run

    def refuse(**kw):
        raise ValidationError("row by row")

    monkeypatch.setattr(services, "org_merge_many", refuse)  # every run replayed through ``org_merge``
    outcome = _apply(rows)
    assert outcome.applied, [str(p) for p in outcome.problems]
    assert (_state(), outcome.people_moving, outcome.records_moving) == together
    assert counters.reconcile(repair=False) == []


def test_a_refused_merge_in_a_run_is_named_by_its_row_and_nothing_is_written(tree):
    spans, events = OrgSpan.objects.count(), Lineage.objects.count()
    Org.objects.filter(code="CB1").update(began_on=CHANGE + datetime.timedelta(days=1))  # a cell begun later
    outcome = _apply(MERGE_FILE[:3])
    assert not outcome.applied and [p.row for p in outcome.problems] == [4]
    assert not Org.objects.filter(code="XAMOI").exists()
    assert Org.objects.filter(code__in=["XA0", "XA1"], active=True).count() == 2
    assert (OrgSpan.objects.count(), Lineage.objects.count()) == (spans, events)


def test_a_merge_into_a_unit_a_run_just_moved_is_refused_as_row_by_row(tree):
    rows = (*MERGE_FILE[:2], ("hợp nhất", "CB0", "XAMOI", "", "", "", CHANGE.strftime("%d/%m/%Y")))
    outcome = _apply(rows)
    assert not outcome.applied and [p.row for p in outcome.problems] == [4]


def test_a_unit_created_under_a_cell_a_run_moves_is_created_where_the_cell_now_stands(tree):
    day = CHANGE.strftime("%d/%m/%Y")
    rows = (
        *MERGE_FILE[:2],
        ("thành lập", "", "CBMOI", "Chi bộ Mới", "Chi bộ trực thuộc", "CB0", day),
        MERGE_FILE[2],
    )
    outcome = _apply(rows)
    assert outcome.applied, [str(p) for p in outcome.problems]
    new, cell = Org.objects.get(code="CBMOI"), Org.objects.get(code="CB0")
    assert new.parent_id == cell.pk and new.path.startswith(cell.path)
    assert cell.path.startswith(Org.objects.get(code="XAMOI").path)
    assert OrgSpan.objects.get(org=new, valid_to__isnull=True).path == new.path
    assert counters.reconcile(repair=False) == []
