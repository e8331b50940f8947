"""Models that remember the values they were loaded with (Django's documented ``from_db`` pattern), so that
a receiver of ``post_save`` can tell what a save changed without reading the row again before it.

Only the fields some app asked for (``remember``) are kept, as a small dict on the instance: pages load
thousands of instances and save few. The values are those of the database as this instance last saw it:
set by ``from_db`` at load, by ``refresh_from_db`` for the fields it reads again, and by the receiver
(``saved``) after a save it has handled. An instance that was never loaded (built in memory with the id of
an existing row) has none: ``loaded`` answers None and the receiver decides what it can still know.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    _Base = models.Model
else:
    _Base = object

_REMEMBERED: dict[type, tuple[str, ...]] = {}
_ATTRIBUTE = "_loaded_values"


def remember(model: type[models.Model], names: Iterable[str]) -> None:
    """Have ``model`` (a ``RemembersLoaded``) keep the values of the fields ``names`` (their attnames:
    ``org_id``, not ``org``) it is loaded with. Called once, at start-up, by the app that compares them."""
    if not issubclass(model, RemembersLoaded):
        raise TypeError(f"{model.__name__} does not remember what it was loaded with (RemembersLoaded)")
    _REMEMBERED[model] = tuple(dict.fromkeys([*_REMEMBERED.get(model, ()), *names]))


def loaded(instance: models.Model) -> dict[str, Any] | None:
    """The remembered fields of ``instance`` as the database held them when it was loaded (or last saved
    or refreshed), each present only when it was loaded (not deferred); None for an instance never loaded."""
    return instance.__dict__.get(_ATTRIBUTE)


def saved(instance: models.Model, values: dict[str, Any]) -> None:
    """``values`` (remembered fields) are what the database holds now: after a save that wrote them."""
    kept = {name: _kept(value) for name, value in values.items()}
    instance.__dict__[_ATTRIBUTE] = {**(loaded(instance) or {}), **kept}


def _kept(value: Any) -> Any:
    # a list or a dict (a JSON field) changed in place must not change what was remembered with it
    return copy.deepcopy(value) if isinstance(value, list | dict | set) else value


def _current(instance: models.Model, names: Iterable[str]) -> dict[str, Any]:
    # from the instance's dict: reading a deferred field would load it (and query)
    return {name: _kept(instance.__dict__[name]) for name in names if name in instance.__dict__}


class RemembersLoaded(_Base):
    """Mixed into a model (before ``models.Model``): its instances remember the values of the fields
    ``remember`` named, as loaded."""

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        names = _REMEMBERED.get(cls)
        if names:
            instance.__dict__[_ATTRIBUTE] = _current(instance, names)
        return instance

    def refresh_from_db(self, using=None, fields=None, from_queryset=None) -> None:
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        names = _REMEMBERED.get(type(self))
        if not names:
            return
        if fields is not None:  # the fields read again (a name or an attname)
            asked = set(fields)
            names = tuple(n for n in names if n in asked or n.removesuffix("_id") in asked)
        saved(self, _current(self, names))
