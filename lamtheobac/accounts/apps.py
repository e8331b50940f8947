from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lamtheobac.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"

    def ready(self) -> None:
        from . import passwords, receivers, two_factor  # noqa: F401  (connect the sign-in signals that set their states)

        receivers.connect()
