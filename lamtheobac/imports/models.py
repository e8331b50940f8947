"""An import: the file as uploaded, who and where, how far it got, and its log (kept and listed)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheobac.lib import legacy
from lamtheobac.lib.legacy import NAMES
from lamtheobac.organisation.models import Org


class ImportKind(models.TextChoices):
    ORGS = "orgs", _("Cây tổ chức")
    PEOPLE = "people", _("Danh sách cá nhân")


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Đang kiểm tra")
    CHECKED = "checked", _("Đã kiểm tra, chờ nhập")
    REFUSED = "refused", _("Có lỗi, chưa nhập")
    IMPORTING = "importing", _("Đang nhập")
    DONE = "done", _("Đã nhập")
    FAILED = "failed", _("Không nhập được")


class ImportJob(models.Model):
    kind = models.CharField(_("Loại dữ liệu"), max_length=10, choices=ImportKind.choices)
    under = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="imports", verbose_name=_("Nhập vào")
    )
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("Tệp"), max_length=255)
    sheet = models.CharField(_("Trang tính"), max_length=100, blank=True)
    sheets = models.JSONField(default=list, blank=True)
    encoding = models.CharField(max_length=10, blank=True)  # "tcvn3" / "vni": converted to Unicode on reading
    status = models.CharField(
        _("Tình trạng"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.CHECKING
    )
    progress = models.PositiveSmallIntegerField(default=0)  # percent of the rows read
    # written when a step starts and as it reads rows (see services.jobs_fail_stalled)
    heartbeat_at = models.DateTimeField(default=timezone.now)
    task_id = models.CharField(max_length=64, blank=True)  # the step's task on the queue (jobs.selectors)
    rows = models.PositiveIntegerField(_("Số dòng"), default=0)
    added = models.PositiveIntegerField(_("Thêm mới"), default=0)
    updated = models.PositiveIntegerField(_("Cập nhật"), default=0)
    unchanged = models.PositiveIntegerField(_("Không đổi"), default=0)
    refused = models.PositiveIntegerField(_("Dòng lỗi"), default=0)
    problems = models.JSONField(default=list, blank=True)  # [[row, column, message], …], the first ones
    warnings = models.JSONField(default=list, blank=True)  # the same, for what to look at without blocking
    changes = models.JSONField(
        default=list, blank=True
    )  # [[row, who, field, was, now], …]: what an update changes
    notes = models.JSONField(
        default=list, blank=True
    )  # [[row, column, message], …]: what the check guessed, skipped or ignored (not refusals)
    message = models.TextField(blank=True)  # what stopped the whole file, if anything
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("lần nhập dữ liệu")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def encoding_name(self) -> str:
        return NAMES.get(self.encoding, "")

    @property
    def sheet_label(self) -> str:
        """The sheet's name as shown: a legacy-encoded name converted like the file's text."""
        return self.sheet_labels.get(self.sheet, self.sheet)

    @property
    def sheet_labels(self) -> dict[str, str]:
        """Each sheet's name → its name as shown."""
        names = dict.fromkeys([*self.sheets, *([self.sheet] if self.sheet else [])])
        if not self.encoding:
            return {name: name for name in names}
        return {
            name: name if legacy.is_unicode(name, self.encoding) else legacy.to_unicode(name, self.encoding)
            for name in names
        }

    @property
    def busy(self) -> bool:
        return self.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING)
