"""The organisation app keeping its own time: every save of an org or a person brings its ``OrgSpan`` or
``Membership`` rows in step (``timeline``), before any other app's receiver of the same save runs (this app is
ready first, so its receivers are connected first: the counters that read the rows see them written)."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from . import services
from .models import Org, Person


def _writes(update_fields, names: set[str]) -> bool:
    """Whether a save with ``update_fields`` may have written any of the fields ``names``."""
    return update_fields is None or bool(names & set(update_fields))


@receiver(post_save, sender=Org, dispatch_uid="organisation.org_timeline")
def org_saved(sender, instance: Org, raw: bool = False, update_fields=None, **kwargs) -> None:
    if not raw and _writes(
        update_fields, {"parent", "path", "name", "kind", "ended_on", "began_on", "active"}
    ):
        services.sync_spans([instance], getattr(instance, "effective_on", None))


@receiver(post_save, sender=Person, dispatch_uid="organisation.person_timeline")
def person_saved(sender, instance: Person, raw: bool = False, update_fields=None, **kwargs) -> None:
    if not raw and _writes(update_fields, {"org", "kind", "active"}):
        services.sync_memberships(
            [instance], getattr(instance, "effective_on", None), joined=getattr(instance, "joined_on", None)
        )
