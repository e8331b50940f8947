"""The yearly cycle: a year opened at an org, the plans and commitments filed in it, their history.

A plan (of a collective) and a commitment (of a person) follow the same workflow, are approved and rated
the same way and sit in the same queue, so they share one table, ``Record``, told apart by ``kind``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lamtheobac.lib.loaded import RemembersLoaded
from lamtheobac.organisation.models import Org, OrgKind, Person, PersonKind

from ..choices import (  # noqa: F401  (the choices are read from here too)
    Area,
    CheckInStatus,
    DocumentKind,
    FieldUse,
    InterimReviews,
    MailState,
    Rating,
    RecordKind,
    RecordState,
    ReminderDuty,
    ReminderKind,
    Result,
    Scoring,
)
from ..review_forms import review_form_for
from .themes import Theme, ThemeKind  # noqa: F401  (registered with the app from here)

DEFAULT_PLAN_KINDS = [k.value for k in OrgKind]
DEFAULT_COMMITMENT_KINDS = [
    PersonKind.MEMBER.value,
    PersonKind.PROBATIONARY.value,
    PersonKind.CIVIL_SERVANT.value,
    PersonKind.PUBLIC_EMPLOYEE.value,
]


class Programme(models.Model):
    """A campaign a record can serve (Chỉ thị 05 always; Nghị quyết TW4, Quy định 08…)."""

    code = models.CharField(_("Mã"), max_length=20, unique=True)
    name = models.CharField(_("Tên"), max_length=255)
    short_name = models.CharField(_("Tên ngắn"), max_length=60)
    is_core = models.BooleanField(_("Luôn áp dụng"), default=False)
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("chương trình")

    def __str__(self) -> str:
        return self.short_name


def default_reminder_days() -> list[int]:
    return [7, 1]


class Period(RemembersLoaded, models.Model):
    """A year opened at an org. It governs the org's whole subtree; a lower org's own period for the
    same year adds breakthrough contents and may only tighten the rules it inherits."""

    class State(models.TextChoices):
        OPEN = "open", _("Đang thực hiện")
        CLOSED = "closed", _("Đã kết thúc")

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="periods", verbose_name=_("Tổ chức"))
    year = models.PositiveSmallIntegerField(_("Năm"))
    theme = models.CharField(_("Chuyên đề năm"), max_length=500, blank=True)
    plan_deadline = models.DateField(_("Hạn xây dựng kế hoạch"), null=True, blank=True)
    commitment_deadline = models.DateField(_("Hạn đăng ký cam kết"), null=True, blank=True)
    midyear_deadline = models.DateField(_("Hạn sơ kết giữa năm"), null=True, blank=True)
    yearend_deadline = models.DateField(_("Hạn tự đánh giá cuối năm"), null=True, blank=True)
    min_actions = models.PositiveSmallIntegerField(_("Số việc làm tối thiểu mỗi cam kết"), default=3)
    # Reminders go out this many days before each deadline (and weekly once it has passed).
    reminder_days = models.JSONField(_("Nhắc trước hạn (số ngày)"), default=default_reminder_days, blank=True)
    interim_reviews = models.CharField(
        _("Đánh giá giữa kỳ"), max_length=20, choices=InterimReviews.choices, default=InterimReviews.MIDYEAR
    )
    plan_org_kinds = models.JSONField(_("Loại tổ chức phải xây dựng kế hoạch"), default=list, blank=True)
    commitment_person_kinds = models.JSONField(_("Đối tượng phải đăng ký cam kết"), default=list, blank=True)
    programmes = models.ManyToManyField(Programme, blank=True, verbose_name=_("Chương trình kết hợp"))
    # the catalogue's theme the year picked (an org on its path issued it); ``theme`` keeps its title, and the
    # free text of the years opened before the catalogue
    catalogue_theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="periods",
        verbose_name=_("Chuyên đề trong danh mục"),
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("năm thực hiện")
        ordering = ["-year", "org__path"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="period_one_per_org_year"),
            models.CheckConstraint(
                condition=Q(min_actions__gte=1, min_actions__lte=20), name="period_min_actions"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org} — {self.year}"


class RegistrationRules(models.Model):
    """The registration and rating rules a period sets (the person's minimum is ``Period.min_actions``).

    A period without a row was opened before these rules existed: it keeps the rules it was written under
    (``cycle.registration.LEGACY``). A lower org's row may only tighten what the periods above it set.
    """

    period = models.OneToOneField(Period, on_delete=models.CASCADE, related_name="registration")
    person_max = models.PositiveSmallIntegerField(
        _("Số việc làm tối đa của mỗi cá nhân"), null=True, blank=True
    )
    nonparty_min = models.PositiveSmallIntegerField(
        _("Số việc làm tối thiểu của người ngoài Đảng"), null=True, blank=True
    )
    nonparty_max = models.PositiveSmallIntegerField(
        _("Số việc làm tối đa của người ngoài Đảng"), null=True, blank=True
    )
    collective_min = models.PositiveSmallIntegerField(_("Số nội dung tối thiểu của mỗi tập thể"), default=1)
    collective_max = models.PositiveSmallIntegerField(
        _("Số nội dung tối đa của mỗi tập thể"), null=True, blank=True
    )
    standards = models.CharField(
        _("Chuẩn mực đạo đức phục vụ (Quy định 144-QĐ/TW)"),
        max_length=10,
        choices=FieldUse.choices,
        default=FieldUse.OPTIONAL,
    )
    target = models.CharField(
        _("Sản phẩm, chỉ tiêu đo được"), max_length=10, choices=FieldUse.choices, default=FieldUse.OPTIONAL
    )
    deadline = models.CharField(
        _("Thời hạn"), max_length=10, choices=FieldUse.choices, default=FieldUse.OPTIONAL
    )
    supervisor = models.CharField(
        _("Người giám sát"), max_length=10, choices=FieldUse.choices, default=FieldUse.OPTIONAL
    )
    self_examination = models.CharField(
        _("Phần “tự soi, tự sửa”"), max_length=10, choices=FieldUse.choices, default=FieldUse.OFF
    )
    emulation = models.BooleanField(_("Kết hợp đăng ký thi đua năm"), default=False)
    scoring = models.CharField(
        _("Đánh giá, xếp loại"), max_length=10, choices=Scoring.choices, default=Scoring.QD366
    )
    excellent_quota = models.PositiveSmallIntegerField(
        _("Tỷ lệ “Hoàn thành xuất sắc” tối đa (%)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("quy định đăng ký")
        constraints = [
            models.CheckConstraint(
                condition=Q(person_max__isnull=True) | Q(person_max__gte=1, person_max__lte=20),
                name="registration_person_max",
            ),
            models.CheckConstraint(
                condition=Q(collective_min__gte=1, collective_min__lte=30), name="registration_collective_min"
            ),
            models.CheckConstraint(
                condition=Q(collective_max__isnull=True) | Q(collective_max__gte=F("collective_min")),
                name="registration_collective_max",
            ),
            models.CheckConstraint(
                condition=Q(excellent_quota__isnull=True) | Q(excellent_quota__lte=100),
                name="registration_quota_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period}: quy định đăng ký"


class PeriodEvent(models.Model):
    """Closing and reopening a year: who, when and why (a reopening needs a reason)."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)  # opened / edited / closed / reopened
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.period}: {self.action}"


class Breakthrough(models.Model):
    """A breakthrough content (nội dung đột phá) an org chose for the year."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="breakthroughs")
    title = models.CharField(_("Nội dung đột phá"), max_length=500)
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.title


class Document(models.Model):
    """A directing document (số 12-KH/HU …) attached to a year."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="documents")
    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="documents", null=True, blank=True
    )
    number = models.CharField(_("Số, ký hiệu"), max_length=50)
    kind = models.CharField(_("Loại văn bản"), max_length=4, choices=DocumentKind.choices)
    issued_on = models.DateField(_("Ngày ban hành"))
    issuer = models.CharField(_("Cơ quan ban hành"), max_length=255)
    title = models.CharField(_("Trích yếu"), max_length=500)
    file = models.FileField(_("Tệp"), upload_to="documents/%Y/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"


class Record(RemembersLoaded, models.Model):
    """A collective's plan or a person's commitment for one year."""

    kind = models.CharField(max_length=12, choices=RecordKind.choices)
    year = models.PositiveSmallIntegerField(_("Năm"), db_index=True)
    # For a commitment, the person's org when it was written: past years count it where it was.
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="records", verbose_name=_("Tổ chức"))
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="records",
        verbose_name=_("Cá nhân"),
    )
    state = models.CharField(
        _("Trạng thái"), max_length=16, choices=RecordState.choices, default=RecordState.DRAFT
    )
    state_before_lock = models.CharField(max_length=16, choices=RecordState.choices, blank=True)
    version = models.PositiveIntegerField(default=1)
    entered_on_behalf = models.BooleanField(_("Nhập hộ"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    is_late = models.BooleanField(_("Nộp muộn"), default=False)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    return_comment = models.TextField(_("Ý kiến khi trả lại"), blank=True)
    self_comment = models.TextField(_("Tự đánh giá chung"), blank=True)
    self_assessed_at = models.DateTimeField(null=True, blank=True)
    shortcomings = models.TextField(_("Hạn chế, khuyết điểm tự nhận"), max_length=2000, blank=True)
    remedies = models.TextField(_("Biện pháp khắc phục"), max_length=2000, blank=True)
    emulation_title = models.CharField(_("Danh hiệu thi đua đăng ký"), max_length=200, blank=True)
    rating = models.CharField(_("Xếp loại"), max_length=16, choices=Rating.choices, blank=True)
    score = models.PositiveSmallIntegerField(_("Điểm"), null=True, blank=True)
    rating_comment = models.TextField(_("Nhận xét của cấp ủy"), blank=True)
    # the rules the rating was given under (``Scoring``); blank: rated before they were recorded
    rating_rules = models.CharField(_("Xếp loại theo"), max_length=10, choices=Scoring.choices, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-year", "org__path", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "year"], condition=Q(kind="plan"), name="record_one_plan_per_org_year"
            ),
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(kind="commitment"),
                name="record_one_commitment_per_year",
            ),
            models.CheckConstraint(
                condition=(Q(kind="plan", person__isnull=True) | Q(kind="commitment", person__isnull=False)),
                name="record_person_iff_commitment",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100), name="record_score_range"
            ),
        ]
        indexes = [
            models.Index(fields=["year", "state"], name="record_year_state"),
            models.Index(fields=["org", "year"], name="record_org_year"),
        ]

    def __str__(self) -> str:
        subject = self.person.full_name if self.person_id else self.org.name
        return f"{self.get_kind_display()} {self.year} — {subject}"

    @property
    def is_plan(self) -> bool:
        return self.kind == RecordKind.PLAN

    @property
    def subject_name(self) -> str:
        return self.person.full_name if self.person_id else self.org.name

    @property
    def review_form(self) -> str:
        """The HD 43 form whose section reports on this record: "01", "2A", "2B" or "2C"."""
        person = self.person if self.person_id else None
        return review_form_for(
            record_kind=self.kind,
            person_kind=person.kind if person is not None else "",
            position=person.position if person is not None else "",
        )


ACTION_MAX = 1000
TEXT_MAX = 500


class RecordItem(models.Model):
    """One line of a plan or commitment: for a commitment, one việc làm theo Bác."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    action = models.TextField(_("Việc làm cụ thể"), max_length=ACTION_MAX)
    target = models.CharField(_("Chỉ tiêu, kết quả cần đạt"), max_length=TEXT_MAX, blank=True)
    timeframe = models.CharField(_("Thời gian thực hiện"), max_length=200, blank=True)
    deadline = models.DateField(_("Thời hạn"), null=True, blank=True)
    responsible = models.CharField(_("Người phụ trách"), max_length=200, blank=True)
    area = models.CharField(_("Lĩnh vực"), max_length=10, choices=Area.choices, blank=True)
    breakthrough = models.ForeignKey(
        Breakthrough,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("Gắn với nội dung đột phá"),
    )
    programmes = models.ManyToManyField(Programme, blank=True, verbose_name=_("Phục vụ chương trình"))
    standards = models.JSONField(_("Chuẩn mực đạo đức phục vụ"), default=list, blank=True)
    supervisor = models.CharField(_("Người giám sát"), max_length=200, blank=True)
    result = models.CharField(_("Kết quả tự đánh giá"), max_length=10, choices=Result.choices, blank=True)
    result_note = models.CharField(_("Giải trình"), max_length=TEXT_MAX, blank=True)
    on_time = models.BooleanField(_("Hoàn thành đúng hạn"), null=True, blank=True)
    exceeded = models.BooleanField(_("Vượt yêu cầu"), default=False)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.action[:80]


class InterimAssessment(models.Model):
    """A mid-year or quarterly self-assessment of one item (does not change the record's state)."""

    # PROTECT, as for progress notes: an item that was assessed is never deleted with its assessments
    item = models.ForeignKey(RecordItem, on_delete=models.PROTECT, related_name="interim_assessments")
    stage = models.CharField(max_length=10)  # "h1", "q1", "q2", "q3"
    result = models.CharField(max_length=10, choices=Result.choices)
    note = models.CharField(max_length=TEXT_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "stage"], name="interim_one_per_stage")]

    def __str__(self) -> str:
        return f"{self.item}: {self.stage}"


class Transition(models.Model):
    """Every change of a record's state: who, when, from, to, with what comment."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=16, choices=RecordState.choices, blank=True)
    to_state = models.CharField(max_length=16, choices=RecordState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    on_behalf = models.BooleanField(default=False)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.record_id}: {self.from_state} → {self.to_state}"


class Revision(models.Model):
    """A snapshot of a record and its items after each save: nothing is lost by an edit."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    snapshot = models.JSONField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    on_behalf = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["record", "version"], name="revision_unique_version")]

    def __str__(self) -> str:
        return f"{self.record_id} v{self.version}"


class ProgressNote(models.Model):
    """What was done on an item, with optional evidence files."""

    # PROTECT: deleting an item that has progress must fail loudly rather than take the notes, the evidence
    # rows and (orphaned on disk) the files with it
    item = models.ForeignKey(RecordItem, on_delete=models.PROTECT, related_name="progress_notes")
    text = models.TextField(_("Nội dung"), max_length=2000)
    link = models.URLField(_("Đường dẫn minh chứng"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class Evidence(models.Model):
    """A file proving progress; stored under a random name, served only through a permission check."""

    note = models.ForeignKey(ProgressNote, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to="evidence/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.original_name


class SignedCopy(models.Model):
    """A scan or photo of the registration as signed on paper ("Người đăng ký", "Xác nhận của chi ủy"),
    kept with the record as evidence: checked, stored and served as the evidence files are."""

    record = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="signed_copies")
    file = models.FileField(upload_to="signed/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("bản đăng ký có chữ ký")

    def __str__(self) -> str:
        return self.original_name


class QuarterReview(models.Model):
    """A leader's review of a record at the end of a quarter, when the year asks for quarterly reviews
    (QĐ 366-QĐ/TW reviews "hằng năm, hằng quý"): a score on the 100-point scale and a comment."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="quarter_reviews")
    quarter = models.PositiveSmallIntegerField(_("Quý"))
    score = models.PositiveSmallIntegerField(_("Điểm"))
    comment = models.TextField(_("Nhận xét"), max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["quarter"]
        constraints = [
            models.UniqueConstraint(fields=["record", "quarter"], name="quarter_review_one_per_quarter"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="quarter_review_quarter"
            ),
            models.CheckConstraint(condition=Q(score__lte=100), name="quarter_review_score"),
        ]

    def __str__(self) -> str:
        return f"{self.record_id}: quý {self.quarter}"


# The reminders (sent from the lagging page and by the daily run) live in a module of their own; Django
# registers them from here.
from .meetings import CellMeeting, MeetingCheckIn  # noqa: E402,F401
from .reminders import PERSON_DUTIES, Reminder, ReminderEmailMute, ReminderLog  # noqa: E402,F401
