"""Who reads the audit log: the system's admins, and nobody else (it names people of every org).

Who is an admin is decided by the role grants (``organisation``), which build on this app: the organisation
app hands its rule to ``readers_are`` when it is ready, and this app never imports it. Until then (and if
it never does) nobody reads the log."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from .models import Entry

_rule: dict[str, Callable[[object], bool]] = {}


def readers_are(is_admin: Callable[[object], bool]) -> None:
    """Set who reads the log (the admins): called once, by ``organisation`` at start-up."""
    _rule["reader"] = is_admin


def _is_reader(user) -> bool:
    rule = _rule.get("reader")
    return rule is not None and rule(user)


def entries_visible_to(user) -> QuerySet[Entry]:
    if not _is_reader(user):
        return Entry.objects.none()
    return Entry.objects.all()


def require_reader(user) -> None:
    if not _is_reader(user):
        raise PermissionDenied
