"""The form of a directing document in the library. The years offered are those of the issuing org."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheobac.cycle.forms import DATE_WIDGET
from lamtheobac.cycle.models import DocumentKind, Period
from lamtheobac.lib.fields import IdChoiceField

from ..services.documents import DocumentInput

DATE_ERRORS = {"invalid": _("Ngày phải theo dạng ngày/tháng/năm, ví dụ 15/05/2026.")}


class PeriodChoice(IdChoiceField):
    def label_from_instance(self, obj: Period) -> str:
        return _("Năm %(y)s") % {"y": obj.year}


class LibraryDocumentForm(forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=50, help_text=_("Ví dụ: 12-KH/HU"))
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=DocumentKind.choices)
    issued_on = forms.DateField(
        label=_("Ngày ban hành"), widget=DATE_WIDGET, input_formats=["%d/%m/%Y"], error_messages=DATE_ERRORS
    )
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255)
    title = forms.CharField(label=_("Trích yếu"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    period = PeriodChoice(
        label=_("Thuộc năm (không bắt buộc)"),
        queryset=Period.objects.none(),
        required=False,
        empty_label=_("— Không gắn với năm nào —"),
    )
    file = forms.FileField(
        label=_("Tệp văn bản"), required=False, help_text=_("PDF, tệp Office hoặc ảnh; không quá 10 MB.")
    )

    def __init__(self, *args, periods=None, **kwargs):
        super().__init__(*args, **kwargs)
        if periods is not None:
            self.fields["period"].queryset = periods

    def to_input(self) -> DocumentInput:
        d = self.cleaned_data
        return DocumentInput(
            number=d["number"],
            kind=d["kind"],
            issued_on=d["issued_on"],
            issuer=d["issuer"],
            title=d["title"],
            period=d["period"],
        )
