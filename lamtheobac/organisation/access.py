"""The one door to scoped data.

Lists come from ``*_visible_to(user)``; single objects from ``access_*(user, id, ...)``, which answer 404
when the object is outside the user's scope and 403 when it is inside but the user lacks the right.
Views, the API and exports never touch ``Org.objects`` or ``Person.objects`` themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import cast

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from lamtheobac.lib.fields import object_id

from .models import Export, Org, Person, RoleGrant, path_ids, subtree_q
from .roles import CAPABILITIES, SUBTREE_ROLES, Cap, Role, roles_grantable_by

AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class Grant:
    role: str
    org_id: int
    path: str


def grants_of(user: AnyUser) -> list[Grant]:
    """The user's active grants, read once per request (cached on the user object)."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_grants_cache", None)
    if cached is None:
        rows = RoleGrant.objects.filter(user=user).order_by("org__path", "role")
        cached = [
            Grant(role=role, org_id=org_id, path=path)
            for role, org_id, path in rows.values_list("role", "org_id", "org__path")
        ]
        user._grants_cache = cached  # type: ignore[attr-defined]
    return cached


def forget_grants(user: AnyUser) -> None:
    """Drop the cached grants (after a grant changes in the same request)."""
    if hasattr(user, "_grants_cache"):
        del user._grants_cache


def is_admin(user: AnyUser) -> bool:
    return any(g.role == Role.ADMIN for g in grants_of(user))


def roles_held(user: AnyUser) -> set[str]:
    return {g.role for g in grants_of(user)}


def _scope_paths(user: AnyUser, cap: Cap | None = None) -> list[str]:
    """Paths of the orgs whose subtrees the user reaches (with ``cap`` when given), minimal set."""
    paths = sorted(
        g.path
        for g in grants_of(user)
        if g.role in SUBTREE_ROLES and (cap is None or cap in CAPABILITIES[g.role])
    )
    minimal: list[str] = []
    for p in paths:
        if not any(p.startswith(m) for m in minimal):
            minimal.append(p)
    return minimal


def scope_paths(user: AnyUser, cap: Cap = Cap.VIEW_ORGS) -> list[str]:
    """Paths of the tops of the subtrees the user reaches with ``cap`` (what ``subtree_filter`` selects)."""
    return _scope_paths(user, cap)


def in_paths(path: str, paths: list[str]) -> bool:
    """Whether the org at ``path`` lies in one of the subtrees at ``paths``."""
    return any(path.startswith(p) for p in paths)


def _paths_q(paths: list[str], field: str) -> Q | None:
    if not paths:
        return None
    return reduce(or_, (subtree_q(p, field) for p in paths))


def own_person(user: AnyUser) -> Person | None:
    """The Person linked to the user's account, if any."""
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_person_cache", False)
    if cached is False:
        cached = Person.objects.select_related("org").filter(user=user).first()
        user._person_cache = cached  # type: ignore[attr-defined]
    return cast("Person | None", cached)  # False only before the first read


# --- Lists ------------------------------------------------------------------------------------


def orgs_visible_to(user: AnyUser, cap: Cap = Cap.VIEW_ORGS) -> QuerySet[Org]:
    """Orgs the user may see (or act on with ``cap``): the union of the subtrees of their grants."""
    if is_admin(user):
        return Org.objects.all()
    q = _paths_q(_scope_paths(user, cap), "path")
    return Org.objects.filter(q) if q is not None else Org.objects.none()


def people_visible_to(user: AnyUser, cap: Cap = Cap.VIEW_ORGS) -> QuerySet[Person]:
    """People the user may see: those whose home org is in their scope, and always themselves."""
    if is_admin(user):
        return Person.objects.all()
    paths = _scope_paths(user, cap)
    q = _paths_q(paths, "org__path")
    if cap == Cap.VIEW_ORGS:
        me = own_person(user)
        if me is not None and not in_paths(me.org.path, paths):
            # only when needed: an OR across the join keeps PostgreSQL off the path index
            q = Q(pk=me.pk) if q is None else q | Q(pk=me.pk)
    return Person.objects.filter(q) if q is not None else Person.objects.none()


def grants_visible_to(user: AnyUser) -> QuerySet[RoleGrant]:
    """Role grants the user may see: those on orgs where they may grant roles."""
    if is_admin(user):
        return RoleGrant.objects.all()
    q = _paths_q(_scope_paths(user, Cap.GRANT_ROLES), "org__path")
    return RoleGrant.objects.filter(q) if q is not None else RoleGrant.objects.none()


def scope_and_ancestor_ids(user: AnyUser) -> list[int] | None:
    """Ids of the orgs above the user's scope and of their own org: whose years govern them.

    ``None`` for an admin (everything). Used to show the years opened higher up the tree.
    """
    if is_admin(user):
        return None
    ids: set[int] = set()
    for path in _scope_paths(user):
        ids.update(path_ids(path))
    me = own_person(user)
    if me is not None:
        ids.update(path_ids(me.org.path))
    return sorted(ids)


def subtree_filter(user: AnyUser, field: str, cap: Cap = Cap.VIEW_ORGS) -> Q | None:
    """A filter on ``field`` (an org path) selecting the user's subtrees; ``None`` for admins, ~Q() if none."""
    if is_admin(user):
        return None
    q = _paths_q(_scope_paths(user, cap), field)
    return q if q is not None else Q(pk__in=[])


def root_orgs_for(user: AnyUser) -> QuerySet[Org]:
    """The top of each subtree the user reaches: where their tree view starts."""
    if is_admin(user):
        return Org.objects.filter(parent__isnull=True)
    paths = _scope_paths(user, Cap.VIEW_ORGS)
    return Org.objects.filter(path__in=paths)


# --- Single objects ---------------------------------------------------------------------------


def can(user: AnyUser, cap: Cap, org: Org) -> bool:
    """Whether the user holds ``cap`` on ``org`` through a grant on it or on one of its ancestors."""
    for g in grants_of(user):
        if g.role == Role.ADMIN:
            return True
        if cap in CAPABILITIES[g.role] and org.path.startswith(g.path):
            return True
    return False


def may_manage_orgs(user: AnyUser) -> bool:
    """Whether the user may change some part of the tree: admins, and whoever holds MANAGE_ORGS somewhere."""
    return is_admin(user) or bool(_scope_paths(user, Cap.MANAGE_ORGS))


def can_above(user: AnyUser, cap: Cap, org: Org) -> bool:
    """Whether the user holds ``cap`` through a grant on a strict ancestor of ``org`` (admins: always)."""
    for g in grants_of(user):
        if g.role == Role.ADMIN:
            return True
        if cap in CAPABILITIES[g.role] and org.path.startswith(g.path) and org.path != g.path:
            return True
    return False


def can_grant(user: AnyUser, org: Org, role: str) -> bool:
    """Admins grant any role anywhere; officers grant other roles inside their subtree."""
    if not can(user, Cap.GRANT_ROLES, org):
        return False
    return role in roles_grantable_by(roles_held(user))


def access_org(user: AnyUser, org_id: int | str, *, cap: Cap = Cap.VIEW_ORGS) -> Org:
    """The org if the user sees it and holds ``cap`` on it; 404 outside the scope, 403 inside without."""
    org = orgs_visible_to(user).filter(pk=_int(org_id)).select_related("parent").first()
    if org is None:
        raise Http404
    if not can(user, cap, org):
        raise PermissionDenied
    return org


def access_person(user: AnyUser, person_id: int | str, *, cap: Cap | None = None) -> Person:
    """The person if visible to the user (404 otherwise); with ``cap``, 403 unless held on their org."""
    person = people_visible_to(user).filter(pk=_int(person_id)).select_related("org", "user").first()
    if person is None:
        raise Http404
    if cap is not None and not can(user, cap, person.org):
        raise PermissionDenied
    return person


def access_grant(user: AnyUser, grant_id: int | str) -> RoleGrant:
    """A role grant the user may revoke: 404 outside their scope, 403 for an admin grant by a non-admin."""
    grant = grants_visible_to(user).filter(pk=_int(grant_id)).select_related("org", "user").first()
    if grant is None:
        raise Http404
    if not can_grant(user, grant.org, grant.role):
        raise PermissionDenied
    return grant


def _int(value: int | str) -> int:
    return object_id(value)


def access_export(user: AnyUser, export_id: int | str) -> Export:
    """An export its reader may see and download: 404 unless its org is in the user's scope; for anyone but
    the user who asked, 403 unless they hold the same right on the org (seeing its people, and the
    identifiers when the file carries them)."""
    export = (
        Export.objects.filter(pk=_int(export_id), org__in=orgs_visible_to(user)).select_related("org").first()
    )
    if export is None:
        raise Http404
    if export.requested_by_id != user.pk and (
        not can(user, Cap.VIEW_ORGS, export.org)
        or (export.sensitive and not can(user, Cap.VIEW_SENSITIVE, export.org))
    ):
        raise PermissionDenied
    return export
