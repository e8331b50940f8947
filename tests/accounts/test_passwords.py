"""A password set by an officer is changed at the first sign-in, before anything else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lamtheobac.accounts import passwords
from lamtheobac.organisation import services

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db

FIRST = "x8!kq2Lp-An-Binh"
OWN = "Lam-theo-Bac-2026"
CHANGE = reverse("accounts:password-change")


@pytest.fixture
def new_user(cast):
    """A person whose account an officer has just opened, with a password the officer knows."""
    return services.account_create(
        actor=cast.officer, person=cast.colleague, username="nongdung", password=FIRST
    )


def _sign_in(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_it_sends_a_new_account_to_the_password_page_until_it_is_changed(new_user, client):
    _sign_in(client, "nongdung", FIRST)
    for url in (
        reverse("home"),
        reverse("reports:dashboard"),
        reverse("accounts:tokens"),
        reverse("accounts:my-data"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == CHANGE, url
    assert client.post(reverse("accounts:tokens"), {"name": "Lén"})["Location"] == CHANGE
    htmx = client.get(reverse("home"), headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"] == CHANGE
    page = client.get(CHANGE)
    assert page.status_code == 200 and str(passwords.MSG_MUST_CHANGE) in page.content.decode()

    client.post(CHANGE, {"old_password": FIRST, "new_password1": OWN, "new_password2": OWN})
    assert client.get(reverse("home")).status_code == 200
    assert str(passwords.MSG_MUST_CHANGE) not in client.get(CHANGE).content.decode()
    new_user.account.refresh_from_db()
    assert not new_user.account.must_change_password


def test_the_new_password_must_pass_the_validators_too(new_user, client):
    _sign_in(client, "nongdung", FIRST)
    client.post(CHANGE, {"old_password": FIRST, "new_password1": "12345678", "new_password2": "12345678"})
    assert client.get(reverse("home"))["Location"] == CHANGE


def test_it_holds_the_account_in_every_session_until_changed(new_user, client_for):
    elsewhere = client_for(new_user)  # a second browser
    assert elsewhere.get(reverse("home"))["Location"] == CHANGE
    client_for(new_user).post(CHANGE, {"old_password": FIRST, "new_password1": OWN, "new_password2": OWN})
    # the other session signed in before the change was made: Django ends it (the password hash changed)
    assert elsewhere.get(reverse("home"))["Location"].startswith(reverse("accounts:login"))


def test_signing_out_and_the_public_pages_stay_open(new_user, client):
    _sign_in(client, "nongdung", FIRST)
    assert client.get(reverse("activities:public-exemplars")).status_code == 200
    assert client.post(reverse("accounts:logout"))["Location"] == reverse("accounts:login")


def test_a_user_who_chose_their_own_password_goes_straight_home(cast, client):
    response = _sign_in(client, "member", PASSWORD)
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
