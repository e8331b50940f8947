"""Sign-ins, failed sign-ins and sign-outs go to the audit log."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from lamtheobac.organisation.access import own_person

from .models import Action
from .services import record


def _org_of(user):
    person = own_person(user)
    return person.org if person is not None else None


@receiver(user_logged_in, dispatch_uid="audit_login")
def logged_in(sender, request, user, **kwargs) -> None:
    record(Action.LOGIN, actor=user, org=_org_of(user), request=request)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(Action.LOGOUT, actor=user, org=_org_of(user), request=request)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def login_failed(sender, credentials, request=None, **kwargs) -> None:
    # the name typed (never the password: Django has already replaced it in ``credentials``)
    record(Action.LOGIN_FAILED, actor_name=str(credentials.get("username", ""))[:150], request=request)
