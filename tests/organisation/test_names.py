"""The one check of a person's name, shared by the person form, the API and the roster import."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from lamtheobac.organisation.names import ERR_NAME_CHARACTERS, ERR_NAME_EMPTY, person_name

pytestmark = pytest.mark.engine_neutral  # no database: runs in one stage of CI (conftest.py)


@pytest.mark.parametrize(("sent", "stored"), [
    ("  lò  văn   ném ", "Lò Văn Ném"), ("h'hen niê", "H'Hen Niê"), ("Y-Moan Ênuôl", "Y-Moan Ênuôl"),
    ("Nguyễn V. An", "Nguyễn V. An"), ("Rơ Mah H’Bia", "Rơ Mah H’Bia"),
])  # fmt: skip
def test_it_takes_the_names_people_have(sent, stored):
    assert person_name(sent) == stored


@pytest.mark.parametrize("sent", ["Nguyễn Văn ²", "Lò Văn ٣", "Hà １２", "Nông Văn 3", "Ma <b>Thu</b>", "A\u202eB",
                                  "Tạ @ Minh"])  # fmt: skip
def test_it_refuses_digits_and_symbols_naming_them(sent):
    with pytest.raises(ValidationError) as refused:
        person_name(sent)
    assert refused.value.error_list[0].message == ERR_NAME_CHARACTERS
    assert "«" in refused.value.messages[0] or "U+" in refused.value.messages[0]


def test_it_refuses_an_empty_name():
    with pytest.raises(ValidationError) as refused:
        person_name("   ")
    assert refused.value.messages == [str(ERR_NAME_EMPTY)]
