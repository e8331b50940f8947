"""A closed year locks everything dated in it, in every app, for everyone, until an admin reopens it.

The dated models are found by introspection: every model of the project with a calendar date (a
``DateField`` that is not a ``DateTimeField``) or a ``year``. Each is either written here through every
service that writes it (create, change in place, move into the closed year, move out of it, and the other
writes of its workflow) or listed in ``NOT_LOCKED`` with the reason. Every service of the modules that
write them is in ``WRITES`` or in ``NOT_YEAR_WRITES``. Each write is tried by the admin while the year is
closed: it is refused with its message and nothing changes, neither a row nor a figure of the year; then
the admin reopens the year with a reason and the same write goes through.

``DateTimeField``s are the moments the system noted something (``created_at``, ``submitted_at``…): named
``at`` or ``…_at``, checked below, so a date stored with a time under another name must be classified too.
"""

from __future__ import annotations

import datetime
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

import lamtheobac.activities.services as activity_services
from lamtheobac.activities.models import (
    CommendationForm,
    Exemplar,
    Inspection,
    InspectionKind,
    PilotModel,
    StudyKind,
    StudySession,
)
from lamtheobac.activities.services import documents, exemplars, inspections, pilots, study
from lamtheobac.cycle import services as cycle
from lamtheobac.cycle.lagging import selectors as lagging
from lamtheobac.cycle.lagging import services as reminding
from lamtheobac.cycle.models import (
    DocumentKind,
    InterimReviews,
    Period,
    Rating,
    Record,
    RecordKind,
    RecordState,
)
from lamtheobac.cycle.rules import ERR_YEAR_CLOSED
from lamtheobac.cycle.services import meetings
from lamtheobac.cycle.workflow import REFUSALS, Action
from lamtheobac.organisation.models import Person
from lamtheobac.reports import selectors as reports_selectors
from lamtheobac.reports.services import counters
from tests.cycle.builders import assess_all, bring_to, item_inputs, make_commitment, make_plan

pytestmark = [pytest.mark.django_db, pytest.mark.long]

CLOSED, OPEN = 2018, 2019
REASON = "Điều chỉnh số liệu theo kết luận của Ủy ban Kiểm tra"
MINUTES = "Chi bộ quán triệt chuyên đề, đảng viên thảo luận, liên hệ bản thân."

# Dated models that a closed year does not lock, and why.
NOT_LOCKED = {
    "reports.Report": "a sơ kết, tổng kết report is written about past years, after they close; its "
    "tables are counted afresh from the locked records",
    "reports.Tally": "counts maintained from the records: they move only when a record does",
    "reports.TallyYear": "which years the maintained counts cover",
    # the tree's time: its dates say when the tree changed, not what a year holds; a change dated in a closed
    # year is refused by the reorganisation's own check (tests/imports/test_reorganise.py and the page's tests)
    "organisation.Org": "the day it began and ended: a change of the tree, checked by the reorganisation",
    "organisation.OrgSpan": "where an org stood over time: written by the changes of the tree",
    "organisation.Membership": "where a person belonged over time: written with the person's moves",
    "organisation.Lineage": "the links of a change of the tree, written with it",
    "cycle.ReminderLog": "the daily run's log of what it sent: only open years are reminded of",
    "jobs.DailyRun": "the day a worker queued a daily task: the queue's housekeeping, no year's record",
    "accounts.DataRequest": "a person's request under the personal data law (Luật 91/2025/QH15): answered "
    "whatever the year of the data it names",
}
# Services of those modules that write nothing a year's figures or records hold, and why.
NOT_YEAR_WRITES = {
    "period_close": "closing the year is the lock itself",
    "period_reopen": "the admin's way to change a closed year, with a reason",
    "records_bulk_approve": "record_approve for each record, skipping those it refuses",
    "reminder_mark_seen": "reading a reminder",
    "reminder_email_mute": "a person's own choice of how reminders reach them",
    "exemplar_publish": "the public pages, not the year's record: a past exemplar may still be shown",
    "exemplar_unpublish": "taking an exemplar down (consent withdrawn) must always be possible",
    "theme_create": "the catalogue is no year's record: a closed year keeps the theme it picked",
}


def service_modules() -> list[ModuleType]:
    found = [reminding]
    for info in pkgutil.iter_modules(cycle.__path__):  # the cycle's services are a package of modules
        found.append(__import__(f"{cycle.__name__}.{info.name}", fromlist=["_"]))
    for info in pkgutil.iter_modules(activity_services.__path__):
        found.append(__import__(f"{activity_services.__name__}.{info.name}", fromlist=["_"]))
    return found


def services_with_actor() -> set[str]:
    return {
        name
        for module in service_modules()
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_")
        and fn.__module__ == module.__name__
        and "actor" in inspect.signature(fn).parameters
    }


def record_dates(model: type[models.Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.name == "year" or (isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField))
    ]


def project_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("lamtheobac.")]


# --- The world: a year closed at the province, the next one open ---------------------------------


@dataclass
class World:
    cast: object
    closed: Period
    pks: dict[str, int]

    def get(self, model: type[models.Model], name: str):
        return model.objects.get(pk=self.pks[name])

    @property
    def message(self) -> str:
        return str(ERR_YEAR_CLOSED % {"year": CLOSED, "org": self.cast.province.name})


def _year(cast, year: int) -> Period:
    data = cycle.PeriodInput(
        year=year, theme=f"Chuyên đề năm {year}", plan_deadline=datetime.date(year, 3, 31),
        commitment_deadline=datetime.date(year, 3, 31),
    )  # fmt: skip
    return cycle.period_open(actor=cast.officer, org=cast.province, data=data)


def _session(cast, day: datetime.date) -> StudySession:
    data = study.StudyInput(held_on=day, kind=StudyKind.THEMATIC, topic="Chuyên đề", minutes=MINUTES)
    return study.study_create(actor=None, org=cast.cell_a1, data=data)


def _pilot(cast, day: datetime.date) -> PilotModel:
    return pilots.pilot_create(
        actor=None, org=cast.commune_a1, data=pilots.PilotInput(name="Dân vận khéo", started_on=day)
    )


def _exemplar(cast, day: datetime.date) -> Exemplar:
    return exemplars.exemplar_nominate(
        actor=None, org=cast.cell_a1, person=None, title="Chi bộ tiêu biểu",
        achievements="Nhiều năm vững mạnh", nominated_on=day,
    )  # fmt: skip


def _inspection(cast, year: int) -> Inspection:
    data = inspections.PlanInput(
        target=cast.commune_a1, year=year, kind=InspectionKind.INSPECTION, planned_month=6
    )
    return inspections.inspection_plan(actor=None, org=cast.district_a, data=data)


def _findings(day: datetime.date) -> inspections.RecordInput:
    return inspections.RecordInput(executed_on=day, findings="Chi bộ thực hiện nghiêm", conclusion="Tốt")


def _commitment(person: Person, state: str) -> Record:
    return bring_to(make_commitment(person=person, year=CLOSED), state, writer=None, leader=None)


@pytest.fixture
def world(cast) -> World:
    closed = _year(cast, CLOSED)
    _year(cast, OPEN)
    verified = _exemplar(cast, datetime.date(CLOSED, 4, 1))
    exemplars.exemplar_verify(actor=None, exemplar=verified)
    done = _inspection(cast, CLOSED)
    inspections.inspection_record(actor=None, inspection=done, data=_findings(datetime.date(CLOSED, 6, 5)))
    pks = {
        "draft": _commitment(cast.member_person, "draft").pk,
        "submitted": _commitment(cast.colleague, "submitted").pk,
        "approved": _commitment(cast.person_a2, "approved").pk,
        "assessed": _commitment(Person.objects.get(user=cast.officer), "self_assessed").pk,
        "session": _session(cast, datetime.date(CLOSED, 5, 10)).pk,
        "session_open": _session(cast, datetime.date(OPEN, 5, 10)).pk,
        "pilot": _pilot(cast, datetime.date(CLOSED, 3, 1)).pk,
        "pilot_open": _pilot(cast, datetime.date(OPEN, 3, 1)).pk,
        "verified": verified.pk,
        "nominated": _exemplar(cast, datetime.date(CLOSED, 9, 2)).pk,
        "exemplar_open": _exemplar(cast, datetime.date(OPEN, 9, 2)).pk,
        "planned": _inspection(cast, CLOSED).pk,
        "planned_open": _inspection(cast, OPEN).pk,
        "done": done.pk,
    }
    counters.reconcile([CLOSED, OPEN])  # the years' maintained counts are built, so they must not move either
    cycle.period_close(actor=cast.officer, period=closed)
    return World(cast=cast, closed=closed, pks=pks)


# --- The writes -----------------------------------------------------------------------------------

IN_CLOSED, IN_OPEN = datetime.date(CLOSED, 10, 20), datetime.date(OPEN, 10, 20)


@dataclass
class Write:
    id: str
    model: str  # the dated model it writes
    service: str
    call: Callable[[World], object]
    refusal: Callable[[World], str] = lambda w: w.message


def _study_create(w: World):
    data = study.StudyInput(held_on=IN_CLOSED, kind=StudyKind.THEMATIC, topic="Chuyên đề")
    present = [(w.cast.colleague.pk, "present")]
    return study.study_create(actor=w.cast.admin, org=w.cast.cell_a1, data=data, attendance=present)


def _study_update(name: str, day: datetime.date) -> Callable[[World], object]:
    def call(w: World):
        data = study.StudyInput(held_on=day, kind=StudyKind.THEMATIC, topic="Đã sửa", minutes=MINUTES)
        return study.study_update(actor=w.cast.admin, session=w.get(StudySession, name), data=data)

    return call


def _pilot_create(w: World):
    data = pilots.PilotInput(name="Mô hình mới", started_on=IN_CLOSED)
    return pilots.pilot_create(actor=w.cast.admin, org=w.cast.commune_a2, data=data)


def _pilot_update(name: str, day: datetime.date) -> Callable[[World], object]:
    def call(w: World):
        data = pilots.PilotInput(name="Dân vận khéo (đã sửa)", started_on=day)
        return pilots.pilot_update(actor=w.cast.admin, pilot=w.get(PilotModel, name), data=data)

    return call


def _exemplar_nominate(w: World):
    return exemplars.exemplar_nominate(
        actor=w.cast.admin, org=w.cast.cell_a1, person=w.cast.colleague, title="Người tốt, việc tốt",
        achievements="Hiến đất làm đường", nominated_on=IN_CLOSED,
    )  # fmt: skip


def _exemplar_update(name: str, day: datetime.date) -> Callable[[World], object]:
    def call(w: World):
        return exemplars.exemplar_update(
            actor=w.cast.admin, exemplar=w.get(Exemplar, name), title="Chi bộ tiêu biểu (đã sửa)",
            achievements="Nhiều năm vững mạnh", nominated_on=day,
        )  # fmt: skip

    return call


def _exemplar_verify(w: World):
    return exemplars.exemplar_verify(actor=w.cast.admin, exemplar=w.get(Exemplar, "nominated"))


def _commendation_add(w: World):
    return exemplars.commendation_add(
        actor=w.cast.admin, exemplar=w.get(Exemplar, "verified"), form=CommendationForm.CERTIFICATE,
        decision_number="45/QĐ-UBND", decided_on=IN_CLOSED, issuer="UBND huyện",
    )  # fmt: skip


def _inspection_plan(w: World):
    data = inspections.PlanInput(
        target=w.cast.cell_a1, year=CLOSED, kind=InspectionKind.SUPERVISION, planned_month=11
    )
    return inspections.inspection_plan(actor=w.cast.admin, org=w.cast.district_a, data=data)


def _plan_update(name: str, year: int) -> Callable[[World], object]:
    def call(w: World):
        data = inspections.PlanInput(
            target=w.cast.commune_a1, year=year, kind=InspectionKind.SUPERVISION, planned_month=9
        )
        inspection = w.get(Inspection, name)
        return inspections.inspection_update_plan(actor=w.cast.admin, inspection=inspection, data=data)

    return call


def _inspection_record(name: str) -> Callable[[World], object]:
    def call(w: World):
        inspection = w.get(Inspection, name)
        data = _findings(IN_CLOSED)
        return inspections.inspection_record(actor=w.cast.admin, inspection=inspection, data=data)

    return call


def _inspection_answer(w: World):
    inspection = w.get(Inspection, "done")
    return inspections.inspection_answer(actor=w.cast.admin, inspection=inspection, text_="Đã bổ sung sổ")


def _inspection_close(w: World):
    return inspections.inspection_close(actor=w.cast.admin, inspection=w.get(Inspection, "done"))


def _document(*, with_period: bool) -> Callable[[World], object]:
    def call(w: World):
        data = documents.DocumentInput(
            number="15-KH/HU", kind=DocumentKind.PLAN, issued_on=datetime.date(CLOSED, 4, 2),
            issuer="Huyện ủy", title="Kế hoạch học tập chuyên đề", period=w.closed if with_period else None,
        )  # fmt: skip
        org = w.cast.province if with_period else w.cast.district_a
        return documents.document_create(actor=w.cast.admin, org=org, data=data)

    return call


def _document_attach(w: World):
    return cycle.document_attach(
        actor=w.cast.admin, period=w.closed, number="16-HD/TU", kind=DocumentKind.GUIDANCE,
        issued_on=datetime.date(CLOSED, 2, 1), issuer="Tỉnh ủy", title="Hướng dẫn học tập chuyên đề",
    )  # fmt: skip


def _period_update(w: World):
    data = cycle.PeriodInput(year=CLOSED, theme="Chuyên đề đã sửa")
    return cycle.period_update(actor=w.cast.admin, period=w.closed, data=data)


def _period_open(w: World):
    return cycle.period_open(actor=w.cast.admin, org=w.cast.district_a, data=cycle.PeriodInput(year=CLOSED))


def _record(w: World, name: str) -> Record:
    return w.get(Record, name)


def _record_create(w: World):
    return cycle.record_create(actor=w.cast.admin, kind=RecordKind.PLAN, year=CLOSED, org=w.cast.commune_a1)


def _record_save(w: World):
    draft = _record(w, "draft")
    return cycle.record_save(actor=w.cast.admin, record=draft, version=draft.version, items=item_inputs(4))


def _record_move(service: Callable, name: str, **extra) -> Callable[[World], object]:
    return lambda w: service(actor=w.cast.admin, record=_record(w, name), **extra)


def _record_assess(service: Callable, **extra) -> Callable[[World], object]:
    def call(w: World):
        approved = _record(w, "approved")
        return service(actor=w.cast.admin, record=approved, assessments=assess_all(approved), **extra)

    return call


def _quarter_review(w: World):
    # the year asks for quarterly reviews; chosen by an edit only an open year allows (closed: nothing changes)
    reopened = Period.objects.filter(year=CLOSED, state=Period.State.OPEN)
    if reopened.exists():
        reopened.update(interim_reviews=InterimReviews.QUARTERLY)
    return cycle.record_quarter_review(actor=w.cast.admin, record=_record(w, "approved"), quarter=1, score=80)


def _progress_add(w: World):
    item = _record(w, "approved").items.first()
    return cycle.progress_add(actor=w.cast.admin, item=item, text_="Đã đọc xong hai tác phẩm")


def _signed_copy(w: World):
    scan = SimpleUploadedFile("ban-ky.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    return cycle.signed_copy_attach(actor=w.cast.admin, record=_record(w, "approved"), upload=scan)


def _meeting(w: World):
    return meetings.meeting_record(
        actor=w.cast.admin, org=w.cast.cell_a1, year=CLOSED, month=10, held_on=IN_CLOSED
    )


def _remind(w: World):
    return reminding.remind(actor=w.cast.admin, report=lagging.lagging(w.cast.province, CLOSED))


def _locked(action: Action) -> Callable[[World], str]:
    return lambda w: str(REFUSALS[action] % {"state": RecordState.LOCKED.label})


def _said(message, **values) -> Callable[[World], str]:
    return lambda w: str(message % {"state": RecordState.LOCKED.label, **values})


STUDY, PILOT, EXEMPLAR = "activities.StudySession", "activities.PilotModel", "activities.Exemplar"
COMMENDATION, INSPECTION = "activities.Commendation", "activities.Inspection"
DOCUMENT, PERIOD, RECORD, ITEM = "cycle.Document", "cycle.Period", "cycle.Record", "cycle.RecordItem"

WRITES = [
    # study sessions and their attendance
    Write("study-create", STUDY, "study_create", _study_create),
    Write("study-change", STUDY, "study_update", _study_update("session", IN_CLOSED)),
    Write("study-move-out", STUDY, "study_update", _study_update("session", IN_OPEN)),
    Write("study-move-in", STUDY, "study_update", _study_update("session_open", IN_CLOSED)),
    # pilot models
    Write("pilot-create", PILOT, "pilot_create", _pilot_create),
    Write("pilot-change", PILOT, "pilot_update", _pilot_update("pilot", IN_CLOSED)),
    Write("pilot-move-out", PILOT, "pilot_update", _pilot_update("pilot", IN_OPEN)),
    Write("pilot-move-in", PILOT, "pilot_update", _pilot_update("pilot_open", IN_CLOSED)),
    # exemplars and their commendations
    Write("exemplar-nominate", EXEMPLAR, "exemplar_nominate", _exemplar_nominate),
    Write("exemplar-change", EXEMPLAR, "exemplar_update", _exemplar_update("nominated", IN_CLOSED)),
    Write("exemplar-move-out", EXEMPLAR, "exemplar_update", _exemplar_update("nominated", IN_OPEN)),
    Write("exemplar-move-in", EXEMPLAR, "exemplar_update", _exemplar_update("exemplar_open", IN_CLOSED)),
    Write("exemplar-verify", EXEMPLAR, "exemplar_verify", _exemplar_verify),
    Write("commendation-add", COMMENDATION, "commendation_add", _commendation_add),
    # inspections: the programme, the findings, the target's fixes, the end
    Write("inspection-plan", INSPECTION, "inspection_plan", _inspection_plan),
    Write("inspection-change", INSPECTION, "inspection_update_plan", _plan_update("planned", CLOSED)),
    Write("inspection-move-out", INSPECTION, "inspection_update_plan", _plan_update("planned", OPEN)),
    Write("inspection-move-in", INSPECTION, "inspection_update_plan", _plan_update("planned_open", CLOSED)),
    Write("inspection-record", INSPECTION, "inspection_record", _inspection_record("planned")),
    # the next year's programme, carried out on a day of the closed year
    Write("inspection-record-in", INSPECTION, "inspection_record", _inspection_record("planned_open")),
    Write("inspection-answer", INSPECTION, "inspection_answer", _inspection_answer),
    Write("inspection-close", INSPECTION, "inspection_close", _inspection_close),
    # directing documents: dated in the year, or tied to it
    Write("document-dated", DOCUMENT, "document_create", _document(with_period=False)),
    Write("document-of-the-year", DOCUMENT, "document_create", _document(with_period=True)),
    Write("document-attach", DOCUMENT, "document_attach", _document_attach),
    # the year itself, and a lower org's year under it
    Write("period-change", PERIOD, "period_update", _period_update),
    Write("period-open-below", PERIOD, "period_open", _period_open),
    # plans and commitments, their items, progress and reviews (locked with the year by their state)
    Write("record-create", RECORD, "record_create", _record_create,
          lambda w: str(cycle.ERR_YEAR_NOT_OPEN % {"year": CLOSED, "org": w.cast.commune_a1.name})),
    Write("record-save", ITEM, "record_save", _record_save, _locked(Action.EDIT)),
    Write("record-submit", RECORD, "record_submit", _record_move(cycle.record_submit, "draft"),
          _locked(Action.SUBMIT)),
    Write("record-approve", RECORD, "record_approve", _record_move(cycle.record_approve, "submitted"),
          _locked(Action.APPROVE)),
    Write("record-return", RECORD, "record_return",
          _record_move(cycle.record_return, "submitted", comment="Cần cụ thể hơn"), _locked(Action.RETURN)),
    Write("record-self-assess", ITEM, "record_self_assess", _record_assess(cycle.record_self_assess),
          _locked(Action.SELF_ASSESS)),
    Write("record-interim", RECORD, "record_interim_assess",
          _record_assess(cycle.record_interim_assess, stage="h1"), _said(cycle.ERR_INTERIM_STATE)),
    Write("record-rate", RECORD, "record_rate",
          _record_move(cycle.record_rate, "assessed", rating=Rating.GOOD), _locked(Action.RATE)),
    Write("record-quarter", RECORD, "record_quarter_review", _quarter_review),
    Write("progress-add", RECORD, "progress_add", _progress_add, _said(cycle.ERR_PROGRESS_STATE)),
    Write("signed-copy", RECORD, "signed_copy_attach", _signed_copy),
    Write("meeting", "cycle.CellMeeting", "meeting_record", _meeting),
    Write("remind", "cycle.Reminder", "remind", _remind, _said(reminding.ERR_YEAR_NOT_OPEN, year=CLOSED)),
]  # fmt: skip


def snapshot() -> dict[str, list[dict]]:
    """Every row of every model of the project."""
    return {m._meta.label: list(m._base_manager.order_by("pk").values()) for m in project_models()}


def figures(w: World) -> dict:
    """The closed year's figures of the whole tree, counted from the records."""
    return reports_selectors.count_year(CLOSED)  # own, as it was, carried in: every org


# --- The tests ------------------------------------------------------------------------------------


def test_every_dated_model_is_locked_by_a_closed_year_or_explained():
    dated = {m._meta.label for m in project_models() if record_dates(m)}
    covered = {w.model for w in WRITES}
    assert dated - covered - set(NOT_LOCKED) == set(), "a dated model no closed-year write covers"
    assert covered | set(NOT_LOCKED) <= dated, "classified, yet no date or year found"
    assert len(dated) >= 12  # the walk found the models (period, records, activities, reports…)


def test_every_moment_stored_with_a_time_is_named_as_one():
    stamps = [
        f"{m._meta.label}.{f.name}"
        for m in project_models()
        for f in m._meta.concrete_fields
        if isinstance(f, models.DateTimeField)
    ]
    assert stamps and [s for s in stamps if not (s.endswith("_at") or s.endswith(".at"))] == []


def test_every_service_of_a_dated_model_is_driven_or_explained():
    driven = {w.service for w in WRITES}
    found = services_with_actor()
    assert found - driven - set(NOT_YEAR_WRITES) == set(), "a service no closed-year write drives"
    assert (driven | set(NOT_YEAR_WRITES)) - found == set()


@pytest.mark.parametrize("write", WRITES, ids=[w.id for w in WRITES])
def test_a_closed_year_refuses_the_write_until_the_admin_reopens_it(world, write):
    rows, counted = snapshot(), figures(world)
    with pytest.raises(ValidationError) as exc:
        write.call(world)
    assert write.refusal(world) in exc.value.messages
    assert snapshot() == rows, "a refused write changed the database"
    assert figures(world) == counted
    assert counters.reconcile([CLOSED], repair=False) == []

    cycle.period_reopen(actor=world.cast.admin, period=world.closed, reason=REASON)
    reopened = snapshot()
    write.call(world)  # the same write, once the year is open again
    assert snapshot() != reopened


def test_a_closed_years_exemplar_may_still_be_taken_off_the_public_pages(world):
    exemplar = world.get(Exemplar, "verified")
    Exemplar.objects.filter(pk=exemplar.pk).update(consent=True)
    exemplar.refresh_from_db()
    exemplars.exemplar_publish(actor=world.cast.officer, exemplar=exemplar)
    exemplars.exemplar_unpublish(actor=world.cast.officer, exemplar=exemplar)
    assert not world.get(Exemplar, "verified").published


def test_a_commendation_of_the_next_year_may_follow_a_nomination_of_a_closed_one(world):
    commendation = exemplars.commendation_add(
        actor=world.cast.officer, exemplar=world.get(Exemplar, "verified"), form=CommendationForm.MERIT,
        decision_number="12/QĐ-UBND", decided_on=datetime.date(OPEN, 2, 3), issuer="UBND tỉnh",
    )  # fmt: skip
    assert commendation.decided_on.year == OPEN


def test_a_document_of_the_open_year_may_have_been_issued_in_the_closed_one(world):
    period = Period.objects.get(org=world.cast.province, year=OPEN)
    document = cycle.document_attach(
        actor=world.cast.officer, period=period, number="20-KH/TU", kind=DocumentKind.PLAN,
        issued_on=datetime.date(CLOSED, 12, 20), issuer="Tỉnh ủy", title=f"Kế hoạch năm {OPEN}",
    )  # fmt: skip
    assert document.period == period


def test_the_open_year_next_to_a_closed_one_takes_writes(world):
    made = _session(world.cast, datetime.date(OPEN, 11, 2))
    assert made.year == OPEN
    plan = make_plan(org=world.cast.commune_a1, year=OPEN)
    assert plan.year == OPEN
