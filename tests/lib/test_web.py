"""The ``?year=`` of list pages."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from lamtheobac.lib.web import year_param

pytestmark = pytest.mark.engine_neutral  # no database: runs in one stage of CI (conftest.py)


@pytest.mark.parametrize(
    "sent", ["٣", "²", "２０２６", "9" * 25, "-" + "9" * 25, str(2**63), "0", "10000", "abc", ""]
)
def test_a_year_no_date_holds_is_no_year(sent):
    assert year_param(RequestFactory().get("/", {"year": sent})) is None


def test_a_year_is_read():
    assert year_param(RequestFactory().get("/", {"year": "2026"})) == 2026
