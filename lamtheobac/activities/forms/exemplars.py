"""Forms of the exemplar pages: nominate or edit, record a commendation. Dates are typed dd/mm/yyyy."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import CommendationForm as CommendationKind

DATE_FORMATS = ["%d/%m/%Y"]
DATE_WIDGET = forms.DateInput(
    format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
)
DATE_ERROR = {"invalid": _("Ngày phải có dạng ngày/tháng/năm, ví dụ 19/05/2026.")}


def date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label, widget=DATE_WIDGET, input_formats=DATE_FORMATS, error_messages=DATE_ERROR
    )


class ExemplarForm(forms.Form):
    """Nominate (with ``person`` choices given by the view) or edit an exemplar."""

    person = forms.TypedChoiceField(
        label=_("Cá nhân được đề cử"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Để trống để đề cử chính tập thể đã chọn."),
    )
    title = forms.CharField(
        label=_("Tiêu đề"), max_length=300, help_text=_("Ví dụ: Người bí thư chi bộ tận tụy với dân bản")
    )
    achievements = forms.CharField(
        label=_("Thành tích"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )
    story = forms.CharField(
        label=_("Câu chuyện ngắn để tuyên truyền"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        help_text=_("Được đăng trên trang công khai khi gương điển hình được công khai."),
    )
    nominated_on = date_field(_("Ngày đề cử"))
    photo = forms.FileField(
        label=_("Ảnh"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("Ảnh JPEG, PNG hoặc WebP, tối đa 10 MB."),
    )
    consent = forms.BooleanField(
        label=_("Người (tập thể) được nêu gương đã đồng ý công khai"), required=False
    )
    consent_note = forms.CharField(
        label=_("Ghi chú về sự đồng ý"),
        max_length=300,
        required=False,
        help_text=_("Ví dụ: đồng ý bằng văn bản ngày 10/06/2026."),
    )

    def __init__(self, *args, people: list[tuple[int, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is None:
            del self.fields["person"]
        else:
            self.fields["person"].choices = [("", _("— Tập thể —")), *people]

    def data_for_service(self) -> dict:
        d = dict(self.cleaned_data)
        d.pop("person", None)
        if not d.get("photo"):
            d["photo"] = None
        return d


class CommendationEntryForm(forms.Form):
    form = forms.ChoiceField(
        label=_("Hình thức khen thưởng"), choices=CommendationKind.choices, widget=forms.RadioSelect
    )
    decision_number = forms.CharField(
        label=_("Số quyết định"), max_length=60, help_text=_("Ví dụ: 125-QĐ/HU")
    )
    decided_on = date_field(_("Ngày quyết định"))
    issuer = forms.CharField(
        label=_("Cấp khen"), max_length=255, help_text=_("Ví dụ: Ban Thường vụ Huyện ủy")
    )
