from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "lamtheobac.jobs"
    label = "jobs"
    verbose_name = "Hàng đợi công việc"
