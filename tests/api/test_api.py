"""The REST API: tokens, scope (the same 404 as the pages), transitions with the pages' rules, JSON errors in
Vietnamese, the OpenAPI document."""

from __future__ import annotations

import json
import unicodedata

import pytest
from django.test import Client
from django.urls import reverse

from lamtheobac.activities.models import Exemplar, Inspection, StudySession
from lamtheobac.activities.services.study import ERR_EMPTY_SESSION
from lamtheobac.api import tokens
from lamtheobac.api.models import AccessToken
from lamtheobac.audit.models import Action, Entry
from lamtheobac.cycle import services as cycle_services
from lamtheobac.cycle.models import ProgressNote, Record, RecordState
from lamtheobac.cycle.rules import ERR_YEAR_CLOSED
from lamtheobac.cycle.services import period_close
from lamtheobac.organisation.models import Person, PersonMove

from ..cycle.builders import bring_to, make_commitment, open_year

pytestmark = pytest.mark.django_db


def api_client(user) -> Client:
    _token, key = tokens.create(user=user, name="Thử")
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_the_openapi_document_describes_the_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/v1/orgs", "/api/v1/people/{person_id}", "/api/v1/records/{record_id}/approve",
                 "/api/v1/dashboard"):  # fmt: skip
        assert path in paths
    assert client.get("/api/v1/docs").status_code == 200


def test_without_a_token_or_with_a_revoked_one_the_answer_is_401_in_vietnamese(cast, client):
    response = client.get("/api/v1/orgs")
    assert response.status_code == 401 and "Thiếu mã truy cập" in response.json()["detail"]
    token, key = tokens.create(user=cast.officer, name="Cũ")
    assert Client(headers={"Authorization": f"Bearer {key}"}).get("/api/v1/orgs").status_code == 200
    tokens.revoke(user=cast.officer, token=token)
    assert Client(headers={"Authorization": f"Bearer {key}"}).get("/api/v1/orgs").status_code == 401
    assert Client(headers={"Authorization": "Bearer ltb_doan-bua"}).get("/api/v1/orgs").status_code == 401


def test_only_a_digest_of_the_key_is_kept(cast):
    token, key = tokens.create(user=cast.member, name="Điện thoại")
    stored = AccessToken.objects.get(pk=token.pk)
    assert key not in (stored.digest, stored.prefix) and key.startswith(stored.prefix)
    assert Entry.objects.filter(action=Action.TOKEN, actor_id=cast.member.pk).exists()


def test_a_leader_token_cannot_read_a_person_of_another_commune(cast):
    """The issue's test: a commune leader's token (as the demo's bithu_xa) reads its own people, not another
    commune's, nor the other district's."""
    api = api_client(cast.leader)
    assert api.get(f"/api/v1/people/{cast.member_person.pk}").status_code == 200
    for outside in (cast.person_a2, cast.secret_person):
        response = api.get(f"/api/v1/people/{outside.pk}")
        assert response.status_code == 404
        assert response.json() == {"detail": "Không tìm thấy, hoặc bạn không có quyền xem."}
    listed = {p["id"] for p in api.get("/api/v1/people", {"active": "true"}).json()["items"]}
    assert cast.member_person.pk in listed and not {cast.person_a2.pk, cast.secret_person.pk} & listed


def _send(api, method: str, url: str, data: dict):
    return api.generic(method, url, json.dumps(data), content_type="application/json")


def test_people_come_in_from_another_system_with_the_person_forms_rules(cast):
    """The member database adds a person, changes them, moves them and marks them as having left; names are
    written the Vietnamese way (NFC, title case); a move is kept in the person's history."""
    api = api_client(cast.officer)
    made = _send(api, "POST", "/api/v1/people", {"org": cast.cell_a1.pk, "full_name": "  lò  văn   ne\u0301m ",
                                                 "gender": "male", "birth_year": 1980, "phone": "0912 000 111"})  # fmt: skip
    assert made.status_code == 201, made.content
    person = Person.objects.get(pk=made.json()["id"])
    assert person.full_name == unicodedata.normalize("NFC", "Lò Văn Ném") and person.org == cast.cell_a1
    assert made.json()["full_name"] == person.full_name

    changed = _send(api, "PATCH", f"/api/v1/people/{person.pk}", {"position": "Trưởng thôn"})
    assert changed.status_code == 200 and changed.json()["position"] == "Trưởng thôn"
    person.refresh_from_db()
    assert (person.position, person.phone, person.birth_year) == ("Trưởng thôn", "0912 000 111", 1980)

    moved = _send(
        api, "PATCH", f"/api/v1/people/{person.pk}", {"org": cast.commune_a2.pk, "reason": "Chuyển nhà"}
    )
    assert moved.status_code == 200 and moved.json()["org_id"] == cast.commune_a2.pk
    assert PersonMove.objects.filter(person=person, from_org=cast.cell_a1, to_org=cast.commune_a2).exists()
    outside = _send(api, "PATCH", f"/api/v1/people/{person.pk}", {"org": cast.cell_b1.pk})
    assert outside.status_code == 404
    assert Person.objects.get(pk=person.pk).org == cast.commune_a2

    left = _send(api, "PATCH", f"/api/v1/people/{person.pk}", {"active": False})
    assert left.status_code == 200 and not Person.objects.get(pk=person.pk).active
    assert Entry.objects.filter(action=Action.PERSON_DEACTIVATED, target=person.full_name).exists()

    refused = _send(api, "POST", "/api/v1/people", {"org": cast.cell_a1.pk, "full_name": "Lò Văn Trẻ",
                                                    "birth_year": 2025})  # fmt: skip
    assert refused.status_code == 422 and "birth_year" in refused.json()["errors"]
    assert refused.json()["detail"] and not Person.objects.filter(full_name="Lò Văn Trẻ").exists()
    empty = _send(api, "POST", "/api/v1/people", {"org": cast.cell_a1.pk, "full_name": "   "})
    assert empty.status_code == 422 and "full_name" in empty.json()["errors"]


def test_a_name_with_digits_is_refused_with_422(cast):
    from lamtheobac.organisation.names import ERR_NAME_CHARACTERS

    api = api_client(cast.officer)
    for name in ("Lò Văn ²", "Lò Văn ٣"):
        refused = _send(api, "POST", "/api/v1/people", {"org": cast.cell_a1.pk, "full_name": name})
        assert refused.status_code == 422, refused.content
        assert refused.json()["errors"]["full_name"][0].startswith(str(ERR_NAME_CHARACTERS).split("(có")[0])
        changed = _send(api, "PATCH", f"/api/v1/people/{cast.colleague.pk}", {"full_name": name})
        assert changed.status_code == 422, changed.content
    assert not Person.objects.filter(full_name__startswith="Lò Văn").exists()
    assert Person.objects.get(pk=cast.colleague.pk).full_name == "Nông Văn Dũng"


def test_only_who_manages_people_writes_them(cast):
    for user, person in ((cast.member, cast.member_person), (cast.inspector, cast.colleague)):
        api = api_client(user)
        made = _send(api, "POST", "/api/v1/people", {"org": cast.cell_a1.pk, "full_name": "Người Lạ"})
        assert made.status_code in (403, 404), (user, made.status_code)
        changed = _send(api, "PATCH", f"/api/v1/people/{person.pk}", {"phone": "0900 000 000"})
        assert changed.status_code in (403, 404), (user, changed.status_code)
        assert Person.objects.get(pk=person.pk).phone != "0900 000 000"
    assert not Person.objects.filter(full_name="Người Lạ").exists()


def test_lists_are_scoped_filtered_and_paginated(cast):
    api = api_client(cast.officer)
    orgs = api.get("/api/v1/orgs").json()
    ids = {o["id"] for o in orgs["items"]}
    assert cast.cell_a1.pk in ids and cast.cell_b1.pk not in ids and orgs["count"] == len(ids)
    children = api.get("/api/v1/orgs", {"parent": cast.commune_a1.pk}).json()["items"]
    assert [o["id"] for o in children] == [cast.cell_a1.pk]
    assert api.get("/api/v1/orgs", {"parent": cast.commune_b1.pk}).status_code == 404
    found = api.get("/api/v1/people", {"q": "hoang thi mai"}).json()["items"]
    assert [p["full_name"] for p in found] == ["Hoàng Thị Mai"]
    assert api.get("/api/v1/people", {"page": 2}).json()["items"] == []
    for absurd in (
        {"page": 9159068717087916032},
        {"page": 0},
        {"page_size": 10_000},
    ):  # found by schemathesis
        assert api.get("/api/v1/orgs", absurd).status_code == 422, absurd


def test_identifiers_only_for_those_who_may_see_them(cast):
    cast.member_person.party_card_number = "93012345"
    cast.member_person.save()
    as_member = api_client(cast.member).get(f"/api/v1/people/{cast.member_person.pk}").json()
    assert as_member["party_card_number"] is None
    as_officer = api_client(cast.officer).get(f"/api/v1/people/{cast.member_person.pk}").json()
    assert as_officer["party_card_number"] == "93012345"


def test_a_commitment_goes_through_its_states_with_the_pages_rules(cast):
    open_year(cast.district_a, actor=cast.officer)
    record = make_commitment(person=cast.member_person, actor=cast.member)
    member, leader = api_client(cast.member), api_client(cast.leader)
    assert (
        member.post(f"/api/v1/records/{record.pk}/approve", {}, content_type="application/json").status_code
        == 403
    )
    submitted = member.post(f"/api/v1/records/{record.pk}/submit")
    assert submitted.status_code == 200 and submitted.json()["state"] == RecordState.SUBMITTED
    refused = leader.post(
        f"/api/v1/records/{record.pk}/return", {"comment": ""}, content_type="application/json"
    )
    assert refused.status_code == 422 and refused.json()["detail"]  # a return needs a comment, in Vietnamese
    returned = leader.post(f"/api/v1/records/{record.pk}/return", {"comment": "Ghi rõ chỉ tiêu"},
                           content_type="application/json")  # fmt: skip
    assert (
        returned.json()["state"] == RecordState.RETURNED
        and returned.json()["return_comment"] == "Ghi rõ chỉ tiêu"
    )
    member.post(f"/api/v1/records/{record.pk}/submit")
    approved = leader.post(f"/api/v1/records/{record.pk}/approve", {}, content_type="application/json")
    assert approved.json()["state"] == RecordState.APPROVED
    detail = member.get(f"/api/v1/records/{record.pk}").json()
    assert len(detail["items"]) >= 3 and detail["person_name"] == "Hoàng Thị Mai"
    assert api_client(cast.outsider).get(f"/api/v1/records/{record.pk}").status_code == 404


def test_malformed_input_is_refused_as_json(cast):
    api = api_client(cast.leader)
    response = api.post("/api/v1/records/1/approve", "{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"].startswith("Không đọc được")
    response = api.get("/api/v1/orgs", {"parent": "abc"})
    assert response.status_code == 422 and response.json()["detail"] == "Dữ liệu gửi lên không hợp lệ."


def test_the_dashboard_figures_match_the_page(cast):
    open_year(cast.district_a, actor=cast.officer)
    bring_to(make_commitment(person=cast.member_person, actor=cast.member), "approved",
             writer=cast.member, leader=cast.leader)  # fmt: skip
    from lamtheobac.reports import selectors as reports_selectors

    board = api_client(cast.officer).get("/api/v1/dashboard", {"org": cast.district_a.pk}).json()
    assert board["total"]["commitments_approved"] == 1
    assert (
        board["total"]["commitments_filed"]
        == reports_selectors.dashboard(cast.district_a, board["year"]).total.commitments_filed
    )
    assert {c["org_id"] for c in board["children"]} == {cast.commune_a1.pk, cast.commune_a2.pk}
    assert api_client(cast.officer).get("/api/v1/dashboard", {"org": cast.district_b.pk}).status_code == 404


def test_a_user_makes_and_revokes_tokens_on_the_account_page(cast, client_for):
    client = client_for(cast.member)
    page = client.post(reverse("accounts:tokens"), {"name": "Sổ tay đảng viên"}).content.decode()
    token = AccessToken.objects.get(user=cast.member)
    key = next(w for w in page.replace("<", " ").replace(">", " ").split() if w.startswith("ltb_"))
    assert key.startswith(token.prefix) and tokens.user_for(key) == cast.member
    assert client.get(reverse("accounts:tokens")).content.decode().count(key) == 0  # shown once
    other = client_for(cast.leader)
    assert other.post(reverse("accounts:token-revoke", args=[token.pk])).status_code == 404
    client.post(reverse("accounts:token-revoke", args=[token.pk]))
    assert tokens.user_for(key) is None


def test_a_member_writes_a_commitment_through_the_api(cast):
    open_year(cast.district_a, actor=cast.officer)
    member = api_client(cast.member)
    created = member.post("/api/v1/records", {"kind": "commitment", "year": 2026, "person": cast.member_person.pk},
                          content_type="application/json")  # fmt: skip
    assert created.status_code == 201, created.content
    record = created.json()
    items = [
        {"action": f"Trồng {n} cây xanh ở khu dân cư", "target": f"{n} cây", "area": ""} for n in (10, 20, 30)
    ]
    saved = member.put(f"/api/v1/records/{record['id']}", {"version": record["version"], "items": items},
                       content_type="application/json")  # fmt: skip
    assert saved.status_code == 200, saved.content
    assert [i["action"] for i in saved.json()["items"]] == [i["action"] for i in items]
    stale = member.put(f"/api/v1/records/{record['id']}", {"version": record["version"], "items": items[:1]},
                       content_type="application/json")  # fmt: skip
    assert stale.status_code == 409 and stale.json()["detail"]  # somebody (here: itself) saved since
    again = member.post("/api/v1/records", {"kind": "commitment", "year": 2026, "person": cast.member_person.pk},
                        content_type="application/json")  # fmt: skip
    assert again.status_code == 422  # one commitment a year, said in Vietnamese
    other = member.post("/api/v1/records", {"kind": "commitment", "year": 2026, "person": cast.colleague.pk},
                        content_type="application/json")  # fmt: skip
    assert other.status_code in (403, 404)


def test_self_assessment_through_the_api(cast):
    open_year(cast.district_a, actor=cast.officer)
    record = bring_to(make_commitment(person=cast.member_person, actor=cast.member), "approved",
                      writer=cast.member, leader=cast.leader)  # fmt: skip
    member = api_client(cast.member)
    items = list(record.items.values_list("pk", flat=True))
    partial = member.post(
        f"/api/v1/records/{record.pk}/self-assess",
        {"results": [{"item_id": items[0], "result": "done"}]},
        content_type="application/json",
    )
    assert partial.status_code == 422
    done = member.post(f"/api/v1/records/{record.pk}/self-assess",
                       {"results": [{"item_id": i, "result": "done"} for i in items], "comment": "Hoàn thành"},
                       content_type="application/json")  # fmt: skip
    assert done.status_code == 200 and done.json()["self_comment"] == "Hoàn thành"
    assert all(i["result"] == "done" for i in done.json()["items"])


def test_nul_characters_in_filters_are_not_a_server_error(cast):
    """PostgreSQL refuses NUL in text; schemathesis sent one in ``q``."""
    api = api_client(cast.leader)
    for path in ("/api/v1/orgs", "/api/v1/people", "/api/v1/records"):
        for q in ("a\x00b", "\x00"):
            assert api.get(path, {"q": q, "kind": "\x00", "state": "\x00"}).status_code == 200, (path, q)


def test_a_nul_character_in_the_search_page_is_not_a_server_error(cast, client_for):
    response = client_for(cast.officer).get(reverse("organisation:search"), {"q": "a\x00b"})
    assert response.status_code == 200


def test_study_sessions_exemplars_and_inspections_come_in_through_the_api(cast):
    """Another system records a session with its attendance, nominates an exemplar, plans an inspection and
    records its result, with the services' own checks; nothing of another commune or district is taken."""
    leader = api_client(cast.leader)
    session = {"org": cast.commune_a1.pk, "held_on": "2026-05-15", "kind": "thematic",
               "topic": "  Học tập   chuyên đề năm 2026 ", "attendance": [
                   {"person_id": cast.member_person.pk, "status": "present"},
                   {"person_id": cast.colleague.pk, "status": "excused"}]}  # fmt: skip
    made = _send(leader, "POST", "/api/v1/study-sessions", session)
    assert made.status_code == 201, made.content
    found = StudySession.objects.get(pk=made.json()["id"])
    assert (found.org, found.year, found.topic) == (cast.commune_a1, 2026, "Học tập chuyên đề năm 2026")
    assert dict(found.attendance.values_list("person_id", "status")) == {
        cast.member_person.pk: "present", cast.colleague.pk: "excused"
    }  # fmt: skip
    assert {a["person_name"] for a in made.json()["attendance"]} == {"Hoàng Thị Mai", "Nông Văn Dũng"}
    before = StudySession.objects.count()
    for change, field in (({"attendance": [{"person_id": cast.person_a2.pk, "status": "present"}]}, "attendance"),
                          ({"held_on": "2099-01-01"}, "held_on"), ({"kind": "party"}, "kind")):  # fmt: skip
        refused = _send(leader, "POST", "/api/v1/study-sessions", session | change)
        assert refused.status_code == 422 and field in refused.json()["errors"], (change, refused.content)
        assert "Lục Văn Bình" not in refused.content.decode()
    huge = _send(leader, "POST", "/api/v1/study-sessions",
                 session | {"attendance": [{"person_id": 2**63, "status": "present"}]})  # fmt: skip
    assert huge.status_code == 422  # not a number any table holds: refused before the database is asked
    assert StudySession.objects.count() == before

    nominated = _send(leader, "POST", "/api/v1/exemplars", {
        "org": cast.commune_a1.pk, "person": cast.member_person.pk, "title": "Tận tụy với dân",
        "achievements": "Mười năm tiếp dân\nkhông để đơn thư tồn đọng", "nominated_on": "2026-06-01"})  # fmt: skip
    assert nominated.status_code == 201, nominated.content
    exemplar = Exemplar.objects.get(pk=nominated.json()["id"])
    assert (exemplar.person, exemplar.org, exemplar.published) == (cast.member_person, cast.cell_a1, False)
    outside = _send(leader, "POST", "/api/v1/exemplars", {
        "org": cast.commune_a1.pk, "person": cast.person_a2.pk, "title": "Gương khác", "achievements": "Tốt",
        "nominated_on": "2026-06-01"})  # fmt: skip
    assert outside.status_code == 404 and not Exemplar.objects.filter(title="Gương khác").exists()

    inspector = api_client(cast.inspector)
    plan = {"org": cast.district_a.pk, "target": cast.cell_a1.pk, "year": 2026, "kind": "supervision",
            "planned_month": 9}  # fmt: skip
    planned = _send(inspector, "POST", "/api/v1/inspections", plan)
    assert planned.status_code == 201, planned.content
    assert planned.json()["status"] == "planned" and planned.json()["focus"].startswith(
        "Việc thực hiện Chỉ thị"
    )
    assert (
        _send(inspector, "POST", "/api/v1/inspections", plan | {"target": cast.cell_b1.pk}).status_code == 404
    )
    assert _send(inspector, "POST", "/api/v1/inspections", plan | {"planned_month": 13}).status_code == 422
    url = f"/api/v1/inspections/{planned.json()['id']}/record"
    result = {"executed_on": "2026-09-10", "findings": "Chi bộ có 12/12 đảng viên đăng ký",
              "conclusion": "Thực hiện tốt", "recommendations": "Bổ sung sổ theo dõi"}  # fmt: skip
    unfinished = _send(inspector, "POST", url, result)
    assert unfinished.status_code == 422 and "follow_up_due" in unfinished.json()["errors"]
    done = _send(inspector, "POST", url, result | {"follow_up_due": "2026-10-31"})
    assert done.status_code == 200, done.content
    assert (done.json()["status"], done.json()["follow_up_due"]) == ("done", "2026-10-31")
    assert Inspection.objects.get(pk=planned.json()["id"]).findings == "Chi bộ có 12/12 đảng viên đăng ký"


def test_the_api_refuses_activities_in_a_closed_year_and_empty_sessions(cast):
    """The API writes through the same services: a session, an exemplar or an inspection of a closed year is
    refused with the year's message (422); so is a session with nobody present and no minutes."""
    period_close(actor=cast.officer, period=open_year(cast.district_a, year=2018))
    closed = str(ERR_YEAR_CLOSED % {"year": 2018, "org": cast.district_a.name})
    leader, inspector = api_client(cast.leader), api_client(cast.inspector)
    session = {"org": cast.cell_a1.pk, "held_on": "2018-05-15", "topic": "Chuyên đề",
               "attendance": [{"person_id": cast.member_person.pk, "status": "present"}]}  # fmt: skip
    refused = _send(leader, "POST", "/api/v1/study-sessions", session)
    assert refused.status_code == 422 and refused.json()["errors"] == {"held_on": [closed]}
    exemplar = {"org": cast.cell_a1.pk, "title": "Chi bộ vững mạnh", "achievements": "Tốt",
                "nominated_on": "2018-06-01"}  # fmt: skip
    refused = _send(leader, "POST", "/api/v1/exemplars", exemplar)
    assert refused.status_code == 422 and refused.json()["errors"] == {"nominated_on": [closed]}
    plan = {"org": cast.district_a.pk, "target": cast.cell_a1.pk, "year": 2018, "kind": "supervision",
            "planned_month": 9}  # fmt: skip
    refused = _send(inspector, "POST", "/api/v1/inspections", plan)
    assert refused.status_code == 422 and refused.json()["errors"] == {"year": [closed]}
    assert (
        not StudySession.objects.exists()
        and not Exemplar.objects.exists()
        and not Inspection.objects.exists()
    )

    empty = session | {"held_on": "2026-05-15", "attendance": [{"person_id": cast.member_person.pk,
                                                                 "status": "excused"}]}  # fmt: skip
    refused = _send(leader, "POST", "/api/v1/study-sessions", empty)
    assert refused.status_code == 422 and refused.json()["detail"] == str(ERR_EMPTY_SESSION)
    assert _send(leader, "POST", "/api/v1/study-sessions", empty | {"minutes": "Biên bản"}).status_code == 201


def test_only_who_records_activities_or_inspects_writes_them(cast):
    member, leader = api_client(cast.member), api_client(cast.leader)
    session = {"org": cast.cell_a1.pk, "held_on": "2026-05-15", "topic": "Chuyên đề"}
    assert _send(member, "POST", "/api/v1/study-sessions", session).status_code in (403, 404)
    exemplar = {
        "org": cast.cell_a1.pk,
        "title": "Chi bộ vững mạnh",
        "achievements": "Tốt",
        "nominated_on": "2026-06-01",
    }
    assert _send(member, "POST", "/api/v1/exemplars", exemplar).status_code in (403, 404)
    plan = {"org": cast.commune_a1.pk, "target": cast.cell_a1.pk, "year": 2026, "planned_month": 9}
    assert _send(leader, "POST", "/api/v1/inspections", plan).status_code == 403  # a leader does not inspect
    assert not StudySession.objects.filter(topic="Chuyên đề").exists()
    assert not Exemplar.objects.filter(title="Chi bộ vững mạnh").exists() and not Inspection.objects.exists()


def test_a_nul_character_in_a_written_text_is_refused_not_a_server_error(cast):
    leader = api_client(cast.leader)
    sent = _send(leader, "POST", "/api/v1/study-sessions",
                 {"org": cast.commune_a1.pk, "held_on": "2026-05-15", "topic": "Chuyên\x00 đề"})  # fmt: skip
    assert sent.status_code == 422 and sent.json()["detail"] == "Dữ liệu gửi lên không hợp lệ."
    # the body is read before the record is looked for: any record number shows it
    saved = _send(api_client(cast.member), "PUT", "/api/v1/records/1",
                  {"version": 1, "items": [{"action": "Trồng\x00 cây"}]})  # fmt: skip
    assert saved.status_code == 422 and saved.json()["detail"] == "Dữ liệu gửi lên không hợp lệ."


def test_an_action_names_the_years_breakthrough_it_serves(cast):
    """The year's nội dung đột phá, listed by title in /years, are chosen by title for an action; one of
    another district's year is refused, as no page could choose it."""
    open_year(
        cast.district_a, actor=cast.officer, breakthroughs=["Cải cách hành chính", "Xây dựng nông thôn mới"]
    )
    open_year(cast.district_b, breakthroughs=["Rừng đầu nguồn Bắc Sơn"])
    member = api_client(cast.member)
    listed = member.get("/api/v1/years").json()["items"]  # the years in force at the member's cell
    assert listed[0]["breakthroughs"] == ["Cải cách hành chính", "Xây dựng nông thôn mới"]
    record = _send(member, "POST", "/api/v1/records",
                   {"kind": "commitment", "year": 2026, "person": cast.member_person.pk}).json()  # fmt: skip
    items = [{"action": "Giải quyết hồ sơ đúng hẹn", "breakthrough": " Cải cách  hành chính"},
             {"action": "Làm đường bê tông thôn Nà Pài", "breakthrough": "Xây dựng nông thôn mới"},
             {"action": "Đọc sách về Bác mỗi tháng"}]  # fmt: skip
    saved = _send(
        member, "PUT", f"/api/v1/records/{record['id']}", {"version": record["version"], "items": items}
    )
    assert saved.status_code == 200, saved.content
    assert [i["breakthrough"] for i in saved.json()["items"]] == [
        "Cải cách hành chính",
        "Xây dựng nông thôn mới",
        None,
    ]
    assert (
        member.get(f"/api/v1/records/{record['id']}").json()["items"][1]["breakthrough"]
        == "Xây dựng nông thôn mới"
    )
    outside = [{"action": "Trồng rừng", "breakthrough": "Rừng đầu nguồn Bắc Sơn"}]
    refused = _send(member, "PUT", f"/api/v1/records/{record['id']}",
                    {"version": saved.json()["version"], "items": outside})  # fmt: skip
    assert refused.status_code == 422 and refused.json()["errors"]["items"][0].startswith("Dòng 1:")
    kept = Record.objects.get(pk=record["id"]).items.order_by("position").values_list("action", flat=True)
    assert list(kept) == [i["action"] for i in items]  # the refused save changed nothing


def test_a_save_matches_the_actions_by_their_ids_and_keeps_their_progress(cast):
    """A program sends each action back with the ``id`` it read: the action is changed in place and its
    progress stays; an action of another record is refused (422) and neither record changes; a deadline of
    another year is refused, naming the row and the year."""
    open_year(cast.district_a, actor=cast.officer)
    record = bring_to(make_commitment(person=cast.member_person, actor=cast.member), RecordState.RETURNED,
                      writer=cast.member, leader=cast.leader)  # fmt: skip
    first = record.items.first()
    ProgressNote.objects.create(item=first, text="Đã trồng 20 cây")
    member = api_client(cast.member)
    read = member.get(f"/api/v1/records/{record.pk}").json()
    items = [{"id": i["id"], "action": i["action"] + " (sửa)"} for i in read["items"]]
    saved = _send(member, "PUT", f"/api/v1/records/{record.pk}", {"version": read["version"], "items": items})
    assert saved.status_code == 200, saved.content
    assert [i["id"] for i in saved.json()["items"]] == [i["id"] for i in read["items"]]
    assert ProgressNote.objects.get().item_id == first.pk
    other = make_commitment(person=cast.colleague, actor=cast.leader, on_behalf=True)
    theirs = {"id": other.items.first().pk, "action": "Chiếm việc của người khác"}
    refused = _send(member, "PUT", f"/api/v1/records/{record.pk}",
                    {"version": saved.json()["version"], "items": [*items, theirs]})  # fmt: skip
    assert refused.status_code == 422
    assert refused.json()["detail"] == cycle_services.ERR_ITEM_NOT_HERE % {"n": 4}
    assert not other.items.filter(action="Chiếm việc của người khác").exists()
    late = [{**items[0], "deadline": "2027-03-31"}, *items[1:]]
    refused = _send(
        member, "PUT", f"/api/v1/records/{record.pk}", {"version": saved.json()["version"], "items": late}
    )
    assert refused.status_code == 422
    assert refused.json()["detail"] == "Dòng 1: thời hạn 31/03/2027 không thuộc năm 2026 của hồ sơ."
