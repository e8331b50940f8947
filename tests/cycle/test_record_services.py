"""Plans and commitments through the services: create, save, submit, approve, return, assess, rate."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from lamtheobac.cycle import services
from lamtheobac.cycle.models import (
    Area,
    Breakthrough,
    Period,
    Programme,
    Rating,
    Record,
    RecordItem,
    RecordKind,
    RecordState,
    RegistrationRules,
    Result,
    Revision,
    Scoring,
    Transition,
)
from lamtheobac.cycle.services import AssessmentInput, ConflictError, ItemInput
from lamtheobac.organisation import services as org_services

from .builders import (
    YEAR,
    assess_all,
    bring_to,
    chain,
    in_days,
    item_inputs,
    make_commitment,
    make_plan,
    messages,
    open_year,
)

pytestmark = pytest.mark.django_db

S = RecordState


def _content(record: Record) -> tuple:
    """What a refused call must leave as it was: the row, the items, the history."""
    record.refresh_from_db()
    return (
        record.state,
        record.version,
        record.entered_on_behalf,
        record.is_late,
        list(record.items.values_list("id", "action", "target", "result")),
        record.revisions.count(),
        record.transitions.count(),
    )


def _set_deadlines(period: Period, day: datetime.date) -> None:
    Period.objects.filter(pk=period.pk).update(commitment_deadline=day, plan_deadline=day)


# --- record_create ----------------------------------------------------------------------------


def test_it_creates_a_commitment_at_the_persons_org(cast, year):
    record = services.record_create(
        actor=cast.member,
        kind=RecordKind.COMMITMENT,
        year=YEAR,
        person=cast.member_person,
        org=cast.commune_a2,
    )
    assert (record.org, record.person, record.state, record.version) == (
        cast.cell_a1, cast.member_person, S.DRAFT, 1,
    )  # fmt: skip
    assert (record.created_by, record.entered_on_behalf) == (cast.member, False)
    assert chain(record) == [("", S.DRAFT)]
    assert record.transitions.get().actor == cast.member
    revision = record.revisions.get()
    empty = {"self_comment": "", "shortcomings": "", "remedies": "", "emulation_title": "", "items": []}
    assert (revision.version, revision.snapshot) == (1, {"state": S.DRAFT, **empty})


def test_it_creates_a_plan_for_an_org(cast, year):
    record = services.record_create(actor=cast.leader, kind=RecordKind.PLAN, year=YEAR, org=cast.cell_a1)
    assert (record.org, record.person, record.state) == (cast.cell_a1, None, S.DRAFT)


def test_it_refuses_to_create_when_the_year_is_not_open(cast):
    with pytest.raises(ValidationError) as exc:
        services.record_create(
            actor=cast.member, kind=RecordKind.COMMITMENT, year=YEAR, person=cast.member_person
        )
    assert messages(exc) == [services.ERR_YEAR_NOT_OPEN % {"year": YEAR, "org": cast.cell_a1.name}]
    assert not Record.objects.exists()
    assert not Transition.objects.exists()


def test_it_refuses_to_create_outside_the_subtree_of_the_opened_year(cast, year):
    with pytest.raises(ValidationError) as exc:
        services.record_create(actor=None, kind=RecordKind.COMMITMENT, year=YEAR, person=cast.secret_person)
    assert messages(exc) == [services.ERR_YEAR_NOT_OPEN % {"year": YEAR, "org": cast.cell_b1.name}]


def test_it_refuses_a_second_commitment_for_the_same_year(cast, commitment):
    with pytest.raises(ValidationError) as exc:
        services.record_create(
            actor=cast.member, kind=RecordKind.COMMITMENT, year=YEAR, person=cast.member_person
        )
    assert messages(exc) == [services.ERR_RECORD_EXISTS % {"year": YEAR, "name": "Hoàng Thị Mai"}]
    assert Record.objects.count() == 1


def test_it_refuses_a_second_plan_for_the_same_org_and_year(cast, year):
    make_plan(org=cast.cell_a1)
    with pytest.raises(ValidationError) as exc:
        make_plan(org=cast.cell_a1)
    assert messages(exc) == [services.ERR_RECORD_EXISTS % {"year": YEAR, "name": cast.cell_a1.name}]
    assert Record.objects.count() == 1


def test_it_keeps_a_commitment_where_it_was_written_when_the_person_moves(cast, year, commitment):
    org_services.person_move(actor=cast.officer, person=cast.member_person, to_org=cast.commune_a2)
    open_year(cast.district_a, year=YEAR + 1)
    commitment.refresh_from_db()
    assert commitment.org == cast.cell_a1
    cast.member_person.refresh_from_db()
    later = make_commitment(person=cast.member_person, year=YEAR + 1)
    assert later.org == cast.commune_a2


def test_it_starts_from_last_years_items(cast, year):
    last_year = open_year(cast.district_a, year=YEAR - 1, breakthroughs=["Cải cách hành chính"])
    nqtw4 = Programme.objects.get(code="NQTW4")
    old = services.record_create(
        actor=cast.member, kind=RecordKind.COMMITMENT, year=YEAR - 1, person=cast.member_person
    )
    old = services.record_save(
        actor=cast.member,
        record=old,
        version=old.version,
        items=[
            ItemInput(
                action="Tiết kiệm điện, nước ở cơ quan",
                target="Giảm 10%",
                area=Area.STYLE,
                deadline=datetime.date(YEAR - 1, 12, 31),
                breakthrough=Breakthrough.objects.get(period=last_year),
                programmes=[nqtw4],
            ),
            ItemInput(action="Đọc sách về Bác", area=Area.THOUGHT),
        ],
    )
    record = services.record_create(
        actor=cast.member,
        kind=RecordKind.COMMITMENT,
        year=YEAR,
        person=cast.member_person,
        from_last_year=True,
    )
    copied = list(record.items.order_by("position"))
    assert [(i.action, i.target, i.area) for i in copied] == [
        ("Tiết kiệm điện, nước ở cơ quan", "Giảm 10%", Area.STYLE),
        ("Đọc sách về Bác", "", Area.THOUGHT),
    ]
    # Last year's deadline and breakthrough content belong to last year; the programmes carry over.
    assert (copied[0].deadline, copied[0].breakthrough) == (None, None)
    assert {p.code for p in copied[0].programmes.all()} == {"CT05", "NQTW4"}
    assert [i["action"] for i in record.revisions.get().snapshot["items"]] == [i.action for i in copied]
    assert old.items.count() == 2  # untouched
    assert record.state == S.DRAFT


def test_it_starts_empty_when_there_is_nothing_from_last_year(cast, year):
    record = services.record_create(
        actor=cast.member,
        kind=RecordKind.COMMITMENT,
        year=YEAR,
        person=cast.member_person,
        from_last_year=True,
    )
    assert record.items.count() == 0


# --- record_save ------------------------------------------------------------------------------


def test_it_replaces_the_items_and_keeps_a_revision(cast, commitment):
    assert commitment.version == 2
    record = services.record_save(
        actor=cast.member,
        record=commitment,
        version=2,
        items=[ItemInput(action="Đi làm đúng giờ"), ItemInput(action="Giúp đỡ hộ nghèo", target="2 hộ")],
    )
    assert record.version == 3
    assert list(record.items.values_list("position", "action", "target")) == [
        (0, "Đi làm đúng giờ", ""),
        (1, "Giúp đỡ hộ nghèo", "2 hộ"),
    ]
    assert all({p.code for p in i.programmes.all()} == {"CT05"} for i in record.items.all())
    latest, previous = list(record.revisions.all()[:2])
    assert (latest.version, latest.actor, latest.on_behalf) == (3, cast.member, False)
    assert [i["action"] for i in latest.snapshot["items"]] == ["Đi làm đúng giờ", "Giúp đỡ hộ nghèo"]
    assert latest.snapshot["items"][1]["programmes"] == ["Chỉ thị 05"]
    assert previous.version == 2
    assert len(previous.snapshot["items"]) == 3  # nothing is lost by an edit
    assert chain(record) == [("", S.DRAFT)]  # an edit is not a transition


def test_it_refuses_a_stale_save_and_shows_the_other_revision(cast, commitment):
    mine = Record.objects.get(pk=commitment.pk)
    theirs = Record.objects.get(pk=commitment.pk)
    opened_at = mine.version
    services.record_save(
        actor=cast.leader,
        record=theirs,
        version=opened_at,
        items=item_inputs(4, "Bản của lãnh đạo"),
        on_behalf=True,
    )
    with pytest.raises(ConflictError) as exc:
        services.record_save(
            actor=cast.member, record=mine, version=opened_at, items=item_inputs(5, "Bản của tôi")
        )
    assert isinstance(exc.value, ValidationError)
    revision = exc.value.revision
    assert (revision.version, revision.actor) == (opened_at + 1, cast.leader)
    assert [i["action"] for i in revision.snapshot["items"]] == [
        f"Bản của lãnh đạo số {i}" for i in range(1, 5)
    ]
    assert "leader" in messages(exc)[0]
    assert messages(exc)[0].startswith("Hồ sơ vừa được leader lưu lúc ")
    # The first save stands, untouched.
    commitment.refresh_from_db()
    assert commitment.version == opened_at + 1
    assert list(commitment.items.values_list("action", flat=True)) == [
        f"Bản của lãnh đạo số {i}" for i in range(1, 5)
    ]
    assert commitment.revisions.count() == 3


def test_it_refuses_a_save_from_a_page_opened_before_a_submission(cast, commitment):
    stale = Record.objects.get(pk=commitment.pk)
    bring_to(commitment, S.SUBMITTED, writer=cast.member, leader=cast.leader)
    before = _content(commitment)
    with pytest.raises(ValidationError):
        services.record_save(actor=cast.member, record=stale, version=stale.version, items=item_inputs(1))
    assert _content(commitment) == before


def test_it_strips_markup_from_the_text(cast, commitment):
    record = services.record_save(
        actor=cast.member,
        record=commitment,
        version=commitment.version,
        items=[
            ItemInput(
                action="<script>alert('x')</script><b>Đọc</b>   sách <img src=x onerror=alert(1)>mỗi tối",
                target="<a href='javascript:alert(1)'>10 cuốn</a>",
                timeframe="<i>Quý</i> I",
                responsible="<u>Bản thân</u>",
            ),
            ItemInput(action="Giảm chi phí <5 triệu và tăng thu >3 lần"),
        ],
    )
    first, second = record.items.all()
    assert (first.action, first.target, first.timeframe, first.responsible) == (
        "alert('x')Đọc sách mỗi tối", "10 cuốn", "Quý I", "Bản thân",
    )  # fmt: skip
    assert "<" not in first.action + first.target
    assert second.action == "Giảm chi phí <5 triệu và tăng thu >3 lần"  # plain text stays as written
    assert record.revisions.first().snapshot["items"][0]["action"] == "alert('x')Đọc sách mỗi tối"


def test_it_refuses_a_ten_thousand_character_action_and_saves_nothing(cast, commitment):
    before = _content(commitment)
    with pytest.raises(ValidationError) as exc:
        services.record_save(
            actor=cast.member,
            record=commitment,
            version=commitment.version,
            items=[ItemInput(action="Việc làm ngắn"), ItemInput(action="x" * 10_000)],
        )
    assert messages(exc) == [services.ERR_ITEM_TOO_LONG % {"n": 2, "max": 1000}]
    assert messages(exc) == ["Dòng 2: nội dung quá dài (tối đa 1000 ký tự)."]
    assert _content(commitment) == before


def test_it_accepts_an_action_of_exactly_the_maximum_length(cast, commitment):
    record = services.record_save(
        actor=cast.member, record=commitment, version=commitment.version, items=[ItemInput(action="ư" * 1000)]
    )
    assert len(record.items.get().action) == 1000


def test_it_names_the_right_maximum_for_a_too_long_target(cast, commitment):
    before = _content(commitment)
    with pytest.raises(ValidationError) as exc:
        services.record_save(
            actor=cast.member,
            record=commitment,
            version=commitment.version,
            items=[ItemInput(action="Việc làm", target="t" * 501)],
        )
    assert messages(exc) == [services.ERR_ITEM_TOO_LONG % {"n": 1, "max": 500}]
    assert _content(commitment) == before


def test_it_refuses_an_empty_action_and_an_unknown_area(cast, commitment):
    before = _content(commitment)
    with pytest.raises(ValidationError) as exc:
        services.record_save(
            actor=cast.member,
            record=commitment,
            version=commitment.version,
            items=[
                ItemInput(action="Tốt"),
                ItemInput(action="  <b> </b> "),
                ItemInput(action="Tốt", area="sport"),
            ],
        )
    assert messages(exc) == [
        services.ERR_ITEM_ACTION_EMPTY % {"n": 2},
        "Dòng 3: lĩnh vực không hợp lệ.",
    ]
    assert _content(commitment) == before


def _with_progress(cast, commitment) -> tuple[Record, list]:
    """The commitment submitted, a progress note on its first item, then returned to the member."""
    record = bring_to(commitment, S.SUBMITTED, writer=cast.member, leader=cast.leader)
    items = list(record.items.all())
    services.progress_add(actor=cast.member, item=items[0], text_="Đã trồng 20 cây")
    record = services.record_return(actor=cast.leader, record=record, comment="Ghi rõ chỉ tiêu")
    return record, items


def test_it_updates_the_items_in_place_reorders_them_and_adds_new_rows(cast, commitment):
    record, (first, second, third) = _with_progress(cast, commitment)
    saved = services.record_save(
        actor=cast.member, record=record, version=record.version,
        items=[
            ItemInput(action="Việc thứ ba, sửa lại", id=third.pk),
            ItemInput(action="Trồng 50 cây xanh", target="50 cây", id=first.pk),
            ItemInput(action="Việc mới", deadline=datetime.date(YEAR, 12, 31)),
            ItemInput(action=second.action, id=second.pk),
        ],
    )  # fmt: skip
    rows = list(saved.items.values_list("id", "position", "action"))
    assert rows[:2] == [(third.pk, 0, "Việc thứ ba, sửa lại"), (first.pk, 1, "Trồng 50 cây xanh")]
    assert rows[2][0] not in {first.pk, second.pk, third.pk} and rows[2][1:] == (2, "Việc mới")
    assert rows[3] == (second.pk, 3, second.action)
    assert list(first.progress_notes.values_list("text", flat=True)) == ["Đã trồng 20 cây"]


def test_it_refuses_an_item_of_another_record_and_touches_neither(cast, commitment):
    record, _items = _with_progress(cast, commitment)
    other = make_commitment(person=cast.colleague, actor=cast.leader, on_behalf=True)
    foreign = other.items.first()
    before, theirs = _content(record), _content(other)
    with pytest.raises(ValidationError) as exc:
        services.record_save(
            actor=cast.member, record=record, version=record.version,
            items=[*_rows_of(record), ItemInput(action="Chiếm việc của người khác", id=foreign.pk)],
        )  # fmt: skip
    assert messages(exc) == [services.ERR_ITEM_NOT_HERE % {"n": 4}]
    assert (_content(record), _content(other)) == (before, theirs)


def test_it_refuses_the_same_item_on_two_rows(cast, commitment):
    record, (first, *_rest) = _with_progress(cast, commitment)
    rows = _rows_of(record)
    with pytest.raises(ValidationError) as exc:
        services.record_save(
            actor=cast.member, record=record, version=record.version,
            items=[*rows, ItemInput(action="Bản sao", id=first.pk)],
        )  # fmt: skip
    assert messages(exc) == [services.ERR_ITEM_NOT_HERE % {"n": 4}]


def test_it_refuses_to_remove_an_item_with_progress_and_saves_nothing(cast, commitment):
    """A member who deletes a row that has evidence would lose the proof of what they did: the save is
    refused, naming the row, rather than done with the row silently kept (what they asked would not be
    what they got) or the evidence thrown away."""
    record, (first, *_rest) = _with_progress(cast, commitment)
    before = _content(record)
    with pytest.raises(ValidationError) as exc:
        services.record_save(
            actor=cast.member, record=record, version=record.version, items=_rows_of(record)[1:]
        )
    assert messages(exc) == [services.ERR_ITEM_HAS_PROGRESS % {"action": first.action}]
    assert _content(record) == before
    assert first.progress_notes.count() == 1


def test_it_removes_an_item_without_progress(cast, commitment):
    record, (first, second, third) = _with_progress(cast, commitment)
    saved = services.record_save(
        actor=cast.member, record=record, version=record.version, items=_rows_of(record)[:2]
    )
    assert list(saved.items.values_list("id", flat=True)) == [first.pk, second.pk]
    assert not RecordItem.objects.filter(pk=third.pk).exists()


def test_the_database_refuses_to_delete_an_item_with_progress(cast, commitment):
    _record, (first, *_rest) = _with_progress(cast, commitment)
    with pytest.raises(ProtectedError):
        first.delete()
    assert first.progress_notes.count() == 1


@pytest.mark.parametrize("kind", [RecordKind.COMMITMENT, RecordKind.PLAN])
def test_it_refuses_a_deadline_outside_the_records_year(kind, cast, year):
    if kind == RecordKind.COMMITMENT:
        record = make_commitment(person=cast.member_person, actor=cast.member)
    else:
        record = make_plan(org=cast.cell_a1)
    before = _content(record)
    with pytest.raises(ValidationError) as exc:
        services.record_save(
            actor=cast.member, record=record, version=record.version,
            items=[
                ItemInput(action="Trong năm", deadline=datetime.date(YEAR, 12, 31)),
                ItemInput(action="Năm sau", deadline=datetime.date(YEAR + 1, 3, 31)),
                ItemInput(action="Năm trước", deadline=datetime.date(YEAR - 1, 12, 31)),
            ],
        )  # fmt: skip
    assert messages(exc) == [
        services.ERR_ITEM_DEADLINE_YEAR % {"n": 2, "date": f"31/03/{YEAR + 1}", "year": YEAR},
        services.ERR_ITEM_DEADLINE_YEAR % {"n": 3, "date": f"31/12/{YEAR - 1}", "year": YEAR},
    ]
    assert messages(exc)[0] == f"Dòng 2: thời hạn 31/03/{YEAR + 1} không thuộc năm {YEAR} của hồ sơ."
    assert _content(record) == before


def _rows_of(record: Record) -> list[ItemInput]:
    return [ItemInput(action=i.action, target=i.target, id=i.pk) for i in record.items.all()]


# --- record_submit ----------------------------------------------------------------------------


def test_it_submits_on_time(cast, commitment):
    record = services.record_submit(actor=cast.member, record=commitment)
    assert (record.state, record.is_late, record.submitted_at is not None) == (S.SUBMITTED, False, True)
    transition = record.transitions.last()
    assert (transition.from_state, transition.to_state, transition.actor, transition.on_behalf) == (
        S.DRAFT, S.SUBMITTED, cast.member, False,
    )  # fmt: skip


def test_it_refuses_fewer_actions_than_the_minimum(cast, year):
    record = make_commitment(person=cast.member_person, n=2)
    before = _content(record)
    with pytest.raises(ValidationError) as exc:
        services.record_submit(actor=cast.member, record=record)
    assert messages(exc) == [services.ERR_TOO_FEW_ACTIONS % {"n": 3, "have": 2}]
    assert messages(exc) == ["Cần ít nhất 3 việc làm cụ thể; hiện có 2."]
    assert _content(record) == before
    assert record.state == S.DRAFT


def test_it_applies_a_lower_orgs_stricter_minimum(cast, commitment):
    open_year(cast.commune_a1, min_actions=5)
    with pytest.raises(ValidationError) as exc:
        services.record_submit(actor=cast.member, record=commitment)
    assert messages(exc) == [services.ERR_TOO_FEW_ACTIONS % {"n": 5, "have": 3}]


def test_it_refuses_an_empty_plan(cast, year):
    plan = make_plan(org=cast.cell_a1, n=0)
    with pytest.raises(ValidationError) as exc:
        services.record_submit(actor=cast.leader, record=plan)
    assert messages(exc) == [services.ERR_PLAN_EMPTY]
    plan.refresh_from_db()
    assert plan.state == S.DRAFT


def test_it_accepts_a_plan_with_one_item(cast, year):
    plan = services.record_submit(actor=cast.leader, record=make_plan(org=cast.cell_a1, n=1))
    assert plan.state == S.SUBMITTED


def test_it_marks_a_late_submission(cast, year, commitment):
    _set_deadlines(year, in_days(-1))
    record = services.record_submit(actor=cast.member, record=commitment)
    assert (record.state, record.is_late) == (S.SUBMITTED, True)


def test_it_is_not_late_on_the_deadline_day(cast, year, commitment):
    _set_deadlines(year, in_days(0))
    assert not services.record_submit(actor=cast.member, record=commitment).is_late


def test_it_marks_a_late_plan_by_the_plan_deadline(cast, year):
    Period.objects.filter(pk=year.pk).update(plan_deadline=in_days(-1))
    plan = services.record_submit(actor=cast.leader, record=make_plan(org=cast.cell_a1))
    commitment = services.record_submit(actor=cast.member, record=make_commitment(person=cast.member_person))
    assert (plan.is_late, commitment.is_late) == (True, False)


def test_it_uses_the_earliest_deadline_on_the_path(cast, year, commitment):
    open_year(cast.commune_a1, commitment_deadline=in_days(-2))
    assert services.record_submit(actor=cast.member, record=commitment).is_late


# --- record_approve, record_return ------------------------------------------------------------


def test_it_approves_with_who_and_when(cast, commitment):
    record = bring_to(commitment, S.SUBMITTED, writer=cast.member, leader=cast.leader)
    record = services.record_approve(actor=cast.leader, record=record, comment="<b>Tốt</b>")
    assert (record.state, record.approved_by, record.approved_at is not None) == (
        S.APPROVED,
        cast.leader,
        True,
    )
    last = record.transitions.last()
    assert (last.from_state, last.to_state, last.actor, last.comment) == (
        S.SUBMITTED,
        S.APPROVED,
        cast.leader,
        "Tốt",
    )


@pytest.mark.parametrize("comment", ["", "   ", "<p></p>"])
def test_it_requires_a_comment_to_return(cast, commitment, comment):
    record = bring_to(commitment, S.SUBMITTED, writer=cast.member, leader=cast.leader)
    before = _content(record)
    with pytest.raises(ValidationError) as exc:
        services.record_return(actor=cast.leader, record=record, comment=comment)
    assert exc.value.message_dict == {"comment": [services.ERR_RETURN_COMMENT]}
    assert _content(record) == before


def test_it_returns_with_the_comment_and_clears_it_on_resubmission(cast, commitment):
    record = bring_to(commitment, S.SUBMITTED, writer=cast.member, leader=cast.leader)
    record = services.record_return(actor=cast.leader, record=record, comment="Việc làm số 2 chưa đo được")
    assert (record.state, record.return_comment) == (S.RETURNED, "Việc làm số 2 chưa đo được")
    last = record.transitions.last()
    assert (last.from_state, last.to_state, last.actor, last.comment) == (
        S.SUBMITTED, S.RETURNED, cast.leader, "Việc làm số 2 chưa đo được",
    )  # fmt: skip
    record = services.record_submit(actor=cast.member, record=record)
    assert (record.state, record.return_comment) == (S.SUBMITTED, "")


# --- record_self_assess -----------------------------------------------------------------------


def test_it_requires_every_item_to_be_self_assessed(cast, commitment):
    record = bring_to(commitment, S.APPROVED, writer=cast.member, leader=cast.leader)
    first, second, _third = record.items.all()
    before = _content(record)
    with pytest.raises(ValidationError) as exc:
        services.record_self_assess(
            actor=cast.member,
            record=record,
            assessments=[
                AssessmentInput(item=first, result=Result.DONE),
                AssessmentInput(item=second, result="maybe"),  # not a result: counts as missing
            ],
        )
    assert messages(exc) == [services.ERR_UNASSESSED % {"n": 2}]
    assert _content(record) == before
    assert record.state == S.APPROVED


def test_it_self_assesses_every_item(cast, commitment):
    record = bring_to(commitment, S.APPROVED, writer=cast.member, leader=cast.leader)
    version = record.version
    first, second, third = record.items.all()
    record = services.record_self_assess(
        actor=cast.member,
        record=record,
        assessments=[
            AssessmentInput(item=first, result=Result.DONE, note="<b>Xong</b>"),
            AssessmentInput(item=second, result=Result.PARTLY, note="Còn 1 buổi"),
            AssessmentInput(item=third, result=Result.NOT_DONE, note="Ốm"),
        ],
        comment="Cơ bản hoàn thành",
    )
    assert (record.state, record.self_comment, record.version) == (
        S.SELF_ASSESSED,
        "Cơ bản hoàn thành",
        version + 1,
    )
    assert list(record.items.values_list("result", "result_note")) == [
        (Result.DONE, "Xong"), (Result.PARTLY, "Còn 1 buổi"), (Result.NOT_DONE, "Ốm"),
    ]  # fmt: skip
    revision = record.revisions.first()
    assert revision.version == version + 1
    assert [i["result"] for i in revision.snapshot["items"]] == [Result.DONE, Result.PARTLY, Result.NOT_DONE]
    # It may be corrected until the rating.
    record = services.record_self_assess(actor=cast.member, record=record, assessments=assess_all(record))
    assert record.state == S.SELF_ASSESSED
    assert chain(record)[-2:] == [(S.APPROVED, S.SELF_ASSESSED), (S.SELF_ASSESSED, S.SELF_ASSESSED)]


# --- record_rate ------------------------------------------------------------------------------

BANDS_OK = [
    (Rating.EXCELLENT, 100),
    (Rating.EXCELLENT, 90),
    (Rating.GOOD, 89),
    (Rating.GOOD, 70),
    (Rating.COMPLETED, 69),
    (Rating.COMPLETED, 50),
    (Rating.NOT_COMPLETED, 49),
    (Rating.NOT_COMPLETED, 0),
    (Rating.GOOD, None),
]
BANDS_REFUSED = [
    (Rating.EXCELLENT, 89, "từ 90 đến 100"),
    (Rating.GOOD, 90, "từ 70 đến dưới 90"),
    (Rating.GOOD, 69, "từ 70 đến dưới 90"),
    (Rating.COMPLETED, 70, "từ 50 đến dưới 70"),
    (Rating.COMPLETED, 49, "từ 50 đến dưới 70"),
    (Rating.NOT_COMPLETED, 50, "dưới 50"),
]


@pytest.fixture
def assessed(cast, year, commitment) -> Record:
    """A self-assessed commitment of a year rated on the four levels, as before QĐ 366-QĐ/TW (its 100-point
    scale and conditions: ``test_scoring``)."""
    RegistrationRules.objects.filter(period=year).update(scoring=Scoring.LEVELS)
    return bring_to(commitment, S.SELF_ASSESSED, writer=cast.member, leader=cast.leader)


@pytest.mark.parametrize(("rating", "score"), BANDS_OK)
def test_it_rates_with_a_score_in_the_levels_band(cast, assessed, rating, score):
    record = services.record_rate(
        actor=cast.leader, record=assessed, rating=rating, score=score, comment="Đạt"
    )
    assert (record.state, record.rating, record.score, record.rated_by) == (
        S.RATED,
        rating,
        score,
        cast.leader,
    )
    label = Rating(rating).label
    expected = f"{label}" if score is None else f"{label} ({score} điểm)"
    assert record.transitions.last().comment == expected


@pytest.mark.parametrize(("rating", "score", "words"), BANDS_REFUSED)
def test_it_refuses_a_score_outside_the_levels_band(cast, assessed, rating, score, words):
    before = _content(assessed)
    with pytest.raises(ValidationError) as exc:
        services.record_rate(actor=cast.leader, record=assessed, rating=rating, score=score)
    expected = services.ERR_SCORE_LEVEL % {"score": score, "level": Rating(rating).label, "range": words}
    assert exc.value.message_dict == {"score": [expected]}
    assert _content(assessed) == before
    assert assessed.rating == ""


@pytest.mark.parametrize("score", [101, -1])
def test_it_refuses_a_score_outside_0_to_100(cast, assessed, score):
    with pytest.raises(ValidationError) as exc:
        services.record_rate(actor=cast.leader, record=assessed, rating=Rating.EXCELLENT, score=score)
    assert exc.value.message_dict == {"score": [services.ERR_SCORE_RANGE]}
    assessed.refresh_from_db()
    assert assessed.state == S.SELF_ASSESSED


def test_it_refuses_an_unknown_level(cast, assessed):
    with pytest.raises(ValidationError) as exc:
        services.record_rate(actor=cast.leader, record=assessed, rating="perfect")
    assert exc.value.message_dict == {"rating": ["Hãy chọn mức xếp loại."]}


def test_it_lets_the_rating_be_corrected(cast, assessed):
    record = services.record_rate(actor=cast.leader, record=assessed, rating=Rating.GOOD, score=75)
    record = services.record_rate(actor=cast.leader, record=record, rating=Rating.EXCELLENT, score=95)
    assert (record.rating, record.score) == (Rating.EXCELLENT, 95)
    assert chain(record)[-2:] == [(S.SELF_ASSESSED, S.RATED), (S.RATED, S.RATED)]


# --- History ----------------------------------------------------------------------------------


def test_it_writes_a_transition_for_every_state_change(cast, commitment):
    record = bring_to(commitment, S.RETURNED, writer=cast.member, leader=cast.leader)
    record = services.record_submit(actor=cast.member, record=record)
    record = services.record_approve(actor=cast.leader, record=record, comment="Được")
    record = services.record_self_assess(actor=cast.member, record=record, assessments=assess_all(record))
    record = services.record_rate(actor=cast.leader, record=record, rating=Rating.COMPLETED, score=60)
    rows = list(
        record.transitions.order_by("id").values_list("from_state", "to_state", "actor__username", "comment")
    )
    assert rows == [
        ("", S.DRAFT, "member", ""),
        (S.DRAFT, S.SUBMITTED, "member", ""),
        (S.SUBMITTED, S.RETURNED, "leader", "Cần cụ thể hơn"),
        (S.RETURNED, S.SUBMITTED, "member", ""),
        (S.SUBMITTED, S.APPROVED, "leader", "Được"),
        (S.APPROVED, S.SELF_ASSESSED, "member", ""),
        (S.SELF_ASSESSED, S.RATED, "leader", "Hoàn thành nhiệm vụ (60 điểm)"),
    ]


def test_it_marks_a_record_entered_on_behalf(cast, year):
    record = make_commitment(person=cast.colleague, actor=cast.leader, on_behalf=True)
    assert record.entered_on_behalf
    assert (record.created_by, record.person.user) == (cast.leader, None)
    record = services.record_submit(actor=cast.leader, record=record, on_behalf=True)
    assert list(record.revisions.values_list("version", "on_behalf", "actor")) == [
        (2, True, cast.leader.pk), (1, True, cast.leader.pk),
    ]  # fmt: skip
    assert list(record.transitions.values_list("to_state", "on_behalf")) == [
        (S.DRAFT, True),
        (S.SUBMITTED, True),
    ]


def test_it_flags_only_the_saves_made_on_behalf(cast, commitment):
    assert not commitment.entered_on_behalf
    record = services.record_save(
        actor=cast.leader, record=commitment, version=commitment.version, items=item_inputs(3), on_behalf=True
    )
    assert record.entered_on_behalf
    assert list(record.revisions.values_list("version", "on_behalf")) == [(3, True), (2, False), (1, False)]
    record = services.record_save(
        actor=cast.member, record=record, version=record.version, items=item_inputs(3)
    )
    assert record.entered_on_behalf  # once entered on behalf, it stays marked
    assert Revision.objects.get(record=record, version=4).on_behalf is False


def test_saving_after_the_record_was_submitted_says_so(cast, commitment):
    from lamtheobac.cycle.services import ERR_MOVED_ON

    stale = Record.objects.get(pk=commitment.pk)
    services.record_submit(actor=cast.member, record=commitment)
    with pytest.raises(ValidationError) as exc:
        services.record_save(actor=cast.member, record=stale, version=stale.version, items=item_inputs(3))
    assert exc.value.messages == [str(ERR_MOVED_ON % {"state": "Đã nộp"})]
