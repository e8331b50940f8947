from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "lamtheobac.reports"
    label = "reports"
    verbose_name = "Thống kê, báo cáo"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        # imported here: the modules below import models, which the app registry has ready only now
        from lamtheobac.cycle import selectors as cycle_selectors
        from lamtheobac.lib import pagecache

        from . import receivers, selectors

        receivers.connect()
        cycle_selectors.figures_from(selectors.dashboard)  # the year's page shows the dashboard's figures
        post_migrate.connect(pagecache.install_triggers, sender=self, dispatch_uid="data_stamp_triggers")
        connection_created.connect(pagecache.watch_writes, dispatch_uid="data_stamp_writes")
