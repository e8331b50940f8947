"""Two-factor sign-in: the code page after the password, set-up with a QR code, recovery codes, throttling,
admins held until they set it up, an admin's reset, and every step in the audit log."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lamtheobac.accounts import two_factor
from lamtheobac.audit.models import Action, Entry

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db

SETUP = reverse("accounts:two-factor")
VERIFY = reverse("accounts:two-factor-verify")


def code_of(device: TOTPDevice, *, later: int = 0) -> str:
    """The code the authenticator app shows now (or ``later`` steps of 30 s from now)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift - later):06d}"


def password_step(username: str, next_url: str = "") -> Client:
    client = Client()
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post(reverse("accounts:login"), data)
    assert response.status_code == 302
    return client


def events(user) -> list[str]:
    return [e.detail.get("event") for e in Entry.objects.filter(action=Action.TWO_FACTOR, actor_id=user.pk)]


@pytest.fixture
def member_device(cast) -> TOTPDevice:
    return TOTPDevice.objects.create(user=cast.member, name=two_factor.AUTHENTICATOR, confirmed=True)


def test_without_an_authenticator_the_password_is_enough(cast):
    client = password_step("member")
    assert client.get(reverse("cycle:my-commitment"), follow=True).status_code == 200
    assert client.get(reverse("home")).status_code == 200


def test_with_an_authenticator_every_page_waits_for_the_code(cast, member_device):
    target = reverse("accounts:password-change")
    client = password_step("member", next_url=target)
    for url in (reverse("home"), target, reverse("cycle:my-commitment"), reverse("accounts:my-data"), SETUP):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(VERIFY), url
    # htmx asks for a whole-page redirect rather than swapping the code page into a fragment
    response = client.get(target, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Redirect"].startswith(VERIFY)
    # a post waits too: nothing is changed before the second step
    response = client.post(reverse("accounts:password-change"), {"old_password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    # the public pages and signing out stay open
    assert client.get(reverse("activities:public-exemplars")).status_code == 200

    page = client.get(VERIFY + "?next=" + target).content.decode()
    assert "Nhập mã xác thực" in page
    assert 'class="topnav"' not in page  # no menu before the code
    response = client.post(VERIFY, {"code": code_of(member_device), "next": target})
    assert response.status_code == 302 and response["Location"] == target
    assert client.get(target).status_code == 200
    assert events(cast.member) == ["verified"]


def test_a_wrong_code_is_refused_logged_and_then_throttled(cast, member_device):
    client = password_step("member")
    response = client.post(VERIFY, {"code": "000000" if code_of(member_device) != "000000" else "111111"})
    assert response.status_code == 200
    assert "Mã không đúng hoặc đã hết hạn" in response.content.decode()
    assert events(cast.member) == ["failed"]
    # right away, even the right code is not checked: the device is locked for a moment
    response = client.post(VERIFY, {"code": code_of(member_device)})
    assert "Đã nhập sai nhiều lần" in response.content.decode()
    assert client.get(reverse("home"))["Location"].startswith(VERIFY)
    member_device.refresh_from_db()
    assert member_device.throttling_failure_count == 1


def test_a_code_is_good_once(cast, member_device):
    code = code_of(member_device)
    first = password_step("member")
    before = first.cookies["sessionid"].value
    assert first.post(VERIFY, {"code": code})["Location"] == reverse("home")
    assert first.cookies["sessionid"].value != before  # a new session key after the second step
    second = password_step("member")
    response = second.post(VERIFY, {"code": code})
    assert response.status_code == 200 and "Mã không đúng" in response.content.decode()


def test_nonsense_is_refused_before_any_device_is_asked(cast, member_device):
    client = password_step("member")
    for code in ("", "12", "abcdef", "1234567", "٣٣٣٣٣٣", "1" * 40):
        response = client.post(VERIFY, {"code": code})
        assert response.status_code == 200
        assert "Nhập 6 chữ số" in response.content.decode() or "Trường này" in response.content.decode()
    member_device.refresh_from_db()
    assert member_device.throttling_failure_count == 0


def test_a_recovery_code_opens_once(cast, member_device):
    codes = two_factor.new_recovery_codes(cast.member)
    assert len(codes) == two_factor.RECOVERY_COUNT and len(set(codes)) == two_factor.RECOVERY_COUNT
    client = password_step("member")
    response = client.post(VERIFY, {"code": f"{codes[0][:4]} {codes[0][4:]}"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "còn 9 mã" in response.content.decode()
    again = password_step("member")
    assert "Mã không đúng" in again.post(VERIFY, {"code": codes[0]}).content.decode()
    assert StaticToken.objects.filter(device__user=cast.member).count() == 9


def test_a_member_turns_it_on_with_the_qr_code_and_off_with_a_code(cast, client_for):
    client = client_for(cast.member)
    page = client.get(SETUP).content.decode()
    assert "<svg" in page and "Bật xác thực hai lớp" in page
    pending = TOTPDevice.objects.get(user=cast.member, confirmed=False)
    assert two_factor.key_text(pending).replace(" ", "") in page.replace(" ", "")
    assert client.get(SETUP).status_code == 200
    assert TOTPDevice.objects.filter(user=cast.member).count() == 1  # a reload keeps the same key

    wrong = client.post(SETUP, {"code": code_of(pending, later=5)})
    assert "Mã không đúng" in wrong.content.decode()
    assert not two_factor.is_on(cast.member)

    pending.throttle_reset()
    response = client.post(SETUP, {"code": code_of(pending)})
    body = response.content.decode()
    assert "Đã bật xác thực hai lớp" in body
    codes = list(StaticToken.objects.filter(device__user=cast.member).values_list("token", flat=True))
    assert len(codes) == 10 and all(f"{c[:4]} {c[4:]}" in body for c in codes)
    assert two_factor.is_on(cast.member)
    assert client.get(reverse("home")).status_code == 200  # this session has passed the second step

    status = client.get(SETUP).content.decode()
    assert "Còn 10 mã dự phòng" in status
    response = client.post(SETUP, {"action": "off", "code": codes[0]})
    assert response.status_code == 302
    assert not two_factor.is_on(cast.member) and not StaticToken.objects.filter(device__user=cast.member)
    assert events(cast.member) == ["disabled", "verified", "enabled"]  # newest first


def test_turning_it_off_needs_a_right_code(cast, member_device):
    client = password_step("member")
    client.post(VERIFY, {"code": code_of(member_device)})
    member_device.refresh_from_db()
    response = client.post(SETUP, {"action": "off", "code": "12345678"})
    assert "Mã không đúng" in response.content.decode()
    assert two_factor.is_on(cast.member)


def test_new_recovery_codes_replace_the_old_ones(cast, client_for, member_device):
    old = two_factor.new_recovery_codes(cast.member)
    client = client_for(cast.member)
    body = client.post(SETUP, {"action": "codes"}).content.decode()
    new = set(StaticToken.objects.filter(device__user=cast.member).values_list("token", flat=True))
    assert len(new) == 10 and not new & set(old)
    assert all(f"{c[:4]} {c[4:]}" in body for c in new)


def test_an_admin_without_an_authenticator_must_set_one_up_first(cast):
    client = Client()
    client.force_login(cast.admin, backend="django.contrib.auth.backends.ModelBackend")
    audit = reverse("audit:list")
    for url in (reverse("home"), audit, reverse("organisation:person-detail", args=[cast.secret_person.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(SETUP), url
    page = client.get(SETUP).content.decode()
    assert "bắt buộc dùng xác thực hai lớp" in page
    pending = TOTPDevice.objects.get(user=cast.admin, confirmed=False)
    response = client.post(SETUP, {"code": code_of(pending), "next": audit})
    assert f'href="{audit}"' in response.content.decode()  # "continue" leads to the page asked for
    assert client.get(audit).status_code == 200


def test_an_admin_who_removes_the_authenticator_is_held_until_a_new_one(cast, client_for):
    client = client_for(cast.admin)  # signed in with a code, as the test cast does for admins
    device = two_factor.authenticator(cast.admin)
    assert client.post(SETUP, {"action": "off", "code": code_of(device)}).status_code == 302
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(SETUP)


def test_an_admin_is_asked_for_the_code_at_sign_in(cast):
    device = TOTPDevice.objects.create(user=cast.admin, confirmed=True)
    client = password_step("admin")
    assert client.get(reverse("audit:list"))["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": code_of(device)})
    assert client.get(reverse("audit:list")).status_code == 200


def test_an_admin_resets_a_lost_authenticator_and_it_is_logged(cast, client_for, member_device):
    url = reverse("accounts:person-two-factor-reset", args=[cast.member_person.pk])
    page = client_for(cast.admin).get(reverse("organisation:person-detail", args=[cast.member_person.pk]))
    assert "Đặt lại xác thực hai lớp" in page.content.decode()
    for role in ("officer", "leader", "member", "inspector"):
        assert client_for(cast.actors()[role]).post(url).status_code in (403, 404), role
    assert two_factor.is_on(cast.member)
    assert client_for(cast.admin).post(url).status_code == 302
    assert not two_factor.is_on(cast.member)
    entry = Entry.objects.get(action=Action.TWO_FACTOR, actor_id=cast.admin.pk)
    assert entry.detail == {"event": "reset", "user": "member"}
    # the member signs in with the password alone again
    assert password_step("member").get(reverse("home")).status_code == 200


def test_a_session_from_before_two_factor_is_held_too(cast, member_device):
    """A session signed in before the authenticator existed (no state in it) gets its state on the next
    request: with an authenticator, it must pass the code page."""
    client = Client()
    client.force_login(cast.member, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    del session[two_factor.STATE]
    session.save()
    assert client.get(reverse("home"))["Location"].startswith(VERIFY)


def test_the_code_page_never_leads_off_site(cast, member_device):
    client = password_step("member")
    response = client.post(VERIFY, {"code": code_of(member_device), "next": "https://evil.example/x"})
    assert response["Location"] == reverse("home")


def test_a_new_admin_signs_in_again_and_sets_up_first(cast, client_for):
    from lamtheobac.organisation import services
    from lamtheobac.organisation.models import Role

    officer = client_for(cast.officer)
    other = client_for(cast.member)
    assert officer.get(reverse("home")).status_code == 200
    services.grant_create(actor=cast.admin, user=cast.officer, org=cast.province, role=Role.ADMIN)
    response = officer.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert other.get(reverse("home")).status_code == 200  # nobody else is signed out
    again = password_step("officer")
    assert again.get(reverse("home"))["Location"].startswith(SETUP)


def test_a_signed_in_page_costs_no_query_for_the_second_step(cast, member_device):
    """The gate reads the session only (tests/lib/test_pagecache.py: a cached page still takes three)."""
    client = password_step("member")
    client.post(VERIFY, {"code": code_of(member_device)})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("accounts:password-change"))
    assert queries.captured_queries and not any("otp" in q["sql"] for q in queries.captured_queries)
