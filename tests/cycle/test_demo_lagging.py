"""The demo province's lagging page: hundreds behind the deadlines, shown a page at a time, by unit."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from lamtheobac.cycle.views.lagging import ROWS_PER_PAGE
from lamtheobac.demo.era import PROVINCE_CODE
from lamtheobac.organisation.models import Org

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(demo_db) -> None:
    """The session's demo (tests/demo_db.py), copied into the database for this module."""


def test_the_provinces_lagging_page_is_paged_and_summarised_by_unit(seeded, client):
    client.force_login(User.objects.get(username="chuyenvien"))
    province = Org.objects.get(code=PROVINCE_CODE)
    response = client.get(reverse("cycle:lagging"), {"org": province.pk})
    assert response.status_code == 200
    report, units, page = response.context["report"], response.context["units"], response.context["page"]
    assert report.total > 2 * ROWS_PER_PAGE  # the issue counted 332 rows on one page
    assert page.paginator.count == report.total == sum(u.total for u in units)
    assert page.paginator.num_pages > 1 and len(page.object_list) == ROWS_PER_PAGE
    body = response.content.decode()
    assert body.count("<tr>") == ROWS_PER_PAGE + body.count("<thead>")  # one row a lag, no more
    shown = response.context["shown"]
    assert body.count('class="unit-summary"') == len(shown) >= 1
    for block in shown:  # each unit is a child of the province, summed over all its rows
        assert block.unit.org.parent_id == province.pk
        unit = block.unit
        assert unit.plans_not_filed + unit.commitments_not_filed + unit.waiting == unit.total
    assert re.search(r"Trang 1/\d+", body) and "page=2" in body
    last = client.get(reverse("cycle:lagging"), {"org": province.pk, "page": page.paginator.num_pages})
    assert 0 < len(last.context["page"].object_list) <= ROWS_PER_PAGE
    # reminding is offered only where it reaches: fewer buttons than rows when people have no account
    reachable = sum(lag.reachable for lag in page.object_list for lag in [lag[1]])
    assert body.count('<button class="button small"') == reachable < ROWS_PER_PAGE
