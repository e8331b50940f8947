"""Writes to the org tree: create, rename, move with the subtree, end, reactivate, merge.

Every function is atomic, validates with ``full_clean()``, writes the history row and raises
``ValidationError`` with a Vietnamese message. None of them decides permissions: callers pass objects
already cleared by ``access.py``.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheobac.lib import text

from .. import signals, timeline
from ..models import (
    SEGMENT,
    Lineage,
    LineageKind,
    Org,
    OrgEvent,
    OrgEventKind,
    OrgKind,
    Person,
    PersonMove,
    Reorganisation,
    RoleGrant,
    segment,
    subtree_q,
)
from .people import _grant_words, grant_revoke, people_moved
from .timeline import sync_subtree, sync_subtrees

ERR_EMPTY_NAME = _("Tên không được để trống.")
ERR_EMPTY_CODE = _("Mã không được để trống.")
ERR_DUPLICATE_CODE = _("Mã “%(code)s” đã được dùng cho tổ chức khác.")
ERR_UNKNOWN_KIND = _("Loại tổ chức “%(kind)s” không có trong danh mục.")
ERR_MOVE_INTO_ITSELF = _("Không thể chuyển một tổ chức vào chính nó hoặc vào tổ chức cấp dưới của nó.")
ERR_PARENT_INACTIVE = _("Tổ chức cấp trên “%(name)s” đã ngừng hoạt động.")
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
ERR_FUTURE = _("Ngày hiệu lực %(date)s chưa đến; chỉ ghi thay đổi đã có hiệu lực.")
ERR_BEFORE_START = _("“%(name)s” thành lập ngày %(date)s; ngày hiệu lực không được sớm hơn.")
ERR_BEFORE_PARENT = _(
    "Tổ chức cấp trên “%(name)s” thành lập ngày %(date)s; ngày thành lập không được sớm hơn."
)


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


def _fmt(d: datetime.date) -> str:
    return d.strftime("%d/%m/%Y")


def _event(org: Org, kind: str, actor: User | None, **detail) -> None:
    OrgEvent.objects.create(org=org, kind=kind, actor=actor, detail=detail)


def _on(on: datetime.date | None) -> datetime.date:
    return on or timeline.today()


def _link(
    change: str, on: datetime.date, *, before: Org | None, after: Org | None, batch=None, **detail
) -> None:
    Lineage.objects.create(
        kind=change, predecessor=before, successor=after, effective_on=on, reorganisation=batch, detail=detail
    )


@transaction.atomic
def org_create(
    *,
    actor: User | None,
    parent: Org | None,
    kind: str,
    name: str,
    code: str,
    sort_order: int = 0,
    began_on: datetime.date | None = None,
    batch: Reorganisation | None = None,
) -> Org:
    """Add an org under ``parent`` (or a new root), existing from ``began_on`` (None: an org that existed
    before the records began, as when a tree is first entered). Refuses an unknown kind, empty name, taken
    code, an ended parent."""
    if not text.clean(name):
        raise ValidationError({"name": ERR_EMPTY_NAME})
    _check_kind(kind)
    _check_code_free(code)
    if parent is not None and not parent.active:
        raise ValidationError({"parent": ERR_PARENT_INACTIVE % {"name": parent.name}})
    if parent is not None and began_on is not None and parent.began_on and began_on < parent.began_on:
        raise ValidationError(
            {"began_on": ERR_BEFORE_PARENT % {"name": parent.name, "date": _fmt(parent.began_on)}}
        )
    org = Org(
        parent=parent, kind=kind, name=name, code=code, sort_order=sort_order, path="-", began_on=began_on
    )
    org.full_clean(exclude=["path"])
    org.save()
    org.path = (parent.path if parent else "") + segment(org.pk)
    org.depth = len(org.path) // len(segment(0)) - 1
    org.save(update_fields=["path", "depth"])
    _event(org, OrgEventKind.CREATED, actor, parent=parent.name if parent else None)
    if began_on is not None:
        _link(
            LineageKind.CREATE,
            began_on,
            before=None,
            after=org,
            batch=batch,
            parent=parent.pk if parent else None,
        )
    return org


@transaction.atomic
def org_update(
    *,
    actor: User | None,
    org: Org,
    name: str,
    code: str,
    kind: str,
    sort_order: int,
    on: datetime.date | None = None,
    batch: Reorganisation | None = None,
) -> Org:
    """Rename, re-code or re-kind an org from ``on`` (default today): its earlier name and kind stay its
    own for earlier dates (``OrgSpan``), and in its history."""
    if not text.clean(name):
        raise ValidationError({"name": ERR_EMPTY_NAME})
    _check_kind(kind)
    _check_code_free(code, exclude_pk=org.pk)
    on = _on(on)
    old = {"name": org.name, "code": org.code, "kind": org.kind, "sort_order": org.sort_order}
    with signals.reshaping(org, on.year) if kind != org.kind else contextlib.nullcontext():
        org.name, org.code, org.kind, org.sort_order = name, code, kind, sort_order
        org.full_clean()
        org.effective_on = on  # type: ignore[attr-defined]  # no column: read by the receivers on save
        org.save()
    new = {"name": org.name, "code": org.code, "kind": org.kind, "sort_order": org.sort_order}
    changed = {k: [old[k], new[k]] for k in old if old[k] != new[k]}
    if changed:
        _event(org, OrgEventKind.UPDATED, actor, changed=changed, effective_on=on.isoformat())
    if "name" in changed or "kind" in changed:
        _link(LineageKind.RENAME, on, before=org, after=org, batch=batch, **changed)
    return org


def _rehome_subtree(org: Org, new_parent: Org, on: datetime.date) -> None:
    """Rewrite the paths of ``org`` and all its descendants for a new parent (one UPDATE) and give the
    active ones a new span from ``on``; the maintained counts leave the old ancestors and join the new
    ones (``signals.reshaping``)."""
    with signals.reshaping(org, on.year):
        old_path = org.path
        new_path = new_parent.path + segment(org.pk)
        depth_shift = (len(new_path) - len(old_path)) // len(segment(0))
        Org.objects.filter(subtree_q(old_path)).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1, Length("path"))),
            depth=F("depth") + depth_shift,
        )
        org.parent = new_parent
        org.path = new_path
        org.effective_on = on  # type: ignore[attr-defined]  # no column: read by the receivers on save
        org.save(update_fields=["parent", "path", "updated_at"])
        sync_subtree(new_path, on)


def _move_children(source: Org, target: Org, on: datetime.date, actor: User | None, batch) -> None:
    """``org_move`` for every active child of ``source`` at once (a merge moves tens of cells): their subtrees'
    paths rewritten by one UPDATE (they share the prefix ``source.path``, which becomes ``target.path``), the
    spans of all of them written together, the events and lineage links in one insert each — a few statements
    per merge instead of a few per org, and no save per org."""
    children = list(source.children.filter(active=True).select_for_update().order_by("path"))
    if not children:
        return
    for child in children:
        _check_date(child, on)
    with signals.reshaping(children, on.year):
        moved = reduce(or_, [subtree_q(child.path) for child in children])
        Org.objects.filter(moved).update(
            path=Concat(Value(target.path), Substr("path", len(source.path) + 1, Length("path"))),
            depth=F("depth") + (len(target.path) - len(source.path)) // SEGMENT,
        )
        Org.objects.filter(pk__in=[c.pk for c in children]).update(parent=target, updated_at=timezone.now())
        sync_subtrees([target.path + segment(child.pk) for child in children], on)
    written = [child_moved(child, source, target, on, actor, batch) for child in children]
    OrgEvent.objects.bulk_create([event for event, _link in written])
    Lineage.objects.bulk_create([link for _event, link in written])


def child_moved(
    child: Org, source: Org, target: Org, on: datetime.date, actor: User | None, batch
) -> tuple[OrgEvent, Lineage]:
    """The event and the lineage link of ``child`` moved from under ``source`` to under ``target`` on ``on``
    (unsaved: the caller writes them in bulk)."""
    event = OrgEvent(
        org=child,
        kind=OrgEventKind.MOVED,
        actor=actor,
        detail={
            "from_id": source.pk,
            "from_name": source.name,
            "to_id": target.pk,
            "to_name": target.name,
            "effective_on": on.isoformat(),
        },
    )
    link = Lineage(
        kind=LineageKind.MOVE,
        predecessor=child,
        successor=child,
        effective_on=on,
        reorganisation=batch,
        detail={"from_parent": source.pk, "to_parent": target.pk},
    )
    return event, link


def _check_date(org: Org, on: datetime.date) -> None:
    """A change of ``org`` on ``on``: not before it began, not in the future."""
    if on > timeline.today():
        raise ValidationError(ERR_FUTURE % {"date": _fmt(on)})
    if org.began_on is not None and on < org.began_on:
        raise ValidationError(ERR_BEFORE_START % {"name": org.name, "date": _fmt(org.began_on)})


@transaction.atomic
def org_move(
    *,
    actor: User | None,
    org: Org,
    new_parent: Org,
    on: datetime.date | None = None,
    batch: Reorganisation | None = None,
    split: bool = False,
) -> Org:
    """Move an org with its whole subtree under ``new_parent`` from ``on`` (default today); its earlier
    place stays its own for earlier years. Refuses a move into its own subtree or under an ended org. With
    ``split``, the move is part of splitting its old parent: the lineage says the old parent's part went to
    the new one."""
    on = _on(on)
    org = Org.objects.select_for_update().get(pk=org.pk)
    new_parent = Org.objects.get(pk=new_parent.pk)
    if new_parent.path.startswith(org.path):
        raise ValidationError({"parent": ERR_MOVE_INTO_ITSELF})
    if not new_parent.active:
        raise ValidationError({"parent": ERR_PARENT_INACTIVE % {"name": new_parent.name}})
    if not org.active:
        raise ValidationError(ERR_ALREADY_INACTIVE)
    _check_date(org, on)
    if org.parent_id == new_parent.pk:
        return org
    old_parent = org.parent
    _rehome_subtree(org, new_parent, on)
    _event(
        org,
        OrgEventKind.MOVED,
        actor,
        from_id=old_parent.pk if old_parent else None,
        from_name=old_parent.name if old_parent else None,
        to_id=new_parent.pk,
        to_name=new_parent.name,
        effective_on=on.isoformat(),
    )
    if split and old_parent is not None:
        _link(LineageKind.SPLIT, on, before=old_parent, after=new_parent, batch=batch, moved=org.pk)
    else:
        _link(
            LineageKind.MOVE,
            on,
            before=org,
            after=org,
            batch=batch,
            from_parent=old_parent.pk if old_parent else None,
            to_parent=new_parent.pk,
        )
    return org


def _end_grants(org: Org, actor: User | None) -> list[str]:
    """Role grants at an org that ended end with it (each logged); the words for each."""
    ended = []
    for grant in list(RoleGrant.objects.filter(org=org).select_related("user", "org")):
        ended.append(_grant_words(grant))
        grant_revoke(actor=actor, grant=grant)
    return ended


@transaction.atomic
def org_end(
    *,
    actor: User | None,
    org: Org,
    on: datetime.date | None = None,
    successor: Org | None = None,
    batch: Reorganisation | None = None,
) -> Org:
    """End an org from ``on`` (default today: its last day is the day before). It keeps its history and its
    past; it must first have no active children or people. With ``successor`` (a merge), its past is carried
    into the successor: it stays in today's tree under it, so the successor reaches its years."""
    on = _on(on)
    list(Org.objects.select_for_update().filter(pk=org.pk).values_list("pk"))
    org.refresh_from_db()  # the caller's object: it sees the org ended
    if not org.active:
        raise ValidationError(ERR_ALREADY_INACTIVE)
    _check_date(org, on)
    children = org.children.filter(active=True).count()
    if children:
        raise ValidationError(ERR_ROOT_HAS_ACTIVE_CHILDREN % {"count": children})
    people = org.people.filter(active=True).count()
    if people:
        raise ValidationError(ERR_HAS_ACTIVE_PEOPLE % {"count": people})
    if successor is not None:
        successor = Org.objects.get(pk=successor.pk)
        if not successor.active:
            raise ValidationError(ERR_MERGE_INACTIVE % {"name": successor.name})
        if successor.path.startswith(org.path):
            raise ValidationError(ERR_MERGE_NESTED)
    with signals.reshaping(org, on.year):
        org.active = False
        org.ended_on = on - timeline.ONE_DAY
        org.merged_into = successor
        org.save(update_fields=["active", "ended_on", "merged_into", "updated_at"])
        if successor is not None and org.parent_id != successor.pk:
            old_path, new_path = org.path, successor.path + segment(org.pk)
            shift = (len(new_path) - len(old_path)) // len(segment(0))
            Org.objects.filter(subtree_q(old_path)).update(
                path=Concat(Value(new_path), Substr("path", len(old_path) + 1, Length("path"))),
                depth=F("depth") + shift,
            )
            Org.objects.filter(pk=org.pk).update(parent=successor)
            org.refresh_from_db()
    _end_grants(org, actor)
    if successor is None:
        _event(org, OrgEventKind.DEACTIVATED, actor, effective_on=on.isoformat())
        _link(LineageKind.END, on, before=org, after=None, batch=batch)
    else:
        _event(
            org,
            OrgEventKind.MERGED,
            actor,
            into_id=successor.pk,
            into_name=successor.name,
            effective_on=on.isoformat(),
        )
        _link(LineageKind.MERGE, on, before=org, after=successor, batch=batch)
    return org


def org_deactivate(*, actor: User | None, org: Org) -> Org:
    """Stop an org from today (``org_end``)."""
    return org_end(actor=actor, org=org)


@transaction.atomic
def org_reactivate(*, actor: User | None, org: Org) -> Org:
    """Bring a stopped org back from today; its parent must be active. Its ended stretch stays in its
    history."""
    if org.active:
        raise ValidationError(ERR_ALREADY_ACTIVE)
    if org.parent is not None and not org.parent.active:
        raise ValidationError(ERR_PARENT_INACTIVE % {"name": org.parent.name})
    on = timeline.today()
    with signals.reshaping(org, on.year):
        org.active = True
        org.ended_on = None
        org.merged_into = None
        org.effective_on = on  # type: ignore[attr-defined]  # no column: read by the receivers on save
        org.save(update_fields=["active", "ended_on", "merged_into", "updated_at"])
    _event(org, OrgEventKind.REACTIVATED, actor)
    return org


def _move_people(source: Org, target: Org, on: datetime.date, actor: User | None) -> list[int]:
    """Move ``source``'s active people to ``target`` from ``on`` (the apps above move what they hold for
    them: ``signals.people_merged``); returns their ids."""
    moved = []
    reason = str(_("Hợp nhất vào %(name)s")) % {"name": target.name}
    for person in source.people.filter(active=True):
        PersonMove.objects.create(
            person=person, from_org=source, to_org=target, moved_by=actor, reason=reason
        )
        person.org = target
        person.effective_on = on  # type: ignore[attr-defined]  # no column: read by the receivers on save
        person.save(update_fields=["org", "updated_at"])
        moved.append(person.pk)
    signals.people_merged.send(sender=Person, person_ids=moved, source=source, target=target, on=on)
    return moved


@transaction.atomic
def org_merge(
    *,
    actor: User | None,
    sources: Iterable[Org],
    target: Org,
    on: datetime.date | None = None,
    batch: Reorganisation | None = None,
) -> Org:
    """Merge ``sources`` into ``target`` from ``on`` (default today), as in the 2025 commune mergers.

    Their active children, active people and those people's records of the still-open years from ``on``
    move to the target; each source ends the day before ``on`` and its past is carried into the target (it
    stays, ended, under the target in today's tree, so its years still count where they were and are shown
    in the target's figures "carried in")."""
    on = _on(on)
    sources = [Org.objects.select_for_update().get(pk=s.pk) for s in sources]
    target = Org.objects.get(pk=target.pk)
    if not sources:
        raise ValidationError(ERR_MERGE_TOO_FEW)
    if any(s.pk == target.pk for s in sources):
        raise ValidationError(ERR_MERGE_TARGET_IN_SOURCES)
    for s in [*sources, target]:
        if not s.active:
            raise ValidationError(ERR_MERGE_INACTIVE % {"name": s.name})
    for s in sources:
        if target.path.startswith(s.path) or s.path.startswith(target.path):
            raise ValidationError(ERR_MERGE_NESTED)
        _check_date(s, on)
    with signals.batch():
        for s in sources:
            _move_children(s, target, on, actor, batch)
            held = _move_people(s, target, on, actor)
            if held:  # nobody moved: nothing of theirs to recount (the end below reshapes the rest)
                people_moved(held, [s.pk, target.pk])
            org_end(actor=actor, org=s, on=on, successor=target, batch=batch)
    _event(
        target,
        OrgEventKind.MERGED,
        actor,
        sources=[[s.pk, s.name] for s in sources],
        effective_on=on.isoformat(),
    )
    return target
