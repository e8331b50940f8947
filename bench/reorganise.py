"""Reorganising a province as in 2025, then its dashboards, measured on PostgreSQL.

    python bench/reorganise.py [--source lamtheobac_bench_province] [--runs 60] [--check]

Works on a copy of the province benchmark database (``CREATE DATABASE … TEMPLATE``; built by ``bench/suite.py``
or ``seed_demo --scale province``), so the original stays as it was. From the copy's tree it writes the file a
province office would upload, every row effective on 01/07/2025:

- each district's communes merge three into one: a new commune under the province (``thành lập``), the three
  merged into it (``hợp nhất``) — their cells, people and open records move with them;
- each district's other units (agencies, schools, the district's own cells) move under the province
  (``chuyển``), then the district ends (``giải thể``);
- the province's own bodies move under two new upper-level committees (the Party agencies' and the People's
  Committee's), created in the same file.

Then it times ``reorganise.run`` (every row checked, applied through the services with the maintained counters
moved, the last year's totals compared before and after in both views — the target is ≤ 60 s), and the
dashboard page built from the data (page cache off) of the province, an ended district, a new commune and an
ended commune, for 2020 and this year, as it was and carried in (target ≤ 50 ms at p95). ``--check`` also
recounts every figure (``reconcile --check``) and says whether the counters held. Prints a table and writes
``bench/results/<date>-reorganise.json``.
"""

# It starts fixed local programs (psql, this script) and builds SQL from the models' own names.
# ruff: noqa: S603, S608

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = "postgres://postgres@127.0.0.1:5432/"
PG_ADMIN = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qtAc"]
ON = datetime.date(2025, 7, 1)
PAST = 2020  # the sơ kết year whose figures must survive the reorganisation
TARGET_APPLY_S = 60
TARGET_P95_MS = 50


def copy_database(source: str, copy: str) -> None:
    subprocess.run([*PG_ADMIN, f'DROP DATABASE IF EXISTS "{copy}"'], check=True)
    # a template must have no other session: the benchmark's own connections are closed by now
    subprocess.run([*PG_ADMIN, f'CREATE DATABASE "{copy}" TEMPLATE "{source}"'], check=True)


def percentiles(samples: list[float]) -> dict:
    samples = sorted(samples)
    return {
        "p50": round(statistics.median(samples), 2),
        "p95": round(samples[int(0.95 * (len(samples) - 1))], 2),
        "max": round(samples[-1], 2),
        "n": len(samples),
    }


def timed(fn, runs: int) -> dict:
    for _ in range(max(1, runs // 5)):  # warm, as a server's workers are
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return percentiles(samples)


def cpu_seconds(connection) -> dict[str, float]:
    """CPU seconds used so far by this process and by its PostgreSQL backend (when the server runs on this
    host and its /proc entry is readable; else only this process)."""
    found = {"python": sum(os.times()[:2])}
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        found["postgres"] = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        pass
    return found


PLACES = (
    "Đảng bộ xã",
    "Đảng bộ phường",
    "Đảng bộ thị trấn",
)  # before 2025 a commune's committee was grassroots


def build_lines(Line, kinds, Org) -> list:
    """The reorganisation file of the copy's province, as lines (see the module's words)."""
    root = Org.objects.get(parent__isnull=True, active=True)
    lines: list = []
    communal = (kinds.COMMUNE_COMMITTEE, kinds.GRASSROOTS_COMMITTEE)

    def add(op: str, **cells) -> None:
        lines.append(Line(number=len(lines) + 2, op=op, on=ON, **cells))

    bodies = list(root.children.filter(active=True).exclude(kind=kinds.DISTRICT_COMMITTEE).order_by("path"))
    uppers = [("BENCH-CQD", "Đảng bộ các cơ quan Đảng tỉnh"), ("BENCH-UBND", "Đảng bộ Ủy ban nhân dân tỉnh")]
    for code, name in uppers:
        add("create", new_code=code, new_name=name, new_kind=kinds.UPPER_COMMITTEE, parent_code=root.code)
    for i, body in enumerate(bodies):
        add("move", code=body.code, parent_code=uppers[i % 2][0])
    n = 0
    for district in root.children.filter(active=True, kind=kinds.DISTRICT_COMMITTEE).order_by("path"):
        children = list(district.children.filter(active=True).order_by("path"))
        communes = [c for c in children if c.kind in communal and c.name.startswith(PLACES)]
        for start in range(0, len(communes), 3):
            n += 1
            three = communes[start : start + 3]
            code = f"BENCH-XA-{n}"
            add("create", new_code=code, new_name=f"Đảng bộ xã {three[0].name.rsplit(' ', 1)[-1]} {n}",
                new_kind=kinds.COMMUNE_COMMITTEE, parent_code=root.code)  # fmt: skip
            for commune in three:
                add("merge", code=commune.code, new_code=code)
        for other in children:
            if other not in communes:
                add("move", code=other.code, parent_code=root.code)
        add("end", code=district.code)
    return lines


def copy_year(models, source: int, target: int) -> dict:
    """Copy the rows of ``models`` (year-keyed: periods, records) of ``source`` to ``target`` on PostgreSQL,
    every date moved by the years between: the synthetic province is built for the current year only, and a
    province reorganised in 2025 has ten years of figures behind it. The numbers copied."""
    from django.db import connection

    shift = f"interval '{source - target} years'"
    copied = {}
    with connection.cursor() as cursor:
        for model in models:
            names, values = [], []
            for f in model._meta.concrete_fields:
                if f.primary_key:
                    continue
                column = connection.ops.quote_name(f.column)
                names.append(column)
                kind = f.get_internal_type()
                if f.column == "year":
                    values.append(str(target))
                elif kind == "DateField":
                    values.append(f"({column} - {shift})::date")
                elif kind == "DateTimeField":
                    values.append(f"{column} - {shift}")
                else:
                    values.append(column)
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(values)} FROM {table} "
                           f"WHERE year = %s", [source])  # fmt: skip
            copied[model._meta.db_table] = cursor.rowcount
    return copied


def child(args) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings

    from lamtheobac.cycle.models import Period, Record
    from lamtheobac.imports.services import reorganise
    from lamtheobac.organisation import selectors as org_selectors
    from lamtheobac.organisation.kinds import OrgKind
    from lamtheobac.organisation.models import Org, Person, Role, RoleGrant
    from lamtheobac.reports import selectors as reports_selectors
    from lamtheobac.reports.services import counters

    settings.ALLOWED_HOSTS = ["*"]
    root = Org.objects.get(parent__isnull=True, active=True)
    found: dict = {"orgs": Org.objects.count(), "people": Person.objects.filter(active=True).count()}
    if not Period.objects.filter(year=PAST).exists():  # a past year with figures, built like any other
        started = time.perf_counter()
        found["copied_to_2020"] = copy_year([Period, Record], reports_selectors.today_year(), PAST)
        counters.reconcile()  # every year from 2020 built, as a province's would be
        with connection.cursor() as cursor:
            # the planner's statistics as autovacuum keeps them on a live database: without them the copy's
            # planner still sees the tallies of one year and scans the whole table for a few hundred rows
            cursor.execute("ANALYZE")
        found["past_year_built_s"] = round(time.perf_counter() - started, 1)
        print(
            f"… {PAST} copied from this year and counted: {found['past_year_built_s']} s",
            file=sys.stderr,
            flush=True,
        )
    lines = build_lines(reorganise.Line, OrgKind, Org)
    found["lines"] = {op: sum(1 for x in lines if x.op == op) for op in sorted({x.op for x in lines})}
    started, cpu = time.perf_counter(), cpu_seconds(connection)
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        outcome = profiler.runcall(
            reorganise.run, lines, actor=None, dry_run=False, reason="Đo hiệu năng", source="bench"
        )
        profiler.dump_stats(args.profile)
    else:
        outcome = reorganise.run(lines, actor=None, dry_run=False, reason="Đo hiệu năng", source="bench")
    found["apply_s"] = round(time.perf_counter() - started, 1)
    # the CPU of this process and of its PostgreSQL backend: what the run cost whatever else the host ran
    found["apply_cpu_s"] = {k: round(v - cpu.get(k, v), 1) for k, v in cpu_seconds(connection).items()}
    print(f"… reorganise.run: {found['apply_s']} s", file=sys.stderr, flush=True)
    found["applied"] = outcome.applied
    found["problems"] = [str(p.message) for p in outcome.problems[:5]]
    found["totals_equal"] = all(t.equal for t in outcome.totals)
    found["people_moving"] = outcome.people_moving
    if not outcome.applied:
        return found

    year = reports_selectors.today_year()
    district = (
        Org.objects.filter(kind=OrgKind.DISTRICT_COMMITTEE, ended_on__isnull=False).order_by("path").first()
    )
    new_commune = Org.objects.get(code="BENCH-XA-1")
    old_commune = Org.objects.filter(merged_into=new_commune).order_by("path").first()
    user = RoleGrant.objects.filter(org=root, role=Role.OFFICER).first().user  # of the whole tree
    client = Client()
    client.force_login(user)
    pages = []
    for org, label in ((root, "tỉnh"), (district, "huyện đã kết thúc"), (new_commune, "xã mới"),
                       (old_commune, "xã đã hợp nhất")):  # fmt: skip
        for y in (PAST, year):
            for view in ("as_it_was", "lineage"):
                url = f"/thong-ke/?org={org.pk}&year={y}&view={view}"
                with override_settings(PAGE_CACHE=False):  # the page built from the data at each request
                    response = client.get(url)
                    assert response.status_code == 200, (url, response.status_code)
                    spent = cpu_seconds(connection)
                    page = timed(lambda url=url: client.get(url), args.runs)
                    # the CPU a request cost (this process and its backend, warm-up included): what the page
                    # costs whatever else the host runs
                    calls = args.runs + max(1, args.runs // 5)
                    page["cpu_ms"] = {k: round(1000 * (v - spent.get(k, v)) / calls, 1)
                                      for k, v in cpu_seconds(connection).items()}  # fmt: skip
                shown = (
                    view if view == "lineage" or org_selectors.exists_in(org, y) else "lineage"
                )  # as the page decides
                board = reports_selectors.dashboard(org, y, lineage=shown == "lineage").total
                pages.append({"org": org.name, "what": label, "year": y, "view": shown,
                              "commitments": board.commitments_filed,
                              "people": board.people_required, "page_ms": page})  # fmt: skip
    found["pages"] = pages
    if args.check:
        started = time.perf_counter()
        try:
            call_command("reconcile", "--check", verbosity=0)
            found["reconcile_clean"] = True
        except SystemExit as exc:
            found["reconcile_clean"] = exc.code in (0, None)
        found["reconcile_s"] = round(time.perf_counter() - started, 1)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", default="lamtheobac_bench_province")
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--check", action="store_true", help="recount every figure afterwards")
    parser.add_argument("--keep", action="store_true", help="keep the reorganised copy")
    parser.add_argument(
        "--json", type=Path, help="write the results here (default bench/results/<date>-reorganise.json)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--profile", help="write a cProfile of the reorganisation here")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args), ensure_ascii=False))
        return
    copy = f"{args.source}_reorganised"
    print(f"… copying {args.source} to {copy}", flush=True)
    copy_database(args.source, copy)
    env = {**os.environ, "DATABASE_URL": PG + copy, "DEBUG": "0", "SECRET_KEY": "bench-only-secret",
           "DJANGO_SETTINGS_MODULE": "config.settings"}  # fmt: skip
    # built by an older version: bring the copy up to date
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"], env=env, cwd=ROOT,
                   check=True)  # fmt: skip
    # DEBUG off serves static files through their manifest: build it (as bench/suite.py does)
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"], env=env,
                   cwd=ROOT, check=True)  # fmt: skip
    options = ["--runs", str(args.runs), *(["--check"] if args.check else [])]
    if args.profile:
        options += ["--profile", str(Path(args.profile).resolve())]
    out = subprocess.run([sys.executable, __file__, "--child", *options], env=env, cwd=ROOT,
                         stdout=subprocess.PIPE, text=True)  # fmt: skip
    if not args.keep:
        subprocess.run([*PG_ADMIN, f'DROP DATABASE IF EXISTS "{copy}"'], check=True)
    if out.returncode:
        raise SystemExit(f"the reorganisation step failed (exit status {out.returncode})")
    found = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"Province: {found['orgs']:,} orgs, {found['people']:,} people; rows: {found['lines']}")
    print(f"reorganise (check, apply, totals before/after): {found['apply_s']} s — applied {found['applied']}, "
          f"totals equal {found['totals_equal']}, {found['people_moving']:,} people moved (target ≤ {TARGET_APPLY_S} s)")  # fmt: skip
    print(f"  CPU seconds of the run: {found.get('apply_cpu_s')}")
    for p in found.get("pages", []):
        print(f"  {p['what']:<16} {p['year']} {p['view']:<9} {p['commitments']:>7} / {p['people']:>7}  "
              f"p50 {p['page_ms']['p50']:6.1f} ms  p95 {p['page_ms']['p95']:6.1f} ms  "
              f"CPU {p['page_ms'].get('cpu_ms')} ms")  # fmt: skip
    if "reconcile_clean" in found:
        print(
            f"reconcile --check: {'clean' if found['reconcile_clean'] else 'DIFFERENCES'} ({found['reconcile_s']} s)"
        )
    missed = []
    if not found["applied"] or not found["totals_equal"]:
        missed.append(f"not applied or totals moved: {found['problems']}")
    if found["apply_s"] > TARGET_APPLY_S:
        missed.append(f"reorganise took {found['apply_s']} s")
    missed += [f"{p['what']} {p['year']} {p['view']}: p95 {p['page_ms']['p95']} ms" for p in found.get("pages", [])
               if p["page_ms"]["p95"] > TARGET_P95_MS]  # fmt: skip
    if found.get("reconcile_clean") is False:
        missed.append("the counters differ from a recount")
    found["targets_met"] = not missed
    found["missed"] = missed
    out_file = args.json or ROOT / "bench" / "results" / f"{datetime.date.today()}-reorganise.json"
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_text(json.dumps(found, ensure_ascii=False, indent=2))
    print("Every target met." if not missed else "Targets missed:\n  " + "\n  ".join(missed))
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
