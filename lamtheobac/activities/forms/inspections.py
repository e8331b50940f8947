"""Forms of inspections: the plan line, the execution record, the target's report of fixes. Dates are
typed dd/mm/yyyy; the target choices are the orgs below the inspecting org, given by the view."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheobac.cycle.forms import DATE_WIDGET
from lamtheobac.lib.fields import IdChoiceField, IntField
from lamtheobac.organisation.models import Org

from ..models import DEFAULT_FOCUS, InspectionKind
from ..services.inspections import ERR_MONTH, ERR_TARGET_OUTSIDE, PlanInput, RecordInput

DATE_ERRORS = {"invalid": _("Ngày phải theo dạng ngày/tháng/năm, ví dụ 15/05/2026.")}
MONTHS = [(m, _("Tháng %(m)s") % {"m": m}) for m in range(1, 13)]


class OrgChoice(IdChoiceField):
    def label_from_instance(self, obj: Org) -> str:
        return "\u00a0\u00a0" * max(obj.depth - 1, 0) + obj.name


def _text(label, *, required: bool = False, rows: int = 4, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=20000,
        help_text=help_text,
    )


class PlanForm(forms.Form):
    target = OrgChoice(
        label=_("Đối tượng kiểm tra, giám sát"),
        queryset=Org.objects.none(),
        error_messages={"invalid_choice": ERR_TARGET_OUTSIDE},
    )
    kind = forms.ChoiceField(label=_("Hình thức"), choices=InspectionKind.choices, widget=forms.RadioSelect)
    year = IntField(label=_("Năm"), min_value=2000, max_value=2100)
    planned_month = forms.TypedChoiceField(
        label=_("Tháng dự kiến"), choices=MONTHS, coerce=int, error_messages={"invalid_choice": ERR_MONTH}
    )
    focus = forms.CharField(
        label=_("Nội dung trọng tâm"),
        max_length=500,
        initial=DEFAULT_FOCUS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, targets=None, org_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if targets is not None:
            self.fields["target"].queryset = targets
        self.fields["target"].error_messages["invalid_choice"] = ERR_TARGET_OUTSIDE % {"org": org_name}
        self.fields["year"].initial = timezone.localdate().year

    def to_input(self) -> PlanInput:
        d = self.cleaned_data
        return PlanInput(
            target=d["target"],
            year=d["year"],
            kind=d["kind"],
            planned_month=d["planned_month"],
            focus=d["focus"],
        )


class RecordForm(forms.Form):
    executed_on = forms.DateField(
        label=_("Ngày tiến hành"), widget=DATE_WIDGET, input_formats=["%d/%m/%Y"], error_messages=DATE_ERRORS
    )
    team = forms.CharField(
        label=_("Đoàn, tổ kiểm tra, giám sát"),
        max_length=500,
        required=False,
        help_text=_("Trưởng đoàn và các thành viên."),
    )
    content = _text(_("Nội dung"), rows=3)
    findings = _text(_("Kết quả, ưu điểm, hạn chế"), required=True)
    conclusion = _text(_("Kết luận"), required=True, rows=3)
    recommendations = _text(_("Kiến nghị"), rows=3)
    follow_up_due = forms.DateField(
        label=_("Hạn báo cáo khắc phục"),
        required=False,
        widget=DATE_WIDGET,
        input_formats=["%d/%m/%Y"],
        error_messages=DATE_ERRORS,
        help_text=_("Không trước ngày tiến hành. Bắt buộc khi có kiến nghị."),
    )

    def to_input(self) -> RecordInput:
        d = self.cleaned_data
        return RecordInput(
            executed_on=d["executed_on"],
            team=d["team"],
            content=d["content"],
            findings=d["findings"],
            conclusion=d["conclusion"],
            recommendations=d["recommendations"],
            follow_up_due=d["follow_up_due"],
        )


class AnswerForm(forms.Form):
    text = _text(
        _("Kết quả khắc phục"), required=True, help_text=_("Đã khắc phục những gì, đến đâu, còn gì.")
    )
