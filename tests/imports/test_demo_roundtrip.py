"""The demo district's own export imports into an empty database and reproduces its tree and its people."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from lamtheobac.demo.era import PROVINCE_CODE as ROOT_CODE  # today's root: the province
from lamtheobac.demo.wipe import wipe
from lamtheobac.organisation.models import Org, Person
from lamtheobac.organisation.roster import ORG_COLUMNS, PEOPLE_COLUMNS

from .test_orgs import org_rows, people_rows, roster, sheet, tree

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_exported_and_imported_into_an_empty_database_is_the_same(demo_db, tmp_path):
    top = Org.objects.get(code=ROOT_CODE)
    orgs_file, people_file = tmp_path / "to-chuc.xlsx", tmp_path / "ca-nhan.xlsx"
    orgs_file.write_bytes(sheet(ORG_COLUMNS, org_rows(top)))
    people_file.write_bytes(sheet(PEOPLE_COLUMNS, people_rows(top)))
    before_tree, before_people = tree(ROOT_CODE), roster(ROOT_CODE)
    assert len(before_tree) > 250 and len(before_people) > 3000
    with transaction.atomic():
        wipe()
    assert not Org.objects.exists() and not Person.objects.exists()

    for command, path in (("import_orgs", orgs_file), ("import_people", people_file)):
        call_command(command, str(path), under=ROOT_CODE, stdout=io.StringIO(), stderr=io.StringIO())
    assert tree(ROOT_CODE) == before_tree
    assert roster(ROOT_CODE) == before_people
    with transaction.atomic():
        wipe()
