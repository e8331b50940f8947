"""Two-factor sign-in state for pages of the apps below ``accounts`` (a person's page), which may not import it."""

from __future__ import annotations

from django import template

from lamtheobac.accounts import two_factor

register = template.Library()


@register.filter
def two_factor_on(user) -> bool:
    """Whether ``user`` (an account, or None) signs in with a second factor."""
    return user is not None and two_factor.is_on(user)
