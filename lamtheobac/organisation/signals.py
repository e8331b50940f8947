"""What the organisation app tells the apps above it, after its own write (they subscribe; it imports none)."""

from __future__ import annotations

from django.dispatch import Signal

# A role was granted: ``grant`` (a RoleGrant, saved). Sent inside the grant's transaction.
role_granted = Signal()
