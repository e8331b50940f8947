from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ImportKind


class ImportForm(forms.Form):
    org = forms.TypedChoiceField(label=_("Nhập vào tổ chức"), coerce=int)
    kind = forms.ChoiceField(label=_("Loại dữ liệu"), choices=ImportKind.choices, widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx) hoặc CSV"),
        help_text=_("Tệp .xls (Excel 97–2003) hãy lưu lại thành .xlsx trước. Tối đa 20 MB."),
    )
    sheet = forms.CharField(
        label=_("Trang tính"),
        required=False,
        max_length=100,
        help_text=_("Để trống để lấy trang tính đầu tiên."),
    )

    def __init__(self, *args, orgs, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(o.pk, "\u2003" * o.depth + o.name) for o in orgs]


class ReorganiseForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp sắp xếp tổ chức (.xlsx hoặc CSV UTF-8)"),
        help_text=_("Mỗi dòng một thay đổi, theo thứ tự trong tệp. Tối đa 20 MB."),
    )
    reason = forms.CharField(
        label=_("Lý do, căn cứ"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Ví dụ: số nghị quyết, quyết định. Bắt buộc khi ngày hiệu lực rơi vào năm đã khóa sổ "
            "(chỉ quản trị hệ thống)."
        ),
    )
