"""The one door to years, plans, commitments and their files.

Lists: ``periods_visible_to``, ``records_visible_to``. Objects: ``access_period``, ``access_record``,
``access_item``, ``access_evidence`` (404 outside the scope, 403 inside without the right); the reminders a
user receives, ``reminders_addressed_to`` and ``access_reminder``. The ``may_*``
functions answer "may this user do that to this record" and are what the views and templates ask.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from lamtheobac.lib.fields import object_id
from lamtheobac.organisation import access as org_access
from lamtheobac.organisation.access import AnyUser
from lamtheobac.organisation.models import Org, Role, subtree_bounds
from lamtheobac.organisation.roles import Cap

from . import workflow
from .models import Document, Evidence, Period, Record, RecordItem, RecordKind, Reminder, SignedCopy
from .workflow import Action


def periods_visible_to(user: AnyUser) -> QuerySet[Period]:
    """Years opened in the user's subtrees or above them (those govern the user's orgs too)."""
    if org_access.is_admin(user):
        return Period.objects.all()
    q = org_access.subtree_filter(user, "org__path")
    assert q is not None  # None for an admin only, answered above
    above = org_access.scope_and_ancestor_ids(user) or []
    return Period.objects.filter(q | Q(org_id__in=above))


def records_visible_to(user: AnyUser) -> QuerySet[Record]:
    """Plans and commitments of the user's subtrees, and always the user's own commitments."""
    if org_access.is_admin(user):
        return Record.objects.all()
    q = org_access.subtree_filter(user, "org__path")
    assert q is not None  # None for an admin only, answered above
    me = org_access.own_person(user)
    if me is not None:
        paths = org_access.scope_paths(user)
        if not paths:  # a member with no role: their own commitments alone
            return Record.objects.filter(person=me)
        written_at = Record.objects.filter(person=me).values_list("org__path", flat=True).distinct()
        if not all(org_access.in_paths(path, paths) for path in written_at):
            # only when some are outside the scope: an OR across the join keeps PostgreSQL off the path index
            q = q | Q(person=me)
    return Record.objects.filter(q)


def record_visible(user: AnyUser, record: Record) -> bool:
    """Whether ``records_visible_to(user)`` holds this record, decided on the record already read (its org
    loaded): the user's subtrees, or the user's own commitment."""
    if org_access.is_admin(user):
        return True
    if org_access.in_paths(record.org.path, org_access.scope_paths(user)):
        return True
    me = org_access.own_person(user)
    return me is not None and record.person_id == me.pk


# --- What a user may do to a record -----------------------------------------------------------


def is_own(user: AnyUser, record: Record) -> bool:
    return (
        record.person is not None and record.person.user_id is not None and record.person.user_id == user.pk
    )


def may_write(user: AnyUser, record: Record) -> bool:
    """Write or self-assess: the person themselves, a leader on their behalf, or for a plan a leader or
    officer of the org or above."""
    if record.kind == RecordKind.COMMITMENT:
        return is_own(user, record) or org_access.can(user, Cap.WRITE_ON_BEHALF, record.org)
    return org_access.can(user, Cap.WRITE_PLANS, record.org)


def writes_on_behalf(user: AnyUser, record: Record) -> bool:
    return record.kind == RecordKind.COMMITMENT and not is_own(user, record)


def may_approve(user: AnyUser, record: Record) -> bool:
    """Approve, return and rate: a leader above the record (for a person's commitment, the leader of their
    own org counts); never one's own record."""
    if is_own(user, record):
        return False
    if record.kind == RecordKind.COMMITMENT:
        return org_access.can(user, Cap.APPROVE, record.org)
    return org_access.can_above(user, Cap.APPROVE, record.org)


def may(user: AnyUser, record: Record, action: Action) -> bool:
    """Both the state machine and the user's rights allow ``action`` on ``record``."""
    if not workflow.allowed(record.state, action):
        return False
    if action in (Action.EDIT, Action.SUBMIT, Action.SELF_ASSESS):
        return may_write(user, record)
    if action in (Action.APPROVE, Action.RETURN, Action.RATE):
        return may_approve(user, record)
    return False


def approvable_by(user: AnyUser) -> QuerySet[Record]:
    """Records the user may approve or rate once the state allows: the approval queue's scope."""
    qs = Record.objects.all()
    if not org_access.is_admin(user):
        # within the subtrees of the user's approving grants (inside what records_visible_to shows); the plain
        # range over them first keeps PostgreSQL on the path index, the kinds' OR below alone did not
        qs = qs.filter(org_access.subtree_filter(user, "org__path", Cap.APPROVE))
        q = Q(pk__in=[])
        for g in org_access.grants_of(user):
            if Cap.APPROVE not in org_access.CAPABILITIES[g.role]:
                continue
            low, high = subtree_bounds(g.path)
            q |= Q(kind=RecordKind.COMMITMENT, org__path__gte=low, org__path__lt=high)
            q |= Q(kind=RecordKind.PLAN, org__path__gt=low, org__path__lt=high)
        qs = qs.filter(q)
    me = org_access.own_person(user)
    return qs.exclude(person=me) if me is not None else qs


# --- Single objects ---------------------------------------------------------------------------


def access_period(user: AnyUser, period_id: int | str, *, cap: Cap | None = None) -> Period:
    """A year visible to the user; with ``cap``, 403 unless held on the year's org."""
    period = periods_visible_to(user).filter(pk=_int(period_id)).select_related("org").first()
    if period is None:
        raise Http404
    if cap is not None and not org_access.can(user, cap, period.org):
        raise PermissionDenied
    return period


def access_record(user: AnyUser, record_id: int | str, *, action: Action | None = None) -> Record:
    """A record visible to the user; with ``action``, 403 unless the user has the right to take it.

    The state machine is not checked here: the service refuses an illegal transition with its message.
    """
    record = (
        Record.objects.filter(pk=_int(record_id))
        .select_related("org", "person", "person__user", "person__org")
        .first()
    )
    if record is None or not record_visible(user, record):
        raise Http404
    if action is None:
        return record
    if action in (Action.EDIT, Action.SUBMIT, Action.SELF_ASSESS):
        allowed = may_write(user, record)
    else:
        allowed = may_approve(user, record)
    if not allowed:
        raise PermissionDenied
    return record


def record_target(user: AnyUser, kind: str, *, person_id=None, org_id=None) -> dict:
    """Whom a new record may be for: a commitment of a person in the user's scope (their own, or written on
    behalf with the right to), or the plan of an org they write plans for. 404 outside the scope, 403
    without the right; the keyword arguments for ``services.record_create``."""
    if kind == RecordKind.COMMITMENT:
        person = org_access.access_person(user, person_id)
        own = person.user_id == user.pk
        if not own and not org_access.can(user, Cap.WRITE_ON_BEHALF, person.org):
            raise PermissionDenied
        return {"person": person, "on_behalf": not own}
    if kind == RecordKind.PLAN:
        return {"org": org_access.access_org(user, org_id, cap=Cap.WRITE_PLANS)}
    raise Http404


def documents_visible_to(user: AnyUser) -> QuerySet[Document]:
    """Directing documents issued in the user's subtrees or above them: a document reaches down its issuer's
    subtree, and no further. One tied to a year is seen only where that year is seen too (a service ties a
    document to a year of its own issuer, so this only refuses what no page could have written)."""
    if org_access.is_admin(user):
        return Document.objects.all()
    issued_in_scope = org_access.subtree_filter(user, "org__path")
    assert issued_in_scope is not None  # None for an admin only, answered above
    issued_above = Q(org_id__in=org_access.scope_and_ancestor_ids(user) or [])
    year_seen = Q(period__isnull=True) | Q(period__in=periods_visible_to(user))
    return Document.objects.filter(issued_in_scope | issued_above).filter(year_seen)


def access_document(user: AnyUser, document_id: int | str) -> Document:
    """A directing document the user may read (``documents_visible_to``): the year page's download and the
    library's page both come through here; 404 for anything else."""
    document = documents_visible_to(user).filter(pk=_int(document_id)).first()
    if document is None:
        raise Http404
    return document


def access_evidence(user: AnyUser, evidence_id: int | str) -> Evidence:
    """An evidence file of a record the user may see."""
    evidence = (
        Evidence.objects.filter(pk=_int(evidence_id), note__item__record__in=records_visible_to(user))
        .select_related("note__item__record")
        .first()
    )
    if evidence is None:
        raise Http404
    return evidence


def access_signed_copy(user: AnyUser, copy_id: int | str) -> SignedCopy:
    """A signed registration's scan, of a record the user may see; 404 for any other."""
    copy = SignedCopy.objects.filter(pk=_int(copy_id), record__in=records_visible_to(user)).first()
    if copy is None:
        raise Http404
    return copy


def access_item(user: AnyUser, record: Record, item_id: int | str) -> RecordItem:
    """An item of a record already cleared for the user."""
    item = record.items.filter(pk=_int(item_id)).first()
    if item is None:
        raise Http404
    return item


def orgs_for_records(user: AnyUser) -> QuerySet[Org]:
    """Orgs the user may pick in record filters."""
    return org_access.orgs_visible_to(user)


def _int(value: int | str) -> int:
    return object_id(value)


# --- Reminders from the lagging page --------------------------------------------------------


def reminders_addressed_to(user: AnyUser) -> QuerySet[Reminder]:
    """Reminders to the user's own person and to the orgs where the user holds the leader role."""
    q = Q(pk__in=[])
    me = org_access.own_person(user)
    if me is not None:
        q |= Q(target_person=me)
    led = [g.org_id for g in org_access.grants_of(user) if g.role == Role.LEADER]
    if led:
        q |= Q(target_org_id__in=led)
    return Reminder.objects.filter(q)


def access_reminder(user: AnyUser, reminder_id: int | str | None) -> Reminder:
    """A reminder addressed to the user; 404 for any other (nobody dismisses another's reminder)."""
    pk = object_id(reminder_id)  # 404 for what is no id the column holds
    reminder = reminders_addressed_to(user).filter(pk=pk).first()
    if reminder is None:
        raise Http404
    return reminder
