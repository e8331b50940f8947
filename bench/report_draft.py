"""How long the report writer's draft takes against the size of the org's subtree: what sets
``REPORT_QUEUE_FROM`` (above it a request would wait more than ``--budget`` seconds, so a worker drafts).

    DATABASE_URL=postgres://…/<demo or province database> python bench/report_draft.py [--runs 3]

Times ``writer.draft`` (sơ kết 2016 – last year, every section) on the database's largest org and on orgs of
every size below it (the largest of each kind and level), wall clock and the process's CPU time, and the
queries. Fits seconds = a + b × orgs over the samples (least squares), prints a table and the size at which
the fit crosses the budget, and writes ``bench/results/<date>-report-draft-<label>.json``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from lamtheobac.organisation.models import Org, path_ids  # noqa: E402
from lamtheobac.reports import services, writer  # noqa: E402
from lamtheobac.reports.models import ReportKind  # noqa: E402


def samples() -> list[Org]:
    """Orgs of every size: at each depth of the tree the largest two and one of middle size."""
    paths = dict(Org.objects.values_list("id", "path"))
    sizes: Counter[int] = Counter()
    for path in paths.values():
        sizes.update(path_ids(path))
    by_depth: dict[int, list[int]] = {}
    for pk, path in paths.items():
        by_depth.setdefault(len(path_ids(path)), []).append(pk)
    chosen: list[int] = []
    for depth in sorted(by_depth):
        group = sorted(by_depth[depth], key=lambda pk: -sizes[pk])
        chosen.extend(dict.fromkeys([*group[:2], group[len(group) // 2]]))
    orgs = Org.objects.in_bulk(chosen)
    return [orgs[pk] for pk in chosen]


def server_cpu() -> float:
    """CPU seconds of the PostgreSQL backend serving this connection (same host: /proc); 0 on SQLite,
    whose work is in the process's own CPU time."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(org: Org, first: int, last: int, runs: int) -> dict:
    walls, cpus, servers, queries = [], [], [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            s0 = server_cpu()
            w0, c0 = time.perf_counter(), time.process_time()
            writer.draft(org, first, last, ReportKind.INTERIM)
            walls.append(time.perf_counter() - w0)
            cpus.append(time.process_time() - c0)
            servers.append(server_cpu() - s0)
        queries = len(captured.captured_queries) - 2  # the two pid look-ups
    cpu, server = statistics.median(cpus), statistics.median(servers)
    return {
        "org": org.name,
        "kind": org.kind,
        "orgs": services.subtree_size(org),
        "wall_s": round(statistics.median(walls), 3),
        "cpu_s": round(cpu, 3),
        "db_cpu_s": round(server, 3),
        # what the request would take on an idle host: the app's CPU and the database's, one after the other
        "idle_s": round(cpu + server, 3),
        "queries": queries,
    }


def fit(rows: list[dict], key: str) -> tuple[float, float]:
    xs, ys = [r["orgs"] for r in rows], [r[key] for r in rows]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs) or 1.0
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    return my - b * mx, b


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--budget", type=float, default=2.0, help="seconds a request may take")
    parser.add_argument("--label", default=connection.settings_dict["NAME"].rsplit("/", 1)[-1])
    args = parser.parse_args()
    last = timezone.localdate().year - 1
    first = max(services.FIRST_YEAR, last - services.MAX_YEARS + 1)
    orgs = samples()
    rows = sorted((measure(o, first, last, args.runs) for o in orgs), key=lambda r: -r["orgs"])
    a, b = fit(rows, "idle_s")
    crossing = int((args.budget - a) / b) if b > 0 else None
    wa, wb = fit(rows, "wall_s")
    load = os.getloadavg()
    print(
        f"writer.draft, sơ kết {first} – {last}, {connection.vendor}, load {load[0]:.1f}, median of {args.runs}"
    )
    print(f"{'orgs':>8} {'wall s':>8} {'app cpu':>8} {'db cpu':>8} {'idle s':>8} {'queries':>8}  org")
    for r in rows:
        print(
            f"{r['orgs']:>8} {r['wall_s']:>8.3f} {r['cpu_s']:>8.3f} {r['db_cpu_s']:>8.3f} {r['idle_s']:>8.3f}"
            f" {r['queries']:>8}  {r['org']} ({r['kind']})"
        )
    print(
        f"fit, idle host (app + db CPU): {a:.3f} s + {b * 1000:.3f} ms × orgs; {args.budget} s at ≈ {crossing} orgs"
    )
    print(f"fit, wall clock at this load: {wa:.3f} s + {wb * 1000:.3f} ms × orgs")
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    name = out / f"{datetime.date.today():%Y-%m-%d}-report-draft-{args.label}.json"
    result = {
        "vendor": connection.vendor,
        "years": [first, last],
        "runs": args.runs,
        "load": [round(x, 2) for x in load],
        "cpus": os.cpu_count(),
        "rows": rows,
        "fit_idle_s": {"a": round(a, 4), "b_per_org": round(b, 7)},
        "fit_wall_s": {"a": round(wa, 4), "b_per_org": round(wb, 7)},
        "budget_s": args.budget,
        "orgs_at_budget": crossing,
    }
    name.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(f"→ {name.relative_to(Path(__file__).resolve().parent.parent)}")


if __name__ == "__main__":
    main()
