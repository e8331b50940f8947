"""The audit log: who did what, when, from where. Written once, never changed.

An entry keeps names as they were (the user's name, the org's name and path) rather than foreign keys: a
user or an org removed later leaves the entry whole, and no cascade ever has to touch the table. The
application refuses to change or delete an entry (``save`` of an existing entry, ``delete``, the
queryset's ``update`` and ``delete``); the database refuses too (a trigger, migration 0002), so neither a
bug nor a shell session going through the ORM can rewrite history.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheobac.lib.text import fold

IMMUTABLE = "Nhật ký hệ thống chỉ ghi thêm, không sửa, không xóa được."


class Action(models.TextChoices):
    LOGIN = "login", _("Đăng nhập")
    LOGIN_FAILED = "login_failed", _("Đăng nhập không thành công")
    LOGOUT = "logout", _("Đăng xuất")
    TWO_FACTOR = "two_factor", _("Xác thực hai lớp")
    TOKEN = "api_token", _("Mã truy cập API")
    ROLE_GRANTED = "role_granted", _("Giao vai trò")
    ROLE_REVOKED = "role_revoked", _("Thu hồi vai trò")
    APPROVED = "approved", _("Duyệt")
    RETURNED = "returned", _("Trả lại")
    RATED = "rated", _("Xếp loại")
    EXPORTED = "exported", _("Xuất dữ liệu cá nhân")
    PERIOD_REOPENED = "period_reopened", _("Mở lại năm đã khóa")
    PERSON_DEACTIVATED = "person_deactivated", _("Cho cá nhân thôi hoạt động")
    ACCOUNTS_OPENED = "accounts_opened", _("Mở tài khoản, in phiếu đăng nhập")
    CODE_REISSUED = "code_reissued", _("Cấp lại mã đăng nhập")
    ASSISTED_CHANGED = "assisted_changed", _("Đánh dấu nhập hộ")
    NOTICE_ACCEPTED = "notice_accepted", _("Xác nhận thông báo xử lý dữ liệu cá nhân")
    DATA_REQUESTED = "data_requested", _("Gửi yêu cầu chỉnh sửa, xóa dữ liệu cá nhân")
    DATA_REQUEST_ANSWERED = "data_answered", _("Trả lời yêu cầu về dữ liệu cá nhân")


class EntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError(IMMUTABLE)

    def delete(self):
        raise TypeError(IMMUTABLE)


class Entry(models.Model):
    at = models.DateTimeField(_("Thời điểm"), default=timezone.now, db_index=True)
    action = models.CharField(_("Việc"), max_length=32, choices=Action.choices, db_index=True)
    actor_id = models.IntegerField(null=True, blank=True, db_index=True)
    actor_name = models.CharField(_("Người thực hiện"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("Địa chỉ IP"), null=True, blank=True)
    user_agent = models.CharField(_("Trình duyệt"), max_length=255, blank=True)
    org_path = models.CharField(max_length=255, blank=True, db_index=True)
    org_name = models.CharField(_("Tổ chức"), max_length=255, blank=True)
    target = models.CharField(_("Nội dung"), max_length=500, blank=True)
    detail = models.JSONField(_("Chi tiết"), default=dict, blank=True)
    folded = models.CharField(max_length=1000, blank=True, editable=False)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("Mục nhật ký")
        verbose_name_plural = _("Nhật ký hệ thống")

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise TypeError(IMMUTABLE)
        self.folded = fold(f"{self.actor_name} {self.org_name} {self.target}")[:1000]
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(IMMUTABLE)
