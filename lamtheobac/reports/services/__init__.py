"""Writes of the reports app: the report writer's drafts (``reports``: every public name importable from
here) and the maintained counts (``counters``: recounted as the records change, reconciled)."""

from __future__ import annotations

from .reports import (  # noqa: F401
    ERR_CONFLICT,
    ERR_KIND,
    ERR_REQUIRED,
    ERR_SECTIONS_CHANGED,
    ERR_TOO_LONG,
    ERR_YEARS_ORDER,
    ERR_YEARS_RANGE,
    ERR_YEARS_SPAN,
    FIRST_YEAR,
    HEADING_MAX,
    MAX_YEARS,
    TEXT_MAX,
    UPPER_COMMITTEE,
    ConflictError,
    HeaderInput,
    SectionInput,
    check_years,
    clean_number,
    default_recipients,
    default_superior,
    default_years,
    report_create,
    report_defaults,
    report_redraft,
    report_save,
)
