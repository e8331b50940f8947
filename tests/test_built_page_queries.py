"""The main pages built from the data (page cache off, as right after a write) make a fixed number of
queries on the demo district, the users and pages ``bench/suite.py`` measures: the counts below are those of
08/12/2026 with a margin of two, so a query added on every page (a menu badge, a lookup repeated) fails here
before it shows in the throughput."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lamtheobac.cycle.models import Record, RecordKind, RecordState
from lamtheobac.organisation.models import Role, RoleGrant

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(demo_db) -> None:
    """The session's demo (tests/demo_db.py), copied into the database for this module."""


@pytest.fixture
def built(settings):
    settings.PAGE_CACHE = False


def _officer() -> User:
    return RoleGrant.objects.filter(role=Role.OFFICER).order_by("org__path").first().user


def _leader() -> User:
    return RoleGrant.objects.filter(role=Role.LEADER).order_by("-org__depth", "org__path").first().user


def _editable_commitment() -> Record:
    mine = Record.objects.filter(
        kind=RecordKind.COMMITMENT,
        person__user__isnull=False,
        state__in=[RecordState.DRAFT, RecordState.RETURNED],
    )
    return mine.select_related("person__user").order_by("-year").first()


def _queries(client, url: str) -> tuple[int, str]:
    assert client.get(url).status_code == 200  # the first page of a session records its second-step state
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


@pytest.mark.usefixtures("seeded", "built")
@pytest.mark.parametrize(
    ("page", "limit"),
    [("dashboard", 14 + 2), ("commitment form", 12 + 2), ("approval queue", 12 + 2), ("people list", 6 + 2)],
)
def test_a_main_page_built_makes_a_fixed_number_of_queries(client, page, limit):
    if page == "dashboard":
        user, url = _officer(), reverse("reports:dashboard")
    elif page == "commitment form":
        record = _editable_commitment()
        user, url = record.person.user, reverse("cycle:record-edit", args=[record.pk])
    elif page == "approval queue":
        user, url = _leader(), reverse("cycle:queue")
    else:
        user, url = _officer(), reverse("organisation:person-list")
    client.force_login(user)
    n, html = _queries(client, url)
    assert 3 <= n <= limit, f"{page}: {n} queries"
    assert "Đăng xuất" in html  # the signed-in layout, menu included
