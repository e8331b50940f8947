"""A password set by someone else is changed at the first sign-in.

An officer who opens an account for a person types its first password and tells it to them; until the
person chose their own (``organisation.Account.must_change_password``), every page but the password change
page (and signing out, the second step of signing in, and the public pages) sends them there, and their API
tokens are refused (``api.tokens.user_for``). Like the two-factor state, the answer is kept in the session
when the user signs in, so a request costs no query.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_htmx.http import HttpResponseClientRedirect

from lamtheobac.organisation import selectors, services

from . import two_factor

STATE = "_must_change_password"
BY_CODE = "_signed_in_by_code"  # signed in with a slip's one-time code: sets a password without an old one
TARGET = "accounts:password-change"
OPEN_PAGES = two_factor.OPEN_PAGES | {TARGET, "accounts:two-factor", "accounts:two-factor-verify"}

MSG_MUST_CHANGE = _(
    "Mật khẩu hiện tại do cán bộ đặt khi mở tài khoản. Để bảo đảm an toàn, đồng chí vui lòng đặt mật khẩu "
    "mới của riêng mình trước khi tiếp tục làm việc."
)


MSG_FIRST = _(
    "Đồng chí đã đăng nhập bằng mã trên phiếu. Mã chỉ dùng được một lần: hãy đặt mật khẩu của riêng mình "
    "ngay bây giờ để những lần sau đăng nhập bằng tên đăng nhập và mật khẩu này."
)


@receiver(user_logged_in, dispatch_uid="password_change_state")
def _on_sign_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[STATE] = selectors.account_must_change_password(user)


def must_change(request) -> bool:
    """Whether the signed-in user of ``request`` must change their password before anything else."""
    state = request.session.get(STATE)
    if state is None:  # a session from before this rule
        state = request.session[STATE] = selectors.account_must_change_password(request.user)
    return state


def signed_in_by_code(request) -> None:
    """The user just signed in with a one-time code: held at the password page, which asks no old password."""
    request.session[BY_CODE] = True
    request.session[STATE] = True


def setting_first(request) -> bool:
    """Whether the password page sets a first password (after a code, or for an account without one)."""
    return bool(request.session.get(BY_CODE)) or not request.user.has_usable_password()


def changed(request) -> None:
    """The signed-in user chose their own password."""
    services.account_password_changed(user=request.user)
    request.session[STATE] = False
    request.session.pop(BY_CODE, None)


class Gate:
    """Hold a signed-in user whose password was set by someone else at the password change page. Sits after
    the two-factor gate: the second step comes first."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated or not must_change(request):
            return None
        name = request.resolver_match.view_name if request.resolver_match else ""
        if name in OPEN_PAGES:
            return None
        url = reverse(TARGET)
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return redirect(url)
