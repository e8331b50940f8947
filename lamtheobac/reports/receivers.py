"""What the reports do when something they count changes: keep the maintained counts (``services.counters``)
in step.

Two kinds of news reach them. The apps below say what happened through their domain signals: records moved,
people moved, a commitment's quality changed, a session's attendance written (once per write), the tree
reshaped. And the saves and deletes of the models counted: each names the fields its share of the figures
reads (``COUNTED``), which the model remembers as it was loaded (``lib.loaded``); after a save the receiver
compares them with what was written, without reading the row again before the save, and a save that changed
none of them (a record locked at the year's end, a renamed org) touches nothing. Writes that bypass
``save()`` (bulk updates, moves in the tree) call ``counters`` themselves.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished

from lamtheobac.activities.models import Commendation, Exemplar, Inspection, PilotModel, StudySession
from lamtheobac.activities.signals import attendance_changed
from lamtheobac.cycle.models import Period, Record
from lamtheobac.cycle.signals import records_moved
from lamtheobac.cycle.workflow import WITH_WRITER, counted_state
from lamtheobac.jobs.services import failure_message
from lamtheobac.lib import loaded
from lamtheobac.organisation import services as org_services
from lamtheobac.organisation import signals as org_signals
from lamtheobac.organisation.models import Org, Person
from lamtheobac.quality.models import RecordQuality
from lamtheobac.quality.signals import quality_changed

from .services import counters
from .services import reports as report_services

# model → the fields its share of the figures depends on (attnames)
COUNTED = {
    # the state as filing reads it (``cycle.workflow.filed_q``, compared through ``_counted``)
    Record: (
        "org_id",
        "year",
        "kind",
        "person_id",
        "submitted_at",
        "approved_at",
        "is_late",
        "rating",
        "state",
        "state_before_lock",
    ),
    Person: ("org_id", "kind", "active"),
    Org: ("kind", "active", "path"),
    Period: ("plan_org_kinds", "commitment_person_kinds"),
    # a session counts once someone is present or its minutes are written (``activities.selectors.study``)
    StudySession: ("org_id", "year", "kind", "minutes"),
    PilotModel: ("org_id", "started_on", "status"),
    Exemplar: ("org_id", "year"),
    Commendation: ("exemplar_id", "decided_on"),
    Inspection: ("org_id", "year", "status"),
}

_UNKNOWN = object()  # a field deferred when the instance was loaded
_NEVER_LOADED = object()  # an instance built in memory with the id of a row, saved without being loaded


def _values(instance) -> tuple:
    # from the instance's dict: reading a deferred field would load it (and query again)
    return tuple(instance.__dict__.get(name, _UNKNOWN) for name in COUNTED[type(instance)])


def _counted(instance, values: tuple | None) -> tuple | None:
    """``values`` as the figures see them: of the state, only whether the record is back with its writer
    (returned for correction is not filed); locking a year, self-assessing change nothing counted."""
    if values is None or not isinstance(instance, Record):
        return values
    data = dict(zip(COUNTED[Record], values, strict=True))
    with_writer = counted_state(data.pop("state"), data.pop("state_before_lock")) in WITH_WRITER
    return (*data.values(), with_writer)


def _written(instance, update_fields) -> list[bool]:
    """Which counted fields a save writes: all of them, or those named in ``update_fields``."""
    names = COUNTED[type(instance)]
    if update_fields is None:
        return [True] * len(names)
    return [n in update_fields or n.removesuffix("_id") in update_fields for n in names]


def _where(instance, values: tuple | None) -> list[tuple[int | None, int | None]]:
    """(org id, year or None for every year) whose own figures depend on ``instance`` as ``values``."""
    if values is None:
        return []
    data = dict(zip(COUNTED[type(instance)], values, strict=True))
    if isinstance(instance, Record):
        return [(data["org_id"], data["year"])]
    if isinstance(instance, Person):
        held = Record.objects.filter(person_id=instance.pk).values_list("org_id", "year").distinct()
        return [(data["org_id"], None), *held]
    if isinstance(instance, Org):
        return [(instance.pk, None)]
    if isinstance(instance, StudySession | Exemplar | Inspection):
        return [(data["org_id"], data["year"])]
    if isinstance(instance, PilotModel):
        return [(data["org_id"], None)]  # it counts in every year from its start
    if isinstance(instance, Commendation):
        org_id = Exemplar.objects.filter(pk=data["exemplar_id"]).values_list("org_id", flat=True).first()
        return [(org_id, data["decided_on"].year if data["decided_on"] else None)]
    return []


def _touch(places: list[tuple[int | None, int | None]]) -> None:
    for org_id, year in dict.fromkeys(places):
        counters.touch([org_id], year)


def _before(instance, created: bool) -> object:
    """The counted fields as the database held them before this save, as the instance remembers them from
    its load (``lib.loaded``): None for a new row; ``_UNKNOWN`` in place of a field deferred at load;
    ``_NEVER_LOADED`` for an instance that was never loaded."""
    if created:
        return None
    was = loaded.loaded(instance)
    if was is None:
        return _NEVER_LOADED
    return tuple(was.get(name, _UNKNOWN) for name in COUNTED[type(instance)])


def _saved(sender, instance, created: bool, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw:  # loading fixtures
        return
    names = COUNTED[type(instance)]
    written = _written(instance, update_fields)
    if not created and not any(written):  # no counted field written: nothing changed, nothing read
        return
    before = _before(instance, created)
    now = _values(instance)
    # what this save did not write (not named, or deferred at load) is unchanged
    if isinstance(before, tuple):
        now = tuple(n if w and n is not _UNKNOWN else b for n, b, w in zip(now, before, written, strict=True))
    if _UNKNOWN in now:  # deferred at load and not known since: what the database holds, after the save
        missing = [name for name, value in zip(names, now, strict=True) if value is _UNKNOWN]
        stored = type(instance)._base_manager.filter(pk=instance.pk).values_list(*missing).get()
        row = dict(zip(missing, stored, strict=True))
        now = tuple(row[name] if value is _UNKNOWN else value for name, value in zip(names, now, strict=True))
        if isinstance(before, tuple):  # not written: as it was
            before = tuple(
                n if b is _UNKNOWN and not w else b for n, b, w in zip(now, before, written, strict=True)
            )
    loaded.saved(instance, dict(zip(names, now, strict=True)))  # what the database holds from now on
    if before is _NEVER_LOADED or (isinstance(before, tuple) and _UNKNOWN in before):
        _unknown_before(instance, now)
        return
    if _counted(instance, now) == _counted(instance, before):
        return
    if isinstance(instance, Period):
        counters.period_changed(instance)
        return
    if isinstance(instance, Org) and not instance.path.isdigit():
        return  # being created: the path comes with the second save
    _touch(_where(instance, now) + _where(instance, before))


def _unknown_before(instance, now: tuple) -> None:
    """A save of an instance that was never loaded (built in memory with the id of a row), or that wrote a
    field deferred at its load: what the row held before is not known without reading it before the save,
    which no receiver does. Everything it counts in now is recounted, in every built year (so a change of
    state, date or year within its org is counted); a change of its org is left to ``reconcile``."""
    if isinstance(instance, Period):
        counters.period_changed(instance)
    elif not (isinstance(instance, Org) and not instance.path.isdigit()):
        _touch([(org_id, None) for org_id, _year in _where(instance, now)])


def _deleted(sender, instance, **kwargs) -> None:
    if _UNKNOWN in _values(instance):
        instance.refresh_from_db(fields=[n for n in COUNTED[type(instance)] if n not in instance.__dict__])
    if isinstance(instance, Period):
        counters.period_changed(instance)
    elif not isinstance(instance, Org):  # an org's rows go with it
        _touch(_where(instance, _values(instance)))


# --- The domain signals of the apps below ----------------------------------------------------------------


def _attendance_changed(sender, session: StudySession, **kwargs) -> None:
    """Who was present decides whether a session counts: sent once per write by the study services."""
    counters.touch([session.org_id], session.year)


def _records_moved(sender, org_ids: list[int], year: int, **kwargs) -> None:
    counters.touch(org_ids, year)


def _quality_changed(sender, places: list[tuple[int, int]], **kwargs) -> None:
    for org_id, year in places:
        counters.touch([org_id], year)


def _people_moved(sender, person_ids: list[int], org_ids: list[int], **kwargs) -> None:
    """Recount the orgs the people left and joined, and those holding their records."""
    with counters.batch():
        counters.touch(org_ids)
        for org_id, year in (
            Record.objects.filter(person_id__in=person_ids).values_list("org_id", "year").distinct()
        ):
            counters.touch([org_id], year)


def connect() -> None:
    for model, names in COUNTED.items():
        loaded.remember(model, names)
        uid = f"counters-{model._meta.label}"
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid)
    attendance_changed.connect(_attendance_changed, dispatch_uid="counters-attendance")
    records_moved.connect(_records_moved, sender=Record, dispatch_uid="reports-records-moved")
    quality_changed.connect(_quality_changed, sender=RecordQuality, dispatch_uid="reports-quality-changed")
    org_signals.people_moved.connect(_people_moved, sender=Person, dispatch_uid="reports-people-moved")
    task_finished.connect(
        _dashboard_export_failed_with_its_task, dispatch_uid="reports-dashboard-export-failed"
    )
    task_finished.connect(_draft_failed_with_its_task, dispatch_uid="reports-draft-failed")
    org_signals.on_reshaping(counters.reshaping)
    org_signals.on_batch(counters.batch)


def _dashboard_export_failed_with_its_task(sender, task_result, **kwargs) -> None:
    """A dashboard's workbook whose task failed (a fault, or cut short by a dead worker on its last attempt)
    says so on its export's page."""
    from . import tasks  # tasks import the services, which import the models: ready only now

    if task_result.status != TaskResultStatus.FAILED or task_result.task.module_path != (
        tasks.export_dashboard.module_path
    ):
        return
    org_services.export_fail_from_task(export_id=task_result.args[0], message=failure_message(task_result))


def _draft_failed_with_its_task(sender, task_result, **kwargs) -> None:
    """A report whose draft's task failed (a fault, or cut short by a dead worker on its last attempt) says
    so, and may be drafted again."""
    from . import tasks  # the tasks import the services: ready only now

    if task_result.status != TaskResultStatus.FAILED or task_result.task.module_path != (
        tasks.report_draft.module_path
    ):
        return
    report_id, version = task_result.args[:2]
    report_services.report_draft_failed(
        report_id=report_id, version=version, message=failure_message(task_result)
    )
