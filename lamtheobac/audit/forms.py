from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lamtheobac.lib.text import fold

from .models import Action, Entry


class EntryFilter(forms.Form):
    q = forms.CharField(label=_("Tìm (người, tổ chức, nội dung)"), required=False, max_length=100)
    action = forms.ChoiceField(label=_("Việc"), required=False, choices=[("", _("Tất cả")), *Action.choices])
    since = forms.DateField(
        label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ip = forms.GenericIPAddressField(label=_("Địa chỉ IP"), required=False)

    def filter(self, entries: QuerySet[Entry]) -> QuerySet[Entry]:
        """The entries the filled fields select (all of them when the form is not valid)."""
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        for word in fold(data["q"]).split()[:8]:
            entries = entries.filter(Q(folded__contains=word))
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["since"]:
            entries = entries.filter(at__date__gte=data["since"])
        if data["until"]:
            entries = entries.filter(at__date__lte=data["until"])
        if data["ip"]:
            entries = entries.filter(ip=data["ip"])
        return entries
