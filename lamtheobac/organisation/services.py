"""Writes to the org tree, people and role grants.

Every function is atomic, validates with ``full_clean()``, writes the history row and raises
``ValidationError`` with a Vietnamese message. None of them decides permissions: callers pass objects
already cleared by ``access.py``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils.translation import gettext_lazy as _

from lamtheobac.audit import services as audit
from lamtheobac.lib import text

from . import signals
from .models import (
    Account,
    Org,
    OrgEvent,
    OrgEventKind,
    OrgKind,
    Person,
    PersonMove,
    Role,
    RoleGrant,
    segment,
    subtree_q,
)

ERR_EMPTY_NAME = _("Tên không được để trống.")
ERR_EMPTY_CODE = _("Mã không được để trống.")
ERR_DUPLICATE_CODE = _("Mã “%(code)s” đã được dùng cho tổ chức khác.")
ERR_UNKNOWN_KIND = _("Loại tổ chức “%(kind)s” không có trong danh mục.")
ERR_MOVE_INTO_ITSELF = _("Không thể chuyển một tổ chức vào chính nó hoặc vào tổ chức cấp dưới của nó.")
ERR_PARENT_INACTIVE = _("Tổ chức cấp trên “%(name)s” đã ngừng hoạt động.")
ERR_ORG_INACTIVE = _("Tổ chức “%(name)s” đã ngừng hoạt động, không thể chuyển người vào.")
ERR_SAME_ORG = _("Cá nhân đã sinh hoạt tại tổ chức này.")
ERR_ALREADY_INACTIVE = _("Tổ chức đã ngừng hoạt động từ trước.")
ERR_ALREADY_ACTIVE = _("Tổ chức đang hoạt động.")
ERR_ROOT_HAS_ACTIVE_CHILDREN = _(
    "Tổ chức còn %(count)s tổ chức trực thuộc đang hoạt động; hãy chuyển hoặc ngừng hoạt động các tổ chức đó trước."
)
ERR_HAS_ACTIVE_PEOPLE = _(
    "Tổ chức còn %(count)s người đang sinh hoạt; hãy chuyển họ sang tổ chức khác trước."
)
ERR_MERGE_TOO_FEW = _("Cần chọn ít nhất hai tổ chức để hợp nhất.")
ERR_MERGE_TARGET_IN_SOURCES = _("Tổ chức nhận hợp nhất không được nằm trong số các tổ chức bị hợp nhất.")
ERR_MERGE_NESTED = _("Không thể hợp nhất một tổ chức với tổ chức cấp dưới của chính nó.")
ERR_MERGE_INACTIVE = _("Tổ chức “%(name)s” đã ngừng hoạt động, không thể hợp nhất.")
ERR_GRANT_EXISTS = _("Tài khoản này đã có vai trò đó tại tổ chức này.")
ERR_USERNAME_TAKEN = _("Tên đăng nhập “%(username)s” đã có người dùng.")
ERR_PERSON_HAS_ACCOUNT = _("Cá nhân này đã có tài khoản.")


def _check_kind(kind: str) -> None:
    if kind not in OrgKind.values:
        raise ValidationError({"kind": ERR_UNKNOWN_KIND % {"kind": kind}})


def _check_code_free(code: str, *, exclude_pk: int | None = None) -> None:
    code = text.clean(code)
    if not code:
        raise ValidationError({"code": ERR_EMPTY_CODE})
    clash = Org.objects.filter(code__iexact=code)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"code": ERR_DUPLICATE_CODE % {"code": code}})


def _event(org: Org, kind: str, actor: User | None, **detail) -> None:
    OrgEvent.objects.create(org=org, kind=kind, actor=actor, detail=detail)


@transaction.atomic
def org_create(
    *, actor: User | None, parent: Org | None, kind: str, name: str, code: str, sort_order: int = 0
) -> Org:
    """Add an org under ``parent`` (or a new root). Refuses an unknown kind, empty name, taken code."""
    if not text.clean(name):
        raise ValidationError({"name": ERR_EMPTY_NAME})
    _check_kind(kind)
    _check_code_free(code)
    if parent is not None and not parent.active:
        raise ValidationError({"parent": ERR_PARENT_INACTIVE % {"name": parent.name}})
    org = Org(parent=parent, kind=kind, name=name, code=code, sort_order=sort_order, path="-")
    org.full_clean(exclude=["path"])
    org.save()
    org.path = (parent.path if parent else "") + segment(org.pk)
    org.depth = len(org.path) // len(segment(0)) - 1
    org.save(update_fields=["path", "depth"])
    _event(org, OrgEventKind.CREATED, actor, parent=parent.name if parent else None)
    return org


@transaction.atomic
def org_update(*, actor: User | None, org: Org, name: str, code: str, kind: str, sort_order: int) -> Org:
    """Rename or re-code an org; the old values stay in its history."""
    if not text.clean(name):
        raise ValidationError({"name": ERR_EMPTY_NAME})
    _check_kind(kind)
    _check_code_free(code, exclude_pk=org.pk)
    old = {"name": org.name, "code": org.code, "kind": org.kind, "sort_order": org.sort_order}
    org.name, org.code, org.kind, org.sort_order = name, code, kind, sort_order
    org.full_clean()
    org.save()
    new = {"name": org.name, "code": org.code, "kind": org.kind, "sort_order": org.sort_order}
    changed = {k: [old[k], new[k]] for k in old if old[k] != new[k]}
    if changed:
        _event(org, OrgEventKind.UPDATED, actor, changed=changed)
    return org


def _rehome_subtree(org: Org, new_parent: Org) -> None:
    """Rewrite the paths of ``org`` and all its descendants for a new parent (one UPDATE); the maintained
    counts leave the old ancestors and join the new ones."""
    from lamtheobac.reports import counters

    counters.detach(org)
    old_path = org.path
    new_path = new_parent.path + segment(org.pk)
    depth_shift = (len(new_path) - len(old_path)) // len(segment(0))
    Org.objects.filter(subtree_q(old_path)).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1, Length("path"))),
        depth=F("depth") + depth_shift,
    )
    org.parent = new_parent
    org.save(update_fields=["parent", "updated_at"])
    org.refresh_from_db(fields=["path", "depth"])
    counters.attach(org)


@transaction.atomic
def org_move(*, actor: User | None, org: Org, new_parent: Org) -> Org:
    """Move an org with its whole subtree under ``new_parent``; refuses a move into its own subtree."""
    org = Org.objects.select_for_update().get(pk=org.pk)
    new_parent = Org.objects.get(pk=new_parent.pk)
    if new_parent.path.startswith(org.path):
        raise ValidationError({"parent": ERR_MOVE_INTO_ITSELF})
    if not new_parent.active:
        raise ValidationError({"parent": ERR_PARENT_INACTIVE % {"name": new_parent.name}})
    if org.parent_id == new_parent.pk:
        return org
    old_parent = org.parent
    _rehome_subtree(org, new_parent)
    _event(
        org, OrgEventKind.MOVED, actor,
        from_id=old_parent.pk if old_parent else None, from_name=old_parent.name if old_parent else None,
        to_id=new_parent.pk, to_name=new_parent.name,
    )  # fmt: skip
    return org


@transaction.atomic
def org_deactivate(*, actor: User | None, org: Org) -> Org:
    """Stop an org. It keeps its history; it must first have no active children or people."""
    if not org.active:
        raise ValidationError(ERR_ALREADY_INACTIVE)
    children = org.children.filter(active=True).count()
    if children:
        raise ValidationError(ERR_ROOT_HAS_ACTIVE_CHILDREN % {"count": children})
    people = org.people.filter(active=True).count()
    if people:
        raise ValidationError(ERR_HAS_ACTIVE_PEOPLE % {"count": people})
    org.active = False
    org.save(update_fields=["active", "updated_at"])
    _event(org, OrgEventKind.DEACTIVATED, actor)
    return org


@transaction.atomic
def org_reactivate(*, actor: User | None, org: Org) -> Org:
    """Bring a stopped org back; its parent must be active."""
    if org.active:
        raise ValidationError(ERR_ALREADY_ACTIVE)
    if org.parent is not None and not org.parent.active:
        raise ValidationError(ERR_PARENT_INACTIVE % {"name": org.parent.name})
    org.active = True
    org.merged_into = None
    org.save(update_fields=["active", "merged_into", "updated_at"])
    _event(org, OrgEventKind.REACTIVATED, actor)
    return org


@transaction.atomic
def org_merge(*, actor: User | None, sources: Iterable[Org], target: Org) -> Org:
    """Merge ``sources`` into ``target`` (as in the 2025 commune mergers).

    Their children and active people move to the target; the sources stay where they were in the tree,
    inactive, with ``merged_into`` set, so the records they hold still count for the years they had them.
    """
    sources = [Org.objects.select_for_update().get(pk=s.pk) for s in sources]
    target = Org.objects.get(pk=target.pk)
    if len(sources) + 1 < 2 or not sources:
        raise ValidationError(ERR_MERGE_TOO_FEW)
    if any(s.pk == target.pk for s in sources):
        raise ValidationError(ERR_MERGE_TARGET_IN_SOURCES)
    for s in [*sources, target]:
        if not s.active:
            raise ValidationError(ERR_MERGE_INACTIVE % {"name": s.name})
    for s in sources:
        if target.path.startswith(s.path) or s.path.startswith(target.path):
            raise ValidationError(ERR_MERGE_NESTED)
    for s in sources:
        for child in list(s.children.all()):
            child.refresh_from_db()
            _rehome_subtree(child, target)
            _event(child, OrgEventKind.MOVED, actor, from_id=s.pk, from_name=s.name,
                   to_id=target.pk, to_name=target.name, by_merge=True)  # fmt: skip
        for person in s.people.filter(active=True):
            PersonMove.objects.create(
                person=person, from_org=s, to_org=target, moved_by=actor,
                reason=str(_("Hợp nhất vào %(name)s")) % {"name": target.name},
            )  # fmt: skip
        held = list(s.people.filter(active=True).values_list("pk", flat=True))
        s.people.filter(active=True).update(org=target)
        people_moved(held, [s.pk, target.pk])
        s.active = False
        s.merged_into = target
        s.save(update_fields=["active", "merged_into", "updated_at"])
        _event(s, OrgEventKind.MERGED, actor, into_id=target.pk, into_name=target.name)
    _event(target, OrgEventKind.MERGED, actor, sources=[[s.pk, s.name] for s in sources])
    return target


# --- People -----------------------------------------------------------------------------------


def people_moved(person_ids: list[int], org_ids: list[int]) -> None:
    """People changed behind ``save()`` (a bulk update): recount the orgs they left and joined, and
    those holding their records."""
    from lamtheobac.cycle.models import Record
    from lamtheobac.reports import counters

    with counters.batch():
        counters.touch(org_ids)
        for org_id, year in (
            Record.objects.filter(person_id__in=person_ids).values_list("org_id", "year").distinct()
        ):
            counters.touch([org_id], year)


@transaction.atomic
def person_create(*, actor: User | None, org: Org, **fields) -> Person:
    """Add a person to ``org`` (which must be active)."""
    if not org.active:
        raise ValidationError({"org": ERR_ORG_INACTIVE % {"name": org.name}})
    person = Person(org=org, **fields)
    person.full_name = text.title_name(person.full_name)
    person.full_clean()
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
    signals.role_granted.send(sender=RoleGrant, grant=grant)
    if role == Role.ADMIN:
        from lamtheobac.accounts import two_factor

        if not two_factor.is_on(user):  # a new admin signs in again and sets up two-factor sign-in first
            two_factor.end_sessions(user)
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
    Account.objects.create(user=user, must_change_password=True)  # the officer knows it: changed at first sign-in
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    grant_create(actor=actor, user=user, org=person.org, role=Role.MEMBER)
    return user


def account_password_changed(*, user: User) -> None:
    """The user chose their own password: the one set by an officer no longer holds them at the change page."""
    Account.objects.filter(user=user, must_change_password=True).update(must_change_password=False)
