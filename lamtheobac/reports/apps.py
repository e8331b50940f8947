from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "lamtheobac.reports"
    label = "reports"
    verbose_name = "Thống kê, báo cáo"

    def ready(self) -> None:
        from . import signals

        signals.connect()
