"""What tells ``counters`` that figures may have changed: saves and deletes of the models counted.

Each watched model names the fields the figures read; an instance remembers them as loaded, and a save
that changed none of them (a record locked at the year's end, a renamed org) touches nothing. Writes that
bypass ``save()`` (bulk updates, moves in the tree) call ``counters`` themselves.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_init, post_save, pre_save

from lamtheobac.activities.models import Commendation, Exemplar, Inspection, PilotModel, StudySession
from lamtheobac.cycle.models import Period, Record
from lamtheobac.organisation.models import Org, Person

from . import counters

# model → the fields its share of the figures depends on
COUNTED = {
    Record: ("org_id", "year", "kind", "person_id", "submitted_at", "approved_at", "is_late", "rating"),
    Person: ("org_id", "kind", "active"),
    Org: ("kind", "active", "path"),
    Period: ("plan_org_kinds", "commitment_person_kinds"),
    StudySession: ("org_id", "year", "kind"),
    PilotModel: ("org_id", "started_on", "status"),
    Exemplar: ("org_id", "year"),
    Commendation: ("exemplar_id", "decided_on"),
    Inspection: ("org_id", "year", "status"),
}
_LOADED = "_counted_as"


_UNKNOWN = object()  # a field deferred when the instance was loaded


def _values(instance) -> tuple:
    # from the instance's dict: reading a deferred field would load it (and signal again)
    return tuple(instance.__dict__.get(name, _UNKNOWN) for name in COUNTED[type(instance)])


def _remember(sender, instance, **kwargs) -> None:
    setattr(instance, _LOADED, _values(instance) if instance.pk else None)


def _complete(sender, instance, raw: bool = False, **kwargs) -> None:
    """Before a save: the values the database holds for fields that were deferred at load."""
    loaded = getattr(instance, _LOADED, None)
    if raw or loaded is None or _UNKNOWN not in loaded:
        return
    names = COUNTED[type(instance)]
    stored = type(instance)._base_manager.filter(pk=instance.pk).values(*names).first()
    if stored is not None:
        setattr(instance, _LOADED, tuple(stored[n] for n in names))


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


def _saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:  # loading fixtures
        return
    before = getattr(instance, _LOADED, None)
    now = _values(instance)
    if _UNKNOWN in now:  # still deferred: saved with update_fields, so unchanged since the load
        now = tuple(b if n is _UNKNOWN else n for n, b in zip(now, before or now, strict=True))
    if _UNKNOWN in now:
        instance.refresh_from_db(fields=[n for n in COUNTED[type(instance)] if n not in instance.__dict__])
        now = _values(instance)
    setattr(instance, _LOADED, now)
    if now == before:
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


def connect() -> None:
    for model in COUNTED:
        uid = f"counters-{model._meta.label}"
        post_init.connect(_remember, sender=model, dispatch_uid=uid)
        pre_save.connect(_complete, sender=model, dispatch_uid=uid)
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid)
