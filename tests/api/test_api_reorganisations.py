"""POST /api/v1/reorganisations: the lines of a reorganisation file, checked then applied in one transaction as
the token's user; a dry run or any refusal writes nothing."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from lamtheobac.api import tokens
from lamtheobac.organisation.models import Org, OrgSpan, Reorganisation, Role, RoleGrant
from tests.factories import UserFactory

from ..imports.test_reorganise import MERGE_FILE, tree  # noqa: F401  (the reorganisation's tree)
from ..test_scope import cast, scope_world  # noqa: F401  (the scope test's cast, both districts)

pytestmark = pytest.mark.django_db

URL = "/api/v1/reorganisations"
KEYS = ("op", "code", "new_code", "new_name", "new_kind", "parent_code", "date")
LINES = [dict(zip(KEYS, row, strict=True)) for row in MERGE_FILE]


def _client(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {tokens.create(user=user, name='Sắp xếp')[1]}"})


def _post(client, body):
    return client.post(URL, json.dumps(body), content_type="application/json")


def _written() -> tuple[int, ...]:
    return (Org.objects.count(), Org.objects.filter(active=True).count(), OrgSpan.objects.count(),
            Reorganisation.objects.count())  # fmt: skip


@pytest.fixture
def officer(tree):  # noqa: F811
    user = UserFactory()
    RoleGrant.objects.create(user=user, org=tree[0], role=Role.OFFICER)
    return user


def test_a_dry_run_answers_what_would_change_and_writes_nothing(officer):
    before = _written()
    response = _post(_client(officer), {"lines": LINES, "dry_run": True})
    assert response.status_code == 200, response.content
    found = response.json()
    assert found["applied"] is False and found["id"] is None and found["problems"] == []
    assert {c["code"] for c in found["changes"]} >= {"XAMOI", "XA0", "XA1", "HUYEN"}
    assert found["people_moving"] == 2 and len(found["totals"]) == 2
    assert all(t["equal"] and t["before"] == t["after"] for t in found["totals"])
    assert _written() == before


def test_it_applies_the_lines_as_the_tokens_user(officer):
    response = _post(_client(officer), {"lines": LINES, "reason": "Nghị quyết 1683/NQ-UBTVQH15"})
    assert response.status_code == 200, response.content
    found = response.json()
    batch = Reorganisation.objects.get()
    assert found["applied"] is True and found["id"] == batch.pk
    assert batch.applied_by == officer and batch.reason == "Nghị quyết 1683/NQ-UBTVQH15"
    assert Org.objects.get(code="CB0").parent.code == "XAMOI" and not Org.objects.get(code="HUYEN").active


def test_a_refused_line_answers_422_with_each_row_and_writes_nothing(officer):
    before = _written()
    lines = [*LINES, {"op": "chuyển", "code": "KHONG-CO", "parent_code": "TINH", "date": "01/07/2025"},
             {"op": "đổi tên", "code": "XA2", "new_name": "Xã Mới", "date": "31/02/2025"},
             {"op": "nhập", "code": "XA2", "date": "01/07/2025"}]  # fmt: skip
    response = _post(_client(officer), {"lines": lines})
    assert response.status_code == 422
    found = response.json()
    assert found["applied"] is False and found["id"] is None and found["detail"]
    assert {p["row"] for p in found["problems"]} == {6, 7, 8}
    assert any("KHONG-CO" in p["message"] for p in found["problems"])
    assert _written() == before


def test_an_org_outside_the_scope_is_refused_by_its_code(cast):  # noqa: F811
    before = (cast.cell_b1.name, _written())
    lines = [{"op": "đổi tên", "code": cast.cell_b1.code, "new_name": "Chi bộ Đổi Tên", "date": "01/07/2025"}]
    response = _post(_client(cast.officer), {"lines": lines})
    assert response.status_code == 422
    assert cast.cell_b1.code in response.json()["problems"][0]["message"]
    assert "Khuổi Chắp" not in response.content.decode()
    assert (Org.objects.get(pk=cast.cell_b1.pk).name, _written()) == before
    for role in ("leader", "member", "inspector"):
        assert _post(_client(cast.actors()[role]), {"lines": lines}).status_code == 403, role


def test_without_a_token_it_answers_401(officer):
    before = _written()
    for client in (Client(), Client(headers={"Authorization": "Bearer ltb_khong-co-that"})):
        assert _post(client, {"lines": LINES}).status_code == 401
    assert _written() == before


def test_a_body_that_cannot_be_read_answers_422_with_its_detail(officer):
    response = _post(_client(officer), {"lines": [{"code": "XA0"}]})  # no operation
    assert response.status_code == 422 and response.json()["detail"]
