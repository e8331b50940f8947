"""Writes to people, their accounts and their role grants.

Every function is atomic, validates with ``full_clean()``, writes the history row and raises
``ValidationError`` with a Vietnamese message. None of them decides permissions: callers pass objects
already cleared by ``access.py``.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lamtheobac.audit import services as audit
from lamtheobac.lib import text

from .. import signals, timeline
from ..models import (
    Account,
    Org,
    Person,
    PersonMove,
    Role,
    RoleGrant,
)

ERR_ORG_INACTIVE = _("Tổ chức “%(name)s” đã ngừng hoạt động, không thể chuyển người vào.")
ERR_SAME_ORG = _("Cá nhân đã sinh hoạt tại tổ chức này.")
ERR_GRANT_EXISTS = _("Tài khoản này đã có vai trò đó tại tổ chức này.")
ERR_USERNAME_TAKEN = _("Tên đăng nhập “%(username)s” đã có người dùng.")
ERR_PERSON_HAS_ACCOUNT = _("Cá nhân này đã có tài khoản.")


# --- People -----------------------------------------------------------------------------------


def people_moved(person_ids: list[int], org_ids: list[int]) -> None:
    """People changed behind ``save()`` (a bulk update): the apps above recount the orgs they left and
    joined, and those holding their records (``signals.people_moved``)."""
    signals.people_moved.send(sender=Person, person_ids=person_ids, org_ids=org_ids)


@transaction.atomic
def person_create(*, actor: User | None, org: Org, **fields) -> Person:
    """Add a person to ``org`` (which must be active)."""
    if not org.active:
        raise ValidationError({"org": ERR_ORG_INACTIVE % {"name": org.name}})
    joined = fields.pop("joined_on", None) or timeline.today()
    person = Person(org=org, **fields)
    person.full_name = text.title_name(person.full_name)
    person.full_clean()
    person.joined_on = joined  # type: ignore[attr-defined]  # counted from that year on, never in the years before (``timeline``)
    person.save()
    return person


@transaction.atomic
def person_update(*, actor: User | None, person: Person, **fields) -> Person:
    """Change a person's details (not their org: that is ``person_move``). A person who leaves is marked
    inactive, never deleted: their records keep their history."""
    # read from the database: a ModelForm's validation has already copied the new values onto ``person``
    was_active = Person.objects.filter(pk=person.pk).values_list("active", flat=True).first()
    for key, value in fields.items():
        setattr(person, key, value)
    person.full_name = text.title_name(person.full_name)
    person.full_clean()
    person.save()
    if was_active and not person.active:
        audit.record(audit.Action.PERSON_DEACTIVATED, actor=actor, org=person.org, target=person.full_name)
    return person


@transaction.atomic
def person_move(*, actor: User | None, person: Person, to_org: Org, reason: str = "") -> Person:
    """Move a person to another org, keeping the move in their history; refuses an inactive org."""
    if not to_org.active:
        raise ValidationError({"to_org": ERR_ORG_INACTIVE % {"name": to_org.name}})
    if person.org_id == to_org.pk:
        raise ValidationError({"to_org": ERR_SAME_ORG})
    PersonMove.objects.create(
        person=person, from_org=person.org, to_org=to_org, moved_by=actor, reason=text.clean(reason)
    )
    person.org = to_org
    person.save(update_fields=["org", "updated_at"])
    return person


# --- Accounts and roles -----------------------------------------------------------------------


@transaction.atomic
def grant_create(*, actor: User | None, user: User, org: Org, role: str) -> RoleGrant:
    """Give ``user`` the ``role`` over ``org``'s subtree."""
    if role not in Role.values:
        raise ValidationError({"role": _("Vai trò không hợp lệ.")})
    if RoleGrant.objects.filter(user=user, org=org, role=role).exists():
        raise ValidationError(ERR_GRANT_EXISTS)
    grant = RoleGrant(user=user, org=org, role=role, granted_by=actor)
    grant.full_clean()
    grant.save()
    audit.record(audit.Action.ROLE_GRANTED, actor=actor, org=org, target=_grant_words(grant))
    signals.role_granted.send(sender=RoleGrant, grant=grant)  # a new admin signs in again (``accounts``)
    return grant


def _grant_words(grant: RoleGrant) -> str:
    return f"{grant.user.get_username()}: {Role(grant.role).label} — {grant.org.name}"


@transaction.atomic
def grant_revoke(*, actor: User | None, grant: RoleGrant) -> None:
    """Remove a role grant."""
    audit.record(audit.Action.ROLE_REVOKED, actor=actor, org=grant.org, target=_grant_words(grant))
    grant.delete()


@transaction.atomic
def account_create(*, actor: User | None, person: Person, username: str, password: str) -> User:
    """Open a login for ``person`` with the member role at their home org; the initial ``password`` must pass
    the password validators and is to be changed at the first sign-in."""
    username = text.clean(username).lower()
    if person.user_id is not None:
        raise ValidationError(ERR_PERSON_HAS_ACCOUNT)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": ERR_USERNAME_TAKEN % {"username": username}})
    user = User(username=username, first_name=person.full_name[:150], email=person.email)
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.error_list}) from None
    user.set_password(password)
    user.full_clean()
    user.save()
    Account.objects.create(
        user=user, must_change_password=True
    )  # the officer knows it: changed at first sign-in
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    grant_create(actor=actor, user=user, org=person.org, role=Role.MEMBER)
    return user


def account_password_changed(*, user: User) -> None:
    """The user chose their own password: the one set by an officer no longer holds them at the change page."""
    Account.objects.filter(user=user, must_change_password=True).update(must_change_password=False)
