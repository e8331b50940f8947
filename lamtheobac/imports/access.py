"""The one door to imports: an officer imports into an org of their subtree and sees the imports made there.

Importing orgs needs MANAGE_ORGS on the org imported under, importing people MANAGE_PEOPLE; a commune's or a
cell's leader imports either into their own unit (ONBOARD, held over the subtree of their grant only, so
the org imported under must lie in it, and every row is then checked against that org's subtree as an
officer's are). The log of an import is read with the same right, and its file is served only through ``access_job``. A reorganisation
(``reorganise``) is for admins and officers, each row then checked against their scope by ``reorganise.run``;
a checked file waits in the user's own session (``pending``) until it is applied.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from lamtheobac.lib.fields import object_id
from lamtheobac.organisation import access as org_access
from lamtheobac.organisation.access import AnyUser
from lamtheobac.organisation.models import Org
from lamtheobac.organisation.roles import Cap

from . import pending
from .models import ImportJob, ImportKind

CAP: dict[str, Cap] = {ImportKind.ORGS: Cap.MANAGE_ORGS, ImportKind.PEOPLE: Cap.MANAGE_PEOPLE}


def jobs_visible_to(user: AnyUser) -> QuerySet[ImportJob]:
    """Imports into the user's subtrees (admins: all)."""
    q = org_access.subtree_filter(user, "under__path")
    jobs = ImportJob.objects.all() if q is None else ImportJob.objects.filter(q)
    return jobs.select_related("under", "created_by")


def may_import(user: AnyUser, kind: str, org: Org) -> bool:
    """Whether ``user`` may import ``kind`` under ``org``: the kind's right there, or ONBOARD (leaders)."""
    if kind not in CAP:
        return False
    return org_access.can(user, CAP[kind], org) or org_access.can(user, Cap.ONBOARD, org)


def access_job(user: AnyUser, job_id: int | str) -> ImportJob:
    """An import the user sees and may make (404 outside the scope, 403 inside without the right)."""
    pk = object_id(job_id)  # 404 for what is no id the column holds
    job = jobs_visible_to(user).filter(pk=pk).first()
    if job is None:
        raise Http404
    if not may_import(user, job.kind, job.under):
        raise PermissionDenied
    return job


def import_orgs_for(user: AnyUser) -> QuerySet[Org]:
    """Orgs the user may import into (either kind), for the picker."""
    orgs = (
        org_access.orgs_visible_to(user, Cap.MANAGE_PEOPLE)
        | org_access.orgs_visible_to(user, Cap.MANAGE_ORGS)
        | org_access.orgs_visible_to(user, Cap.ONBOARD)
    )
    return orgs.filter(active=True).distinct().order_by("path")


def access_reorganise(user: AnyUser) -> None:
    """The reorganisation page and API: admins and officers (MANAGE_ORGS somewhere); 403 for anyone else."""
    if not org_access.may_manage_orgs(user):
        raise PermissionDenied


def access_pending(user: AnyUser, session, key: str) -> pending.Pending:
    """A reorganisation file this user checked in this session (403 without the right, 404 for a key the
    session does not hold: another person's, an applied one, or none)."""
    access_reorganise(user)
    found = pending.find(session, key)
    if found is None:
        raise Http404
    return found
