"""The API's authority in one place: a user reaches their own tokens only; what of a person goes out; the
org filters of the lists and the dashboard's org and year. Everything else is cleared by the apps' own
``access`` modules, as for the pages."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404

from lamtheobac.lib.fields import object_id
from lamtheobac.organisation import access as org_access
from lamtheobac.organisation.models import Org, Person, subtree_q
from lamtheobac.organisation.roles import Cap
from lamtheobac.reports import selectors as reports_selectors

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


def may_see_identifiers(user: User, person: Person) -> bool:
    """Whether a person's party card number and citizen ID go out to ``user``: only with the right to see
    sensitive data at the person's org; everyone else gets them as null."""
    return org_access.can(user, Cap.VIEW_SENSITIVE, person.org)


def under_org(user: User, qs: QuerySet, org_id: int | None, field: str = "org__path") -> QuerySet:
    """``qs`` (already scoped to ``user``) narrowed to the subtree of ``org_id``, which is cleared through
    ``access_org`` first (404 outside the scope); unchanged when no org is asked for."""
    if org_id is None:
        return qs
    return qs.filter(subtree_q(org_access.access_org(user, org_id).path, field))


def access_dashboard(user: User, org_id: int, year: int | None) -> tuple[Org, int]:
    """The org whose figures are asked for (404 outside the scope) and the year, this year by default; a
    year the dashboard cannot have (before 2000, after next year) is 404 too."""
    unit = org_access.access_org(user, org_id)
    year = year or reports_selectors.today_year()
    if not 2000 <= year <= reports_selectors.today_year() + 1:
        raise Http404
    return unit, year
