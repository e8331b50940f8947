"""Model choice fields that refuse an id the database cannot hold before asking the database: a tampered
form posting ``99999999999999999999`` made SQLite raise OverflowError (a server error) where it must read
as any other choice that is not on the list."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

MAX_ID = 2**63 - 1  # bigint on PostgreSQL, integer on SQLite


def fits(value) -> bool:
    try:
        return 0 < int(str(value)) <= MAX_ID
    except ValueError:
        return False


def object_id(value) -> int:
    """An id from a URL, a query or a body, as the database can hold it; 404 for anything else (a word, a
    negative number, a number too large for the column)."""
    from django.http import Http404

    try:
        found = int(str(value))
    except ValueError:
        raise Http404 from None
    if not 0 < found <= MAX_ID:
        raise Http404
    return found


def _refuse(field: forms.Field, value) -> ValidationError:
    return ValidationError(field.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})


class IdChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not fits(value):
            raise _refuse(self, value)
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            if not fits(pk):
                raise _refuse(self, pk)
        return super()._check_values(value)
