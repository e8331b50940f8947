"""What the organisation app tells the apps above it, after its own write (they subscribe; it imports none).

Signals, sent once after the write, inside its transaction:

- ``role_granted`` (sender ``RoleGrant``, argument ``grant``, saved): a role was granted.
- ``people_moved`` (sender ``Person``, arguments ``person_ids`` and ``org_ids``): people changed orgs behind
  ``save()`` (a bulk update, a merge); ``org_ids`` are the orgs they left and joined.
- ``people_merged`` (sender ``Person``, arguments ``person_ids``, ``source``, ``target``, ``on``): in a merge,
  the active people of ``source`` moved to ``target`` from ``on``: the apps above move what they hold for
  them (the cycle moves their records of the years still open).

Two changes need the apps above before *and* after the write, so they wrap it instead (a small hook
registry: each app registers a context manager when it is ready):

- ``reshaping(org, from_year)``: around a change of the tree at ``org`` (a move, an end, a change of kind)
  effective in ``from_year``: the maintained counts take the moved rows off the old ancestors first.
- ``batch()``: around a write of many rows: what the apps above hear inside is acted on once at the end.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from django.dispatch import Signal

if TYPE_CHECKING:
    from .models import Org

role_granted = Signal()
people_moved = Signal()
people_merged = Signal()

_around_reshaping: list[Callable[[Org, int], AbstractContextManager]] = []
_around_batch: list[Callable[[], AbstractContextManager]] = []


def on_reshaping(hook: Callable[[Org, int], AbstractContextManager]) -> None:
    """Wrap every change of the tree in ``hook(org, from_year)`` (registered once, at start-up)."""
    if hook not in _around_reshaping:
        _around_reshaping.append(hook)


def on_batch(hook: Callable[[], AbstractContextManager]) -> None:
    """Wrap every write of many rows in ``hook()`` (registered once, at start-up)."""
    if hook not in _around_batch:
        _around_batch.append(hook)


@contextlib.contextmanager
def reshaping(org: Org | list[Org], from_year: int) -> Iterator[None]:
    """Around a change of the tree at ``org`` (or several orgs moved together) effective in ``from_year``
    (see the module's docstring)."""
    with contextlib.ExitStack() as stack:
        for hook in _around_reshaping:
            stack.enter_context(hook(org, from_year))
        yield


@contextlib.contextmanager
def batch() -> Iterator[None]:
    """Around a write of many rows (see the module's docstring)."""
    with contextlib.ExitStack() as stack:
        for hook in _around_batch:
            stack.enter_context(hook())
        yield
