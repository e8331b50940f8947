from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


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
