"""The registration signed on paper: its scan uploaded to the record, and served back. Each view: access →
service → redirect (or the file)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lamtheobac.lib import uploads

from .. import access, services
from ..workflow import Action


@login_required
@require_POST
def signed_copy_add(request: HttpRequest, record_id: int) -> HttpResponse:
    record = access.access_record(request.user, record_id, action=Action.EDIT)
    try:
        services.signed_copy_attach(actor=request.user, record=record, upload=request.FILES.get("file"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã lưu bản đăng ký có chữ ký vào hồ sơ."))
    return redirect("cycle:record-detail", record_id=record.pk)


@login_required
def signed_copy_download(request: HttpRequest, copy_id: int) -> HttpResponse:
    copy = access.access_signed_copy(request.user, copy_id)
    return uploads.serve(copy.file.open("rb"), content_type=copy.content_type, filename=copy.original_name)
