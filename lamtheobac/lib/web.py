"""Small helpers every view module shares."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest


def errors_to_form(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when it names one, else above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def year_param(request: HttpRequest) -> int | None:
    """The ``?year=`` of a list page, or None when absent or not a number."""
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return None
