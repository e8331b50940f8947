"""Personal data (Luật 91/2025/QH15): the notice shown until read, once per version, with the consent stored
(when and which version); requests to correct or delete, due in 2 working days (Nghị định 356/2025/NĐ-CP),
answered by an officer of the person's branch with what is kept and why; every step in the audit log."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lamtheobac.accounts.models import DataRequest, DataRequestKind, DataRequestState, NoticeAcceptance
from lamtheobac.accounts.privacy import services
from lamtheobac.audit.models import Action, Entry

pytestmark = pytest.mark.django_db

BANNER = "Đọc thông báo và xác nhận"


def test_the_notice_is_shown_until_read_and_the_consent_is_stored(cast, client_for):
    member = client_for(cast.member)
    assert BANNER in member.get("/").content.decode()
    page = member.get(reverse("accounts:privacy-notice"))
    assert "dữ liệu cá nhân nhạy cảm" in page.content.decode()
    response = member.post(reverse("accounts:privacy-notice"), {"consent_contact": "yes"})
    assert response.status_code == 302
    acceptance = NoticeAcceptance.objects.get(user=cast.member)
    assert (acceptance.version, acceptance.consent_contact) == (services.NOTICE_VERSION, True)
    assert acceptance.consent_at is not None
    assert BANNER not in member.get("/").content.decode()
    # a new sign-in finds it read: not shown again
    assert BANNER not in client_for(cast.member).get("/").content.decode()
    entry = Entry.objects.filter(action=Action.NOTICE_ACCEPTED).get()
    assert entry.detail == {"version": services.NOTICE_VERSION, "consent_contact": True}
    # the consent is withdrawn on the same page, with its time
    member.post(reverse("accounts:privacy-notice"), {"consent_contact": "no"})
    acceptance.refresh_from_db()
    assert acceptance.consent_contact is False


def test_it_goes_home_after_the_notice(cast, client_for):
    response = client_for(cast.member).post(reverse("accounts:privacy-notice"), {"consent_contact": "no"})
    assert response["Location"] == reverse("home")


def test_the_answer_is_due_two_working_days_later():
    friday = datetime.date(2026, 1, 9)
    assert services.working_days_after(friday, 2) == datetime.date(2026, 1, 13)
    assert services.working_days_after(datetime.date(2026, 1, 12), 2) == datetime.date(2026, 1, 14)


def test_a_request_is_audited_answered_and_contacts_erased(cast, client_for):
    cast.member_person.phone, cast.member_person.email = "0987654321", "mai@example.vn"
    cast.member_person.save()
    member = client_for(cast.member)
    response = member.post(
        reverse("accounts:data-requests"),
        {"kind": DataRequestKind.DELETE, "details": "Xin xóa số điện thoại"},
    )
    assert response.status_code == 302
    request = DataRequest.objects.get()
    assert request.due_on == services.working_days_after(request.created_at.date(), 2)
    assert Entry.objects.filter(action=Action.DATA_REQUESTED, target="Hoàng Thị Mai").exists()

    officer = client_for(cast.officer)
    assert "Hoàng Thị Mai" in officer.get(reverse("accounts:data-request-list")).content.decode()
    url = reverse("accounts:data-request-answer", args=[request.pk])
    refused = officer.post(url, {"state": DataRequestState.PARTLY, "answer": "Đã xóa liên hệ"})
    assert str(services.ERR_RETAINED) in refused.content.decode()
    done = officer.post(
        url,
        {
            "state": DataRequestState.PARTLY,
            "answer": "Đã xóa số điện thoại, thư điện tử.",
            "retained": "Giữ bản cam kết: hồ sơ của tổ chức đảng.",
            "erase_contact": "on",
        },
    )
    assert done.status_code == 302
    cast.member_person.refresh_from_db()
    assert (cast.member_person.phone, cast.member_person.email) == ("", "")
    request.refresh_from_db()
    assert request.state == DataRequestState.PARTLY and request.answered_by == cast.officer
    entry = Entry.objects.get(action=Action.DATA_REQUEST_ANSWERED)
    assert entry.detail["erased"] == ["phone", "email"] and entry.detail["late"] is False
    assert "Giữ bản cam kết" in member.get(reverse("accounts:data-requests")).content.decode()
    with pytest.raises(ValidationError) as twice:
        services.data_request_answer(actor=cast.officer, request=request, state="done", answer="Lần nữa")
    assert str(services.ERR_ANSWERED) in str(twice.value)


def test_only_the_persons_officers_answer(cast, client_for):
    request = services.data_request_create(
        actor=cast.member,
        person=cast.member_person,
        kind=DataRequestKind.CORRECT,
        details="Năm sinh sai: 1980",
    )
    url = reverse("accounts:data-request-answer", args=[request.pk])
    outsider = client_for(cast.outsider)  # an officer of the other branch
    assert outsider.get(url).status_code == 404
    assert "Hoàng Thị Mai" not in outsider.get(reverse("accounts:data-request-list")).content.decode()
    for user in (cast.inspector, cast.member):  # roles that answer nothing
        assert client_for(user).get(url).status_code == 403
        assert client_for(user).post(url, {"state": "done", "answer": "x"}).status_code == 403
        listed = client_for(user).get(reverse("accounts:data-request-list"))
        assert "Hoàng Thị Mai" not in listed.content.decode()
    assert client_for(cast.officer).get(url).status_code == 200


def test_a_request_needs_its_details(cast):
    with pytest.raises(ValidationError) as refused:
        services.data_request_create(actor=cast.member, person=cast.member_person, kind="delete", details=" ")
    assert str(services.ERR_DETAILS) in str(refused.value)
    assert not DataRequest.objects.exists()
