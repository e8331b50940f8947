"""The first sign-in with a slip's code, then a password of one's own; codes re-issued for lost slips."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lamtheobac.accounts import codes, services
from lamtheobac.accounts.models import SignInCode
from lamtheobac.audit.models import Action, Entry
from lamtheobac.organisation.models import Person, Role, RoleGrant

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Hoa-sen-nở-2026"


@pytest.fixture
def slip(cast):
    """An account opened for the colleague, with its one slip."""
    (made,) = services.accounts_open(actor=cast.officer, people=[Person.objects.get(pk=cast.colleague.pk)])
    return made


def _sign_in(client, username, code):
    return client.post(reverse("accounts:code-login"), {"username": username, "code": code})


def test_a_member_signs_in_with_the_code_and_sets_a_password(cast, client, slip):
    response = _sign_in(client, slip.username, slip.code_shown.lower())  # as typed, in any case
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password-change")
    assert client.get(reverse("home")).status_code == 302  # held at the password page
    page = client.get(reverse("accounts:password-change")).content.decode()
    assert "Đặt mật khẩu" in page and "old_password" not in page
    weak = client.post(
        reverse("accounts:password-change"), {"new_password1": "12345678", "new_password2": "12345678"}
    )
    assert weak.status_code == 200 and "errorlist" in weak.content.decode()  # the validators refuse it
    done = client.post(
        reverse("accounts:password-change"), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302 and done["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    client.logout()
    signed = client.post(reverse("accounts:login"), {"username": slip.username, "password": NEW_PASSWORD})
    assert signed.status_code == 302 and signed["Location"] == reverse("home")


def test_a_code_works_once(cast, client, slip):
    assert _sign_in(client, slip.username, slip.code).status_code == 302
    client.logout()
    again = _sign_in(client, slip.username, slip.code)
    assert again.status_code == 200
    assert "Mã này đã được dùng." in again.content.decode()


def test_an_expired_code_is_refused(cast, client, slip):
    SignInCode.objects.filter(user__username=slip.username).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = _sign_in(client, slip.username, slip.code)
    assert "Mã này đã hết hạn ngày" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_reads_as_an_unknown_name(cast, client, slip):
    wrong = "AAAA-AAAA" if slip.code != "AAAAAAAA" else "BBBB-BBBB"
    for username in (slip.username, "khongconguoinay"):
        response = _sign_in(client, username, wrong)
        assert "Tên đăng nhập hoặc mã đăng nhập không đúng." in response.content.decode()
    assert Entry.objects.filter(action=Action.LOGIN_FAILED, actor_name=slip.username).exists()


def test_a_tried_code_is_kept_nowhere(cast, client, slip):
    from axes.models import AccessAttempt

    _sign_in(client, slip.username, "AAAA-AAAA" if slip.code != "AAAAAAAA" else "BBBB-BBBB")
    attempt = AccessAttempt.objects.get(username=slip.username)
    assert "AAAA" not in attempt.post_data and "BBBB" not in attempt.post_data
    assert not any("AAAA" in str(e.detail) or "AAAA" in e.target for e in Entry.objects.all())


def test_wrong_codes_lock_the_name_as_wrong_passwords_do(cast, client, slip, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, slip.username, "AAAA-AAAA" if slip.code != "AAAAAAAA" else "BBBB-BBBB")
    response = _sign_in(client, slip.username, slip.code)  # the right code, too late
    assert response.status_code == 429
    assert SignInCode.objects.get(user__username=slip.username).used_at is None


def test_the_code_is_bound_to_its_user(cast, client, slip):
    (other,) = services.accounts_open(actor=cast.officer, people=[Person.objects.get(pk=cast.person_a2.pk)])
    response = _sign_in(client, other.username, slip.code)
    assert "Tên đăng nhập hoặc mã đăng nhập không đúng." in response.content.decode()
    assert codes.digest(1, "ABCDEFGH") != codes.digest(2, "ABCDEFGH")


def test_a_lost_slip_gets_a_new_code_in_one_click_and_the_old_one_stops(cast, client, client_for, slip):
    person = Person.objects.get(pk=cast.colleague.pk)
    response = client_for(cast.leader).post(reverse("accounts:code-reissue", kwargs={"person_id": person.pk}))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    entry = Entry.objects.get(action=Action.CODE_REISSUED)
    assert entry.actor_name == "leader" and slip.username in entry.target
    old = _sign_in(client, slip.username, slip.code)
    assert "Mã này đã được thay bằng một mã mới cấp lại." in old.content.decode()
    (new,) = codes_in(response)
    assert _sign_in(client, slip.username, new).status_code == 302


def codes_in(response) -> list[str]:
    from .test_onboard import CODE

    return CODE.findall(response.content.decode())


def test_a_code_is_never_reissued_outside_the_scope_or_for_a_privileged_account(cast, client_for, slip):
    leader = client_for(cast.leader)
    services.accounts_open(actor=None, people=[Person.objects.get(pk=cast.person_a2.pk)])
    url = reverse("accounts:code-reissue", kwargs={"person_id": cast.person_a2.pk})
    assert leader.post(url).status_code == 404  # another commune
    RoleGrant.objects.create(
        user=Person.objects.get(pk=cast.colleague.pk).user, org=cast.cell_a1, role=Role.LEADER
    )
    privileged = reverse("accounts:code-reissue", kwargs={"person_id": cast.colleague.pk})
    assert client_for(cast.officer).post(privileged).status_code == 403  # a leader's login is not taken over
    own = reverse("accounts:code-reissue", kwargs={"person_id": Person.objects.get(user=cast.officer).pk})
    assert client_for(cast.officer).post(own).status_code == 403  # not for oneself
    assert client_for(cast.member).post(privileged).status_code == 404
    assert client_for(cast.leader).get(privileged).status_code == 405
    assert not Entry.objects.filter(action=Action.CODE_REISSUED).exists()
