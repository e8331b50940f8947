"""The one parser of whole numbers from requests: ASCII digits only, inside the database's range."""

from __future__ import annotations

import pytest
from django.http import Http404

from lamtheobac.lib.fields import (
    ERR_NOT_A_NUMBER,
    ERR_OUT_OF_RANGE,
    MAX_ID,
    IntField,
    key_id,
    object_id,
    parse_id,
    parse_ids,
    parse_int,
)

pytestmark = pytest.mark.engine_neutral  # no database: runs in one stage of CI (conftest.py)

NOT_NUMBERS = ["²", "٣", "１２", "3²", "᠓", "𝟗", "1e3", "1.0", "", " ", "+", "-", "0x10", "1_000", "abc", "\x00",
               "1\x00", "9" * 25, str(2**63), str(-(2**63) - 1), None, 1.0, True, b"12", ["1"]]  # fmt: skip


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_it_reads_no_number_from_anything_but_ascii_digits_in_range(value):
    assert parse_int(value) is None


@pytest.mark.parametrize(("value", "expected"), [("12", 12), (" 12\n", 12), ("-7", -7), ("+7", 7), ("0", 0),
                                                 (str(2**63 - 1), 2**63 - 1), (str(-(2**63)), -(2**63)), (5, 5)])  # fmt: skip
def test_it_reads_ascii_numbers(value, expected):
    assert parse_int(value) == expected


def test_it_keeps_to_the_range_asked():
    assert parse_int("0", lo=1) is None
    assert parse_int("101", lo=1, hi=100) is None
    assert parse_int("100", lo=1, hi=100) == 100


def test_ids_are_positive_and_fit_the_column():
    assert parse_id("1") == 1
    assert parse_id(str(MAX_ID)) == MAX_ID
    for value in ("0", "-1", str(MAX_ID + 1), "٣", "²"):
        assert parse_id(value) is None
    assert parse_ids(["3", "²", "x", "4", "9" * 25]) == [3, 4]


def test_an_id_in_a_key_is_read_after_its_prefix():
    assert key_id("present_34", "present_") == 34
    for key in ("present_٣", "present_²", "present_" + "9" * 25, "absent_3", "present_"):
        assert key_id(key, "present_") is None


def test_an_impossible_id_in_a_url_is_not_found():
    assert object_id("12") == 12
    for value in ("٣", "²", "9" * 25, "0"):
        with pytest.raises(Http404):
            object_id(value)


def test_the_integer_form_field_refuses_unicode_digits_and_numbers_past_the_column():
    field = IntField(required=False)
    assert field.clean("12") == 12
    assert field.clean("") is None
    for value in ("٣", "²", "１２"):
        with pytest.raises(Exception) as raised:
            field.clean(value)
        assert raised.value.messages == [str(ERR_NOT_A_NUMBER)]
    with pytest.raises(Exception) as raised:
        field.clean("9" * 25)
    assert raised.value.messages == [str(ERR_OUT_OF_RANGE)]
