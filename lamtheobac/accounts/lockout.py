"""Locking sign-in after wrong passwords (django-axes), counted where the attempts come from.

Axes locks a user name *from one client address* after ``AXES_FAILURE_LIMIT`` failures; the address is the
one the audit log records (``audit.services.client_ip``: behind the TLS proxy, what the proxy appended to
``X-Forwarded-For``), so wrong passwords typed elsewhere never lock the real user out. On top of that an
address that fails ``LOGIN_ADDRESS_FAILURE_LIMIT`` times across any user names (password spraying) is
locked for every name for the same cool-off.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def address_failures(request) -> int:
    """Failed sign-ins from the request's client address within the cool-off, whatever the user name."""
    ip = getattr(request, "axes_ip_address", None)
    if not ip:
        return 0
    attempts = AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with the per-address limit across user names: an address past it counts as
    past the limit for every name (axes checks the one figure before a sign-in and after a failure)."""

    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        if address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures
