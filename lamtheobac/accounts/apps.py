from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lamtheobac.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"
