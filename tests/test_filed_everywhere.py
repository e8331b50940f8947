"""Filed and not filed are one count everywhere: on random years of the cast's district (plans and commitments
in every state, submitted on time and late, returned ones, drafts, people who left, a stopped cell, a commune
whose year is closed), the dashboard, the year's page, the lagging page, the API and ``manage.py figures``
show the same filed and not-filed counts for every org of the tree, and filed + not filed = who must file.

The expected counts come from what the generator did to each org and person, not from the code under test."""

from __future__ import annotations

import io
import json
import random
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.urls import reverse

from lamtheobac.cycle import services
from lamtheobac.cycle.models import DEFAULT_COMMITMENT_KINDS, Period, RecordState
from lamtheobac.cycle.services import PeriodInput
from lamtheobac.lib.formatting import number
from lamtheobac.organisation import services as org_services
from lamtheobac.organisation.models import Org, OrgKind, PersonKind
from lamtheobac.reports import selectors as reports_selectors
from lamtheobac.reports.services import counters
from tests.api.test_api import api_client
from tests.cycle.builders import YEAR, bring_to, in_days, make_commitment, make_plan, open_year

from .factories import OrgFactory, PersonFactory

pytestmark = pytest.mark.django_db

S = RecordState
STANDINGS = [None, S.DRAFT, S.SUBMITTED, S.RETURNED, S.APPROVED, S.SELF_ASSESSED, S.RATED]
FILED = {S.SUBMITTED, S.APPROVED, S.SELF_ASSESSED, S.RATED}  # returned for correction: owed again
APPROVED = {S.APPROVED, S.SELF_ASSESSED, S.RATED}


@dataclass
class Writer:
    """One org (its plan) or one person (their commitment), where it sits and what became of its record."""

    path: str
    required: bool
    standing: str | None


@dataclass
class Expected:
    required: int = 0
    filed: int = 0
    approved: int = 0
    returned: int = 0

    @property
    def not_filed(self) -> int:
        return self.required - self.filed

    @property
    def waiting(self) -> int:
        return self.filed - self.approved


def _expected(writers: list[Writer], org: Org) -> Expected:
    found = Expected()
    for w in writers:
        if w.required and w.path.startswith(org.path):
            found.required += 1
            found.filed += w.standing in FILED
            found.approved += w.standing in APPROVED
            found.returned += w.standing == S.RETURNED
    return found


def _write(cast, standing: str | None, plan_of=None, person=None) -> str | None:
    if standing is None:
        return None
    record = make_plan(org=plan_of) if plan_of is not None else make_commitment(person=person)
    bring_to(record, standing, writer=None, leader=cast.leader)
    return standing


def _world(cast, seed: int) -> tuple[list[Writer], list[Writer], list[Org]]:
    """The random year; returns the plans' writers, the commitments' writers and the active orgs."""
    rng = random.Random(seed)
    district = cast.district_a
    period = open_year(district, actor=cast.officer)  # deadlines a month ahead
    orgs = [district, cast.commune_a1, cast.cell_a1, cast.commune_a2]
    for commune in (cast.commune_a1, cast.commune_a2):
        for _ in range(rng.randint(1, 3)):
            orgs.append(
                OrgFactory(parent=commune, kind=rng.choice([OrgKind.CELL, OrgKind.CELL, OrgKind.AGENCY]))
            )
    people = [cast.member_person, cast.colleague, cast.person_a2, cast.officer.person]
    for org in orgs[1:]:
        people += [
            PersonFactory(org=org, kind=rng.choice(list(PersonKind.values))) for _ in range(rng.randint(0, 4))
        ]
    stopped = OrgFactory(name="Chi bộ đã giải thể", parent=cast.commune_a2)
    leaving = [PersonFactory(org=stopped), *rng.sample(people, k=3)]

    plans = {org.pk: None for org in [*orgs, stopped]}
    commitments = {p.pk: None for p in [*people, leaving[0]]}
    # half on time, then the deadlines pass and the other half is written late
    writers = [("plan", o) for o in [*orgs, stopped]] + [("commitment", p) for p in [*people, leaving[0]]]
    rng.shuffle(writers)
    half = len(writers) // 2
    for i, (kind, who) in enumerate(writers):
        if i == half:
            Period.objects.filter(pk=period.pk).update(
                plan_deadline=in_days(-3), commitment_deadline=in_days(-2)
            )
        standing = STANDINGS[i] if i < len(STANDINGS) else rng.choice(STANDINGS)  # each at least once
        if kind == "plan":
            plans[who.pk] = _write(cast, standing, plan_of=who)
        else:
            commitments[who.pk] = _write(cast, standing, person=who)
    for person in leaving:  # people who left, after filing or not; the cell they emptied stops
        org_services.person_update(actor=None, person=person, active=False)
    org_services.org_deactivate(actor=None, org=stopped)
    # Vũ Muộn opened its own year and closed it: its records are locked as they stood, returned ones too
    own = services.period_open(actor=cast.officer, org=cast.commune_a2, data=PeriodInput(
        year=YEAR, plan_deadline=in_days(-3), commitment_deadline=in_days(-2)))  # fmt: skip
    services.period_close(actor=cast.officer, period=own)

    left = {p.pk for p in leaving}
    plan_writers = [
        Writer(o.path, o.pk not in (district.pk, stopped.pk), plans[o.pk]) for o in [*orgs, stopped]
    ]
    commitment_writers = [
        Writer(p.org.path, p.pk not in left and p.kind in DEFAULT_COMMITMENT_KINDS, commitments[p.pk])
        for p in [*people, leaving[0]]
    ]
    return plan_writers, commitment_writers, orgs


def _stat(body: str, shown: str, label: str) -> None:
    assert f"<b>{shown}</b><span>{label}" in body, (shown, label)


def _pair(part: int, whole: int) -> str:
    return f"{number(part)}/{number(whole)}"


@pytest.mark.parametrize(("seed", "built"), [(1, True), (2, False), (3, True)])
def test_every_page_counts_filed_and_not_filed_alike_on_random_data(cast, client_for, seed, built):
    if built:  # the dashboard reads the counts the writes keep up to date
        counters.reconcile()
    plan_writers, commitment_writers, orgs = _world(cast, seed)
    assert {w.standing for w in plan_writers + commitment_writers} >= set(STANDINGS)  # every state occurs
    assert reports_selectors.is_built(YEAR) is built
    officer, api = client_for(cast.officer), api_client(cast.officer)
    years = {p.org_id: p for p in Period.objects.filter(year=YEAR)}
    for org in orgs:
        plans, people = _expected(plan_writers, org), _expected(commitment_writers, org)
        query = {"org": org.pk, "year": YEAR}

        board = officer.get(reverse("reports:dashboard"), query)
        body = board.content.decode()
        _stat(body, _pair(plans.filed, plans.required), "tập thể đã nộp kế hoạch")
        _stat(body, _pair(people.filed, people.required), "cá nhân đã nộp bản cam kết")
        total = board.context["total"]
        assert (total.plans_approved, total.commitments_approved) == (plans.approved, people.approved), (
            org.name
        )
        for row in board.context["board"].children:
            child = Org.objects.get(pk=row.org.pk)
            shown = (row.figures.plans_filed, row.figures.orgs_required, row.figures.commitments_filed,
                     row.figures.people_required)  # fmt: skip
            p, c = _expected(plan_writers, child), _expected(commitment_writers, child)
            assert shown == (p.filed, p.required, c.filed, c.required), child.name

        lagging = officer.get(reverse("cycle:lagging"), query)
        body = lagging.content.decode()
        _stat(body, _pair(plans.not_filed, plans.required), "tập thể chưa nộp kế hoạch")
        _stat(body, _pair(people.not_filed, people.required), "cá nhân chưa nộp bản cam kết")
        _stat(body, number(plans.waiting), "kế hoạch đã nộp, chờ duyệt")
        _stat(body, number(people.waiting), "bản cam kết đã nộp, chờ duyệt")
        report = lagging.context["report"]
        for part, expected in ((report.plans, plans), (report.commitments, people)):
            assert (part.filed + part.not_filed, part.returned) == (expected.required, expected.returned)
            # past the deadline, the list holds exactly who is not filed or still waiting
            assert len(part.lags) == expected.not_filed + expected.waiting, org.name
            assert sum(lag.status == "returned" for lag in part.lags) == expected.returned

        figures = api.get("/api/v1/dashboard", query).json()["total"]
        out = io.StringIO()
        call_command("figures", org=org.code, year=YEAR, stdout=out)
        command = json.loads(out.getvalue())
        for shown in (figures, command):
            assert (shown["plans_filed"], shown["orgs_required"], shown["plans_approved"]) == (
                plans.filed,
                plans.required,
                plans.approved,
            ), org.name
            assert (shown["commitments_filed"], shown["people_required"], shown["commitments_approved"]) == (
                people.filed,
                people.required,
                people.approved,
            ), org.name
        assert (command["plans_not_filed"], command["commitments_not_filed"]) == (
            plans.not_filed,
            people.not_filed,
        )

        if org.pk in years:  # the year's page of the org that opened it
            page = officer.get(reverse("cycle:period-detail", args=[years[org.pk].pk]))
            body = page.content.decode()
            _stat(body, _pair(plans.filed, plans.required), "tập thể đã nộp kế hoạch (")
            _stat(body, _pair(people.filed, people.required), "cá nhân đã nộp bản cam kết (")
            _stat(body, number(plans.waiting + people.waiting), "hồ sơ đang chờ duyệt")
            for row in page.context["by_child"]:
                child = Org.objects.get(pk=row.org.pk)
                p, c = _expected(plan_writers, child), _expected(commitment_writers, child)
                shown = (row.plans_filed, row.orgs_required, row.commitments_filed, row.people_required)
                assert shown == (p.filed, p.required, c.filed, c.required), child.name
    assert set(years) == {cast.district_a.pk, cast.commune_a2.pk}
    if built:
        assert counters.reconcile(repair=False) == []  # the kept counts never drifted from a recount
