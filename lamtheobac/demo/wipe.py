"""Deleting the demo again (and anything else in the database but superusers): ``seed_demo --force`` and the
tests. Callers hold the transaction. Uploaded files are removed once the transaction commits, so a
rolled-back wipe keeps them."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import connections, router, transaction
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
    Document,
    Evidence,
    InterimAssessment,
    Period,
    PeriodEvent,
    ProgressNote,
    QuarterReview,
    Record,
    RecordItem,
    RegistrationRules,
    Reminder,
    ReminderLog,
    Revision,
    SignedCopy,
    Theme,
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
    ("evidence", Evidence),
    ("progress_notes", ProgressNote),
    ("interim_assessments", InterimAssessment),
    ("item_programmes", RecordItem.programmes.through),
    ("transitions", Transition),
    ("revisions", Revision),
    ("quarter_reviews", QuarterReview),
    ("items", RecordItem),
    ("record_quality", RecordQuality),
    ("signed_copies", SignedCopy),
    ("records", Record),
    ("documents", Document),
    ("breakthroughs", Breakthrough),
    ("period_events", PeriodEvent),
    ("period_programmes", Period.programmes.through),
    ("registration_rules", RegistrationRules),
    ("periods", Period),
    ("themes", Theme),  # the catalogue, once no year picks from it (with its own yearly-under-term links)
)
ACTIVITIES_ORDER: tuple[tuple[str, type[Model]], ...] = (
    ("attendance", Attendance),
    ("study_files", StudyFile),
    ("session_programmes", StudySession.programmes.through),
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
# After the years and the activities: what points at people, then the people, then what points at orgs.
PEOPLE_ORDER: tuple[tuple[str, type[Model]], ...] = (
    ("reminder_logs", ReminderLog),
    ("reminders", Reminder),
    ("grants", RoleGrant),
    ("moves", PersonMove),
    ("memberships", Membership),
    ("people", Person),
    ("events", OrgEvent),
    ("lineage", Lineage),
    ("reorganisations", Reorganisation),
    ("spans", OrgSpan),
)
# wipe() empties the tables of these in turn; each one a table whose referrers are all emptied before it
# goes in one statement (tests/demo/test_wipe.py keeps it so: a model added later must join its order).
WIPE_ORDERS = (ACTIVITIES_ORDER, CYCLE_ORDER, PEOPLE_ORDER)


def wipe() -> dict[str, int]:
    """Delete the maintained counts, every import log, every report, every activity (study, pilot model,
    exemplar, inspection), every year, plan and commitment, every org, person, grant and history row, and
    every user except superusers.

    Years and records protect orgs and people, and orgs protect each other (``parent``, ``merged_into``)
    and are protected by people, grants and moves, so the rows that point at orgs go first and the
    self-references are cleared before the orgs go.
    """
    counters.forget()  # first: with no year built, the deletions below recount nothing
    with counters.batch():  # (and ask so once, not once for each row deleted)
        return _wipe_all()


def _wipe_all() -> dict[str, int]:
    ImportJob.objects.all().delete()
    Report.objects.all().delete()
    files = _activity_files() + _cycle_files()
    deleted = _empty(ACTIVITIES_ORDER + CYCLE_ORDER + PEOPLE_ORDER, set())
    _remove_on_commit(files)
    Org.objects.update(parent=None, merged_into=None)
    deleted["orgs"] = _delete(Org.objects.all())
    deleted["users"] = _delete(User.objects.filter(is_superuser=False))
    return deleted


def wipe_cycle() -> dict[str, int]:
    """Delete every year, record, item and history row (the demo's and any other), children first."""
    counters.forget()  # the counts of the years going; and the writes of a new build recount nothing
    files = _cycle_files()
    with counters.batch():  # the receivers' touches gathered: one look at the built years, not one per row
        deleted = _empty(CYCLE_ORDER, set())
    _remove_on_commit(files)
    return deleted


def wipe_activities() -> dict[str, int]:
    """Delete every study session, pilot model, exemplar and inspection (the demo's and any other), and the
    demo's study guidance documents."""
    counters.forget()  # the writes of a new build recount nothing until reconcile builds the years
    files = _activity_files()
    with counters.batch():
        deleted = _empty(ACTIVITIES_ORDER, set())
    guidance = Q()
    for issuers in activities_data.ISSUERS.values():
        issuer, suffix = issuers.guidance
        guidance |= Q(number__endswith=suffix, issuer=issuer)
    deleted["guidance"] = Document.objects.filter(guidance, file="").delete()[0]
    _remove_on_commit(files)
    return deleted


def _cycle_files() -> list:
    files = [(e.file.storage, e.file.name) for e in Evidence.objects.exclude(file="")]
    files += [(c.file.storage, c.file.name) for c in SignedCopy.objects.exclude(file="")]
    return files + [(d.file.storage, d.file.name) for d in Document.objects.exclude(file="")]


def _activity_files() -> list:
    files = [
        (f.file.storage, f.file.name)
        for model in (StudyFile, PilotFile, InspectionFile)
        for f in model.objects.all()
    ]
    return files + [(e.photo.storage, e.photo.name) for e in Exemplar.objects.exclude(photo="")]


def referrers(model: type[Model]) -> set[type[Model]]:
    """The models whose rows may point at a row of ``model`` (foreign keys, one-to-ones, many-to-manys)."""
    return {
        f.related_model
        for f in model._meta.get_fields(include_hidden=True)
        if (f.one_to_many or f.one_to_one) and f.auto_created and not f.concrete
    } | {f.remote_field.through for f in model._meta.many_to_many}


def _empty(order: tuple[tuple[str, type[Model]], ...], emptied: set[type[Model]]) -> dict[str, int]:
    """Empty the tables in ``order``, counting their rows; ``emptied`` (the tables emptied before) grows.

    On PostgreSQL the tables that only tables of ``order`` point at go in one TRUNCATE: a DELETE would queue
    a deferred foreign-key check for each row of a table others point at (hundreds of thousands, run at the
    commit). Otherwise, a table whose every referrer has been emptied already goes in one DELETE statement;
    else (a model added later that points at it) Django's cascading delete runs, row by row with signals."""
    truncated = _truncate(_truncatable(order))
    deleted: dict[str, int] = {}
    for label, model in order:
        queryset = model._base_manager.all()
        if model in truncated:
            deleted[label] = truncated[model]
        elif referrers(model) - {model} <= emptied:
            deleted[label] = queryset._raw_delete(queryset.db)
        else:
            deleted[label] = queryset.delete()[1].get(model._meta.label, 0)
        emptied.add(model)
    return deleted


def _truncatable(order: tuple[tuple[str, type[Model]], ...]) -> set[type[Model]]:
    """The models of ``order`` that PostgreSQL lets one TRUNCATE of them all empty: those whose referrers
    are all truncated with them (TRUNCATE refuses a table another table points at, rows or none)."""
    if connections[router.db_for_write(order[0][1])].vendor != "postgresql":
        return set()
    found = {model for _, model in order}
    while shrunk := {m for m in found if not referrers(m) <= found}:
        found -= shrunk
    return found


def _truncate(models: set[type[Model]]) -> dict[type[Model], int]:
    """TRUNCATE ``models`` together; their row counts before."""
    if not models:
        return {}
    counts = {model: model._base_manager.count() for model in models}
    connection = connections[router.db_for_write(next(iter(models)))]
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        # Deferred foreign-key checks still pending in this transaction (rows written before the wipe)
        # would forbid the truncation: run them now, as the commit would.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(f"TRUNCATE {tables}")
    return counts


def _remove_on_commit(files: list) -> None:
    if files:
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


def _delete(queryset: QuerySet) -> int:
    """Delete and count the rows of the queryset's own model (not the cascaded ones)."""
    return queryset.delete()[1].get(queryset.model._meta.label, 0)
