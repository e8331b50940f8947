"""Cell values: identifiers and phone numbers keep their zeros whatever the cell type, a length that
cannot be right is refused, a name needs letters, a hostile cell is refused with a message (never an
exception other than ``BadValue``)."""

from __future__ import annotations

import pytest

from lamtheobac.imports import values
from lamtheobac.imports.values import BadValue

pytestmark = pytest.mark.engine_neutral  # no database: runs in one stage of CI (conftest.py)


def read(convert, value):
    """What ``convert`` makes of ``value``, and the guesses it told."""
    guesses: list[str] = []
    return convert(value, guess=guesses.append), guesses


def test_it_puts_back_the_zero_a_numeric_card_number_lost():
    assert read(values.card_number, 1234567) == (
        "01234567",
        [values.GUESS_LEADING_ZEROS % {"value": "1234567", "n": 7, "now": "01234567"}],
    )
    assert read(values.card_number, 1234567.0)[0] == "01234567"
    assert read(values.card_number, "1234567")[0] == "01234567"  # a CSV saved from a numeric column
    assert read(values.card_number, "01.234567") == ("01234567", [])  # as printed on the card
    assert read(values.card_number, "31234567") == ("31234567", [])


@pytest.mark.parametrize("value", [123456, "123456789", "0123 4567 8", "12.3"])
def test_it_refuses_a_card_number_of_a_length_that_cannot_be(value):
    with pytest.raises(BadValue) as refused:
        values.card_number(value)
    assert str(refused.value).startswith(str(values.ERR_CARD_LENGTH).split("“")[0])


def test_it_puts_back_the_zeros_of_a_citizen_id():
    assert read(values.citizen_id, 79123456789) == (
        "079123456789",
        [values.GUESS_LEADING_ZEROS % {"value": "79123456789", "n": 11, "now": "079123456789"}],
    )
    assert read(values.citizen_id, 1234567890)[0] == "001234567890"  # Hà Nội, 001: two zeros lost
    assert read(values.citizen_id, "79123456789")[0] == "079123456789"  # from a CSV
    assert read(values.citizen_id, "079 123 456 789") == ("079123456789", [])


@pytest.mark.parametrize("value", [123456789, "123456789", "1234567890123", "0791234567"])
def test_it_refuses_a_citizen_id_of_a_length_that_cannot_be(value):
    with pytest.raises(BadValue) as refused:
        values.citizen_id(value)
    digits = "".join(ch for ch in str(value) if ch.isdigit())
    assert str(refused.value) == values.ERR_CITIZEN_ID_LENGTH % {"value": str(value), "n": len(digits)}


@pytest.mark.parametrize(
    ("value", "stored", "guessed"),
    [
        (912345678, "0912345678", True),  # a mobile typed as a number
        (2438251234, "02438251234", True),  # a Hà Nội landline typed as a number
        ("2438251234", "02438251234", True),  # the same from a CSV
        ("0912 345 678", "0912345678", False),
        ("0987.654.321", "0987654321", False),
        ("(024) 3825 1234", "02438251234", False),
        ("+84 912 345 678", "0912345678", False),
        ("", "", False),
    ],
)
def test_it_reads_a_phone_number_and_keeps_its_zero(value, stored, guessed):
    found, guesses = read(values.phone, value)
    assert found == stored
    assert guesses == (
        [values.GUESS_PHONE_ZERO % {"value": values.text(value), "now": stored}] if guessed else []
    )


@pytest.mark.parametrize(
    "value", ["0912345", "091234567890", "01234567890", "0212345678", "1900 1234", "số máy"]
)
def test_it_refuses_a_phone_number_that_cannot_be(value):
    with pytest.raises(BadValue) as refused:
        values.phone(value)
    assert str(refused.value) == values.ERR_PHONE % {"value": value}


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (2, values.ERR_NAME_NO_LETTERS % {"value": "2"}),  # a formula's result
        ("12.5", values.ERR_NAME_NO_LETTERS % {"value": "12.5"}),
        ("Nguyễn Văn ²", values.ERR_NAME_CHARACTER % {"char": "²"}),
        ("Lê Thị ٣", values.ERR_NAME_CHARACTER % {"char": "٣"}),
        ("Hà Văn 2", values.ERR_NAME_CHARACTER % {"char": "2"}),
        ("Hoàng <b>Mai</b>", values.ERR_NAME_CHARACTER % {"char": "<"}),
        ("#REF!", values.ERR_FORMULA_ERROR % {"value": "#REF!"}),
        ("Lý\x00Thị Hoa", values.ERR_CONTROL_CHARACTER),
    ],
)
def test_a_name_without_letters_or_with_digits_is_refused(value, error):
    with pytest.raises(BadValue) as refused:
        values.person_name(value)
    assert str(refused.value) == str(error)


@pytest.mark.parametrize(
    "value", ["Nguyễn Văn Bình", "H'Hen Niê", "Y-Moan Ênuôl", "Nguyễn T. Hà", "Lò Văn Pọm"]
)
def test_a_name_as_people_are_named_is_taken(value):
    assert values.person_name(value) == value


@pytest.mark.parametrize("value", ["²", "١٩٧٨", "١٩٧٨/٠٥/٠٩", "05/09/¹⁹⁷⁸", "1978²"])
def test_unicode_digits_are_refused_with_a_message_not_an_exception(value):
    for convert in (values.year, values.card_number, values.citizen_id, values.phone, values.digits):
        with pytest.raises(BadValue):
            convert(value)


def test_an_over_long_value_is_refused_with_its_length():
    assert values.bounded("a" * 200, 200) == "a" * 200
    with pytest.raises(BadValue) as refused:
        values.bounded("a" * 1201, 200)
    assert str(refused.value) == values.ERR_TOO_LONG % {"n": "1.201", "max": "200"}


def test_a_stored_identifier_is_compared_in_the_form_the_file_gives():
    assert values.stored_identifier("1234567", "card") == "01234567"
    assert values.stored_identifier("01.234567", "card") == "01234567"
    assert values.stored_identifier("79123456789", "citizen_id") == "079123456789"
    assert values.stored_identifier("12345", "card") == "12345"  # not a card number: left as it is
