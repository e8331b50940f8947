"""The one door to putting a unit's people on the system (accounts in bulk, sign-in slips, codes re-issued).

An officer over their subtree, a commune's or a cell's leader over their own unit (``Cap.ONBOARD``, held
through the grant's subtree only): the unit is reached through ``organisation.access`` (404 outside the
scope, 403 inside without the right), and the people through ``people_visible_to(user, ONBOARD)``, so no
account and no code is ever made for a person outside the actor's scope, whatever ids a form posts.
A code is re-issued only for an account that holds nothing but the member role: a leader must not be able
to take over an officer's or another leader's login by printing a code for it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from lamtheobac.organisation import access as org_access
from lamtheobac.organisation.access import AnyUser
from lamtheobac.organisation.models import Org, Person, Role, RoleGrant, subtree_q
from lamtheobac.organisation.roles import Cap


def access_unit(user: AnyUser, org_id: int | str) -> Org:
    """The unit whose people ``user`` puts on the system: 404 outside their scope, 403 without ONBOARD."""
    return org_access.access_org(user, org_id, cap=Cap.ONBOARD)


def may_onboard(user: AnyUser, org: Org) -> bool:
    """Whether ``user`` may open accounts for the people of ``org`` (for the links that lead there)."""
    return org_access.can(user, Cap.ONBOARD, org)


def people_to_onboard(user: AnyUser, unit: Org) -> QuerySet[Person]:
    """The active people of ``unit``'s subtree the user may open accounts for (``unit`` from ``access_unit``)."""
    people = org_access.people_visible_to(user, Cap.ONBOARD)
    return people.filter(subtree_q(unit.path, "org__path"), active=True)


def access_person_for_code(user: AnyUser, person_id: int | str) -> Person:
    """A person whose sign-in code ``user`` may re-issue: 404 outside the scope; 403 without ONBOARD on
    their org, for oneself, for a person without an account or no longer active, or for an account holding any role but member."""
    person = org_access.access_person(user, person_id, cap=Cap.ONBOARD)
    if person.user_id is None or person.user_id == user.pk or not person.active:
        raise PermissionDenied
    if RoleGrant.objects.filter(user_id=person.user_id).exclude(role=Role.MEMBER).exists():
        raise PermissionDenied
    return person
