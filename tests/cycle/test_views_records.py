"""Writing, submitting, approving, returning, self-assessing and rating through the pages."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from lamtheobac.cycle import services
from lamtheobac.cycle.models import (
    Evidence,
    Record,
    RecordKind,
    RecordState,
    RegistrationRules,
    Scoring,
    Transition,
)
from lamtheobac.organisation import services as org_services
from lamtheobac.organisation.models import Role
from tests import sheets

from .builders import YEAR, item_inputs, make_commitment

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _rows(*actions: str, **extra) -> dict:
    data: dict = {"row": [f"r{i}" for i in range(len(actions))]}
    for i, action in enumerate(actions):
        data[f"action-r{i}"] = action
        data[f"target-r{i}"] = extra.get("target", "")
        data[f"deadline-r{i}"] = extra.get("deadline", "")
    return data


def _edit(client, record: Record, data: dict, version: int | None = None):
    payload = {"version": record.version if version is None else version, **data}
    return client.post(reverse("cycle:record-edit", args=[record.pk]), payload)


@pytest.fixture
def leader_of_cell(cast):
    """The leader of the member's cell (like `bithu_chibo`)."""
    from tests.factories import UserFactory

    user = UserFactory(username="bithu_chibo")
    org_services.grant_create(actor=None, user=user, org=cast.cell_a1, role=Role.LEADER)
    return user


def test_a_member_starts_writes_and_submits_a_commitment(cast, year, client_for):
    client = client_for(cast.member)
    page = client.get(reverse("cycle:my-commitment"))
    assert "Viết bản cam kết" in page.content.decode()
    response = client.post(
        reverse("cycle:record-start"),
        {"kind": "commitment", "year": YEAR, "person": cast.member_person.pk},
    )
    record = Record.objects.get(person=cast.member_person, year=YEAR)
    assert response["Location"] == reverse("cycle:record-edit", args=[record.pk])
    actions = ["Đi làm đúng giờ", "Dự đủ 12/12 buổi sinh hoạt chi bộ", "Trồng 50 cây xanh"]
    response = _edit(client, record, _rows(*actions, deadline="31/12/2026") | {"then": "submit"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.state == RecordState.SUBMITTED
    assert [i.action for i in record.items.all()] == actions
    assert record.items.first().deadline.isoformat() == "2026-12-31"


def test_rows_are_saved_in_the_order_they_come(cast, commitment, client_for):
    _edit(client_for(cast.member), commitment, _rows("Ba", "Một", "Hai"))
    assert [i.action for i in commitment.items.all()] == ["Ba", "Một", "Hai"]


def test_submitting_too_few_actions_is_refused_and_the_draft_kept(cast, commitment, client_for):
    response = _edit(client_for(cast.member), commitment, _rows("Chỉ một việc") | {"then": "submit"})
    commitment.refresh_from_db()
    assert commitment.state == RecordState.DRAFT
    assert commitment.items.count() == 1  # the draft itself was saved
    assert response.status_code == 200
    assert "Cần ít nhất 3 việc làm cụ thể; hiện có 1." in response.content.decode()


def test_html_in_an_action_is_kept_as_plain_text(cast, commitment, client_for):
    client = client_for(cast.member)
    _edit(client, commitment, _rows('<script>alert("x")</script>Đi làm <b>đúng giờ</b>', "Hai", "Ba"))
    assert commitment.items.first().action == 'alert("x")Đi làm đúng giờ'
    page = client.get(reverse("cycle:record-detail", args=[commitment.pk])).content.decode()
    assert "<script>alert" not in page


def test_a_ten_thousand_character_action_is_refused(cast, commitment, client_for):
    before = list(commitment.items.values_list("action", flat=True))
    response = _edit(client_for(cast.member), commitment, _rows("x" * 10_000, "Hai", "Ba"))
    assert response.status_code == 200
    assert "Dòng 1: nội dung quá dài (tối đa 1000 ký tự)." in response.content.decode()
    assert list(commitment.items.values_list("action", flat=True)) == before


def test_a_bad_deadline_says_how_to_write_it(cast, commitment, client_for):
    response = _edit(client_for(cast.member), commitment, _rows("Một", "Hai", "Ba", deadline="31-12"))
    assert "thời hạn phải có dạng ngày/tháng/năm" in response.content.decode()


def test_a_version_that_is_not_a_number_is_answered_as_a_conflict_not_an_error(cast, commitment, client_for):
    before = [i.action for i in commitment.items.all()]
    for garbage in ("../../etc/passwd", "", "1e309", "9" * 400):
        response = _edit(client_for(cast.member), commitment, _rows("Một", "Hai", "Ba"), version=garbage)
        assert response.status_code == 409, garbage
    assert [i.action for i in commitment.items.all()] == before  # nothing saved over the record


def test_the_second_of_two_simultaneous_saves_is_refused_and_shown_the_other(
    cast, commitment, leader_of_cell, client_for
):
    opened_at = commitment.version
    _edit(client_for(leader_of_cell), commitment, _rows("Bản của bí thư", "Hai", "Ba"), version=opened_at)
    response = _edit(
        client_for(cast.member), commitment, _rows("Bản của đảng viên", "Hai", "Ba"), version=opened_at
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "vừa được bithu_chibo lưu" in body
    assert "Bản của bí thư" in body  # the other person's version is shown
    assert commitment.items.first().action == "Bản của bí thư"


def test_a_leader_returns_with_a_comment_and_the_member_sees_it(cast, commitment, leader_of_cell, client_for):
    services.record_submit(actor=cast.member, record=commitment)
    leader = client_for(leader_of_cell)
    leader.post(
        reverse("cycle:record-return", args=[commitment.pk]), {"comment": "Ghi rõ thời hạn việc thứ hai."}
    )
    commitment.refresh_from_db()
    assert commitment.state == RecordState.RETURNED
    page = client_for(cast.member).get(reverse("cycle:record-detail", args=[commitment.pk])).content.decode()
    assert "Ghi rõ thời hạn việc thứ hai." in page


def test_returning_without_a_comment_is_refused(cast, commitment, leader_of_cell, client_for):
    services.record_submit(actor=cast.member, record=commitment)
    response = client_for(leader_of_cell).post(
        reverse("cycle:record-return", args=[commitment.pk]), {"comment": "  "}, follow=True
    )
    assert "Khi trả lại cần ghi rõ ý kiến" in response.content.decode()
    assert Record.objects.get(pk=commitment.pk).state == RecordState.SUBMITTED


def test_a_member_cannot_approve_even_their_own_record(cast, commitment, client_for):
    services.record_submit(actor=cast.member, record=commitment)
    response = client_for(cast.member).post(reverse("cycle:record-approve", args=[commitment.pk]))
    assert response.status_code == 403
    assert Record.objects.get(pk=commitment.pk).state == RecordState.SUBMITTED


def test_a_leader_cannot_approve_their_own_commitment(cast, year, client_for):
    from tests.factories import PersonFactory

    own = PersonFactory(full_name="Lộc Văn Tiến", org=cast.commune_a1, user=cast.leader)
    record = make_commitment(person=own, actor=cast.leader)
    services.record_submit(actor=cast.leader, record=record)
    response = client_for(cast.leader).post(reverse("cycle:record-approve", args=[record.pk]))
    assert response.status_code == 403


def test_approving_a_draft_says_why_not(cast, commitment, leader_of_cell, client_for):
    response = client_for(leader_of_cell).post(
        reverse("cycle:record-approve", args=[commitment.pk]), follow=True
    )
    assert "Chỉ duyệt được bản đã nộp (hiện tại: Dự thảo)." in response.content.decode()


def test_the_queue_bulk_approves_only_what_was_ticked(cast, year, leader_of_cell, client_for):
    a = make_commitment(person=cast.member_person, actor=cast.member)
    b = make_commitment(person=cast.colleague, actor=leader_of_cell, on_behalf=True)
    for record in (a, b):
        services.record_submit(actor=None, record=record)
    client = client_for(leader_of_cell)
    queue = client.get(reverse("cycle:queue"))
    assert {r.pk for r in queue.context["page"]} == {a.pk, b.pk}
    client.post(reverse("cycle:queue"), {"ids": [f"{a.pk}:{a.version}"]})
    assert Record.objects.get(pk=a.pk).state == RecordState.APPROVED
    assert Record.objects.get(pk=b.pk).state == RecordState.SUBMITTED


def _rows_as_shown(page) -> dict:
    """The edit form as the browser sends it back: every row with its item's id, as the page gave it."""
    data: dict = {"row": []}
    for row in page.context["rows"]:
        data["row"].append(row["uid"])
        data |= {f"item-{row['uid']}": row["id"], f"action-{row['uid']}": row["action"] + " (đã sửa)",
                 f"target-{row['uid']}": row["target"], f"deadline-{row['uid']}": row["deadline"]}  # fmt: skip
    return data


def test_the_queue_refuses_a_record_changed_since_the_page_showed_it_and_names_it(
    cast, year, leader_of_cell, client_for
):
    """After "Đã duyệt 3 hồ sơ", Back showed the queue as it was: a tick posts the record and the version the
    page showed; a record returned, rewritten and sent again since is not approved, and its writer is named."""
    a = services.record_submit(
        actor=None, record=make_commitment(person=cast.member_person, actor=cast.member)
    )
    b = make_commitment(person=cast.colleague, actor=leader_of_cell, on_behalf=True)
    b = services.record_submit(actor=None, record=b)
    client = client_for(leader_of_cell)
    page = client.get(reverse("cycle:queue")).content.decode()
    shown = {r.pk: f"{r.pk}:{r.version}" for r in (a, b)}
    assert all(f'value="{value}"' in page for value in shown.values())
    # meanwhile b is returned, rewritten and sent again
    b = services.record_return(actor=cast.leader, record=b, comment="Ghi rõ chỉ tiêu")
    b = services.record_save(actor=leader_of_cell, record=b, version=b.version, items=item_inputs(4))
    services.record_submit(actor=None, record=b)
    response = client.post(reverse("cycle:queue"), {"ids": list(shown.values())}, follow=True)
    body = response.content.decode()
    assert "Đã duyệt 1 hồ sơ." in body
    assert services.ERR_CHANGED_SINCE_SHOWN % {"name": cast.colleague.full_name} in body
    assert Record.objects.get(pk=a.pk).state == RecordState.APPROVED
    assert Record.objects.get(pk=b.pk).state == RecordState.SUBMITTED


def test_the_queue_is_never_kept_by_the_browser(cast, year, leader_of_cell, client_for):
    services.record_submit(actor=None, record=make_commitment(person=cast.member_person, actor=cast.member))
    response = client_for(leader_of_cell).get(reverse("cycle:queue"))
    assert "no-store" in response["Cache-Control"]
    assert '<form method="post" autocomplete="off">' in response.content.decode()


def test_saving_a_returned_commitment_keeps_its_progress_and_evidence(cast, commitment, client_for):
    submitted = services.record_submit(actor=cast.member, record=commitment)
    item = submitted.items.first()
    services.progress_add(
        actor=cast.member, item=item, text_="Đã làm", files=[SimpleUploadedFile("a.png", PNG)]
    )
    returned = services.record_return(actor=cast.leader, record=submitted, comment="Ghi rõ chỉ tiêu")
    client = client_for(cast.member)
    page = client.get(reverse("cycle:record-edit", args=[returned.pk]))
    assert f'value="{item.pk}"' in page.content.decode()
    response = _edit(client, returned, _rows_as_shown(page))
    assert response.status_code == 302
    evidence = Evidence.objects.get(note__item=item)
    assert evidence.file.storage.exists(evidence.file.name)
    assert Record.objects.get(pk=returned.pk).items.first().action.endswith("(đã sửa)")


def test_an_item_id_of_another_record_is_refused_on_the_page(cast, commitment, client_for):
    other = make_commitment(person=cast.colleague, actor=cast.leader, on_behalf=True)
    client = client_for(cast.member)
    data = _rows_as_shown(client.get(reverse("cycle:record-edit", args=[commitment.pk])))
    data[f"item-{data['row'][0]}"] = other.items.first().pk
    response = _edit(client, commitment, data)
    assert services.ERR_ITEM_NOT_HERE % {"n": 1} in response.content.decode()
    assert not Record.objects.get(pk=other.pk).items.filter(action__endswith="(đã sửa)").exists()


def test_a_deadline_of_another_year_is_refused_on_the_page(cast, commitment, client_for):
    client = client_for(cast.member)
    response = _edit(client, commitment, _rows("Một", "Hai", "Ba", deadline=f"30/06/{YEAR + 1}"))
    error = services.ERR_ITEM_DEADLINE_YEAR % {"n": 1, "date": f"30/06/{YEAR + 1}", "year": YEAR}
    assert error in response.content.decode()
    assert not commitment.items.filter(deadline__year=YEAR + 1).exists()


def test_entering_on_behalf_is_recorded_with_who_did_it(cast, year, leader_of_cell, client_for):
    client = client_for(leader_of_cell)
    client.post(
        reverse("cycle:record-start"), {"kind": "commitment", "year": YEAR, "person": cast.colleague.pk}
    )
    record = Record.objects.get(person=cast.colleague)
    _edit(client, record, _rows("Một", "Hai", "Ba") | {"then": "submit"})
    record.refresh_from_db()
    assert record.entered_on_behalf and record.created_by == leader_of_cell
    submitted = Transition.objects.get(record=record, to_state=RecordState.SUBMITTED)
    assert submitted.on_behalf and submitted.actor == leader_of_cell
    assert record.revisions.filter(on_behalf=True, actor=leader_of_cell).exists()
    page = client.get(reverse("cycle:record-detail", args=[record.pk])).content.decode()
    assert "nhập hộ" in page


def test_a_member_cannot_write_for_a_colleague(cast, year, client_for):
    response = client_for(cast.member).post(
        reverse("cycle:record-start"), {"kind": "commitment", "year": YEAR, "person": cast.colleague.pk}
    )
    assert response.status_code in (403, 404)
    assert not Record.objects.filter(person=cast.colleague).exists()


def _approved(cast, commitment, leader):
    services.record_submit(actor=cast.member, record=commitment)
    return services.record_approve(actor=leader, record=commitment)


def test_self_assessment_needs_every_item(cast, commitment, leader_of_cell, client_for):
    record = _approved(cast, commitment, leader_of_cell)
    first = record.items.first()
    response = client_for(cast.member).post(
        reverse("cycle:record-self-assess", args=[record.pk]), {f"result-{first.pk}": "done"}
    )
    assert "còn 2 việc chưa đánh giá" in response.content.decode()
    assert Record.objects.get(pk=record.pk).state == RecordState.APPROVED


def test_self_assessment_then_rating(cast, year, commitment, leader_of_cell, client_for):
    """On the four levels of the years before QĐ 366 (its scale and conditions: ``test_scoring``)."""
    RegistrationRules.objects.filter(period=year).update(scoring=Scoring.LEVELS)
    record = _approved(cast, commitment, leader_of_cell)
    data = {f"result-{i.pk}": "done" for i in record.items.all()} | {
        "comment": "Hoàn thành các việc đã đăng ký."
    }
    client_for(cast.member).post(reverse("cycle:record-self-assess", args=[record.pk]), data)
    assert Record.objects.get(pk=record.pk).state == RecordState.SELF_ASSESSED
    leader = client_for(leader_of_cell)
    url = reverse("cycle:record-rate", args=[record.pk])
    refused = leader.post(url, {"rating": "good", "score": "95"})
    assert "Điểm 95 không khớp mức “Hoàn thành tốt nhiệm vụ”" in refused.content.decode()
    assert Record.objects.get(pk=record.pk).state == RecordState.SELF_ASSESSED
    leader.post(url, {"rating": "good", "score": "85", "comment": "Gương mẫu."})
    record.refresh_from_db()
    assert (record.state, record.rating, record.score) == (RecordState.RATED, "good", 85)


def test_rating_before_self_assessment_is_refused(cast, commitment, leader_of_cell, client_for):
    record = _approved(cast, commitment, leader_of_cell)
    response = client_for(leader_of_cell).post(
        reverse("cycle:record-rate", args=[record.pk]), {"rating": "good"}, follow=True
    )
    assert "Chỉ xếp loại được sau khi đã tự đánh giá" in response.content.decode()


def test_editing_a_submitted_record_is_refused_with_a_message(cast, commitment, client_for):
    services.record_submit(actor=cast.member, record=commitment)
    response = client_for(cast.member).get(reverse("cycle:record-edit", args=[commitment.pk]), follow=True)
    assert "Chỉ sửa được khi đang là dự thảo hoặc đã bị trả lại" in response.content.decode()


# --- Progress and evidence --------------------------------------------------------------------


def _progress(client, record, files):
    item = record.items.first()
    url = reverse("cycle:progress-add", args=[record.pk, item.pk])
    return client.post(url, {"text": "Đã trồng 20 cây", "files": files}, follow=True)


def test_evidence_is_checked_by_content_and_served_with_care(cast, commitment, leader_of_cell, client_for):
    record = _approved(cast, commitment, leader_of_cell)
    client = client_for(cast.member)
    _progress(client, record, [SimpleUploadedFile("anh.png", PNG)])
    evidence = Evidence.objects.get()
    assert evidence.content_type == "image/png"
    assert "anh" not in evidence.file.name  # stored under a random name
    image = client.get(reverse("cycle:evidence-download", args=[evidence.pk]))
    assert image["Content-Type"] == "image/png" and "attachment" not in image.get("Content-Disposition", "")
    assert image["X-Content-Type-Options"] == "nosniff"


def test_a_file_whose_name_lies_is_refused(cast, commitment, leader_of_cell, client_for):
    record = _approved(cast, commitment, leader_of_cell)
    response = _progress(client_for(cast.member), record, [SimpleUploadedFile("bao-cao.pdf", PNG)])
    assert "có đuôi không khớp với nội dung thật của tệp" in response.content.decode()
    assert not Evidence.objects.exists()


def test_html_pretending_to_be_a_pdf_is_refused(cast, commitment, leader_of_cell, client_for):
    record = _approved(cast, commitment, leader_of_cell)
    fake = SimpleUploadedFile("minh-chung.pdf", b"<html><script>alert(1)</script></html>")
    response = _progress(client_for(cast.member), record, [fake])
    assert "không phải ảnh, PDF hay tệp Office" in response.content.decode()
    assert not record.items.first().progress_notes.exists()  # nothing half-saved


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
HTML = b"<!doctype html><html><body><script>fetch('/nhat-ky/')</script></body></html>"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.svg", SVG),
        ("anh.png", SVG),
        ("anh.svg", b'<?xml version="1.0"?>' + SVG),
        ("trang.html", HTML),
        ("anh.jpg", HTML),
        ("trang.htm", b"\xef\xbb\xbf" + HTML),  # with a byte-order mark
        ("anh.gif", b"GIF89a" + b"\x00" * 32),
        ("tai-lieu.docx", b"PK\x03\x04" + HTML),  # a zip header that is no zip
    ],
)
def test_svg_html_and_unknown_files_are_refused_whatever_their_name(
    cast, commitment, leader_of_cell, client_for, name, content
):
    record = _approved(cast, commitment, leader_of_cell)
    response = _progress(client_for(cast.member), record, [SimpleUploadedFile(name, content)])
    assert "không phải ảnh, PDF hay tệp Office" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_file_over_ten_megabytes_is_refused(cast, commitment, leader_of_cell, client_for):
    record = _approved(cast, commitment, leader_of_cell)
    big = SimpleUploadedFile("anh.png", PNG + b"\x00" * (10 * 1024 * 1024))
    response = _progress(client_for(cast.member), record, [big])
    assert "lớn hơn 10 MB" in response.content.decode()


def test_a_pdf_downloads_as_an_attachment(cast, commitment, leader_of_cell, client_for):
    record = _approved(cast, commitment, leader_of_cell)
    client = client_for(cast.member)
    _progress(client, record, [SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4\n%%EOF\n")])
    response = client.get(reverse("cycle:evidence-download", args=[Evidence.objects.get().pk]))
    assert response["Content-Disposition"].startswith("attachment")


# --- Lists and export -------------------------------------------------------------------------


def test_the_list_exports_what_is_on_screen_to_excel(cast, year, leader_of_cell, client_for):
    from tests.factories import PersonFactory

    sly = PersonFactory(full_name="=HYPERLINK(1)", org=cast.cell_a1)
    make_commitment(person=sly, actor=leader_of_cell, on_behalf=True)
    late = make_commitment(person=cast.member_person, actor=cast.member)
    services.record_submit(actor=cast.member, record=late)
    response = client_for(cast.officer).get(
        reverse("cycle:record-list"), {"year": YEAR, "kind": "commitment", "format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = sheets.header(sheet)
    assert header[:4] == ["Năm", "Loại hồ sơ", "Tổ chức", "Cá nhân"]
    assert sheets.freezes_header(sheet)
    people = {row[3].value: row for row in sheets.rows(sheet, cells=True)}
    assert set(people) == {"'=hyperlink(1)", "Hoàng Thị Mai"}  # formula neutralised
    assert people["Hoàng Thị Mai"][6].is_date
    assert people["Hoàng Thị Mai"][6].number_format == "dd/mm/yyyy hh:mm"


def test_the_list_filters_by_state(cast, year, leader_of_cell, client_for):
    a = make_commitment(person=cast.member_person, actor=cast.member)
    make_commitment(person=cast.colleague, actor=leader_of_cell, on_behalf=True)
    services.record_submit(actor=cast.member, record=a)
    response = client_for(cast.officer).get(
        reverse("cycle:record-list"), {"year": YEAR, "state": "submitted"}
    )
    assert [r.pk for r in response.context["page"]] == [a.pk]


def test_a_plan_is_written_by_the_leader_and_approved_above(cast, year, leader_of_cell, client_for):
    client = client_for(leader_of_cell)
    client.post(reverse("cycle:record-start"), {"kind": "plan", "year": YEAR, "org": cast.cell_a1.pk})
    plan = Record.objects.get(kind=RecordKind.PLAN, org=cast.cell_a1)
    _edit(client, plan, _rows("Học chuyên đề năm") | {"then": "submit"})
    assert client.post(reverse("cycle:record-approve", args=[plan.pk])).status_code == 403  # own level
    client_for(cast.leader).post(reverse("cycle:record-approve", args=[plan.pk]))  # commune above
    assert Record.objects.get(pk=plan.pk).state == RecordState.APPROVED


def test_a_midyear_review_is_recorded_without_changing_the_state(
    cast, commitment, leader_of_cell, client_for
):
    from lamtheobac.cycle.models import InterimAssessment

    record = _approved(cast, commitment, leader_of_cell)
    client = client_for(cast.member)
    page = client.get(reverse("cycle:record-detail", args=[record.pk])).content.decode()
    assert "Sơ kết 6 tháng đầu năm" in page
    items = list(record.items.all())
    data = {"stage": "h1"} | {f"result-{i.pk}": "partly" for i in items}
    client.post(reverse("cycle:record-interim", args=[record.pk]), data)
    assert InterimAssessment.objects.filter(item__record=record, stage="h1", result="partly").count() == 3
    record.refresh_from_db()
    assert record.state == RecordState.APPROVED
    note = record.transitions.last()
    assert note.comment.startswith("Sơ kết 6 tháng đầu năm: 0/3")
    refused = client.post(reverse("cycle:record-interim", args=[record.pk]), {"stage": "q2"})
    assert refused.status_code == 404  # a midyear year has no quarters


def test_the_queue_refuses_ids_that_are_no_numbers_the_database_holds(cast, year, leader_of_cell, client_for):
    a = make_commitment(person=cast.member_person, actor=cast.member)
    services.record_submit(actor=None, record=a)
    client = client_for(leader_of_cell)
    for hostile in ("²", "٣", "１２", "9" * 25, str(2**63)):
        response = client.post(reverse("cycle:queue"), {"ids": [hostile, str(a.pk)]})
        assert response.status_code == 404, hostile
    assert Record.objects.get(pk=a.pk).state == RecordState.SUBMITTED
