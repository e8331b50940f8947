"""Ids the database cannot hold are refused by the form like any other choice not on the list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lamtheobac.organisation.forms import OrgMoveForm
from lamtheobac.organisation.models import Org

from ..cycle.builders import open_year

pytestmark = pytest.mark.django_db

HUGE = ["9" * 40, str(2**63), "-5", "0", "1e3", "abc", "１２"]


@pytest.mark.parametrize("value", HUGE)
def test_a_single_choice_refuses_an_impossible_id(cast, value):
    form = OrgMoveForm({"new_parent": value}, parents=Org.objects.all())
    assert not form.is_valid() and "new_parent" in form.errors


def test_a_single_choice_still_takes_a_real_one(cast):
    form = OrgMoveForm({"new_parent": str(cast.district_b.pk)}, parents=Org.objects.all())
    assert form.is_valid(), form.errors


def test_the_years_programmes_refuse_an_impossible_id_without_a_server_error(cast, client_for):
    period = open_year(cast.district_a, actor=cast.officer)
    url = reverse("cycle:period-edit", args=[period.pk])
    before = set(period.programmes.values_list("pk", flat=True))
    response = client_for(cast.officer).post(
        url, {"year": period.year, "min_actions": 3, "programmes": ["9" * 400]}
    )
    assert response.status_code == 200  # the form again, the choice refused
    assert set(period.programmes.values_list("pk", flat=True)) == before
