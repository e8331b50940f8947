"""One parser for every whole number a request brings — an id, a number, a key such as ``present_34`` — and
the form fields built on it.

Python's ``int()`` reads any Unicode digit (``int("٣") == 3``, ``int("１２") == 12``) and ``str.isdigit()`` is
true for ``"²"``, which ``int()`` then refuses: ``if s.isdigit(): int(s)`` is a server error waiting for a
superscript. And a number past the database's integer column made SQLite raise OverflowError and PostgreSQL
refuse the query. Here only ASCII digits, with a sign where the range allows one, inside the database's range,
are a number; anything else reads as no number at all (a choice not on the list, a page not found)."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

MAX_ID = 2**63 - 1  # bigint on PostgreSQL, integer on SQLite
MIN_INT = -(2**63)
MAX_INT = MAX_ID
# what an integer column holds on every database (PostgreSQL's integer is 32 bits): the default bounds of a
# form's number, which is written into such a column
MIN_COLUMN, MAX_COLUMN = -(2**31), 2**31 - 1

ERR_NOT_A_NUMBER = _("Hãy nhập một số nguyên, chỉ gồm các chữ số 0–9.")
ERR_OUT_OF_RANGE = _("Số này nằm ngoài giới hạn cho phép.")

_WHOLE = re.compile(r"[+-]?[0-9]+", re.ASCII)  # [0-9], not \d: \d matches every Unicode digit


def parse_int(value, *, lo: int = MIN_INT, hi: int = MAX_INT) -> int | None:
    """The whole number ``value`` spells in ASCII digits (surrounding spaces allowed) if it lies in
    [lo, hi] — by default the range of the database's integer column — else None. An int passes as itself
    (within the range); a bool, a float, bytes or any other object is no number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        found = value
    elif isinstance(value, str):
        text = value.strip(" \t\r\n")
        if len(text) > 24 or not _WHOLE.fullmatch(text):  # 2**63 has 19 digits: no need to read a thousand
            return None
        found = int(text)
    else:
        return None
    if not lo <= found <= hi:
        return None
    return found


def parse_id(value) -> int | None:
    """An id (1 up to what the column holds) or None."""
    return parse_int(value, lo=1, hi=MAX_ID)


def parse_ids(values) -> list[int]:
    """The ids among ``values``, in order, the rest left out (checkbox values, a comma list already split)."""
    return [found for found in map(parse_id, values) if found is not None]


def key_id(key: str, prefix: str) -> int | None:
    """The id in a posted key such as ``present_34`` (prefix ``present_``), or None if the key is another or
    its tail is no id."""
    if not isinstance(key, str) or not key.startswith(prefix):
        return None
    return parse_id(key[len(prefix) :])


def fits(value) -> bool:
    """Whether ``value`` is an id the database can hold."""
    return parse_id(value) is not None


def object_id(value) -> int:
    """An id from a URL, a query or a body, as the database can hold it; 404 for anything else (a word, a
    negative number, a number too large for the column, digits of another script)."""
    from django.http import Http404

    found = parse_id(value)
    if found is None:
        raise Http404
    return found


class IntField(forms.IntegerField):
    """An integer form field that reads through ``parse_int``: Unicode digits are refused, and the value is
    bounded by what an integer column holds even where the form sets no min_value / max_value. Every integer
    field of the project's forms is one (tests/lib/test_form_fields.py walks them)."""

    default_error_messages = {"invalid": ERR_NOT_A_NUMBER}

    def __init__(self, *, max_value=None, min_value=None, **kwargs):
        super().__init__(
            max_value=MAX_COLUMN if max_value is None else max_value,
            min_value=MIN_COLUMN if min_value is None else min_value,
            **kwargs,
        )

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if self.localize:
            value = formats.sanitize_separators(value)
        found = parse_int(str(value), lo=MIN_INT, hi=MAX_INT)
        if found is None:
            text = str(value).strip()
            if _WHOLE.fullmatch(text):
                raise ValidationError(ERR_OUT_OF_RANGE, code="max_value")
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return found


def _refuse(field: forms.Field, value) -> ValidationError:
    return ValidationError(
        field.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
    )


class IdChoiceField(forms.ModelChoiceField):
    """A model choice that refuses, as not on the list, an id that is no ASCII number the column holds."""

    def to_python(self, value):
        assert self.queryset is not None  # a model choice is built with its queryset
        given = value in self.empty_values or isinstance(value, self.queryset.model)
        if self.to_field_name in (None, "pk", "id") and not given and not fits(value):
            raise _refuse(self, value)
        return super().to_python(value)  # an object given is still looked for in the queryset


def formfield(db_field, **kwargs):
    """``formfield_callback`` of the project's ModelForms: a model's integer column becomes an IntField
    bounded by the column's own range, a foreign key an IdChoiceField, a many-to-many an
    IdMultipleChoiceField; every other column its usual form field."""
    if isinstance(db_field, models.ForeignKey):
        return db_field.formfield(form_class=IdChoiceField, **kwargs)
    if isinstance(db_field, models.ManyToManyField):
        return db_field.formfield(form_class=IdMultipleChoiceField, **kwargs)
    if isinstance(db_field, models.IntegerField) and not isinstance(db_field, models.AutoField):
        low, high = connection.ops.integer_field_range(db_field.get_internal_type())
        kwargs = {
            "min_value": max(low, MIN_COLUMN) if low is not None else MIN_COLUMN,
            "max_value": min(high, MAX_COLUMN) if high is not None else MAX_COLUMN,
            **kwargs,
        }
        return db_field.formfield(form_class=IntField, **kwargs)
    return db_field.formfield(**kwargs)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple model choice that refuses, as not on the list, any id that is no ASCII number the column holds."""

    def _check_values(self, value):
        if self.to_field_name in (None, "pk", "id"):
            for pk in value:
                if not fits(pk):
                    raise _refuse(self, pk)
        return super()._check_values(value)  # type: ignore[misc]  # Django's, absent from its stubs
