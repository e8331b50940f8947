"""The maintained counts stay equal to a recount of the records after every kind of change the pages make,
the dashboard reads them (a handful of queries whatever the size of the tree), and ``reconcile`` finds and
repairs any difference."""

from __future__ import annotations

import datetime
import io
from unittest.mock import patch

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models.signals import pre_save
from django.test.utils import CaptureQueriesContext

from lamtheobac.activities.models import CommendationForm, Inspection, InspectionKind, PilotStatus, StudyKind
from lamtheobac.activities.services import exemplars, inspections, pilots, study
from lamtheobac.cycle import services
from lamtheobac.cycle.models import Period, Rating, Record, RecordKind, RecordState
from lamtheobac.cycle.services import PeriodInput
from lamtheobac.lib import loaded
from lamtheobac.organisation import services as org_services
from lamtheobac.organisation.models import Org, OrgKind, Person, PersonKind
from lamtheobac.reports import selectors as reports_selectors
from lamtheobac.reports.models import Tally, TallyScope, TallyYear
from lamtheobac.reports.receivers import COUNTED
from lamtheobac.reports.services import counters
from tests.cycle.builders import assess_all, in_days, item_inputs, make_commitment, make_plan, open_year
from tests.factories import OrgFactory, PersonFactory
from tests.imports.test_people import workbook

from ..shared import once_per_module
from .randomdata import YEAR, build_district, recount

pytestmark = pytest.mark.django_db


def assert_true_to_the_records(district: Org) -> None:
    """No maintained row differs from a recount, and the dashboard (read from them) shows the recount."""
    assert counters.reconcile(repair=False) == []
    for year in (YEAR - 1, YEAR):
        board = reports_selectors.dashboard(district, year)
        assert board.total.as_dict() == recount(district, year).as_dict()
        for row in board.children:
            assert row.figures.as_dict() == recount(row.org, year).as_dict(), row.org.name
    # the trend under the dashboard, read from the maintained rows, shows each year's dashboard figures
    years, trend = reports_selectors.history(district)
    assert years == list(range(YEAR, years[-1] - 1, -1))
    for shown in trend:
        total = reports_selectors.dashboard(district, shown.year).total
        assert (shown.plans_filed, shown.commitments_filed, shown.ratings, shown.pilots_new) == (
            total.plans_filed,
            total.commitments_filed,
            total.ratings,
            total.pilots_new,
        ), shown.year


def _district() -> Org:
    district = build_district(7)
    assert counters.reconcile()  # built from nothing: every row was missing
    assert set(reports_selectors.built_years()) >= {YEAR - 1, YEAR}
    assert_true_to_the_records(district)
    return district


# Built once for the module; each test changes its own copy, rolled back after it (tests/shared.py).
random_district = once_per_module(_district)


@pytest.fixture
def district(random_district, db, request, settings) -> Org:
    return random_district.fresh(request, settings)


def _commune(district: Org, n: int = 0) -> Org:
    return district.children.filter(active=True).order_by("pk")[n]


def _member(org: Org) -> Person:
    return PersonFactory(org=org, kind=PersonKind.MEMBER)


def test_the_dashboard_reads_the_counters_not_the_records(district):
    with CaptureQueriesContext(connection) as queries:
        reports_selectors.dashboard(district, YEAR)
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "reports_tally" in sql
    assert "cycle_recorditem" not in sql and 'cycle_record"' not in sql.replace("cycle_record_", "")
    # with the year not built, the same page counts the records (and agrees)
    TallyYear.objects.filter(year=YEAR).delete()
    with CaptureQueriesContext(connection) as queries:
        live = reports_selectors.dashboard(district, YEAR)
    assert "cycle_record" in " ".join(q["sql"] for q in queries.captured_queries)
    assert live.total.as_dict() == recount(district, YEAR).as_dict()


def test_a_commitment_through_its_whole_life(district):
    commune = _commune(district)
    person = _member(commune)
    assert_true_to_the_records(district)
    record = make_commitment(person=person, n=4)
    assert_true_to_the_records(district)
    record = services.record_submit(actor=None, record=record)
    assert_true_to_the_records(district)
    record = services.record_return(actor=None, record=record, comment="Cần ghi rõ số lượng")
    assert_true_to_the_records(district)
    record = services.record_save(actor=None, record=record, version=record.version, items=item_inputs(6))
    record = services.record_submit(actor=None, record=record)
    record = services.record_approve(actor=None, record=record)
    assert_true_to_the_records(district)
    assessments = assess_all(record, exceeded=True)  # xuất sắc: beyond the requirement (QĐ 366, Điều 11)
    record = services.record_self_assess(actor=None, record=record, assessments=assessments)
    record = services.record_rate(actor=None, record=record, rating=Rating.EXCELLENT, score=95)
    assert_true_to_the_records(district)
    assert reports_selectors.dashboard(district, YEAR).total.ratings[Rating.EXCELLENT] >= 1


def test_plans_bulk_approval_and_a_copied_commitment(district):
    commune = _commune(district, 1)
    plan = make_plan(org=OrgFactory(kind=OrgKind.CELL, parent=commune))
    services.record_submit(actor=None, record=plan)
    assert_true_to_the_records(district)
    writers = [_member(commune) for _ in range(3)]
    submitted = []
    for person in writers:  # the same words three times: a cluster of near-identical commitments
        submitted.append(services.record_submit(actor=None, record=make_commitment(person=person, n=3)))
    assert_true_to_the_records(district)
    versions = {r.pk: r.version for r in submitted}
    assert len(services.records_bulk_approve(actor=None, records=submitted, versions=versions).approved) == 3
    assert_true_to_the_records(district)


def test_a_record_sent_back_by_a_plain_save_is_recounted(district):
    """Returned for correction is not filed: the state is watched, not only the dates (a database shell or
    a repair script saves a record without going through the services)."""
    record = _unclustered_submitted_commitment()
    record.state = RecordState.RETURNED
    record.save()
    assert_true_to_the_records(district)


def _unclustered_submitted_commitment() -> Record:
    # one outside any cluster (a clustered one would leave its colleagues' clusters to quality_refresh)
    submitted = Record.objects.filter(year=YEAR, kind=RecordKind.COMMITMENT, state=RecordState.SUBMITTED)
    return submitted.filter(quality__cluster__isnull=True).first()


def _built_in_memory(record: Record, **changes) -> Record:
    """The row of ``record`` as an instance that was never loaded (a repair script building it by its id)."""
    values = {f.attname: getattr(record, f.attname) for f in Record._meta.concrete_fields} | changes
    stranger = Record(**values)
    stranger._state.adding = False
    return stranger


@pytest.mark.parametrize(
    "changes",
    [{"state": RecordState.RETURNED}, {"year": YEAR - 1}],
    ids=["state", "year"],
)
def test_a_record_saved_without_having_been_loaded_is_recounted(district, changes):
    """What the row held before is not known to a receiver of an instance never loaded (nothing reads it
    before the save): the org's figures are recounted in every built year, the old year's included."""
    record = _unclustered_submitted_commitment()
    if "year" in changes:  # its writer's commitment of that year makes room (one per person and year)
        Record.objects.filter(person_id=record.person_id, year=changes["year"]).delete()
    stranger = _built_in_memory(record, **changes)
    assert loaded.loaded(stranger) is None
    stranger.save()
    assert_true_to_the_records(district)


def test_a_record_refreshed_after_a_bulk_write_compares_with_what_it_read_again(district):
    """A service that writes behind ``save()`` and reads the row again: the next save compares with the values
    read again, not with those of the first load."""
    record = _unclustered_submitted_commitment()
    Record.objects.filter(pk=record.pk).update(state=RecordState.RETURNED)
    counters.touch([record.org_id], record.year)
    record.refresh_from_db()
    assert loaded.loaded(record)["state"] == RecordState.RETURNED
    record.state = RecordState.SUBMITTED
    record.save()
    assert_true_to_the_records(district)


def test_a_second_save_of_the_same_instance_compares_with_the_first(district):
    record = _unclustered_submitted_commitment()
    record.state = RecordState.RETURNED
    record.save()
    record.state = RecordState.SUBMITTED
    record.save(update_fields=["state"])
    assert_true_to_the_records(district)


def test_a_field_deferred_at_load_is_counted_as_the_database_holds_it(district):
    record = Record.objects.only("pk", "state", "state_before_lock").get(
        pk=_unclustered_submitted_commitment().pk
    )
    record.state = RecordState.RETURNED
    record.save()  # writes the loaded fields only; the org and year are read after the save
    assert_true_to_the_records(district)


def test_a_list_changed_in_place_is_compared_with_the_list_as_loaded(district):
    """Who must file is a JSON list on the period: changed in place, it still differs from the one loaded."""
    period = Period.objects.get(org=district, year=YEAR)
    period.commitment_person_kinds.pop()
    period.save()
    assert_true_to_the_records(district)


def _pre_save_queries(model) -> list[str]:
    """The queries every ``pre_save`` receiver of ``model`` issues for a saved row of it."""
    instance = model._base_manager.order_by("pk").first()
    if instance is None:  # no row of it in this world: one built by its id does as well
        instance = model(pk=1)
        instance._state.adding = False
    with CaptureQueriesContext(connection) as queries:
        pre_save.send(sender=model, instance=instance, raw=False, using="default", update_fields=None)
    return [q["sql"] for q in queries.captured_queries]


def test_no_pre_save_receiver_reads_the_database(district):
    """A save reads nothing before it writes: what a receiver compares with is remembered from the load."""
    product = [m for m in apps.get_models() if m.__module__.startswith("lamtheobac.")]
    assert set(COUNTED) <= set(product)
    for model in product:
        assert _pre_save_queries(model) == [], model._meta.label


@pytest.mark.parametrize("model", [Record, Person, Org, Period], ids=lambda m: m.__name__)
def test_a_save_that_changes_no_counted_field_only_writes(district, model):
    """The save of a loaded row whose counted fields did not change: its UPDATE, and nothing read before
    or after it for the counts."""
    instance = model.objects.order_by("pk").first()
    with CaptureQueriesContext(connection) as queries:
        instance.save()
    sql = [q["sql"] for q in queries.captured_queries]
    table = model._meta.db_table
    assert sql and sql[0].startswith(f'UPDATE "{table}"'), sql
    assert not any(s.startswith("SELECT") and f'FROM "{table}"' in s for s in sql), sql
    assert not any("reports_tally" in s for s in sql), sql


def test_locking_and_unlocking_a_year_recount_nothing(district):
    """A locked record counts as the state it was locked in: closing a year of hundreds of records must not
    recount an org per record."""
    top = Period.objects.get(org=district, year=YEAR)
    with patch.object(counters, "refresh", wraps=counters.refresh) as refresh:
        assert services.period_close(actor=None, period=top)
        services.period_reopen(actor=None, period=top, reason="Bổ sung hồ sơ")
    refresh.assert_not_called()
    assert_true_to_the_records(district)


def test_records_deleted(district):
    """The pages never delete a plan or commitment; the database shell may."""
    filed = Record.objects.filter(year=YEAR, submitted_at__isnull=False)
    filed.filter(kind=RecordKind.PLAN).first().delete()
    # one outside any cluster (a clustered one would leave its colleagues' clusters to quality_refresh)
    filed.filter(kind=RecordKind.COMMITMENT, quality__cluster__isnull=True).first().delete()
    assert_true_to_the_records(district)


def test_the_year_opened_changed_closed_and_reopened(district):
    commune = district.children.filter(active=True).exclude(periods__year=YEAR).first()
    period = open_year(
        commune,
        plan_org_kinds=[OrgKind.CELL, OrgKind.GRASSROOTS_COMMITTEE, OrgKind.MASS_ORGANISATION],
        commitment_person_kinds=[PersonKind.MEMBER, PersonKind.PROBATIONARY, PersonKind.PUBLIC_EMPLOYEE],
    )  # a commune asks more of its subtree than the district does
    assert_true_to_the_records(district)
    period = services.period_update(
        actor=None,
        period=period,
        data=PeriodInput(
            year=YEAR,
            plan_org_kinds=[OrgKind.CELL, OrgKind.GRASSROOTS_COMMITTEE],
            commitment_person_kinds=[PersonKind.MEMBER, PersonKind.PROBATIONARY, PersonKind.OTHER],
            plan_deadline=in_days(10),
            commitment_deadline=in_days(10),
        ),
    )
    assert_true_to_the_records(district)
    top = Period.objects.get(org=district, year=YEAR)
    services.period_close(actor=None, period=top)
    assert_true_to_the_records(district)
    services.period_reopen(actor=None, period=top, reason="Bổ sung hồ sơ")
    assert_true_to_the_records(district)
    period.delete()
    assert_true_to_the_records(district)


def test_a_year_opened_where_none_was_built(district):
    next_year = YEAR + 1
    assert next_year not in reports_selectors.built_years()
    open_year(district, year=next_year)
    # not built: counted live until reconcile builds it, then maintained
    assert counters.reconcile(years=[next_year], repair=True)
    cell = district.children.first().children.filter(kind=OrgKind.CELL).first() or _commune(district)
    make_plan(org=cell, year=next_year)
    assert counters.reconcile(years=[next_year], repair=False) == []


def test_orgs_created_changed_moved_merged_stopped_and_restarted(district):
    a, b = _commune(district, 0), _commune(district, 1)
    cell = org_services.org_create(actor=None, parent=a, kind=OrgKind.CELL, name="Chi bộ Mới", code="CB-MOI")
    services.record_submit(actor=None, record=make_plan(org=cell))
    services.record_submit(actor=None, record=make_commitment(person=_member(cell)))
    assert_true_to_the_records(district)
    org_services.org_update(
        actor=None, org=cell, name=cell.name, code=cell.code, kind=OrgKind.AGENCY, sort_order=0
    )
    assert_true_to_the_records(district)
    org_services.org_move(actor=None, org=cell, new_parent=b)
    assert_true_to_the_records(district)
    org_services.org_move(actor=None, org=a, new_parent=b)  # a whole commune with its cells
    assert_true_to_the_records(district)
    other = OrgFactory(kind=OrgKind.CELL, parent=b)
    _member(other)
    org_services.org_merge(actor=None, sources=[other], target=cell)
    assert_true_to_the_records(district)
    for person in cell.people.filter(active=True):
        org_services.person_move(actor=None, person=person, to_org=b)
    assert_true_to_the_records(district)
    cell.refresh_from_db()
    org_services.org_deactivate(actor=None, org=cell)
    assert_true_to_the_records(district)
    cell.refresh_from_db()
    org_services.org_reactivate(actor=None, org=cell)
    assert_true_to_the_records(district)


def test_people_added_changed_moved_and_stopped(district):
    a, b = _commune(district, 0), _commune(district, 2)
    person = org_services.person_create(
        actor=None, org=a, full_name="Lò Văn Páo", kind=PersonKind.CIVIL_SERVANT, gender="male"
    )
    assert_true_to_the_records(district)
    services.record_submit(actor=None, record=make_commitment(person=person))
    org_services.person_update(actor=None, person=person, kind=PersonKind.MEMBER)
    assert_true_to_the_records(district)
    org_services.person_move(actor=None, person=person, to_org=b, reason="Chuyển sinh hoạt")
    assert_true_to_the_records(district)  # the commitment stays where it was written
    org_services.person_update(actor=None, person=person, active=False)
    assert_true_to_the_records(district)
    org_services.person_update(actor=None, person=person, active=True)
    assert_true_to_the_records(district)


def test_a_roster_import_adds_and_moves_people(district, tmp_path):
    a, b = _commune(district, 0), _commune(district, 1)
    mover = Person.objects.filter(org=a, active=True, kind=PersonKind.MEMBER).first() or _member(a)
    mover.full_name, mover.party_card_number = (
        "Hoàng Văn Chuyển",
        "03009999",
    )  # a name as a roster holds it: letters only
    mover.save()
    services.record_submit(actor=None, record=make_commitment(person=_member(a)))
    rows = [
        [1, mover.full_name, "Nam", "1980", "Đảng viên chính thức", "", b.code, "", "03009999"],
        [2, "Hà Thị Sen", "Nữ", "1990", "Đảng viên dự bị", "", a.code, "", "03008888"],
        [3, "Vàng A Dìn", "Nam", "1975", "Đảng viên chính thức", "", b.code, "", "03007777"],
    ]
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(workbook(rows))
    call_command("import_people", str(path), under=district.code, stdout=io.StringIO(), stderr=io.StringIO())
    mover.refresh_from_db()
    assert mover.org_id == b.pk
    assert_true_to_the_records(district)


def test_study_pilots_exemplars_and_inspections(district):
    commune = _commune(district, 0)
    present = _member(commune)
    session = study.study_create(
        actor=None,
        org=commune,
        data=study.StudyInput(held_on=datetime.date(YEAR, 1, 15), kind=StudyKind.THEMATIC, topic="Chuyên đề"),
        attendance=[(present.pk, "present")],  # counts by who was present, written after the session
    )
    assert_true_to_the_records(district)
    study.study_update(
        actor=None,
        session=session,
        data=study.StudyInput(
            held_on=datetime.date(YEAR - 1, 12, 5),
            kind=StudyKind.THEMATIC,
            topic="Chuyên đề",
            minutes="Biên bản tóm tắt",
        ),
        attendance=[(present.pk, "excused")],
    )  # moved back a year, counted by its minutes now
    assert_true_to_the_records(district)
    session.delete()
    assert_true_to_the_records(district)

    pilot = pilots.pilot_create(
        actor=None,
        org=commune,
        data=pilots.PilotInput(name="Dân vận khéo", started_on=datetime.date(YEAR, 1, 2)),
    )
    assert_true_to_the_records(district)
    pilots.pilot_update(
        actor=None,
        pilot=pilot,
        data=pilots.PilotInput(
            name="Dân vận khéo",
            started_on=datetime.date(YEAR - 1, 3, 1),
            status=PilotStatus.REPLICATED,
            results="Nhân rộng ra ba thôn",
            replicated_to=[_commune(district, 1)],
        ),
    )
    assert_true_to_the_records(district)

    exemplar = exemplars.exemplar_nominate(
        actor=None,
        org=commune,
        person=None,
        title="Tập thể tiêu biểu",
        achievements="Nhiều năm hoàn thành xuất sắc nhiệm vụ",
        nominated_on=datetime.date(YEAR, 2, 1),
    )
    assert_true_to_the_records(district)
    exemplar = exemplars.exemplar_verify(actor=None, exemplar=exemplar)
    exemplars.commendation_add(
        actor=None,
        exemplar=exemplar,
        form=CommendationForm.values[0],
        decision_number="12-QĐ/HU",
        decided_on=datetime.date(YEAR, 5, 19),
        issuer="Huyện ủy",
    )
    assert_true_to_the_records(district)
    exemplar.commendations.first().delete()
    exemplar.delete()
    assert_true_to_the_records(district)

    target = commune.children.first() or commune
    planned = inspections.inspection_plan(
        actor=None,
        org=district,
        data=inspections.PlanInput(target=target, year=YEAR, kind=InspectionKind.values[0], planned_month=3),
    )
    assert_true_to_the_records(district)
    inspections.inspection_record(
        actor=None,
        inspection=planned,
        data=inspections.RecordInput(
            executed_on=datetime.date(YEAR, 3, 10),
            findings="Còn chậm",
            conclusion="Phải khắc phục",
            follow_up_due=datetime.date(YEAR, 4, 1),
        ),
    )
    assert_true_to_the_records(district)
    assert (
        reports_selectors.dashboard(district, YEAR).total.inspections_overdue >= 1
    )  # counted live, by today's date
    inspections.inspection_close(actor=None, inspection=Inspection.objects.get(pk=planned.pk))
    assert_true_to_the_records(district)
    Inspection.objects.get(pk=planned.pk).delete()
    assert_true_to_the_records(district)


def test_reconcile_finds_and_repairs_a_difference(district):
    commune = _commune(district)
    row = Tally.objects.get(org=district, year=YEAR, scope=TallyScope.AS_IT_WAS)
    row.commitments_filed += 5
    row.save()
    Tally.objects.filter(org=commune, year=YEAR, scope=TallyScope.OWN).delete()
    found = counters.reconcile(repair=False)
    assert any(
        (d.org_id, d.scope, d.column, d.stored - d.counted)
        == (district.pk, TallyScope.AS_IT_WAS, "commitments_filed", 5)
        for d in found
    )
    assert {d.org_id for d in found} >= {district.pk}
    # the command reports them (with --check, repairing nothing and failing), repairs them, and finds none
    # the second time
    with pytest.raises(CommandError):
        call_command("reconcile", "--check", stdout=io.StringIO())
    assert counters.reconcile(repair=False) == found
    out = io.StringIO()
    call_command("reconcile", stdout=out)
    assert "commitments_filed" in out.getvalue()
    assert counters.reconcile(repair=False) == []
    out = io.StringIO()
    call_command("reconcile", "--check", stdout=out)
    assert ": 0 chênh lệch" in out.getvalue()
    assert_true_to_the_records(district)


def test_a_bulk_write_that_bypasses_save_is_repaired_by_reconcile(district):
    Record.objects.filter(year=YEAR, kind=RecordKind.COMMITMENT).update(
        state=RecordState.DRAFT, submitted_at=None
    )
    assert counters.reconcile(repair=False)  # the counters could not see it
    counters.reconcile()
    assert_true_to_the_records(district)


def test_it_recounts_a_moved_cell_whose_requirement_changed(district):
    """A move recounts only the orgs whose standing (kind, the periods on their path) changed: a cell taken
    out of a commune that asks more of its people than the district does counts fewer of them, though none of
    its records or people moved."""
    commune, other = (c for c in district.children.filter(active=True).exclude(periods__year=YEAR)[:2])
    open_year(
        commune,
        plan_org_kinds=[OrgKind.CELL, OrgKind.GRASSROOTS_COMMITTEE, OrgKind.MASS_ORGANISATION],
        commitment_person_kinds=[PersonKind.MEMBER, PersonKind.PROBATIONARY, PersonKind.PUBLIC_EMPLOYEE],
    )
    # the cell moves with its parent, behind ``save()`` (its path rewritten with the subtree's)
    committee = OrgFactory(parent=commune, kind=OrgKind.GRASSROOTS_COMMITTEE)
    cell = OrgFactory(parent=committee, kind=OrgKind.CELL)
    PersonFactory(org=cell, kind=PersonKind.PUBLIC_EMPLOYEE)
    assert_true_to_the_records(district)
    before = recount(cell, YEAR).people_required
    org_services.org_move(actor=None, org=committee, new_parent=other)
    assert recount(cell, YEAR).people_required == before - 1  # the move alone changed its figures
    assert_true_to_the_records(district)
