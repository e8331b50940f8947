"""Pages served again from the cache: only to the same user in the same browser, never once the data behind
them changed (whatever wrote it), never with a one-off message, never for anything but a plain GET page."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lamtheobac.cycle.models import Programme, Record, RecordItem, RecordState
from lamtheobac.lib import pagecache
from lamtheobac.organisation.models import OrgKind, Person
from tests.cycle.builders import YEAR, bring_to, make_commitment, open_year
from tests.factories import OrgFactory, PersonFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("cycle:queue")
DASHBOARD = reverse("reports:dashboard")
PEOPLE = reverse("organisation:person-list")


def _browser(user: User) -> Client:
    """A signed-in browser that already holds its CSRF cookie (as it does once it has shown the login page)."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.get(reverse("home"))
    assert "csrftoken" in client.cookies
    return client


def _served(client: Client, url: str, **params):
    """The response, and the queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return response, len(queries)


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# --- The stamp -----------------------------------------------------------------------------------------


def test_a_write_to_any_table_of_the_application_moves_the_stamp():
    tables = pagecache.stamped_tables()
    assert {"organisation_org", "organisation_person", "cycle_record", "cycle_recorditem_programmes"} <= set(
        tables
    )
    assert "auth_user" in tables and "django_session" not in tables and pagecache.STAMP_TABLE not in tables
    if connection.vendor == "postgresql":
        assert pagecache.triggered_tables() >= set(tables)
    keys = {m._meta.db_table: m._meta.pk.column for m in apps.get_models(include_auto_created=True)}
    for table in tables:
        before = pagecache.stamp()
        with connection.cursor() as cursor:
            key = keys[table]
            cursor.execute(f'UPDATE "{table}" SET "{key}" = "{key}" WHERE 1 = 0')
        assert pagecache.stamp() > before, table


def test_sessions_and_login_attempts_do_not_move_it(cast):
    before = pagecache.stamp()
    client = Client()
    client.post(reverse("accounts:login"), {"username": cast.member.username, "password": "sai mật khẩu"})
    SessionStore().create()
    assert pagecache.stamp() == before


def _moves(write) -> None:
    before = pagecache.stamp()
    write()
    assert pagecache.stamp() > before


def test_every_way_of_writing_moves_the_stamp(cast):
    open_year(cast.district_a)
    record = make_commitment(person=cast.member_person)
    item = record.items.first()
    _moves(lambda: OrgFactory(parent=cast.district_a, kind=OrgKind.CELL))  # save()
    _moves(lambda: Person.objects.filter(pk=cast.colleague.pk).update(position="Trưởng thôn"))  # update()
    _moves(lambda: PersonFactory.create_batch(2, org=cast.cell_a1))
    _moves(lambda: Person.objects.bulk_create([Person(org=cast.cell_a1, full_name="Lò Văn Mới")]))
    programme = Programme.objects.exclude(pk__in=item.programmes.all()).first()
    _moves(lambda: item.programmes.add(programme))  # a many-to-many table
    _moves(lambda: RecordItem.objects.filter(pk=item.pk).delete())
    _moves(lambda: User.objects.filter(pk=cast.member.pk).update(is_active=False))

    def raw() -> None:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE cycle_record SET return_comment = 'x' WHERE id = %s", [record.pk])

    _moves(raw)


def test_reading_does_not_move_the_stamp(cast, client_for):
    open_year(cast.district_a)
    make_commitment(person=cast.member_person)
    client = _browser(cast.officer)
    before = pagecache.stamp()
    for url in (DASHBOARD, PEOPLE, reverse("cycle:record-list"), reverse("home")):
        assert client.get(url).status_code == 200
    assert pagecache.stamp() == before


# --- The pages -----------------------------------------------------------------------------------------


def test_a_page_is_served_again_without_being_built(cast):
    open_year(cast.district_a)
    client = _browser(cast.officer)
    first, built = _served(client, PEOPLE)
    again, served = _served(client, PEOPLE)
    assert again.content == first.content
    assert served == 3 < built  # the session, the user, the stamp


def test_the_cache_can_be_switched_off(cast, settings):
    settings.PAGE_CACHE = False
    client = _browser(cast.officer)
    _served(client, PEOPLE)
    assert _served(client, PEOPLE)[1] > 3


def test_a_write_shows_at_once_on_every_page(cast):
    open_year(cast.district_a)
    record = bring_to(
        make_commitment(person=cast.member_person), RecordState.SUBMITTED, writer=None, leader=None
    )
    leader, officer = _browser(cast.leader), _browser(cast.officer)
    queue = reverse("cycle:record-detail", args=[record.pk])
    assert queue in _served(leader, QUEUE)[0].content.decode()
    before = _served(officer, DASHBOARD, year=YEAR)[0]
    assert "0/" in _text(before) and before.context is not None
    assert _served(officer, DASHBOARD, year=YEAR)[0].context is None  # from the cache

    # the leader approves through the page: the queue empties and the officer's dashboard counts it
    assert leader.post(reverse("cycle:record-approve", args=[record.pk])).status_code == 302
    assert Record.objects.get(pk=record.pk).state == RecordState.APPROVED
    assert queue not in _served(leader, QUEUE)[0].content.decode()
    after = _served(officer, DASHBOARD, year=YEAR)[0]
    assert after.context is not None and after.context["total"].commitments_approved == 1


def test_each_user_gets_only_their_own_page(cast):
    """The same URL, two officers of two districts: each sees their own district, whoever asked first."""
    a, b = _browser(cast.officer), _browser(cast.outsider)
    for _ in range(3):
        page_a, page_b = _text(_served(a, PEOPLE)[0]), _text(_served(b, PEOPLE)[0])
        assert cast.member_person.full_name in page_a and cast.secret_person.full_name not in page_a
        assert cast.secret_person.full_name in page_b and cast.member_person.full_name not in page_b


def test_each_browser_gets_forms_it_can_send(cast):
    """The same user in two browsers: each page carries a token for its own browser, and both can post."""
    open_year(cast.district_a)
    record = make_commitment(person=cast.member_person)
    edit = reverse("cycle:record-edit", args=[record.pk])
    for _ in range(2):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(cast.member, backend="django.contrib.auth.backends.ModelBackend")
        browser.get(reverse("home"))
        for _ in range(2):  # built, then served again
            html = _served(browser, edit)[0].content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        version = re.search(r'name="version" value="(\d+)"', html).group(1)
        fields = dict(re.findall(r'name="(items-\d+-[a-z_]+)" value="([^"]*)"', html))
        fields |= {"csrfmiddlewaretoken": token, "version": version}
        fields |= {k: v for k, v in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<', html)}
        response = browser.post(edit, fields)
        assert response.status_code in (200, 302), (
            response.status_code
        )  # never 403: the token is this browser's


def test_a_one_off_message_is_shown_once(cast):
    client = _browser(cast.member)
    # a member asking for the dashboard is sent home with a message
    response = client.get(DASHBOARD, follow=True)
    message = "Trang thống kê dành cho cấp ủy"
    assert message in response.content.decode()
    _served(client, reverse("home"))
    assert message not in _served(client, reverse("home"))[0].content.decode()


def test_htmx_rows_and_the_whole_page_are_kept_apart(cast):
    client = _browser(cast.officer)
    for _ in range(2):
        page = _served(client, PEOPLE)[0].content.decode()
        rows = client.get(PEOPLE, headers={"HX-Request": "true"}).content.decode()
        assert "<html" in page and "<html" not in rows


def test_refusals_and_exports_are_not_kept(cast):
    client = _browser(cast.outsider)
    for _ in range(2):
        assert client.get(PEOPLE, {"org": cast.district_a.pk}).status_code == 404
    mine = _browser(cast.officer)
    for _ in range(2):
        response = mine.get(PEOPLE, {"format": "xlsx"})
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
