"""What the cycle services tell the apps above them, once after their write (they subscribe in their
``receivers.py``; this app imports none of them).

``record_changed`` (sender ``Record``, argument ``record``): a record's items or its filing changed (created,
saved, submitted, returned for correction). Sent inside the write's transaction.

``records_moved`` (sender ``Record``, arguments ``org_ids`` and ``year``): records of ``year`` moved between
the orgs ``org_ids`` behind ``save()`` (a bulk update, as in a merge).
"""

from __future__ import annotations

from django.dispatch import Signal

record_changed = Signal()
records_moved = Signal()
