"""Numbers and dates the Vietnamese way: 3.124, 98,5%, 27/11/2026."""

from __future__ import annotations

import datetime
import re


def number(value: int | float | None, decimals: int = 0) -> str:
    """``3124`` → ``3.124``; ``1234.5`` with one decimal → ``1.234,5``."""
    if value is None:
        return ""
    if type(value) is int and not decimals:  # the common case, twice as fast
        return f"{value:,}".replace(",", ".")
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def percent(part: int | float, whole: int | float, decimals: int = 1) -> str:
    """``percent(197, 200)`` → ``98,5%``; whole numbers lose the decimals (``100%``)."""
    if not whole:
        return "—"
    value = round(100 * part / whole, decimals)
    if value == int(value):
        return f"{int(value)}%"
    return number(value, decimals) + "%"


def date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def party_date(value: datetime.date | None) -> str:
    """A date as a Party document writes it in running text: 15-5-2016 (no leading zeros, hyphens)."""
    return f"{value.day}-{value.month}-{value.year}" if value else ""


_TYPED_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})\b")


def party_dates(text: str) -> str:
    """Every date typed as 15/05/2016 or 01/07/2025 in ``text`` written as running text writes it: 15-5-2016."""
    return _TYPED_DATE.sub(lambda m: f"{int(m[1])}-{int(m[2])}-{m[3]}", text)
