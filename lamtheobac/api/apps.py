from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lamtheobac.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (revokes tokens when a role requiring two-factor is granted)
