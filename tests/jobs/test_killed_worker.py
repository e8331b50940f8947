"""Workers killed for real: ``manage.py worker`` processes on a database file, as ``make run`` and the
service units start them, one killed with SIGKILL in the middle of writing a 30.000-row export.

The next worker started on the host knows the dead one at once (its pid is gone) and runs the export again:
written once, whole, and nothing half-written left beside it. Killed again on its last attempt, the export is
marked failed with a message, and what the killed worker had half-written goes too."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.long

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 30_000

SETUP = f"""
from django.contrib.auth import get_user_model
from lamtheobac.lib import text
from lamtheobac.organisation import services
from lamtheobac.organisation.models import OrgKind, Person, PersonKind, Role
from lamtheobac.organisation.services import export_jobs

org = services.org_create(actor=None, parent=None, kind=OrgKind.GRASSROOTS_COMMITTEE, name="Đảng bộ xã Lục Bình", code="LB")
officer = get_user_model().objects.create_user("chuyenvien", password="x")
services.grant_create(actor=None, user=officer, org=org, role=Role.OFFICER)
names = [f"Nguyễn Văn Thử {{n}}" for n in range({PEOPLE})]
Person.objects.bulk_create(
    [Person(full_name=n, name_folded=text.fold(n), name_sort=text.name_sort_key(n), kind=PersonKind.MEMBER, org=org)
     for n in names],
    batch_size=2000,
)
"""
QUEUE = """
from django.contrib.auth import get_user_model
from lamtheobac.organisation.models import Org
from lamtheobac.organisation.services import export_jobs

officer = get_user_model().objects.get(username="chuyenvien")
print(export_jobs.export_people_request(actor=officer, org=Org.objects.get(code="LB"), filename="ca-nhan.xlsx").pk)
"""


def manage(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        **kwargs,
    )


def worker(env: dict, worker_id: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--no-startup-delay", "--worker-id", worker_id, *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def export_row(db: Path, pk: int) -> tuple[str, int, str, str]:
    with sqlite3.connect(db) as c:
        return c.execute(
            "SELECT status, done, file, message FROM organisation_export WHERE id = ?", (pk,)
        ).fetchone()


def kill_while_writing(env: dict, db: Path, pk: int, worker_id: str) -> None:
    """Start a worker and kill it once it has written some of the export's rows, not all."""
    process = worker(env, worker_id)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            status, done, _f, _m = export_row(db, pk)
            if status == "running" and done >= 2000:
                break
            if status not in ("waiting", "running"):
                break
            time.sleep(0.02)
    finally:
        process.send_signal(signal.SIGKILL)
        out, _ = process.communicate()
    assert status == "running" and done >= 2000, (status, out)
    status, done, file, _m = export_row(db, pk)
    assert status == "running" and done < PEOPLE and not file  # cut short: in progress, no file linked


@pytest.fixture
def env(tmp_path) -> dict:
    found = dict(os.environ)
    found.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        DEBUG="0",
        SECRET_KEY="tests-only-secret",
        EXPORT_QUEUE_FROM="100",
        DAILY_TASKS="",
        WORKER_BEAT_SECONDS="1",
    )
    found.pop("TESTING", None)
    return found


def test_a_killed_worker_leaves_nothing_half_written_and_the_export_is_done_once_or_failed(env, tmp_path):
    db = tmp_path / "db.sqlite3"
    manage(env, "migrate", "--noinput")
    manage(env, "shell", "-c", SETUP)
    first = int(manage(env, "shell", "-c", QUEUE).stdout.split()[-1])
    parts = tmp_path / "media" / "exports"

    # the first export: killed once, then run again by the next worker, whole
    kill_while_writing(env, db, first, "may-chu-1-1")
    assert [p.name for p in parts.glob("*.part")] == [f"{first}.xlsx.part"]  # what the kill left
    finishing = worker(env, "may-chu-1-2", "--batch")
    out, _ = finishing.communicate(timeout=300)
    assert finishing.returncode == 0, out
    assert "1 được chạy lại" in out
    status, done, file, _m = export_row(db, first)
    assert status == "done" and done == PEOPLE and file
    sheet = load_workbook(tmp_path / "media" / file, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == PEOPLE + 1 and rows[-1][1] is not None  # the header and every person, once

    # the second: killed on its last attempt (one allowed), then failed by the next worker
    second = int(manage(env, "shell", "-c", QUEUE).stdout.split()[-1])
    kill_while_writing(env, db, second, "may-chu-1-3")
    last = worker(env | {"TASK_MAX_ATTEMPTS": "1"}, "may-chu-1-4", "--batch")
    out, _ = last.communicate(timeout=300)
    assert last.returncode == 0, out
    status, _d, file, message = export_row(db, second)
    assert status == "failed" and not file and message
    assert "1 đánh dấu thất bại" in out
    assert list(parts.glob("*.part")) == []
