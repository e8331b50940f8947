"""The one door to what the quality checks show: whose record a hint is computed for, and who may see the
people behind a cluster of near-identical commitments."""

from __future__ import annotations

from django.db.models import QuerySet

from lamtheobac.cycle import access as cycle_access
from lamtheobac.cycle.models import Record
from lamtheobac.cycle.workflow import Action
from lamtheobac.organisation import access as org_access
from lamtheobac.organisation.access import AnyUser
from lamtheobac.organisation.models import Org
from lamtheobac.organisation.roles import Cap


def access_record_being_written(user: AnyUser, record_id: int | str) -> Record:
    """The record whose action is being typed: only someone who may edit it asks for hints (404 outside
    the scope, 403 without the right)."""
    return cycle_access.access_record(user, record_id, action=Action.EDIT)


def may_name_copiers(user: AnyUser, org: Org) -> bool:
    """Who sees the people in a cluster of near-identical commitments, or who repeated last year's: the
    leaders who approve the org's commitments. Officers see the figures, not the names."""
    return org_access.can(user, Cap.APPROVE, org)


def may_see_flags(user: AnyUser, record: Record) -> bool:
    """Who reads the quality flags on a record once it is written: the one who approves, returns and rates it
    (the writer saw them while typing)."""
    return cycle_access.may_approve(user, record)


def records_to_name(user: AnyUser) -> QuerySet[Record]:
    """The records a flag may name and link for ``user``: the ones they may see; any other is only counted."""
    return cycle_access.records_visible_to(user)
