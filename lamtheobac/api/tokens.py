"""Making, revoking and checking personal access tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheobac.accounts import two_factor
from lamtheobac.audit.models import Action
from lamtheobac.audit.services import record
from lamtheobac.lib import text
from lamtheobac.organisation import selectors as org_selectors

from .models import AccessToken

KEY_PREFIX = "ltb_"
MAX_ACTIVE = 10
TOUCH_EVERY = timedelta(minutes=1)  # how stale "last used" may get (saves a write per request)

ERR_TOKEN_REVOKED = gettext_lazy("Mã đã bị thu hồi, không thể gia hạn. Hãy tạo mã mới.")


def lifetime() -> timedelta:
    """How long a token works after it is made or renewed (``API_TOKEN_DAYS``, 90 days by default)."""
    return timedelta(days=settings.API_TOKEN_DAYS)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create(*, user: User, name: str) -> tuple[AccessToken, str]:
    """A new token for ``user`` and its key, to be shown once."""
    name = text.clean(name)[:100]
    if not name:
        raise ValidationError({"name": _("Đặt tên gợi nhớ cho mã, ví dụ tên phần mềm sẽ dùng nó.")})
    if AccessToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE:
        raise ValidationError(
            _("Mỗi tài khoản có tối đa %(n)s mã đang dùng; hãy thu hồi mã không còn cần.") % {"n": MAX_ACTIVE}
        )
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        user=user, name=name, prefix=key[:12], digest=_digest(key), expires_at=timezone.now() + lifetime()
    )
    record(
        Action.TOKEN,
        actor=user,
        target=f"Tạo mã truy cập API “{name}”",
        detail={"event": "created", "token": token.pk},
    )
    return token, key


def renew(*, user: User, token: AccessToken) -> AccessToken:
    """``lifetime()`` more from now for one of ``user``'s own tokens, expired or not; a revoked one stays
    revoked (ValidationError)."""
    if token.revoked_at is not None:
        raise ValidationError(ERR_TOKEN_REVOKED)
    token.expires_at = timezone.now() + lifetime()
    token.save(update_fields=["expires_at"])
    record(
        Action.TOKEN,
        actor=user,
        target=f"Gia hạn mã truy cập API “{token.name}”",
        detail={"event": "renewed", "token": token.pk, "until": token.expires_at.date().isoformat()},
    )
    return token


def revoke(*, user: User, token: AccessToken) -> None:
    """Revoke one of ``user``'s tokens for good (revoking it again changes nothing)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(
            Action.TOKEN,
            actor=user,
            target=f"Thu hồi mã truy cập API “{token.name}”",
            detail={"event": "revoked", "token": token.pk},
        )


def revoke_all(*, user: User, reason: str) -> int:
    """Revoke every token ``user`` still holds (their rights grew: a token made before must not carry
    them); the number revoked, each in the audit log with ``reason``."""
    revoked = 0
    for token in AccessToken.objects.filter(user=user, revoked_at__isnull=True):
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(
            Action.TOKEN,
            actor=None,
            actor_name="hệ thống",
            target=f"Thu hồi mã truy cập API “{token.name}”",
            detail={"event": "revoked", "token": token.pk, "user": user.get_username(), "reason": reason},
        )
        revoked += 1
    return revoked


def user_for(key: str) -> User | None:
    """The user a key belongs to, or None: unknown, revoked or expired key, a user no longer active, one who
    must use two-factor sign-in and has not set it up, or one who has not yet changed a password set by an
    officer (the pages would hold them at the set-up or password page)."""
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    now = timezone.now()
    token = (
        AccessToken.objects.select_related("user")
        .filter(digest=_digest(key), revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if two_factor.required(token.user) and not two_factor.is_on(token.user):
        return None
    if org_selectors.account_must_change_password(token.user):
        return None
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
