from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheobac.lib.fields import IdMultipleChoiceField, IntField
from lamtheobac.organisation.models import OrgKind, PersonKind

from . import registration as reg
from . import selectors, services
from .models import (
    ACTION_MAX,
    DEFAULT_COMMITMENT_KINDS,
    DEFAULT_PLAN_KINDS,
    TEXT_MAX,
    Area,
    Breakthrough,
    DocumentKind,
    FieldUse,
    InterimReviews,
    Programme,
    Rating,
    Result,
    Scoring,
    ThemeKind,
)

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


def date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=DATE_WIDGET, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )


class PeriodForm(forms.Form):
    year = IntField(label=_("Năm"), min_value=2000, max_value=2100)
    catalogue_theme = forms.TypedChoiceField(
        label=_("Chuyên đề trong danh mục"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_(
            "Chuyên đề do đơn vị hoặc cấp trên ban hành cho năm này; để trống để ghi chuyên đề ở ô dưới."
        ),
    )
    theme = forms.CharField(
        label=_("Chuyên đề năm"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Cấp dưới để trống để dùng chuyên đề của cấp trên."),
    )
    breakthroughs = forms.CharField(
        label=_("Nội dung đột phá"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Mỗi dòng một nội dung. Cấp dưới ghi thêm nội dung đột phá riêng của mình."),
    )
    plan_deadline = date_field(_("Hạn xây dựng kế hoạch"))
    commitment_deadline = date_field(_("Hạn đăng ký bản cam kết"))
    midyear_deadline = date_field(_("Hạn sơ kết giữa năm"))
    yearend_deadline = date_field(_("Hạn tự đánh giá cuối năm"))
    min_actions = IntField(label=_("Số việc làm tối thiểu của mỗi cá nhân"), min_value=1, max_value=20)
    person_max = IntField(
        label=_("Số việc làm tối đa của mỗi cá nhân"),
        min_value=1,
        max_value=20,
        required=False,
        help_text=_("Để trống nếu không giới hạn."),
    )
    nonparty_min = IntField(
        label=_("Số việc làm tối thiểu của người ngoài Đảng"),
        min_value=1,
        max_value=20,
        required=False,
        help_text=_(
            "Công chức, viên chức, người lao động, đoàn viên chưa là đảng viên; để trống: như đảng viên."
        ),
    )
    nonparty_max = IntField(
        label=_("Số việc làm tối đa của người ngoài Đảng"),
        min_value=1,
        max_value=20,
        required=False,
        help_text=_("Để trống: như đảng viên."),
    )
    collective_min = IntField(label=_("Số nội dung tối thiểu của mỗi tập thể"), min_value=1, max_value=30)
    collective_max = IntField(
        label=_("Số nội dung tối đa của mỗi tập thể"),
        min_value=1,
        max_value=30,
        required=False,
        help_text=_("Để trống nếu không giới hạn."),
    )
    standards = forms.ChoiceField(
        label=_("Mỗi việc làm ghi chuẩn mực đạo đức phục vụ (5 chuẩn mực của Quy định 144-QĐ/TW)"),
        choices=FieldUse.choices,
    )
    target = forms.ChoiceField(
        label=_("Mỗi việc làm ghi sản phẩm, chỉ tiêu đo được"), choices=FieldUse.choices
    )
    deadline = forms.ChoiceField(label=_("Mỗi việc làm ghi thời hạn (trong năm)"), choices=FieldUse.choices)
    supervisor = forms.ChoiceField(label=_("Mỗi việc làm ghi người giám sát"), choices=FieldUse.choices)
    self_examination = forms.ChoiceField(
        label=_("Phần “tự soi, tự sửa” (hạn chế, khuyết điểm tự nhận và cách khắc phục)"),
        choices=FieldUse.choices,
    )
    emulation = forms.BooleanField(
        label=_("Kết hợp đăng ký thi đua năm (một bản đăng ký cho cả hai)"), required=False
    )
    scoring = forms.ChoiceField(label=_("Đánh giá, xếp loại cuối năm"), choices=Scoring.choices)
    excellent_quota = IntField(
        label=_("Tỷ lệ “Hoàn thành xuất sắc nhiệm vụ” tối đa (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Để trống nếu tổ chức không quy định tỷ lệ."),
    )
    interim_reviews = forms.ChoiceField(label=_("Đánh giá giữa kỳ"), choices=InterimReviews.choices)
    reminder_days = forms.CharField(
        label=_("Tự nhắc trước mỗi hạn (số ngày)"),
        max_length=50,
        required=False,
        help_text=_(
            "Các số ngày, cách nhau bằng dấu phẩy, ví dụ 7, 1. Khi đã quá hạn, hệ thống nhắc hằng tuần."
        ),
    )
    plan_org_kinds = forms.MultipleChoiceField(
        label=_("Loại tổ chức phải xây dựng kế hoạch"),
        choices=OrgKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    commitment_person_kinds = forms.MultipleChoiceField(
        label=_("Đối tượng phải đăng ký bản cam kết"),
        choices=PersonKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    programmes = IdMultipleChoiceField(
        label=_("Kết hợp thực hiện"),
        queryset=Programme.objects.filter(is_core=False),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Chỉ thị 05 luôn được áp dụng. Mỗi việc làm được gắn với các chương trình nó phục vụ."),
    )

    def clean_reminder_days(self) -> list[int]:
        parts = [
            p.strip() for p in self.cleaned_data["reminder_days"].replace(";", ",").split(",") if p.strip()
        ]
        if not all(p.isascii() and p.isdigit() and 0 < int(p) <= 90 for p in parts):  # not "²", "٣"
            raise forms.ValidationError(
                _("Ghi các số ngày từ 1 đến 90, cách nhau bằng dấu phẩy (ví dụ 7, 1).")
            )
        return sorted({int(p) for p in parts}, reverse=True)

    REGISTRATION_FIELDS = (
        "person_max",
        "nonparty_min",
        "nonparty_max",
        "collective_min",
        "collective_max",
        *reg.ITEM_FIELDS,
        "self_examination",
        "emulation",
        "scoring",
        "excellent_quota",
    )

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        # the catalogue's themes the year may pick (``selectors.themes_usable_at``), by id
        self.themes = {t.pk: t for t in themes}
        self.fields["catalogue_theme"].choices = [("", _("— Không chọn —"))] + [
            (t.pk, f"{t.title} ({t.get_kind_display()} {t.years}, {t.org.name})")
            for t in self.themes.values()
        ]
        # A post that names none of the registration rules (an older page, a script) keeps those in force:
        # the inherited ones below an opened year, the period's own when editing, the defaults at the top.
        self.names_registration = not self.is_bound or any(
            name in self.data for name in self.REGISTRATION_FIELDS
        )
        if not self.names_registration:
            for name in self.REGISTRATION_FIELDS:
                self.fields[name].required = False

    @staticmethod
    def registration_initial(rules: reg.RuleSet) -> dict:
        """The registration fields as ``rules`` sets them."""
        return {
            "person_max": rules.person_max,
            "nonparty_min": rules.nonparty_min,
            "nonparty_max": rules.nonparty_max,
            "collective_min": rules.collective_min,
            "collective_max": rules.collective_max,
            **{name: rules.use(name) for name in reg.ITEM_FIELDS},
            "self_examination": rules.self_examination,
            "emulation": rules.emulation,
            "scoring": rules.scoring,
            "excellent_quota": rules.excellent_quota,
        }

    @classmethod
    def initial_for(cls, year: int, inherited) -> dict:
        """Defaults for a new year: the inherited rules if a higher org opened it, else the usual ones."""
        if inherited.periods:
            return cls.registration_initial(inherited.registration) | {
                "year": year,
                "min_actions": inherited.min_actions,
                "interim_reviews": inherited.interim_reviews,
                "reminder_days": "7, 1",
                "plan_deadline": inherited.plan_deadline,
                "commitment_deadline": inherited.commitment_deadline,
                "midyear_deadline": inherited.midyear_deadline,
                "yearend_deadline": inherited.yearend_deadline,
                "plan_org_kinds": sorted(inherited.plan_org_kinds),
                "commitment_person_kinds": sorted(inherited.commitment_person_kinds),
                "programmes": sorted(selectors.programme_ids_in_force(inherited)),
            }
        return cls.registration_initial(reg.RuleSet(scoring=reg.scoring_for_year(year))) | {
            "year": year,
            "min_actions": 3,
            "interim_reviews": InterimReviews.MIDYEAR,
            "reminder_days": "7, 1",
            "plan_deadline": datetime.date(year, 3, 31),
            "commitment_deadline": datetime.date(year, 4, 15),
            "midyear_deadline": datetime.date(year, 6, 30),
            "yearend_deadline": datetime.date(year, 12, 15),
            "plan_org_kinds": DEFAULT_PLAN_KINDS,
            "commitment_person_kinds": DEFAULT_COMMITMENT_KINDS,
        }

    def to_input(self) -> services.PeriodInput:
        d = self.cleaned_data
        return services.PeriodInput(
            year=d["year"],
            theme=d["theme"],
            catalogue_theme=self.themes.get(d["catalogue_theme"]) if d.get("catalogue_theme") else None,
            plan_deadline=d["plan_deadline"],
            commitment_deadline=d["commitment_deadline"],
            midyear_deadline=d["midyear_deadline"],
            yearend_deadline=d["yearend_deadline"],
            min_actions=d["min_actions"],
            interim_reviews=d["interim_reviews"],
            reminder_days=d["reminder_days"],
            plan_org_kinds=d["plan_org_kinds"],
            commitment_person_kinds=d["commitment_person_kinds"],
            programmes=list(d["programmes"]),
            breakthroughs=d["breakthroughs"].splitlines(),
            registration=None
            if not self.names_registration
            else reg.RuleSet(
                person_min=d["min_actions"],
                person_max=d["person_max"],
                collective_min=d["collective_min"],
                collective_max=d["collective_max"],
                uses={name: d[name] for name in reg.ITEM_FIELDS},
                self_examination=d["self_examination"],
                emulation=d["emulation"],
                scoring=d["scoring"],
                excellent_quota=d["excellent_quota"],
                nonparty_min=d["nonparty_min"],
                nonparty_max=d["nonparty_max"],
            ),
        )


class DocumentForm(forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=50, help_text=_("Ví dụ: 12-KH/HU"))
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=DocumentKind.choices)
    issued_on = forms.DateField(
        label=_("Ngày ban hành"), widget=DATE_WIDGET, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255)
    title = forms.CharField(label=_("Trích yếu"), max_length=500)
    file = forms.FileField(label=_("Tệp văn bản"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do mở lại"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến để người viết sửa"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class RateForm(forms.Form):
    """The rating; the service checks it against the year's rules (``cycle.scoring``) and the view puts its
    refusals beside the fields."""

    rating = forms.ChoiceField(label=_("Xếp loại"), choices=Rating.choices, widget=forms.RadioSelect)
    score = IntField(
        label=_("Điểm (không bắt buộc)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_(
            "Xuất sắc: từ 90; Tốt: 70 đến dưới 90; Hoàn thành: 50 đến dưới 70; Không hoàn thành: dưới 50."
        ),
    )
    comment = forms.CharField(
        label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, scoring: str = Scoring.LEVELS, **kwargs):
        super().__init__(*args, **kwargs)
        if scoring == Scoring.QD366:  # required then: the service says so (after the state's own refusal)
            self.fields["score"].label = _("Điểm (thang điểm 100, Quy định 366-QĐ/TW)")


class QuarterReviewForm(forms.Form):
    score = IntField(label=_("Điểm quý (thang điểm 100)"), min_value=0, max_value=100)
    comment = forms.CharField(
        label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ProgressForm(forms.Form):
    text = forms.CharField(
        label=_("Đã làm được gì"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    link = forms.URLField(label=_("Đường dẫn minh chứng (nếu có)"), required=False, assume_scheme="https")


AREA_CHOICES = [("", "—"), *Area.choices]
RESULT_CHOICES = Result.choices


def breakthrough_choices(breakthroughs: list[Breakthrough]) -> list[tuple[str, str]]:
    return [("", "—")] + [(str(b.pk), b.title) for b in breakthroughs]


# --- The rows of a plan or commitment, checked all at once -------------------------------------------------
# Each problem is told twice: beside its field, short (the row's number is the row's own heading), and in the
# list at the top of the form, "Dòng N: …" as the service and the API word it, each a link to its field. The
# service checks the same rules again (the API comes in there).
ROW_ACTION_EMPTY = _("Chưa ghi việc làm.")
ROW_TOO_LONG = _("Quá dài: tối đa %(max)s ký tự (đang có %(have)s).")
ROW_DEADLINE_FORMAT = _("Thời hạn phải có dạng ngày/tháng/năm, ví dụ 30/06/%(year)s.")
ROW_DEADLINE_YEAR = _("Thời hạn %(date)s không thuộc năm %(year)s của hồ sơ.")
ROW_AREA = _("Lĩnh vực không hợp lệ.")
ERR_ITEM_DEADLINE_FORMAT = _("Dòng %(n)s: thời hạn phải có dạng ngày/tháng/năm, ví dụ 30/06/%(year)s.")
ERR_ITEM_AREA = _("Dòng %(n)s: lĩnh vực không hợp lệ.")


@dataclass(frozen=True)
class RowError:
    uid: str  # the row, as the form names it
    field: str  # action, target, deadline or area: the id of its input is f"{field}-{uid}"
    beside: str  # told beside the field
    summary: str  # told at the top: "Dòng N: …"


def _deadline(value: str) -> datetime.date | None:
    """A date typed as dd/mm/yyyy (or ISO); None if it is neither."""
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def row_is_blank(row: dict) -> bool:
    """A row added and never typed in (no item behind it): left out, not refused."""
    typed = ("action", "target", "deadline", "timeframe", "responsible")
    return not row.get("id") and not any(row.get(name, "").strip() for name in typed)


def check_rows(rows: list[dict], *, year: int) -> list[RowError]:
    """Every problem of every row at once, in the order of the page; sets each row's ``deadline_date``.
    Empty when the rows can go to ``record_save``."""
    errors: list[RowError] = []
    for n, row in enumerate(rows, start=1):

        def add(field: str, beside, summary) -> None:
            errors.append(RowError(row["uid"], field, str(beside), str(summary)))  # noqa: B023 (called at once)

        action = services.plain(row["action"])
        if not action:
            add("action", ROW_ACTION_EMPTY, services.ERR_ITEM_ACTION_EMPTY % {"n": n})
        elif len(action) > ACTION_MAX:
            add(
                "action",
                ROW_TOO_LONG % {"max": ACTION_MAX, "have": len(action)},
                services.ERR_ITEM_TOO_LONG % {"n": n, "max": ACTION_MAX},
            )
        target = services.plain(row["target"])
        if len(target) > TEXT_MAX:
            add(
                "target",
                ROW_TOO_LONG % {"max": TEXT_MAX, "have": len(target)},
                services.ERR_ITEM_TOO_LONG % {"n": n, "max": TEXT_MAX},
            )
        row["deadline_date"] = None
        typed = row["deadline"].strip()
        if typed:
            date = _deadline(typed)
            if date is None:
                add(
                    "deadline",
                    ROW_DEADLINE_FORMAT % {"year": year},
                    ERR_ITEM_DEADLINE_FORMAT % {"n": n, "year": year},
                )
            elif date.year != year:
                shown = date.strftime("%d/%m/%Y")
                add(
                    "deadline",
                    ROW_DEADLINE_YEAR % {"date": shown, "year": year},
                    services.ERR_ITEM_DEADLINE_YEAR % {"n": n, "date": shown, "year": year},
                )
            row["deadline_date"] = date
        if row["area"] and row["area"] not in Area.values:
            add("area", ROW_AREA, ERR_ITEM_AREA % {"n": n})
    return errors


class ThemeForm(forms.Form):
    """A theme for an org's catalogue; ``parents``: the whole-term themes on the org's path."""

    kind = forms.ChoiceField(label=_("Loại chuyên đề"), choices=ThemeKind.choices)
    title = forms.CharField(
        label=_("Tên chuyên đề"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    first_year = IntField(label=_("Từ năm"), min_value=2000, max_value=2100)
    last_year = IntField(label=_("Đến năm"), min_value=2000, max_value=2100)
    parent = forms.TypedChoiceField(
        label=_("Thuộc chuyên đề toàn khóa"), required=False, coerce=int, empty_value=None
    )
    document = forms.CharField(
        label=_("Văn bản ban hành"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ: Kế hoạch số 12-KH/TU ngày 10/01/2026 của Tỉnh ủy"),
    )

    def __init__(self, *args, parents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.parents = {t.pk: t for t in parents}
        self.fields["parent"].choices = [("", _("— Không —"))] + [
            (t.pk, f"{t.title} ({t.years}, {t.org.name})") for t in self.parents.values()
        ]

    def parent_theme(self):
        pk = self.cleaned_data.get("parent")
        return self.parents.get(pk) if pk else None
