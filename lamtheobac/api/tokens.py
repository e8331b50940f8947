"""Making, revoking and checking personal access tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheobac.audit.models import Action
from lamtheobac.audit.services import record
from lamtheobac.lib import text

from .models import AccessToken

KEY_PREFIX = "ltb_"
MAX_ACTIVE = 10
TOUCH_EVERY = timedelta(minutes=1)  # how stale "last used" may get (saves a write per request)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create(*, user: User, name: str) -> tuple[AccessToken, str]:
    """A new token for ``user`` and its key, to be shown once."""
    name = text.clean(name)[:100]
    if not name:
        raise ValidationError({"name": _("Đặt tên gợi nhớ cho mã, ví dụ tên phần mềm sẽ dùng nó.")})
    if AccessToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE:
        raise ValidationError(_("Mỗi tài khoản có tối đa %(n)s mã đang dùng; hãy thu hồi mã không còn cần.")
                              % {"n": MAX_ACTIVE})  # fmt: skip
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(user=user, name=name, prefix=key[:12], digest=_digest(key))
    record(Action.TOKEN, actor=user, target=f"Tạo mã truy cập API “{name}”", detail={"event": "created", "token": token.pk})
    return token, key


def revoke(*, user: User, token: AccessToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(Action.TOKEN, actor=user, target=f"Thu hồi mã truy cập API “{token.name}”",
               detail={"event": "revoked", "token": token.pk})  # fmt: skip


def user_for(key: str) -> User | None:
    """The active user a key belongs to, or None (unknown, revoked, or the user no longer active)."""
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    token = (
        AccessToken.objects.select_related("user")
        .filter(digest=_digest(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
