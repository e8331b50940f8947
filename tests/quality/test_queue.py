"""The quality recount runs on the task queue: a save queues it in its own transaction, a worker does it."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from lamtheobac.cycle.models import Record, RecordKind
from lamtheobac.quality.models import RecordQuality
from lamtheobac.quality.services import refresh_all
from tests.cycle.builders import open_year
from tests.queue import run_worker

from .test_services import OWN, _write

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("db_queue")]


def test_a_saved_record_is_recounted_by_the_worker(cast):
    open_year(cast.district_a)
    record = _write(cast.member_person, OWN, submit=False)
    assert not RecordQuality.objects.filter(record=record).exists()  # queued, not yet counted
    assert DBTaskResult.objects.filter(task_path="lamtheobac.quality.tasks.refresh_record").exists()
    run_worker()
    row = RecordQuality.objects.get(record=record)
    assert (row.actions, row.concrete) == (3, 2)


def test_a_change_rolled_back_queues_nothing(cast):
    open_year(cast.district_a)
    before = DBTaskResult.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        _write(cast.member_person, OWN, submit=False)
        raise RuntimeError
    assert DBTaskResult.objects.count() == before
    assert not Record.objects.filter(kind=RecordKind.COMMITMENT, person=cast.member_person).exists()


def test_the_full_recount_can_be_left_to_a_worker(cast):
    open_year(cast.district_a)
    record = _write(cast.member_person, OWN, submit=False)
    run_worker()
    RecordQuality.objects.all().delete()
    out = io.StringIO()
    call_command("quality_refresh", "--queue", stdout=out)
    assert "hàng đợi" in out.getvalue() and not RecordQuality.objects.exists()
    run_worker()
    assert RecordQuality.objects.get(record=record).actions == 3
    task = DBTaskResult.objects.get(task_path="lamtheobac.reports.tasks.quality_refresh_all")
    assert task.return_value["records"] == refresh_all().records == 1
