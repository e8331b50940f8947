"""Every API operation, every role: nothing outside a token's subtree can be read or changed, and nothing
answers without a token. OPERATIONS lists each operation of the OpenAPI document with how to name an object of
district B; an operation missing here fails ``test_every_operation_is_covered``."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from lamtheobac.api import tokens
from lamtheobac.api.api import api

# the scope test's cast with both districts' objects, built once for this module too
from ..test_scope import INSIDE_ROLES, SECRETS, cast, scope_world  # noqa: F401

LIST = "list"  # answers with the caller's own scope; the query may name an object, see below

# (method, path) → LIST, or a function(cast) → path arguments naming an object of district B
OPERATIONS = {
    ("get", "/api/v1/orgs"): LIST,
    ("get", "/api/v1/orgs/{org_id}"): lambda c: {"org_id": c.cell_b1.pk},
    ("get", "/api/v1/people"): LIST,
    ("get", "/api/v1/people/{person_id}"): lambda c: {"person_id": c.secret_person.pk},
    ("post", "/api/v1/people"): lambda c: {},  # the body names district B's cell
    ("patch", "/api/v1/people/{person_id}"): lambda c: {"person_id": c.secret_person.pk},
    ("get", "/api/v1/years"): LIST,
    ("get", "/api/v1/years/{period_id}"): lambda c: {"period_id": c.b.period.pk},
    ("get", "/api/v1/records"): LIST,
    ("get", "/api/v1/records/{record_id}"): lambda c: {"record_id": c.b.record.pk},
    ("post", "/api/v1/records"): lambda c: {},  # the body names district B's person and cell
    ("put", "/api/v1/records/{record_id}"): lambda c: {"record_id": c.b.record.pk},
    ("post", "/api/v1/records/{record_id}/self-assess"): lambda c: {"record_id": c.b.record.pk},
    ("post", "/api/v1/records/{record_id}/submit"): lambda c: {"record_id": c.b.record.pk},
    ("post", "/api/v1/records/{record_id}/approve"): lambda c: {"record_id": c.b.record.pk},
    ("post", "/api/v1/records/{record_id}/return"): lambda c: {"record_id": c.b.record.pk},
    ("post", "/api/v1/records/{record_id}/rate"): lambda c: {"record_id": c.b.record.pk},
    ("get", "/api/v1/dashboard"): LIST,
    ("get", "/api/v1/study-sessions"): LIST,
    ("get", "/api/v1/study-sessions/{session_id}"): lambda c: {"session_id": c.study_b.pk},
    ("get", "/api/v1/exemplars"): LIST,
    ("get", "/api/v1/exemplars/{exemplar_id}"): lambda c: {"exemplar_id": c.exemplar_b.pk},
    ("get", "/api/v1/inspections"): LIST,
    ("get", "/api/v1/inspections/{inspection_id}"): lambda c: {"inspection_id": c.inspection_b.pk},
    ("post", "/api/v1/study-sessions"): lambda c: {},  # the body names district B's cell and person
    ("post", "/api/v1/exemplars"): lambda c: {},
    ("post", "/api/v1/inspections"): lambda c: {},
    ("post", "/api/v1/inspections/{inspection_id}/record"): lambda c: {"inspection_id": c.inspection_b.pk},
    ("post", "/api/v1/reorganisations"): lambda c: {},  # the lines name district B's orgs
}
# operations that answer a refusal by row (422, each row's problem) rather than 403/404: nothing is written, and
# an org outside the scope is named only by the code the caller sent
REFUSED_BY_ROW = {("post", "/api/v1/reorganisations")}
# the query naming district B's objects, for the list operations
OUTSIDE_QUERY = {
    "/api/v1/orgs": lambda c: {"parent": c.commune_b1.pk},
    "/api/v1/people": lambda c: {"org": c.cell_b1.pk},
    "/api/v1/years": lambda c: {"org": c.district_b.pk},
    "/api/v1/records": lambda c: {"org": c.cell_b1.pk},
    "/api/v1/dashboard": lambda c: {"org": c.district_b.pk},
    "/api/v1/study-sessions": lambda c: {"org": c.cell_b1.pk},
    "/api/v1/exemplars": lambda c: {"org": c.commune_b1.pk},
    "/api/v1/inspections": lambda c: {"org": c.district_b.pk},
}


def body(c) -> dict:
    """One body for every write: each operation reads its own fields, each naming district B."""
    return {"comment": "Đồng ý", "rating": "good", "score": 90, "kind": "commitment", "year": 2026,
            "person": c.secret_person.pk, "org": c.cell_b1.pk, "version": 1, "items": [{"action": "Trồng cây"}],
            "results": [{"item_id": c.b.item.pk, "result": "done"}], "full_name": "Người Ngoài",
            "held_on": "2026-05-15", "attendance": [{"person_id": c.secret_person.pk, "status": "present"}],
            "title": "Gương sáng", "achievements": "Trồng rừng", "nominated_on": "2026-05-15",
            "target": c.cell_b1.pk, "planned_month": 5, "executed_on": "2026-05-15", "findings": "Tốt",
            "conclusion": "Đạt",
            "lines": [{"op": "đổi tên", "code": c.cell_b1.code, "new_name": "Chi bộ Đổi Tên", "date": "01/07/2025"},
                      {"op": "giải thể", "code": c.commune_b1.code, "date": "01/07/2025"}]}  # fmt: skip


def _document_operations() -> set[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    return {(method, path) for path, ops in paths.items() for method in ops}


def test_every_operation_is_covered():
    documented = _document_operations()
    assert documented == set(OPERATIONS), documented ^ set(OPERATIONS)


def _token_client(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {tokens.create(user=user, name='Phạm vi')[1]}"})


def _call(client, method: str, url: str, query: dict | None = None, data: dict | None = None):
    if method == "get":
        return client.get(url, query or {})
    return client.generic(method.upper(), url, json.dumps(data or {}), content_type="application/json")


def _object_ops():
    return sorted(op for op, rule in OPERATIONS.items() if callable(rule))


@pytest.mark.django_db
@pytest.mark.parametrize("op", _object_ops())
@pytest.mark.parametrize("role", [*INSIDE_ROLES])
def test_objects_outside_the_subtree_are_invisible(cast, op, role):  # noqa: F811
    method, path = op
    client = _token_client(cast.actors()[role])
    response = _call(client, method, path.format(**OPERATIONS[op](cast)), data=body(cast))
    refusals = (403, 404, 422) if op in REFUSED_BY_ROW else (403, 404)
    assert response.status_code in refusals, (role, op, response.status_code)
    text = response.content.decode()
    for secret in SECRETS:
        assert secret not in text, (op, secret)


@pytest.mark.django_db
@pytest.mark.parametrize("op", sorted(op for op, rule in OPERATIONS.items() if rule == LIST))
@pytest.mark.parametrize("role", [*INSIDE_ROLES])
def test_lists_show_nothing_from_outside(cast, op, role):  # noqa: F811
    method, path = op
    client = _token_client(cast.actors()[role])
    named = _call(client, method, path, OUTSIDE_QUERY[path](cast))
    assert named.status_code in (403, 404), (role, op, named.status_code)
    for query in ({}, {"q": "bi mat"}, {"q": "khuoi chap"}):
        if path == "/api/v1/dashboard":
            break  # the dashboard always names an org
        response = _call(client, method, path, query)
        assert response.status_code == 200, (role, op, query)
        for secret in SECRETS:
            assert secret not in response.content.decode(), (op, query, secret)


@pytest.mark.django_db
@pytest.mark.parametrize("op", sorted(OPERATIONS))
def test_without_a_token_every_operation_answers_401(cast, op):  # noqa: F811
    method, path = op
    rule = OPERATIONS[op]
    url = path.format(**rule(cast)) if callable(rule) else path
    for client in (Client(), Client(headers={"Authorization": "Bearer ltb_khong-co-that"})):
        response = _call(client, method, url, OUTSIDE_QUERY.get(path, lambda c: {})(cast), body(cast))
        assert response.status_code == 401, (op, response.status_code)


@pytest.mark.django_db
def test_a_signed_in_browser_session_is_not_a_token(cast, client_for):  # noqa: F811
    """The API does not take the session cookie: a page visited by a signed-in user cannot be made to
    call it (no CSRF exposure)."""
    assert client_for(cast.officer).get("/api/v1/orgs").status_code == 401


@pytest.mark.django_db
def test_inside_the_subtree_the_same_operations_answer(cast):  # noqa: F811
    """The positive control: district A's officer reads district A's objects through the same operations."""
    client = _token_client(cast.officer)
    for path, obj in (("/api/v1/study-sessions", cast.study_a), ("/api/v1/exemplars", cast.exemplar_a),
                      ("/api/v1/inspections", cast.inspection_a), ("/api/v1/records", cast.a.record),
                      ("/api/v1/years", cast.a.period)):  # fmt: skip
        listed = client.get(path).json()["items"]
        assert obj.pk in {row["id"] for row in listed}, path
        assert client.get(f"{path}/{obj.pk}").status_code == 200, path
    attendance = client.get(f"/api/v1/study-sessions/{cast.study_a.pk}").json()["attendance"]
    assert [a["person_name"] for a in attendance] == [cast.member_person.full_name]
