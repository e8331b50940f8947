"""The templates: roster headers, drop-down lists for the kinds, an instructions sheet, an example row that
an import leaves out when it is left in place."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from lamtheobac.imports import templates
from lamtheobac.imports.services import orgs, people
from lamtheobac.organisation.models import OrgKind, PersonKind
from lamtheobac.organisation.roster import ORG_COLUMNS, PEOPLE_COLUMNS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("build", "columns", "kinds"),
    [
        (templates.people_template, PEOPLE_COLUMNS, PersonKind),
        (templates.orgs_template, ORG_COLUMNS, OrgKind),
    ],
)
def test_a_template_has_headers_drop_downs_guide_and_example(build, columns, kinds):
    book = load_workbook(io.BytesIO(build()))
    data, guide, lists = book.worksheets
    assert guide.title == "Hướng dẫn" and lists.title == "Danh mục"
    assert [c.value for c in data[1]] == [c.header for c in columns]
    assert data[2][0].value == columns[0].example
    assert data.freeze_panes == "A2"
    rules = {str(r.sqref).split(":")[0][0]: r.formula1 for r in data.data_validations.dataValidation}
    kind_col = next(i for i, c in enumerate(columns) if c.key == "kind")
    letter = "ABCDEFGHIJKL"[kind_col]
    ref = rules[letter]
    cells = lists[ref.split("!")[1].replace("$", "")]
    assert [row[0].value for row in cells] == [str(label) for _v, label in kinds.choices]
    assert len(list(guide.iter_rows())) >= 5


def test_importing_the_untouched_template_adds_nothing(cast):
    result = people.plan(io.BytesIO(templates.people_template()), "mau.xlsx", cast.district_a)
    assert result.ok and result.rows == 0 and not result.adds
    result = orgs.plan(io.BytesIO(templates.orgs_template()), "mau.xlsx", cast.district_a)
    assert result.ok and result.rows == 0 and not result.adds
