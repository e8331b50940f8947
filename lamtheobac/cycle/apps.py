from django.apps import AppConfig


class CycleConfig(AppConfig):
    name = "lamtheobac.cycle"
    label = "cycle"
    verbose_name = "Năm thực hiện"

    def ready(self) -> None:
        from . import receivers  # the app registry is ready only now

        receivers.connect()
