"""The one door to requests about personal data: the person sees their own; an officer (who manages people)
sees and answers those of the people of their subtree; anyone else gets 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from lamtheobac.lib.fields import object_id
from lamtheobac.organisation import access as org_access
from lamtheobac.organisation.access import AnyUser
from lamtheobac.organisation.roles import Cap

from ..models import DataRequest


def my_requests(user: AnyUser) -> QuerySet[DataRequest]:
    """The requests about the user's own person."""
    me = org_access.own_person(user)
    if me is None:
        return DataRequest.objects.none()
    return DataRequest.objects.filter(person=me)


def requests_to_answer(user: AnyUser) -> QuerySet[DataRequest]:
    """Requests about the people of the subtrees where the user manages people (an admin: all)."""
    if org_access.is_admin(user):
        return DataRequest.objects.all()
    q = org_access.subtree_filter(user, "person__org__path", Cap.MANAGE_PEOPLE)
    if q is None or not org_access.scope_paths(user, Cap.MANAGE_PEOPLE):
        return DataRequest.objects.none()
    return DataRequest.objects.filter(q)


def may_answer(user: AnyUser) -> bool:
    return org_access.is_admin(user) or bool(org_access.scope_paths(user, Cap.MANAGE_PEOPLE))


def access_request_to_answer(user: AnyUser, request_id: int | str) -> DataRequest:
    """A request the user may answer; 404 for any other."""
    found = (
        requests_to_answer(user)
        .filter(pk=object_id(request_id))
        .select_related("person__org", "person__user", "user")
        .first()
    )
    if found is None:
        raise Http404
    return found
