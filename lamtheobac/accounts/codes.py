"""One-time sign-in codes: made, kept as a keyed digest, checked once.

A code is 8 characters of an alphabet without the look-alikes (no 0/O, 1/I/L), typed in any case, with or
without the dash the slip prints in the middle: 31⁸ ≈ 8.5 × 10¹¹ values, enough when a user name allows 5
wrong tries per address before django-axes locks it (the sign-in goes through ``authenticate``, so axes
counts and locks code failures exactly as password failures). The digest is an HMAC keyed by the
``SECRET_KEY`` and bound to the user, so a copy of the database reveals no code and a code fits one user
only; a fast keyed hash rather than Argon2 because a commune's 700 codes are made in one request.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from .models import SignInCode

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8

MSG_WRONG = _("Tên đăng nhập hoặc mã đăng nhập không đúng.")
MSG_USED = _(
    "Mã này đã được dùng. Mỗi mã chỉ đăng nhập được một lần: hãy đăng nhập bằng mật khẩu đồng chí "
    "đã đặt, hoặc đề nghị bí thư chi bộ cấp lại mã."
)
MSG_EXPIRED = _("Mã này đã hết hạn ngày %(date)s. Đề nghị bí thư chi bộ hoặc cán bộ phụ trách cấp lại mã.")
MSG_REPLACED = _("Mã này đã được thay bằng một mã mới cấp lại. Hãy dùng mã trên phiếu mới nhất.")

REFUSAL = "_sign_in_code_refusal"  # set on the request by the backend: why a right code was refused


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def shown(code: str) -> str:
    """As printed on the slip: ``ABCD-EFGH``."""
    return f"{code[:4]}-{code[4:]}"


def normalised(typed: str) -> str:
    """What the user typed, as codes are made: capitals, no spaces or dashes."""
    return "".join(ch for ch in (typed or "").upper() if ch.isalnum())


def digest(user_id: int, code: str) -> str:
    return salted_hmac("lamtheobac.accounts.SignInCode", f"{user_id}:{code}", algorithm="sha256").hexdigest()


def days() -> int:
    """How many days a code works after it is issued (``SIGN_IN_CODE_DAYS``)."""
    return settings.SIGN_IN_CODE_DAYS


def expiry():
    return timezone.now() + datetime.timedelta(days=days())


class SignInCodeBackend(BaseBackend):
    """``authenticate(request, username=…, sign_in_secret=…)``: the user, once, for a code issued to them that
    is neither used, replaced nor expired. Every code of the user is compared (in constant time) so that a
    right but spent code gets its own message; a wrong code gets the same message as an unknown name."""

    # "secret" in the name: Django masks it in what a failed sign-in signals, as it masks a password
    def authenticate(self, request, username=None, sign_in_secret=None, **kwargs):
        if not username or not sign_in_secret:
            return None
        user = User.objects.filter(username__iexact=username.strip(), is_active=True).first()
        if user is None:
            return None
        typed = digest(user.pk, normalised(sign_in_secret))
        match = None
        for row in SignInCode.objects.filter(user=user):
            if constant_time_compare(row.digest, typed) and match is None:
                match = row
        if match is None:
            return None
        now = timezone.now()
        refusal = None
        if match.used_at is not None:
            refusal = MSG_USED
        elif match.replaced_at is not None:
            refusal = MSG_REPLACED
        elif match.expires_at <= now:
            refusal = MSG_EXPIRED % {"date": timezone.localtime(match.expires_at).strftime("%d/%m/%Y")}
        # once: of two requests with the same code, only the one that marks it used signs in
        elif not SignInCode.objects.filter(pk=match.pk, used_at__isnull=True).update(used_at=now):
            refusal = MSG_USED
        if refusal is not None:
            if request is not None:
                setattr(request, REFUSAL, refusal)
            return None
        return user

    def get_user(self, user_id):
        return User.objects.filter(pk=user_id, is_active=True).first()
