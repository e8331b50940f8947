"""Deleting the demo again (``lamtheobac.demo.wipe``): its cost does not grow row by row.

``seed_demo --force`` and the tests that seed again wipe some 700.000 rows; a wipe that asks the database
something for each row it deletes took a minute on PostgreSQL where one statement per table takes seconds.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lamtheobac.demo import wipe
from lamtheobac.organisation.models import Org, Person

from ..factories import OrgFactory, PersonFactory


def test_every_table_the_wipe_empties_goes_in_one_statement():
    """A model pointing at a table the wipe empties must be emptied before it (join its order in
    ``WIPE_ORDERS``): otherwise that table falls back to Django's cascade, which loads every row."""
    emptied: set = set()
    slow = []
    for order in wipe.WIPE_ORDERS:
        for label, model in order:
            left = wipe.referrers(model) - {model} - emptied
            if left:
                slow.append((label, sorted(m._meta.label for m in left)))
            emptied.add(model)
    assert slow == []


def _wipe_queries(people: int) -> int:
    cell = OrgFactory()
    PersonFactory.create_batch(people, org=cell)
    with CaptureQueriesContext(connection) as queries:
        wipe.wipe()
    assert not Person.objects.exists() and not Org.objects.exists()
    return len(queries)


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_rows():
    few = _wipe_queries(3)
    assert _wipe_queries(12) == few
