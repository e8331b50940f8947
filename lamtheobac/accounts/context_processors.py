from lamtheobac.organisation import access
from lamtheobac.organisation.models import Role

from . import two_factor


def roles(request):
    """Which menus to show: the roles the signed-in user holds anywhere."""
    user = request.user
    if not user.is_authenticated:
        return {}
    if request.session.get(two_factor.STATE) in (two_factor.VERIFY, two_factor.SETUP):
        return {"second_step_due": True}  # no menu before the code (or the set-up an admin owes)
    held = access.roles_held(user)
    return {
        "held_roles": held,
        "sees_orgs": bool(held & {Role.ADMIN, Role.OFFICER, Role.LEADER, Role.INSPECTOR}),
        "is_admin": Role.ADMIN in held,
        "approves": bool(held & {Role.ADMIN, Role.LEADER}),
        "my_person": access.own_person(user),
    }
