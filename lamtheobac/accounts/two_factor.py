"""Two-factor sign-in: a code from an authenticator app (TOTP) after the password, with recovery codes.

Every user may turn it on; the system's admins must (``required``). The devices and the checking of codes
are django-otp's (a TOTP device, a static device for the recovery codes, throttling after wrong codes);
this module keeps the state of a signed-in session in the session itself:

- ``VERIFY``: the password was right and the user has an authenticator: every page but the code page (and
  signing out) sends them there until a code is accepted;
- ``DONE``: a code was accepted (or the authenticator was set up) in this session;
- ``SETUP``: an admin without an authenticator: every page but the set-up page sends them there;
- ``OPTIONAL``: a user who has none and need not have one.

The state is written when the user signs in, so a request costs no query at all (a page served from the
page cache still takes three). A session older than this module gets its state on its next request. Giving
someone the admin role ends their sessions (``end_sessions``), so they sign in again and meet the set-up page.
"""

from __future__ import annotations

import base64
import secrets
from urllib.parse import quote

import django_otp
import segno
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lamtheobac.audit.models import Action
from lamtheobac.audit.services import record
from lamtheobac.lib.web import local_url
from lamtheobac.organisation import access
from lamtheobac.organisation.models import Role

STATE = "_two_factor"
VERIFY, DONE, SETUP, OPTIONAL = "verify", "done", "setup", "optional"

TOTP_DIGITS = 6
RECOVERY_DIGITS = 8
RECOVERY_COUNT = 10
AUTHENTICATOR = "Ứng dụng xác thực"
RECOVERY = "Mã dự phòng"

# Pages a signed-in user reaches before the second step: signing in and out, and the public pages.
OPEN_PAGES = frozenset(
    {
        "accounts:login",
        "accounts:code-login",
        "accounts:logout",
        "healthz",
        "activities:public-exemplars",
        "activities:public-exemplar",
        "activities:public-photo",
        "activities:public-feed",
    }
)


def required(user: User) -> bool:
    """Admins (and Django superusers) may not work without a second factor."""
    return user.is_superuser or access.is_admin(user)


def role_requires(role: str) -> bool:
    """Whether holding ``role`` makes two-factor sign-in required (``required``)."""
    return role == Role.ADMIN


def authenticator(user: User, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def is_on(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def state_at_sign_in(user: User) -> str:
    if is_on(user):
        return VERIFY
    return SETUP if required(user) else OPTIONAL


def end_sessions(user: User) -> int:
    """Sign ``user`` out everywhere (their role changed and they must sign in again); the number of
    sessions ended. Sessions are kept in the database, so they can be found."""
    from django.conf import settings
    from django.contrib.sessions.models import Session

    if settings.SESSION_ENGINE not in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ):
        return 0
    ended = [
        s.session_key
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(session_key__in=ended).delete()
    if settings.SESSION_ENGINE.endswith("cached_db"):
        from django.contrib.sessions.backends.cached_db import KEY_PREFIX
        from django.core.cache import caches

        caches[settings.SESSION_CACHE_ALIAS].delete_many([KEY_PREFIX + k for k in ended])
    return len(ended)


@receiver(user_logged_in)
def _on_sign_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[STATE] = state_at_sign_in(user)


def mark_done(request: HttpRequest, device) -> None:
    """The session has passed the second step with ``device``: it gets a new key (a key seen before the
    second step is worth nothing after it)."""
    request.session.cycle_key()
    django_otp.login(request, device)
    request.session[STATE] = DONE


class Gate:
    """Hold a signed-in session at the code page (or, for an admin without an authenticator, at the
    set-up page) until the second step is done. Sits after the authentication and htmx middleware."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated:
            return None
        state = request.session.get(STATE)
        if state is None:
            state = request.session[STATE] = state_at_sign_in(user)
        if state == VERIFY:
            target = "accounts:two-factor-verify"
        elif state == SETUP:
            target = "accounts:two-factor"
        else:
            return None
        name = request.resolver_match.view_name if request.resolver_match else ""
        if name == target or name in OPEN_PAGES:
            return None
        url = f"{reverse(target)}?next={quote(request.get_full_path())}"
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return redirect(url)


def next_url(request: HttpRequest) -> str:
    """Where to go after the second step: the page asked for, if it is on this site."""
    return local_url(request, request.POST.get("next") or request.GET.get("next"))


def digits(code: str) -> str:
    """A code as typed, spaces and dashes (and anything else but digits) left out."""
    return "".join(ch for ch in code if ch.isascii() and ch.isdigit())[:16]


class Throttled(Exception):
    """Too many wrong codes: the device refuses to check another for ``wait`` seconds."""

    def __init__(self, wait: int) -> None:
        super().__init__(wait)
        self.wait = wait


def _wait(device) -> int:
    allowed, detail = device.verify_is_allowed()
    if allowed:
        return 0
    locked_until = (detail or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, int((locked_until - timezone.now()).total_seconds()) + 1)


def check(request: HttpRequest, code: str):
    """The device of the signed-in user that accepts ``code`` (an authenticator's six digits or a recovery
    code's eight), or None; logged either way. Raises ``Throttled`` after too many wrong codes."""
    user = request.user
    code = digits(code)
    model = StaticDevice if len(code) == RECOVERY_DIGITS else TOTPDevice
    devices = list(model.objects.filter(user=user, confirmed=True))
    for device in devices:
        if wait := _wait(device):
            raise Throttled(wait)
    for device in devices:
        if django_otp.verify_token(user, device.persistent_id, code):
            kind = "recovery" if model is StaticDevice else "authenticator"
            record(
                Action.TWO_FACTOR, target="Nhập đúng mã xác thực", detail={"event": "verified", "by": kind}
            )
            return device
    record(Action.TWO_FACTOR, target="Nhập sai mã xác thực", detail={"event": "failed"})
    return None


# --- Setting up, new recovery codes, turning off ------------------------------------------------------


def pending_authenticator(user: User) -> TOTPDevice:
    """The authenticator being set up: the same key until it is confirmed, so a reload keeps the QR code."""
    device = authenticator(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The device's ``otpauth://`` address as an inline SVG QR code (no script, no image request)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, dark="#111", light="#fff", omitsize=True
    )


def key_text(device: TOTPDevice) -> str:
    """The key for typing into the app by hand: base32 in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def confirm(request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Turn the pending authenticator on when ``code`` is right: the session counts as verified and the
    user gets fresh recovery codes (returned, to be shown once). None when the code is wrong."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=request.user, confirmed=False)
        if not device.verify_token(digits(code)):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
        codes = new_recovery_codes(request.user, log=False)
    mark_done(request, device)
    record(Action.TWO_FACTOR, target="Bật xác thực hai lớp", detail={"event": "enabled"})
    return codes


def new_recovery_codes(user: User, *, log: bool = True) -> list[str]:
    """Replace the user's recovery codes with ``RECOVERY_COUNT`` new ones, each good once."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
        codes = [
            f"{secrets.randbelow(10**RECOVERY_DIGITS):0{RECOVERY_DIGITS}d}" for _i in range(RECOVERY_COUNT)
        ]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    if log:
        record(Action.TWO_FACTOR, target="Tạo mã dự phòng mới", detail={"event": "recovery_codes"})
    return codes


def turn_off(user: User, *, actor: User | None = None) -> None:
    """Remove the authenticator and the recovery codes (the user's own choice, or an admin's reset after a
    lost phone). An admin must set up again at their next page."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    if actor is not None and actor.pk != user.pk:
        record(
            Action.TWO_FACTOR,
            actor=actor,
            target=user.get_username(),
            detail={"event": "reset", "user": user.get_username()},
        )
    else:
        record(Action.TWO_FACTOR, target="Tắt xác thực hai lớp", detail={"event": "disabled"})
