"""Helpers shared by the cycle views (kept under their old names)."""

from lamtheobac.lib.web import errors_to_form as _errors_to_form
from lamtheobac.lib.web import year_param as _year_param

__all__ = ["_errors_to_form", "_year_param"]
