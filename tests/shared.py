"""Data built once per test module and shared by its tests, each test inside a savepoint rolled back after it.

Django's ``TestCase.setUpTestData`` as a pytest fixture: ``once_per_module(build)`` returns a module-scoped
fixture that opens a transaction, calls ``build()`` in it (files uploaded meanwhile go to a folder of the
module's own), and rolls the transaction back after the module's last test. Each test asks for a fresh view of
it with ``world.fresh(settings)``: a deep copy of the objects (a test that changes an object in memory does
not change the next test's) and a copy of the files in the test's own media folder; pytest-django's ``db``
wraps the test in a savepoint, so what a test writes in the database is gone before the next one starts.

Only for tests marked ``django_db`` without ``transaction=True``: a transactional test commits and flushes,
which an open transaction around it would defeat. ``fresh`` refuses to serve one, and the module's world is
rolled back before a transactional test of the same module starts (``close_open_worlds``, called by
conftest): run alone, pytest-django puts the transactional tests after all others, but a run split among
processes by module keeps a module's tests together, its transactional tests last.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ERR_TRANSACTIONAL = (
    "a world shared by a module serves only tests without transaction=True (for the cast: cast_committed)"
)
ERR_CLOSED = (
    "the module's world was rolled back for a transactional test; a shared-world test runs before those"
)

# The worlds whose transaction is open: how to roll each back.
_open: list[Callable[[], None]] = []


def close_open_worlds() -> None:
    """Roll back every world still open (before a test that commits: it must see an empty database)."""
    while _open:
        _open.pop()()


@dataclass(frozen=True)
class World:
    objects: Any
    media: Path
    closed: list[bool]  # [True] once rolled back

    def fresh(self, request: pytest.FixtureRequest, settings) -> Any:
        """This test's own copy of the objects, and of their files under its MEDIA_ROOT."""
        marker = request.node.get_closest_marker("django_db")
        if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
            raise pytest.UsageError(ERR_TRANSACTIONAL)
        if self.closed[0]:
            raise pytest.UsageError(ERR_CLOSED)
        shutil.copytree(self.media, settings.MEDIA_ROOT, dirs_exist_ok=True)
        return copy.deepcopy(self.objects)


def once_per_module(build: Callable[[], Any]):
    """A module-scoped fixture holding ``World(build(), media)``; see the module's docstring."""

    @pytest.fixture(scope="module")
    def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
        media = tmp_path_factory.mktemp("world-media")
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
        closed = [False]

        def close() -> None:
            if closed[0]:
                return
            closed[0] = True
            with django_db_blocker.unblock():
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)

        _open.append(close)
        try:
            with (
                django_db_blocker.unblock(),
                override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHERS),
            ):
                objects = build()
            yield World(objects=objects, media=media, closed=closed)
        finally:
            if close in _open:
                _open.remove(close)
            close()

    return world
