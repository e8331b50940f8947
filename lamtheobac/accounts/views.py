"""Sign-in, the home page each role lands on, and the health check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lamtheobac.cycle import lagging
from lamtheobac.lib.pagecache import cached_page
from lamtheobac.organisation import access, selectors
from lamtheobac.organisation.models import Role

from . import passwords, personal_data, two_factor
from .forms import CodeForm
from .selectors import home_cycle, home_reminders, home_sections


@login_required
@cached_page
def home(request: HttpRequest) -> HttpResponse:
    me = access.own_person(request.user)
    context = {
        "sections": home_sections(request.user),
        "me": me,
        "my_breadcrumbs": selectors.org_breadcrumbs(me.org) if me else [],
        "no_role": not access.grants_of(request.user),
        "cycle": home_cycle(request.user, me),
        "reminders": home_reminders(request.user),
        "Role": Role,
    }
    return render(request, "accounts/home.html", context)


@login_required
@require_POST
def reminder_seen(request: HttpRequest) -> HttpResponse:
    """Dismiss one of the user's own reminders ("Đã xem"); htmx removes it in place, others go home."""
    reminder = lagging.access_reminder(request.user, request.POST.get("reminder"))
    lagging.reminder_mark_seen(actor=request.user, reminder=reminder)
    if request.htmx:
        return HttpResponse("")
    return redirect("home")


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        passwords.changed(request)
        messages.success(request, _("Đã đổi mật khẩu."))
        return redirect("home")
    must_change = passwords.must_change(request)
    return render(request, "accounts/password_change.html",
                  {"form": form, "must_change": passwords.MSG_MUST_CHANGE if must_change else None})  # fmt: skip


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """All the system holds about the signed-in user: the page explains, ``?format=xlsx|json`` downloads."""
    if request.GET.get("format") in ("xlsx", "json"):
        return personal_data.download(request, access.own_person(request.user), request.user)
    return render(request, "accounts/my_data.html", {"title": _("Dữ liệu của tôi")})


@login_required
@never_cache
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator app, or a recovery code."""
    if request.session.get(two_factor.STATE) != two_factor.VERIFY:
        return redirect(two_factor.next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _checked(request, form, _("Mã không đúng hoặc đã hết hạn. Nhập mã đang hiện trên ứng dụng."))
        if device is not None:
            two_factor.mark_done(request, device)
            if len(form.cleaned_data["code"]) == two_factor.RECOVERY_DIGITS:
                messages.warning(request, _(
                    "Bạn vừa dùng một mã dự phòng; còn %(left)s mã. Hãy tạo bộ mã mới khi gần hết."
                ) % {"left": two_factor.recovery_left(request.user)})  # fmt: skip
            return redirect(two_factor.next_url(request))
    return render(request, "accounts/two_factor_verify.html",
                  {"form": form, "next": two_factor.next_url(request)})  # fmt: skip


@login_required
@never_cache
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in on (QR code, then a code to confirm), make new recovery codes, turn it off."""
    user = request.user
    context = {"required": two_factor.required(user), "next": two_factor.next_url(request)}
    device = two_factor.authenticator(user)
    if device is None:
        pending = two_factor.pending_authenticator(user)
        form = CodeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            codes = two_factor.confirm(request, pending, form.cleaned_data["code"])
            if codes is not None:
                return render(request, "accounts/two_factor_codes.html", {**context, "codes": codes, "new": True})
            form.add_error("code", _(
                "Mã không đúng. Kiểm tra giờ trên điện thoại đúng với giờ hiện tại rồi nhập mã đang hiện."
            ))  # fmt: skip
        context |= {"form": form, "qr": two_factor.qr_svg(pending), "key": two_factor.key_text(pending)}
        return render(request, "accounts/two_factor_setup.html", context)
    form = CodeForm(request.POST if request.POST.get("action") == "off" else None)
    form.fields["code"].widget.attrs.pop("autofocus", None)  # the status page opens no keyboard by itself
    if request.method == "POST" and request.POST.get("action") == "codes":
        codes = two_factor.new_recovery_codes(user)
        return render(request, "accounts/two_factor_codes.html", {**context, "codes": codes})
    if request.method == "POST" and form.is_valid():
        if _checked(request, form, _("Mã không đúng hoặc đã hết hạn.")) is not None:
            two_factor.turn_off(user)
            request.session[two_factor.STATE] = two_factor.state_at_sign_in(user)  # an admin: set up again
            messages.success(request, _("Đã tắt xác thực hai lớp."))
            return redirect("accounts:two-factor")
    context |= {"device": device, "form": form, "left": two_factor.recovery_left(user)}
    return render(request, "accounts/two_factor_status.html", context)


def _checked(request: HttpRequest, form: CodeForm, wrong: str):
    """The device that accepts the form's code, or None with the reason put on the form (wrong, or too
    many wrong codes just before)."""
    try:
        device = two_factor.check(request, form.cleaned_data["code"])
    except two_factor.Throttled as exc:
        form.add_error(None, _("Đã nhập sai nhiều lần. Vui lòng chờ %(seconds)s giây rồi thử lại.")
                       % {"seconds": exc.wait})  # fmt: skip
        return None
    if device is None:
        form.add_error("code", wrong)
    return device


# --- An admin, on a person's page ------------------------------------------------------------------


@login_required
def person_data(request: HttpRequest, person_id: int) -> HttpResponse:
    """Everything held about a person, produced by an admin at the person's request (``?format=json``); from
    the person's page."""
    person = access.access_person(request.user, person_id)
    if not access.is_admin(request.user):
        raise PermissionDenied
    return personal_data.download(request, person)


@login_required
@require_POST
def person_two_factor_reset(request: HttpRequest, person_id: int) -> HttpResponse:
    """An admin removes the authenticator of someone who lost their phone and recovery codes (logged)."""
    person = access.access_person(request.user, person_id)
    if not access.is_admin(request.user):
        raise PermissionDenied
    if person.user_id:
        two_factor.turn_off(person.user, actor=request.user)
        messages.success(request, _("Đã đặt lại xác thực hai lớp của %(name)s.") % {"name": person.full_name})
    return redirect("organisation:person-detail", person_id=person.pk)


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the app and its database answer; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
