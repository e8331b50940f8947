"""What the accounts app does when something changes below it, and at every sign-in: sign-ins, failed
sign-ins and sign-outs go to the audit log, with the org of the person signing in."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from lamtheobac.audit.models import Action
from lamtheobac.audit.services import record
from lamtheobac.organisation.access import own_person
from lamtheobac.organisation.models import RoleGrant
from lamtheobac.organisation.signals import role_granted

from . import two_factor
from .models import NoticeAcceptance
from .privacy import services as privacy


def _role_granted(sender, grant: RoleGrant, **kwargs) -> None:
    """A role that requires two-factor sign-in, granted to someone without it, ends their sessions: they
    sign in again and set it up first."""
    if two_factor.role_requires(grant.role) and not two_factor.is_on(grant.user):
        two_factor.end_sessions(grant.user)


def _org_of(user):
    person = own_person(user)
    return person.org if person is not None else None


def _logged_in(sender, request, user, **kwargs) -> None:
    record(Action.LOGIN, actor=user, org=_org_of(user), request=request)
    # the personal-data notice is shown until the user has read its current version (once per version)
    if request is not None and hasattr(request, "session"):
        seen = NoticeAcceptance.objects.filter(user=user, version=privacy.NOTICE_VERSION).exists()
        request.session[privacy.SESSION_KEY] = privacy.NOTICE_VERSION if seen else ""


def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(Action.LOGOUT, actor=user, org=_org_of(user), request=request)


def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    # the name typed (never the password: Django has already replaced it in ``credentials``)
    record(Action.LOGIN_FAILED, actor_name=str(credentials.get("username", ""))[:150], request=request)


def connect() -> None:
    role_granted.connect(_role_granted, sender=RoleGrant, dispatch_uid="accounts-role-granted")
    user_logged_in.connect(_logged_in, dispatch_uid="audit_login")
    user_logged_out.connect(_logged_out, dispatch_uid="audit_logout")
    user_login_failed.connect(_login_failed, dispatch_uid="audit_login_failed")
