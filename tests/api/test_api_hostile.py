"""Hostile numbers against every operation of the OpenAPI document: each integer parameter (path and query)
and each field of each body, at any depth, gets digits of other scripts ('²', '٣', '１２') and numbers past
the database's integer column (25 digits, 2**63, their negatives), one at a time, the rest of the request
plausible so that the value reaches the code behind it. No answer may be a server error.

The operations and their fields are read from the document itself: an operation added tomorrow is walked the
day it is written."""

from __future__ import annotations

import datetime
import json
from urllib.parse import urlencode

import pytest
from django.test import Client

from lamtheobac.api import tokens

from ..cycle.builders import make_commitment, open_year

pytestmark = pytest.mark.django_db

HOSTILE_TEXT = ["²", "٣", "１２", "3²", "9" * 25, "-" + "9" * 25, str(2**63), str(-(2**63) - 1)]
HOSTILE_NUMBERS = [10**25, -(10**25), 2**63, -(2**63) - 1]


def _resolve(schema: dict, doc: dict) -> dict:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _types(schema: dict, doc: dict) -> set[str]:
    schema = _resolve(schema, doc)
    if "anyOf" in schema:
        return set().union(*(_types(s, doc) for s in schema["anyOf"]))
    return {schema.get("type", "object")}


def _plausible(name: str, schema: dict, doc: dict, ids: dict):
    """A value the operation would take for ``name``: the cast's objects for ids, today for dates."""
    schema = _resolve(schema, doc)
    if "anyOf" in schema:
        schema = next(s for s in schema["anyOf"] if _resolve(s, doc).get("type") != "null")
        schema = _resolve(schema, doc)
    kind = schema.get("type", "object")
    if schema.get("default") not in (None, "", [], {}):
        return schema["default"]
    if kind == "integer":
        return ids.get(name, 1)
    if kind == "number":
        return 1
    if kind == "boolean":
        return True
    if kind == "string":
        if schema.get("format") == "date":
            return datetime.date.today().isoformat()
        return ids.get(name, "Nguyễn Văn An")
    if kind == "array":
        return [_plausible(name, schema.get("items", {}), doc, ids)]
    props = schema.get("properties", {})
    return {key: _plausible(key, sub, doc, ids) for key, sub in props.items()}


def _body_paths(schema: dict, doc: dict, path: tuple = ()):
    """The path (keys and list indexes) of every leaf field of a body schema."""
    schema = _resolve(schema, doc)
    if "anyOf" in schema:
        for sub in schema["anyOf"]:
            if _resolve(sub, doc).get("type") != "null":
                yield from _body_paths(sub, doc, path)
        return
    kind = schema.get("type", "object")
    if kind == "object" and "properties" in schema:
        for key, sub in schema["properties"].items():
            yield from _body_paths(sub, doc, (*path, key))
    elif kind == "array":
        yield from _body_paths(schema.get("items", {}), doc, (*path, 0))
    else:
        yield path, _types(schema, doc)


def _set(body, path: tuple, value):
    body = json.loads(json.dumps(body))
    target = body
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return body


def _requests(doc: dict, ids: dict):
    """(method, path, query, body) with one hostile value each."""
    for template, operations in doc["paths"].items():
        for method, operation in operations.items():
            params = operation.get("parameters", [])
            path_values = {p["name"]: ids.get(p["name"], 1) for p in params if p["in"] == "path"}
            query = {
                p["name"]: _plausible(p["name"], p["schema"], doc, ids) for p in params if p["in"] == "query"
            }
            body_schema = (
                operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            )
            body = _plausible("", body_schema, doc, ids) if body_schema else None

            def url(values, template=template):
                return template.format(**{k: str(v) for k, v in values.items()})

            yield method, url(path_values), query, body  # the plausible request itself

            for p in params:
                if "integer" not in _types(p["schema"], doc):
                    continue
                for value in HOSTILE_TEXT:
                    if p["in"] == "path":
                        yield method, url({**path_values, p["name"]: value}), query, body
                    else:
                        yield method, url(path_values), {**query, p["name"]: value}, body
            if body_schema is None:
                continue
            for field, types in _body_paths(body_schema, doc):
                values = [*HOSTILE_TEXT, *HOSTILE_NUMBERS] if "integer" in types else HOSTILE_TEXT
                for value in values:
                    yield method, url(path_values), query, _set(body, field, value)


@pytest.fixture
def world(cast):
    from ..test_scope import AREAS

    open_year(cast.district_a, actor=cast.officer)
    open_year(cast.district_b, actor=cast.outsider)
    for area in AREAS:
        area.build(cast)
    record = make_commitment(person=cast.colleague, actor=cast.officer, on_behalf=True)
    period = cast.district_a.periods.get()
    ids = {
        "org": cast.cell_a1.pk, "org_id": cast.cell_a1.pk, "parent": cast.commune_a1.pk, "target": cast.commune_a1.pk,
        "person": cast.colleague.pk, "person_id": cast.colleague.pk, "record_id": record.pk, "item_id": record.items.first().pk,
        "version": record.version, "period_id": period.pk, "year": period.year, "planned_month": 6,
        "session_id": cast.study_a.pk, "exemplar_id": cast.exemplar_a.pk, "inspection_id": cast.inspection_a.pk,
        "full_name": "Nguyễn Văn An", "birth_year": 1980, "kind": "member", "status": "present", "state": "", "gender": "",
        "email": "", "phone": "", "citizen_id": "", "party_card_number": "",
    }  # fmt: skip
    return ids


def test_no_hostile_number_makes_the_api_fail(cast, world, client):
    key = tokens.create(user=cast.officer, name="Số lạ")[1]
    api = Client(headers={"Authorization": f"Bearer {key}"}, raise_request_exception=False)
    doc = api.get("/api/v1/openapi.json").json()
    failures, sent = [], 0
    for method, url, query, body in _requests(doc, world):
        if query:
            url += "?" + urlencode({k: v for k, v in query.items() if v is not None})
        data = json.dumps(body) if body is not None else None
        send = getattr(api, method)
        response = send(url, data=data, content_type="application/json") if data else send(url)
        sent += 1
        if response.status_code >= 500:
            info = getattr(response, "exc_info", None)
            failures.append(
                (method, url, body, f"{info[0].__name__}: {str(info[1])[:70]}" if info else "500")
            )
    assert sent > 500
    assert not failures, f"{len(failures)} of {sent}:\n" + "\n".join(map(repr, failures[:40]))
