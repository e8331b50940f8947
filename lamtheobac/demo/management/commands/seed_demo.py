"""``manage.py seed_demo``: build the Bạch Thông demo district (development only).

``--scale province|national`` builds a large synthetic tree instead, for benchmarks (``demo/scale``: what it
writes, and what it leaves out for scale, such as revision history); ``--people N`` shrinks it.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from lamtheobac.lib.formatting import number, percent
from lamtheobac.organisation.models import Org, OrgKind, PersonKind
from lamtheobac.quality.services import refresh_all as quality_refresh_all
from lamtheobac.reports.services import counters

from ... import scale
from ...activities import build_activities
from ...cycle import build_cycle
from ...data import bach_thong
from ...data.cycle import FIRST_YEAR
from ...era import PROVINCE_NAME, REORGANISED_ON
from ...logins import DEMO_PASSWORD
from ...meetings import build_meetings
from ...province import MAPPING, reorganise_2025, staff_province
from ...reports import build as build_report
from ...tree import DemoDataError, Summary, build_district, check_logins_free, grant_logins
from ...wipe import wipe

DEFAULT_SEED = 2020


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu dùng thử: Đảng bộ tỉnh Thái Nguyên năm 2026 cùng quá khứ của nó: Đảng bộ huyện Bạch Thông "
        "(tỉnh Bắc Kạn) từ 2016 đến 30/6/2025, khoảng 250 tập thể, 3.000 cá nhân; việc sắp xếp tổ chức ngày "
        "01/07/2025 theo tệp data/reorganisation-2025.csv (qua lệnh reorganise); các tài khoản dùng thử và các năm "
        "thực hiện từ 2016 đến năm nay (kế hoạch, bản cam kết, đánh giá, xếp loại). Chỉ chạy khi DEBUG bật. Với --scale province|national: cây tổ chức lớn để đo hiệu năng "
        "(một tỉnh ~15.000 tổ chức, 300.000 cá nhân; toàn quốc ~300.000 tổ chức, 5,6 triệu cá nhân), chỉ năm nay, "
        "không ghi lịch sử chỉnh sửa (Revision) để nạp nhanh."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Hạt giống ngẫu nhiên; cùng hạt giống cho cùng dữ liệu (mặc định {DEFAULT_SEED}).",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--force",
            action="store_true",
            help="Xóa toàn bộ năm thực hiện, hồ sơ, tổ chức, cá nhân, phân quyền và tài khoản (trừ superuser) "
            "rồi tạo lại.",
        )
        mode.add_argument(
            "--if-empty",
            action="store_true",
            help="Chỉ tạo khi cơ sở dữ liệu chưa có tổ chức nào; nếu đã có thì bỏ qua, không báo lỗi.",
        )

        parser.add_argument(
            "--scale",
            choices=["district", *scale.SCALES],
            default="district",
            help="district (mặc định): huyện Bạch Thông; province: một tỉnh ~15.000 tổ chức, 300.000 cá nhân; "
            "national: toàn quốc ~300.000 tổ chức, 5,6 triệu cá nhân (chỉ năm nay, không ghi Revision).",
        )
        parser.add_argument(
            "--people",
            type=int,
            default=None,
            help="Với --scale province|national: thu nhỏ còn khoảng N cá nhân (số tổ chức theo tỉ lệ).",
        )

    def handle(self, *args, seed: int, force: bool, if_empty: bool, **options) -> None:
        # Demo people and a well-known password must never land in a production database.
        if not settings.DEBUG:
            raise CommandError(
                "Lệnh seed_demo chỉ chạy khi DEBUG bật (DEBUG=1): không nạp dữ liệu dùng thử vào hệ thống thật."
            )
        size, people = options.get("scale", "district"), options.get("people")
        if size != "district":
            return self._scale(size, seed=seed, people=people, force=force, if_empty=if_empty)
        if people is not None:
            raise CommandError("--people chỉ dùng với --scale province hoặc --scale national.")
        with transaction.atomic():
            existing = Org.objects.count()
            if existing and if_empty:
                self.stdout.write(
                    f"Cơ sở dữ liệu đã có {number(existing)} tổ chức: giữ nguyên, không nạp dữ liệu dùng thử."
                )
                return
            if existing and not force:
                raise CommandError(
                    f"Cơ sở dữ liệu đã có {number(existing)} tổ chức. Thêm --force để xóa toàn bộ năm thực "
                    "hiện, hồ sơ, tổ chức, cá nhân, phân quyền và tài khoản (trừ superuser) rồi tạo lại dữ "
                    "liệu dùng thử."
                )
            deleted = self._wipe() if existing else None
            try:
                summary, years, activities, checked, report = self._build(seed, timezone.localdate())
            except (DemoDataError, ValidationError) as exc:
                raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
        # Reported only now: until the transaction commits, nothing has been deleted for good.
        if deleted:
            self.stdout.write(
                f"Đã xóa dữ liệu cũ: {number(deleted['orgs'])} tổ chức, "
                f"{number(deleted['people'])} cá nhân, {number(deleted['users'])} tài khoản, "
                f"{number(deleted['records'])} kế hoạch và bản cam kết."
            )
        self._report(summary, seed)
        self.stdout.write("\n".join(["  Năm thực hiện:", *(f"    {year.line()}" for year in years)]))
        self.stdout.write(
            "\n".join(
                ["  Học tập, mô hình, gương điển hình, kiểm tra:", *(f"    {y.line()}" for y in activities)]
            )
        )
        # every year's records at once (quality_refresh_all): said so, and each figure named as what it counts
        self.stdout.write(
            f"  Chất lượng, cộng cả {FIRST_YEAR}–{timezone.localdate().year}: "
            f"{percent(checked.concrete, checked.actions)} việc làm cụ thể (trên {number(checked.actions)} việc làm "
            f"của {number(checked.records)} kế hoạch, bản cam kết); {number(checked.copied_last_year)} kế hoạch, "
            f"bản cam kết giống bản năm trước của cùng người viết; {number(checked.clusters)} nhóm bản cam kết gần "
            f"giống nhau trong cùng tổ chức, cùng năm ({number(checked.clustered)} bản cam kết)."
        )
        self.stdout.write(
            f"  Báo cáo: dự thảo sơ kết {report.year_from} – {report.year_to} số {report.number} của "
            f"{report.issuer} (mở tại /bao-cao/)."
        )

    def _build(self, seed: int, today):
        """The stages, each announced as it starts (the whole takes some tens of seconds): the district's
        tree under Bắc Kạn and its years until 2024, the reorganisation of 1/7/2025 through ``reorganise``,
        the province's people and the demo grants, the years from 2025 on the province's tree, then the
        quality figures, the maintained counts and the report."""
        began = time.monotonic()

        def stage(words: str, end: str = "…") -> None:
            self.stdout.write(f"[{time.monotonic() - began:5.1f} s] {words}{end}")
            self.stdout.flush()

        before = REORGANISED_ON.year - 1
        stage("Cây tổ chức: Đảng bộ tỉnh Bắc Kạn, Đảng bộ huyện Bạch Thông, cá nhân, tài khoản")
        check_logins_free()
        summary = build_district(seed)
        stage(f"Năm thực hiện {FIRST_YEAR}–{before} (kế hoạch, bản cam kết, đánh giá)")
        years = build_cycle(seed, today=today, last=before)
        stage(f"Học tập, mô hình, gương điển hình, kiểm tra {FIRST_YEAR}–{before}")
        activities = build_activities(seed, today, last=before)
        if today >= REORGANISED_ON:
            stage(f"Sắp xếp tổ chức ngày {REORGANISED_ON:%d/%m/%Y} (tệp {MAPPING.name})")
            reorganise_2025()
            staff_province(seed)
        grant_logins()
        stage(f"Năm thực hiện {REORGANISED_ON.year}–{today.year} trên cây tổ chức mới")
        years += build_cycle(seed, today=today, first=before + 1)
        activities += build_activities(seed, today, first=before + 1)
        build_meetings(seed, today)  # the monthly cell meetings of the current year
        stage("Chất lượng bản cam kết, số liệu tổng hợp, báo cáo")
        checked = quality_refresh_all()
        counters.reconcile()  # the dashboard's maintained counts, built once everything is there
        report = build_report()
        stage("Xong", end=".")
        return summary, years, activities, checked, report

    def _scale(self, size: str, *, seed: int, people: int | None, force: bool, if_empty: bool) -> None:
        """The large synthetic trees: same refusals as the district, a wipe that copes with millions of rows."""
        say = self.stdout.write
        with transaction.atomic():
            existing = Org.objects.count()
            if existing and if_empty:
                say(
                    f"Cơ sở dữ liệu đã có {number(existing)} tổ chức: giữ nguyên, không nạp dữ liệu dùng thử."
                )
                return
            if existing and not force:
                raise CommandError(
                    f"Cơ sở dữ liệu đã có {number(existing)} tổ chức. Thêm --force để xóa toàn bộ năm thực "
                    "hiện, hồ sơ, tổ chức, cá nhân, phân quyền và tài khoản (trừ superuser) rồi tạo lại dữ "
                    "liệu dùng thử."
                )
            deleted = None
            if existing:
                say("Xóa dữ liệu cũ…")
                began = time.monotonic()
                deleted = self._wipe(scale.wipe_scale)
                say(f"  xong sau {scale.duration(time.monotonic() - began)}")
            try:
                summary = scale.build_scale(
                    size, seed=seed, people=people, today=timezone.localdate(), say=say
                )
            except (DemoDataError, ValidationError) as exc:
                raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
            say("Ghi vào cơ sở dữ liệu (commit)…")
            began = time.monotonic()
        say(f"  xong sau {scale.duration(time.monotonic() - began)}")
        if deleted:
            say(
                f"Đã xóa dữ liệu cũ: {number(deleted['orgs'])} tổ chức, {number(deleted['people'])} cá nhân, "
                f"{number(deleted['users'])} tài khoản, {number(deleted['records'])} kế hoạch và bản cam kết."
            )
        say("\n".join(scale.summary_lines(summary, seed, people)))

    def _wipe(self, wiper=None) -> dict[str, int]:
        try:
            return (wiper or wipe)()
        except (ProtectedError, RestrictedError) as exc:
            # Records of a later feature (plans, commitments…) still point at the orgs: say so plainly.
            models = sorted({obj._meta.verbose_name_plural for obj in exc.args[1]})
            raise CommandError(
                "Không xóa được dữ liệu cũ vì còn bản ghi tham chiếu tới tổ chức, cá nhân hoặc tài khoản: "
                + ", ".join(str(m) for m in models)
                + "."
            ) from exc

    def _report(self, summary: Summary, seed: int) -> None:
        lines = [
            f"Đã tạo dữ liệu dùng thử “{PROVINCE_NAME}” (--seed {seed}); đến 30/6/2025: “{bach_thong.ROOT_NAME}”:",
            f"  Tổ chức: {number(summary.collectives)} tập thể trực thuộc "
            f"(cộng Đảng bộ huyện là {number(summary.collectives + 1)})",
        ]
        lines += [
            f"    {kind.label}: {number(summary.orgs_by_kind[kind])}"
            for kind in OrgKind
            if summary.orgs_by_kind[kind]
        ]
        lines.append(f"  Cá nhân: {number(summary.people)}")
        lines += [
            f"    {kind.label}: {number(summary.people_by_kind[kind])}"
            for kind in PersonKind
            if summary.people_by_kind[kind]
        ]
        lines.append(
            f"  Tài khoản dùng thử: {len(summary.logins)} ({', '.join(summary.logins)}), "
            f"mật khẩu: {DEMO_PASSWORD}"
        )
        self.stdout.write("\n".join(lines))
