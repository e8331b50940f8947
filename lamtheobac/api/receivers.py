"""What the API does when something changes below it."""

from __future__ import annotations

from django.dispatch import receiver

from lamtheobac.accounts import two_factor
from lamtheobac.organisation.models import RoleGrant
from lamtheobac.organisation.signals import role_granted

from . import tokens


@receiver(role_granted, sender=RoleGrant, dispatch_uid="api_revoke_tokens_on_grant")
def _revoke_tokens_on_grant(sender, grant: RoleGrant, **kwargs) -> None:
    """A role that requires two-factor sign-in revokes the user's tokens: one made with fewer rights (and
    perhaps without a second factor) must not carry the new ones; the user makes new ones after setting up
    two-factor sign-in."""
    if two_factor.role_requires(grant.role):
        tokens.revoke_all(user=grant.user, reason=f"granted {grant.role}")
