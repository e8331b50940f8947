"""Personal access tokens: they expire and are renewed, they obey the two-factor rule of the pages, a role
that requires two-factor sign-in revokes them, and a password set by an officer holds them until changed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from lamtheobac.api import tokens
from lamtheobac.api.models import AccessToken
from lamtheobac.audit.models import Action, Entry
from lamtheobac.organisation import services as org_services
from lamtheobac.organisation.models import Role

pytestmark = pytest.mark.django_db


def _status(key: str) -> int:
    return Client(headers={"Authorization": f"Bearer {key}"}).get("/api/v1/orgs").status_code


def _age(token: AccessToken, days: int) -> None:
    """Move ``token`` ``days`` into the past (made, renewed and due then)."""
    shift = datetime.timedelta(days=days)
    AccessToken.objects.filter(pk=token.pk).update(
        created_at=F("created_at") - shift, expires_at=F("expires_at") - shift
    )


def test_a_token_works_90_days_by_default(cast, settings):
    assert settings.API_TOKEN_DAYS == 90
    token, key = tokens.create(user=cast.officer, name="Đồng bộ")
    assert abs(token.expires_at - (token.created_at + datetime.timedelta(days=90))) < datetime.timedelta(
        seconds=5
    )
    _age(token, 89)
    assert _status(key) == 200
    _age(token, 2)
    assert tokens.user_for(key) is None
    assert _status(key) == 401


def test_it_takes_the_days_from_the_settings(cast, settings):
    settings.API_TOKEN_DAYS = 7
    token, _key = tokens.create(user=cast.officer, name="Thử một tuần")
    assert (token.expires_at - timezone.now()).days == 6  # 6 days and nearly 24 hours


def test_renewing_gives_the_days_again_even_to_an_expired_token(cast):
    token, key = tokens.create(user=cast.officer, name="Đồng bộ")
    _age(token, 100)
    assert _status(key) == 401
    token.refresh_from_db()
    tokens.renew(user=cast.officer, token=token)
    token.refresh_from_db()
    assert token.expires_at - timezone.now() > datetime.timedelta(days=89)
    assert _status(key) == 200
    assert Entry.objects.filter(action=Action.TOKEN, detail__event="renewed").count() == 1


def test_a_revoked_token_is_never_renewed(cast):
    token, key = tokens.create(user=cast.officer, name="Đồng bộ")
    tokens.revoke(user=cast.officer, token=token)
    with pytest.raises(ValidationError) as exc:
        tokens.renew(user=cast.officer, token=token)
    assert exc.value.messages == [str(tokens.ERR_TOKEN_REVOKED)]
    assert _status(key) == 401


def test_a_token_of_a_user_who_must_use_two_factor_and_has_not_set_it_up_is_refused(cast):
    _token, key = tokens.create(user=cast.admin, name="Quản trị")
    assert not TOTPDevice.objects.filter(user=cast.admin, confirmed=True).exists()
    assert tokens.user_for(key) is None
    assert _status(key) == 401
    TOTPDevice.objects.create(user=cast.admin, name="Điện thoại", confirmed=True)
    assert _status(key) == 200


def test_a_superusers_token_without_two_factor_is_refused(cast):
    cast.member.is_superuser = True
    cast.member.save()
    _token, key = tokens.create(user=cast.member, name="Siêu quản trị")
    assert _status(key) == 401


def test_granting_the_admin_role_revokes_the_tokens_made_before(cast):
    _token, key = tokens.create(user=cast.member, name="Sổ tay đảng viên")
    assert _status(key) == 200
    # even once two-factor is set up: a token made with a member's rights does not carry an admin's
    TOTPDevice.objects.create(user=cast.member, name="Điện thoại", confirmed=True)
    org_services.grant_create(actor=cast.admin, user=cast.member, org=cast.district_a, role=Role.ADMIN)
    assert _status(key) == 401
    assert not AccessToken.objects.filter(user=cast.member, revoked_at__isnull=True).exists()
    assert Entry.objects.filter(action=Action.TOKEN, detail__event="revoked", detail__user="member").exists()
    _new, fresh = tokens.create(user=cast.member, name="Sau khi làm quản trị")
    assert _status(fresh) == 200


def test_granting_a_role_without_the_two_factor_rule_keeps_the_tokens(cast):
    _token, key = tokens.create(user=cast.member, name="Sổ tay đảng viên")
    org_services.grant_create(actor=cast.admin, user=cast.member, org=cast.cell_a1, role=Role.LEADER)
    assert _status(key) == 200


def test_a_token_is_refused_until_a_password_set_by_an_officer_is_changed(cast, client_for):
    user = org_services.account_create(
        actor=cast.officer, person=cast.colleague, username="nongdung", password="x8!kq2Lp-An-Binh"
    )
    _token, key = tokens.create(user=user, name="Điện thoại")
    assert _status(key) == 401
    client = client_for(user)
    client.post(reverse("accounts:password-change"), {
        "old_password": "x8!kq2Lp-An-Binh", "new_password1": "Lam-theo-Bac-2026", "new_password2": "Lam-theo-Bac-2026"})  # fmt: skip
    assert _status(key) == 200


def test_the_account_page_shows_when_each_token_expires_and_renews_it(cast, client_for):
    client = client_for(cast.member)
    client.post(reverse("accounts:tokens"), {"name": "Sổ tay đảng viên"})
    token = AccessToken.objects.get(user=cast.member)
    page = client.get(reverse("accounts:tokens")).content.decode()
    assert "Hết hạn" in page and f"{timezone.localtime(token.expires_at):%d/%m/%Y}" in page
    assert "90 ngày" in page
    _age(token, 95)
    page = client.get(reverse("accounts:tokens")).content.decode()
    assert "Đã hết hạn" in page
    assert client_for(cast.leader).post(reverse("accounts:token-renew", args=[token.pk])).status_code == 404
    response = client.post(reverse("accounts:token-renew", args=[token.pk]), follow=True)
    token.refresh_from_db()
    assert not token.expired
    assert f"đến hết ngày {timezone.localtime(token.expires_at):%d/%m/%Y}" in response.content.decode()
