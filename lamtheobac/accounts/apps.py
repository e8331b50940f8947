from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lamtheobac.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"

    def ready(self) -> None:
        from . import two_factor  # noqa: F401  (connects the sign-in signal that starts the second step)
