"""The account page where a user makes and revokes their API access tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateformat import format as date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lamtheobac.lib.web import errors_to_form

from . import access, tokens


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Tên gợi nhớ"),
        max_length=100,
        help_text=gettext_lazy("Ví dụ: Đồng bộ với phần mềm quản lý đảng viên của tỉnh."),
    )


@login_required
@never_cache
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, key = tokens.create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            form = TokenForm()
    context = {
        "form": form,
        "key": key,
        "tokens": access.tokens_visible_to(request.user),
        "title": _("Mã truy cập API"),
        "days": tokens.lifetime().days,
    }
    return render(request, "accounts/tokens.html", context)


@login_required
@require_POST
def token_renew(request: HttpRequest, token_id: int) -> HttpResponse:
    token = access.access_token(request.user, token_id)
    try:
        tokens.renew(user=request.user, token=token)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Đã gia hạn mã “%(name)s” đến hết ngày %(date)s.")
            % {"name": token.name, "date": date_format(localtime(token.expires_at), "d/m/Y")},
        )
    return redirect("accounts:tokens")


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = access.access_token(request.user, token_id)
    tokens.revoke(user=request.user, token=token)
    messages.success(request, _("Đã thu hồi mã “%(name)s”.") % {"name": token.name})
    return redirect("accounts:tokens")
