from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "lamtheobac.quality"
    label = "quality"
    verbose_name = "Chất lượng bản cam kết"
