"""Importing a 100,000-person roster against reading the same file with openpyxl alone, side by side.

    DEBUG=1 python manage.py seed_demo --if-empty
    python bench/import_people.py [--rows 100000]

Writes a roster of ``--rows`` new people spread over the demo district's cells, then times, each in its own
process so that peak memory is its own: (a) openpyxl in read-only mode reading every row, (b) the whole
import (read, check every row against the database, write) inside a transaction rolled back at the end,
so the demo is left as it was. Prints both times, the ratio and each process's peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Production settings: with DEBUG on, Django keeps and formats every statement it runs, which the import
# (thousands of multi-row INSERTs) would pay for and a server does not.
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-only")

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Hà",
    "Lục",
    "Triệu",
    "Nông",
    "Ma",
    "Đinh",
    "Bế",
    "Lường",
]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Hồng", "Quang"]
GIVEN = ["Bình", "Mai", "Hùng", "Lan", "Tuấn", "Hoa", "Dũng", "Hương", "Sơn", "Thảo", "Khoa", "Nhung"]


def write_file(path: Path, rows: int) -> None:
    import django

    django.setup()
    from openpyxl import Workbook

    from lamtheobac.demo.data.bach_thong import ROOT_CODE
    from lamtheobac.organisation.models import Org, OrgKind, subtree_q
    from lamtheobac.organisation.roster import PEOPLE_COLUMNS

    root = Org.objects.get(code=ROOT_CODE)
    cells = list(
        Org.objects.filter(subtree_q(root.path), kind=OrgKind.CELL, active=True).values_list(
            "code", flat=True
        )
    )
    rng = random.Random(5)
    book = Workbook(write_only=True)
    ws = book.create_sheet("Cá nhân")
    ws.append([c.header for c in PEOPLE_COLUMNS])
    for i in range(rows):
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"  # namesakes: told apart by card
        ws.append([name, rng.choice(["Nam", "Nữ"]), rng.randint(1950, 2004), "Đảng viên chính thức", "", rng.choice(cells),
                   "", f"09{rng.randint(10_000_000, 99_999_999)}", "", f"{9_000_000 + i}", "", "Có"])  # fmt: skip
    book.save(path)


def read_only(path: str) -> dict:
    from openpyxl import load_workbook

    start = time.perf_counter()
    book = load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    return {"seconds": time.perf_counter() - start, "rows": count}


def full_import(path: str) -> dict:
    import django

    django.setup()
    from django.db import transaction

    from lamtheobac.demo.data.bach_thong import ROOT_CODE
    from lamtheobac.imports.services import people
    from lamtheobac.organisation.models import Org

    under = Org.objects.get(code=ROOT_CODE)
    start = time.perf_counter()
    with transaction.atomic():
        with open(path, "rb") as stream:
            result = people.plan(stream, Path(path).name, under)
        checked = time.perf_counter() - start
        assert result.ok, [str(p) for p in result.problems[:5]]
        people.apply(result)
        total = time.perf_counter() - start
        transaction.set_rollback(True)
    return {"seconds": total, "check_seconds": checked, "added": len(result.adds)}


def child(step: str, path: str) -> dict:
    found = {"read": read_only, "import": full_import}[step](path)
    found["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--child", nargs=2, metavar=("STEP", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "roster.xlsx"
        write_file(path, args.rows)
        size = path.stat().st_size / 1024 / 1024
        results = {}
        for step in ("read", "import"):
            out = subprocess.run(  # noqa: S603 — this same script, in a child process of its own
                [sys.executable, __file__, "--child", step, str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            results[step] = json.loads(out.stdout.strip().splitlines()[-1])
    read, imp = results["read"], results["import"]
    from django.db import connection

    print(f"{args.rows:,} people, {size:.1f} MB .xlsx, database: {connection.vendor}")
    print(f"  openpyxl read-only, every row   {read['seconds']:6.1f} s   peak {read['peak_mb']:6.0f} MB")
    print(
        f"  import (read, check, write)     {imp['seconds']:6.1f} s   peak {imp['peak_mb']:6.0f} MB   (check alone {imp['check_seconds']:.1f} s)"
    )
    print(f"  import / read: {imp['seconds'] / read['seconds']:.2f}x")


if __name__ == "__main__":
    main()
