from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lamtheobac.lib import text
from lamtheobac.lib.fields import IdChoiceField, IdMultipleChoiceField, IntField, formfield

from . import names
from .models import Org, OrgKind, Person, Role


class OrgChoiceField(IdChoiceField):
    """Orgs shown indented by depth, so a long select still reads as a tree."""

    def label_from_instance(self, obj: Org) -> str:
        return "\u2003" * obj.depth + obj.name


class OrgForm(forms.Form):
    name = forms.CharField(label=_("Tên tổ chức"), max_length=255)
    code = forms.CharField(
        label=_("Mã"), max_length=50, help_text=_("Duy nhất trong toàn hệ thống, ví dụ LB-CB01.")
    )
    kind = forms.ChoiceField(label=_("Loại tổ chức"), choices=OrgKind.choices)
    sort_order = IntField(label=_("Thứ tự hiển thị"), initial=0, required=False)

    def clean_name(self) -> str:
        return text.clean(self.cleaned_data["name"])

    def clean_code(self) -> str:
        return text.clean(self.cleaned_data["code"])

    def clean_sort_order(self) -> int:
        return self.cleaned_data.get("sort_order") or 0


class OrgMoveForm(forms.Form):
    new_parent = OrgChoiceField(label=_("Chuyển về trực thuộc"), queryset=Org.objects.none())

    def __init__(self, *args, parents: QuerySet[Org], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = parents


class OrgMergeForm(forms.Form):
    TARGET_NEW = "new"
    TARGET_EXISTING = "existing"

    sources = IdMultipleChoiceField(
        label=_("Các tổ chức hợp nhất"), queryset=Org.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    target_mode = forms.ChoiceField(
        label=_("Tổ chức sau hợp nhất"),
        choices=[
            (TARGET_NEW, _("Thành lập tổ chức mới")),
            (TARGET_EXISTING, _("Giữ lại một tổ chức đã chọn")),
        ],
        widget=forms.RadioSelect,
        initial=TARGET_NEW,
    )
    keep = IdChoiceField(label=_("Tổ chức giữ lại"), queryset=Org.objects.none(), required=False)
    name = forms.CharField(label=_("Tên tổ chức mới"), max_length=255, required=False)
    code = forms.CharField(label=_("Mã tổ chức mới"), max_length=50, required=False)
    kind = forms.ChoiceField(label=_("Loại tổ chức mới"), choices=OrgKind.choices, required=False)

    def __init__(self, *args, children: QuerySet[Org], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = children
        self.fields["keep"].queryset = children

    def clean(self):
        data = super().clean()
        sources = list(data.get("sources") or [])
        if data.get("target_mode") == self.TARGET_EXISTING:
            keep = data.get("keep")
            if keep is None:
                self.add_error("keep", _("Hãy chọn tổ chức giữ lại."))
            elif keep not in sources or len(sources) < 2:
                self.add_error("keep", _("Tổ chức giữ lại phải là một trong ít nhất hai tổ chức đã chọn."))
        else:
            if len(sources) < 2:
                self.add_error("sources", _("Cần chọn ít nhất hai tổ chức để hợp nhất."))
            if not text.clean(data.get("name")):
                self.add_error("name", _("Hãy nhập tên tổ chức mới."))
            if not text.clean(data.get("code")):
                self.add_error("code", _("Hãy nhập mã tổ chức mới."))
            if not data.get("kind"):
                self.add_error("kind", _("Hãy chọn loại tổ chức mới."))
        return data


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        formfield_callback = formfield
        fields = [
            "full_name",
            "gender",
            "birth_year",
            "kind",
            "position",
            "phone",
            "email",
            "party_card_number",
            "citizen_id",
            "active",
        ]
        widgets = {
            "birth_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }

    def clean_full_name(self) -> str:
        value = self.cleaned_data["full_name"]
        if self.instance.pk and text.title_name(value) == self.instance.full_name:
            return self.instance.full_name  # a name kept as it was stored is not checked again
        return names.person_name(value)

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data.get("birth_year")
        if year is not None and not (1900 <= year <= datetime.date.today().year - 14):
            raise forms.ValidationError(_("Năm sinh không hợp lệ."))
        return year


class PersonMoveForm(forms.Form):
    to_org = OrgChoiceField(label=_("Chuyển đến"), queryset=Org.objects.none())
    reason = forms.CharField(label=_("Lý do"), max_length=255, required=False)

    def __init__(self, *args, orgs: QuerySet[Org], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_org"].queryset = orgs


class GrantForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    role = forms.ChoiceField(label=_("Vai trò"), choices=())

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]

    def clean_username(self) -> User:
        username = text.clean(self.cleaned_data["username"])
        user = User.objects.filter(username__iexact=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Không có tài khoản “%(u)s”.") % {"u": username})
        return user


class AccountForm(forms.Form):
    username = forms.RegexField(
        label=_("Tên đăng nhập"),
        regex=r"^[a-zA-Z0-9_.-]{3,50}$",
        error_messages={
            "invalid": _("Chỉ dùng chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới (3–50 ký tự).")
        },
    )
    password = forms.CharField(
        label=_("Mật khẩu ban đầu"),
        min_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_(
            "Ít nhất 8 ký tự, không toàn chữ số, không phải mật khẩu quá phổ biến, không giống tên đăng nhập. "
            "Người dùng phải đổi mật khẩu này ngay khi đăng nhập lần đầu."
        ),
    )
