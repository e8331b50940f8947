import pytest
from django.urls import reverse

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_it_signs_in_and_lands_on_the_home_page(cast, client):
    response = client.post(reverse("accounts:login"), {"username": "member", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_a_wrong_password_is_refused_in_vietnamese(cast, client):
    response = client.post(reverse("accounts:login"), {"username": "member", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()


def test_it_locks_out_after_repeated_failures(cast, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "member", "password": "sai"})
    response = client.post(reverse("accounts:login"), {"username": "member", "password": PASSWORD})
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()


def test_a_lockout_of_one_name_does_not_lock_another(cast, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "member", "password": "sai"})
    response = client.post(reverse("accounts:login"), {"username": "leader", "password": PASSWORD})
    assert response.status_code == 302


def test_logout_needs_a_post(cast, client_for):
    client = client_for(cast.member)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_a_user_changes_their_password(cast, client_for):
    client = client_for(cast.member)
    client.post(reverse("accounts:password-change"), {
        "old_password": PASSWORD, "new_password1": "Lam-theo-Bac-2026", "new_password2": "Lam-theo-Bac-2026"})  # fmt: skip
    cast.member.refresh_from_db()
    assert cast.member.check_password("Lam-theo-Bac-2026")
