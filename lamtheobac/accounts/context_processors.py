from lamtheobac.organisation import access
from lamtheobac.organisation.models import Role


def roles(request):
    """Which menus to show: the roles the signed-in user holds anywhere."""
    user = request.user
    if not user.is_authenticated:
        return {}
    held = access.roles_held(user)
    return {
        "held_roles": held,
        "sees_orgs": bool(held & {Role.ADMIN, Role.OFFICER, Role.LEADER, Role.INSPECTOR}),
        "is_admin": Role.ADMIN in held,
        "approves": bool(held & {Role.ADMIN, Role.LEADER}),
        "my_person": access.own_person(user),
    }
