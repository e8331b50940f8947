"""Nothing that writes a plan or commitment loses its progress: every service of ``cycle.services`` that takes
a record (or records, or moves records along) and the API's save are run over a record whose items have
progress notes, an evidence file and an interim assessment; the rows and the file are all still there after.

The services are found by introspection: one written tomorrow without a way to run it here fails the test."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lamtheobac.api import tokens
from lamtheobac.cycle import services
from lamtheobac.cycle.models import (
    Evidence,
    InterimAssessment,
    InterimReviews,
    Period,
    ProgressNote,
    Rating,
    Record,
    RecordItem,
)
from lamtheobac.cycle.selectors import rules_for
from lamtheobac.cycle.services import ItemInput

from .builders import assess_all, make_commitment

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def record_writers() -> list[str]:
    """The public services that take a ``record`` or ``records``, or move records through ``_move``."""
    found = []
    for name, function in inspect.getmembers(services, inspect.isfunction):
        # the services are a package: a function of any of its modules counts, where it is re-exported
        if name.startswith("_") or not function.__module__.startswith(services.__name__):
            continue
        params = inspect.signature(function).parameters
        if "record" in params or "records" in params or "_move(" in inspect.getsource(function):
            found.append(name)
    return sorted(found)


def _rows(record: Record, *, with_ids: bool) -> list[ItemInput]:
    """The record's items as a form sends them back, each a little reworded; with or without their ids."""
    return [
        ItemInput(action=f"{item.action} (sửa)", target=item.target, area=item.area,
                  id=item.pk if with_ids else None)
        for item in record.items.all()
    ]  # fmt: skip


def _returned(world) -> Record:
    return services.record_return(actor=world.leader, record=world.record, comment="Ghi rõ chỉ tiêu")


def _approved(world) -> Record:
    return services.record_approve(actor=world.leader, record=world.record)


def _self_assessed(world) -> Record:
    record = _approved(world)
    return services.record_self_assess(actor=world.member, record=record, assessments=assess_all(record))


def _save(with_ids: bool) -> Callable:
    def run(world):
        record = _returned(world)
        services.record_save(
            actor=world.member, record=record, version=record.version, items=_rows(record, with_ids=with_ids)
        )

    return run


def _api_save(with_ids: bool) -> Callable:
    def run(world):
        record = _returned(world)
        _token, key = tokens.create(user=world.member, name="Thử")
        api = Client(headers={"Authorization": f"Bearer {key}"})
        items = [
            {"action": row.action, "target": row.target, "area": row.area}
            | ({"id": row.id} if with_ids else {})
            for row in _rows(record, with_ids=True)
        ]
        body = json.dumps({"version": record.version, "items": items})
        answer = api.put(f"/api/v1/records/{record.pk}", body, content_type="application/json")
        assert answer.status_code == (200 if with_ids else 422), answer.content

    return run


def _quarter_reviewed(world):
    Period.objects.filter(pk=world.period.pk).update(interim_reviews=InterimReviews.QUARTERLY)
    return services.record_quarter_review(
        actor=world.leader, record=_approved(world), quarter=1, score=80, comment="Đạt"
    )


def _signed(world):
    scan = SimpleUploadedFile("ban-ky.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    return services.signed_copy_attach(actor=world.leader, record=_approved(world), upload=scan)


def _reopened(world):
    services.period_close(actor=world.officer, period=world.period)
    return services.period_reopen(actor=world.admin, period=world.period, reason="Sửa số liệu")


# service → how to run it over the world's submitted record (bringing it to the state it needs first)
RUNS: dict[str, Callable] = {
    "record_save": _save(with_ids=True),
    "record_submit": lambda w: services.record_submit(actor=w.member, record=_returned(w)),
    "record_approve": _approved,
    "record_return": _returned,
    "record_self_assess": _self_assessed,
    "record_rate": lambda w: services.record_rate(
        actor=w.leader, record=_self_assessed(w), rating=Rating.GOOD, score=80
    ),
    "record_interim_assess": lambda w: services.record_interim_assess(
        actor=w.member, record=_approved(w), stage="h1", assessments=assess_all(w.record)
    ),
    "records_bulk_approve": lambda w: services.records_bulk_approve(
        actor=w.leader, records=[w.record], versions={w.record.pk: w.record.version}
    ),
    "snapshot": lambda w: services.snapshot(w.record),
    "submit_problems": lambda w: services.submit_problems(
        w.record, rules_for(w.record.org, w.record.year), list(w.record.items.all())
    ),
    "rating_facts": lambda w: services.rating_facts(w.record),
    "record_quarter_review": _quarter_reviewed,
    "signed_copy_attach": _signed,
    "period_close": lambda w: services.period_close(actor=w.officer, period=w.period),
    "period_reopen": _reopened,
}
# the same writes the other ways a form or a program may send them
EXTRA_RUNS: dict[str, Callable] = {
    "record_save without the items' ids": _save(with_ids=False),
    "API PUT /records/{id} with the items' ids": _api_save(with_ids=True),
    "API PUT /records/{id} without the items' ids": _api_save(with_ids=False),
}


class World:
    """The member's submitted commitment: progress with an evidence file on its first item, an interim
    assessment on its second (as a returned record that was approved once, or reopened, may have)."""

    def __init__(self, cast, period):
        self.member, self.leader, self.officer, self.admin = (
            cast.member,
            cast.leader,
            cast.officer,
            cast.admin,
        )
        self.period = period
        record = make_commitment(person=cast.member_person, actor=cast.member)
        self.record = services.record_submit(actor=cast.member, record=record)
        first, second = list(self.record.items.all())[:2]
        upload = SimpleUploadedFile("anh-trong-cay.png", PNG)
        services.progress_add(actor=cast.member, item=first, text_="Đã trồng 20 cây", files=[upload])
        InterimAssessment.objects.create(item=second, stage="q1", result="done", created_by=cast.member)
        self.notes = set(ProgressNote.objects.values_list("pk", "item_id", "text"))
        self.evidence = list(Evidence.objects.all())
        self.assessments = set(InterimAssessment.objects.values_list("pk", "item_id", "stage"))

    def assert_nothing_lost(self):
        assert set(ProgressNote.objects.values_list("pk", "item_id", "text")) == self.notes
        assert set(InterimAssessment.objects.values_list("pk", "item_id", "stage")) >= self.assessments
        assert [e.pk for e in Evidence.objects.all()] == [e.pk for e in self.evidence]
        for evidence in self.evidence:
            assert evidence.file.storage.exists(evidence.file.name)
        assert RecordItem.objects.filter(record=self.record).count() == 3


def test_every_record_writer_is_run_here():
    """A service that writes records and is not run below would escape the test: it fails here instead."""
    assert set(record_writers()) == set(RUNS)


@pytest.mark.parametrize("name", [*RUNS, *EXTRA_RUNS])
def test_progress_notes_evidence_and_assessments_survive(name, cast, year):
    world = World(cast, year)
    run = RUNS.get(name) or EXTRA_RUNS[name]
    try:
        run(world)
    except ValidationError:
        # refused is fine (the record's progress must keep the item), losing anything is not
        assert "without" in name
    world.assert_nothing_lost()
