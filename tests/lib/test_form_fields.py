"""Every form of the project reads its numbers and ids through ``lib.fields``: an integer field is an IntField
(ASCII digits only, bounded by what an integer column holds), a model choice an IdChoiceField or
IdMultipleChoiceField (an id no column holds is a choice not on the list). The forms are found by importing
every module of the project, so a form written tomorrow is checked the day it is written."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms

import lamtheobac
from lamtheobac.lib.fields import MAX_COLUMN, MIN_COLUMN, IdChoiceField, IdMultipleChoiceField, IntField

pytestmark = pytest.mark.engine_neutral  # no database: runs in one stage of CI (conftest.py)


def _project_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(lamtheobac.__path__, "lamtheobac."):
        if ".migrations" not in module.name and ".management." not in module.name:
            importlib.import_module(module.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("lamtheobac.") and hasattr(cls, "base_fields"):
            found.append(cls)
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__qualname__}")


FORMS = _project_forms()
NOT_WHOLE = (forms.FloatField, forms.DecimalField)  # IntegerField's subclasses that read no whole number


def test_the_walk_finds_the_forms():
    assert len(FORMS) > 20


def _wrong_fields(form: type[forms.BaseForm]) -> list[str]:
    wrong = []
    for name, field in form.base_fields.items():
        if isinstance(field, forms.IntegerField) and not isinstance(field, NOT_WHOLE):
            low, high = field.min_value, field.max_value
            bounded = low is not None and high is not None and low >= MIN_COLUMN and high <= MAX_COLUMN
            if not isinstance(field, IntField) or not bounded:
                wrong.append(f"{name}: {type(field).__name__} (min {field.min_value}, max {field.max_value})")
        elif isinstance(field, forms.ModelMultipleChoiceField):
            if not isinstance(field, IdMultipleChoiceField):
                wrong.append(f"{name}: {type(field).__name__}")
        elif isinstance(field, forms.ModelChoiceField) and not isinstance(field, IdChoiceField):
            wrong.append(f"{name}: {type(field).__name__}")
    return wrong


@pytest.mark.parametrize("form", FORMS, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_every_number_and_id_field_reads_through_the_one_parser(form):
    assert not _wrong_fields(form)


def test_a_plain_integer_field_is_caught():
    class Planted(forms.Form):
        count = forms.IntegerField()
        org = forms.ModelChoiceField(queryset=None)

    assert len(_wrong_fields(Planted)) == 2
