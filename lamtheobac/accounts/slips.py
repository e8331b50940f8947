"""The sign-in slips: an A4 page per cell to print and cut, each slip with the person's name, user name,
one-time code, the site's address and a QR code to its sign-in page (inline SVG, no request elsewhere).

The page is the answer to the request that made the codes and is never stored (``no-store``): reloading it
cannot show the codes again, and a lost slip gets a new code, never the old one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lamtheobac.organisation.models import Org

from .services import Slip

PER_PAGE = 8  # two columns of four slips on an A4 page


@dataclass
class CellSlips:
    org: Org
    slips: list[Slip] = field(default_factory=list)
    assisted: list = field(default_factory=list)  # the cell's "nhập hộ" people: named, no slip

    @property
    def pages(self) -> list[list[Slip]]:
        return [self.slips[i : i + PER_PAGE] for i in range(0, len(self.slips), PER_PAGE)] or [[]]


def site_address(request: HttpRequest) -> str:
    """The address people type: ``SITE_URL``, else the one this page was opened at."""
    return settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")


def qr_svg(url: str) -> str:
    return mark_safe(  # noqa: S308  (segno writes the SVG from the URL's bits alone, no text of it)
        segno.make(url, error="m").svg_inline(scale=3, border=2, dark="#000", light="#fff", omitsize=True)
    )


def render_slips(request: HttpRequest, *, unit: Org, slips: list[Slip], people) -> HttpResponse:
    """The slips of ``slips`` by home org, each org's "nhập hộ" people (from ``people``, the page's already
    scoped list, when given) counted and named beneath its slips."""
    address = site_address(request)
    login_url = address + reverse("accounts:code-login")
    cells: dict[int, CellSlips] = {}
    for slip in slips:
        slip.qr = qr_svg(f"{login_url}?{urlencode({'u': slip.username})}")
        cells.setdefault(slip.person.org_id, CellSlips(org=slip.person.org)).slips.append(slip)
    if people is not None and cells:
        for person in people.filter(assisted=True, org_id__in=list(cells)).order_by("name_sort", "id"):
            cells[person.org_id].assisted.append(person)
    context = {
        "unit": unit,
        "cells": sorted(cells.values(), key=lambda c: c.org.path),
        "address": address,
        "login_url": login_url,
        "issued_on": timezone.localdate(),
        "count": len(slips),
        "title": _("Phiếu đăng nhập: %(name)s") % {"name": unit.name},
    }
    response = render(request, "accounts/slips.html", context)
    response["Cache-Control"] = "no-store"
    return response
