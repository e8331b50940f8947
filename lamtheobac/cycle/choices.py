"""The yearly cycle's choices: kinds, states, ratings and the options a year's rules take (``models`` uses them
and re-exports them)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class InterimReviews(models.TextChoices):
    NONE = "none", _("Không")
    MIDYEAR = "midyear", _("Sơ kết 6 tháng")
    QUARTERLY = "quarterly", _("Hằng quý")


class FieldUse(models.TextChoices):
    """How a year's registration rules treat one field of an action (or the "tự soi" section), from loose to
    tight: a lower org may only move it towards "required"."""

    OFF = "off", _("Không dùng")
    OPTIONAL = "optional", _("Không bắt buộc")
    REQUIRED = "required", _("Bắt buộc")


class Scoring(models.TextChoices):
    """The rules a year's ratings are given under (``cycle.scoring``)."""

    LEVELS = "levels", _("Bốn mức, điểm không bắt buộc (trước Quy định 366-QĐ/TW)")
    QD366 = "qd366", _("Thang điểm 100 và điều kiện của từng mức (Quy định 366-QĐ/TW)")


class DocumentKind(models.TextChoices):
    DIRECTIVE = "CT", _("Chỉ thị")
    RESOLUTION = "NQ", _("Nghị quyết")
    CONCLUSION = "KL", _("Kết luận")
    PLAN = "KH", _("Kế hoạch")
    GUIDANCE = "HD", _("Hướng dẫn")
    REPORT = "BC", _("Báo cáo")
    OFFICIAL_LETTER = "CV", _("Công văn")
    REGULATION = "QĐ", _("Quy định")


class RecordKind(models.TextChoices):
    PLAN = "plan", _("Kế hoạch")
    COMMITMENT = "commitment", _("Bản cam kết")


class RecordState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Đã nộp")
    APPROVED = "approved", _("Đã duyệt")
    RETURNED = "returned", _("Trả lại")
    SELF_ASSESSED = "self_assessed", _("Đã tự đánh giá")
    RATED = "rated", _("Đã xếp loại")
    LOCKED = "locked", _("Đã khóa")


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = "completed", _("Hoàn thành nhiệm vụ")
    NOT_COMPLETED = "not_completed", _("Không hoàn thành nhiệm vụ")


class Area(models.TextChoices):
    THOUGHT = "thought", _("Tư tưởng")
    ETHICS = "ethics", _("Đạo đức")
    STYLE = "style", _("Phong cách")
    WORK = "work", _("Chuyên môn")


class Result(models.TextChoices):
    DONE = "done", _("Hoàn thành")
    PARTLY = "partly", _("Hoàn thành một phần")
    NOT_DONE = "not_done", _("Chưa hoàn thành")


class ReminderKind(models.TextChoices):
    """What a reminder is about: a record of either kind, or a cell's monthly meeting."""

    PLAN = "plan", _("Kế hoạch")
    COMMITMENT = "commitment", _("Bản cam kết")
    MEETING = "meeting", _("Sinh hoạt chi bộ hằng tháng")


class CheckInStatus(models.TextChoices):
    """How an action stands when the cell reviews it at the monthly meeting."""

    DONE = "done", _("Đã hoàn thành")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    BEHIND = "behind", _("Chậm tiến độ")


class ReminderDuty(models.TextChoices):
    FILE = "file", _("Hoàn thành, nộp")
    HOLD = "hold", _("Tổ chức sinh hoạt")
    APPROVE = "approve", _("Xem xét, duyệt")
    MIDYEAR = "midyear", _("Sơ kết giữa năm")
    ASSESS = "assess", _("Tự đánh giá cuối năm")
    RATE = "rate", _("Đánh giá, xếp loại")
    QUARTER = "quarter", _("Đánh giá quý")


class MailState(models.TextChoices):
    NONE = "none", _("Không gửi thư")  # no address, e-mail not configured, or muted
    PENDING = "pending", _("Chờ gửi thư")
    SENDING = "sending", _("Đang gửi thư")
    SENT = "sent", _("Đã gửi thư")
    FAILED = "failed", _("Gửi thư lỗi")
