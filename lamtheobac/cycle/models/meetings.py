"""The monthly cell meeting's "làm theo Bác" item: part of ``cycle.models``.

A chi bộ holds a regular meeting each month (Điều lệ Đảng, Điều 24 on the chi bộ; the content of regular
meetings per Hướng dẫn 12-HD/BTCTW (2018) of the Ban Tổ chức Trung ương on raising their quality — the
number and date of that guidance could not be confirmed in the sources at hand: check before quoting it).
Since Chỉ thị 05-CT/TW the learning-and-following item is on that agenda: someone presents it, the cell
reviews how some members carry out their yearly commitments, action by action, and the minutes record it (the
practice the issue cites from Vĩnh Long and the national member app's meeting flow). One item per cell and
month (a unique constraint), a check-in per action reviewed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheobac.organisation.models import Org, Person

from ..choices import CheckInStatus

NOTE_MAX = 500
MINUTES_MAX = 5000


class CellMeeting(models.Model):
    """The "làm theo Bác" item of one cell's regular meeting of one month."""

    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="cell_meetings", verbose_name=_("Chi bộ")
    )
    year = models.PositiveSmallIntegerField(_("Năm"))
    month = models.PositiveSmallIntegerField(_("Tháng"))
    held_on = models.DateField(_("Ngày sinh hoạt"))
    presenter = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Người trình bày"),
    )
    reviewed = models.ManyToManyField(
        Person, blank=True, related_name="cell_meetings_reviewed", verbose_name=_("Đảng viên được xem xét")
    )
    minutes = models.TextField(_("Biên bản tóm tắt"), max_length=MINUTES_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sinh hoạt chi bộ hằng tháng")
        ordering = ["-year", "-month", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "month"], name="cell_meeting_once_a_month"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="cell_meeting_month"),
        ]
        indexes = [models.Index(fields=["year", "month"], name="cell_meeting_year_month")]

    def __str__(self) -> str:
        return f"{self.org} — {self.month:02d}/{self.year}"


class MeetingCheckIn(models.Model):
    """How one action of a member's commitment stands, as the cell reviewed it at the meeting."""

    meeting = models.ForeignKey(CellMeeting, on_delete=models.CASCADE, related_name="check_ins")
    item = models.ForeignKey(
        "cycle.RecordItem", on_delete=models.PROTECT, related_name="check_ins", verbose_name=_("Việc làm")
    )
    status = models.CharField(_("Tình hình"), max_length=12, choices=CheckInStatus.choices)
    note = models.CharField(_("Ghi chú"), max_length=NOTE_MAX, blank=True)
    evidence = models.CharField(_("Minh chứng"), max_length=NOTE_MAX, blank=True)

    class Meta:
        verbose_name = _("kiểm điểm việc làm")
        ordering = ["item__record_id", "item__position", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "item"], name="check_in_once_per_meeting")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.get_status_display()}"
