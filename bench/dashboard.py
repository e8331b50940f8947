"""Dashboard speed on the demo district, measured side by side in one run.

    DEBUG=1 python manage.py seed_demo --if-empty
    DEBUG=1 python bench/dashboard.py [--runs 30]

Prints the server time of the whole dashboard page (Django test client, login done once, warm cache), the
time of the figures alone (``reports.selectors.dashboard``) and of the straightforward way of counting the same
child rows (``cycle.selectors.coverage`` once per child org: a few queries per child), with the ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from lamtheobac.cycle.selectors import coverage, rules_for  # noqa: E402
from lamtheobac.demo.data.bach_thong import ROOT_CODE  # noqa: E402
from lamtheobac.organisation.models import Org  # noqa: E402
from lamtheobac.reports import selectors as reports_selectors  # noqa: E402


def timed(fn, runs: int) -> tuple[float, float]:
    fn()  # warm up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--year", type=int, default=2020)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    root = Org.objects.get(code=ROOT_CODE)
    client = Client()
    client.force_login(User.objects.get(username="chuyenvien"))
    children = list(root.children.filter(active=True))

    def page():
        assert client.get("/thong-ke/", {"year": args.year}).status_code == 200

    def figures():
        reports_selectors.dashboard(root, args.year)

    def straightforward():
        rules = rules_for(root, args.year)
        coverage(root, rules)
        for child in children:
            coverage(child, rules)

    with CaptureQueriesContext(connection) as q_page:
        page()
    with CaptureQueriesContext(connection) as q_naive:
        straightforward()
    print(f"{connection.vendor}, {Org.objects.count()} orgs, {len(children)} child rows, year {args.year}")
    results = {}
    for name, fn, queries in (
        ("dashboard page", page, len(q_page)),
        ("figures (reports_selectors.dashboard)", figures, None),
        ("straightforward per-child coverage", straightforward, len(q_naive)),
    ):
        p50, p95 = timed(fn, args.runs)
        results[name] = p50
        extra = f", {queries} queries" if queries is not None else ""
        print(f"  {name:38s} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms{extra}")
    ratio = results["straightforward per-child coverage"] / results["figures (reports_selectors.dashboard)"]
    print(f"  straightforward / figures: {ratio:.1f}x")


if __name__ == "__main__":
    main()
