"""The main menu: each role finds the pages it may use, the account pages sit under "Tài khoản", and on a
phone the menu folds behind a button (the browser tests watch it fold)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _menu(client_for, user) -> str:
    body = client_for(user).get(reverse("home")).content.decode()
    return re.search(
        r'<div class="site-menu" id="site-menu">.*?</div>\s*</div>\s*</header>', body, re.S
    ).group(0)


def test_the_officer_finds_the_report_writer_and_the_import(cast, client_for):
    menu = _menu(client_for, cast.officer)
    assert f'href="{reverse("reports:report-list")}"' in menu
    assert f'href="{reverse("imports:home")}"' in menu


def test_a_leader_finds_the_report_writer_but_no_import(cast, client_for):
    menu = _menu(client_for, cast.leader)
    assert f'href="{reverse("reports:report-list")}"' in menu
    assert f'href="{reverse("imports:home")}"' not in menu


def test_the_inspector_and_the_member_see_neither(cast, client_for):
    for user in (cast.inspector, cast.member):
        menu = _menu(client_for, user)
        assert f'href="{reverse("reports:report-list")}"' not in menu
        assert f'href="{reverse("imports:home")}"' not in menu


def test_every_account_page_is_under_tai_khoan(cast, client_for):
    menu = _menu(client_for, cast.member)
    account = re.search(r'<details class="account-menu">.*?</details>', menu, re.S).group(0)
    assert "<summary >Tài khoản</summary>" in account or ">Tài khoản</summary>" in account
    for name in ("accounts:password-change", "accounts:two-factor", "accounts:tokens", "accounts:my-data"):
        assert f'href="{reverse(name)}"' in account, name
    assert f'action="{reverse("accounts:logout")}"' in account
    assert ">Mật khẩu<" not in menu


def test_the_menu_button_is_there_for_scripts_and_hidden_without(cast, client_for):
    body = client_for(cast.member).get(reverse("home")).content.decode()
    assert re.search(
        r'<button type="button" class="menu-button" aria-expanded="false" aria-controls="site-menu" hidden>',
        body,
    )


def test_each_user_gets_a_logout_form_with_their_own_token(cast, client_for):
    """The menu is memoised per set of roles; the sign-out form inside it must not be."""
    from lamtheobac.organisation import services
    from lamtheobac.organisation.models import Person, Role
    from tests.factories import UserFactory

    twin = UserFactory(username="thanh_vien_2")  # the same roles as the member, so the same memoised menu
    services.grant_create(actor=None, user=twin, org=cast.cell_a1, role=Role.MEMBER)
    Person.objects.filter(pk=cast.colleague.pk).update(user=twin)
    token = re.compile(
        r'action="/tai-khoan/dang-xuat/"><input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"'
    )
    tokens = [
        token.search(client_for(u).get(reverse("home")).content.decode()).group(1)
        for u in (cast.member, twin)
    ]
    assert tokens[0] != tokens[1]
