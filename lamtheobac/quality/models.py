"""What the quality checks found in each plan or commitment, kept so that pages and reports count it
with grouped queries instead of reading every action again."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lamtheobac.cycle.models import Record


class RecordQuality(models.Model):
    """One record's quality: how many of its actions are concrete, whether it repeats the same writer's
    record of the year before, and the near-identical cluster it belongs to in its org and year.

    Kept up to date by ``services.refresh`` whenever a record's text or filing changes; ``manage.py
    quality_refresh`` recomputes everything (after the rules or the stock phrase list change)."""

    record = models.OneToOneField(Record, on_delete=models.CASCADE, primary_key=True, related_name="quality")
    actions = models.PositiveIntegerField(_("Số việc làm"), default=0)
    concrete = models.PositiveIntegerField(_("Số việc làm cụ thể"), default=0)
    copied_last_year = models.BooleanField(_("Giống bản năm trước"), default=False)
    # The smallest record id of the cluster of near-identical filed commitments it belongs to (same org
    # and year), or null: the clusters of an org and year are the distinct values.
    cluster = models.PositiveIntegerField(_("Nhóm giống nhau"), null=True, blank=True, db_index=True)
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chất lượng bản cam kết")

    def __str__(self) -> str:
        return f"{self.record_id}: {self.concrete}/{self.actions}"
