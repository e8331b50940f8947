"""Optimistic locking: a form carries the version it was opened at; saving moves the version on only if
nobody saved in between, in one UPDATE, so two people saving at once never overwrite each other."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet


class ConflictError(ValidationError):
    """Somebody saved since the form was opened; ``latest`` is what they left (a row or its revision)."""

    def __init__(self, message, latest=None):
        super().__init__(message)
        self.latest = latest


def claim(rows: QuerySet, version: int, **changes) -> bool:
    """Move the version of the row in ``rows`` (already narrowed to it, and to whatever else must still
    hold) from ``version`` to the next, writing ``changes`` with it. False, with nothing written, when the
    row no longer has ``version``: somebody saved since."""
    return bool(rows.filter(version=version).update(version=F("version") + 1, **changes))
