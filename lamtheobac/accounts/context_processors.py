from lamtheobac.organisation import access
from lamtheobac.organisation.models import Role
from lamtheobac.organisation.roles import CAPABILITIES, Cap

from . import two_factor
from .privacy.services import NOTICE_VERSION, SESSION_KEY


def roles(request):
    """Which menus to show: the roles the signed-in user holds anywhere."""
    user = request.user
    if not user.is_authenticated:
        return {}
    if request.session.get(two_factor.STATE) in (two_factor.VERIFY, two_factor.SETUP):
        return {"second_step_due": True}  # no menu before the code (or the set-up an admin owes)
    held = access.roles_held(user)
    caps = set().union(*(CAPABILITIES[role] for role in held)) if held else set()
    return {
        "held_roles": held,
        "sees_orgs": bool(held & {Role.ADMIN, Role.OFFICER, Role.LEADER, Role.INSPECTOR}),
        "is_admin": Role.ADMIN in held,
        "approves": bool(held & {Role.ADMIN, Role.LEADER}),
        "my_person": access.own_person(user),
        # the menu's entries for the report writer and the Excel import, read off the roles held (no query):
        # officers open years and write reports, leaders write their commune's or cell's; importing takes
        # the right to manage people or orgs
        "writes_reports": bool(caps & {Cap.OPEN_PERIOD, Cap.WRITE_PLANS}),
        "imports": bool(caps & {Cap.MANAGE_PEOPLE, Cap.MANAGE_ORGS}),
        # read off the session (set at sign-in and on reading it): no query on every page
        "privacy_notice_due": request.session.get(SESSION_KEY) != NOTICE_VERSION,
        "answers_data_requests": Role.ADMIN in held or Cap.MANAGE_PEOPLE in caps,
    }
