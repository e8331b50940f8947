"""``{% pdf_available as pdf %}``: whether this server can print a record's papers to PDF (LibreOffice)."""

from __future__ import annotations

from django import template

from lamtheobac.lib import office

register = template.Library()


@register.simple_tag
def pdf_available() -> bool:
    return bool(office.office_bin())
