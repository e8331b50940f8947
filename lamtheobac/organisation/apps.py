from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "lamtheobac.organisation"
    label = "organisation"
    verbose_name = "Tổ chức và con người"

    def ready(self) -> None:
        # imported here: they import models, which the app registry has ready only now
        from lamtheobac.audit import access as audit_access

        from . import access, receivers  # noqa: F401 (connects them)

        audit_access.readers_are(access.is_admin)  # the audit log is for the admins
