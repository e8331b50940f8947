"""The benchmark suite: dashboards at every level, pages served by gunicorn against a reference page, and
200 users at once, measured side by side in one run and printed as ratios.

    python bench/suite.py --quick          # a few minutes: the demo district on SQLite
    python bench/suite.py                  # the full run: + a province and the whole country on PostgreSQL

``make bench`` runs the first (``make bench BENCH_ARGS=`` the second). ``--throughput-only`` runs stage 2
alone; ``--province-db NAME`` / ``--national-db NAME`` (or ``$BENCH_PROVINCE_DB`` / ``$BENCH_NATIONAL_DB``)
name the PostgreSQL databases, ``--national-db ''`` leaves the country out. The full run reuses the PostgreSQL
databases ``lamtheobac_bench_province`` and ``lamtheobac_bench_national`` on 127.0.0.1:5432 (user
postgres) when they hold data, and builds them with ``seed_demo --scale province|national`` when they do
not (the country takes about 20 minutes); ``--fresh`` drops them first. The demo district is built anew in a
temporary SQLite file each run. Prints a table and writes ``bench/results/<date>-<quick|full>.json``.

What is measured, on each database:

1. **Dashboards**: the dashboard page of an org at every level (the root, a province, a district, a commune,
   a cell), server time through the Django test client, warm, DEBUG off: p50/p95 of the page built from the
   data at each request (the page cache off; target ≤ 50 ms at p95), and of the page served again from the
   page cache. At the root, reading the maintained counts of the root's child orgs against the
   straightforward query that recounts the filed commitments per child org from the records: the ratio
   (target ≥ 100×).
2. **Throughput**: gunicorn, 2 sync workers, against 127.0.0.1: requests per second of the dashboard, the
   commitment form, the approval queue and the people list, each for a few seconds with 8 connections at
   once, against the reference page (50 rows in a plain template) and a bare 1 KB view under the same
   settings; the ratio to the reference (target ≥ 1). Each page twice: as deployed (a browser that asks
   again for a page whose data did not change gets it from the page cache) and with the page cache off
   (``, built every time``: what a page costs right after a write; shown, not a target).
3. **Load**: 200 cell secretaries at once for 60 s (20 s with ``--quick``), each: log in, open the
   dashboard of the cell, open the own commitment and save it, open the approval queue, open a submitted
   commitment and approve it; 1–3 s between clicks. Gunicorn with 4 sync workers, as the README deploys.
   Every request's status and latency: errors (target 0) and p50/p95 per step.
4. **Reorganisation** (full run only): the province reorganised as in 2025 on a copy of its database —
   districts ended, communes merged three into one, the province's bodies moved — with ``reorganise`` (target
   ≤ 60 s), then its dashboards as it was and carried in, for 2020 and this year (≤ 50 ms at p95): see
   ``bench/reorganise.py``.
5. **The deadline rush** (full run only): the province's last week before the commitment deadline, modelled,
   with Locust against one and two gunicorn instances behind a balancer, and one instance killed during the
   rush: see ``bench/rush.py``.
"""

# It starts fixed local programs (this script, manage.py, gunicorn, psql) with names it builds itself.
# ruff: noqa: S603, S607, S608

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PG = "postgres://postgres@127.0.0.1:5432/"
PG_ADMIN = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qtAc"]
PROVINCE_DB = os.environ.get("BENCH_PROVINCE_DB", "lamtheobac_bench_province")
NATIONAL_DB = os.environ.get("BENCH_NATIONAL_DB", "lamtheobac_bench_national")
PASSWORD = "bench-mat-khau-2026"
TARGET_DASHBOARD_MS = 50
TARGET_RATIO = 100
TARGET_BUILT = 0.75  # a main page built from the data at each request, against the reference page
# the reference page under gunicorn (2 sync workers) on the machine the targets were set on: 450–480 req/s
REFERENCE_RPS = 465


# --- The orchestrator ----------------------------------------------------------------------------------


def env_for(database_url: str, *, debug: bool = False) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="1" if debug else "0",
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-secret"),
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(env: dict, *args: str) -> None:
    out = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT,
                         capture_output=True, text=True)  # fmt: skip
    if out.returncode:
        sys.stderr.write(out.stdout + out.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed (exit status {out.returncode})")


def child(section: str, env: dict, **options) -> dict:
    """Run one section in a process of its own (its own settings, connections and caches)."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", section, "--options", json.dumps(options)],
        env=env, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    sys.stderr.write(out.stderr)
    if out.returncode:
        raise SystemExit(f"the {section} step failed (exit status {out.returncode})")
    return json.loads(out.stdout.strip().splitlines()[-1])


def pg_has_data(name: str) -> bool:
    exists = subprocess.run([*PG_ADMIN, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
                            capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    if not exists:
        return False
    has = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", name, "-qtAc",
                          "SELECT count(*) FROM reports_tallyyear"], capture_output=True, text=True)  # fmt: skip
    return has.returncode == 0 and has.stdout.strip() not in ("", "0")


def pg_database(name: str, scale: str, fresh: bool) -> tuple[str, float | None]:
    """The URL of a PostgreSQL database holding ``scale`` data, built when missing; the build time."""
    if fresh:
        subprocess.run([*PG_ADMIN, f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    if pg_has_data(name):
        manage(env_for(PG + name), "migrate", "--noinput", "-v0")  # built by an older version: bring it up
        return PG + name, None
    subprocess.run([*PG_ADMIN, f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    subprocess.run([*PG_ADMIN, f'CREATE DATABASE "{name}"'], check=True)
    env = env_for(PG + name, debug=True)
    print(f"… {name}: migrate, seed_demo --scale {scale}", flush=True)
    started = time.perf_counter()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--scale", scale)
    return PG + name, time.perf_counter() - started


def sqlite_district(folder: Path) -> tuple[str, float]:
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    env = env_for(url, debug=True)
    print("… demo district on SQLite: migrate, seed_demo", flush=True)
    started = time.perf_counter()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo")
    return url, time.perf_counter() - started


def machine() -> dict:
    cpu = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    pg = subprocess.run([*PG_ADMIN, "SHOW server_version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    return {"cores": os.cpu_count(), "cpu": cpu, "memory_gb": round(mem, 1), "python": platform.python_version(),
            "postgresql": pg, "os": platform.platform(), "commit": commit}  # fmt: skip


def run(args) -> dict:
    results: dict = {"when": datetime.datetime.now().isoformat(timespec="seconds"), "machine": machine(),
                     "quick": args.quick, "databases": {}}  # fmt: skip
    seconds = args.seconds or (20 if args.quick else 60)
    folder = Path(tempfile.mkdtemp(prefix="ltb-bench-"))
    manage(
        env_for(f"sqlite:///{folder / 'static.sqlite3'}"), "collectstatic", "--noinput", "-v0"
    )  # DEBUG off
    try:
        plan = [("SQLite, demo district", *sqlite_district(folder), True)]
        if not args.quick:
            plan.append(
                ("PostgreSQL, province", *pg_database(args.province_db, "province", args.fresh), True)
            )
            if args.national_db:
                plan.append(
                    ("PostgreSQL, country", *pg_database(args.national_db, "national", args.fresh), False)
                )
        for label, url, built_in, with_load in plan:
            env = env_for(url)
            print(f"== {label}", flush=True)
            found: dict = {"built_in_s": built_in}
            if not args.throughput_only:
                found["dashboards"] = child("dashboards", env, runs=args.runs)
            found["throughput"] = throughput(env, seconds=args.throughput_seconds or (3 if args.quick else 8))
            if with_load and not args.throughput_only:
                found["load"] = load(env, users=args.users, seconds=seconds)
            results["databases"][label] = found
            report_one(label, found)
        # the province reorganised as in 2025, on a copy (bench/reorganise.py)
        if not args.quick and not args.throughput_only:
            out = folder / "reorganise.json"
            subprocess.run([sys.executable, str(ROOT / "bench" / "reorganise.py"), "--source", PROVINCE_DB,
                            "--json", str(out)], cwd=ROOT, check=False)  # fmt: skip
            if out.exists():
                results["reorganisation"] = json.loads(out.read_text())
            out = folder / "rush.json"  # the deadline rush on the province, 1 and 2 instances (bench/rush.py)
            subprocess.run([sys.executable, str(ROOT / "bench" / "rush.py"), "--db", PROVINCE_DB, "--json", str(out)],
                           cwd=ROOT, check=False)  # fmt: skip
            if out.exists():
                results["rush"] = json.loads(out.read_text())
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return results


# --- 1. Dashboards (in a child process) -----------------------------------------------------------------


def percentiles(samples: list[float]) -> dict:
    samples = sorted(samples)
    return {"p50": round(statistics.median(samples), 2), "p95": round(samples[int(0.95 * (len(samples) - 1))], 2),
            "max": round(samples[-1], 2), "n": len(samples)}  # fmt: skip


def timed(fn, runs: int) -> dict:
    # warm: a fifth as many calls first. A fresh process answers its first hundred requests a quarter to a
    # third slower (measured: the country's page 32 ms p50 at first, 25 ms on the next hundreds); a
    # server's workers are past that.
    for _ in range(max(1, runs // 5)):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return percentiles(samples)


def child_dashboards(runs: int) -> dict:
    from django.db.models import Count
    from django.db.models.functions import Substr
    from django.test import Client, override_settings

    from lamtheobac.cycle.models import Record, RecordKind
    from lamtheobac.cycle.workflow import filed_q
    from lamtheobac.organisation.models import SEGMENT, Org, Role, RoleGrant
    from lamtheobac.reports import selectors as reports_selectors

    year = reports_selectors.today_year()
    assert reports_selectors.is_built(year), "the maintained counts are not built: run manage.py reconcile"
    root = Org.objects.filter(parent__isnull=True).order_by("path").first()
    chosen = [root]
    while True:  # down the tree: at each level the child with the most people below it
        children = list(chosen[-1].children.filter(active=True).values_list("pk", flat=True))
        if not children:
            break
        # the dashboard's rows: the org and each of its children
        rows = reports_selectors.tree_rows(chosen[-1], {year}, year)[1]
        chosen.append(Org.objects.get(pk=max(children, key=lambda pk: (rows[pk].people_required, -pk))))
    # and the widest: the org with the most child orgs, whose table and charts have the most rows
    widest = (
        Org.objects.filter(active=True, parent__isnull=False).values("parent")
        .annotate(n=Count("id")).order_by("-n", "parent").first()
    )  # fmt: skip
    if widest and widest["parent"] not in {o.pk for o in chosen}:
        chosen.append(Org.objects.get(pk=widest["parent"]))
    # an officer of the whole tree (an admin would first be asked for a two-factor code)
    user = RoleGrant.objects.filter(org=root, role=Role.OFFICER).first().user
    client = Client()
    client.force_login(user)
    pages = []
    for org in chosen:
        url = f"/thong-ke/?org={org.pk}&year={year}"
        assert client.get(url).status_code == 200, url
        n = Org.objects.filter(path__startswith=org.path).count()
        with override_settings(PAGE_CACHE=False):  # the page built from the data at each request
            page = timed(lambda url=url: client.get(url), runs)
        served = timed(
            lambda url=url: client.get(url), runs
        )  # as deployed: served again while nothing changed
        figures = timed(lambda org=org: reports_selectors.dashboard(org, year), runs)
        pages.append({"org": org.name, "depth": org.depth, "orgs_in_subtree": n,
                      "children": org.children.filter(active=True).count(), "page_ms": page,
                      "served_ms": served, "figures_ms": figures})  # fmt: skip

    # the machine's pace during this measurement: the reference page (50 rows, a plain template) in the same
    # process, so that a run on a busy or slow host can be told from a slow page
    reference = timed(lambda: client.get("/bench/reference/"), runs)

    children = list(root.children.filter(active=True).values_list("pk", flat=True))
    width = len(root.path) + SEGMENT

    def recount():
        # filed as the dashboard counts it (``filed_q``: a record returned for changes is not filed)
        filed = Record.objects.filter(
            filed_q(), org__path__startswith=root.path, year=year, kind=RecordKind.COMMITMENT
        )
        return dict(
            filed.annotate(top=Substr("org__path", 1, width)).values_list("top").annotate(n=Count("id"))
        )

    def kept():
        # the dashboard's read: the root and each of its children
        rows = reports_selectors.tree_rows(root, {year}, year)[1]
        return {pk: rows[pk].commitments_filed for pk in children if pk in rows}

    paths = dict(Org.objects.filter(pk__in=children).values_list("path", "pk"))
    by_recount = {paths[p]: n for p, n in recount().items() if p in paths}
    by_counters = {pk: n for pk, n in kept().items() if n}
    assert by_recount == by_counters, "the counters and the recount disagree"
    slow = timed(recount, max(3, runs // 10))
    fast = timed(kept, runs)
    filed = sum(by_recount.values())
    return {"year": year, "pages": pages, "reference_ms": reference, "root": {
        "children": len(children), "commitments_filed": filed,
        "records": Record.objects.filter(year=year).count(),
        "recount_ms": slow, "counters_ms": fast, "ratio": round(slow["p50"] / fast["p50"], 1),
    }}  # fmt: skip


# --- 2. Throughput (gunicorn) ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, env: dict, workers: int) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(workers), "--timeout", "120", "--log-level", "warning", "--backlog", "2048"],
            env=env, cwd=ROOT,
        )  # fmt: skip
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if request(self.port, "GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(30)

    def cpu_seconds(self) -> float:
        """Processor time the workers used so far (user + system): a page's cost that the load of other
        programs on the host does not change much, unlike its requests per second."""
        ticks = os.sysconf("SC_CLK_TCK")
        try:
            with open(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children") as f:
                workers = f.read().split()
        except OSError:
            return 0.0
        total = 0
        for pid in workers:
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / ticks


def request(port: int, method: str, path: str, *, cookies: dict | None = None, form: dict | None = None,
            timeout: float = 60) -> tuple[int, str, dict]:  # fmt: skip
    """One request on a new connection (gunicorn's sync workers close each): status, body, cookies set."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Host": "127.0.0.1"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"http://127.0.0.1:{port}{path}"
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        set_cookies = {}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                set_cookies[key] = rest.split(";", 1)[0]
        return response.status, text, set_cookies
    finally:
        conn.close()


def hammer(port: int, path: str, cookies: dict, seconds: float, connections: int = 8) -> dict:
    counts, errors = [0] * connections, [0] * connections
    stop = time.perf_counter() + seconds

    def worker(i: int) -> None:
        while time.perf_counter() < stop:
            status = request(port, "GET", path, cookies=cookies)[0]
            counts[i] += 1
            errors[i] += status != 200

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return {"rps": round(sum(counts) / elapsed, 1), "requests": sum(counts), "errors": sum(errors)}


def child_sessions(options: dict) -> dict:
    """Logged-in sessions and the URLs of the main pages, for the throughput run."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore

    from lamtheobac.cycle.models import Record, RecordKind, RecordState
    from lamtheobac.organisation.models import Role, RoleGrant

    def session(user: User) -> str:
        s = SessionStore()
        s[SESSION_KEY], s[BACKEND_SESSION_KEY] = str(user.pk), "django.contrib.auth.backends.ModelBackend"
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s.create()
        return s.session_key

    officer = RoleGrant.objects.filter(role=Role.OFFICER).order_by("org__path").first().user
    leader = RoleGrant.objects.filter(role=Role.LEADER).order_by("-org__depth", "org__path").first().user
    editable = [RecordState.DRAFT, RecordState.RETURNED]
    mine = Record.objects.filter(kind=RecordKind.COMMITMENT, person__user__isnull=False, state__in=editable)
    record = mine.select_related("person__user").order_by("-year").first()
    return {
        "pages": {
            "dashboard": ["/thong-ke/", session(officer)],
            "commitment form": [f"/ho-so/{record.pk}/sua/", session(record.person.user)],
            "approval queue": ["/duyet/", session(leader)],
            "people list": ["/ca-nhan/", session(officer)],
        }
    }


BUILT = ", built every time"


def throughput(env: dict, seconds: float) -> dict:
    """The pages as deployed (served again from the page cache while nothing changed), then the same pages
    with the page cache off (``PAGE_CACHE=0``: every request builds the page), each against the reference."""
    pages = child("sessions", env)["pages"]
    found = {}
    for cached in (True, False):
        server = Server(env | {"PAGE_CACHE": "1" if cached else "0"}, workers=2)
        try:
            if cached:
                for name, path in (
                    ("reference (50 rows, plain template)", "/bench/reference/"),
                    ("bare 1 KB", "/bench/bare/"),
                ):
                    hammer(server.port, path, {}, 1)  # warm
                    found[name] = measured(server, path, {}, seconds)
            for name, (path, key) in pages.items():
                cookies = {"sessionid": key}
                status, _body, set_cookies = request(server.port, "GET", path, cookies=cookies)
                assert status == 200, (name, path, status)
                cookies |= set_cookies  # the CSRF cookie a browser holds from its first page on
                hammer(server.port, path, cookies, 1)
                found[name if cached else name + BUILT] = measured(server, path, cookies, seconds)
        finally:
            server.stop()
    reference = found["reference (50 rows, plain template)"]
    for row in found.values():
        row["ratio"] = round(row["rps"] / reference["rps"], 2)
        if row.get("cpu_ms") and reference.get("cpu_ms"):
            row["cpu_ratio"] = round(reference["cpu_ms"] / row["cpu_ms"], 2)
    return found


def measured(server: Server, path: str, cookies: dict, seconds: float) -> dict:
    """``hammer``, with the workers' processor time per request (ms; on SQLite the database's work is in it,
    on PostgreSQL it is not)."""
    before = server.cpu_seconds()
    row = hammer(server.port, path, cookies, seconds)
    if row["requests"]:
        row["cpu_ms"] = round((server.cpu_seconds() - before) * 1000 / row["requests"], 2)
    return row


# --- 3. Load ----------------------------------------------------------------------------------------------------


def child_load_accounts(options: dict) -> dict:
    """Accounts for ``users`` cell secretaries (leader and member of their cell), each with a commitment of
    this year they may edit and, in their cell, commitments submitted for them to approve."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.db import transaction
    from django.db.models import Count, Q
    from django.utils import timezone

    from lamtheobac.cycle.models import Record, RecordKind, RecordState
    from lamtheobac.organisation.models import OrgKind, Person, Role, RoleGrant
    from lamtheobac.reports import selectors as reports_selectors
    from lamtheobac.reports.services import counters

    users, year = options["users"], reports_selectors.today_year()
    password = make_password(PASSWORD)
    User.objects.filter(username__startswith="bench_").delete()
    cells = [row["org_id"] for row in (
        Record.objects.filter(year=year, kind=RecordKind.COMMITMENT, org__kind=OrgKind.CELL, org__active=True,
                              person__user__isnull=True)
        .values("org_id").annotate(n=Count("id")).filter(n__gte=6).order_by("-n", "org_id")[:users]
    )]  # fmt: skip
    # a district has fewer cells than users: then a cell has two secretaries (the secretary and the deputy),
    # each with an own commitment and a share of the cell's others to approve, so that no two approve the same
    per_cell = -(-users // max(len(cells), 1))
    accounts = []
    with transaction.atomic():
        for org_id in cells:
            records = list(Record.objects.filter(year=year, kind=RecordKind.COMMITMENT, org_id=org_id,
                                                 person__user__isnull=True).order_by("pk"))  # fmt: skip
            owners = records[: min(per_cell, len(records) // 3, users - len(accounts))]
            others = records[len(owners) :]
            for k, own in enumerate(owners):
                mine = others[k :: len(owners)]
                user = User.objects.create(username=f"bench_{len(accounts):03d}", password=password)
                Person.objects.filter(pk=own.person_id).update(user=user)
                RoleGrant.objects.bulk_create([RoleGrant(user=user, org_id=org_id, role=r)
                                               for r in (Role.LEADER, Role.MEMBER)])  # fmt: skip
                Record.objects.filter(pk=own.pk).update(state=RecordState.DRAFT, submitted_at=None,
                                                        approved_at=None, rating="")  # fmt: skip
                Record.objects.filter(pk__in=[r.pk for r in mine]).filter(
                    ~Q(state=RecordState.SUBMITTED)
                ).update(
                    state=RecordState.SUBMITTED, submitted_at=timezone.now(), approved_at=None, rating=""
                )
                accounts.append({"username": user.username, "record": own.pk, "org": org_id,
                                 "approves": [r.pk for r in mine]})  # fmt: skip
    counters.reconcile([year])  # the states set above behind the application's back
    return {"accounts": accounts}


def child_load_cleanup(options: dict) -> dict:
    from django.contrib.auth.models import User

    from lamtheobac.reports import selectors as reports_selectors
    from lamtheobac.reports.services import counters

    User.objects.filter(username__startswith="bench_").delete()
    counters.reconcile([reports_selectors.today_year()])
    return {}


class VirtualUser:
    def __init__(self, port: int, account: dict, stop: float, rng: random.Random, log: list) -> None:
        self.port, self.account, self.stop, self.rng, self.log = port, account, stop, rng, log
        self.cookies: dict = {}

    def hit(self, step: str, method: str, path: str, form: dict | None = None, ok=(200, 302)) -> str:
        start = time.perf_counter()
        try:
            status, body, cookies = request(self.port, method, path, cookies=self.cookies, form=form)
        except OSError as exc:
            status, body, cookies = 0, str(exc), {}
        self.log.append((step, (time.perf_counter() - start) * 1000, status in ok, status))
        self.cookies.update(cookies)
        return body

    def think(self) -> bool:
        time.sleep(self.rng.uniform(1, 3))
        return time.perf_counter() < self.stop

    def csrf(self, body: str) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        return found.group(1) if found else ""

    def run(self) -> None:
        body = self.hit("login page", "GET", "/tai-khoan/dang-nhap/")
        self.hit("log in", "POST", "/tai-khoan/dang-nhap/", {"csrfmiddlewaretoken": self.csrf(body),
                 "username": self.account["username"], "password": PASSWORD}, ok=(302,))  # fmt: skip
        n = 0
        while self.think():
            self.hit("dashboard", "GET", f"/thong-ke/?org={self.account['org']}")
            if not self.think():
                break
            edit = f"/ho-so/{self.account['record']}/sua/"
            body = self.hit("commitment form", "GET", edit)
            version = re.search(r'name="version" value="(\d+)"', body)
            if not self.think():
                break
            n += 1
            rows = {"csrfmiddlewaretoken": self.csrf(body), "version": version.group(1) if version else "0",
                    "row": ["a", "b", "c"]}  # fmt: skip
            for uid, text in zip("abc", ("Đọc {n} cuốn sách về Bác trong năm", "Đi làm đúng giờ, không muộn buổi nào",
                                         "Tiếp công dân sáng thứ Năm hằng tuần, lần sửa {n}"), strict=True):  # fmt: skip
                rows[f"action-{uid}"] = text.format(n=n)
                rows[f"target-{uid}"] = "Cả năm"
            self.hit("save commitment", "POST", edit, rows, ok=(302,))
            if not self.think():
                break
            queue = self.hit("approval queue", "GET", "/duyet/")
            mine = set(self.account["approves"])
            waiting = [int(pk) for pk in re.findall(r'href="/ho-so/(\d+)/"', queue) if int(pk) in mine]
            if not waiting or not self.think():
                continue
            pk = self.rng.choice(waiting)
            body = self.hit("open to approve", "GET", f"/ho-so/{pk}/")
            if f"/ho-so/{pk}/duyet/" in body:
                self.hit(
                    "approve",
                    "POST",
                    f"/ho-so/{pk}/duyet/",
                    {"csrfmiddlewaretoken": self.csrf(body)},
                    ok=(302,),
                )


def load(env: dict, users: int, seconds: float) -> dict:
    accounts = child("load_accounts", env, users=users)["accounts"]
    server = Server(env, workers=4)
    log: list = []
    try:
        stop = time.perf_counter() + seconds
        rng = random.Random(2026)
        people = [VirtualUser(server.port, a, stop, random.Random(rng.random()), log) for a in accounts]
        threads = []
        for person in people:  # arriving over the first 10 seconds
            t = threading.Thread(target=person.run)
            t.start()
            threads.append(t)
            time.sleep(10 / len(people))
        for t in threads:
            t.join(seconds + 120)
    finally:
        server.stop()
        child("load_cleanup", env)
    steps: dict = {}
    for step, ms, ok, _status in log:
        steps.setdefault(step, []).append((ms, ok))
    found = {"users": len(accounts), "seconds": seconds, "requests": len(log),
             "errors": sum(not ok for _s, _ms, ok, _st in log),
             "error_statuses": sorted({st for _s, _ms, ok, st in log if not ok}),
             "all": percentiles([ms for _s, ms, _ok, _st in log]), "steps": {}}  # fmt: skip
    for step, rows in steps.items():
        found["steps"][step] = percentiles([ms for ms, _ok in rows]) | {
            "errors": sum(not ok for _ms, ok in rows)
        }
    return found


# --- Report -----------------------------------------------------------------------------------------------------


def report_one(label: str, found: dict) -> None:
    print(f"\n{label}" + (f" (built in {found['built_in_s']:.0f} s)" if found.get("built_in_s") else ""))
    if "dashboards" in found:
        d = found["dashboards"]
        print(
            f"  1. dashboards, year {d['year']}, server time (test client, warm): target p95 ≤ {TARGET_DASHBOARD_MS} ms"
        )
        print(f"     {'org':<40} {'depth':>5} {'orgs below':>10} {'children':>8} {'built p50':>9} {'p95':>7} "
              f"{'figures p50':>11} {'served again p95':>16}")  # fmt: skip
        for p in d["pages"]:
            mark = "ok" if p["page_ms"]["p95"] <= TARGET_DASHBOARD_MS else "SLOW"
            print(f"     {p['org'][:40]:<40} {p['depth']:>5} {p['orgs_in_subtree']:>10,} {p.get('children', 0):>8,} "
                  f"{p['page_ms']['p50']:>7.1f}ms {p['page_ms']['p95']:>5.1f}ms {p['figures_ms']['p50']:>9.2f}ms {p['served_ms']['p95']:>14.2f}ms  "
                  f"{mark}")  # fmt: skip
        if "reference_ms" in d:
            ref = d["reference_ms"]
            print(f"     the reference page in the same process (the machine's pace): p50 {ref['p50']:.1f} ms, "
                  f"p95 {ref['p95']:.1f} ms")  # fmt: skip
        r = d["root"]
        print(f"     at the root, filed commitments per child org ({r['children']} children, {r['records']:,} records "
              f"this year): recount {r['recount_ms']['p50']:.1f} ms, counters {r['counters_ms']['p50']:.2f} ms "
              f"→ {r['ratio']:,}×" + (f" (target ≥ {TARGET_RATIO}×)" if "country" in label else ""))  # fmt: skip
    print(
        "  2. gunicorn, 2 sync workers, 8 connections: requests per second (ratio to the reference; "
        f"target ≥ 1 as deployed, ≥ {TARGET_BUILT} built every time)"
    )
    for name, row in found["throughput"].items():
        cpu = (
            f"  server CPU {row['cpu_ms']:>6.2f} ms/request ({row.get('cpu_ratio', 0):.2f}×)"
            if "cpu_ms" in row
            else ""
        )
        print(f"     {name:<40} {row['rps']:>8.1f} req/s  {row['ratio']:>5.2f}×  errors {row['errors']}{cpu}")
    if "load" in found:
        lo = found["load"]
        print(f"  3. load: {lo['users']} users for {lo['seconds']:.0f} s (gunicorn, 4 sync workers): {lo['requests']:,} "
              f"requests, {lo['errors']} errors {lo['error_statuses'] or ''}; p50 {lo['all']['p50']:.0f} ms, "
              f"p95 {lo['all']['p95']:.0f} ms")  # fmt: skip
        for step, row in lo["steps"].items():
            print(
                f"     {step:<20} n {row['n']:>6,}  p50 {row['p50']:>7.1f} ms  p95 {row['p95']:>7.1f} ms  errors {row['errors']}"
            )


def verdict(results: dict) -> list[str]:
    missed = []
    for label, found in results["databases"].items():
        for p in found.get("dashboards", {}).get("pages", []):
            if p["page_ms"]["p95"] > TARGET_DASHBOARD_MS:
                missed.append(f"{label}: dashboard of {p['org']} p95 {p['page_ms']['p95']} ms")
        if (
            "country" in label
            and "dashboards" in found
            and found["dashboards"]["root"]["ratio"] < TARGET_RATIO
        ):
            missed.append(f"{label}: counters only {found['dashboards']['root']['ratio']}× the recount")
        for name, row in found["throughput"].items():
            if name.startswith(("reference", "bare")):
                continue
            if row["ratio"] < (TARGET_BUILT if name.endswith(BUILT) else 1):
                missed.append(f"{label}: {name} {row['ratio']}× the reference")
        if found.get("load", {}).get("errors"):
            missed.append(f"{label}: {found['load']['errors']} errors under load")
    if "reorganisation" in results and not results["reorganisation"].get("targets_met"):
        missed.append(
            "the province's reorganisation: " + "; ".join(results["reorganisation"].get("missed", []))
        )
    return missed


def main() -> None:
    global PROVINCE_DB, NATIONAL_DB  # --province-db, --national-db: the later stages read the names here
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the demo district on SQLite only, 20 s of load")
    parser.add_argument("--fresh", action="store_true", help="rebuild the PostgreSQL databases")
    parser.add_argument("--runs", type=int, default=100, help="requests per dashboard measured")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument(
        "--seconds", type=float, default=0, help="load duration (default 60, 20 with --quick)"
    )
    parser.add_argument("--json", type=Path)
    parser.add_argument("--throughput-only", action="store_true",
                        help="stage 2 alone (gunicorn throughput), on each database")  # fmt: skip
    parser.add_argument("--throughput-seconds", type=float, default=0,
                        help="seconds per page in stage 2 (default 8, 3 with --quick)")  # fmt: skip
    parser.add_argument("--province-db", default=PROVINCE_DB,
                        help="the PostgreSQL province database (or $BENCH_PROVINCE_DB)")  # fmt: skip
    parser.add_argument("--national-db", default=NATIONAL_DB,
                        help="the PostgreSQL country database (or $BENCH_NATIONAL_DB); '' leaves the country out")  # fmt: skip
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--options", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args()
    PROVINCE_DB, NATIONAL_DB = args.province_db, args.national_db
    if args.child:
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        options = json.loads(args.options)
        found = {"dashboards": lambda: child_dashboards(options.get("runs", 40)), "sessions": lambda: child_sessions(options),
                 "load_accounts": lambda: child_load_accounts(options),
                 "load_cleanup": lambda: child_load_cleanup(options)}[args.child]()  # fmt: skip
        print(json.dumps(found))
        return
    results = run(args)
    m = results["machine"]
    print(f"\nMachine: {m['cores']} cores, {m['cpu']}, {m['memory_gb']} GB; Python {m['python']}, PostgreSQL "
          f"{m['postgresql']}; commit {m['commit']}")  # fmt: skip
    for label, found in results["databases"].items():
        rps = found["throughput"]["reference (50 rows, plain template)"]["rps"]
        worst = max((p["page_ms"]["p95"] for p in found.get("dashboards", {}).get("pages", [])), default=0)
        found["host_pace"] = {"reference_rps": rps, "issue_reference_rps": REFERENCE_RPS,
                              "slower_by": round(REFERENCE_RPS / rps, 2)}  # fmt: skip
        print(f"{label}: the reference page served {rps:.0f} req/s here, {REFERENCE_RPS} on the machine the targets "
              f"were set on ({REFERENCE_RPS / rps:.1f}× slower); the slowest dashboard's p95 {worst:.1f} ms would "
              f"be {worst * rps / REFERENCE_RPS:.1f} ms at that pace")  # fmt: skip
    missed = verdict(results)
    results["targets_met"] = not missed
    print("Every target met." if not missed else "Targets missed:\n  " + "\n  ".join(missed))
    out = (
        args.json
        or ROOT / "bench" / "results" / f"{datetime.date.today()}-{'quick' if args.quick else 'full'}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 1
    while out.exists() and not args.json:  # never over an earlier run's results
        n += 1
        out = out.with_name(re.sub(r"(-\d+)?\.json$", f"-{n}.json", out.name))
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"Results: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
