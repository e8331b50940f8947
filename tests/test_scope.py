"""Every URL of the project, every role: nothing outside a user's subtree can be read or changed.

ROUTES lists each named URL pattern with how to fill its arguments from an object in district B (the
outsider branch). A URL pattern missing from ROUTES fails ``test_every_url_is_covered``: a new view
cannot ship without being added here.
"""

from __future__ import annotations

import datetime
import importlib
import io
import zipfile
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lamtheobac.accounts.privacy import services as privacy
from lamtheobac.cycle import services as cycle
from lamtheobac.cycle.models import DocumentKind, Evidence, RecordKind
from lamtheobac.cycle.services import meetings as meeting_services
from lamtheobac.organisation.models import Role, RoleGrant

from .conftest import build_cast
from .shared import once_per_module

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

PUBLIC = "public"  # answers without login
SELF = "self"  # needs login; only ever shows the user's own data
QUERY = "query"  # the object is named in the query string or the POST body: see the tests at the end
ADMIN = "admin"  # the system's admins only, whatever their org (the audit log)


def _token_of(user) -> int:
    from lamtheobac.api import tokens
    from lamtheobac.api.models import AccessToken

    found = AccessToken.objects.filter(user=user).first()
    return found.pk if found else tokens.create(user=user, name="Đồng bộ")[0].pk


def _grant_b(cast):
    return RoleGrant.objects.get(user=cast.outsider, org=cast.district_b, role=Role.OFFICER).pk


# name → None (public/self page, no object) or a function(cast) → kwargs naming an object in district B.
ROUTES = {
    "home": SELF,
    "healthz": PUBLIC,
    "accounts:login": PUBLIC,
    "accounts:logout": SELF,
    "accounts:password-change": SELF,
    "accounts:my-data": SELF,
    "accounts:two-factor": SELF,
    "accounts:tokens": SELF,
    "accounts:token-revoke": lambda c: {"token_id": _token_of(c.outsider)},
    "accounts:token-renew": lambda c: {"token_id": _token_of(c.outsider)},
    "accounts:two-factor-verify": SELF,
    "accounts:code-login": PUBLIC,
    "accounts:onboard": lambda c: {"org_id": c.cell_b1.pk},
    "accounts:code-reissue": lambda c: {"person_id": c.secret_person.pk},
    "organisation:org-tree": SELF,
    "organisation:person-list": SELF,
    "organisation:search": SELF,
    "organisation:org-detail": lambda c: {"org_id": c.cell_b1.pk},
    "organisation:org-children": lambda c: {"org_id": c.commune_b1.pk},
    "organisation:org-create": lambda c: {"org_id": c.commune_b1.pk},
    "organisation:org-edit": lambda c: {"org_id": c.cell_b1.pk},
    "organisation:org-move": lambda c: {"org_id": c.cell_b1.pk},
    "organisation:org-deactivate": lambda c: {"org_id": c.cell_b1.pk},
    "organisation:org-reactivate": lambda c: {"org_id": c.cell_b1.pk},
    "organisation:org-merge": lambda c: {"org_id": c.commune_b1.pk},
    "organisation:org-grants": lambda c: {"org_id": c.district_b.pk},
    "organisation:person-create": lambda c: {"org_id": c.cell_b1.pk},
    "organisation:grant-revoke": lambda c: {"grant_id": _grant_b(c)},
    "organisation:person-detail": lambda c: {"person_id": c.secret_person.pk},
    "organisation:person-edit": lambda c: {"person_id": c.secret_person.pk},
    "organisation:person-move": lambda c: {"person_id": c.secret_person.pk},
    "organisation:person-account": lambda c: {"person_id": c.secret_person.pk},
    "accounts:person-data": lambda c: {"person_id": c.secret_person.pk},
    "accounts:person-two-factor-reset": lambda c: {"person_id": c.secret_person.pk},
    "activities:hub": SELF,
    "cycle:period-list": SELF,
    "cycle:period-open": QUERY,
    "cycle:my-commitment": SELF,
    "cycle:record-list": SELF,
    "cycle:record-start": QUERY,
    "cycle:queue": SELF,
    "cycle:lagging": QUERY,
    "cycle:remind": QUERY,
    "cycle:reminder-log": QUERY,
    "cycle:reminder-mail": QUERY,  # POST only, about the user themselves
    "accounts:reminder-seen": QUERY,
    "cycle:period-detail": lambda c: {"period_id": c.b.period.pk},
    "cycle:period-edit": lambda c: {"period_id": c.b.period.pk},
    "cycle:period-close": lambda c: {"period_id": c.b.period.pk},
    "cycle:period-reopen": lambda c: {"period_id": c.b.period.pk},
    "cycle:document-add": lambda c: {"period_id": c.b.period.pk},
    "cycle:document-download": lambda c: {"document_id": c.b.document.pk},
    "cycle:record-detail": lambda c: {"record_id": c.b.record.pk},
    "cycle:record-edit": lambda c: {"record_id": c.b.record.pk},
    "cycle:record-item-row": lambda c: {"record_id": c.b.record.pk},
    "cycle:record-submit": lambda c: {"record_id": c.b.record.pk},
    "cycle:record-approve": lambda c: {"record_id": c.b.record.pk},
    "cycle:record-return": lambda c: {"record_id": c.b.record.pk},
    "cycle:record-self-assess": lambda c: {"record_id": c.b.record.pk},
    "cycle:record-rate": lambda c: {"record_id": c.b.record.pk},
    "cycle:record-quarter": lambda c: {"record_id": c.b.record.pk, "quarter": 1},
    "cycle:record-interim": lambda c: {"record_id": c.b.record.pk},
    "cycle:progress-add": lambda c: {"record_id": c.b.record.pk, "item_id": c.b.item.pk},
    "cycle:evidence-download": lambda c: {"evidence_id": c.b.evidence.pk},
    "cycle:meeting-list": lambda c: {"org_id": c.cell_b1.pk},
    "cycle:meeting-create": lambda c: {"org_id": c.cell_b1.pk},
    "cycle:meeting-detail": lambda c: {"meeting_id": c.b.meeting.pk},
    "cycle:meeting-edit": lambda c: {"meeting_id": c.b.meeting.pk},
    "accounts:privacy-notice": SELF,
    "accounts:data-requests": SELF,
    "accounts:data-request-list": SELF,
    "accounts:data-request-answer": lambda c: {"request_id": c.b.data_request.pk},
}

# Strings from district B that must never appear in a page served to someone outside it.
SECRETS = [
    "Bí Mật",
    "Khuổi Chắp",
    "Xuất Hóa",
    "0912345678",
    "99887766",
    "Rừng đầu nguồn Bắc Sơn",
    "bimat.png",
]

INSIDE_ROLES = ["officer", "inspector", "leader", "member"]

# Every method a browser or a script may send. The views read forms from POST only; a PUT, PATCH or DELETE
# carrying the same form must be refused or ignored just as well.
METHODS = ("get", "post", "put", "patch", "delete")


def send(client, method: str, url: str, data: dict | None = None):
    if method in ("get", "post"):
        return getattr(client, method)(url, data or {})
    body = urlencode(data or {}, doseq=True)
    return getattr(client, method)(url, body, content_type="application/x-www-form-urlencoded")


# Each area declares its routes beside its own tests (tests/<app>/scope_*.py): ROUTES and SECRETS as here,
# build(cast) adding its objects for district A and B, and MIRROR(cast) giving the district-A ids the
# outsider must not reach.
AREAS = [
    importlib.import_module(f"tests.{path.parent.name}.{path.stem}")
    for path in sorted(Path(__file__).parent.glob("*/scope_*.py"))
]
for _area in AREAS:
    ROUTES.update(_area.ROUTES)
    SECRETS.extend(_area.SECRETS)


class _Objects:
    """A year, a document, a commitment with an item and an evidence file, inside one district."""

    def __init__(self, district, person, breakthrough: str, filename: str):
        self.period = cycle.period_open(
            actor=None, org=district, data=cycle.PeriodInput(year=2026, breakthroughs=[breakthrough])
        )
        self.document = cycle.document_attach(
            actor=None, period=self.period, number="12-KH/HU", kind=DocumentKind.PLAN,
            issued_on=datetime.date(2026, 1, 5), issuer=district.name, title=breakthrough,
            upload=SimpleUploadedFile(filename, PNG),
        )  # fmt: skip
        self.record = cycle.record_create(actor=None, kind=RecordKind.COMMITMENT, year=2026, person=person)
        items = [cycle.ItemInput(action=f"{breakthrough} {i}") for i in range(3)]
        cycle.record_save(actor=None, record=self.record, version=self.record.version, items=items)
        self.record = cycle.record_submit(actor=None, record=self.record)
        self.item = self.record.items.first()
        note = cycle.progress_add(
            actor=None, item=self.item, text_="Đã làm", files=[SimpleUploadedFile(filename, PNG)]
        )
        self.evidence = Evidence.objects.get(note=note)
        self.meeting = meeting_services.meeting_record(
            actor=None, org=person.org, year=2026, month=1, held_on=datetime.date(2026, 1, 10),
            presenter=person, check_ins=[meeting_services.CheckIn(item=self.item, status="done", note=breakthrough)],
        )  # fmt: skip
        self.data_request = privacy.data_request_create(
            actor=None, person=person, kind="correct", details=f"Sửa giúp: {breakthrough}"
        )


def _build_world():
    """The shared cast with cycle records in both districts (``cast.a`` and ``cast.b``) and every area's
    objects."""
    cast = build_cast()
    cast.a = _Objects(cast.district_a, cast.member_person, "Cải cách hành chính An Bình", "anh.png")
    cast.b = _Objects(cast.district_b, cast.secret_person, "Rừng đầu nguồn Bắc Sơn", "bimat.png")
    for area in AREAS:
        area.build(cast)
    return cast


# Built once for the module (several hundred tests read it); each test gets its own copy inside a savepoint.
scope_world = once_per_module(_build_world)


@pytest.fixture
def cast(db, scope_world, request, settings):
    """The scope world: the shared cast with both districts' objects (``_build_world``)."""
    return scope_world.fresh(request, settings)


def _walk(resolver: URLResolver, prefix: str = "") -> list[str]:
    names = []
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            names += _walk(p, ns)
        elif isinstance(p, URLPattern) and p.name:
            names.append(prefix + p.name)
    return names


def _project_url_names() -> set[str]:
    # the API's operations have their own walk: tests/api/test_api_scope.py
    return {n for n in _walk(get_resolver()) if not n.startswith(("admin:", "djdt:", "api:"))}


def test_every_url_is_covered():
    missing = _project_url_names() - set(ROUTES)
    assert not missing, f"URL patterns without a scope rule in tests/test_scope.py: {sorted(missing)}"
    stale = set(ROUTES) - _project_url_names()
    assert not stale, f"ROUTES names URLs that no longer exist: {sorted(stale)}"


def _object_routes():
    return sorted(name for name, rule in ROUTES.items() if callable(rule))


@pytest.mark.parametrize("name", _object_routes())
@pytest.mark.parametrize("role", INSIDE_ROLES)
def test_objects_outside_the_subtree_are_invisible(cast, client_for, name, role):
    url = reverse(name, kwargs=ROUTES[name](cast))
    client = client_for(cast.actors()[role])
    for method in METHODS:
        response = send(client, method, url, {"name": "x", "code": "HACK", "username": "member"})
        assert response.status_code in (403, 404, 405), (method, url, response.status_code)
        body = response.content.decode() if not response.streaming else ""
        for secret in SECRETS:
            assert secret not in body, (method, url, secret)


def _mirror(cast) -> dict[str, int]:
    """The ids of district A's objects, by URL argument name."""
    mirror = {
        "org_id": cast.commune_a1.pk,
        "person_id": cast.member_person.pk,
        "grant_id": RoleGrant.objects.get(user=cast.leader).pk,
        "period_id": cast.a.period.pk,
        "document_id": cast.a.document.pk,
        "record_id": cast.a.record.pk,
        "item_id": cast.a.item.pk,
        "evidence_id": cast.a.evidence.pk,
        "meeting_id": cast.a.meeting.pk,
        "request_id": cast.a.data_request.pk,
        "token_id": _token_of(cast.leader),
        "quarter": 1,  # not an object: the same quarter of district A's record
    }
    for area in AREAS:
        mirror.update(area.MIRROR(cast))
    return mirror


@pytest.mark.parametrize("name", _object_routes())
def test_the_outsider_cannot_reach_district_a(cast, client_for, name):
    """The same proof the other way round: the officer of district B against district A's objects."""
    mirror = _mirror(cast)
    kwargs = {k: mirror[k] for k in ROUTES[name](cast)}
    url = reverse(name, kwargs=kwargs)
    client = client_for(cast.outsider)
    for method in METHODS:
        response = send(client, method, url, {"name": "x", "code": "HACK"})
        assert response.status_code in (403, 404, 405), (method, url, response.status_code)
        body = response.content.decode() if not response.streaming else ""
        assert "Hoàng Thị Mai" not in body
        assert "Lục Bình" not in body
        assert "Cải cách hành chính An Bình" not in body


def readable(response) -> str:
    """The text of a page, or of every part of an Office file (a zip of XML), to search for secrets."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return content.decode()


@pytest.mark.parametrize("name", sorted(n for n, rule in ROUTES.items() if rule == SELF))
@pytest.mark.parametrize("role", INSIDE_ROLES)
def test_pages_without_an_object_show_nothing_from_outside(cast, client_for, name, role):
    if name == "accounts:logout":
        pytest.skip("logout only ends the session")
    client = client_for(cast.actors()[role])
    url = reverse(name)
    for query in ({}, {"q": "bi mat"}, {"q": "khuoi chap"}, {"q": "xuat hoa"}, {"q": "B1C1"}):
        response = client.get(url, query, follow=True)  # "my commitment" redirects to the record itself
        assert response.status_code == 200, (url, query)
        body = readable(response)
        for secret in SECRETS:
            assert secret not in body, (url, query, secret)


@pytest.mark.parametrize("name", sorted(n for n, rule in ROUTES.items() if rule == ADMIN))
def test_admin_pages_refuse_every_other_role(cast, client_for, name):
    url = reverse(name)
    for role in [*INSIDE_ROLES, "outsider"]:
        client = client_for(cast.actors()[role])
        for method in METHODS:
            assert send(client, method, url).status_code in (403, 405), (role, method, url)
    assert client_for(cast.admin).get(url).status_code == 200


@pytest.mark.parametrize("name", sorted(n for n, rule in ROUTES.items() if rule != PUBLIC))
def test_anonymous_visitors_are_sent_to_login(cast, client, name):
    rule = ROUTES[name]
    url = reverse(name, kwargs=rule(cast) if callable(rule) else None)  # QUERY routes need no kwargs
    for method in METHODS:
        response = send(client, method, url)
        if response.status_code == 405:
            continue
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(reverse("accounts:login")), (method, url)


def test_a_person_list_filtered_on_an_outside_org_is_refused(cast, client_for):
    response = client_for(cast.officer).get(reverse("organisation:person-list"), {"org": cast.cell_b1.pk})
    assert response.status_code == 404
    assert "Bí Mật" not in response.content.decode()


def test_the_admin_sees_both_districts(cast, client_for):
    client = client_for(cast.admin)
    assert client.get(reverse("organisation:person-detail", args=[cast.secret_person.pk])).status_code == 200
    assert client.get(reverse("organisation:org-detail", args=[cast.cell_a1.pk])).status_code == 200


def test_opening_a_year_outside_is_refused(cast, client_for):
    url = reverse("cycle:period-open")
    for role in ("officer", "leader", "member"):
        client = client_for(cast.actors()[role])
        assert client.get(url, {"org": cast.district_b.pk}).status_code in (403, 404)
        response = client.post(url, {"org": cast.district_b.pk, "year": 2027, "min_actions": 3})
        assert response.status_code in (403, 404)
    assert not cast.district_b.periods.filter(year=2027).exists()


def test_starting_a_record_outside_is_refused(cast, client_for):
    url = reverse("cycle:record-start")
    before = cast.cell_b1.records.count()
    for role in INSIDE_ROLES:
        client = client_for(cast.actors()[role])
        for data in (
            {"kind": "commitment", "year": 2026, "person": cast.secret_person.pk},
            {"kind": "plan", "year": 2026, "org": cast.cell_b1.pk},
        ):
            assert client.post(url, data).status_code in (403, 404), (role, data)
    assert cast.cell_b1.records.count() == before


def test_a_record_list_filtered_on_an_outside_org_is_refused(cast, client_for):
    for name in ("cycle:record-list", "cycle:queue"):
        response = client_for(cast.leader).get(reverse(name), {"org": cast.cell_b1.pk})
        assert response.status_code == 404


def test_every_stored_file_is_served_safely(cast, client_for):
    """Each view that answers with a stored file (found by asking every object URL of district A as the
    admin): a photo is shown inline, anything else is an attachment; the browser may not sniff another
    type, and the file runs sandboxed. Media files have no URL of their own."""
    from lamtheobac.lib import uploads

    mirror = _mirror(cast)
    client = client_for(cast.admin)
    served = set()
    for name in _object_routes():
        response = client.get(reverse(name, kwargs={k: mirror[k] for k in ROUTES[name](cast)}))
        if not response.streaming:
            continue
        served.add(name)
        disposition = response.get("Content-Disposition", "")
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Content-Security-Policy"] == uploads.SANDBOX, name
        if response["Content-Type"] in uploads.IMAGE_TYPES:
            assert not disposition.startswith("attachment"), name
        else:
            assert disposition.startswith("attachment"), (name, response["Content-Type"])
        assert "svg" not in response["Content-Type"] and "html" not in response["Content-Type"], name
    assert {"cycle:evidence-download", "cycle:document-download"} <= served, served

    stored = cast.a.evidence.file.name
    assert client.get("/media/" + stored).status_code == 404
    assert client.get("/" + stored).status_code == 404
