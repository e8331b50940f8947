"""The form of a pilot model. The replication targets are the orgs the user sees, given by the view."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheobac.cycle.forms import DATE_WIDGET
from lamtheobac.lib.fields import IdMultipleChoiceField
from lamtheobac.organisation.models import Org

from ..models import PilotStatus
from ..services.pilots import PilotInput


class OrgChoices(IdMultipleChoiceField):
    def label_from_instance(self, obj: Org) -> str:
        return "\u00a0\u00a0" * max(obj.depth - 1, 0) + obj.name


class PilotForm(forms.Form):
    name = forms.CharField(label=_("Tên mô hình"), max_length=300)
    field = forms.CharField(
        label=_("Lĩnh vực"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ: cải cách hành chính, phát triển kinh tế, an sinh xã hội."),
    )
    started_on = forms.DateField(
        label=_("Ngày bắt đầu"),
        widget=DATE_WIDGET,
        input_formats=["%d/%m/%Y"],
        error_messages={"invalid": _("Ngày phải theo dạng ngày/tháng/năm, ví dụ 15/05/2026.")},
    )
    status = forms.ChoiceField(label=_("Tình trạng"), choices=PilotStatus.choices, widget=forms.RadioSelect)
    description = forms.CharField(
        label=_("Mô tả, cách làm"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=20000
    )
    results = forms.CharField(
        label=_("Kết quả, minh chứng"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
    )
    replicated_to = OrgChoices(
        label=_("Nhân rộng tới"),
        queryset=Org.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Giữ Ctrl (trên máy tính) để chọn nhiều nơi."),
    )

    def __init__(self, *args, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        if targets is not None:
            self.fields["replicated_to"].queryset = targets

    def to_input(self) -> PilotInput:
        d = self.cleaned_data
        return PilotInput(
            name=d["name"],
            field=d["field"],
            started_on=d["started_on"],
            status=d["status"],
            description=d["description"],
            results=d["results"],
            replicated_to=list(d["replicated_to"]),
        )
