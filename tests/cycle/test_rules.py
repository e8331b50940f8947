"""The rules in force at an org: periods on its path combined; a lower period may only tighten."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from lamtheobac.cycle import selectors as cycle_selectors
from lamtheobac.cycle import services
from lamtheobac.cycle.models import InterimReviews, Period, PeriodEvent, Programme
from lamtheobac.cycle.rules import ERR_YEAR_CLOSED
from lamtheobac.cycle.selectors import check_year_open, rules_above, rules_for
from lamtheobac.organisation.models import OrgKind, PersonKind

from .builders import YEAR, in_days, open_year

pytestmark = pytest.mark.django_db


# --- rules_for --------------------------------------------------------------------------------


def test_it_has_no_rules_where_no_year_is_open(cast):
    rules = rules_for(cast.cell_a1, YEAR)
    assert rules.periods == []
    assert not rules.is_open
    assert rules.top is None


def test_it_applies_a_year_to_the_whole_subtree_and_not_beyond(cast, year):
    assert rules_for(cast.cell_a1, YEAR).is_open
    assert rules_for(cast.commune_a2, YEAR).is_open
    assert rules_for(cast.district_a, YEAR).top == year
    assert not rules_for(cast.province, YEAR).is_open
    assert not rules_for(cast.cell_b1, YEAR).is_open
    assert not rules_for(cast.cell_a1, YEAR + 1).is_open


def test_it_tightens_with_a_lower_orgs_own_period(cast, year):
    nqtw4 = Programme.objects.get(code="NQTW4")
    open_year(
        cast.commune_a1,
        theme="Chuyên đề riêng của xã",
        min_actions=5,
        commitment_deadline=in_days(10),
        midyear_deadline=in_days(100),
        interim_reviews=InterimReviews.QUARTERLY,
        commitment_person_kinds=[*year.commitment_person_kinds, PersonKind.OTHER],
        programmes=[nqtw4],
        breakthroughs=["Cải cách hành chính"],
    )
    rules = rules_for(cast.cell_a1, YEAR)
    assert [p.org for p in rules.periods] == [cast.district_a, cast.commune_a1]
    assert rules.theme == "Chuyên đề năm thử nghiệm"  # from the top
    assert rules.min_actions == 5
    assert rules.commitment_deadline == in_days(10)  # the earliest
    assert rules.plan_deadline == in_days(30)  # inherited
    assert rules.midyear_deadline == in_days(100)  # only the commune set one
    assert rules.interim_reviews == InterimReviews.QUARTERLY
    assert PersonKind.OTHER in rules.commitment_person_kinds
    assert set(year.commitment_person_kinds) <= rules.commitment_person_kinds
    assert {p.code for p in cycle_selectors.programmes_in_force(rules)} == {"CT05", "NQTW4"}
    assert [b.title for b in cycle_selectors.breakthroughs_in_force(rules)] == ["Cải cách hành chính"]
    # The sibling commune keeps the district's rules.
    sibling = rules_for(cast.commune_a2, YEAR)
    assert (sibling.min_actions, sibling.commitment_deadline) == (3, in_days(30))
    assert {p.code for p in cycle_selectors.programmes_in_force(sibling)} == {"CT05"}


def test_it_takes_the_largest_minimum_whatever_the_order_of_opening(cast):
    # The commune opened first with 5, the district afterwards with 4: 5 still holds below.
    open_year(cast.commune_a1, min_actions=5)
    open_year(cast.district_a, min_actions=4)
    assert rules_for(cast.cell_a1, YEAR).min_actions == 5
    assert rules_for(cast.commune_a2, YEAR).min_actions == 4


def test_it_takes_the_theme_from_a_lower_period_only_when_the_top_has_none(cast):
    open_year(cast.district_a, theme="")
    open_year(cast.commune_a1, theme="Chuyên đề của xã")
    assert rules_for(cast.cell_a1, YEAR).theme == "Chuyên đề của xã"


def test_it_lists_breakthroughs_from_the_top_down(cast):
    open_year(cast.district_a, breakthroughs=["Nội dung huyện 1", "Nội dung huyện 2"])
    open_year(cast.commune_a1, breakthroughs=["Nội dung xã"])
    titles = [b.title for b in cycle_selectors.breakthroughs_in_force(rules_for(cast.cell_a1, YEAR))]
    assert titles == ["Nội dung huyện 1", "Nội dung huyện 2", "Nội dung xã"]


def test_it_is_closed_when_any_period_on_the_path_is_closed(cast, year):
    commune = open_year(cast.commune_a1)
    services.period_close(actor=cast.officer, period=commune)
    assert not rules_for(cast.cell_a1, YEAR).is_open
    assert rules_for(cast.commune_a2, YEAR).is_open
    services.period_reopen(actor=cast.admin, period=commune, reason="Bổ sung hồ sơ")
    services.period_close(actor=cast.officer, period=year)
    assert not rules_for(cast.cell_a1, YEAR).is_open
    assert not rules_for(cast.commune_a2, YEAR).is_open


def test_it_reads_the_rules_above_an_org_without_its_own(cast, year):
    open_year(cast.commune_a1, min_actions=6)
    assert [p.org for p in rules_above(cast.commune_a1, YEAR).periods] == [cast.district_a]
    assert rules_above(cast.commune_a1, YEAR).min_actions == 3


# --- period_open ------------------------------------------------------------------------------


def test_it_opens_a_year_with_the_core_programme_and_an_event(cast):
    period = open_year(
        cast.district_a,
        actor=cast.officer,
        theme="  <b>Chuyên đề</b>   năm  ",
        breakthroughs=["  Một ", "", "Hai"],
    )
    assert period.state == Period.State.OPEN
    assert period.theme == "Chuyên đề năm"
    assert period.opened_by == cast.officer
    assert [p.code for p in period.programmes.all()] == ["CT05"]
    assert [b.title for b in period.breakthroughs.all()] == ["Một", "Hai"]
    assert list(period.events.values_list("action", "actor")) == [("opened", cast.officer.pk)]


def test_it_refuses_a_second_period_for_the_same_org_and_year(cast, year):
    with pytest.raises(ValidationError) as exc:
        open_year(cast.district_a)
    assert exc.value.message_dict == {
        "year": [services.ERR_YEAR_EXISTS % {"year": YEAR, "org": cast.district_a.name}]
    }
    assert Period.objects.filter(org=cast.district_a, year=YEAR).count() == 1
    # Another year at the same org is fine.
    open_year(cast.district_a, year=YEAR + 1)


def test_it_refuses_fewer_actions_than_inherited(cast, year):
    with pytest.raises(ValidationError) as exc:
        open_year(cast.commune_a1, min_actions=2)
    assert exc.value.message_dict == {"min_actions": [services.ERR_LOOSER_MIN % {"n": 3}]}
    assert not Period.objects.filter(org=cast.commune_a1).exists()


def test_it_refuses_a_later_deadline_than_inherited(cast, year):
    with pytest.raises(ValidationError) as exc:
        open_year(cast.commune_a1, commitment_deadline=in_days(31), plan_deadline=in_days(29))
    expected = services.ERR_LATER_DEADLINE % {"date": in_days(30).strftime("%d/%m/%Y")}
    assert exc.value.message_dict == {"commitment_deadline": [expected]}
    assert not Period.objects.filter(org=cast.commune_a1).exists()


def test_it_refuses_dropping_a_required_kind(cast, year):
    with pytest.raises(ValidationError) as exc:
        open_year(
            cast.commune_a1,
            commitment_person_kinds=[PersonKind.MEMBER, PersonKind.PROBATIONARY, PersonKind.CIVIL_SERVANT],
            plan_org_kinds=[k for k in OrgKind.values if k != OrgKind.CELL],
        )
    assert exc.value.message_dict == {
        "commitment_person_kinds": [services.ERR_FEWER_KINDS % {"kinds": "Viên chức"}],
        "plan_org_kinds": [services.ERR_FEWER_KINDS % {"kinds": OrgKind.CELL.label}],
    }


def test_it_reports_every_loosening_at_once(cast, year):
    with pytest.raises(ValidationError) as exc:
        open_year(cast.commune_a1, min_actions=1, commitment_deadline=in_days(60), commitment_person_kinds=[])
    assert set(exc.value.message_dict) == {"min_actions", "commitment_deadline", "commitment_person_kinds"}


def test_it_lets_a_lower_org_keep_the_inherited_rules_exactly(cast, year):
    period = open_year(cast.commune_a1, min_actions=3, commitment_deadline=in_days(30))
    assert period.pk


def test_it_lets_a_top_org_choose_any_rules(cast):
    period = open_year(cast.district_a, min_actions=1, commitment_person_kinds=[])
    assert period.min_actions == 1


def test_it_refuses_a_loosening_update_too(cast, year):
    commune = open_year(cast.commune_a1, min_actions=4)
    data = services.PeriodInput(year=YEAR, min_actions=2)
    with pytest.raises(ValidationError) as exc:
        services.period_update(actor=cast.officer, period=commune, data=data)
    assert exc.value.message_dict == {"min_actions": [services.ERR_LOOSER_MIN % {"n": 3}]}
    commune.refresh_from_db()
    assert commune.min_actions == 4
    assert not PeriodEvent.objects.filter(period=commune, action="edited").exists()


def test_it_refuses_an_out_of_range_minimum(cast):
    # The model's check constraint answers (in English); the form bounds the field to 1–20 before that.
    with pytest.raises(ValidationError):
        open_year(cast.district_a, min_actions=21)
    assert not Period.objects.exists()


# --- check_year_open --------------------------------------------------------------------------


def _closed_message(check) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        check()
    return exc.value.messages


def test_a_closed_year_locks_its_dates_below_the_org_that_closed_it(cast, year):
    services.period_close(actor=cast.officer, period=year)
    message = str(ERR_YEAR_CLOSED % {"year": YEAR, "org": cast.district_a.name})
    for org in (cast.district_a, cast.commune_a1, cast.cell_a1):
        for when in (YEAR, datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)):
            assert _closed_message(lambda o=org, w=when: check_year_open(org=o, date_or_year=w)) == [message]
    # above it, beside it, and in other years, nothing is locked
    for org in (cast.province, cast.cell_b1):
        check_year_open(org=org, date_or_year=YEAR)
    check_year_open(org=cast.cell_a1, date_or_year=YEAR - 1)
    check_year_open(org=cast.cell_a1, date_or_year=None)


def test_a_year_never_opened_is_not_closed(cast):
    check_year_open(org=cast.cell_a1, date_or_year=YEAR)


def test_the_refusal_names_the_field_when_asked(cast, year):
    services.period_close(actor=cast.officer, period=year)
    with pytest.raises(ValidationError) as exc:
        check_year_open(org=cast.cell_a1, date_or_year=datetime.date(YEAR, 3, 1), field="held_on")
    assert exc.value.message_dict == {
        "held_on": [str(ERR_YEAR_CLOSED % {"year": YEAR, "org": cast.district_a.name})]
    }


def test_a_lower_orgs_closed_year_locks_its_subtree_only_and_names_the_highest_closer(cast, year):
    lower = open_year(cast.commune_a1)
    services.period_close(actor=cast.officer, period=lower)
    check_year_open(org=cast.district_a, date_or_year=YEAR)
    check_year_open(org=cast.commune_a2, date_or_year=YEAR)
    expected = [str(ERR_YEAR_CLOSED % {"year": YEAR, "org": cast.commune_a1.name})]
    assert _closed_message(lambda: check_year_open(org=cast.cell_a1, date_or_year=YEAR)) == expected
    services.period_close(actor=cast.officer, period=year)
    expected = [str(ERR_YEAR_CLOSED % {"year": YEAR, "org": cast.district_a.name})]
    assert _closed_message(lambda: check_year_open(org=cast.cell_a1, date_or_year=YEAR)) == expected


def test_a_reopened_year_is_open_again(cast, year):
    services.period_close(actor=cast.officer, period=year)
    services.period_reopen(actor=cast.admin, period=year, reason="Bổ sung số liệu còn thiếu")
    check_year_open(org=cast.cell_a1, date_or_year=YEAR)
