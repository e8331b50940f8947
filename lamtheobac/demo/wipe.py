"""Deleting the demo again (and anything else in the database but superusers): ``seed_demo --force`` and the
tests. Callers hold the transaction. Uploaded files are removed once the transaction commits, so a
rolled-back wipe keeps them."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Model, Q, QuerySet

from lamtheobac.activities.models import (
    Attendance,
    Commendation,
    Exemplar,
    Inspection,
    InspectionFile,
    InspectionResponse,
    PilotFile,
    PilotModel,
    StudyFile,
    StudySession,
)
from lamtheobac.cycle.models import (
    Breakthrough,
    CellMeeting,
    Document,
    Evidence,
    InterimAssessment,
    MeetingCheckIn,
    Period,
    PeriodEvent,
    ProgressNote,
    Record,
    RecordItem,
    Revision,
    Transition,
)
from lamtheobac.imports.models import ImportJob
from lamtheobac.organisation.models import (
    Lineage,
    Membership,
    Org,
    OrgEvent,
    OrgSpan,
    Person,
    PersonMove,
    Reorganisation,
    RoleGrant,
)
from lamtheobac.quality.models import RecordQuality
from lamtheobac.reports.models import Report
from lamtheobac.reports.services import counters

from .data import activities as activities_data

# Children first: every row pointing at a table is gone before the table is emptied.
CYCLE_ORDER: tuple[tuple[str, type[Model]], ...] = (
    ("meeting_check_ins", MeetingCheckIn),
    ("meeting_reviewed", CellMeeting.reviewed.through),
    ("meetings", CellMeeting),
    ("evidence", Evidence),
    ("progress_notes", ProgressNote),
    ("interim_assessments", InterimAssessment),
    ("item_programmes", RecordItem.programmes.through),
    ("transitions", Transition),
    ("revisions", Revision),
    ("items", RecordItem),
    ("record_quality", RecordQuality),
    ("records", Record),
    ("documents", Document),
    ("breakthroughs", Breakthrough),
    ("period_events", PeriodEvent),
    ("period_programmes", Period.programmes.through),
    ("periods", Period),
)
ACTIVITIES_ORDER: tuple[tuple[str, type[Model]], ...] = (
    ("attendance", Attendance),
    ("study_files", StudyFile),
    ("sessions", StudySession),
    ("pilot_files", PilotFile),
    ("pilot_replications", PilotModel.replicated_to.through),
    ("pilots", PilotModel),
    ("commendations", Commendation),
    ("exemplars", Exemplar),
    ("inspection_responses", InspectionResponse),
    ("inspection_files", InspectionFile),
    ("inspections", Inspection),
)


def wipe() -> dict[str, int]:
    """Delete the maintained counts, every import log, every report, every activity (study, pilot model,
    exemplar, inspection), every year, plan and commitment, every org, person, grant and history row, and
    every user except superusers.

    Years and records protect orgs and people, and orgs protect each other (``parent``, ``merged_into``)
    and are protected by people, grants and moves, so the rows that point at orgs go first and the
    self-references are cleared before the orgs go.
    """
    counters.forget()  # first: with no year built, the deletions below recount nothing
    ImportJob.objects.all().delete()
    Report.objects.all().delete()
    wipe_activities()
    cycle = wipe_cycle()
    deleted = {
        "records": cycle["records"],
        "periods": cycle["periods"],
        "grants": _delete(RoleGrant.objects.all()),
        "moves": _delete(PersonMove.objects.all()),
        "memberships": _delete(Membership.objects.all()),
        "people": _delete(Person.objects.all()),
        "events": _delete(OrgEvent.objects.all()),
        "lineage": _delete(Lineage.objects.all()),
        "reorganisations": _delete(Reorganisation.objects.all()),
        "spans": _delete(OrgSpan.objects.all()),
    }
    Org.objects.update(parent=None, merged_into=None)
    deleted["orgs"] = _delete(Org.objects.all())
    deleted["users"] = _delete(User.objects.filter(is_superuser=False))
    return deleted


def wipe_cycle() -> dict[str, int]:
    """Delete every year, record, item and history row (the demo's and any other), children first."""
    counters.forget()  # the counts of the years going; and the writes of a new build recount nothing
    files = [(e.file.storage, e.file.name) for e in Evidence.objects.exclude(file="")]
    files += [(d.file.storage, d.file.name) for d in Document.objects.exclude(file="")]
    deleted = _empty(CYCLE_ORDER)
    _remove_on_commit(files)
    return deleted


def wipe_activities() -> dict[str, int]:
    """Delete every study session, pilot model, exemplar and inspection (the demo's and any other), and the
    demo's study guidance documents."""
    counters.forget()  # the writes of a new build recount nothing until reconcile builds the years
    files = [
        (f.file.storage, f.file.name)
        for model in (StudyFile, PilotFile, InspectionFile)
        for f in model.objects.all()
    ]
    files += [(e.photo.storage, e.photo.name) for e in Exemplar.objects.exclude(photo="")]
    deleted = _empty(ACTIVITIES_ORDER)
    guidance = Q()
    for issuers in activities_data.ISSUERS.values():
        issuer, suffix = issuers.guidance
        guidance |= Q(number__endswith=suffix, issuer=issuer)
    deleted["guidance"] = Document.objects.filter(guidance, file="").delete()[0]
    _remove_on_commit(files)
    return deleted


def _empty(order: tuple[tuple[str, type[Model]], ...]) -> dict[str, int]:
    """Empty the tables in ``order``, counting their rows. A table whose every referrer has been emptied
    already goes in one DELETE statement; otherwise (a model added later that points at it) Django's
    cascading delete runs."""
    emptied: set[type[Model]] = set()
    deleted: dict[str, int] = {}
    for label, model in order:
        queryset = model._base_manager.all()
        referrers = {
            f.related_model
            for f in model._meta.get_fields(include_hidden=True)
            if (f.one_to_many or f.one_to_one) and f.auto_created and not f.concrete
        } | {f.remote_field.through for f in model._meta.many_to_many}
        if referrers <= emptied:
            deleted[label] = queryset._raw_delete(queryset.db)
        else:
            deleted[label] = queryset.delete()[1].get(model._meta.label, 0)
        emptied.add(model)
    return deleted


def _remove_on_commit(files: list) -> None:
    if files:
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


def _delete(queryset: QuerySet) -> int:
    """Delete and count the rows of the queryset's own model (not the cascaded ones)."""
    return queryset.delete()[1].get(queryset.model._meta.label, 0)
