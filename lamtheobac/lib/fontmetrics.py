"""How wide a line of Times New Roman is, so a header line can be given the room it needs before Word lays it out.

Advance widths in thousandths of an em of Liberation Serif 2, which is metric-compatible with Times New Roman
(the face Hướng dẫn 36-HD/VPTW prescribes), for printable ASCII and the Vietnamese letters that are not an
ASCII letter plus marks (Đ, Ơ, Ư). A Vietnamese letter with tone or vowel marks (Ặ, Ế, Ỗ…) is as wide as its
base letter; with a horn (Ờ, Ự) as wide as Ơ or Ư.
"""

from __future__ import annotations

import unicodedata

_CHARS = "".join(chr(c) for c in range(32, 127)) + "ĐđƠơƯư"
_HORN = "\u031b"
_WIDTHS: dict[str, tuple[int, ...]] = {
    "regular": (
        250, 333, 408, 500, 500, 833, 777, 180, 333, 333, 500, 563, 250, 333, 250, 277, 500, 500, 500, 500,
        500, 500, 500, 500, 500, 500, 277, 277, 563, 563, 563, 443, 920, 722, 666, 666, 722, 610, 556, 722,
        722, 333, 389, 722, 610, 889, 722, 722, 556, 722, 666, 556, 610, 722, 722, 943, 722, 722, 610, 333,
        277, 333, 469, 500, 333, 443, 500, 443, 500, 443, 333, 500, 500, 277, 277, 500, 277, 777, 500, 500,
        500, 500, 333, 389, 277, 500, 500, 722, 500, 500, 443, 479, 200, 479, 541, 722, 500, 722, 528, 775,
        541,
    ),
    "bold": (
        250, 333, 555, 500, 500, 1000, 833, 277, 333, 333, 500, 569, 250, 333, 250, 277, 500, 500, 500, 500,
        500, 500, 500, 500, 500, 500, 333, 333, 569, 569, 569, 500, 930, 722, 666, 722, 722, 666, 610, 777,
        777, 389, 500, 777, 666, 943, 722, 777, 610, 777, 722, 556, 666, 722, 722, 1000, 722, 722, 666, 333,
        277, 333, 581, 500, 333, 500, 556, 443, 556, 443, 333, 500, 556, 277, 333, 556, 277, 833, 556, 500,
        556, 556, 443, 389, 333, 556, 500, 722, 500, 500, 443, 394, 220, 394, 520, 722, 556, 777, 553, 795,
        600,
    ),
    "italic": (
        250, 333, 419, 500, 500, 833, 777, 213, 333, 333, 500, 674, 250, 333, 250, 277, 500, 500, 500, 500,
        500, 500, 500, 500, 500, 500, 333, 333, 674, 674, 674, 500, 919, 610, 610, 666, 722, 610, 610, 722,
        722, 333, 443, 666, 556, 833, 666, 722, 610, 722, 610, 500, 556, 722, 610, 833, 610, 556, 556, 389,
        277, 389, 421, 500, 333, 500, 500, 443, 500, 443, 277, 500, 500, 277, 277, 443, 277, 722, 500, 500,
        500, 500, 389, 389, 277, 500, 443, 666, 443, 443, 389, 399, 274, 399, 541, 722, 500, 722, 533, 753,
        545,
    ),
    "bold_italic": (
        250, 389, 555, 500, 500, 833, 777, 277, 333, 333, 500, 569, 250, 333, 250, 277, 500, 500, 500, 500,
        500, 500, 500, 500, 500, 500, 333, 333, 569, 569, 569, 500, 832, 666, 666, 666, 722, 666, 666, 722,
        777, 389, 500, 666, 610, 889, 722, 722, 610, 722, 666, 556, 610, 722, 666, 889, 666, 610, 610, 333,
        277, 333, 569, 500, 333, 500, 500, 443, 500, 443, 333, 500, 556, 277, 277, 500, 277, 777, 556, 500,
        500, 500, 389, 389, 277, 556, 443, 666, 500, 443, 389, 348, 220, 348, 569, 722, 500, 722, 536, 774,
        599,
    ),
}
_TABLES = {style: dict(zip(_CHARS, widths, strict=True)) for style, widths in _WIDTHS.items()}
_UNKNOWN = 1000  # a character outside the table counts as a full em: too wide rather than too narrow


def _style(bold: bool, italic: bool) -> str:
    return {(False, False): "regular", (True, False): "bold", (False, True): "italic"}.get(
        (bold, italic), "bold_italic"
    )


def _base(char: str) -> str:
    """The letter whose width ``char`` has: "Ặ" → "A", "Ự" → "Ư", "đ" → "đ"."""
    if char in _TABLES["regular"]:
        return char
    parts = unicodedata.normalize("NFD", char)
    base = parts[0]
    if _HORN in parts:
        base = {"O": "Ơ", "o": "ơ", "U": "Ư", "u": "ư"}.get(base, base)
    return base


def text_width(value: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """The width in points of ``value`` set on one line in Times New Roman at ``size_pt``."""
    table = _TABLES[_style(bold, italic)]
    units = sum(table.get(_base(char), _UNKNOWN) for char in unicodedata.normalize("NFC", value))
    return units * size_pt / 1000
