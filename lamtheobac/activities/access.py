"""The one door to study sessions, pilot models, exemplars and inspections (directing documents, the
library's too, go through ``cycle.access``: the cycle owns ``Document``).

Lists: ``*_visible_to(user)``. Objects: ``access_*(user, id, cap=...)``: 404 outside the user's scope, 403
inside it without the right. The public showcase reads only through ``published_exemplars``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from lamtheobac.lib.fields import object_id
from lamtheobac.organisation import access as org_access
from lamtheobac.organisation.access import AnyUser
from lamtheobac.organisation.roles import Cap

from .models import Exemplar, Inspection, PilotModel, StudySession


def _in_scope(user: AnyUser, field: str) -> Q | None:
    """A filter on ``field`` (an org path) for the user's subtrees; None for an admin (everything)."""
    return org_access.subtree_filter(user, field)


def _filtered(qs: QuerySet, q: Q | None) -> QuerySet:
    return qs if q is None else qs.filter(q)


def study_sessions_visible_to(user: AnyUser) -> QuerySet[StudySession]:
    """Sessions held by orgs in the user's subtrees."""
    return _filtered(StudySession.objects.all(), _in_scope(user, "org__path"))


def pilots_visible_to(user: AnyUser) -> QuerySet[PilotModel]:
    """Pilot models of orgs in the user's subtrees."""
    return _filtered(PilotModel.objects.all(), _in_scope(user, "org__path"))


def exemplars_visible_to(user: AnyUser) -> QuerySet[Exemplar]:
    """Exemplars (published or not) of orgs in the user's subtrees."""
    return _filtered(Exemplar.objects.all(), _in_scope(user, "org__path"))


def inspections_visible_to(user: AnyUser) -> QuerySet[Inspection]:
    """Inspections made by an org in the user's subtrees, or received by one (its leaders read and answer)."""
    by = _in_scope(user, "org__path")
    if by is None:
        return Inspection.objects.all()
    received = _in_scope(user, "target__path")
    assert received is not None  # None for an admin only, as ``by``
    return Inspection.objects.filter(by | received)


def published_exemplars() -> QuerySet[Exemplar]:
    """What the public showcase may show: published with consent, nothing else."""
    return Exemplar.objects.filter(published=True, consent=True)


# --- Single objects ---------------------------------------------------------------------------


def _one(qs: QuerySet, pk: int | str):
    obj = qs.filter(pk=object_id(pk)).first()
    if obj is None:
        raise Http404
    return obj


def _require(user: AnyUser, cap: Cap | None, org) -> None:
    if cap is not None and not org_access.can(user, cap, org):
        raise PermissionDenied


def access_session(user: AnyUser, session_id: int | str, *, cap: Cap | None = None) -> StudySession:
    """A study session in the user's scope; with ``cap`` (RECORD_ACTIVITIES), the right to change it."""
    session = _one(study_sessions_visible_to(user).select_related("org"), session_id)
    _require(user, cap, session.org)
    return session


def access_pilot(user: AnyUser, pilot_id: int | str, *, cap: Cap | None = None) -> PilotModel:
    """A pilot model in the user's scope; with ``cap`` (RECORD_ACTIVITIES), the right to change it."""
    pilot = _one(pilots_visible_to(user).select_related("org"), pilot_id)
    _require(user, cap, pilot.org)
    return pilot


def access_exemplar(user: AnyUser, exemplar_id: int | str, *, cap: Cap | None = None) -> Exemplar:
    """An exemplar in the user's scope; with ``cap`` (MANAGE_EXEMPLARS to verify, commend, publish)."""
    exemplar = _one(exemplars_visible_to(user).select_related("org", "person"), exemplar_id)
    _require(user, cap, exemplar.org)
    return exemplar


def access_inspection(user: AnyUser, inspection_id: int | str, *, cap: Cap | None = None) -> Inspection:
    """An inspection the user may see; INSPECT is checked on the inspecting org, ANSWER_INSPECTION on the
    target org."""
    inspection = _one(inspections_visible_to(user).select_related("org", "target"), inspection_id)
    if cap == Cap.ANSWER_INSPECTION:
        _require(user, cap, inspection.target)
    else:
        _require(user, cap, inspection.org)
    return inspection


def access_public_exemplar(public_id: str) -> Exemplar:
    """A published exemplar by its unguessable id; anything else is 404."""
    import uuid

    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None
    exemplar = published_exemplars().filter(public_id=key).select_related("org", "person").first()
    if exemplar is None:
        raise Http404
    return exemplar
