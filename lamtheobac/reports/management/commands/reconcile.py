"""``manage.py reconcile``: recount every figure the dashboard reads from the maintained counts, report
each difference and repair it.

The counts are kept up to date as records change; run this after data was loaded or changed behind the
application's back (a restore, a bulk load, a fix in the database shell), or with ``--check`` from a
monitoring job: it then repairs nothing and exits with status 1 when it found a difference."""

from __future__ import annotations

import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from lamtheobac.lib.formatting import number
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation import services as org_services
from lamtheobac.organisation.models import Org
from lamtheobac.reports import selectors as reports_selectors
from lamtheobac.reports.models import TallyScope
from lamtheobac.reports.services import counters

SHOWN = 20  # differences printed one by one; the rest are counted


class Command(BaseCommand):
    help = "Đếm lại số liệu cộng dồn của bảng điều hành, báo và sửa mọi chênh lệch."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, action="append", help="chỉ năm này (có thể nhắc lại)")
        parser.add_argument("--check", action="store_true", help="chỉ báo chênh lệch, không sửa")

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        years = options["year"] or reports_selectors.data_years()
        found = counters.reconcile(years, repair=not options["check"])
        names = dict(Org.objects.filter(pk__in={d.org_id for d in found[:SHOWN]}).values_list("pk", "name"))
        for d in found[:SHOWN]:
            where = TallyScope(d.scope).label
            self.stdout.write(
                f"  {d.year} · {names.get(d.org_id, d.org_id)} ({where}) · {d.column}: "
                f"đang lưu {number(d.stored)}, đếm lại {number(d.counted)}"
            )
        if len(found) > SHOWN:
            self.stdout.write(f"  … và {number(len(found) - SHOWN)} chênh lệch khác")
        by_year = Counter(d.year for d in found)
        per_year = ", ".join(f"{y}: {number(by_year[y])}" for y in sorted(by_year)) or "không năm nào"
        done = "chỉ kiểm tra, chưa sửa" if options["check"] else "đã sửa"
        self.stdout.write(
            f"Đã đếm lại {number(len(years))} năm ({years[0]}–{years[-1]}): {number(len(found))} chênh lệch "
            f"({per_year}); {done} — {time.perf_counter() - started:.1f} giây."
        )
        # every org needs its place in time, every person their membership: without them they count nowhere
        orgs, people = org_selectors.missing()
        if orgs or people:
            self.stdout.write(
                f"Thiếu mốc thời gian: {number(orgs)} tổ chức, {number(people)} cá nhân"
                + ("" if options["check"] else " — đã bổ sung (tính từ đầu), cần chạy lại lệnh để đếm lại.")
            )
            if not options["check"]:
                org_services.open_missing()
        if options["check"] and (found or orgs or people):
            raise CommandError("Số liệu cộng dồn chưa khớp với dữ liệu gốc.", returncode=1)
