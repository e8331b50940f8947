"""Scope rules of the dashboard and the report writer for tests/test_scope.py."""

from __future__ import annotations

ROUTES = {
    # without ?org= the dashboard shows the user's own subtree; ?org= outside it is tested in test_dashboard
    "reports:dashboard": "self",
    "reports:dashboard-xlsx": "self",
}

SECRETS: list[str] = []


def build(cast) -> None:
    """The dashboard counts what the other areas and the cast already hold."""


def MIRROR(cast) -> dict:
    return {}
