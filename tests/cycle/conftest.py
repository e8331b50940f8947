"""Cycle fixtures on top of the shared cast: a year opened at district A, a member's draft commitment."""

from __future__ import annotations

import pytest
from hypothesis import settings

from lamtheobac.cycle.models import Period, Record

from .builders import make_commitment, open_year

# No example database: a failing example is printed in full, and runs do not depend on earlier ones.
settings.register_profile("lamtheobac", database=None)
settings.load_profile("lamtheobac")


@pytest.fixture
def year(cast) -> Period:
    """This year, opened by the officer at district A (deadlines a month ahead, 3 actions minimum)."""
    return open_year(cast.district_a, actor=cast.officer, theme="Chuyên đề năm thử nghiệm")


@pytest.fixture
def commitment(cast, year) -> Record:
    """The member's own draft commitment with 3 items."""
    return make_commitment(person=cast.member_person, actor=cast.member)
