"""The one door from a request's id to an API token: a user reaches their own tokens only."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import Http404

from lamtheobac.lib.fields import object_id

from .models import AccessToken


def access_token(user: User, token_id: int | str) -> AccessToken:
    """The signed-in user's own token ``token_id``; 404 for another user's, or for no token at all."""
    token = AccessToken.objects.filter(pk=object_id(token_id), user=user).first()
    if token is None:
        raise Http404
    return token


def tokens_visible_to(user: User):
    """The signed-in user's own tokens, for the account page's list."""
    return AccessToken.objects.filter(user=user)
