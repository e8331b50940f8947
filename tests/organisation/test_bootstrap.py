import io

import pytest
from django.core.management import CommandError, call_command

from lamtheobac.organisation.models import Org, Role, RoleGrant

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def _run(*args):
    out = io.StringIO()
    call_command("bootstrap", *args, stdout=out)
    return out.getvalue()


def test_it_creates_the_top_org_and_makes_the_account_admin(client_for):
    user = UserFactory(username="quantri")
    output = _run("--org-code", "TU-BK", "--org-name", "Đảng bộ tỉnh Bắc Kạn", "--admin", "quantri")
    org = Org.objects.get(code="TU-BK")
    assert org.parent is None and org.path
    assert RoleGrant.objects.filter(user=user, org=org, role=Role.ADMIN).exists()
    assert "quản trị hệ thống" in output
    assert client_for(user).get(f"/to-chuc/{org.pk}/them/").status_code == 200


def test_running_it_twice_changes_nothing(db):
    UserFactory(username="quantri")
    _run("--org-code", "TU-BK", "--org-name", "Đảng bộ tỉnh Bắc Kạn", "--admin", "quantri")
    _run("--org-code", "TU-BK", "--admin", "quantri")
    assert Org.objects.count() == 1 and RoleGrant.objects.count() == 1


def test_it_refuses_an_unknown_account(db):
    with pytest.raises(CommandError, match="Không có tài khoản “ai”"):
        _run("--org-code", "TU-BK", "--org-name", "Đảng bộ tỉnh Bắc Kạn", "--admin", "ai")
    assert not Org.objects.exists()


def test_it_refuses_a_lower_org(cast):
    with pytest.raises(CommandError, match="không phải tổ chức cấp cao nhất"):
        _run("--org-code", "A1", "--admin", "officer")
    assert not RoleGrant.objects.filter(user=cast.officer, role=Role.ADMIN).exists()
