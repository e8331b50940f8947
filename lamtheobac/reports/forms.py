"""Forms of the report writer: which report to start, and the header of a report being edited.

The sections are not a Django form: their number is the draft's, so the view reads ``heading-<i>`` and
``text-<i>`` from the POST in the order the report holds them.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheobac.cycle.forms import DATE_WIDGET

from .models import ReportKind
from .services import HeaderInput, SectionInput


def year_choices(first: int, last: int) -> list[tuple[int, str]]:
    return [(y, str(y)) for y in range(first, last + 1)]


class ReportStartForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=ReportKind.choices, widget=forms.RadioSelect)
    year_from = forms.TypedChoiceField(label=_("Từ năm"), coerce=int)
    year_to = forms.TypedChoiceField(label=_("Đến năm"), coerce=int)

    def __init__(self, *args, first: int, last: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year_from"].choices = year_choices(first, last)
        self.fields["year_to"].choices = year_choices(first, last)


class ReportHeaderForm(forms.Form):
    superior = forms.CharField(
        label=_("Cấp trên trực tiếp"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: ĐẢNG BỘ TỈNH BẮC KẠN."),
    )
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255)
    number = forms.CharField(
        label=_("Số, ký hiệu"),
        max_length=50,
        required=False,
        help_text=_("Để trống khi chưa vào số; có thể chỉ ghi số (125), ký hiệu được thêm tự động."),
    )
    place = forms.CharField(label=_("Địa danh"), max_length=100)
    issued_on = forms.DateField(
        label=_("Ngày ban hành"),
        widget=DATE_WIDGET,
        input_formats=["%d/%m/%Y"],
        error_messages={"invalid": _("Ngày phải theo dạng ngày/tháng/năm, ví dụ 20/11/2020.")},
    )
    title = forms.CharField(label=_("Trích yếu"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    recipients = forms.CharField(
        label=_("Nơi nhận"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Mỗi nơi nhận một dòng."),
        max_length=3000,
    )
    signer_authority = forms.CharField(label=_("Thẩm quyền ký"), max_length=100, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=100, required=False)
    signer_name = forms.CharField(label=_("Họ và tên người ký"), max_length=150, required=False)
    tables_in_appendix = forms.BooleanField(
        label=_("Đặt các bảng số liệu thành phụ lục ở cuối báo cáo"),
        required=False,
        help_text=_("Bỏ chọn để đặt mỗi bảng ngay sau phần nội dung của nó."),
    )

    HEAD = ("superior", "issuer", "number", "place", "issued_on", "title")
    CLOSING = ("recipients", "signer_authority", "signer_title", "signer_name", "tables_in_appendix")

    def head_fields(self) -> list:
        """The header block's fields, shown above the text."""
        return [self[name] for name in self.HEAD]

    def closing_fields(self) -> list:
        """Recipients and signature, shown below the text."""
        return [self[name] for name in self.CLOSING]

    def to_input(self) -> HeaderInput:
        return HeaderInput(**self.cleaned_data)


def header_initial(report) -> dict:
    """The form's initial values from a saved report."""
    return {name: getattr(report, name) for name in ReportHeaderForm.base_fields}


def sections_from_post(data, count: int) -> list[SectionInput]:
    """``heading-<i>`` and ``text-<i>`` for each of the report's ``count`` sections."""
    return [
        SectionInput(heading=data.get(f"heading-{i}", ""), text=data.get(f"text-{i}", ""))
        for i in range(count)
    ]
