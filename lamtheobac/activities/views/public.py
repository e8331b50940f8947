"""The public showcase of exemplars (gương sáng): no login, only what is published with consent.

Exemplars are named by their unguessable ``public_id``; anything unpublished answers 404, and no page shows
a birth year, phone, e-mail, party card or citizen ID.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lamtheobac.lib.paging import page_of
from lamtheobac.lib.web import year_param

from .. import access
from ..selectors import exemplars as selectors
from .exemplars import photo_response


def public_exemplars(request: HttpRequest) -> HttpResponse:
    year = year_param(request)
    qs = selectors.public_exemplar_list(year=year)
    context = {
        "page": page_of(qs, request, 12),
        "year": year,
        "years": selectors.public_years(),
    }
    return render(request, "activities/public_list.html", context)


def public_exemplar(request: HttpRequest, public_id) -> HttpResponse:
    exemplar = access.access_public_exemplar(public_id)
    context = {"exemplar": exemplar, "commendations": selectors.commendations_of(exemplar)}
    return render(request, "activities/public_detail.html", context)


def public_photo(request: HttpRequest, public_id) -> HttpResponse:
    exemplar = access.access_public_exemplar(public_id)
    return photo_response(exemplar)
