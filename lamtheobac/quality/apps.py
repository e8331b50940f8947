from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "lamtheobac.quality"
    label = "quality"
    verbose_name = "Chất lượng bản cam kết"

    def ready(self) -> None:
        from . import receivers  # the app registry is ready only now

        receivers.connect()
