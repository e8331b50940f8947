"""What tells ``counters`` that figures may have changed: saves and deletes of the models counted.

Each watched model names the fields the figures read; a save reads them from the database first, and one
that changed none of them (a record locked at the year's end, a renamed org) touches nothing. Writes that
bypass ``save()`` (bulk updates, moves in the tree) call ``counters`` themselves; a session's attendance,
written row by row, is told once per write by ``activities.signals.attendance_changed``.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save

from lamtheobac.activities.models import Commendation, Exemplar, Inspection, PilotModel, StudySession
from lamtheobac.activities.signals import attendance_changed
from lamtheobac.cycle.models import Period, Record
from lamtheobac.cycle.workflow import WITH_WRITER, counted_state
from lamtheobac.organisation.models import Org, Person

from .services import counters

# model → the fields its share of the figures depends on
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
_LOADED = "_counted_as"


_UNKNOWN = object()  # a field deferred when the instance was loaded
_UNWRITTEN = object()  # a save that writes none of the counted fields


def _values(instance) -> tuple:
    # from the instance's dict: reading a deferred field would load it (and query again)
    return tuple(instance.__dict__.get(name, _UNKNOWN) for name in COUNTED[type(instance)])


def _counted(instance, values: tuple | None) -> tuple | None:
    """``values`` as the figures see them: of the state, only whether the record is back with its writer
    (returned for correction is not filed); locking a year, self-assessing change nothing counted."""
    if values is None or values is _UNWRITTEN or not isinstance(instance, Record):
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


def _stored(sender, instance, raw: bool = False, update_fields=None, **kwargs) -> None:
    """Before a save: the values the database holds, to compare with after it (None for a new row).

    Read here rather than remembered at every load: pages load thousands of instances and save few; a
    save that writes none of the counted fields reads nothing."""
    if raw:
        return
    stored = None
    if not instance._state.adding and instance.pk is not None:
        if not any(_written(instance, update_fields)):
            stored = _UNWRITTEN
        else:
            names = COUNTED[type(instance)]
            stored = type(instance)._base_manager.filter(pk=instance.pk).values_list(*names).first()
    setattr(instance, _LOADED, stored)


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


def _saved(sender, instance, created: bool, raw: bool = False, update_fields=None, **kwargs) -> None:
    before = getattr(instance, _LOADED, None)
    if raw or before is _UNWRITTEN:  # loading fixtures; or no counted field written
        return
    now = _values(instance)
    if before is not None:  # what this save did not write (not named, or deferred at load) is unchanged
        written = _written(instance, update_fields)
        now = tuple(n if w and n is not _UNKNOWN else b for n, b, w in zip(now, before, written, strict=True))
    if _UNKNOWN in now:
        instance.refresh_from_db(fields=[n for n in COUNTED[type(instance)] if n not in instance.__dict__])
        now = _values(instance)
    if _counted(instance, now) == _counted(instance, before):
        return
    if isinstance(instance, Period):
        counters.period_changed(instance)
        return
    if isinstance(instance, Org) and not instance.path.isdigit():
        return  # being created: the path comes with the second save
    _touch(_where(instance, now) + _where(instance, before))


def _deleted(sender, instance, **kwargs) -> None:
    if _UNKNOWN in _values(instance):
        instance.refresh_from_db(fields=[n for n in COUNTED[type(instance)] if n not in instance.__dict__])
    if isinstance(instance, Period):
        counters.period_changed(instance)
    elif not isinstance(instance, Org):  # an org's rows go with it
        _touch(_where(instance, _values(instance)))


def _attendance_changed(sender, session: StudySession, **kwargs) -> None:
    """Who was present decides whether a session counts: sent once per write by the study services."""
    counters.touch([session.org_id], session.year)


def connect() -> None:
    attendance_changed.connect(_attendance_changed, dispatch_uid="counters-attendance")
    for model in COUNTED:
        uid = f"counters-{model._meta.label}"
        pre_save.connect(_stored, sender=model, dispatch_uid=uid)
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid)
