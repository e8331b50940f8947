"""Writes of the personal-data notice and of the requests to correct or delete; each goes to the audit log.
Permissions are decided by ``privacy.access`` before these are called."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheobac.audit.models import Action
from lamtheobac.audit.services import record
from lamtheobac.lib import text
from lamtheobac.organisation.models import Person

from ..models import DataRequest, DataRequestKind, DataRequestState, NoticeAcceptance

# The notice's version: a new text gets a new version, and everyone is shown it again.
NOTICE_VERSION = "2026-01"
SESSION_KEY = "privacy_notice_seen"  # the version this session has seen (set at sign-in or on accepting)

# Nghị định 356/2025/NĐ-CP (31/12/2025, guiding Luật 91/2025/QH15): the controller answers a data subject's
# request within 2 working days of receiving it (as summarised by the legal updates of January 2026; the
# decree's article could not be read in the sources at hand: check it before relying on the figure).
ANSWER_WORKING_DAYS = 2

ERR_DETAILS = _("Hãy ghi rõ dữ liệu nào cần chỉnh sửa hoặc xóa, và nội dung đúng (nếu chỉnh sửa).")
ERR_KIND = _("Loại yêu cầu không hợp lệ.")
ERR_ANSWERED = _("Yêu cầu này đã được trả lời.")
ERR_ANSWER = _("Hãy ghi nội dung trả lời gửi người yêu cầu.")
ERR_STATE = _("Hãy chọn kết quả xử lý: đã thực hiện, thực hiện một phần hoặc không thực hiện.")
ERR_RETAINED = _("Khi không xóa hết, hãy ghi rõ dữ liệu được giữ lại và lý do.")

# What a request to delete cannot remove, and why (Luật 91/2025/QH15, Điều 14: data is deleted on request
# unless the law requires it be kept; the Party's records of its members are kept by its own rules).
RETAINED_ALWAYS = (
    _(
        "Bản cam kết, kế hoạch, tiến độ, tự đánh giá, nhận xét và xếp loại các năm, cùng lịch sử nộp, duyệt: "
        "là hồ sơ của tổ chức đảng về việc thực hiện Chỉ thị 05-CT/TW, được lưu giữ theo quy định về lưu trữ "
        "hồ sơ, tài liệu của Đảng; không xóa theo yêu cầu cá nhân."
    ),
    _(
        "Họ và tên, năm sinh, nơi sinh hoạt: cần để xác định các hồ sơ nói trên thuộc về ai; chỉ chỉnh sửa "
        "khi sai, không xóa."
    ),
    _(
        "Nhật ký hệ thống (đăng nhập, duyệt, xuất dữ liệu…): chỉ ghi thêm để bảo đảm an toàn, truy vết; "
        "không sửa, không xóa."
    ),
)
ERASABLE = _("Số điện thoại, thư điện tử liên hệ và sự đồng ý nhận lời nhắc qua các kênh đó.")


def working_days_after(day: datetime.date, n: int) -> datetime.date:
    """The ``n``-th working day after ``day`` (Saturdays and Sundays skipped; public holidays are not
    known to the system and count as working days)."""
    while n > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


@transaction.atomic
def notice_accept(*, actor, consent_contact: bool | None) -> NoticeAcceptance:
    """The signed-in user read the current notice; their consent to be contacted (or its refusal, or its
    withdrawal later) is recorded with the time and the version. Audited."""
    acceptance, _created = NoticeAcceptance.objects.get_or_create(user=actor, version=NOTICE_VERSION)
    if consent_contact is not None and consent_contact != acceptance.consent_contact:
        acceptance.consent_contact = consent_contact
        acceptance.consent_at = timezone.now()
        acceptance.save(update_fields=["consent_contact", "consent_at"])
    record(
        Action.NOTICE_ACCEPTED,
        actor=actor,
        target=str(actor.get_username()),
        detail={"version": NOTICE_VERSION, "consent_contact": acceptance.consent_contact},
    )
    return acceptance


@transaction.atomic
def data_request_create(*, actor, person: Person, kind: str, details: str) -> DataRequest:
    """A person asks to correct or delete data kept about them; due ``ANSWER_WORKING_DAYS`` working days
    later. Audited."""
    if kind not in DataRequestKind.values:
        raise ValidationError(ERR_KIND)
    details = text.clean(details or "")[:2000]
    if len(details) < 5:
        raise ValidationError({"details": ERR_DETAILS})
    now = timezone.now()
    request = DataRequest.objects.create(
        kind=kind,
        user=actor,
        person=person,
        details=details,
        created_at=now,
        due_on=working_days_after(timezone.localdate(now), ANSWER_WORKING_DAYS),
    )
    record(
        Action.DATA_REQUESTED,
        actor=actor,
        org=person.org,
        target=person.full_name,
        detail={"request": request.pk, "kind": kind, "due_on": request.due_on.isoformat()},
    )
    return request


@transaction.atomic
def data_request_answer(
    *, actor, request: DataRequest, state: str, answer: str, retained: str = "", erase_contact: bool = False
) -> DataRequest:
    """An officer answers a request. For a deletion carried out (in full or in part), ``erase_contact``
    clears the person's phone and e-mail (and their account's) and withdraws their consent to be contacted;
    what is kept must be said, with why (``retained``). Audited."""
    if request.state != DataRequestState.OPEN:
        raise ValidationError(ERR_ANSWERED)
    if state not in (DataRequestState.DONE, DataRequestState.PARTLY, DataRequestState.REFUSED):
        raise ValidationError({"state": ERR_STATE})
    answer, retained = text.clean(answer or "")[:4000], text.clean(retained or "")[:4000]
    if not answer:
        raise ValidationError({"answer": ERR_ANSWER})
    if state != DataRequestState.DONE and not retained and request.kind == DataRequestKind.DELETE:
        raise ValidationError({"retained": ERR_RETAINED})
    erased: list[str] = []
    if erase_contact and request.kind == DataRequestKind.DELETE and state != DataRequestState.REFUSED:
        person = request.person
        if person.phone or person.email:
            erased += [f for f in ("phone", "email") if getattr(person, f)]
            person.phone, person.email = "", ""
            person.save(update_fields=["phone", "email", "updated_at"])
        if person.user is not None and person.user.email:
            person.user.email = ""
            person.user.save(update_fields=["email"])
            erased.append("user_email")
        if person.user is not None:
            NoticeAcceptance.objects.filter(user=person.user).exclude(consent_contact=False).update(
                consent_contact=False, consent_at=timezone.now()
            )
    request.state = state
    request.answer = answer
    request.retained = retained
    request.answered_by = actor
    request.answered_at = timezone.now()
    request.save()
    record(
        Action.DATA_REQUEST_ANSWERED,
        actor=actor,
        org=request.person.org,
        target=request.person.full_name,
        detail={
            "request": request.pk,
            "kind": request.kind,
            "state": state,
            "erased": erased,
            "late": timezone.localdate() > request.due_on,
        },
    )
    return request
