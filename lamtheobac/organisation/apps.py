from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "lamtheobac.organisation"
    label = "organisation"
    verbose_name = "Tổ chức và con người"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 (connects them)
