from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from lamtheobac.lib.fields import IntField
from lamtheobac.organisation.models import PersonKind


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocapitalize": "none", "autocomplete": "username"}
        ),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị khóa."),
    }


class CodeForm(forms.Form):
    """A code from the authenticator app (six digits) or a recovery code (eight)."""

    code = forms.CharField(
        label=_("Mã xác thực"),
        max_length=64,
        widget=forms.TextInput(
            attrs={"autofocus": True, "inputmode": "numeric", "autocomplete": "one-time-code", "size": 10}
        ),
    )

    def clean_code(self) -> str:
        from .two_factor import RECOVERY_DIGITS, TOTP_DIGITS, digits

        code = digits(self.cleaned_data["code"])
        if len(code) not in (TOTP_DIGITS, RECOVERY_DIGITS):
            raise forms.ValidationError(
                _("Nhập 6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng 8 chữ số.")
            )
        return code


class SignInCodeForm(forms.Form):
    """The first sign-in: the user name and the one-time code printed on the slip."""

    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocapitalize": "none", "autocomplete": "username", "spellcheck": "false"}
        ),
    )
    code = forms.CharField(
        label=_("Mã đăng nhập lần đầu (trên phiếu)"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocapitalize": "characters",
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "size": 10,
            }
        ),
        help_text=_("8 ký tự, ví dụ ABCD-EFGH; viết hoa hay thường đều được."),
    )

    def clean_code(self) -> str:
        from .codes import LENGTH, normalised

        code = normalised(self.cleaned_data["code"])
        if len(code) != LENGTH:
            raise forms.ValidationError(_("Mã gồm 8 ký tự, như in trên phiếu (ví dụ ABCD-EFGH)."))
        return code


class OnboardFilterForm(forms.Form):
    """Which people of the unit the onboarding page lists."""

    q = forms.CharField(label=_("Tên"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Đối tượng"), required=False)
    job = IntField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Tất cả")), *PersonKind.choices]
