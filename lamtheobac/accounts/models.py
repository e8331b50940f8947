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


# --- Personal data (Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15, in force 1/1/2026) --------------------


class NoticeAcceptance(models.Model):
    """A user read a version of the notice on what the system keeps about them and why (Luật 91/2025/QH15,
    Điều 4: the data subject's right to know about the processing), and, for what rests on consent, agreed or
    not (Điều 9: consent given clearly and specifically, for a stated purpose; withdrawable). One row per
    user and version: a new version is shown again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    version = models.CharField(_("Phiên bản thông báo"), max_length=20)
    seen_at = models.DateTimeField(_("Đã đọc lúc"), default=timezone.now)
    # consent to be contacted by phone or e-mail for reminders: None = not asked, True given, False refused
    consent_contact = models.BooleanField(_("Đồng ý nhận lời nhắc qua điện thoại, thư điện tử"), null=True)
    consent_at = models.DateTimeField(_("Thời điểm đồng ý hoặc rút lại"), null=True, blank=True)

    class Meta:
        verbose_name = _("xác nhận thông báo dữ liệu cá nhân")
        constraints = [models.UniqueConstraint(fields=["user", "version"], name="notice_once_per_version")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.version}"


class DataRequestKind(models.TextChoices):
    CORRECT = "correct", _("Yêu cầu chỉnh sửa dữ liệu")
    DELETE = "delete", _("Yêu cầu xóa dữ liệu")


class DataRequestState(models.TextChoices):
    OPEN = "open", _("Đang chờ xử lý")
    DONE = "done", _("Đã thực hiện")
    PARTLY = "partly", _("Thực hiện một phần")
    REFUSED = "refused", _("Không thực hiện (có nêu lý do)")


class DataRequest(models.Model):
    """A person's request to correct (Luật 91/2025/QH15, Điều 13) or delete (Điều 14) data the system keeps
    about them, answered by an officer of their org by ``due_on``; the request and its answer are written to
    the audit log."""

    kind = models.CharField(_("Loại yêu cầu"), max_length=10, choices=DataRequestKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("Người gửi"),
    )
    person = models.ForeignKey(
        "organisation.Person",
        on_delete=models.PROTECT,
        related_name="data_requests",
        verbose_name=_("Cá nhân"),
    )
    details = models.TextField(_("Nội dung yêu cầu"), max_length=2000)
    created_at = models.DateTimeField(_("Ngày gửi"), default=timezone.now)
    due_on = models.DateField(_("Hạn trả lời"))
    state = models.CharField(
        _("Tình trạng"), max_length=10, choices=DataRequestState.choices, default=DataRequestState.OPEN
    )
    answer = models.TextField(_("Trả lời"), max_length=4000, blank=True)
    retained = models.TextField(_("Dữ liệu được giữ lại và lý do"), max_length=4000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu về dữ liệu cá nhân")
        ordering = ["state", "due_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.person_id}"
