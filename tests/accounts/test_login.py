import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from lamtheobac.audit.models import Action, Entry

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


# Behind the documented TLS proxy every request comes from the proxy's address; the client's is the last one
# the proxy appended to X-Forwarded-For, the address the audit log records.
PROXY = "127.0.0.1"
ATTACKER, OFFICE = "203.0.113.66", "198.51.100.7"


@pytest.fixture
def behind_proxy(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def _sign_in(client, username, password, address, forwarded=None):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded or address,
        HTTP_X_FORWARDED_PROTO="https",
        secure=True,
    )


def test_behind_the_proxy_wrong_passwords_from_elsewhere_do_not_lock_the_user_out(
    cast, client, settings, behind_proxy
):
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        _sign_in(client, "member", "sai", ATTACKER)
    assert _sign_in(client, "member", PASSWORD, ATTACKER).status_code == 429
    assert _sign_in(client, "member", PASSWORD, OFFICE).status_code == 302


def test_behind_the_proxy_an_address_written_by_the_client_is_not_believed(
    cast, client, settings, behind_proxy
):
    # the attacker writes the office's address first; the proxy appends the real one after it
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "member", "sai", ATTACKER, forwarded=f"{OFFICE}, {ATTACKER}")
    assert AccessAttempt.objects.get(username="member").ip_address == ATTACKER
    assert _sign_in(client, "member", PASSWORD, OFFICE).status_code == 302


def test_behind_the_proxy_the_lockout_is_recorded_with_the_audit_logs_address(cast, client, behind_proxy):
    _sign_in(client, "member", "sai", ATTACKER)
    assert AccessAttempt.objects.get(username="member").ip_address == ATTACKER
    assert Entry.objects.filter(action=Action.LOGIN_FAILED).latest("pk").ip == ATTACKER


def test_an_address_trying_many_user_names_is_locked_for_every_name(cast, client, settings, behind_proxy):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    names = [f"khong-co-{i}" for i in range(6)] + ["leader", "officer"]  # each below its own limit
    for name in names:
        _sign_in(client, name, "123456", ATTACKER)
    assert _sign_in(client, "member", PASSWORD, ATTACKER).status_code == 429
    assert _sign_in(client, "member", PASSWORD, OFFICE).status_code == 302


def test_an_address_below_the_limit_across_names_still_signs_in(cast, client, settings, behind_proxy):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    for name in [f"khong-co-{i}" for i in range(7)]:
        _sign_in(client, name, "123456", OFFICE)
    assert _sign_in(client, "member", PASSWORD, OFFICE).status_code == 302
