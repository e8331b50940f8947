"""Registration rules per organisation and year: set where the year is opened, only tightened below, applied
when a record is submitted; past years keep the rules they were written under."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lamtheobac.cycle import registration as reg
from lamtheobac.cycle import services
from lamtheobac.cycle.models import (
    DEFAULT_COMMITMENT_KINDS,
    DEFAULT_PLAN_KINDS,
    FieldUse,
    Period,
    RecordState,
    RegistrationRules,
    Scoring,
)
from lamtheobac.cycle.selectors import rules_for
from lamtheobac.cycle.services import ItemInput, RecordExtras
from lamtheobac.organisation.models import PersonKind
from tests.factories import PersonFactory

from .builders import YEAR, make_commitment, make_plan, messages, open_year

pytestmark = pytest.mark.django_db

REQUIRED_ALL = dict.fromkeys(reg.ITEM_FIELDS, FieldUse.REQUIRED)


def rules(**fields) -> reg.RuleSet:
    return reg.RuleSet(**fields)


# --- Pure: tightening, never loosening -----------------------------------------------------------


def test_a_lower_org_may_tighten_every_rule():
    parent = rules(person_max=5, collective_min=2, collective_max=8, excellent_quota=20)
    child = rules(
        person_max=4,
        collective_min=3,
        collective_max=6,
        uses=REQUIRED_ALL,
        self_examination=FieldUse.REQUIRED,
        emulation=True,
        excellent_quota=15,
    )
    assert reg.loosened(child, parent) == {}


def test_it_names_each_rule_a_lower_org_would_loosen():
    parent = rules(
        person_max=2,
        collective_min=3,
        collective_max=5,
        uses={**reg.RuleSet().uses, "target": FieldUse.REQUIRED},
        self_examination=FieldUse.OPTIONAL,
        emulation=True,
        excellent_quota=20,
    )
    child = rules(person_max=None, collective_min=2, collective_max=7, self_examination=FieldUse.OFF)
    errors = reg.loosened(child, parent)
    assert set(errors) == {
        "person_max",
        "collective_min",
        "collective_max",
        "target",
        "self_examination",
        "emulation",
        "excellent_quota",
    }
    assert errors["collective_min"] == [
        "Cấp trên yêu cầu ít nhất 3 nội dung mỗi tập thể; cấp dưới không được giảm."
    ]
    assert errors["target"] == ["Cấp trên quy định “Bắt buộc”; cấp dưới chỉ được giữ nguyên hoặc chặt hơn."]


def test_the_rules_in_force_are_the_tightest_on_the_path():
    top = rules(
        person_min=1, person_max=3, collective_min=1, uses={**reg.RuleSet().uses, "deadline": "required"}
    )
    lower = rules(person_min=2, person_max=None, collective_min=3, self_examination=FieldUse.OPTIONAL)
    combined = reg.combine([top, lower])
    assert (combined.person_min, combined.person_max, combined.collective_min) == (2, 3, 3)
    assert combined.required("deadline") and combined.self_examination == FieldUse.OPTIONAL


def test_a_minimum_above_its_maximum_is_refused():
    assert reg.inconsistent(rules(person_min=3, person_max=2)) == {
        "person_max": ["Số tối thiểu (3) không được lớn hơn số tối đa (2)."]
    }


# --- Opening a year: set at the top, tightened below, nothing half-saved ------------------------------


def test_the_commune_sets_its_own_minimums_for_persons_and_collectives(cast):
    open_year(cast.district_a, actor=cast.officer, min_actions=1)
    period = open_year(
        cast.commune_a1,
        min_actions=2,
        registration=rules(collective_min=3, self_examination=FieldUse.OPTIONAL),
    )
    row = RegistrationRules.objects.get(period=period)
    assert (period.min_actions, row.collective_min, row.self_examination) == (2, 3, FieldUse.OPTIONAL)
    in_force = rules_for(cast.cell_a1, YEAR)
    assert (in_force.min_actions, in_force.registration.collective_min) == (2, 3)


def test_a_rule_set_that_loosens_the_parent_is_refused_and_nothing_is_saved(cast):
    open_year(cast.district_a, registration=rules(person_max=3, collective_min=3, emulation=True))
    with pytest.raises(ValidationError) as exc:
        open_year(cast.commune_a1, registration=rules(person_max=5, collective_min=1, emulation=True))
    assert exc.value.message_dict["person_max"] == [
        "Cấp trên cho tối đa 3 việc làm mỗi cá nhân; cấp dưới không được nới thêm."
    ]
    assert "collective_min" in exc.value.message_dict
    assert not Period.objects.filter(org=cast.commune_a1).exists()
    assert not RegistrationRules.objects.filter(period__org=cast.commune_a1).exists()


def test_editing_a_lower_year_cannot_loosen_it_either(cast):
    open_year(cast.district_a, registration=rules(collective_min=2))
    period = open_year(cast.commune_a1, registration=rules(collective_min=3))
    data = services.PeriodInput(year=YEAR, registration=rules(collective_min=1))
    with pytest.raises(ValidationError):
        services.period_update(actor=cast.officer, period=period, data=data)
    assert RegistrationRules.objects.get(period=period).collective_min == 3


def test_a_lower_year_opened_without_rules_keeps_those_of_its_parent(cast):
    open_year(cast.district_a, registration=rules(person_max=4, self_examination=FieldUse.REQUIRED))
    period = open_year(cast.commune_a1)
    row = RegistrationRules.objects.get(period=period)
    assert (row.person_max, row.self_examination) == (4, FieldUse.REQUIRED)


# --- Submitting under the rules --------------------------------------------------------------------


def test_a_member_submits_two_actions_where_the_commune_asks_for_two(cast):
    open_year(cast.district_a, min_actions=1)
    open_year(cast.commune_a1, min_actions=2, registration=rules(collective_min=3))
    record = make_commitment(person=cast.member_person, actor=cast.member, n=2)
    record = services.record_submit(actor=cast.member, record=record)
    assert record.state == RecordState.SUBMITTED


def test_a_plan_with_fewer_contents_than_the_collective_minimum_is_refused(cast):
    open_year(cast.district_a, registration=rules(collective_min=3))
    plan = make_plan(org=cast.cell_a1, n=2)
    with pytest.raises(ValidationError) as exc:
        services.record_submit(actor=cast.leader, record=plan)
    assert messages(exc) == ["Kế hoạch cần ít nhất 3 nội dung; hiện có 2."]


def test_more_actions_than_the_maximum_are_refused(cast):
    open_year(cast.district_a, min_actions=1, registration=rules(person_max=2))
    record = make_commitment(person=cast.member_person, actor=cast.member, n=3)
    with pytest.raises(ValidationError) as exc:
        services.record_submit(actor=cast.member, record=record)
    assert messages(exc) == ["Chỉ đăng ký tối đa 2 việc làm; hiện có 3."]
    record.refresh_from_db()
    assert record.state == RecordState.DRAFT and record.submitted_at is None


def test_each_required_field_is_named_by_its_row(cast):
    open_year(cast.district_a, min_actions=1, registration=rules(uses=REQUIRED_ALL))
    record = make_commitment(person=cast.member_person, actor=cast.member, n=1)
    with pytest.raises(ValidationError) as exc:
        services.record_submit(actor=cast.member, record=record)
    assert messages(exc) == [
        "Dòng 1: chưa ghi chuẩn mực đạo đức phục vụ (năm nay bắt buộc).",
        "Dòng 1: chưa ghi thời hạn (năm nay bắt buộc).",
        "Dòng 1: chưa ghi người giám sát (năm nay bắt buộc).",
    ]
    full = ItemInput(
        action="Nêu gương tiết kiệm điện ở cơ quan",
        target="Giảm 10% điện năng tiêu thụ",
        deadline=datetime.date(YEAR, 12, 1),
        standards=["s3", "s5"],
        supervisor="Bí thư chi bộ",
        id=record.items.get().pk,
    )
    record = services.record_save(actor=cast.member, record=record, version=record.version, items=[full])
    assert services.record_submit(actor=cast.member, record=record).state == RecordState.SUBMITTED
    assert record.items.get().standards == ["s3", "s5"]


def test_a_standard_that_is_not_one_of_the_five_is_refused(cast, year):
    """The standards an action serves are the five of Quy định 144-QĐ/TW (9/5/2024), Điều 1 to 5."""
    record = make_commitment(person=cast.member_person, actor=cast.member, n=0)
    bad = ItemInput(action="Học tập suốt đời", standards=["s9"])
    with pytest.raises(ValidationError) as exc:
        services.record_save(actor=cast.member, record=record, version=record.version, items=[bad])
    assert messages(exc) == ["Dòng 1: chuẩn mực đạo đức không hợp lệ."]


def test_a_deadline_outside_the_year_is_refused(cast, year):
    record = make_commitment(person=cast.member_person, actor=cast.member, n=0)
    late = ItemInput(action="Trồng cây xanh", deadline=datetime.date(YEAR + 1, 1, 15))
    with pytest.raises(ValidationError) as exc:
        services.record_save(actor=cast.member, record=record, version=record.version, items=[late])
    assert messages(exc) == [f"Dòng 1: thời hạn 15/01/{YEAR + 1} không thuộc năm {YEAR} của hồ sơ."]
    assert record.items.count() == 0


def test_the_self_examination_and_the_emulation_title_when_the_year_asks_for_them(cast):
    open_year(cast.district_a, registration=rules(self_examination=FieldUse.REQUIRED, emulation=True))
    record = make_commitment(person=cast.member_person, actor=cast.member)
    with pytest.raises(ValidationError) as exc:
        services.record_submit(actor=cast.member, record=record)
    assert messages(exc) == [str(reg.ERR_SELF_EXAMINATION), str(reg.ERR_EMULATION_TITLE)]
    extras = RecordExtras(
        shortcomings="Có lúc còn ngại va chạm", remedies="Thẳng thắn góp ý trong sinh hoạt chi bộ",
        emulation_title="Lao động tiên tiến",
    )  # fmt: skip
    items = [ItemInput(action=i.action, target=i.target, id=i.pk) for i in record.items.all()]
    record = services.record_save(
        actor=cast.member, record=record, version=record.version, items=items, extras=extras
    )
    record = services.record_submit(actor=cast.member, record=record)
    assert (record.state, record.emulation_title) == (RecordState.SUBMITTED, "Lao động tiên tiến")


def test_a_past_year_keeps_the_rules_it_was_written_under(cast):
    """A year opened before registration rules were kept has no row: its records are judged as they were
    (its minimum of actions, no maximum, no required field), and rated on the four levels before 2025."""
    past = open_year(cast.district_a, year=2020, plan_deadline=None, commitment_deadline=None)
    RegistrationRules.objects.filter(period=past).delete()
    in_force = rules_for(cast.cell_a1, 2020).registration
    assert in_force == reg.RuleSet(person_min=3, scoring=Scoring.LEVELS)
    assert reg.scoring_for_year(2024) == Scoring.LEVELS and reg.scoring_for_year(2025) == Scoring.QD366


def test_a_plan_is_held_only_to_the_fields_a_plan_has(cast):
    """A plan's contents have a time frame and who is responsible; the standards, deadline and supervisor
    the year requires are asked of persons' actions."""
    open_year(cast.district_a, registration=rules(uses=REQUIRED_ALL))
    plan = make_plan(org=cast.cell_a1, n=2)
    assert services.record_submit(actor=cast.leader, record=plan).state == RecordState.SUBMITTED


# --- Through the pages -------------------------------------------------------------------------------


def test_the_opening_page_sets_the_rules_and_refuses_a_looser_one(cast, client_for):
    open_year(cast.district_a, registration=rules(collective_min=3))
    client = client_for(cast.officer)
    url = f"{reverse('cycle:period-open')}?org={cast.commune_a1.pk}&year={YEAR}"
    page = client.get(url)
    assert page.context["form"].initial["collective_min"] == 3  # the parent's, to tighten from
    assert "Phần “tự soi, tự sửa”" in page.content.decode()
    data = {
        "org": cast.commune_a1.pk, "year": YEAR, "min_actions": "3", "interim_reviews": "midyear",
        "collective_min": "2", "standards": "optional", "target": "required", "deadline": "optional",
        "supervisor": "optional", "self_examination": "off", "scoring": "qd366",
        "plan_org_kinds": DEFAULT_PLAN_KINDS, "commitment_person_kinds": DEFAULT_COMMITMENT_KINDS,
    }  # fmt: skip
    refused = client.post(url, data)
    assert (
        "Cấp trên yêu cầu ít nhất 3 nội dung mỗi tập thể; cấp dưới không được giảm."
        in refused.content.decode()
    )
    assert not Period.objects.filter(org=cast.commune_a1).exists()
    client.post(url, data | {"collective_min": "4"})
    row = RegistrationRules.objects.get(period__org=cast.commune_a1)
    assert (row.collective_min, row.target) == (4, FieldUse.REQUIRED)


def test_the_member_writes_the_standards_and_the_self_examination_on_the_form(cast, client_for):
    open_year(cast.district_a, min_actions=1, registration=rules(self_examination=FieldUse.REQUIRED))
    record = make_commitment(person=cast.member_person, actor=cast.member, n=0)
    client = client_for(cast.member)
    url = reverse("cycle:record-edit", args=[record.pk])
    form = client.get(url).content.decode()
    assert "Cần, kiệm, liêm, chính, chí công vô tư" in form and 'name="shortcomings"' in form
    data = {
        "version": record.version, "row": ["a"], "action-a": "Đi làm đúng giờ, không về sớm",
        "target-a": "Cả năm không đi muộn buổi nào", "deadline-a": "", "standards-a": ["s4"],
        "supervisor-a": "Bí thư chi bộ", "then": "submit",
    }  # fmt: skip
    refused = client.post(url, data).content.decode()
    assert str(reg.ERR_SELF_EXAMINATION) in refused
    data |= {
        "version": record.version + 1,
        "shortcomings": "Còn ngại phát biểu",
        "remedies": "Chuẩn bị ý kiến trước",
    }
    client.post(url, data)
    record.refresh_from_db()
    assert (record.state, record.shortcomings) == (RecordState.SUBMITTED, "Còn ngại phát biểu")
    assert list(record.items.values_list("standards", "supervisor")) == [(["s4"], "Bí thư chi bộ")]


# --- People outside the Party: numbers of their own (issue of the 2026 rules, point 6) -------------


def test_people_outside_the_party_file_under_their_own_numbers_or_a_members(cast):
    """A district asks its members for 3 actions and the clerks and workers who are not members for 1 to 2:
    a clerk submits 1; 3 are too many for her; a member still needs 3."""
    open_year(
        cast.district_a,
        min_actions=3,
        commitment_person_kinds=[*DEFAULT_COMMITMENT_KINDS, PersonKind.CIVIL_SERVANT],
        registration=rules(nonparty_min=1, nonparty_max=2),
    )
    clerk = PersonFactory(org=cast.cell_a1, kind=PersonKind.CIVIL_SERVANT, full_name="Hà Thị Văn")
    one = services.record_submit(actor=None, record=make_commitment(person=clerk, n=1))
    assert one.state == RecordState.SUBMITTED
    other = PersonFactory(org=cast.cell_a1, kind=PersonKind.WORKER, full_name="Lý Văn Công")
    with pytest.raises(ValidationError) as exc:
        services.record_submit(actor=None, record=make_commitment(person=other, n=3))
    assert messages(exc) == ["Chỉ đăng ký tối đa 2 việc làm; hiện có 3."]
    with pytest.raises(ValidationError) as exc:
        services.record_submit(actor=cast.member, record=make_commitment(person=cast.member_person, n=1))
    assert "ít nhất 3" in " ".join(messages(exc))


def test_without_numbers_of_their_own_they_file_as_a_member_does():
    assert rules(person_min=3, person_max=5).nonparty_bounds() == (3, 5)
    assert rules(person_min=3, nonparty_min=1).bounds(collective=False, nonparty=True) == (1, None)


def test_a_lower_org_may_only_tighten_the_numbers_outside_the_party():
    parent = rules(person_min=3, nonparty_min=2, nonparty_max=3)
    assert reg.loosened(rules(person_min=3, nonparty_min=2, nonparty_max=3), parent) == {}
    assert reg.loosened(rules(person_min=3, nonparty_min=3, nonparty_max=2), parent) == {}
    looser = reg.loosened(rules(person_min=3, nonparty_min=1), parent)
    assert looser["nonparty_min"] == [
        "Cấp trên yêu cầu người ngoài Đảng đăng ký ít nhất 2 việc làm; cấp dưới không được giảm."
    ]
    assert looser["nonparty_max"] == [
        "Cấp trên cho người ngoài Đảng tối đa 3 việc làm; cấp dưới không được nới thêm."
    ]
    in_force = reg.combine([parent, rules(person_min=3, nonparty_min=3)])
    assert in_force is not None and in_force.nonparty_bounds() == (3, 3)
    assert reg.inconsistent(rules(nonparty_min=4, nonparty_max=2)) == {
        "nonparty_max": ["Số tối thiểu (4) không được lớn hơn số tối đa (2)."]
    }


def test_a_lower_year_that_loosens_them_is_refused_and_nothing_is_saved(cast):
    open_year(cast.district_a, registration=rules(nonparty_min=2))
    with pytest.raises(ValidationError) as exc:
        open_year(cast.commune_a1, registration=rules(nonparty_min=1))
    assert "nonparty_min" in exc.value.message_dict
    assert not Period.objects.filter(org=cast.commune_a1).exists()
