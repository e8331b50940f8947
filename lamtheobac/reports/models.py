"""A multi-year summary report (báo cáo sơ kết / tổng kết) of an org, as the officer edits it.

The sections hold only text: the statistics tables are computed afresh whenever the report is downloaded,
so a report drafted in November still prints the figures of the records as they stand in December.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lamtheobac.organisation.models import Org

_USER = {"on_delete": models.SET_NULL, "null": True, "blank": True, "related_name": "+"}


class ReportKind(models.TextChoices):
    INTERIM = "interim_review", _("Sơ kết")
    FINAL = "final_review", _("Tổng kết")


class DraftState(models.TextChoices):
    """Where a report's draft stands: written (in the request, or by a worker of the queue for a large org,
    ``services.reports``), waiting for a worker, being written by one, or failed (with ``draft_message``)."""

    READY = "ready", _("Đã soạn")
    WAITING = "waiting", _("Đang chờ soạn dự thảo")
    RUNNING = "running", _("Đang soạn dự thảo")
    FAILED = "failed", _("Soạn dự thảo không thành công")


class Report(models.Model):
    """One report of one org over ``year_from``..``year_to``; ``version`` guards against lost edits."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="reports", verbose_name=_("Tổ chức"))
    kind = models.CharField(_("Loại báo cáo"), max_length=16, choices=ReportKind.choices)
    year_from = models.PositiveSmallIntegerField(_("Từ năm"))
    year_to = models.PositiveSmallIntegerField(_("Đến năm"))
    # The header block of Hướng dẫn 36-HD/VPTW.
    superior = models.CharField(_("Cấp trên trực tiếp"), max_length=255, blank=True)
    issuer = models.CharField(_("Cơ quan ban hành"), max_length=255)
    number = models.CharField(_("Số, ký hiệu"), max_length=50, blank=True)
    place = models.CharField(_("Địa danh"), max_length=100)
    issued_on = models.DateField(_("Ngày ban hành"))
    title = models.CharField(_("Trích yếu"), max_length=500)
    # [{"key": "results.plans", "heading": "2. …", "level": 2, "text": "paragraph\n\nparagraph"}, …]
    sections = models.JSONField(_("Nội dung"), default=list, blank=True)
    recipients = models.TextField(_("Nơi nhận"), blank=True)
    signer_authority = models.CharField(_("Thẩm quyền ký"), max_length=100, blank=True)
    signer_title = models.CharField(_("Chức vụ người ký"), max_length=100, blank=True)
    signer_name = models.CharField(_("Họ và tên người ký"), max_length=150, blank=True)
    # Where the statistics tables go in the Word file: a Phụ lục after the signature, as a Party office sends
    # a report (the text reads on without tables in the way), or under the sections they belong to.
    tables_in_appendix = models.BooleanField(_("Bảng số liệu thành phụ lục cuối báo cáo"), default=True)
    version = models.PositiveIntegerField(default=1)
    # The draft of a large org is written by a worker (``tasks.report_draft``) for the version it was asked at.
    draft_state = models.CharField(
        _("Dự thảo"), max_length=16, choices=DraftState.choices, default=DraftState.READY
    )
    draft_task_id = models.CharField(max_length=64, blank=True)
    draft_message = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, **_USER)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, **_USER)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(year_from__lte=F("year_to")), name="report_years_in_order"),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in ReportKind]), name="report_kind_known"
            ),
        ]
        indexes = [models.Index(fields=["org", "-created_at"], name="report_org_created")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year_from} – {self.year_to}: {self.org}"

    @property
    def drafting(self) -> bool:
        """Waiting for its draft from a worker: not to be edited until the draft is in."""
        return self.draft_state in (DraftState.WAITING, DraftState.RUNNING)

    @property
    def years(self) -> int:
        """N of "sơ kết N năm": both ends count."""
        return self.year_to - self.year_from + 1

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


def _count(label: str) -> models.IntegerField:
    return models.IntegerField(label, default=0)


class TallyScope(models.IntegerChoices):
    OWN = 0, _("của riêng tổ chức")
    AS_IT_WAS = 1, _("toàn đảng bộ, theo tổ chức năm đó")
    CARRIED = 2, _("toàn đảng bộ, kể cả số liệu của các tổ chức tiền thân")


class Tally(models.Model):
    """Maintained counts of one org and one year (see ``counters``): the org's own (``OWN``), its subtree's
    in that year's tree (``AS_IT_WAS``), or its subtree's in today's tree, its predecessors carried into it
    (``CARRIED``). The columns are ``selectors.Figures`` fields, the ratings one column each; a missing row
    counts zero."""

    # indexed by the constraint below, which leads with it (an org's years in order: the trend, the first year)
    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="+", db_index=False)
    year = models.PositiveSmallIntegerField()
    scope = models.PositiveSmallIntegerField(choices=TallyScope.choices)
    orgs_required = _count("tổ chức phải đăng ký")
    plans_filed = _count("kế hoạch đã nộp")
    plans_approved = _count("kế hoạch đã duyệt")
    people_required = _count("cá nhân phải cam kết")
    commitments_filed = _count("cam kết đã nộp")
    commitments_approved = _count("cam kết đã duyệt")
    commitments_late = _count("cam kết nộp muộn")
    actions = _count("việc làm")
    actions_concrete = _count("việc làm cụ thể")
    copied_last_year = _count("cam kết chép năm trước")
    clusters = _count("nhóm cam kết giống nhau")
    clustered = _count("cam kết trong nhóm giống nhau")
    ratings_excellent = _count("cam kết HTXSNV")
    ratings_good = _count("cam kết HTTNV")
    ratings_completed = _count("cam kết HTNV")
    ratings_not_completed = _count("cam kết KHTNV")
    plan_ratings_excellent = _count("kế hoạch HTXSNV")
    plan_ratings_good = _count("kế hoạch HTTNV")
    plan_ratings_completed = _count("kế hoạch HTNV")
    plan_ratings_not_completed = _count("kế hoạch KHTNV")
    cells = _count("chi bộ")
    cells_studied = _count("chi bộ có sinh hoạt chuyên đề")
    study_sessions = _count("buổi sinh hoạt chuyên đề")
    pilots = _count("mô hình điểm")
    pilots_new = _count("mô hình điểm mới")
    pilots_replicated = _count("mô hình điểm đã nhân rộng")
    exemplars_nominated = _count("điển hình được đề xuất")
    exemplars_commended = _count("điển hình được khen thưởng")
    inspections_planned = _count("cuộc kiểm tra, giám sát")
    inspections_done = _count("cuộc kiểm tra, giám sát đã tiến hành")
    # the non-party participants among the people counted above (công chức, viên chức, người lao động, đoàn viên)
    people_required_nonparty = _count("người ngoài Đảng phải cam kết")
    commitments_filed_nonparty = _count("cam kết đã nộp của người ngoài Đảng")
    commitments_approved_nonparty = _count("cam kết đã duyệt của người ngoài Đảng")
    actions_nonparty = _count("việc làm của người ngoài Đảng")
    rated_nonparty = _count("người ngoài Đảng được xếp loại")
    rated_good_nonparty = _count("người ngoài Đảng hoàn thành tốt nhiệm vụ trở lên")

    class Meta:
        verbose_name = _("số liệu cộng dồn")
        verbose_name_plural = _("số liệu cộng dồn")
        constraints = [
            models.UniqueConstraint(fields=["org", "scope", "year"], name="tally_one_per_org_scope_year")
        ]

    def __str__(self) -> str:
        return f"{self.org_id} {self.year} {TallyScope(self.scope).name}"


class TallyYear(models.Model):
    """A year whose ``Tally`` rows are complete (built by ``reconcile``) and kept up to date from then on."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    built_at = models.DateTimeField()

    class Meta:
        verbose_name = _("năm có số liệu cộng dồn")
        verbose_name_plural = _("năm có số liệu cộng dồn")

    def __str__(self) -> str:
        return str(self.year)


class DataStamp(models.Model):
    """A number that grows whenever anything a page shows is written: database triggers on every table of
    the application add one to a row of this table in the same transaction as the write, so a page cached
    under the sum of these rows is never served once the data behind it changed. On PostgreSQL each writing
    transaction takes a row of its own (``shard``), so that a long import does not hold back every other
    write; on SQLite, where writers queue anyway, there is one row. See ``lamtheobac.lib.pagecache``."""

    shard = models.PositiveSmallIntegerField(primary_key=True)
    n = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("dấu thay đổi dữ liệu")
        verbose_name_plural = _("dấu thay đổi dữ liệu")

    def __str__(self) -> str:
        return f"{self.shard}: {self.n}"
