"""The tree counts the people of a unit's whole subtree, and two units of one name are told apart."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lamtheobac.cycle import services
from lamtheobac.organisation.models import Org, Person
from lamtheobac.organisation.selectors import annotate_counts, with_parent_where_repeated
from tests.cycle.builders import make_commitment, open_year
from tests.factories import OrgFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_a_commune_counts_the_people_of_its_cells_not_only_its_own(cast):
    PersonFactory(full_name="Đinh Văn Xã", org=cast.commune_a1)  # one on the commune's own roll
    Person.objects.filter(pk=cast.colleague.pk).update(active=False)  # left: not counted
    counted = {
        o.code: o.people_count
        for o in annotate_counts(Org.objects.filter(code__in=["A", "A1", "A1C1", "A2"]))
    }
    # A1C1: Mai (Nông Văn Dũng has left); A1: its cell + Đinh Văn Xã; A2: Lục Văn Bình; A: both communes + Tuyên
    assert counted == {"A1C1": 1, "A1": 2, "A2": 1, "A": 4}


def test_the_tree_page_shows_the_subtree_people(cast, client_for):
    client = client_for(cast.officer)
    root = client.get(reverse("organisation:org-tree")).content.decode()
    assert "4 người" in root and "0 người" not in root  # the district: its communes' people and the officer
    children = client.get(reverse("organisation:org-children", args=[cast.district_a.pk])).content.decode()
    assert "Đảng bộ xã Lục Bình" in children and "2 người" in children


def test_two_units_of_one_name_are_named_with_their_parents_place(cast):
    twin = OrgFactory(name="Chi bộ thôn Nà Pài", code="A2C1", parent=cast.commune_a2)
    alone = cast.cell_b1
    orgs = [Org.objects.get(pk=cast.cell_a1.pk), twin, alone]
    with_parent_where_repeated(orgs)
    assert [o.label for o in orgs] == [
        "Chi bộ thôn Nà Pài — xã Lục Bình",
        "Chi bộ thôn Nà Pài — xã Vũ Muộn",
        "Chi bộ thôn Khuổi Chắp",
    ]


def test_the_queue_names_a_cell_with_its_commune_where_the_name_repeats(cast, client_for):
    open_year(cast.district_a, actor=cast.officer)
    services.record_submit(
        actor=cast.member, record=make_commitment(person=cast.member_person, actor=cast.member)
    )
    page = client_for(cast.leader).get(reverse("cycle:queue")).content.decode()
    assert "<td>Chi bộ thôn Nà Pài</td>" in page  # one of its name: as it is
    OrgFactory(name="Chi bộ thôn Nà Pài", code="A2C1", parent=cast.commune_a2)
    page = client_for(cast.leader).get(reverse("cycle:queue")).content.decode()
    assert "<td>Chi bộ thôn Nà Pài — xã Lục Bình</td>" in page
