"""What each role may do. Scope (which orgs) comes from the grant; this says which actions."""

from __future__ import annotations

from enum import StrEnum

from .models import Role


class Cap(StrEnum):
    VIEW_ORGS = "view_orgs"  # see the org, its subtree and the people in it
    MANAGE_ORGS = "manage_orgs"  # add, rename, move, deactivate, merge orgs
    MANAGE_PEOPLE = "manage_people"  # add, edit, move people; open accounts for them
    GRANT_ROLES = "grant_roles"  # grant and revoke roles (admin only for the admin role)
    VIEW_SENSITIVE = "view_sensitive"  # party card number, citizen ID on a person's page
    OPEN_PERIOD = "open_period"  # open, edit and close a year; attach directing documents
    REOPEN_PERIOD = "reopen_period"  # reopen a closed year (admin only)
    WRITE_PLANS = "write_plans"  # write the plans of collectives
    WRITE_ON_BEHALF = "write_on_behalf"  # write a commitment for a member who does not use the system
    APPROVE = "approve"  # approve, return and rate plans and commitments
    RECORD_ACTIVITIES = "record_activities"  # study sessions, pilot models, nominating exemplars
    MANAGE_EXEMPLARS = "manage_exemplars"  # verify, commend and publish exemplars
    INSPECT = "inspect"  # plan and record inspections and supervisions
    ANSWER_INSPECTION = "answer_inspection"  # report the fixes an inspection asked of one's org
    REMIND = "remind"  # see who lags behind the deadlines and remind them
    # put a unit's people on the system: import its roster and tree, open their accounts in one step, print
    # their sign-in slips, re-issue a lost code; a leader holds it over their own unit, as an officer does
    ONBOARD = "onboard"


CAPABILITIES: dict[str, frozenset[Cap]] = {
    Role.ADMIN: frozenset(Cap),
    Role.OFFICER: frozenset(
        {
            Cap.VIEW_ORGS,
            Cap.MANAGE_ORGS,
            Cap.MANAGE_PEOPLE,
            Cap.GRANT_ROLES,
            Cap.VIEW_SENSITIVE,
            Cap.OPEN_PERIOD,
            Cap.WRITE_PLANS,
            Cap.RECORD_ACTIVITIES,
            Cap.MANAGE_EXEMPLARS,
            Cap.INSPECT,
            Cap.REMIND,
            Cap.ONBOARD,
        }
    ),
    Role.LEADER: frozenset(
        {
            Cap.VIEW_ORGS,
            Cap.WRITE_PLANS,
            Cap.WRITE_ON_BEHALF,
            Cap.APPROVE,
            Cap.RECORD_ACTIVITIES,
            Cap.ANSWER_INSPECTION,
            Cap.REMIND,
            Cap.ONBOARD,
        }
    ),
    Role.INSPECTOR: frozenset({Cap.VIEW_ORGS, Cap.INSPECT}),
    # A member sees only their own record; that is handled by the person scope, not by a capability.
    Role.MEMBER: frozenset(),
}

# Roles whose grant covers the org's whole subtree.
SUBTREE_ROLES = frozenset({Role.ADMIN, Role.OFFICER, Role.LEADER, Role.INSPECTOR})


def roles_grantable_by(held: set[str]) -> list[str]:
    """Roles a user holding ``held`` (somewhere) may grant inside their scope."""
    if Role.ADMIN in held:
        return [r.value for r in Role]
    if Role.OFFICER in held:
        return [r.value for r in Role if r != Role.ADMIN]
    return []
