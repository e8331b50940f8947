"""Personal access tokens: a user's key for the API, acting with that user's roles and scope.

Only a SHA-256 digest of the key is stored: the key is shown once, when it is made. A token is never
deleted, only revoked, so the audit trail of what it did keeps its name. A token works until ``expires_at``
(``API_TOKEN_DAYS`` after it was made or last renewed by its user).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(_("Tên gợi nhớ"), max_length=100)
    prefix = models.CharField(
        max_length=12, editable=False
    )  # the key's first characters, to tell tokens apart
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("Ngày tạo"), default=timezone.now)
    last_used_at = models.DateTimeField(_("Lần dùng gần nhất"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("Ngày thu hồi"), null=True, blank=True)
    expires_at = models.DateTimeField(_("Hết hạn"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Mã truy cập API")
        verbose_name_plural = _("Mã truy cập API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()
