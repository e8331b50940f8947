"""The catalogue of chuyên đề: each issued by an org (the province, a khối, a commune) for the years it is in
force, a yearly one under the whole-term one it serves.

Kết luận 01-KL/TW (18/5/2021) continued Chỉ thị 05-CT/TW with one theme for the whole 2021–2026 term, under
which provinces and lower committees write their own yearly themes; a year's period picks its theme from the
catalogue of an org on its path (``services.period_open``), and keeps the free text it was opened with for the
years before the catalogue (history is never rewritten).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lamtheobac.organisation.models import Org


class ThemeKind(models.TextChoices):
    TERM = "term", _("Chuyên đề toàn khóa")
    YEARLY = "yearly", _("Chuyên đề năm")


class Theme(models.Model):
    """A chuyên đề in the catalogue of the org that issued it."""

    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="themes", verbose_name=_("Cấp ban hành")
    )
    kind = models.CharField(_("Loại chuyên đề"), max_length=10, choices=ThemeKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("Thuộc chuyên đề toàn khóa"),
    )
    title = models.CharField(_("Tên chuyên đề"), max_length=500)
    first_year = models.PositiveSmallIntegerField(_("Từ năm"))
    last_year = models.PositiveSmallIntegerField(_("Đến năm"))
    document = models.CharField(_("Văn bản ban hành"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chuyên đề")
        ordering = ["-first_year", "kind", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(last_year__gte=F("first_year")), name="theme_years_in_order"),
            models.CheckConstraint(
                condition=Q(kind="yearly") | Q(parent__isnull=True), name="theme_term_has_no_parent"
            ),
        ]
        indexes = [models.Index(fields=["org", "first_year", "last_year"], name="theme_org_years")]

    def __str__(self) -> str:
        return self.title

    @property
    def years(self) -> str:
        return (
            str(self.first_year)
            if self.first_year == self.last_year
            else f"{self.first_year}–{self.last_year}"
        )
