import pytest
from django.urls import reverse

from ..factories import OrgFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(cast):
    PersonFactory(full_name="Nguyễn Thị Hồng Nhung", org=cast.cell_a1)
    PersonFactory(full_name="Nguyễn Thị Hoa", org=cast.cell_a1)
    PersonFactory(full_name="Nguyễn Thị Hồng Nhung", org=cast.cell_b1)  # same name, outside district A
    return cast


def test_it_finds_an_org_without_diacritics(named, client_for):
    response = client_for(named.officer).get(reverse("organisation:search"), {"q": "luc binh"})
    assert response.status_code == 200
    orgs = list(response.context["orgs"])
    assert named.commune_a1 in orgs


def test_it_finds_a_person_from_the_first_words_without_diacritics(named, client_for):
    response = client_for(named.officer).get(reverse("organisation:search"), {"q": "nguyen thi hong"})
    people = list(response.context["page"])
    assert [p.full_name for p in people] == ["Nguyễn Thị Hồng Nhung"]
    assert people[0].org == named.cell_a1  # the namesake in district B is outside the scope


def test_it_matches_words_in_any_order_and_any_case(named, client_for):
    response = client_for(named.officer).get(reverse("organisation:search"), {"q": "NHUNG nguyễn"})
    assert [p.full_name for p in response.context["page"]] == ["Nguyễn Thị Hồng Nhung"]


def test_it_finds_an_org_by_its_code(named, client_for):
    response = client_for(named.officer).get(reverse("organisation:search"), {"q": "a1c1"})
    assert named.cell_a1 in list(response.context["orgs"])


def test_the_admin_finds_both_namesakes(named, client_for):
    response = client_for(named.admin).get(reverse("organisation:search"), {"q": "nguyen thi hong"})
    assert len(response.context["page"]) == 2


def test_results_are_paginated(cast, client_for):
    commune = cast.commune_a2
    for i in range(30):
        PersonFactory(full_name=f"Ma Văn Lộc {i}", org=commune)
    client = client_for(cast.officer)
    first = client.get(reverse("organisation:search"), {"q": "ma van loc"})
    assert first.context["page"].paginator.count == 30
    assert len(first.context["page"]) == 25
    second = client.get(reverse("organisation:search"), {"q": "ma van loc", "page": 2})
    assert len(second.context["page"]) == 5


def test_the_person_list_sorts_by_given_name(cast, client_for):
    OrgFactory(parent=cast.commune_a2, code="X")
    response = client_for(cast.officer).get(reverse("organisation:person-list"), {"org": cast.cell_a1.pk})
    names = [p.full_name for p in response.context["page"]]
    assert names == ["Nông Văn Dũng", "Hoàng Thị Mai"]  # Dũng before Mai


def test_the_person_list_answers_htmx_with_rows_only(cast, client_for):
    response = client_for(cast.officer).get(
        reverse("organisation:person-list"), {"q": "mai"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "Hoàng Thị Mai" in body
    assert "<html" not in body


def test_the_person_list_makes_a_fixed_number_of_queries(cast, client_for, django_assert_max_num_queries):
    for i in range(20):
        PersonFactory(full_name=f"Đàm Thị Lan {i}", org=cast.commune_a2)
    client = client_for(cast.officer)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("organisation:person-list"))
    assert response.status_code == 200
