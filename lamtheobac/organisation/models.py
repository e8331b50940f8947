"""The organisation tree, the people in it and the role grants that give authority over it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheobac.lib import text
from lamtheobac.lib.loaded import RemembersLoaded

# A materialised path is the concatenation of fixed-width, digits-only segments (one per ancestor,
# the org's own id last). Digits sort the same under every collation, so a subtree is a range.
SEGMENT = 8


def segment(org_id: int) -> str:
    return f"{org_id:0{SEGMENT}d}"


def path_ids(path: str) -> list[int]:
    return [int(path[i : i + SEGMENT]) for i in range(0, len(path), SEGMENT)]


def subtree_bounds(path: str) -> tuple[str, str]:
    """(low, high) such that low <= p < high holds exactly for ``path`` and its descendants."""
    head, last = path[:-SEGMENT], int(path[-SEGMENT:])
    return path, head + segment(last + 1)


def subtree_q(path: str, field: str = "path") -> Q:
    low, high = subtree_bounds(path)
    return Q(**{f"{field}__gte": low, f"{field}__lt": high})


class OrgKind(models.TextChoices):
    """The kinds of the two-level Party of 7/2025, with the district kind kept for the years before.

    Since 1/7/2025 the Đảng bộ xã, phường, đặc khu, the Đảng bộ các cơ quan Đảng tỉnh and the Đảng bộ Ủy ban
    nhân dân tỉnh are đảng bộ cấp trên cơ sở directly under the Tỉnh ủy (Quy định 298-QĐ/TW, 09/6/2025;
    Hướng dẫn 31-HD/BTCTW, 23/4/2025); each is its own kind because what they write, who signs and which
    bodies serve them differ (``organisation.words``). The units under them are tổ chức cơ sở đảng (đảng bộ
    cơ sở, chi bộ cơ sở) and, inside a đảng bộ cơ sở, đảng bộ bộ phận and chi bộ trực thuộc. Values stored
    before 2026 keep their meaning: ``grassroots_committee`` is a đảng bộ cơ sở (what a commune was until
    30/6/2025), ``cell`` a chi bộ trực thuộc, ``district_committee`` a former district.
    """

    PROVINCE_COMMITTEE = "province_committee", _("Đảng bộ tỉnh")
    COMMUNE_COMMITTEE = "commune_committee", _("Đảng bộ xã, phường, đặc khu")
    PARTY_AGENCIES_COMMITTEE = "party_agencies_committee", _("Đảng bộ các cơ quan Đảng tỉnh")
    GOVERNMENT_COMMITTEE = "government_committee", _("Đảng bộ Ủy ban nhân dân tỉnh")
    UPPER_COMMITTEE = "upper_committee", _("Đảng bộ cấp trên cơ sở khác")
    DISTRICT_COMMITTEE = "district_committee", _("Đảng bộ huyện (đến 30/6/2025)")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Đảng bộ cơ sở")
    BASE_CELL = "base_cell", _("Chi bộ cơ sở")
    PARTIAL_COMMITTEE = "partial_committee", _("Đảng bộ bộ phận")
    CELL = "cell", _("Chi bộ trực thuộc")
    AGENCY = "agency", _("Cơ quan, đơn vị")
    MASS_ORGANISATION = "mass_organisation", _("Mặt trận Tổ quốc, đoàn thể")


class Org(RemembersLoaded, models.Model):
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("Trực thuộc"),
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    kind = models.CharField(_("Loại tổ chức"), max_length=32, choices=OrgKind.choices)
    name = models.CharField(_("Tên"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    code = models.CharField(
        _("Mã"),
        max_length=50,
        unique=True,
        help_text=_("Mã duy nhất trong toàn hệ thống, dùng khi nhập, xuất Excel."),
    )
    active = models.BooleanField(_("Đang hoạt động"), default=True)
    sort_order = models.IntegerField(_("Thứ tự"), default=0)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("Đã hợp nhất vào"),
    )
    # Time (see ``timeline``): the first day the org existed (None: before the records began) and the last
    # (None: it still exists); ``since``: the first day of its current ``OrgSpan`` (None: from the start).
    began_on = models.DateField(_("Ngày thành lập"), null=True, blank=True)
    ended_on = models.DateField(_("Ngày kết thúc hoạt động"), null=True, blank=True)
    since = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="org_name_not_empty"),
            models.CheckConstraint(condition=~Q(code=""), name="org_code_not_empty"),
        ]
        indexes = [models.Index(fields=["parent", "sort_order", "name_folded"], name="org_children_order")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = text.clean(self.name)
        self.code = text.clean(self.code)
        self.name_folded = text.fold(self.name)
        super().save(*args, **kwargs)

    @property
    def ancestor_ids(self) -> list[int]:
        return path_ids(self.path)[:-1]

    def is_ancestor_or_self_of(self, other: Org) -> bool:
        return other.path.startswith(self.path)


OPEN_YEAR = 9999  # ``last_year`` of a span or a membership still in force


class OrgSpan(models.Model):
    """An org's place in the tree over a stretch of time: its parent, path, name and kind from
    ``valid_from`` (None: from the start) until the day before ``valid_to`` (None: still in force).

    The tree of a year is the tree on its last day: the span in force on 31/12 of ``year`` is the one with
    ``first_year <= year <= last_year``, so the figures of a year are counted on the paths of one index range
    (``path`` between bounds, ``first_year``, ``last_year``). A span that did not reach any year's end (two
    changes in one year) has ``first_year > last_year``: it names the org on those dates and counts nowhere.
    """

    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="spans")
    parent = models.ForeignKey(Org, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    path = models.CharField(max_length=255)
    depth = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=32, choices=OrgKind.choices)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    first_year = models.PositiveSmallIntegerField()
    last_year = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["org_id", "first_year", "id"]
        indexes = [
            models.Index(fields=["path", "first_year", "last_year"], name="orgspan_path_years"),
            models.Index(fields=["parent", "first_year", "last_year"], name="orgspan_parent_years"),
            models.Index(fields=["org", "first_year", "last_year"], name="orgspan_org_years"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.first_year}–{self.last_year}"


class LineageKind(models.TextChoices):
    CREATE = "create", _("Thành lập")
    MERGE = "merge", _("Hợp nhất")
    SPLIT = "split", _("Chia tách")
    MOVE = "move", _("Chuyển trực thuộc")
    RENAME = "rename", _("Đổi tên")
    END = "end", _("Giải thể, kết thúc hoạt động")


class Reorganisation(models.Model):
    """One reorganisation file (or one change made on a page), applied in one transaction."""

    source = models.CharField(_("Nguồn"), max_length=255, blank=True)
    lines = models.JSONField(default=list, blank=True)  # the rows as read, for the record
    reason = models.CharField(_("Lý do"), max_length=500, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    applied_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sắp xếp tổ chức")
        verbose_name_plural = _("sắp xếp tổ chức")
        ordering = ["-applied_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source or self.pk} ({self.applied_at:%d/%m/%Y})"


class Lineage(models.Model):
    """One change of the tree on a date: ``predecessor`` → ``successor`` (the same org for a move or a
    rename; no successor for an end; no predecessor for a creation). Merges and splits name where an org's
    past went, so today's unit can show its predecessors' years ("carried into")."""

    kind = models.CharField(max_length=10, choices=LineageKind.choices)
    predecessor = models.ForeignKey(
        Org, on_delete=models.PROTECT, null=True, blank=True, related_name="successor_links"
    )
    successor = models.ForeignKey(
        Org, on_delete=models.PROTECT, null=True, blank=True, related_name="predecessor_links"
    )
    effective_on = models.DateField()
    detail = models.JSONField(default=dict, blank=True)  # old and new parent, name, kind; the cells moved
    reorganisation = models.ForeignKey(
        Reorganisation, on_delete=models.PROTECT, null=True, blank=True, related_name="changes"
    )

    class Meta:
        ordering = ["effective_on", "id"]
        indexes = [
            models.Index(fields=["successor", "effective_on"], name="lineage_successor"),
            models.Index(fields=["predecessor", "effective_on"], name="lineage_predecessor"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.predecessor_id} → {self.successor_id} ({self.effective_on})"


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class PersonKind(models.TextChoices):
    MEMBER = "member", _("Đảng viên chính thức")
    PROBATIONARY = "probationary", _("Đảng viên dự bị")
    CIVIL_SERVANT = "civil_servant", _("Cán bộ, công chức")
    PUBLIC_EMPLOYEE = "public_employee", _("Viên chức")
    # Non-party people who register too: Chỉ thị 05-CT/TW (15/5/2016) asks the example of cán bộ, đảng viên,
    # công chức, viên chức and reaches the whole society through the unions and the Đoàn; the provinces count
    # non-party staff apart from đảng viên (their 2025 reports). Every kind but the two Party ones is
    # non-party (``NON_PARTY_PERSON_KINDS``).
    WORKER = "worker", _("Người lao động")
    UNION_MEMBER = "union_member", _("Đoàn viên")
    OTHER = "other", _("Quần chúng")


# Party members, full or probationary: the only kinds counted as "đảng viên" in any figure. Every other kind is
# a non-party participant (công chức, viên chức, người lao động, đoàn viên, quần chúng) and is counted apart.
PARTY_PERSON_KINDS = frozenset({PersonKind.MEMBER.value, PersonKind.PROBATIONARY.value})
NON_PARTY_PERSON_KINDS = frozenset(k.value for k in PersonKind) - PARTY_PERSON_KINDS


def is_party_kind(kind: str) -> bool:
    return kind in PARTY_PERSON_KINDS


# A party card belongs to a Party member only (Hướng dẫn 01-HD/TW, 28/9/2021, thi hành Điều lệ Đảng, mục 7:
# the card is issued once a member is recognised as đảng viên chính thức and taken back from one who leaves
# the Party; a probationary member's row is let through, as a roster may carry the number early): a non-party
# person holding one would be counted as a member somewhere, so it is refused here and impossible in the
# database.
ERR_NONPARTY_CARD = _(
    "Người ngoài Đảng (%(kind)s) không có số thẻ đảng viên. Nếu là đảng viên, chọn đối tượng “Đảng viên chính "
    "thức” hoặc “Đảng viên dự bị”; nếu không, xóa số thẻ đảng viên."
)


class Person(RemembersLoaded, models.Model):
    full_name = models.CharField(_("Họ và tên"), max_length=150)
    name_folded = models.CharField(max_length=150, db_index=True, editable=False)
    name_sort = models.CharField(max_length=200, db_index=True, editable=False)
    gender = models.CharField(_("Giới tính"), max_length=10, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("Năm sinh"), null=True, blank=True)
    kind = models.CharField(_("Đối tượng"), max_length=20, choices=PersonKind.choices)
    position = models.CharField(_("Chức vụ"), max_length=200, blank=True)
    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="people", verbose_name=_("Sinh hoạt tại")
    )
    active = models.BooleanField(_("Đang sinh hoạt, công tác"), default=True)
    # "nhập hộ": will not use the system; their cell leader enters their records, no account is opened for
    # them in bulk. A database default too: the roster import and the demo insert rows without the model.
    assisted = models.BooleanField(_("Nhập hộ (không dùng hệ thống)"), default=False, db_default=False)
    phone = models.CharField(_("Điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("Thư điện tử"), blank=True)
    # Sensitive identifiers: optional, never shown in lists or exports by default.
    party_card_number = models.CharField(_("Số thẻ đảng viên"), max_length=20, blank=True)
    citizen_id = models.CharField(_("Số căn cước công dân"), max_length=20, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("Tài khoản"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")
        ordering = ["name_sort", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(full_name=""), name="person_name_not_empty"),
            models.CheckConstraint(
                condition=Q(party_card_number="") | Q(kind__in=sorted(PARTY_PERSON_KINDS)),
                name="person_card_only_for_members",
            ),
        ]
        indexes = [models.Index(fields=["org", "name_sort"], name="person_org_name")]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.full_name = text.title_name(self.full_name)
        self.position = text.clean(self.position)
        self.name_folded = text.fold(self.full_name)
        self.name_sort = text.name_sort_key(self.full_name)
        super().save(*args, **kwargs)

    @property
    def is_party_member(self) -> bool:
        return is_party_kind(self.kind)

    def clean(self) -> None:
        super().clean()
        if self.party_card_number.strip() and self.kind and not is_party_kind(self.kind):
            label = PersonKind(self.kind).label if self.kind in PersonKind.values else self.kind
            raise ValidationError({"party_card_number": ERR_NONPARTY_CARD % {"kind": label}})


class Membership(models.Model):
    """Where a person belonged, of which kind, over a stretch of time (as ``OrgSpan`` for orgs): the figures
    of a year count the people whose membership is in force on its last day (``first_year <= year <=
    last_year``). A person who left has no membership after the day before they left."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="memberships")
    kind = models.CharField(max_length=20, choices=PersonKind.choices)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    first_year = models.PositiveSmallIntegerField()
    last_year = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["person_id", "first_year", "id"]
        indexes = [
            models.Index(fields=["org", "first_year", "last_year"], name="membership_org_years"),
            models.Index(fields=["person", "first_year", "last_year"], name="membership_person_years"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.org_id} {self.first_year}–{self.last_year}"


class PersonMove(models.Model):
    """History of a person's home org: one row per move, never edited."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="moves")
    from_org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    to_org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    moved_at = models.DateTimeField(auto_now_add=True)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(_("Lý do"), max_length=255, blank=True)

    class Meta:
        ordering = ["-moved_at", "-id"]

    def __str__(self) -> str:
        return f"{self.person} : {self.from_org} → {self.to_org}"


class OrgEventKind(models.TextChoices):
    CREATED = "created", _("Thành lập")
    UPDATED = "updated", _("Sửa thông tin")
    MOVED = "moved", _("Chuyển trực thuộc")
    DEACTIVATED = "deactivated", _("Ngừng hoạt động")
    REACTIVATED = "reactivated", _("Hoạt động trở lại")
    MERGED = "merged", _("Hợp nhất")


class OrgEvent(models.Model):
    """History of an org: what changed, who did it and when; ``detail`` keeps the old and new values."""

    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=OrgEventKind.choices)
    detail = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.org} : {self.get_kind_display()}"


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    OFFICER = "officer", _("Chuyên viên theo dõi")
    LEADER = "leader", _("Lãnh đạo cấp ủy")
    INSPECTOR = "inspector", _("Kiểm tra viên")
    MEMBER = "member", _("Cá nhân")


class RoleGrant(models.Model):
    """The only source of authority: ``role`` over ``org`` and its whole subtree."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants")
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="grants", verbose_name=_("Tổ chức"))
    role = models.CharField(_("Vai trò"), max_length=20, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [models.UniqueConstraint(fields=["user", "org", "role"], name="grant_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.org}"


class Account(models.Model):
    """What the system keeps about a login beyond Django's user: whether its password was set by someone
    else (an officer opening the account) and must be changed before anything else is done."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="account"
    )
    must_change_password = models.BooleanField(_("Phải đổi mật khẩu"), default=False)

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    def __str__(self) -> str:
        return str(self.user)


class ExportStatus(models.TextChoices):
    WAITING = "waiting", _("Đang chờ")
    RUNNING = "running", _("Đang xuất")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Thất bại")


# an export's kind → what it is called and what its rows count
EXPORT_KINDS = {
    "people": (_("Xuất danh sách cá nhân"), _("người")),
    "dashboard": (_("Xuất bảng thống kê"), _("tổ chức")),
}


class Export(models.Model):
    """A big list written to a file by a worker of the queue (``export_jobs``), then downloaded by whoever
    holds the same right on ``org`` as the user who asked; the file is whole or absent (written aside, then
    moved into place)."""

    kind = models.CharField(max_length=32)
    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="exports")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=ExportStatus.choices, default=ExportStatus.WAITING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField(max_length=255)
    sensitive = models.BooleanField(default=False)  # the file carries identifiers (card number, citizen ID)
    message = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def busy(self) -> bool:
        return self.status in (ExportStatus.WAITING, ExportStatus.RUNNING)

    @property
    def title(self) -> str:
        """What the export is called on its page and in the audit log (its kind's name)."""
        return str(EXPORT_KINDS.get(self.kind, EXPORT_KINDS["people"])[0])

    @property
    def unit(self) -> str:
        """What its rows count: người, tổ chức."""
        return str(EXPORT_KINDS.get(self.kind, EXPORT_KINDS["people"])[1])

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0
