"""The deadline rush: a province of 300,000 members in the last week before the commitment deadline, served
by one and by two gunicorn instances behind a balancer, one PostgreSQL and one task-queue worker, loaded
with Locust on loopback; then one instance killed during the rush.

    python bench/rush.py                          # the province database of bench/suite.py, built if missing
    python bench/rush.py --db my_province --users 30,60,90 --step-seconds 45

``make bench BENCH_ARGS=`` runs it as the full suite's last stage.

The model (no published figures of this application's traffic exist; every number below is an assumption,
named so that it can be changed):

- **Members**: a third of a province's members (100,000 of 300,000) file their commitment in the last week,
  in working hours (8 h × 5 days = 40 h), one visit each: sign in, home, the own commitment, one to three
  rounds of form, save and the record, then save and submit, the record, home, sign out: 12–18 requests,
  15 on average (``bench/rush_users.py``).
- **Cell secretaries** approve what their members filed in sittings of three (a third as many visits as
  filings): sign in, home, the queue, three times open, approve and the queue again, sign out: 14 requests.
- **Officers**: three for each party committee (province, district, commune, grassroots), twice a working
  day: sign in, home, two dashboards, the people list, the records list, the lagging list, the dashboard
  again, sign out: 10 requests.
- Between two requests of a visit a person thinks 5–20 s (uniform).
- The busiest hour of the week carries ``PEAK`` = 2 times the mean hour of those 40 (the last days draw more
  than the first; the mornings more than the afternoons).

From these, the requests a second the province asks at its peak hour, and the nation (5.8 million members:
the same shares, scaled by its members and its orgs) on paper. Locust runs the three kinds in the shares of
their requests.

What is measured, with 1 and with 2 instances (``--workers`` sync workers each, 2 by default; the balancer is
``bench/balancer.py``, the worker ``manage.py worker``): a staircase of user counts (``--users``), in one
Locust run with a load shape, ``--step-seconds`` a step, the users of a step going on into the next (their
visits are not cut); each step is measured from ``--settle-seconds`` after it began to its end, from the
line Locust's users write for every request (its ``--csv`` files keep the whole run's totals): the rate
served, the errors and the p95 over every request. A step holds when p95 ≤ 300 ms with 0 errors; the
staircase stops after a step with errors or a p95 over 3 s (on a shared host a step can miss 300 ms because
of other programs, and the next still shows how the rate grows). The think time is shortened by
``--think-scale`` (0.25 by default: 1.25–5 s) so that a step of a minute holds about a visit: the server
sees the same mix of requests at the same rate, with a quarter as many visits open at once. For each step, the CPU seconds of
every process of the system (gunicorn masters and workers, the PostgreSQL backends of this database, the
task worker, the balancer, Locust) from ``/proc/<pid>/stat`` before and after, and of the whole machine
from ``/proc/stat``: what each part costs a request, and what other programs on the host took meanwhile.

The fault: two instances at the highest step the two held (none held: the step of the highest rate),
``--fault-seconds`` long; a third of the way into that time, one instance is killed (``kill -9`` of its
master and workers). The other keeps serving; the errors Locust saw and the balancer's counts (connections
refused by the dead instance, requests lost in flight, times it was marked down) are reported.

The servers run as deployed but for two settings: ``DB_CONN_MAX_AGE=600`` (each worker keeps one PostgreSQL
backend for the run, so that its CPU can be read) and ``SECURE_COOKIES=0`` (plain HTTP on loopback: the
balancer stands where TLS would end). The accounts (``rush_`` users on a third of the people of 600 cells,
their secretaries, an officer on each commune above) are made at the start and deleted at the end;
``--accounts FILE`` keeps them, and their list in FILE, for the next run.

Prints a table and writes ``bench/results/<date>-rush.json``.
"""

# It starts fixed local programs (this script, manage.py, gunicorn, locust, psql) with names it builds itself.
# ruff: noqa: S603, S608

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import suite  # noqa: E402

# --- The model ------------------------------------------------------------------------------------------------
PROVINCE_MEMBERS = 300_000
NATION_MEMBERS = 5_800_000
FILING_SHARE = 1 / 3  # of the members file in the last week
WORKING_SECONDS = 40 * 3600  # 8 h × 5 days
PEAK = 2.0  # the busiest hour over the mean working hour
THINK = (5.0, 20.0)
REQUESTS = {"member": 15, "secretary": 14, "officer": 10}  # a visit's requests, on average
APPROVALS_PER_SITTING = 3
OFFICERS_PER_COMMITTEE = 3
OFFICER_VISITS_A_WEEK = 10  # twice a working day
TARGET_P95_MS = 300
USERNAME = "rush_"


def model(members: int, cells: int, committees: int) -> dict:
    """Visits and requests a week of each kind, and the requests a second at the mean and the peak hour."""
    filings = members * FILING_SHARE
    visits = {"member": filings, "secretary": filings / APPROVALS_PER_SITTING,
                "officer": committees * OFFICERS_PER_COMMITTEE * OFFICER_VISITS_A_WEEK}  # fmt: skip
    requests = {kind: n * REQUESTS[kind] for kind, n in visits.items()}
    mean = sum(requests.values()) / WORKING_SECONDS
    return {"members": members, "cells": cells, "committees": committees, "filings": round(filings),
            "visits_a_week": {k: round(v) for k, v in visits.items()},
            "requests_a_week": {k: round(v) for k, v in requests.items()},
            "mean_rps": round(mean, 1), "peak_rps": round(mean * PEAK, 1),
            "users_at_peak": round(mean * PEAK * (sum(THINK) / 2)),
            "shares": {k: round(v / sum(requests.values()), 3) for k, v in requests.items()}}  # fmt: skip


# --- Accounts (in a child process with Django) -------------------------------------------------------------------


def child_accounts(options: dict) -> dict:
    """Accounts for the rush: in ``cells`` cells, the secretary (leader and member of the cell) and a third of
    the cell's people as members with a draft commitment of this year; the cell's other commitments submitted,
    for the secretary to approve; an officer on each commune above those cells. Also the org counts."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.db import transaction
    from django.db.models import Count
    from django.utils import timezone

    from lamtheobac.cycle.models import Record, RecordKind, RecordState
    from lamtheobac.organisation.models import Org, OrgKind, Person, Role, RoleGrant
    from lamtheobac.reports import selectors as reports_selectors
    from lamtheobac.reports.services import counters

    year = reports_selectors.today_year()
    password = make_password(suite.PASSWORD)
    User.objects.filter(username__startswith=USERNAME).delete()
    cells = [row["org_id"] for row in (
        Record.objects.filter(year=year, kind=RecordKind.COMMITMENT, org__kind=OrgKind.CELL, org__active=True,
                              person__user__isnull=True)
        .values("org_id").annotate(n=Count("id")).filter(n__gte=9).order_by("org_id")[: options["cells"]]
    )]  # fmt: skip
    found: dict = {"member": [], "secretary": [], "officer": []}
    links: list[tuple[int, str]] = []  # (person, username)
    grants: list[tuple[str, int, str]] = []
    drafts, submitted = [], []
    for org_id in cells:
        records = list(Record.objects.filter(year=year, kind=RecordKind.COMMITMENT, org_id=org_id,
                                             person__user__isnull=True).order_by("pk"))  # fmt: skip
        secretary, rest = records[0], records[1:]
        members, others = rest[: len(rest) // 3], rest[len(rest) // 3 :]
        name = f"{USERNAME}s{len(found['secretary']):05d}"
        found["secretary"].append({"username": name, "org": org_id, "approves": [r.pk for r in rest]})
        links.append((secretary.person_id, name))
        grants += [(name, org_id, Role.LEADER), (name, org_id, Role.MEMBER)]
        for record in members:
            name = f"{USERNAME}m{len(found['member']):05d}"
            found["member"].append({"username": name, "org": org_id, "record": record.pk})
            links.append((record.person_id, name))
            grants.append((name, org_id, Role.MEMBER))
            drafts.append(record.pk)
        submitted += [r.pk for r in others]
    communes = list(Org.objects.filter(pk__in=cells).values_list("parent_id", flat=True).distinct())
    for org_id in communes:
        name = f"{USERNAME}o{len(found['officer']):05d}"
        children = list(Org.objects.filter(parent_id=org_id, active=True).values_list("pk", flat=True)[:50])
        found["officer"].append({"username": name, "org": org_id, "children": children})
        grants.append((name, org_id, Role.OFFICER))
    with transaction.atomic():
        users = User.objects.bulk_create(
            [User(username=a["username"], password=password) for kind in found.values() for a in kind]
        )
        by_name = {u.username: u.pk for u in users}
        for person, name in links:
            Person.objects.filter(pk=person).update(user_id=by_name[name])
        RoleGrant.objects.bulk_create([RoleGrant(user_id=by_name[n], org_id=o, role=r) for n, o, r in grants])
        Record.objects.filter(pk__in=drafts).update(state=RecordState.DRAFT, submitted_at=None, approved_at=None,
                                                    rating="")  # fmt: skip
        Record.objects.filter(pk__in=submitted).update(state=RecordState.SUBMITTED, submitted_at=timezone.now(),
                                                       approved_at=None, rating="")  # fmt: skip
    counters.reconcile([year])  # the states set above behind the application's back
    active = Org.objects.filter(active=True)
    return {"accounts": found, "year": year, "people": Person.objects.filter(active=True).count(),
            "cells": active.filter(kind=OrgKind.CELL).count(),
            "committees": active.filter(kind__endswith="_committee").count()}  # fmt: skip


def child_cleanup(options: dict) -> dict:
    from django.contrib.auth.models import User

    from lamtheobac.reports import selectors as reports_selectors
    from lamtheobac.reports.services import counters

    User.objects.filter(username__startswith=USERNAME).delete()
    counters.reconcile([reports_selectors.today_year()])
    return {}


def child(section: str, env: dict, **options) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", section, "--options", json.dumps(options)],
                         env=env, cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    sys.stderr.write(out.stderr)
    if out.returncode:
        raise SystemExit(f"the {section} step failed (exit status {out.returncode})")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- Processes and their CPU -------------------------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def spent(before: dict, after: dict) -> dict:
    """CPU seconds between two ``System.cpu`` readings, by part (a process gone since, read as 0, keeps its
    reading before: the counts only grow)."""
    return {part: round(sum(max(after[part].get(pid, was), was) - was for pid, was in before[part].items())
                        + sum(now for pid, now in after[part].items() if pid not in before[part]), 1)
            for part in after}  # fmt: skip


def cpu_of(pid: int) -> float:
    """User + system CPU seconds of a process so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def children_of(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def machine_busy() -> float:
    """CPU seconds the whole machine spent busy so far (every core)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / TICK


def backends(db: str) -> list[int]:
    out = subprocess.run([*suite.PG_ADMIN, f"SELECT pid FROM pg_stat_activity WHERE datname = '{db}'"],
                         capture_output=True, text=True).stdout  # fmt: skip
    return [int(x) for x in out.split()]


class Instance(suite.Server):
    """A gunicorn instance: its master and workers."""

    def pids(self) -> list[int]:
        return [self.proc.pid, *children_of(self.proc.pid)]

    def kill(self) -> list[int]:
        pids = self.pids()
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait(10)
        return pids

    def stop(self) -> None:
        if self.proc.poll() is None:
            super().stop()


class System:
    """The instances, the balancer, the worker and PostgreSQL's backends of the database: their CPU."""

    def __init__(self, env: dict, db: str, n: int, workers: int, folder: Path) -> None:
        self.db, self.instances, self.folder = db, [], folder
        try:
            for _ in range(n):
                self.instances.append(Instance(env, workers=workers))
            self.port = suite.free_port()
            self.stats = folder / f"balancer-{n}.json"
            backends_ = [f"127.0.0.1:{i.port}" for i in self.instances]
            self.balancer = subprocess.Popen([sys.executable, str(ROOT / "bench" / "balancer.py"), "--listen",
                                              f"127.0.0.1:{self.port}", "--stats", str(self.stats),
                                              *[x for b in backends_ for x in ("--backend", b)]])  # fmt: skip
            deadline = time.time() + 30
            while time.time() < deadline:
                try:
                    if suite.request(self.port, "GET", "/healthz")[0] == 200:
                        break
                except OSError:
                    time.sleep(0.2)
        except BaseException:
            self.stop()
            raise

    def cpu(self, extra: dict[str, int] | None = None) -> dict:
        """CPU seconds so far of each process, by part: {part: {pid: seconds}}, and of the whole machine."""
        parts = {
            "gunicorn": [p for i in self.instances for p in i.pids()],
            "postgresql": backends(self.db),
            "balancer": [self.balancer.pid],
        } | {k: [pid] for k, pid in (extra or {}).items()}
        found: dict = {k: {pid: cpu_of(pid) for pid in pids} for k, pids in parts.items()}
        found["machine"] = {0: machine_busy()}
        return found

    def balancer_stats(self) -> dict:
        try:
            return json.loads(self.stats.read_text())
        except (OSError, ValueError):
            return {}

    def stop(self) -> None:
        if getattr(self, "balancer", None) and self.balancer.poll() is None:
            self.balancer.terminate()
            self.balancer.wait(10)
        for i in self.instances:
            i.stop()


# --- Locust ------------------------------------------------------------------------------------------------------


def locust(port: int, users: int, seconds: float, spawn_seconds: float, prefix: Path, env: dict,
           on_start=None, reset: bool = True) -> dict:  # fmt: skip
    """One headless Locust run: the rows of its --csv statistics by name."""
    command = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "rush_users.py"), "--headless",
               "-H", f"http://127.0.0.1:{port}", "-u", str(users), "-r", str(max(1.0, users / spawn_seconds)),
               "-t", f"{int(spawn_seconds + seconds)}s", "--csv", str(prefix), "--only-summary",
               "--loglevel", "ERROR", "--stop-timeout", "0"] + (["--reset-stats"] if reset else [])  # fmt: skip
    proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)  # fmt: skip
    if on_start:
        on_start(proc)
    _out, err = proc.communicate(timeout=spawn_seconds + seconds + 120)
    rows = {}
    with open(f"{prefix}_stats.csv", newline="") as f:
        for row in csv.DictReader(f):
            rows[row["Name"]] = row
    if "Aggregated" not in rows:
        sys.stderr.write(err)
        raise SystemExit("Locust wrote no statistics")
    return rows


def figures(row: dict) -> dict:
    return {"requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
            "rps": round(float(row["Requests/s"]), 1), "p50": float(row["50%"] or 0),
            "p95": float(row["95%"] or 0), "p99": float(row["99%"] or 0)}  # fmt: skip


def percentile(samples: list[float], q: float) -> float:
    samples = sorted(samples)
    return samples[int(q * (len(samples) - 1))] if samples else 0.0


def staircase(env: dict, args, n: int, folder: Path, user_env: dict, extra: dict[str, int]) -> dict:
    """One Locust run through the user counts of ``--users``, ``--step-seconds`` each, the users of a step
    going on into the next (their visits are not cut). Each step is measured from ``--settle-seconds``
    after it began to its end: every request Locust logged in that window, and the CPU of each process."""
    system = System(env, args.db, n, args.workers, folder)
    log = folder / f"n{n}.log"
    steps: list[dict] = []
    env_ = user_env | {"RUSH_STAIRS": ",".join(map(str, args.users)), "RUSH_STEP_SECONDS": str(args.step_seconds),
                       "RUSH_LOG": str(log)}  # fmt: skip
    command = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "rush_users.py"), "--headless",
               "-H", f"http://127.0.0.1:{system.port}", "--csv", str(folder / f"n{n}"), "--only-summary",
               "--loglevel", "ERROR", "--stop-timeout", "0"]  # fmt: skip
    proc = subprocess.Popen(command, env=env_, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)  # fmt: skip

    def read(window: tuple[float, float]) -> list[tuple[str, float, bool]]:
        rows = []
        for line in log.read_text().splitlines():
            at, name, ms, ok = line.split("\t")
            if name != "start" and window[0] <= float(at) < window[1]:
                rows.append((name, float(ms), ok == "1"))
        return rows

    try:
        deadline = time.time() + 60
        while not (log.exists() and log.read_text()) and time.time() < deadline:
            time.sleep(0.2)
        began = float(log.read_text().split("\t", 1)[0])
        for k, users in enumerate(args.users):
            start, end = (
                began + k * args.step_seconds + args.settle_seconds,
                began + (k + 1) * args.step_seconds,
            )
            time.sleep(max(0.0, start - time.time()))
            before, load = system.cpu({"locust": proc.pid, **extra}), os.getloadavg()
            time.sleep(max(0.0, end - time.time()))
            after = system.cpu({"locust": proc.pid, **extra})
            cpu = spent(before, after)
            cpu["others"] = round(cpu["machine"] - sum(v for k, v in cpu.items() if k != "machine"), 1)
            rows = read((start, end))
            seconds = end - start
            ms = [r[1] for r in rows]
            failures = sum(not r[2] for r in rows)
            total = {"requests": len(rows), "failures": failures, "rps": round(len(rows) / seconds, 1),
                     "p50": round(percentile(ms, 0.5)), "p95": round(percentile(ms, 0.95)),
                     "p99": round(percentile(ms, 0.99))}  # fmt: skip
            pages = {}
            for name in sorted({r[0] for r in rows}):
                mine = [r for r in rows if r[0] == name]
                pages[name] = {"requests": len(mine), "failures": sum(not r[2] for r in mine),
                               "p50": round(percentile([r[1] for r in mine], 0.5)),
                               "p95": round(percentile([r[1] for r in mine], 0.95))}  # fmt: skip
            step = {"users": users, **total, "held": failures == 0 and total["p95"] <= TARGET_P95_MS,
                    "load_average": [round(x, 2) for x in (*load, *os.getloadavg())],
                    "cpu_s": cpu, "cpu_window_s": round(seconds, 1), "pages": pages}  # fmt: skip
            step |= per_core(step)
            steps.append(step)
            print(f"  {n} instance(s), {users:>4} users: {total['rps']:>6.1f} req/s  p50 {total['p50']:>5.0f} ms  "
                  f"p95 {total['p95']:>5.0f} ms  errors {failures}  CPU s in {seconds:.0f} s: " +
                  ", ".join(f"{k} {v}" for k, v in cpu.items()) + ("" if step["held"] else "  (not held)"),
                  flush=True)  # fmt: skip
            if failures or total["p95"] > 10 * TARGET_P95_MS:
                break  # past what it serves: a step further only queues more
    finally:
        if proc.poll() is None:
            proc.terminate()
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
        system.stop()
    held = [s for s in steps if s["held"]]
    best = max(held, key=lambda s: s["rps"]) if held else None
    return {"instances": n, "workers_each": args.workers, "steps": steps, "best": best}


def fault(env: dict, args, users: int, folder: Path, user_env: dict) -> dict:
    """Two instances at ``users``; a third of the way in, one is killed with its workers."""
    system = System(env, args.db, 2, args.workers, folder)
    killed: dict = {}
    try:

        def kill_later(proc) -> None:
            def run() -> None:
                time.sleep(args.spawn_seconds + args.fault_seconds / 3)
                if proc.poll() is None:
                    killed["at_s"] = round(args.spawn_seconds + args.fault_seconds / 3, 1)
                    killed["pids"] = system.instances[1].kill()

            threading.Thread(target=run, daemon=True).start()

        rows = locust(system.port, users, args.fault_seconds, args.spawn_seconds, folder / "fault", user_env,
                            on_start=kill_later, reset=False)  # fmt: skip
        failures = []
        with open(f"{folder / 'fault'}_failures.csv", newline="") as f:
            failures = [{"method": r["Method"], "name": r["Name"], "error": r["Error"],
                         "count": int(r["Occurrences"])} for r in csv.DictReader(f)]  # fmt: skip
        time.sleep(1.5)  # the balancer writes its counts every second
        found = {"users": users, "seconds": args.fault_seconds, "killed": killed, **figures(rows["Aggregated"]),
                 "errors": failures, "balancer": system.balancer_stats(),
                 "load_average": [round(x, 2) for x in os.getloadavg()]}  # fmt: skip
    finally:
        system.stop()
    return found


# --- The run --------------------------------------------------------------------------------------------------


def per_core(step: dict) -> dict:
    """What a request costs in CPU, by part, and the requests a second one core gives the system."""
    cpu = step["cpu_s"]
    requests = (
        step["rps"] * step["cpu_window_s"] or 1
    )  # the requests of the CPU's window, at the rate measured
    # the system: the application, its worker and its database (not the load generator nor the balancer)
    system = cpu["gunicorn"] + cpu["postgresql"] + cpu.get("worker", 0)
    return {"cpu_ms_per_request": {k: round(1000 * v / requests, 2) for k, v in cpu.items()
                                   if k not in ("machine", "others")},
            "rps_per_core_of_system": round(requests / system, 1) if system else None,
            "postgresql_share": round(cpu["postgresql"] / system, 3) if system else None}  # fmt: skip


def run(args) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="ltb-rush-"))
    url, built = suite.pg_database(args.db, "province", args.fresh)
    # a backend per worker for the whole run; plain HTTP on loopback (the balancer stands where TLS would end)
    env = suite.env_for(url) | {"DB_CONN_MAX_AGE": "600", "SECURE_COOKIES": "0"}
    suite.manage(suite.env_for(f"sqlite:///{folder / 'static.sqlite3'}"), "collectstatic", "--noinput", "-v0")
    accounts = args.accounts or folder / "accounts.json"
    if args.accounts and args.accounts.exists() and not args.fresh:  # kept by an earlier run (--accounts)
        made = json.loads(args.accounts.read_text())
        print(f"… {args.db}: the accounts of {args.accounts}", flush=True)
    else:
        print(f"… {args.db}: accounts for the rush", flush=True)
        made = child("accounts", env, cells=args.cells)
        accounts.write_text(json.dumps(made))
    province = model(made["people"], made["cells"], made["committees"])
    nation = model(NATION_MEMBERS, round(made["cells"] * NATION_MEMBERS / made["people"]),
                   round(made["committees"] * NATION_MEMBERS / made["people"]))  # fmt: skip
    shares = province["shares"]
    think = ",".join(str(t * args.think_scale) for t in THINK)
    people = folder / "people.json"
    people.write_text(json.dumps(made["accounts"]))
    user_env = dict(os.environ) | {"RUSH_ACCOUNTS": str(people), "RUSH_THINK": think,
                                   "RUSH_WEIGHTS": ",".join(str(round(100 * shares[k])) for k in REQUESTS)}  # fmt: skip
    worker = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "worker", "--no-startup-delay"], env=env,
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    results: dict = {"when": datetime.datetime.now().isoformat(timespec="seconds"), "machine": suite.machine(),
                     "database": args.db, "built_in_s": built, "model": {"province": province, "nation": nation,
                     "assumptions": {"filing_share": FILING_SHARE, "working_hours": WORKING_SECONDS / 3600,
                     "peak": PEAK, "think_s": THINK, "requests_per_visit": REQUESTS,
                     "approvals_per_sitting": APPROVALS_PER_SITTING, "officers_per_committee": OFFICERS_PER_COMMITTEE,
                     "officer_visits_a_week": OFFICER_VISITS_A_WEEK}},
                     "think_scale": args.think_scale, "step_seconds": args.step_seconds, "runs": []}  # fmt: skip
    try:
        worker_cpu = cpu_of(worker.pid)
        for n in args.instances:
            print(f"== {n} instance(s) of gunicorn, {args.workers} sync workers each", flush=True)
            found = staircase(env, args, n, folder, user_env, {"worker": worker.pid})
            results["runs"].append(found)
        results["worker_cpu_s"] = round(cpu_of(worker.pid) - worker_cpu, 1)
        two = next((r for r in results["runs"] if r["instances"] == 2), None)
        if args.fault_seconds and two:
            users = (two["best"] or max(two["steps"], key=lambda s: s["rps"]))["users"]
            print(
                f"== the fault: 2 instances, {users} users, one killed after {args.fault_seconds / 3:.0f} s",
                flush=True,
            )
            results["fault"] = fault(env, args, users, folder, user_env)
    finally:
        worker.terminate()  # it finishes the task in hand first
        try:
            worker.wait(60)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(10)
        if not args.accounts:
            child("cleanup", env)
        shutil.rmtree(folder, ignore_errors=True)
    results["nation_cores"] = cores_for_nation(results)
    return results


def cores_for_nation(results: dict) -> dict | None:
    """The national peak on paper: its requests a second over what one core of the system serves, read from
    the step with the most requests measured (the CPU a request does not depend on the latency, which was the
    host's; the largest sample reads it best; a step short of whole visits weighs the pages unevenly)."""
    steps = [s for r in results["runs"] for s in r["steps"] if s.get("rps_per_core_of_system")]
    if not steps:
        return None
    step = max(steps, key=lambda s: s["rps"] * s["cpu_window_s"])
    peak = results["model"]["nation"]["peak_rps"]
    per_core_ = step["rps_per_core_of_system"]
    cores = peak / per_core_
    pg = step["postgresql_share"]
    # at 60% busy: the headroom a service keeps for bursts
    return {"from_step": {"users": step["users"], "rps": step["rps"], "held": step["held"]},
            "peak_rps": peak, "rps_per_core": per_core_, "cores_busy": round(cores, 1),
            "cores_at_60_percent": round(cores / 0.6, 1), "postgresql_share": pg,
            "postgresql_cores_at_60_percent": round(cores * pg / 0.6, 1),
            "app_cores_at_60_percent": round(cores * (1 - pg) / 0.6, 1)}  # fmt: skip


def report(results: dict) -> None:
    p, n = results["model"]["province"], results["model"]["nation"]
    print("\nThe model (bench/rush.py): a third of the members file in the last week, 40 working hours, the "
          f"peak hour {PEAK:g}× the mean")  # fmt: skip
    for label, m in (("province", p), ("nation", n)):
        print(f"  {label:<9} {m['members']:>9,} members, {m['filings']:>9,} filings: {m['mean_rps']:>6.1f} req/s on "
              f"average, {m['peak_rps']:>6.1f} at the peak ({m['users_at_peak']:,} people mid-visit at once)")  # fmt: skip
    print("  shares of the requests: " + ", ".join(f"{k} {v:.0%}" for k, v in p["shares"].items()))
    print(f"\nThe staircase (think time ×{results['think_scale']:g}, {results['step_seconds']:g} s a step; held: "
          f"p95 ≤ {TARGET_P95_MS} ms and 0 errors)")  # fmt: skip
    print(f"  {'instances':>9} {'users':>6} {'req/s':>7} {'p50':>6} {'p95':>6} {'errors':>6}  "
          f"{'CPU s: gunicorn':>15} {'PostgreSQL':>10} {'worker':>6} {'Locust':>6} {'balancer':>8} {'others':>6}  load")  # fmt: skip
    for r in results["runs"]:
        for s in r["steps"]:
            c = s["cpu_s"]
            print(f"  {r['instances']:>9} {s['users']:>6} {s['rps']:>7.1f} {s['p50']:>6.0f} {s['p95']:>6.0f} "
                  f"{s['failures']:>6}  {c['gunicorn']:>15.1f} {c['postgresql']:>10.1f} {c['worker']:>6.1f} {c['locust']:>6.1f} "
                  f"{c['balancer']:>8.1f} {c['others']:>6.1f}  {s['load_average'][0]:.1f}"
                  + ("" if s["held"] else "  not held"))  # fmt: skip
    for r in results["runs"]:
        b = r["best"] or max(r["steps"], key=lambda s: s["rps"])
        print(f"  {r['instances']} instance(s): {b['rps']:.1f} req/s " + ("held" if b["held"] else "at most, none held")
              + f" ({b['users']} users, p95 {b['p95']:.0f} ms); {b['rps'] / (os.cpu_count() or 1):.1f} req/s per core "
              f"of the machine, {b['rps_per_core_of_system']} per core the application, its worker and PostgreSQL "
              f"used (PostgreSQL {b['postgresql_share']:.0%} of it); CPU ms a request: "
              + ", ".join(f"{k} {v}" for k, v in b["cpu_ms_per_request"].items()))  # fmt: skip
    top = {r["instances"]: max(r["steps"], key=lambda s: s["rps"]) for r in results["runs"] if r["steps"]}
    held = {r["instances"]: r["best"]["rps"] if r["best"] else 0 for r in results["runs"]}
    if top.get(1) and top.get(2):
        print(f"  2 instances against 1: {top[2]['rps'] / top[1]['rps']:.2f}× the highest rate; held at p95 ≤ "
              f"{TARGET_P95_MS} ms: {held.get(1, 0):g} and {held.get(2, 0):g} req/s")  # fmt: skip
    c = results.get("nation_cores")
    if c:
        print(f"  the nation's peak on paper: {c['peak_rps']:.0f} req/s ÷ {c['rps_per_core']} per core = "
              f"{c['cores_busy']} cores busy; {c['cores_at_60_percent']} at 60% (application "
              f"{c['app_cores_at_60_percent']}, PostgreSQL {c['postgresql_cores_at_60_percent']})")  # fmt: skip
    f = results.get("fault")
    if f:
        print(f"\nThe fault: {f['users']} users, 2 instances, one killed (kill -9, master and workers) at "
              f"{f.get('killed', {}).get('at_s', '?')} s of {f['seconds']:g}: {f['requests']:,} requests, "
              f"{f['failures']} errors, p95 {f['p95']:.0f} ms")  # fmt: skip
        for e in f["errors"]:
            print(f"  {e['count']:>4} × {e['method']} {e['name']}: {e['error'][:90]}")
        for b in f["balancer"].get("backends", []):
            print(f"  balancer, {b['address']}: {b['connections']} connections, {b['connect_errors']} refused, "
                  f"{b['lost_in_flight']} lost in flight, marked down {b['marked_down']}×")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db", default=suite.PROVINCE_DB, help=f"the PostgreSQL database (default {suite.PROVINCE_DB})"
    )
    parser.add_argument("--fresh", action="store_true", help="rebuild the database first")
    parser.add_argument("--users", type=lambda s: [int(x) for x in s.split(",")], default=[10, 20, 40, 60, 80, 120, 160],
                        help="the staircase: user counts, comma-separated")  # fmt: skip
    parser.add_argument("--instances", type=lambda s: [int(x) for x in s.split(",")], default=[1, 2])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers per instance")
    parser.add_argument("--step-seconds", type=float, default=60, help="seconds per step")
    parser.add_argument("--settle-seconds", type=float, default=20, help="of each step, not measured")
    parser.add_argument(
        "--spawn-seconds", type=float, default=10, help="the fault run's users arrive in this"
    )
    parser.add_argument("--think-scale", type=float, default=0.25)
    parser.add_argument("--cells", type=int, default=600, help="cells whose people get accounts")
    parser.add_argument("--fault-seconds", type=float, default=60, help="0: no fault run")
    parser.add_argument(
        "--accounts",
        type=Path,
        help="keep the accounts and their list in this file, and use "
        "them again when it exists (not deleted at the end)",
    )
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--options", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        import django

        django.setup()
        options = json.loads(args.options)
        print(json.dumps({"accounts": child_accounts, "cleanup": child_cleanup}[args.child](options)))
        return
    results = run(args)
    report(results)
    out = args.json or ROOT / "bench" / "results" / f"{datetime.date.today()}-rush.json"
    n = 1
    while out.exists() and not args.json:  # never over an earlier run's results
        n += 1
        out = out.with_name(f"{datetime.date.today()}-rush-{n}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"Results: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


if __name__ == "__main__":
    main()
