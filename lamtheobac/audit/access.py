"""Who reads the audit log: the system's admins, and nobody else (it names people of every org)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from lamtheobac.organisation import access as org_access

from .models import Entry


def entries_visible_to(user) -> QuerySet[Entry]:
    if not org_access.is_admin(user):
        return Entry.objects.none()
    return Entry.objects.all()


def require_reader(user) -> None:
    if not org_access.is_admin(user):
        raise PermissionDenied
