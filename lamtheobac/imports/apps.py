from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "lamtheobac.imports"
    label = "imports"
    verbose_name = "Nhập dữ liệu từ Excel"

    def ready(self) -> None:
        from . import receivers  # noqa: F401
