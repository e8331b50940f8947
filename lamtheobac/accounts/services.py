"""Putting a unit's people on the system: accounts opened in one step with one-time sign-in codes, a code
re-issued for a lost slip, people marked "nhập hộ". The people come already cleared by ``access.py``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from lamtheobac.audit import services as audit
from lamtheobac.lib import text
from lamtheobac.organisation import signals
from lamtheobac.organisation.models import Account, Person, Role, RoleGrant

from . import codes
from .models import SignInCode

USERNAME_FALLBACK = "canhan"


@dataclass
class Slip:
    """What one sign-in slip prints; ``code`` exists only in memory, for the page that prints it."""

    person: Person
    username: str
    code: str
    expires_at: object

    @property
    def code_shown(self) -> str:
        return codes.shown(self.code)


def username_base(full_name: str) -> str:
    """The name folded (no diacritics, đ → d), lower-case letters and digits only: "Nguyễn Văn An" →
    "nguyenvanan"."""
    base = re.sub(r"[^a-z0-9]", "", text.fold(full_name))
    return base[:140] or USERNAME_FALLBACK


def username_for(full_name: str, taken: set[str]) -> str:
    """A user name not in ``taken`` (lower-case names): the folded name, then with 2, 3… appended."""
    base = username_base(full_name)
    if base not in taken:
        return base
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


def _taken_like(bases: set[str]) -> set[str]:
    """The existing user names (lower-cased) that start with any of ``bases``."""
    taken: set[str] = set()
    for base in bases:
        taken.update(
            u.lower()
            for u in User.objects.filter(username__istartswith=base).values_list("username", flat=True)
        )
    return taken


def _issue(*, user: User, actor: User | None) -> tuple[str, SignInCode]:
    """A new code for ``user``; any earlier code not yet used is replaced (a lost slip stops working)."""
    now = timezone.now()
    SignInCode.objects.filter(user=user, used_at__isnull=True, replaced_at__isnull=True).update(
        replaced_at=now
    )
    code = codes.new_code()
    row = SignInCode.objects.create(
        user=user,
        digest=codes.digest(user.pk, code),
        created_at=now,
        expires_at=codes.expiry(),
        issued_by=actor,
    )
    return code, row


@transaction.atomic
def accounts_open(*, actor: User | None, people: Iterable[Person]) -> list[Slip]:
    """Open a login holding the member role at their home org for each of ``people`` who has none and is not
    "nhập hộ", with a user name made from their name and a one-time code to set their own password; one
    audit entry per unit. Returns the slips to print (the only time the codes exist in clear)."""
    wanted = [p for p in people if p.user_id is None and not p.assisted and p.active]
    # read again under a row lock: of two officers ticking the same person at once, the second skips them
    free = set(
        Person.objects.select_for_update()
        .filter(pk__in=[p.pk for p in wanted], user__isnull=True, assisted=False, active=True)
        .values_list("pk", flat=True)
    )
    chosen = [p for p in wanted if p.pk in free]
    taken = _taken_like({username_base(p.full_name) for p in chosen})
    slips: list[Slip] = []
    grants: list[RoleGrant] = []
    for person in chosen:
        username = username_for(person.full_name, taken)
        taken.add(username)
        user = User(username=username, first_name=person.full_name[:150], email=person.email)
        user.set_unusable_password()  # no password until its owner sets one after signing in with the code
        user.save()
        Account.objects.create(user=user, must_change_password=True)
        person.user = user
        person.save(update_fields=["user", "updated_at"])
        grants.append(RoleGrant(user=user, org_id=person.org_id, role=Role.MEMBER, granted_by=actor))
        code, row = _issue(user=user, actor=actor)
        slips.append(Slip(person=person, username=username, code=code, expires_at=row.expires_at))
    for grant in RoleGrant.objects.bulk_create(grants):
        signals.role_granted.send(sender=RoleGrant, grant=grant)
    by_org: dict[int, list[Slip]] = {}
    for slip in slips:
        by_org.setdefault(slip.person.org_id, []).append(slip)
    for group in by_org.values():
        org = group[0].person.org
        audit.record(
            audit.Action.ACCOUNTS_OPENED,
            actor=actor,
            org=org,
            target=f"{len(group)} tài khoản: " + ", ".join(s.username for s in group),
            detail={"usernames": [s.username for s in group]},
        )
    return slips


@transaction.atomic
def code_reissue(*, actor: User | None, person: Person) -> Slip:
    """A new one-time code for ``person``'s account (cleared by ``access.access_person_for_code``): the
    earlier one stops working, the next sign-in with it leads to setting a new password. Logged."""
    user = person.user
    assert user is not None  # access_person_for_code clears only a person with an account
    code, row = _issue(user=user, actor=actor)
    Account.objects.update_or_create(user=user, defaults={"must_change_password": True})
    audit.record(
        audit.Action.CODE_REISSUED,
        actor=actor,
        org=person.org,
        target=f"{user.get_username()} ({person.full_name})",
    )
    return Slip(person=person, username=user.get_username(), code=code, expires_at=row.expires_at)


@transaction.atomic
def people_set_assisted(*, actor: User | None, people: Iterable[Person], assisted: bool) -> int:
    """Mark ``people`` as "nhập hộ" (their records entered by their cell's leader) or not; logged per unit.
    Returns how many changed."""
    changed = [p for p in people if p.assisted != assisted]
    Person.objects.filter(pk__in=[p.pk for p in changed]).update(assisted=assisted, updated_at=timezone.now())
    by_org: dict[int, list[Person]] = {}
    for person in changed:
        by_org.setdefault(person.org_id, []).append(person)
    for group in by_org.values():
        words = "Nhập hộ" if assisted else "Bỏ nhập hộ"
        audit.record(
            audit.Action.ASSISTED_CHANGED,
            actor=actor,
            org=group[0].org,
            target=f"{words}: " + ", ".join(p.full_name for p in group),
        )
    return len(changed)
