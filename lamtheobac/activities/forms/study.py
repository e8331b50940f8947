"""Forms of study sessions. Attendance is not a Django form: it is one row of three radio buttons per
person, read by ``attendance_from_post``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheobac.cycle.forms import DATE_WIDGET
from lamtheobac.cycle.models import Programme
from lamtheobac.lib.fields import IdMultipleChoiceField, key_id

from ..models import AttendanceStatus, StudyKind
from ..services.study import StudyInput

DATE_FORMATS = ["%d/%m/%Y"]
ATTENDANCE_PREFIX = "att-"


class StudySessionForm(forms.Form):
    held_on = forms.DateField(
        label=_("Ngày sinh hoạt"),
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": _("Ngày phải theo dạng ngày/tháng/năm, ví dụ 15/05/2026.")},
    )
    kind = forms.ChoiceField(label=_("Hình thức"), choices=StudyKind.choices, widget=forms.RadioSelect)
    topic = forms.CharField(
        label=_("Chủ đề"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Để trống để dùng chuyên đề năm."),
    )
    programmes = IdMultipleChoiceField(
        label=_("Đồng thời phục vụ chương trình học tập"),
        queryset=Programme.objects.filter(is_core=False),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Ví dụ: buổi học chuyên đề kết hợp học tập Nghị quyết Đại hội XIV (Chỉ thị 01-CT/TW)."),
    )
    minutes = forms.CharField(
        label=_("Nội dung, biên bản tóm tắt"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
    )

    def to_input(self) -> StudyInput:
        d = self.cleaned_data
        return StudyInput(
            held_on=d["held_on"],
            kind=d["kind"],
            topic=d["topic"],
            minutes=d["minutes"],
            programmes=list(d["programmes"]),
        )


def attendance_from_post(post) -> list[tuple[int, str]]:
    """(person id, status) for every ``att-<id>`` radio group that was answered; blanks are skipped."""
    marks = []
    for key in post:
        if not key.startswith(ATTENDANCE_PREFIX):
            continue
        pid, status = key_id(key, ATTENDANCE_PREFIX), post.get(key, "")
        if pid is not None and status:
            marks.append((pid, status))
    return marks


STATUS_CHOICES = AttendanceStatus.choices
