"""The shared cast: one province with two districts; every role sits in district A, the outsider in B.

Tỉnh ủy Thử nghiệm (province)                     admin
├── Đảng bộ huyện An Bình (district A)            officer, inspector
│   ├── Đảng bộ xã Lục Bình (commune A1)          leader
│   │   └── Chi bộ thôn Nà Pài (cell A1)          member (and a colleague)
│   └── Đảng bộ xã Vũ Muộn (commune A2)           a person
└── Đảng bộ huyện Bắc Sơn (district B)            outsider (officer)
    └── Đảng bộ xã Xuất Hóa (commune B1)
        └── Chi bộ thôn Khuổi Chắp (cell B1)      a person who must never leak
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client

from lamtheobac.organisation import services
from lamtheobac.organisation.models import Org, OrgKind, Person, Role

from .demo_db import demo_copies, demo_db  # noqa: F401  (the demo seeded once per session, copied per module)
from .factories import OrgFactory, PersonFactory, UserFactory
from .shared import close_open_worlds, once_per_module


@dataclass
class Cast:
    province: Org
    district_a: Org
    commune_a1: Org
    cell_a1: Org
    commune_a2: Org
    district_b: Org
    commune_b1: Org
    cell_b1: Org
    admin: User
    officer: User
    inspector: User
    leader: User
    member: User
    outsider: User
    member_person: Person
    colleague: Person
    person_a2: Person
    secret_person: Person

    def actors(self) -> dict[str, User]:
        return {
            "admin": self.admin,
            "officer": self.officer,
            "inspector": self.inspector,
            "leader": self.leader,
            "member": self.member,
            "outsider": self.outsider,
        }


def _user_with_role(username: str, org: Org, role: str, person: Person | None = None) -> User:
    user = UserFactory(username=username)
    services.grant_create(actor=None, user=user, org=org, role=role)
    if person is not None:
        person.user = user
        person.save()
    return user


def build_cast() -> Cast:
    """The cast written in the database."""
    province = OrgFactory(name="Tỉnh ủy Thử nghiệm", code="T", kind=OrgKind.PROVINCE_COMMITTEE)
    district_a = OrgFactory(
        name="Đảng bộ huyện An Bình", code="A", kind=OrgKind.DISTRICT_COMMITTEE, parent=province
    )
    commune_a1 = OrgFactory(
        name="Đảng bộ xã Lục Bình", code="A1", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=district_a
    )
    cell_a1 = OrgFactory(name="Chi bộ thôn Nà Pài", code="A1C1", parent=commune_a1)
    commune_a2 = OrgFactory(
        name="Đảng bộ xã Vũ Muộn", code="A2", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=district_a
    )
    district_b = OrgFactory(
        name="Đảng bộ huyện Bắc Sơn", code="B", kind=OrgKind.DISTRICT_COMMITTEE, parent=province
    )
    commune_b1 = OrgFactory(
        name="Đảng bộ xã Xuất Hóa", code="B1", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=district_b
    )
    cell_b1 = OrgFactory(name="Chi bộ thôn Khuổi Chắp", code="B1C1", parent=commune_b1)

    member_person = PersonFactory(full_name="Hoàng Thị Mai", org=cell_a1)
    colleague = PersonFactory(full_name="Nông Văn Dũng", org=cell_a1)
    person_a2 = PersonFactory(full_name="Lục Văn Bình", org=commune_a2)
    secret_person = PersonFactory(
        full_name="Triệu Thị Bí Mật", org=cell_b1, phone="0912345678", party_card_number="99887766"
    )
    return Cast(
        province=province,
        district_a=district_a,
        commune_a1=commune_a1,
        cell_a1=cell_a1,
        commune_a2=commune_a2,
        district_b=district_b,
        commune_b1=commune_b1,
        cell_b1=cell_b1,
        admin=_user_with_role("admin", province, Role.ADMIN),
        officer=_user_with_role(
            "officer", district_a, Role.OFFICER, PersonFactory(full_name="Hà Văn Tuyên", org=district_a)
        ),
        inspector=_user_with_role("inspector", district_a, Role.INSPECTOR),
        leader=_user_with_role("leader", commune_a1, Role.LEADER),
        member=_user_with_role("member", cell_a1, Role.MEMBER, member_person),
        outsider=_user_with_role("outsider", district_b, Role.OFFICER),
        member_person=member_person,
        colleague=colleague,
        person_a2=person_a2,
        secret_person=secret_person,
    )


# Built once per module, in a transaction rolled back after the module's last test (tests/shared.py).
shared_cast = once_per_module(build_cast)


@pytest.fixture
def cast(shared_cast, db, request, settings) -> Cast:
    """The cast, for this test alone: its own copy of the objects, and what it writes rolled back after it."""
    return shared_cast.fresh(request, settings)


@pytest.fixture
def cast_committed(transactional_db) -> Cast:
    """The cast built for a test marked ``django_db(transaction=True)``, whose writes are committed."""
    return build_cast()


@pytest.fixture
def client_for(client):
    """``client_for(user)`` → a test client signed in as ``user`` (None: anonymous)."""

    def make(user: User | None) -> Client:
        c = Client()
        if user is not None:
            sign_in(c, user)
        return c

    return make


def sign_in(client: Client, user: User) -> Client:
    """Sign ``user`` in on ``client``; an admin (who must use two-factor sign-in) gets an authenticator
    and a session that has passed the second step, as after typing the code."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from lamtheobac.accounts import two_factor

    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if two_factor.required(user) or two_factor.is_on(user):
        device = two_factor.authenticator(user) or TOTPDevice.objects.create(user=user, confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session[two_factor.STATE] = two_factor.DONE
        session.save()
    return client


# Fixtures that open the suite's database; a test marked engine_neutral may ask for none of them.
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
    "_django_db_helper",
    "cast",
    "cast_committed",
    "shared_cast",
    "demo_db",
}
ERR_NOT_NEUTRAL = (
    "{test} is marked engine_neutral (it runs on one database only in CI) but can reach the database: {why}"
)


@pytest.hookimpl(trylast=True)  # after pytest-django's own ordering
def pytest_collection_modifyitems(items) -> None:
    """A test marked engine_neutral runs in one stage of CI only; it must not be able to reach the database
    (pytest-django refuses a query from a test without the ``django_db`` mark or a database fixture), so
    that whatever differs between SQLite and PostgreSQL is still tested on both.

    The modules that read the demo, and those marked ``long``, go first: started last they would leave one
    process working alone at the end of a parallel run (pytest-xdist deals out whole modules in order)."""
    first = {
        item.module
        for item in items
        if "demo_db" in getattr(item, "fixturenames", ()) or item.get_closest_marker("long") is not None
    }
    items.sort(key=lambda item: getattr(item, "module", None) not in first)
    for item in items:
        if item.get_closest_marker("engine_neutral") is None:
            continue
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("databases") != []:
            raise pytest.UsageError(ERR_NOT_NEUTRAL.format(test=item.nodeid, why="marked django_db"))
        asked = DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        if asked:
            raise pytest.UsageError(ERR_NOT_NEUTRAL.format(test=item.nodeid, why=", ".join(sorted(asked))))


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that do not test hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a fresh folder per test, never into var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached page: a rolled-back test can leave the data stamp where it was."""
    from django.core.cache import cache

    cache.clear()


# What makes pytest-django run a test in a transaction of its own that it commits and flushes.
TRANSACTIONAL_FIXTURES = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "cast_committed",
}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item) -> None:
    """Before a test that commits, roll back the worlds its module shares (tests/shared.py)."""
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and bool(
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    if transactional or TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())):
        close_open_worlds()


@pytest.fixture
def db_queue(settings, monkeypatch):
    """The database queue, as in production: a queued task waits for a worker (``tests.queue.run_worker``)
    instead of running as it is queued.

    Between tasks the worker closes the connections it finds old or inside a transaction; in a test the
    connection holds the test's own transaction (rolled back after it), which closing would end: on
    PostgreSQL the test would go on with a closed connection (an in-memory SQLite database is never closed).
    Django's test client keeps the connection open across requests for the same reason."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.TASK_STALLED_AFTER_SECONDS = 10 * 60
    settings.TASK_MAX_ATTEMPTS = 2
