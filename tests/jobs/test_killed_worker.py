"""Workers killed for real: ``manage.py worker`` processes on a database file, as ``make run`` and the
service units start them, killed with SIGKILL in the middle of writing a 12.000-row export and of importing
a file of 8.000 people.

The next worker started on the host knows the dead one at once (its pid is gone) and runs the job again:
the export written once, whole, and nothing half-written left beside it; the import's people written once,
none of them by the killed worker. Killed again on its last attempt, the export is marked failed with a
message, and what the killed worker had half-written goes too."""

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

# On a SQLite file of its own whatever database the suite runs on: run in one stage of CI (conftest.py).
pytestmark = [pytest.mark.long, pytest.mark.engine_neutral]

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 12_000
NEWCOMERS = 8_000

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


IMPORT = f"""
import io
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook
from lamtheobac.imports import services
from lamtheobac.organisation.models import Export, Org

exported = load_workbook(Export.objects.filter(status="done").first().file.path, read_only=True).active
header = next(exported.iter_rows(values_only=True))
book = Workbook()
sheet = book.active
sheet.title = "Cá nhân"
sheet.append(header)
family = "Nguyễn Trần Lê Phạm Hoàng Phan Vũ Đặng Bùi Đỗ Hồ Ngô Dương Lý Nông Lục Hà Triệu Ma Lăng".split()
middle = "Văn Thị Đức Minh Thu Hồng Quang Ngọc Thanh Xuân Kim Bảo Gia Hữu Công Mạnh Diệu Phương Tuấn Hải".split()
given = (
    "An Bình Chi Dũng Giang Hà Hải Hạnh Hiền Hòa Hùng Hương Khánh Lan Linh Long Mai Minh Nam Nga Ngân Nhung Oanh"
    " Phúc Phương Quân Quế Quỳnh Sơn Tâm Thắng Thảo Thủy Tiến Trang Trung Tú Tuấn Tùng Uyên Vân Việt Vinh Xuân"
    " Yến Thành Thư Đạt Hậu Lộc"
).split()
names = [f"{{a}} {{b}} {{c}}" for a in family for b in middle for c in given][:{NEWCOMERS}]
assert len(set(names)) == {NEWCOMERS}
for name in names:
    sheet.append([name if h == "Họ và tên" else "LB" if h == "Mã tổ chức"
                  else "Đảng viên chính thức" if h == "Đối tượng" else None for h in header])
out = io.BytesIO()
book.save(out)
upload = SimpleUploadedFile("dang-vien-moi.xlsx", out.getvalue())
officer = get_user_model().objects.get(username="chuyenvien")
print(services.job_create(actor=officer, kind="people", under=Org.objects.get(code="LB"), upload=upload).pk)
"""
START_IMPORT = """
from django.contrib.auth import get_user_model
from lamtheobac.imports import services
from lamtheobac.imports.models import ImportJob

job = ImportJob.objects.get(pk=JOB)
print(services.job_import(actor=get_user_model().objects.get(username="chuyenvien"), job=job).status)
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


def one(db: Path, sql: str, *params) -> tuple:
    with sqlite3.connect(db) as c:
        return c.execute(sql, params).fetchone()


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


def test_killed_workers_leave_nothing_half_written_and_each_job_is_done_once_or_failed(env, tmp_path):
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
    assert len(rows) == PEOPLE + 1  # the header and every person, once
    assert sorted(r[0] for r in rows[1:]) == sorted(f"Nguyễn Văn Thử {n}" for n in range(PEOPLE))

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

    # an import of 8.000 people, checked, then killed while importing: none of them written; imported
    # once by the next worker
    job = int(manage(env, "shell", "-c", IMPORT).stdout.split()[-1])
    checking = worker(env, "may-chu-1-5", "--batch")
    out, _ = checking.communicate(timeout=600)
    assert one(db, "SELECT status FROM imports_importjob WHERE id = ?", job) == ("checked",), out
    assert manage(env, "shell", "-c", START_IMPORT.replace("JOB", str(job))).stdout.split()[-1] == "importing"
    newcomers = f"SELECT COUNT(*) - {PEOPLE} FROM organisation_person"
    importing = worker(env, "may-chu-1-6")
    try:
        deadline = time.monotonic() + 300
        # killed well into the step: the file nine-tenths read (the people are written after it, in one
        # transaction)
        while one(db, "SELECT progress FROM imports_importjob WHERE id = ?", job)[0] < 45:
            assert time.monotonic() < deadline and importing.poll() is None
            time.sleep(0.02)
    finally:
        importing.send_signal(signal.SIGKILL)
        out, _ = importing.communicate()
    assert one(db, "SELECT status FROM imports_importjob WHERE id = ?", job) == ("importing",), out
    assert one(db, newcomers) == (0,)
    finishing = worker(env, "may-chu-1-7", "--batch")
    out, _ = finishing.communicate(timeout=600)
    assert "1 được chạy lại" in out
    assert one(db, "SELECT status FROM imports_importjob WHERE id = ?", job) == ("done",), out
    assert one(db, newcomers) == (NEWCOMERS,)
