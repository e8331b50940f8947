from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lamtheobac.api"
    label = "api"
    verbose_name = "API"
