"""Writing the audit log. ``record`` is called by the services that do what is logged; the request that
led there (who, from where) is known through ``RequestContext``, so a service need not be handed it."""

from __future__ import annotations

import contextvars
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest

from lamtheobac.lib.text import clean

from .models import Action, Entry

_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar("audit_request", default=None)


class RequestContext:
    """Middleware: the request being answered, for ``record`` (a context variable: one per thread)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from: behind the TLS proxy (``BEHIND_TLS_PROXY``), the one the proxy
    appended last to ``X-Forwarded-For`` (what a client writes there itself comes before it)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR") or None


def record(
    action: Action,
    *,
    actor: User | AnonymousUser | None = None,
    actor_name: str = "",
    org=None,
    target: str = "",
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> Entry:
    """Add an entry: ``actor`` (else the signed-in user of the request), the org the action was on, what
    it was on (``target``, as a person reads it) and any details."""
    request = request or _request.get()
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    if actor is not None and not actor.is_authenticated:
        actor = None
    return Entry.objects.create(
        action=action,
        actor_id=actor.pk if actor is not None else None,
        actor_name=(actor.get_username() if actor is not None else clean(actor_name))[:150],
        ip=client_ip(request) if request is not None else None,
        user_agent=clean(request.META.get("HTTP_USER_AGENT", ""))[:255] if request is not None else "",
        org_path=org.path if org is not None else "",
        org_name=org.name if org is not None else "",
        target=clean(target)[:500],
        detail=detail or {},
    )


def exported(what: str, filename: str, org=None) -> Entry:
    """A file holding personal data left the system (``what`` as the user calls it: "Danh sách cá nhân")."""
    return record(Action.EXPORTED, org=org, target=f"{what} ({filename})")
