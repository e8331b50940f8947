"""One-time sign-in codes printed on the slips handed out at a cell meeting."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignInCode(models.Model):
    """A code that signs its user in once, before ``expires_at``, to set their own password. Only a keyed
    digest is kept (``codes.digest``): the code itself is shown once, on the slip page, and never again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_codes")
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    replaced_at = models.DateTimeField(null=True, blank=True)  # a new code was issued for a lost slip
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("mã đăng nhập lần đầu")
        verbose_name_plural = _("mã đăng nhập lần đầu")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="signin_code_user")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%d/%m/%Y}"
