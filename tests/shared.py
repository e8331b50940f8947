"""Data built once per test module and shared by its tests, each test inside a savepoint rolled back after it.

Django's ``TestCase.setUpTestData`` as a pytest fixture: ``once_per_module(build)`` returns a module-scoped
fixture that opens a transaction, calls ``build()`` in it (files uploaded meanwhile go to a folder of the
module's own), and rolls the transaction back after the module's last test. Each test asks for a fresh view of
it with ``world.fresh(settings)``: a deep copy of the objects (a test that changes an object in memory does
not change the next test's) and a copy of the files in the test's own media folder; pytest-django's ``db``
wraps the test in a savepoint, so what a test writes in the database is gone before the next one starts.

Only for tests marked ``django_db`` without ``transaction=True``: a transactional test commits and flushes,
which an open transaction around it would defeat. ``fresh`` refuses to serve one.
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


@dataclass(frozen=True)
class World:
    objects: Any
    media: Path

    def fresh(self, request: pytest.FixtureRequest, settings) -> Any:
        """This test's own copy of the objects, and of their files under its MEDIA_ROOT."""
        marker = request.node.get_closest_marker("django_db")
        if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
            raise pytest.UsageError(ERR_TRANSACTIONAL)
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
        try:
            with (
                django_db_blocker.unblock(),
                override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHERS),
            ):
                objects = build()
            yield World(objects=objects, media=media)
        finally:
            with django_db_blocker.unblock():
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)

    return world
