"""Sign-in (with a password, or the first time with a slip's one-time code), the home page each role lands on,
accounts opened for a whole unit with their sign-in slips, and the health check."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth import authenticate, login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lamtheobac.cycle import access as cycle_access
from lamtheobac.cycle.lagging import selectors as lagging_selectors
from lamtheobac.cycle.lagging import services as reminding
from lamtheobac.imports import access as import_access
from lamtheobac.imports import selectors as import_selectors
from lamtheobac.lib import text as vn
from lamtheobac.lib.pagecache import cached_page
from lamtheobac.organisation import access, selectors
from lamtheobac.organisation.models import Role

from . import access as onboard_access
from . import codes, passwords, personal_data, services, slips, two_factor
from .forms import CodeForm, OnboardFilterForm, SignInCodeForm
from .selectors import (
    home_cycle,
    home_reminders,
    home_sections,
    onboard_groups,
    onboard_totals,
    person_version,
)


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
        "reminder_mail_muted": functools.partial(lagging_selectors.email_muted, request.user),  # asked lazily
        "Role": Role,
    }
    return render(request, "accounts/home.html", context)


@login_required
@require_POST
def reminder_seen(request: HttpRequest) -> HttpResponse:
    """Dismiss one of the user's own reminders ("Đã xem"); htmx removes it in place, others go home."""
    reminder = cycle_access.access_reminder(request.user, request.POST.get("reminder"))
    reminding.reminder_mark_seen(actor=request.user, reminder=reminder)
    if request.htmx:
        return HttpResponse("")
    return redirect("home")


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    """Change one's password; after signing in with a slip's code (or with no password yet), set one
    without the old one, through the same validators."""
    first = passwords.setting_first(request)
    form_class = SetPasswordForm if first else PasswordChangeForm
    form = form_class(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        passwords.changed(request)
        messages.success(
            request,
            _("Đã đặt mật khẩu. Từ nay đồng chí đăng nhập bằng tên đăng nhập và mật khẩu này.")
            if first
            else _("Đã đổi mật khẩu."),
        )
        return redirect("home")
    must_change = passwords.must_change(request)
    notice = passwords.MSG_FIRST if first else (passwords.MSG_MUST_CHANGE if must_change else None)
    return render(
        request, "accounts/password_change.html", {"form": form, "must_change": notice, "first": first}
    )


@never_cache
def code_login(request: HttpRequest) -> HttpResponse:
    """The first sign-in with the user name and one-time code of a slip; then the user sets a password.
    Wrong codes count towards the same lockout as wrong passwords (the code goes through ``authenticate``)."""
    form = SignInCodeForm(request.POST or None, initial={"username": request.GET.get("u", "")[:150]})
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=form.cleaned_data["username"], sign_in_secret=form.cleaned_data["code"]
        )
        if user is not None:
            login(request, user)
            passwords.signed_in_by_code(request)
            return redirect(passwords.TARGET)
        form.add_error(None, getattr(request, codes.REFUSAL, codes.MSG_WRONG))
    return render(request, "accounts/code_login.html", {"form": form})


# --- Putting a unit's people on the system ----------------------------------------------------


@login_required
def onboard(request: HttpRequest, org_id: int) -> HttpResponse:
    """The people of a unit with where each stands (no account, waiting for the first sign-in, signed in,
    "nhập hộ"); those ticked get accounts and their slips in one step, or are marked "nhập hộ"."""
    unit = onboard_access.access_unit(request.user, org_id)
    people = onboard_access.people_to_onboard(request.user, unit)
    filters = OnboardFilterForm(request.GET or None)
    job = None
    if filters.is_valid():
        terms = vn.search_terms(filters.cleaned_data["q"])
        for term in terms:
            people = people.filter(name_folded__contains=term)
        if filters.cleaned_data["kind"]:
            people = people.filter(kind=filters.cleaned_data["kind"])
        if filters.cleaned_data["job"]:
            job = import_access.access_job(request.user, filters.cleaned_data["job"])
            people = people.filter(import_selectors.people_added_q(job))
    if request.method == "POST":
        chosen, changed = _ticked(request, people)
        if changed:
            messages.warning(
                request,
                _("Chưa xử lý %(n)s người vì đã có thay đổi từ lúc mở trang (xem lại dưới đây): %(names)s.")
                % {"n": len(changed), "names": ", ".join(changed)},
            )
        action = request.POST.get("action")
        if action == "open":
            opened = services.accounts_open(actor=request.user, people=chosen)
            if not opened:
                messages.warning(
                    request,
                    _("Không có ai được tạo tài khoản: hãy chọn người chưa có tài khoản, không nhập hộ."),
                )
                return redirect(request.get_full_path())
            return slips.render_slips(request, unit=unit, slips=opened, people=people)
        if action in ("assisted", "not_assisted"):
            changed = services.people_set_assisted(
                actor=request.user, people=chosen, assisted=action == "assisted"
            )
            messages.success(request, _("Đã cập nhật %(n)s người.") % {"n": changed})
            return redirect(request.get_full_path())
    groups = onboard_groups(people)
    context = {
        "unit": unit,
        "groups": groups,
        "totals": onboard_totals(groups),
        "filters": filters,
        "job": job,
        "title": _("Tài khoản cho cá nhân: %(name)s") % {"name": unit.name},
        "days": codes.days(),
    }
    return render(request, "accounts/onboard.html", context)


def _ticked(request: HttpRequest, people) -> tuple[list, list[str]]:
    """The people ticked (``id:version``) among ``people`` (already scoped) still as the page showed them,
    and the names of those changed since."""
    ticks: dict[int, str] = {}
    for tick in request.POST.getlist("person"):
        pk, _sep, version = tick.partition(":")
        if pk.isdigit() and len(pk) < 12:
            ticks[int(pk)] = version
    found = people.filter(pk__in=list(ticks)).select_related("org__parent")
    chosen = [p for p in found if person_version(p) == ticks[p.pk]]
    changed = [p.full_name for p in found if person_version(p) != ticks[p.pk]]
    return chosen, changed


@login_required
@require_POST
def code_reissue(request: HttpRequest, person_id: int) -> HttpResponse:
    """A new code for a lost slip, in one click: the earlier code stops working; the slip is shown once."""
    person = onboard_access.access_person_for_code(request.user, person_id)
    slip = services.code_reissue(actor=request.user, person=person)
    return slips.render_slips(request, unit=person.org, slips=[slip], people=None)


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
                messages.warning(
                    request,
                    _("Bạn vừa dùng một mã dự phòng; còn %(left)s mã. Hãy tạo bộ mã mới khi gần hết.")
                    % {"left": two_factor.recovery_left(request.user)},
                )
            return redirect(two_factor.next_url(request))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": two_factor.next_url(request)}
    )


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
                return render(
                    request, "accounts/two_factor_codes.html", {**context, "codes": codes, "new": True}
                )
            form.add_error(
                "code",
                _("Mã không đúng. Kiểm tra giờ trên điện thoại đúng với giờ hiện tại rồi nhập mã đang hiện."),
            )
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
        form.add_error(
            None,
            _("Đã nhập sai nhiều lần. Vui lòng chờ %(seconds)s giây rồi thử lại.") % {"seconds": exc.wait},
        )
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
