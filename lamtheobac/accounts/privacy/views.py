"""Personal data pages: the notice (read once per version, with the consent), the person's requests to
correct or delete, and the officer's page to answer them. Each view: access → form → service → render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheobac.lib.web import errors_to_form
from lamtheobac.organisation import access as org_access

from ..models import DataRequestKind, DataRequestState
from . import access, services

CONSENT_CHOICES = [
    ("yes", gettext_lazy("Đồng ý")),
    ("no", gettext_lazy("Không đồng ý")),
]


class NoticeForm(forms.Form):
    consent_contact = forms.ChoiceField(
        label=gettext_lazy("Nhận lời nhắc qua số điện thoại, thư điện tử đã khai"),
        choices=CONSENT_CHOICES,
        widget=forms.RadioSelect,
    )


class RequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Loại yêu cầu"), choices=DataRequestKind.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=gettext_lazy("Nội dung"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Ghi rõ dữ liệu nào sai và nội dung đúng, hoặc dữ liệu nào đề nghị xóa."),
    )


class AnswerForm(forms.Form):
    state = forms.ChoiceField(
        label=gettext_lazy("Kết quả"),
        choices=[c for c in DataRequestState.choices if c[0] != DataRequestState.OPEN],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=gettext_lazy("Trả lời người yêu cầu"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    retained = forms.CharField(
        label=gettext_lazy("Dữ liệu được giữ lại và lý do"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    erase_contact = forms.BooleanField(
        label=gettext_lazy("Xóa số điện thoại, thư điện tử liên hệ và rút sự đồng ý nhận lời nhắc"),
        required=False,
    )


@login_required
def privacy_notice(request: HttpRequest) -> HttpResponse:
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.notice_accept(
            actor=request.user, consent_contact=form.cleaned_data["consent_contact"] == "yes"
        )
        request.session[services.SESSION_KEY] = services.NOTICE_VERSION
        messages.success(request, _("Cảm ơn đồng chí đã đọc thông báo. Lựa chọn đã được ghi nhận."))
        return redirect("home")
    context = {
        "title": _("Thông báo về xử lý dữ liệu cá nhân"),
        "form": form,
        "version": services.NOTICE_VERSION,
        "retained": services.RETAINED_ALWAYS,
        "erasable": services.ERASABLE,
        "days": services.ANSWER_WORKING_DAYS,
    }
    return render(request, "accounts/privacy_notice.html", context)


@login_required
def data_requests(request: HttpRequest) -> HttpResponse:
    me = org_access.own_person(request.user)
    form = RequestForm(request.POST or None)
    if me is None and request.method == "POST":
        raise PermissionDenied  # an account with no person: nothing kept about a person to correct
    if me is not None and request.method == "POST" and form.is_valid():
        try:
            services.data_request_create(
                actor=request.user,
                person=me,
                kind=form.cleaned_data["kind"],
                details=form.cleaned_data["details"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Đã gửi yêu cầu. Cán bộ theo dõi sẽ trả lời trong thời hạn quy định.")
            )
            return redirect("accounts:data-requests")
    context = {
        "title": _("Yêu cầu chỉnh sửa, xóa dữ liệu cá nhân"),
        "form": form if me is not None else None,
        "requests": list(access.my_requests(request.user).order_by("-created_at")),
        "retained": services.RETAINED_ALWAYS,
        "erasable": services.ERASABLE,
        "days": services.ANSWER_WORKING_DAYS,
    }
    return render(request, "accounts/data_requests.html", context)


@login_required
def data_request_list(request: HttpRequest) -> HttpResponse:
    # a role that answers nothing sees an empty list (the answer page refuses it with 403)
    rows = list(
        access.requests_to_answer(request.user)
        .select_related("person__org")
        .order_by("state", "due_on", "id")[:500]
    )
    context = {
        "title": _("Yêu cầu về dữ liệu cá nhân"),
        "rows": rows,
        "today": timezone.localdate(),
    }
    return render(request, "accounts/data_request_list.html", context)


@login_required
def data_request_answer(request: HttpRequest, request_id: int) -> HttpResponse:
    if not access.may_answer(request.user):
        raise PermissionDenied  # a role that answers no request anywhere (a member, an inspector)
    data_request = access.access_request_to_answer(request.user, request_id)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.data_request_answer(
                actor=request.user,
                request=data_request,
                state=d["state"],
                answer=d["answer"],
                retained=d["retained"],
                erase_contact=d["erase_contact"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã trả lời yêu cầu."))
            return redirect("accounts:data-request-list")
    context = {
        "title": _("Trả lời yêu cầu về dữ liệu cá nhân"),
        "data_request": data_request,
        "form": form,
        "retained": services.RETAINED_ALWAYS,
        "erasable": services.ERASABLE,
        "today": timezone.localdate(),
    }
    return render(request, "accounts/data_request_answer.html", context)
