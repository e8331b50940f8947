from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "lamtheobac.demo"
    verbose_name = "Dữ liệu dùng thử"
