"""The demo district: the copies its generator planted are found and listed, and a member typing a
colleague's action is warned."""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from lamtheobac.cycle.models import Record, RecordItem, RecordKind
from lamtheobac.cycle.workflow import filed_q
from lamtheobac.demo.data.bach_thong import ROOT_CODE
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation import timeline
from lamtheobac.organisation.models import Org
from lamtheobac.quality.models import RecordQuality
from lamtheobac.quality.similar import THRESHOLD, signature
from lamtheobac.quality.text import jaccard

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(demo_db) -> None:
    """The session's demo (tests/demo_db.py), copied into the database for this module."""


def _login(client, username: str):
    client.force_login(User.objects.get(username=username))
    return client


def _signature(record_id: int) -> frozenset[str]:
    texts = []
    for action, target in RecordItem.objects.filter(record_id=record_id).values_list("action", "target"):
        texts += [action, target]
    return signature(texts)


def _planted(org: Org, year: int) -> list[list[int]]:
    """The generator's copies: filed commitments of one org and year with word-for-word the same items."""
    same: dict[tuple, list[int]] = defaultdict(list)
    records = Record.objects.filter(
        filed_q(),
        timeline.subtree_in_year(org_selectors.path_in(org, year), year),
        year=year,
        kind=RecordKind.COMMITMENT,
    ).prefetch_related("items")
    for r in records:
        same[(r.org_id, tuple((i.action, i.target) for i in r.items.all()))].append(r.pk)
    return [sorted(v) for v in same.values() if len(v) > 1]


@pytest.mark.parametrize(
    ("planted_in", "year"), [("BT-LB", 2020), ("TN-PT", timezone.localdate().year)]
)  # Lục Bình's copies of 2020, read in Phủ Thông (which took it in, with its cells); Phủ Thông's own this year
def test_the_commune_lists_the_clusters_the_generator_planted(seeded, client, planted_in, year):
    planted = _planted(Org.objects.get(code=planted_in), year)
    assert planted, "the demo plants copied commitments in the commune"
    commune = Org.objects.get(code="TN-PT")
    response = _login(client, "bithu_xa").get(reverse("reports:quality"), {"org": commune.pk, "year": year})
    assert response.status_code == 200
    listed = [{r.pk for r in g.records} for g, named in response.context["groups"]]
    assert all(named for _g, named in response.context["groups"])  # the commune's secretary sees names
    for group in planted:
        assert any(set(group) <= cluster for cluster in listed), group
    # a listed cluster that is not a planted group still holds only near-identical commitments (the demo's
    # pools are small: two villagers may differ by one number), each with a partner ≥ 0.8 similar
    for cluster in listed:
        if any(set(g) == cluster for g in planted):
            continue
        sigs = {pk: _signature(pk) for pk in cluster}
        for pk in cluster:
            assert any(jaccard(sigs[pk], sigs[other]) >= THRESHOLD for other in cluster - {pk}), pk
    body = response.content.decode()
    names = Record.objects.filter(pk__in=planted[0]).values_list("person__full_name", flat=True)
    assert all(name in body for name in names)


def test_dangvien_typing_a_colleagues_action_is_warned(seeded, client):
    me = Record.objects.get(person__user__username="dangvien", year=timezone.localdate().year)
    copied = RecordQuality.objects.filter(
        record__org=me.org, record__year=me.year, cluster__isnull=False
    ).first()
    colleague = (
        copied.record if copied else Record.objects.filter(org=me.org, year=me.year).exclude(pk=me.pk)[0]
    )
    action = RecordItem.objects.filter(record=colleague).order_by("position")[0].action
    client = _login(client, "dangvien")
    response = client.post(reverse("quality:check", args=[me.pk]), {"check": "r1", "action-r1": action})
    body = response.content.decode()
    assert response.status_code == 200
    assert "cam kết khác trong chi bộ" in body
    assert colleague.person.full_name not in body
    # the same words typed on a phone without diacritics
    from lamtheobac.lib.text import fold

    response = client.post(reverse("quality:check", args=[me.pk]), {"check": "r1", "action-r1": fold(action)})
    assert "cam kết khác trong chi bộ" in response.content.decode()


def test_the_demo_so_ket_states_the_quality_of_commitments(seeded, client):
    from lamtheobac.reports.models import Report

    report = Report.objects.get(number__startswith="125")
    text = " ".join(s["text"] for s in report.sections)
    assert "Về chất lượng bản cam kết, qua rà soát, năm 2020 có" in text and "đạt yêu cầu cụ thể" in text
    assert "nhóm gồm" in text and "gần như chép lại bản của năm trước" in text


def test_the_dashboard_child_table_has_the_concrete_share(seeded, client):
    district = Org.objects.get(code=ROOT_CODE)  # the district of 2020, ended since 1/7/2025
    response = _login(client, "chuyenvien").get(
        reverse("reports:dashboard"), {"org": district.pk, "year": 2020}
    )
    body = response.content.decode()
    assert "Việc làm cụ thể" in body
    total = response.context["total"]
    assert 0.6 < total.concrete_share < 0.95 and total.clusters > 10
