"""A reorganisation file checked on the page waits in the user's own session, under a random key, until it is
applied: the lines applied are the lines the server read and checked, never lines sent back by the browser.

Only the last few checks are kept; applying one forgets it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from .services import reorganise as reorg
from .values import Problem

SESSION_KEY = "reorganisations"
KEPT = 5  # checks kept per session, the newest


@dataclass
class Pending:
    """The lines of a file as read, what could not be read in it, and what goes with it."""

    lines: list[reorg.Line]
    problems: list[Problem]
    reason: str
    source: str


def keep(session, *, lines: list[reorg.Line], problems: list[Problem], reason: str, source: str) -> str:
    """Keep a checked file in ``session``; its key, for the preview's address."""
    key = secrets.token_urlsafe(16)
    kept = dict(session.get(SESSION_KEY, {}))
    kept[key] = {
        "lines": [line.as_dict() for line in lines],
        "problems": [[p.row, p.column, p.message] for p in problems],
        "reason": reason,
        "source": source,
    }
    session[SESSION_KEY] = dict(list(kept.items())[-KEPT:])
    return key


def find(session, key: str) -> Pending | None:
    """The file kept under ``key`` in ``session``, its lines read again as the file's were; None if absent."""
    found = session.get(SESSION_KEY, {}).get(key)
    if not isinstance(found, dict):
        return None
    problems = [Problem(row, column, message) for row, column, message in found.get("problems", [])]
    lines: list[reorg.Line] = []
    for cells in found.get("lines", []):
        # what could not be read in a line is among the problems kept: read again, it is not told twice
        line = reorg.line_from(cells["row"], cells, [])
        if line is not None:
            lines.append(line)
    return Pending(
        lines=lines, problems=problems, reason=found.get("reason", ""), source=found.get("source", "")
    )


def drop(session, key: str) -> None:
    """Forget the file kept under ``key`` (once applied)."""
    kept = dict(session.get(SESSION_KEY, {}))
    if kept.pop(key, None) is not None:
        session[SESSION_KEY] = kept
