"""Small helpers every view module shares."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from .fields import parse_int

YEAR_MIN, YEAR_MAX = 1, 9999  # what a date holds: a year past it made the year lookups overflow


def errors_to_form(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when it names one, else above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def year_param(request: HttpRequest) -> int | None:
    """The ``?year=`` of a list page, or None when absent, not a number or not a year a date can hold."""
    return parse_int(request.GET.get("year", ""), lo=YEAR_MIN, hi=YEAR_MAX)


def local_url(request: HttpRequest, target: str | None, default: str = "home") -> str:
    """``target`` when it is an address on this site (a path, or this host with the request's scheme), else
    the URL of ``default``: the one way a redirect target read from a request (``next=``, ``back=``) becomes
    a redirect, so no link can send a signed-in user to another site."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)
