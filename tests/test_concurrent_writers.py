"""SQLite in WAL mode with a busy timeout: 20 people saving their commitments at the same moment, ten times
each, through the real edit page, see no failed request (a writer waits its turn instead of failing)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Always on a SQLite file of its own (the engine under test), whatever database the suite runs on: the same test
# in both stages of CI, so it runs in one (conftest.py).
pytestmark = pytest.mark.engine_neutral

ROOT = Path(__file__).resolve().parent.parent
WRITERS, SAVES = 20, 10

SCRIPT = f"""
import json, threading
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.db import connection
from django.test import Client
from django.urls import reverse
from lamtheobac.organisation import services
from lamtheobac.organisation.models import OrgKind, Role
from tests.factories import OrgFactory, PersonFactory, UserFactory
from tests.cycle.builders import make_commitment, open_year

assert connection.cursor().execute("PRAGMA journal_mode").fetchone()[0] == "wal"
district = OrgFactory(name="Đảng bộ huyện Đồng Thời", code="DT", kind=OrgKind.DISTRICT_COMMITTEE)
cell = OrgFactory(name="Chi bộ thôn Cùng Lúc", code="DT1", parent=district)
open_year(district)
writers = []
for i in range({WRITERS}):
    user = UserFactory(username=f"dv{{i}}")
    person = PersonFactory(full_name=f"Người Viết {{i}}", org=cell, user=user)
    services.grant_create(actor=None, user=user, org=cell, role=Role.MEMBER)
    writers.append((user, make_commitment(person=person, actor=user)))
connection.close()

start = threading.Barrier({WRITERS})
statuses, errors = [], []

def write(user, record):
    try:
        client = Client()
        client.force_login(user)
    except Exception as exc:
        errors.append(repr(exc))
        return
    finally:
        start.wait(timeout=120)  # all at once; a writer that failed to sign in does not hold the others
    url = reverse("cycle:record-edit", args=[record.pk])
    version = record.version
    for k in range({SAVES}):
        rows = {{f"action-{{n}}": f"Việc làm số {{n}}, lần lưu {{k}}" for n in (1, 2, 3)}}
        try:
            response = client.post(url, {{"row": ["1", "2", "3"], "version": version, **rows}})
        except Exception as exc:  # a failure the page did not even answer
            errors.append(repr(exc))
            continue
        statuses.append(response.status_code)
        if response.status_code == 302:
            version += 1

threads = [threading.Thread(target=write, args=w) for w in writers]
for t in threads: t.start()
for t in threads: t.join()
from lamtheobac.cycle.models import Record
versions = sorted(Record.objects.filter(pk__in=[r.pk for _u, r in writers]).values_list("version", flat=True))
print(json.dumps({{"statuses": statuses, "errors": errors, "versions": versions,
                  "first": [r.version for _u, r in writers]}}))
"""


def test_twenty_writers_at_once_see_no_failed_request(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'writers.sqlite3'}", "DEBUG": "0", "TESTING": "1",
        "SECRET_KEY": "tests-only-secret", "MEDIA_ROOT": str(tmp_path / "media"), "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings", "ALLOWED_HOSTS": "testserver",
    }  # fmt: skip
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=900)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["errors"] == []
    assert found["statuses"] == [302] * (WRITERS * SAVES)  # every save answered and went through
    assert found["versions"] == sorted(v + SAVES for v in found["first"])  # and every one is in the database
