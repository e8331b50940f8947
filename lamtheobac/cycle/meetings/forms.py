"""The monthly meeting's form: the meeting's fields as a Django form; the check-ins are not a Django form but
one row per action (three big radio buttons, a note, the evidence), read by ``check_ins_from_post``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheobac.lib.fields import IdChoiceField, IdMultipleChoiceField, key_id

from ..forms import DATE_WIDGET
from ..models.meetings import MINUTES_MAX, NOTE_MAX

DATE_FORMATS = ["%d/%m/%Y"]
STATUS_PREFIX = "ci-"
NOTE_PREFIX = "cin-"
EVIDENCE_PREFIX = "cie-"
MONTH_CHOICES = [(m, _("Tháng %(m)s") % {"m": m}) for m in range(1, 13)]


class MeetingForm(forms.Form):
    month = forms.TypedChoiceField(label=_("Tháng"), choices=MONTH_CHOICES, coerce=int)
    held_on = forms.DateField(
        label=_("Ngày sinh hoạt"),
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": _("Ngày phải theo dạng ngày/tháng/năm, ví dụ 15/05/2026.")},
    )
    presenter = IdChoiceField(
        label=_("Người trình bày nội dung làm theo Bác"), queryset=None, required=False, empty_label="—"
    )
    reviewed = IdMultipleChoiceField(
        label=_("Đảng viên được kiểm điểm việc thực hiện cam kết"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Người có việc làm được ghi tình hình bên dưới cũng được tính."),
    )
    minutes = forms.CharField(
        label=_("Biên bản tóm tắt"),
        required=False,
        max_length=MINUTES_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, people, fixed_month: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = people  # type: ignore[attr-defined]
        self.fields["reviewed"].queryset = people  # type: ignore[attr-defined]
        if fixed_month:
            del self.fields["month"]


def check_ins_from_post(post) -> list[tuple[int, str, str, str]]:
    """(item id, status, note, evidence) for every ``ci-<id>`` answered; blanks are skipped."""
    found = []
    for key in post:
        item_id = key_id(key, STATUS_PREFIX)
        status = post.get(key, "")
        if item_id is None or not status:
            continue
        found.append(
            (
                item_id,
                status,
                post.get(f"{NOTE_PREFIX}{item_id}", "")[:NOTE_MAX],
                post.get(f"{EVIDENCE_PREFIX}{item_id}", "")[:NOTE_MAX],
            )
        )
    return found
