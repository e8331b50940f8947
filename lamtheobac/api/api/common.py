"""What every area of the API shares: the bounds of what a client sends, the token check, the page."""

# no ``from __future__ import annotations``: django-ninja reads the parameter types at import time

from typing import Annotated

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from ninja.security import HttpBearer
from pydantic import AfterValidator

from lamtheobac.lib.fields import MAX_COLUMN, MAX_ID, MIN_COLUMN
from lamtheobac.lib.web import YEAR_MAX, YEAR_MIN

from .. import tokens

# Every number a client sends is one of these: an id the database holds, a year a date holds, a count an integer
# column holds; past them, 422 naming the bound, before any query (tests/api/test_api_hostile.py).
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]
Count = Annotated[int, Field(ge=MIN_COLUMN, le=MAX_COLUMN)]


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        user = tokens.user_for(token)
        if user is not None:
            request.user = user  # the scoping helpers read the user from here, as for the pages
        return user


def _words(value: str) -> str:
    """A text filter as typed, without the NUL characters PostgreSQL refuses (a 500 found by schemathesis)."""
    return value.replace("\x00", "")


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("NUL")  # PostgreSQL cannot store it: refused as invalid input (422), not a 500
    return value


Text = Annotated[str, AfterValidator(_no_nul)]


class Page(PageNumberPagination):
    """50 a page (``page_size`` up to 100); a page number past a million is refused (422) rather than
    handed to the database as an offset it cannot hold (found by schemathesis: a 500 on SQLite)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=100)

    page_size = 50
