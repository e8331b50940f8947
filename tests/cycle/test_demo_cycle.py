"""The demo's yearly cycle (``seed_demo`` → ``lamtheobac.demo.cycle``): 2016 to the current year.

The module reads the demo seeded once for the whole run and copied into its database (``demo_db``,
tests/demo_db.py); tests that change the database run inside their own rolled-back transaction, and the
determinism test compares two builds of the first two years. "Today" is the local date, as in the command.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.utils import timezone

from lamtheobac.cycle import access
from lamtheobac.cycle.models import (
    Breakthrough,
    Document,
    Period,
    PeriodEvent,
    Rating,
    Record,
    RecordItem,
    RecordKind,
    RecordState,
    Result,
    Revision,
    Transition,
)
from lamtheobac.cycle.selectors import rules_for
from lamtheobac.cycle.services import check_score
from lamtheobac.cycle.workflow import Action
from lamtheobac.demo.cycle import build_cycle
from lamtheobac.demo.data.bach_thong import ROOT_CODE
from lamtheobac.demo.era import PROVINCE_CODE, era_of
from lamtheobac.demo.wipe import wipe, wipe_cycle
from lamtheobac.lib.formatting import number
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation import timeline
from lamtheobac.organisation.models import Membership, Org, Person

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
CURRENT = TODAY.year
PAST = range(2016, CURRENT)
ARTICLE_CONTENTS = (
    "cải cách thủ tục hành chính",
    "quản lý đô thị",
    "lấn chiếm hành lang an toàn giao thông",
    "người đứng đầu",
    "bảo vệ rừng",
)


def _fingerprint() -> dict:
    """Per-year counts and digests of every record and item, in creation order: what a seed must repeat."""
    counts = {
        (year, kind): n
        for year, kind, n in Record.objects.values("year", "kind")
        .annotate(n=Count("id"))
        .values_list("year", "kind", "n")
    }
    records = hashlib.sha256()
    for row in Record.objects.order_by("id").values_list(
        "year", "kind", "org__code", "person__full_name", "state", "rating", "score", "is_late", "created_at"
    ):
        records.update(repr(row).encode())
    items = hashlib.sha256()
    for row in RecordItem.objects.order_by("id").values_list("action", "target", "area", "result"):
        items.update(repr(row).encode())
    first = list(RecordItem.objects.order_by("id").values_list("action", flat=True)[:200])
    return {"counts": counts, "records": records.hexdigest(), "items": items.hexdigest(), "first": first}


@dataclass(frozen=True)
class Seeded:
    output: str
    fingerprint: dict


@pytest.fixture(scope="module")
def seeded(demo_db, django_db_blocker) -> Seeded:
    # The session's demo (tests/demo_db.py), copied into the database for this module.
    with django_db_blocker.unblock():
        return Seeded(output=demo_db.output, fingerprint=_fingerprint())


def _district_period(year: int) -> Period:
    """The year opened at the top of the demo: the district until 2024, the province from 2025."""
    return Period.objects.get(org__code=era_of(year).root_code, year=year)


def _user(username: str) -> User:
    return User.objects.get(username=username)


# --- Years -------------------------------------------------------------------------------------


def test_every_year_from_2016_to_this_one_is_opened_at_the_district_then_the_province(seeded):
    periods = [_district_period(year) for year in range(2016, CURRENT + 1)]
    assert [p.org.code for p in periods[-2:]] == [PROVINCE_CODE, PROVINCE_CODE]  # 2025 on the new tree
    # the province's years differ from each other, as the district's did
    assert len({(p.theme, p.plan_deadline) for p in periods}) == len(periods)
    for p in periods:
        assert p.min_actions == (1 if p.year >= 2026 else 3) and p.theme  # 2026: at least one per person
        for name in ("plan_deadline", "commitment_deadline", "yearend_deadline"):
            deadline = getattr(p, name)
            assert deadline.year == p.year or (p.year == CURRENT and name == "yearend_deadline"), (
                p.year,
                name,
            )
        assert p.plan_deadline <= p.commitment_deadline < p.yearend_deadline
        assert p.breakthroughs.count() >= 2
        codes = set(p.programmes.values_list("code", flat=True))
        assert "CT05" in codes
        assert ("NQTW4" in codes) == (p.year >= 2017) and ("QD08" in codes) == (p.year >= 2019)
        assert p.events.filter(action="opened").exists()
    assert _district_period(2016).theme.endswith("đoàn kết, xây dựng Đảng trong sạch, vững mạnh")
    assert _district_period(2017).theme.startswith(
        "Xây dựng phong cách, tác phong công tác của người đứng đầu"
    )
    assert "khát vọng phát triển đất nước phồn vinh, hạnh phúc" in _district_period(2021).theme
    # 2016 starts after Chỉ thị 05-CT/TW (15/5/2016)
    assert _district_period(2016).plan_deadline > datetime.date(2016, 5, 15)
    assert Document.objects.filter(number="05-CT/TW", period__year=2016).exists()


def test_the_breakthrough_contents_come_from_the_article(seeded):
    titles = " | ".join(
        Breakthrough.objects.filter(period__org__code=ROOT_CODE, period__year__lte=2020).values_list(
            "title", flat=True
        )
    ).lower()
    for content in ARTICLE_CONTENTS:
        assert content in titles, content
    in_2020 = " | ".join(_district_period(2020).breakthroughs.values_list("title", flat=True)).lower()
    assert all(content in in_2020 for content in ARTICLE_CONTENTS)


def test_some_communes_add_their_own_contents_and_only_tighten_the_rules(seeded):
    own = Period.objects.exclude(org__code__in=[ROOT_CODE, PROVINCE_CODE]).select_related("org")
    assert own.exists()
    assert Period.objects.filter(org__code="BT-LB").count() == 2024 - 2016 + 1  # until Lục Bình ended
    assert own.filter(min_actions=4).exists()
    assert own.filter(year=CURRENT).exists()
    for period in own:
        district = _district_period(period.year)
        # directly under the top of the year's tree
        assert org_selectors.span_in(period.org, period.year).parent_id == district.org_id
        assert period.breakthroughs.count() == 1
        assert period.min_actions >= district.min_actions
        for name in ("plan_deadline", "commitment_deadline", "yearend_deadline"):
            assert getattr(period, name) <= getattr(district, name), (period, name)
        assert period.state == district.state


def test_past_years_are_closed_and_their_records_locked_after_their_rating(seeded):
    for year in PAST:
        assert not Period.objects.filter(year=year, state=Period.State.OPEN).exists(), year
        assert (
            PeriodEvent.objects.filter(period__year=year, action="closed").count()
            == Period.objects.filter(year=year).count()
        )
    past = Record.objects.filter(year__lt=CURRENT)
    assert past.count() > 30_000
    assert set(past.values_list("state", "state_before_lock").distinct()) == {
        (RecordState.LOCKED, RecordState.RATED)
    }
    assert not past.filter(Q(rating="") | Q(score__isnull=True) | Q(rated_at__isnull=True)).exists()
    assert not past.filter(Q(approved_at__isnull=True) | Q(self_assessed_at__isnull=True)).exists()
    assert not RecordItem.objects.filter(record__year__lt=CURRENT, result="").exists()


def test_2020_is_the_article_every_collective_and_every_person_registered(seeded):
    root = Org.objects.get(code=ROOT_CODE)
    period = _district_period(2020)
    tree = org_selectors.tree_in_year(org_selectors.path_in(root, 2020), 2020)  # as it stood then
    required_orgs = Org.objects.filter(
        pk__in=[pk for pk, _, kind, _ in tree if kind in period.plan_org_kinds]
    )
    required_people = Person.objects.filter(
        memberships__in=Membership.objects.filter(
            timeline.year_q(2020), org_id__in=[pk for pk, *_ in tree], kind__in=period.commitment_person_kinds
        )
    )
    plans = Record.objects.filter(year=2020, kind=RecordKind.PLAN)
    commitments = Record.objects.filter(year=2020, kind=RecordKind.COMMITMENT)
    assert 245 <= plans.count() == required_orgs.count() <= 260
    assert commitments.count() == required_people.count() >= 3000
    assert set(plans.values_list("org_id", flat=True)) == set(required_orgs.values_list("pk", flat=True))
    assert set(commitments.values_list("person_id", flat=True)) == set(
        required_people.values_list("pk", flat=True)
    )
    # The first year had some catching up to do.
    first = Record.objects.filter(year=2016, kind=RecordKind.COMMITMENT).count()
    assert 0.9 * required_people.count() <= first < required_people.count()
    assert f"Năm 2020: {number(plans.count())} kế hoạch, {number(commitments.count())} bản cam kết" in (
        seeded.output
    )
    for year in range(2016, CURRENT + 1):
        assert f"Năm {year}: " in seeded.output


def test_every_commitment_has_at_least_the_actions_its_rules_require(seeded):
    counts = Record.objects.filter(kind=RecordKind.COMMITMENT).exclude(state=RecordState.DRAFT)
    counts = counts.annotate(n=Count("items")).values_list("org_id", "year", "n")
    orgs = {o.pk: o for o in Org.objects.all()}
    minimum: dict[tuple[int, int], int] = {}
    for org_id, year, n in counts:
        if (org_id, year) not in minimum:
            minimum[org_id, year] = rules_for(orgs[org_id], year).min_actions
        assert n >= minimum[org_id, year] >= (1 if year >= 2026 else 3), (orgs[org_id].code, year, n)
        assert n >= 3  # the demo's people write three actions at least, whatever the rules ask
    assert 4 in minimum.values()  # a commune asking for more
    sizes = Counter(n for _, year, n in counts if year == 2020)
    assert set(sizes) <= {3, 4, 5} and len(sizes) == 3


def test_ratings_are_realistic_and_scores_agree_with_them(seeded):
    ratings = Counter(
        Record.objects.filter(year__lt=CURRENT, kind=RecordKind.COMMITMENT).values_list("rating", flat=True)
    )
    total = sum(ratings.values())
    share = {rating: ratings[rating] / total for rating in Rating.values}
    assert 0.12 <= share[Rating.EXCELLENT] <= 0.20
    assert 0.62 <= share[Rating.GOOD] <= 0.75
    assert 0.10 <= share[Rating.COMPLETED] <= 0.16
    assert 0.005 <= share[Rating.NOT_COMPLETED] <= 0.025
    # The Party's rules: those rated excellent stay within 20% of those rated good.
    assert ratings[Rating.EXCELLENT] <= 0.2 * ratings[Rating.GOOD]
    for rating, score in Record.objects.exclude(rating="").values_list("rating", "score"):
        check_score(rating, score)
    # Self-assessed results agree with the rating.
    results = defaultdict(set)
    for rating, result in RecordItem.objects.filter(record__year=2020).values_list(
        "record__rating", "result"
    ):
        results[rating].add(result)
    assert results[Rating.EXCELLENT] == {Result.DONE}
    assert Result.NOT_DONE in results[Rating.NOT_COMPLETED]


# --- The current year ------------------------------------------------------------------------------


def test_the_current_year_is_open_with_work_in_progress(seeded):
    period = _district_period(CURRENT)
    assert period.state == Period.State.OPEN
    assert period.yearend_deadline >= TODAY + datetime.timedelta(days=14)
    records = Record.objects.filter(year=CURRENT)
    states = Counter(records.values_list("state", flat=True))
    assert RecordState.LOCKED not in states
    assert {RecordState.DRAFT, RecordState.SUBMITTED, RecordState.RETURNED, RecordState.APPROVED} <= set(
        states
    )
    if TODAY > period.commitment_deadline:
        assert states[RecordState.APPROVED] > records.count() / 2
        assert records.filter(is_late=True, state=RecordState.SUBMITTED).exists()
        # not everybody has started: the officer has someone to chase
        assert (
            records.filter(kind=RecordKind.COMMITMENT).count()
            < Person.objects.filter(kind__in=period.commitment_person_kinds).count()
        )
    assert not records.filter(state=RecordState.RETURNED, return_comment="").exists()
    now = timezone.now()
    assert not Transition.objects.filter(at__gt=now).exists()
    assert not records.filter(created_at__gt=now).exists()


def test_the_member_has_a_draft_to_finish(seeded):
    record = Record.objects.get(year=CURRENT, person__user__username="dangvien")
    assert record.state == RecordState.DRAFT and record.items.count() == 2
    assert record.created_by == _user("dangvien") and not record.entered_on_behalf
    assert record.revisions.get().version == record.version
    assert access.may(_user("dangvien"), record, Action.EDIT)
    # … and a history of past years
    assert (
        Record.objects.filter(person__user__username="dangvien", year__lt=CURRENT).count() == CURRENT - 2016
    )


def test_the_cell_leader_and_the_commune_secretary_have_queues(seeded):
    leader, secretary = _user("bithu_chibo"), _user("bithu_xa")
    waiting = Record.objects.filter(
        year=CURRENT, org__code="BT-LB-CB01", kind=RecordKind.COMMITMENT, state=RecordState.SUBMITTED
    )
    assert waiting.count() >= 3
    assert all(access.may(leader, r, Action.APPROVE) for r in waiting)
    own = Record.objects.get(year=CURRENT, person__user=leader)
    assert own.state == RecordState.APPROVED and own.approved_by == secretary
    plans = Record.objects.filter(
        year=CURRENT, kind=RecordKind.PLAN, org__parent__code="TN-PT", state=RecordState.SUBMITTED
    )
    assert plans.count() >= 2
    assert all(access.may(secretary, r, Action.APPROVE) for r in plans)


def test_the_cell_leader_writes_for_members_who_do_not_use_the_system(seeded):
    leader = _user("bithu_chibo")
    behalf = Record.objects.filter(entered_on_behalf=True)
    assert behalf.filter(year=CURRENT).count() >= 2
    assert set(behalf.values_list("created_by", flat=True)) == {leader.pk}
    assert set(behalf.values_list("org__code", flat=True)) == {"BT-LB-CB01"}
    assert not Transition.objects.filter(
        record__in=behalf, to_state=RecordState.SUBMITTED, on_behalf=False
    ).exists()


# --- What people wrote -------------------------------------------------------------------------


def test_actions_are_vietnamese_concrete_and_tied_to_the_years_contents(seeded):
    items = RecordItem.objects.filter(record__year=2020, record__kind=RecordKind.COMMITMENT)
    texts = list(items.values_list("action", "target"))
    assert all(unicodedata.is_normalized("NFC", a) and unicodedata.is_normalized("NFC", t) for a, t in texts)
    measurable = sum(bool(re.search(r"\d", a + t)) for a, t in texts)
    assert measurable > len(texts) / 2
    actions = {a for a, _ in texts}
    assert "Đi làm đúng giờ, không đi muộn, về sớm" in actions
    assert any(a.startswith("Vận động") and "hành lang an toàn giao thông" in a for a in actions)
    assert any(a.startswith("Trồng và chăm sóc") and "ha rừng" in a for a in actions)
    linked = items.exclude(breakthrough=None).values_list("breakthrough__title", flat=True).distinct()
    assert all(any(c in t.lower() for t in linked) for c in ARTICLE_CONTENTS)
    # Every item serves Chỉ thị 05; Nghị quyết TW4 only once it exists.
    through = RecordItem.programmes.through.objects
    assert through.filter(programme__code="CT05").count() == RecordItem.objects.count()
    assert through.filter(programme__code="NQTW4", recorditem__record__year=2020).exists()
    assert not through.filter(programme__code="NQTW4", recorditem__record__year=2016).exists()


def test_some_commitments_are_vague_and_some_copied_as_in_real_life(seeded):
    items = RecordItem.objects.filter(record__kind=RecordKind.COMMITMENT)
    vague = items.filter(action="Nâng cao ý thức trách nhiệm")
    assert vague.exists() and not any(re.search(r"\d", t) for t in vague.values_list("target", flat=True))
    actions: dict[int, tuple[str, ...]] = defaultdict(tuple)
    for record_id, action in items.order_by("record_id", "position").values_list("record_id", "action"):
        actions[record_id] += (action,)
    meta = Record.objects.filter(kind=RecordKind.COMMITMENT).values_list("id", "year", "org_id", "person_id")
    by_cell = Counter((year, org, actions[pk]) for pk, year, org, _ in meta)
    assert sum(n for n in by_cell.values() if n > 1) > 100  # whole commitments shared in a cell
    by_person = {(person, year): actions[pk] for pk, year, _, person in meta}
    same_as_last_year = sum(by_person.get((p, y - 1)) == a for (p, y), a in by_person.items())
    assert 0.05 * len(by_person) < same_as_last_year < 0.25 * len(by_person)
    returned = Transition.objects.filter(to_state=RecordState.RETURNED).values_list("comment", flat=True)
    assert any("giống" in c for c in returned)


def test_plans_have_items_with_timeframes_responsibles_and_results(seeded):
    luc_binh = Record.objects.get(year=2020, kind=RecordKind.PLAN, org__code="BT-LB")
    lines = list(luc_binh.items.all())
    assert len(lines) >= 4 and all(i.timeframe and i.responsible and i.target for i in lines)
    assert any("10/10 chi bộ" in i.target for i in lines)  # the article: 10/10 cells in Lục Bình
    timeframes = set(
        RecordItem.objects.filter(record__kind=RecordKind.PLAN).values_list("timeframe", flat=True)
    )
    assert {"Quý I", "Cả năm", "Hằng tháng"} <= timeframes
    assert RecordItem.objects.filter(record__kind=RecordKind.PLAN, responsible="Bí thư chi bộ").exists()


def test_every_record_has_its_history_in_order_inside_its_year(seeded):
    steps: dict[int, list] = defaultdict(list)
    for row in Transition.objects.order_by("record_id", "at", "id").values_list(
        "record_id", "from_state", "to_state", "at"
    ):
        steps[row[0]].append(row[1:])
    revisions = dict(Revision.objects.values_list("record_id", "version"))
    records = Record.objects.values_list("id", "year", "state", "version", "created_at", "submitted_at")
    for pk, year, state, version, created, submitted in records:
        chain = steps[pk]
        assert chain[0][0] == "" and chain[0][2] == created
        assert all(a[1] == b[0] for a, b in itertools.pairwise(chain)), pk
        assert chain[-1][1] == state
        assert all(timezone.localtime(at).year == year for _, to, at in chain if to != RecordState.LOCKED)
        assert revisions[pk] == version
        if submitted is not None:
            assert any(to == RecordState.SUBMITTED and at == submitted for _, to, at in chain)


# --- Determinism and wiping ----------------------------------------------------------------------


def test_the_same_seed_gives_the_same_years(seeded):
    """Two builds of the first two years from the same seed on the same district are the same, row for row;
    another seed gives other records (two small builds, not two seeds of the whole demo)."""
    today = datetime.date(2017, 6, 15)  # the whole of 2016, and 2017 in the middle of its year

    def build(seed: int) -> dict:
        wipe_cycle()
        assert not Record.objects.exists()
        assert [y.year for y in build_cycle(seed, today=today)] == [2016, 2017]
        return _fingerprint()

    first = build(2020)
    assert first["counts"] and first["first"]
    assert build(2020) == first
    assert build(7)["records"] != first["records"]


def test_wipe_deletes_the_years_before_the_orgs(seeded):
    deleted = wipe()
    assert deleted["records"] > 30_000 and deleted["periods"] >= CURRENT - 2016 + 1
    assert not Record.objects.exists() and not Period.objects.exists() and not Org.objects.exists()
    assert not RecordItem.objects.exists() and not Transition.objects.exists()


@pytest.mark.parametrize(
    "today",
    [
        datetime.date(2016, 6, 10),
        datetime.date(2017, 1, 2),
        datetime.date(2017, 4, 10),
        datetime.date(2017, 12, 30),
    ],
)
def test_any_today_gives_a_consistent_current_year(seeded, today):
    """Early in a year (nothing due yet), around the deadlines, on the last days: no crash, no future dates."""
    wipe_cycle()
    years = build_cycle(7, today=today)
    assert [y.year for y in years] == list(range(2016, today.year + 1))
    current = Period.objects.get(org__code=ROOT_CODE, year=today.year)
    assert current.state == Period.State.OPEN and current.yearend_deadline >= today
    end = datetime.datetime.combine(today, datetime.time(0), tzinfo=timezone.get_default_timezone())
    assert not Transition.objects.filter(record__year=today.year, at__gte=end).exists()
    assert not Period.objects.filter(opened_at__gte=end + datetime.timedelta(days=1)).exists()
    # the first days of January: the year is open, nobody has written anything yet
    assert Record.objects.filter(year=today.year).exists() == (today > datetime.date(today.year, 1, 9))
