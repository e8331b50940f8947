"""Long lists stop counting at the cap and say so; short ones count exactly."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from lamtheobac.lib import paging
from lamtheobac.organisation.models import Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_list_past_the_cap_says_more_than(monkeypatch):
    PersonFactory.create_batch(7)
    request = RequestFactory().get("/", {"page": "2"})
    monkeypatch.setattr(paging, "CAP", 5)
    page = paging.page_of(Person.objects.order_by("pk"), request, 2)
    assert page.paginator.count == 5 and page.paginator.capped
    assert page.paginator.count_label == "hơn 5"
    assert [p.pk for p in page] == list(Person.objects.order_by("pk").values_list("pk", flat=True)[2:4])
    monkeypatch.setattr(paging, "CAP", 7)
    exact = paging.page_of(Person.objects.order_by("pk"), request, 2).paginator
    assert exact.count == 7 and not exact.capped and exact.count_label == "7"


def test_a_plain_list_counts_too():
    page = paging.page_of(list(range(30)), RequestFactory().get("/"), 25)
    assert page.paginator.count_label == "30" and page.paginator.num_pages == 2


@pytest.mark.parametrize("sent", ["²", "٣", "9" * 25, str(2**63), "-3"])
def test_a_page_number_that_is_no_ascii_number_opens_the_first_page(sent):
    from django.test import RequestFactory

    from lamtheobac.lib.paging import page_of

    page = page_of(list(range(100)), RequestFactory().get("/", {"page": sent}), 10)
    assert page.number == 1


def test_in_parts_gives_the_lists_order_a_part_at_a_time_with_no_query_left_open(django_assert_num_queries):
    PersonFactory.create_batch(7)
    people = Person.objects.select_related("org").order_by("-name_sort", "-pk")
    reading = paging.in_parts(people, 3)
    with django_assert_num_queries(2):  # the keys, then the first part: read to its end
        first = next(reading)
    with django_assert_num_queries(0):
        second, third = next(reading), next(reading)
        assert first.org.name and third.org.name  # what the list selected comes with each part
    assert [first.pk, second.pk, third.pk] + [p.pk for p in reading] == [p.pk for p in people]
