"""A person's name, checked once for every door it comes in by: the person form (and through it the API)
and the roster import.

A name is letters (with their marks), spaces, apostrophes and hyphens (``H'Hen Niê``, ``Y-Moan``) and the dot
of an initial. Digits of any script and symbols are no part of a name: ``Nguyễn Văn ²`` is refused with a
message naming the characters, where it made the name's sort key fail (a server error, and a whole roster
import lost for one row)."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lamtheobac.lib import text

ERR_NAME_EMPTY = _("Họ và tên không được để trống.")
ERR_NAME_CHARACTERS = _(
    "Họ và tên chỉ gồm chữ cái, dấu cách, dấu nháy (') và dấu gạch nối (-); không dùng chữ số hay ký hiệu "
    "(có: %(found)s)."
)

MARKS = frozenset(" '’ʼ‘-‐.")  # the apostrophes and hyphens names are written with, the dot of an initial


def fits(ch: str) -> bool:
    """Whether ``ch`` may stand in a person's name (the one rule; the roster import uses it too)."""
    return ch in MARKS or unicodedata.category(ch)[0] in "LM"


def person_name(value: str | None) -> str:
    """The name as stored (``text.title_name``: NFC, single spaces, each part capitalised); raises
    ValidationError with ERR_NAME_EMPTY or ERR_NAME_CHARACTERS. For the person form, the API and imports."""
    name = text.title_name(value)
    if not name:
        raise ValidationError(ERR_NAME_EMPTY, code="empty")
    odd = sorted({ch for ch in name if not fits(ch)})
    if odd:
        shown = ", ".join(f"«{ch}»" if ch.isprintable() else f"U+{ord(ch):04X}" for ch in odd[:5])
        raise ValidationError(ERR_NAME_CHARACTERS, code="characters", params={"found": shown})
    return name
