"""Plain helpers for the cycle tests: build records through the services, read their history back."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from lamtheobac.cycle import services
from lamtheobac.cycle.models import Area, Period, Rating, Record, RecordKind, RecordState, Result
from lamtheobac.cycle.services import AssessmentInput, ItemInput, PeriodInput
from lamtheobac.organisation.models import Org, Person

YEAR = timezone.localdate().year


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def open_year(org: Org, *, year: int = YEAR, actor: User | None = None, **fields) -> Period:
    """Open ``year`` at ``org`` with deadlines a month ahead unless told otherwise."""
    fields.setdefault("plan_deadline", in_days(30))
    fields.setdefault("commitment_deadline", in_days(30))
    return services.period_open(actor=actor, org=org, data=PeriodInput(year=year, **fields))


def item_inputs(n: int, prefix: str = "Đọc một tác phẩm của Bác") -> list[ItemInput]:
    return [
        ItemInput(action=f"{prefix} số {i}", target="Mỗi tháng một lần", area=Area.ETHICS)
        for i in range(1, n + 1)
    ]


def make_commitment(
    *, person: Person, year: int = YEAR, n: int = 3, actor: User | None = None, on_behalf: bool = False
) -> Record:
    """A draft commitment of ``person`` with ``n`` items, written through record_create + record_save."""
    record = services.record_create(
        actor=actor, kind=RecordKind.COMMITMENT, year=year, person=person, on_behalf=on_behalf
    )
    if n:
        record = services.record_save(
            actor=actor, record=record, version=record.version, items=item_inputs(n), on_behalf=on_behalf
        )
    return record


def make_plan(*, org: Org, year: int = YEAR, n: int = 2, actor: User | None = None) -> Record:
    """A draft plan of ``org`` with ``n`` items."""
    record = services.record_create(actor=actor, kind=RecordKind.PLAN, year=year, org=org)
    if n:
        record = services.record_save(
            actor=actor, record=record, version=record.version, items=item_inputs(n, "Tổ chức học chuyên đề")
        )
    return record


def assess_all(record: Record, result: str = Result.DONE, *, exceeded: bool = False) -> list[AssessmentInput]:
    """Every action assessed ``result`` (done on time; ``exceeded``: beyond its requirement, as QĐ 366-QĐ/TW
    asks of at least 30% of them for "xuất sắc")."""
    return [
        AssessmentInput(item=item, result=result, note="Đã làm", on_time=True, exceeded=exceeded)
        for item in record.items.all()
    ]


def bring_to(record: Record, state: str, *, writer: User | None, leader: User | None) -> Record:
    """Walk a draft record along the happy path up to ``state`` (draft, submitted, approved,
    returned, self_assessed or rated)."""
    if state == RecordState.DRAFT:
        return record
    record = services.record_submit(actor=writer, record=record)
    if state == RecordState.SUBMITTED:
        return record
    if state == RecordState.RETURNED:
        return services.record_return(actor=leader, record=record, comment="Cần cụ thể hơn")
    record = services.record_approve(actor=leader, record=record)
    if state == RecordState.APPROVED:
        return record
    record = services.record_self_assess(actor=writer, record=record, assessments=assess_all(record))
    if state == RecordState.SELF_ASSESSED:
        return record
    record = services.record_rate(actor=leader, record=record, rating=Rating.GOOD, score=80)
    assert state == RecordState.RATED, state
    return record


def chain(record: Record) -> list[tuple[str, str]]:
    """The record's history as (from, to) pairs, oldest first."""
    return list(record.transitions.order_by("id").values_list("from_state", "to_state"))


def messages(exc: pytest.ExceptionInfo) -> list[str]:
    return [str(m) for m in exc.value.messages]
