"""Sign-in, the home page each role lands on, and the health check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lamtheobac.cycle import lagging
from lamtheobac.lib.pagecache import cached_page
from lamtheobac.organisation import access, personal_data, selectors
from lamtheobac.organisation.models import Role

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
        messages.success(request, _("Đã đổi mật khẩu."))
        return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """All the system holds about the signed-in user: the page explains, ``?format=xlsx|json`` downloads."""
    if request.GET.get("format") in ("xlsx", "json"):
        return personal_data.download(request, access.own_person(request.user), request.user)
    return render(request, "accounts/my_data.html", {"title": _("Dữ liệu của tôi")})


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
