"""Keeping the tree's time in step: the spans of orgs and the memberships of people (``timeline``).

Every save of an org or a person keeps these rows in step (``receivers`` call ``sync_spans`` /
``sync_memberships``); writes behind ``save()`` (bulk inserts and updates) call ``sync_spans`` /
``sync_people`` themselves. A change takes effect on ``on`` (default: today); one dated before the start of
the state it changes is refused, so history is only ever appended to, never rewritten.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models import OPEN_YEAR, SEGMENT, Membership, Org, OrgSpan, Person, subtree_bounds
from ..selectors import missing
from ..timeline import ONE_DAY, today, years

ERR_BEFORE_CURRENT = _(
    "“%(name)s” đã có thay đổi từ ngày %(since)s; không thể ghi một thay đổi có hiệu lực sớm hơn (%(on)s)."
)


def _fmt(d: datetime.date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else "—"


def _state(org: Org) -> tuple:
    return (org.parent_id, org.path, org.name, org.kind)


def _span_state(span: OrgSpan) -> tuple:
    return (span.parent_id, span.path, span.name, span.kind)


def _close(row, on: datetime.date, name: str, *, save: bool = True) -> bool:
    """End ``row`` (a span or membership) the day before ``on``. False when it began on ``on`` (the caller
    replaces it in place); refused when it began after ``on``. ``save`` False: the caller saves it (with
    others, in one statement)."""
    if row.valid_from is not None and on < row.valid_from:
        raise ValidationError(
            ERR_BEFORE_CURRENT % {"name": name, "since": _fmt(row.valid_from), "on": _fmt(on)}
        )
    if row.valid_from == on:
        return False
    row.valid_to = on
    row.first_year, row.last_year = years(row.valid_from, on)
    if save:
        row.save(update_fields=CLOSED_FIELDS)
    return True


CLOSED_FIELDS = ["valid_to", "first_year", "last_year"]


def _span_of(org: Org, start: datetime.date | None, end: datetime.date | None) -> OrgSpan:
    """A span saying what ``org`` says now, from ``start`` until the day before ``end``."""
    first, last = years(start, end)
    return OrgSpan(
        org_id=org.pk,
        parent_id=org.parent_id,
        path=org.path,
        depth=len(org.path) // SEGMENT - 1,
        name=org.name,
        kind=org.kind,
        valid_from=start,
        valid_to=end,
        first_year=first,
        last_year=last,
    )


def sync_spans(orgs: Iterable[Org], on: datetime.date | None = None) -> None:
    """Make the current span of each of ``orgs`` say what the org says now, from ``on``: a new span when its
    parent, path, name or kind changed, the span closed when the org ended."""
    orgs = [o for o in orgs if o.path and o.path != "-"]
    if not orgs:
        return
    current: dict[int, OrgSpan] = {}
    had: set[int] = set()
    for row in OrgSpan.objects.filter(org_id__in=[o.pk for o in orgs]):  # an org has a few spans at most
        had.add(row.org_id)
        if row.valid_to is None:
            current[row.org_id] = row
    new: list[OrgSpan] = []
    closed: list[OrgSpan] = []
    replaced: list[int] = []  # spans begun on the very day: replaced in place
    since: dict[datetime.date | None, list[int]] = defaultdict(list)
    for org in orgs:
        span = current.get(org.pk)
        if org.ended_on is not None:
            if span is not None:
                if _close(span, org.ended_on + ONE_DAY, org.name, save=False):
                    closed.append(span)
                else:
                    replaced.append(span.pk)
            elif org.pk not in had:  # entered already ended: its one span, closed
                new.append(_span_of(org, org.began_on, org.ended_on + ONE_DAY))
            continue
        if span is not None and _span_state(span) == _state(org):
            continue
        when = on or today()
        if span is None:
            start = org.began_on if org.pk not in had else when
        elif _close(span, when, org.name, save=False):
            closed.append(span)
            start = when
        else:  # the state began today: corrected in place
            start = span.valid_from
            replaced.append(span.pk)
        new.append(_span_of(org, start, None))
        since[start].append(org.pk)
        org.since = start
    # a subtree moved at once writes its spans in a few statements, not a few per org
    OrgSpan.objects.filter(pk__in=replaced).delete()
    _save_closed(closed)
    OrgSpan.objects.bulk_create(new, batch_size=2000)
    for start, pks in since.items():
        Org.objects.filter(pk__in=pks).update(since=start)


def _save_closed(spans: list[OrgSpan]) -> None:
    """Write the closed ``spans``: one UPDATE per end date and years (a subtree closed on one day shares
    them), not a CASE per span and column (``bulk_update`` cost more to build than to run)."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for span in spans:
        groups[(span.valid_to, span.first_year, span.last_year)].append(span.pk)
    for (valid_to, first, last), pks in groups.items():
        for start in range(0, len(pks), 2000):
            OrgSpan.objects.filter(pk__in=pks[start : start + 2000]).update(
                valid_to=valid_to, first_year=first, last_year=last
            )


def sync_subtree(path: str, on: datetime.date | None = None) -> None:
    """After a subtree's paths were rewritten behind ``save()``: every org under ``path``."""
    sync_subtrees([path], on)


def sync_subtrees(paths: list[str], on: datetime.date | None = None) -> None:
    """``sync_subtree`` for several subtrees at once (a merge moving all the cells of a commune)."""
    where = Q()
    for path in paths:
        low, high = subtree_bounds(path)
        where |= Q(path__gte=low, path__lt=high)
    orgs = list(Org.objects.filter(where).order_by("pk"))
    for start in range(0, len(orgs), 2000):
        sync_spans(orgs[start : start + 2000], on)


def _person_state(person) -> tuple:
    return (person.org_id, person.kind)


def sync_memberships(
    people: Iterable[Person], on: datetime.date | None = None, *, joined: datetime.date | None = None
) -> None:
    """Make each person's current membership say what the person says now (org, kind, still active), from
    ``on``. A person without any membership gets one from ``joined`` (None: from the start)."""
    people = list(people)
    if not people:
        return
    ids = [p.pk for p in people]
    current = {m.person_id: m for m in Membership.objects.filter(person_id__in=ids, valid_to__isnull=True)}
    had = set(Membership.objects.filter(person_id__in=ids).values_list("person_id", flat=True))
    new: list[Membership] = []
    when = on or today()
    for person in people:
        row = current.get(person.pk)
        if not person.active:
            if row is not None and not _close(row, when, person.full_name):
                row.delete()
            continue
        if row is not None and (row.org_id, row.kind) == _person_state(person):
            continue
        if row is None:
            start = joined if person.pk not in had else when
        elif _close(row, when, person.full_name):
            start = when
        else:
            start = row.valid_from
            row.delete()
        first, last = years(start, None)
        new.append(
            Membership(
                person_id=person.pk,
                org_id=person.org_id,
                kind=person.kind,
                valid_from=start,
                first_year=first,
                last_year=last,
            )
        )
    Membership.objects.bulk_create(new, batch_size=2000)


def sync_people(person_ids: Iterable[int], on: datetime.date | None = None, *, joined=None) -> None:
    """``sync_memberships`` for people written behind ``save()``, by id."""
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), 2000):
        chunk = Person.objects.filter(pk__in=ids[start : start + 2000]).only(
            "pk", "org_id", "kind", "active", "full_name"
        )
        sync_memberships(list(chunk), on, joined=joined)


def open_missing() -> tuple[int, int]:
    """Give every org and person without any span or membership one from the start (bulk writers such as
    the demo call this once at their end). The numbers created.

    Who lacks one is read first, then written by chunks of ids (INSERT … SELECT … WHERE id IN chunk): an
    INSERT … SELECT … WHERE NOT EXISTS over the very table it fills, planned as a loop, reads every row it
    has just written again for each person — on PostgreSQL a province of 300.000 people took hours."""
    n_orgs, n_people = missing()
    ended = list(Org.objects.filter(spans__isnull=True, ended_on__isnull=False))
    sync_spans(ended)  # few: their one span closes on their last day
    q = connection.ops.quote_name
    span, org = q(OrgSpan._meta.db_table), q(Org._meta.db_table)
    member, person = q(Membership._meta.db_table), q(Person._meta.db_table)
    orgs = Org.objects.filter(spans__isnull=True, ended_on__isnull=True).values_list("id", flat=True)
    _insert_by_ids(
        f"INSERT INTO {span} (org_id, parent_id, path, depth, name, kind, valid_from, valid_to, first_year,"  # noqa: S608 (names from the models)
        f" last_year) SELECT o.id, o.parent_id, o.path, o.depth, o.name, o.kind, o.began_on, NULL, 0, %s"
        f" FROM {org} o WHERE o.id IN ",
        list(orgs),
    )
    # an org begun on a known date: its span counts from the year of that date
    begun = OrgSpan.objects.filter(first_year=0, valid_from__isnull=False)
    for year in sorted(set(begun.values_list("valid_from__year", flat=True))):
        begun.filter(valid_from__year=year).update(first_year=year)
    Org.objects.filter(since__isnull=True, began_on__isnull=False).update(since=models.F("began_on"))
    people = Person.objects.filter(active=True, memberships__isnull=True).values_list("id", flat=True)
    _insert_by_ids(
        f"INSERT INTO {member} (person_id, org_id, kind, valid_from, valid_to, first_year, last_year)"  # noqa: S608 (as above)
        f" SELECT p.id, p.org_id, p.kind, NULL, NULL, 0, %s FROM {person} p WHERE p.id IN ",
        list(people),
    )
    return n_orgs, n_people


def _insert_by_ids(sql: str, ids: list[int], size: int = 5000) -> None:
    """Run ``sql`` (ending in ``IN ``, its one parameter the open year) for ``ids``, ``size`` at a time."""
    with connection.cursor() as cursor:
        for start in range(0, len(ids), size):
            chunk = ids[start : start + size]
            cursor.execute(sql + "(" + ", ".join(["%s"] * len(chunk)) + ")", [OPEN_YEAR, *chunk])
