from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "lamtheobac.quality"
    label = "quality"
    verbose_name = "Chất lượng bản cam kết"

    def ready(self) -> None:
        # imported here: the app registry is ready only now (cycle lies below quality: a downhill import)
        from lamtheobac.cycle import selectors as cycle_selectors

        from . import checks, receivers, selectors  # the app registry is ready only now

        receivers.connect()
        # the approval queue and the record page show the one who approves what the writer was told
        cycle_selectors.notes_from(
            queue=lambda user, records: selectors.queue_flags(records), record=checks.record_flags
        )
