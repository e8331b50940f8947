from django.apps import AppConfig


class CycleConfig(AppConfig):
    name = "lamtheobac.cycle"
    label = "cycle"
    verbose_name = "Năm thực hiện"
