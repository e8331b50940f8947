"""How the campaign is run besides plans and commitments: thematic study, pilot models, exemplars and their
commendations, inspection and supervision. (Directing documents live in ``cycle.Document``.)"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lamtheobac.lib.loaded import RemembersLoaded
from lamtheobac.organisation.models import Org, Person

_USER = {"on_delete": models.SET_NULL, "null": True, "blank": True, "related_name": "+"}


class UploadedFile(models.Model):
    """Common fields of a file checked by content (``lib.uploads``) and stored under a random name."""

    file = models.FileField(upload_to="activities/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name


# --- Study ------------------------------------------------------------------------------------


class StudyKind(models.TextChoices):
    THEMATIC = "thematic", _("Học tập chuyên đề")
    CELL_MEETING = "cell_meeting", _("Sinh hoạt chi bộ có nội dung làm theo Bác")


class StudySession(RemembersLoaded, models.Model):
    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="study_sessions", verbose_name=_("Tổ chức")
    )
    held_on = models.DateField(_("Ngày"))
    year = models.PositiveSmallIntegerField(_("Năm"), db_index=True, editable=False)
    kind = models.CharField(_("Hình thức"), max_length=20, choices=StudyKind.choices)
    topic = models.CharField(_("Chủ đề"), max_length=500)
    minutes = models.TextField(_("Nội dung, biên bản tóm tắt"), blank=True)
    # the study programmes the session also serves besides the year's theme (e.g. Chỉ thị 01-CT/TW, 2026, on
    # the 14th Congress's resolution): one session, counted for each
    programmes = models.ManyToManyField(
        "cycle.Programme", blank=True, related_name="study_sessions", verbose_name=_("Phục vụ chương trình")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, **_USER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["org", "year", "kind"], name="study_org_year_kind")]

    def __str__(self) -> str:
        return f"{self.org} — {self.held_on:%d/%m/%Y}"

    def save(self, *args, **kwargs) -> None:
        self.year = self.held_on.year
        super().save(*args, **kwargs)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Có mặt")
    EXCUSED = "excused", _("Vắng có lý do")
    ABSENT = "absent", _("Vắng không lý do")


class Attendance(models.Model):
    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(_("Tình trạng"), max_length=10, choices=AttendanceStatus.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"


class StudyFile(UploadedFile):
    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="files")


# --- Pilot models -----------------------------------------------------------------------------


class PilotStatus(models.TextChoices):
    PILOTING = "piloting", _("Đang làm điểm")
    EFFECTIVE = "effective", _("Có hiệu quả")
    REPLICATED = "replicated", _("Đã nhân rộng")


class PilotModel(RemembersLoaded, models.Model):
    """A pilot or good-practice model (mô hình điểm; mô hình hay, cách làm hiệu quả)."""

    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="pilot_models", verbose_name=_("Tổ chức")
    )
    name = models.CharField(_("Tên mô hình"), max_length=300)
    field = models.CharField(_("Lĩnh vực"), max_length=200, blank=True)
    description = models.TextField(_("Mô tả"), blank=True)
    started_on = models.DateField(_("Ngày bắt đầu"))
    results = models.TextField(_("Kết quả"), blank=True)
    status = models.CharField(
        _("Tình trạng"), max_length=12, choices=PilotStatus.choices, default=PilotStatus.PILOTING
    )
    replicated_to = models.ManyToManyField(
        Org, blank=True, related_name="replicated_pilots", verbose_name=_("Nhân rộng tới")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, **_USER)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return self.name


class PilotFile(UploadedFile):
    pilot = models.ForeignKey(PilotModel, on_delete=models.CASCADE, related_name="files")


# --- Exemplars --------------------------------------------------------------------------------


class ExemplarState(models.TextChoices):
    NOMINATED = "nominated", _("Đã đề cử")
    VERIFIED = "verified", _("Đã xác minh")


class Exemplar(RemembersLoaded, models.Model):
    """A person or a collective held up as an example (gương điển hình tiên tiến, người tốt việc tốt)."""

    # The org where the exemplar sits: for a person, their org when nominated; for a collective, itself.
    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="exemplars", verbose_name=_("Tổ chức")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exemplars",
        verbose_name=_("Cá nhân"),
    )
    title = models.CharField(_("Tiêu đề"), max_length=300)
    achievements = models.TextField(_("Thành tích"))
    story = models.TextField(_("Câu chuyện ngắn để tuyên truyền"), blank=True)
    photo = models.FileField(_("Ảnh"), upload_to="exemplars/%Y/", blank=True)
    nominated_on = models.DateField(_("Ngày đề cử"))
    year = models.PositiveSmallIntegerField(_("Năm"), db_index=True, editable=False)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, **_USER)
    state = models.CharField(max_length=10, choices=ExemplarState.choices, default=ExemplarState.NOMINATED)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, **_USER)
    verified_at = models.DateTimeField(null=True, blank=True)
    consent = models.BooleanField(_("Đã có sự đồng ý công khai"), default=False)
    consent_note = models.CharField(_("Ghi chú về sự đồng ý"), max_length=300, blank=True)
    published = models.BooleanField(_("Công khai trên trang tuyên truyền"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    # The public pages name an exemplar by this unguessable id, never by its database id.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["-nominated_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(published=False) | Q(consent=True), name="exemplar_published_needs_consent"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.year = self.nominated_on.year
        super().save(*args, **kwargs)

    @property
    def subject_name(self) -> str:
        return self.person.full_name if self.person_id else self.org.name


class CommendationForm(models.TextChoices):
    PRAISE = "praise", _("Biểu dương")
    CERTIFICATE = "certificate", _("Giấy khen")
    MERIT = "merit", _("Bằng khen")


class Commendation(RemembersLoaded, models.Model):
    exemplar = models.ForeignKey(Exemplar, on_delete=models.CASCADE, related_name="commendations")
    form = models.CharField(_("Hình thức"), max_length=12, choices=CommendationForm.choices)
    decision_number = models.CharField(_("Số quyết định"), max_length=60)
    decided_on = models.DateField(_("Ngày quyết định"))
    issuer = models.CharField(_("Cấp khen"), max_length=255)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, **_USER)

    class Meta:
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.decision_number}"


# --- Inspection and supervision ---------------------------------------------------------------


class InspectionKind(models.TextChoices):
    INSPECTION = "inspection", _("Kiểm tra")
    SUPERVISION = "supervision", _("Giám sát")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Theo chương trình")
    DONE = "done", _("Đã tiến hành")
    FIXED = "fixed", _("Đã báo cáo khắc phục")
    CLOSED = "closed", _("Đã kết thúc")


DEFAULT_FOCUS = "Việc thực hiện Chỉ thị số 05-CT/TW gắn với Nghị quyết Trung ương 4 (khóa XII)"


class Inspection(RemembersLoaded, models.Model):
    """One line of an org's yearly inspection and supervision programme, then its execution."""

    org = models.ForeignKey(
        Org,
        on_delete=models.PROTECT,
        related_name="inspections_made",
        verbose_name=_("Cấp kiểm tra, giám sát"),
    )
    target = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="inspections_received", verbose_name=_("Đối tượng")
    )
    year = models.PositiveSmallIntegerField(_("Năm"), db_index=True)
    kind = models.CharField(_("Hình thức"), max_length=12, choices=InspectionKind.choices)
    focus = models.CharField(_("Nội dung trọng tâm"), max_length=500, default=DEFAULT_FOCUS)
    planned_month = models.PositiveSmallIntegerField(_("Tháng dự kiến"))
    status = models.CharField(
        _("Tình trạng"), max_length=10, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )
    executed_on = models.DateField(_("Ngày tiến hành"), null=True, blank=True)
    team = models.CharField(_("Đoàn, tổ"), max_length=500, blank=True)
    content = models.TextField(_("Nội dung"), blank=True)
    findings = models.TextField(_("Kết quả, ưu điểm, hạn chế"), blank=True)
    conclusion = models.TextField(_("Kết luận"), blank=True)
    recommendations = models.TextField(_("Kiến nghị"), blank=True)
    follow_up_due = models.DateField(_("Hạn báo cáo khắc phục"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, **_USER)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "planned_month", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_month__gte=1, planned_month__lte=12), name="inspection_month_range"
            ),
            models.CheckConstraint(
                condition=Q(follow_up_due__isnull=True)
                | Q(executed_on__isnull=True)
                | Q(follow_up_due__gte=F("executed_on")),
                name="inspection_follow_up_after_execution",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.target} ({self.year})"


class InspectionResponse(models.Model):
    """The target org's report of what it fixed after an inspection."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="responses")
    text = models.TextField(_("Kết quả khắc phục"))
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, **_USER)
    responded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["responded_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class InspectionFile(UploadedFile):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="files")
