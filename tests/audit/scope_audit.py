"""Scope rules of the audit log for tests/test_scope.py: admins only, whatever the org."""

from __future__ import annotations

ROUTES = {
    "audit:list": "admin",
    "audit:export": "admin",
}

SECRETS: list[str] = []


def build(cast) -> None:
    pass


def MIRROR(cast) -> dict:
    return {}
