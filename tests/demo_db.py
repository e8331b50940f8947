"""The demo district, seeded once per test session and copied into the database of each module that reads it.

Seeding the demo takes half a minute on SQLite and more than a minute on PostgreSQL; six modules read it.
The first module that asks for it (``demo_db``) seeds it into the empty test database, keeps a copy of the
database as it then is (the *demo copy*) and one of the database before (the *empty copy*), and the module
tests run on it. Each later module starts from the demo copy; after each module the empty copy is put back,
so the next module finds the database as it would after a wipe.

A copy is the whole database: on SQLite the in-memory test database copied page by page (SQLite's backup,
what copying the file does for a file), on PostgreSQL ``CREATE DATABASE … TEMPLATE …`` (the database is
replaced by a new one made from the copy: PostgreSQL cannot copy into an existing database).
"""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test import override_settings

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ERR_ENGINE = "the demo copy knows SQLite and PostgreSQL only, not {engine}"
ERR_NOT_A_TEST_DATABASE = "the demo copy replaces only a test database, not {name}"
ERR_IN_TRANSACTION = (
    "the demo copy replaces the whole database, which a transaction is open on (a module using demo_db "
    "may not use the cast or another world shared by the module, tests/shared.py)"
)


def _engine() -> str:
    engine = connection.settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise pytest.UsageError(ERR_ENGINE.format(engine=engine))


def _test_name() -> str:
    name = connection.settings_dict["NAME"]
    if "test" not in str(name) and "memory" not in str(name):
        raise pytest.UsageError(ERR_NOT_A_TEST_DATABASE.format(name=name))
    return name


@dataclass
class Copies:
    """The database's copies, by label: SQLite in-memory databases, or PostgreSQL template databases."""

    kept: dict[str, object] = field(default_factory=dict)

    def take(self, label: str) -> None:
        if _engine() == "sqlite":
            connection.ensure_connection()
            copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(copy)
            self.kept[label] = copy
            return
        name = f"{_test_name()}_{label}"
        connections.close_all()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{_test_name()}"')
        self.kept[label] = name

    def restore(self, label: str) -> None:
        if _engine() == "sqlite":
            connection.ensure_connection()
            self.kept[label].backup(connection.connection)
            return
        name = _test_name()
        connections.close_all()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.kept[label]}"')

    def drop(self) -> None:
        for kept in self.kept.values():
            if isinstance(kept, sqlite3.Connection):
                kept.close()
            else:
                connections.close_all()
                with connection._nodb_cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{kept}"')
        self.kept.clear()


@dataclass(frozen=True)
class Demo:
    """What ``seed_demo`` printed while seeding the session's demo; its photos are under ``media``."""

    output: str
    media: Path


@dataclass
class DemoCopies:
    copies: Copies
    media: Path
    output: str | None = None

    def put(self) -> Demo:
        """The demo in the test database: seeded the first time, copied afterwards."""
        if connection.in_atomic_block:
            raise pytest.UsageError(ERR_IN_TRANSACTION)
        if self.output is None:
            self.copies.take("empty")
            out = io.StringIO()
            # The fast hasher of every test (conftest): an Argon2 hash would not check under it.
            with override_settings(DEBUG=True, PASSWORD_HASHERS=FAST_HASHERS, MEDIA_ROOT=self.media):
                call_command("seed_demo", stdout=out)
            self.copies.take("demo")
            self.output = out.getvalue()
        else:
            self.copies.restore("demo")
        return Demo(output=self.output, media=self.media)

    def clear(self) -> None:
        """The test database as it was before the demo (what ``wipe`` leaves, and the sequences too)."""
        self.copies.restore("empty")


@pytest.fixture(scope="session")
def demo_copies(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[DemoCopies]:
    demo = DemoCopies(copies=Copies(), media=tmp_path_factory.mktemp("demo-media"))
    yield demo
    with django_db_blocker.unblock():
        demo.copies.drop()


@pytest.fixture(scope="module")
def demo_db(demo_copies, django_db_blocker) -> Iterator[Demo]:
    """The demo district committed in the test database for this module's tests (each test in its own
    rolled-back transaction); the database is empty again after the module."""
    with django_db_blocker.unblock():
        demo = demo_copies.put()
    yield demo
    with django_db_blocker.unblock():
        demo_copies.clear()
