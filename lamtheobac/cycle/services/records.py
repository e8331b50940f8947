"""Writes of plans and commitments: create, save, the workflow's steps, progress, interim reviews."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheobac.audit import services as audit
from lamtheobac.organisation.models import Org, Person

from .. import registration as reg
from .. import scoring, signals, workflow
from ..models import (
    ACTION_MAX,
    TEXT_MAX,
    Area,
    Breakthrough,
    Programme,
    Rating,
    Record,
    RecordItem,
    RecordKind,
    RecordState,
    Result,
    Revision,
    Scoring,
    Transition,
)
from ..rules import Rules
from ..selectors import check_year_open, rules_for
from ..workflow import Action
from .common import (
    ERR_CHANGED_SINCE_SHOWN,
    ERR_CONFLICT,
    ERR_ITEM_ACTION_EMPTY,
    ERR_ITEM_DEADLINE_YEAR,
    ERR_ITEM_HAS_PROGRESS,
    ERR_ITEM_NOT_HERE,
    ERR_ITEM_TOO_LONG,
    ERR_MOVED_ON,
    ERR_NO_LONGER_WAITING,
    ERR_PLAN_EMPTY,
    ERR_RECORD_EXISTS,
    ERR_RETURN_COMMENT,
    ERR_TOO_FEW_ACTIONS,
    ERR_UNASSESSED,
    ERR_YEAR_NOT_OPEN,
    ConflictError,
    _move,
    plain,
)

# --- Records ----------------------------------------------------------------------------------


def snapshot(record: Record) -> dict:
    """The record's content as plain data, for its revision history."""
    items = []
    for item in record.items.all().prefetch_related("programmes"):
        items.append(
            {
                "action": item.action,
                "target": item.target,
                "timeframe": item.timeframe,
                "deadline": item.deadline.isoformat() if item.deadline else None,
                "responsible": item.responsible,
                "area": item.area,
                "standards": list(item.standards),
                "supervisor": item.supervisor,
                "breakthrough": item.breakthrough.title if item.breakthrough else None,
                "programmes": sorted(p.short_name for p in item.programmes.all()),
                "result": item.result,
                "result_note": item.result_note,
            }
        )
    return {
        "state": record.state,
        "self_comment": record.self_comment,
        "shortcomings": record.shortcomings,
        "remedies": record.remedies,
        "emulation_title": record.emulation_title,
        "items": items,
    }


def _revise(record: Record, actor: User | None, on_behalf: bool) -> Revision:
    return Revision.objects.create(
        record=record, version=record.version, snapshot=snapshot(record), actor=actor, on_behalf=on_behalf
    )


@transaction.atomic
def record_create(
    *,
    actor: User | None,
    kind: str,
    year: int,
    org: Org | None = None,
    person: Person | None = None,
    on_behalf: bool = False,
    from_last_year: bool = False,
) -> Record:
    """Start a draft plan (``org``) or commitment (``person``, at their current org) for ``year``."""
    if kind == RecordKind.COMMITMENT:
        assert person is not None
        org = person.org
        exists = Record.objects.filter(kind=kind, person=person, year=year).exists()
        name = person.full_name
    else:
        assert org is not None
        exists = Record.objects.filter(kind=kind, org=org, year=year).exists()
        name = org.name
    if exists:
        raise ValidationError(ERR_RECORD_EXISTS % {"year": year, "name": name})
    rules = rules_for(org, year)
    if not rules.is_open:
        raise ValidationError(ERR_YEAR_NOT_OPEN % {"year": year, "org": org.name})
    record = Record.objects.create(
        kind=kind, year=year, org=org, person=person, created_by=actor, entered_on_behalf=on_behalf
    )
    Transition.objects.create(record=record, to_state=RecordState.DRAFT, actor=actor, on_behalf=on_behalf)
    if from_last_year:
        previous = Record.objects.filter(kind=kind, year=year - 1)
        previous = previous.filter(person=person) if person else previous.filter(org=org)
        last = previous.first()
        if last is not None:
            for item in last.items.all().prefetch_related("programmes"):
                copy = RecordItem.objects.create(
                    record=record,
                    position=item.position,
                    action=item.action,
                    target=item.target,
                    timeframe=item.timeframe,
                    responsible=item.responsible,
                    area=item.area,
                    standards=item.standards,
                    supervisor=item.supervisor,
                )
                copy.programmes.set(item.programmes.all())
    _revise(record, actor, on_behalf)
    signals.record_changed.send(sender=Record, record=record)
    return record


@dataclass
class ItemInput:
    action: str
    target: str = ""
    timeframe: str = ""
    deadline: datetime.date | None = None
    responsible: str = ""
    area: str = ""
    breakthrough: Breakthrough | None = None
    programmes: Sequence[Programme] = ()
    standards: Sequence[str] = ()  # codes of the five standards of QĐ 144-QĐ/TW (``registration.STANDARDS``)
    supervisor: str = ""
    id: int | None = None  # the item this row edits (as the form or the API read it); None for a new row


def _clean_items(items: Sequence[ItemInput], *, year: int) -> list[ItemInput]:
    """The rows as stored, in order; every refused row is named (a deadline must fall in the record's year)."""
    errors = []
    cleaned = []
    for n, item in enumerate(items, start=1):
        action = plain(item.action)
        if not action:
            errors.append(ERR_ITEM_ACTION_EMPTY % {"n": n})
            continue
        if len(action) > ACTION_MAX:
            errors.append(ERR_ITEM_TOO_LONG % {"n": n, "max": ACTION_MAX})
            continue
        if len(plain(item.target)) > TEXT_MAX:
            errors.append(ERR_ITEM_TOO_LONG % {"n": n, "max": TEXT_MAX})
            continue
        if item.area and item.area not in Area.values:
            errors.append(_("Dòng %(n)s: lĩnh vực không hợp lệ.") % {"n": n})
            continue
        if item.deadline and item.deadline.year != year:
            date = item.deadline.strftime("%d/%m/%Y")
            errors.append(ERR_ITEM_DEADLINE_YEAR % {"n": n, "date": date, "year": year})
            continue
        if set(item.standards) - reg.STANDARD_CODES:
            errors.append(reg.ERR_ITEM_STANDARD % {"n": n})
            continue
        cleaned.append(
            ItemInput(
                action=action,
                target=plain(item.target, TEXT_MAX),
                timeframe=plain(item.timeframe, 200),
                deadline=item.deadline,
                responsible=plain(item.responsible, 200),
                area=item.area,
                breakthrough=item.breakthrough,
                programmes=item.programmes,
                standards=[code for code, _label in reg.STANDARDS if code in set(item.standards)],
                supervisor=plain(item.supervisor, 200),
                id=item.id,
            )
        )
    if errors:
        raise ValidationError(errors)
    return cleaned


@dataclass
class RecordExtras:
    """The parts of a commitment besides its actions: the "tự soi, tự sửa" section and, when the year merges
    them, the emulation title registered on the same form."""

    shortcomings: str = ""
    remedies: str = ""
    emulation_title: str = ""


@transaction.atomic
def record_save(
    *,
    actor: User | None,
    record: Record,
    version: int,
    items: Sequence[ItemInput],
    on_behalf: bool = False,
    extras: RecordExtras | None = None,
) -> Record:
    """Write the items of a draft or returned record: a row with an ``id`` updates that item in place (its
    progress notes, evidence and interim assessments stay with it), a row without one adds an item, an item
    no row names is removed unless it has progress or assessments (refused: they are never deleted).
    Refused if somebody saved since ``version``, or if a row names an item of another record."""
    workflow.next_state(record.state, Action.EDIT)
    cleaned = _clean_items(items, year=record.year)
    loaded_version, now = record.version, timezone.now()
    texts = {}
    if extras is not None:  # written with the new version: one UPDATE of the row, not two
        texts = {
            "shortcomings": plain(extras.shortcomings, 2000),
            "remedies": plain(extras.remedies, 2000),
            "emulation_title": plain(extras.emulation_title, 200),
        }
    updated = Record.objects.filter(pk=record.pk, version=version, state=record.state).update(
        version=F("version") + 1, updated_at=now, **texts
    )
    if not updated:
        current = Record.objects.get(pk=record.pk).state
        if current != record.state:
            # not an edit race: the record moved on (submitted, approved, locked) while the form was open
            raise ValidationError(ERR_MOVED_ON % {"state": RecordState(current).label})
        latest = record.revisions.select_related("actor").first()
        who = latest.actor.username if latest and latest.actor else "?"
        when = timezone.localtime(latest.at).strftime("%H:%M %d/%m/%Y") if latest else "?"
        raise ConflictError(ERR_CONFLICT % {"who": who, "when": when}, latest)
    if loaded_version == version:  # the instance is the row as it stood: only what was just written changed
        record.version, record.updated_at = version + 1, now
        for name, value in texts.items():
            setattr(record, name, value)
    else:
        record.refresh_from_db()
    _write_items(record, cleaned)
    if on_behalf and not record.entered_on_behalf:
        record.entered_on_behalf = True
        record.save(update_fields=["entered_on_behalf"])
    _revise(record, actor, on_behalf)
    signals.record_changed.send(sender=Record, record=record)
    return record


def _write_items(record: Record, rows: Sequence[ItemInput]) -> None:
    """Update the named items in place, add the new rows, remove the items no row names; an item with
    progress notes or assessments is never removed (the member expects their evidence to stay)."""
    existing = {item.pk: item for item in record.items.all()}
    errors, named = [], set()
    for n, data in enumerate(rows, start=1):
        if data.id is None:
            continue
        if data.id not in existing or data.id in named:
            errors.append(ERR_ITEM_NOT_HERE % {"n": n})
        named.add(data.id)
    if errors:
        raise ValidationError(errors)
    removed = [item for pk, item in existing.items() if pk not in named]
    held = RecordItem.objects.filter(pk__in=[i.pk for i in removed]).filter(
        Q(progress_notes__isnull=False) | Q(interim_assessments__isnull=False)
    )
    held_ids = set(held.values_list("pk", flat=True))
    if held_ids:
        raise ValidationError(
            [ERR_ITEM_HAS_PROGRESS % {"action": i.action[:80]} for i in removed if i.pk in held_ids]
        )
    RecordItem.objects.filter(pk__in=[i.pk for i in removed]).delete()
    core = list(Programme.objects.filter(is_core=True))
    added: list[RecordItem] = []
    chosen: list[tuple[RecordItem, set]] = []
    for position, data in enumerate(rows):
        values = {
            "position": position,
            "action": data.action,
            "target": data.target,
            "timeframe": data.timeframe,
            "deadline": data.deadline,
            "responsible": data.responsible,
            "area": data.area,
            "breakthrough": data.breakthrough,
            "standards": list(data.standards),
            "supervisor": data.supervisor,
        }
        if data.id is None:
            item = RecordItem(record=record, **values)
            added.append(item)
        else:
            item = existing[data.id]
            for name, value in values.items():
                setattr(item, name, value)
            item.save(update_fields=list(values))
        chosen.append((item, {*data.programmes, *core}))
    # The new rows in one insert and every row's programmes in one: a 3-action commitment saved costs a
    # handful of queries, not three per action (issue 27: save + submit within 30 queries).
    RecordItem.objects.bulk_create(added)
    _set_programmes(chosen)


def _set_programmes(chosen: list[tuple[RecordItem, set]]) -> None:
    """Each item's programmes exactly as given (``Programme`` objects or ids), in three queries at most."""
    through = RecordItem.programmes.through
    wanted = {(item.pk, p if isinstance(p, int) else p.pk) for item, programmes in chosen for p in programmes}
    ids = [item.pk for item, _programmes in chosen]
    have = set(through.objects.filter(recorditem_id__in=ids).values_list("recorditem_id", "programme_id"))
    gone = have - wanted
    if gone:
        stale = Q()
        for item_id, programme_id in gone:
            stale |= Q(recorditem_id=item_id, programme_id=programme_id)
        through.objects.filter(stale).delete()
    through.objects.bulk_create(
        [through(recorditem_id=i, programme_id=p) for i, p in sorted(wanted - have)], ignore_conflicts=True
    )


def _locked_row(record: Record) -> Record:
    # Lock the record's row only: a plan has no person, and PostgreSQL refuses FOR UPDATE on the nullable
    # side of the outer join that select_related("person") makes.
    row = Record.objects.select_for_update(of=("self",)).select_related("org", "person").get(pk=record.pk)
    check_year_open(org=row.org, date_or_year=None)  # an ended org's records are kept as they were
    return row


def _nonparty(record: Record) -> bool:
    """A commitment of a person outside the Party (who may file under numbers of their own)."""
    return record.person is not None and not record.person.is_party_member


def submit_problems(record: Record, rules: Rules, items: Sequence[RecordItem]) -> list[str]:
    """What the year's registration rules (``cycle.registration``) refuse in ``record`` at submission."""
    facts = [
        reg.ItemFacts(standards=i.standards, target=i.target, deadline=i.deadline, supervisor=i.supervisor)
        for i in items
    ]
    return reg.problems(
        rules.registration,
        collective=record.kind == RecordKind.PLAN,
        nonparty=_nonparty(record),
        items=facts,
        shortcomings=record.shortcomings,
        remedies=record.remedies,
        emulation_title=record.emulation_title,
    )


@transaction.atomic
def record_submit(*, actor: User | None, record: Record, on_behalf: bool = False) -> Record:
    """Submit for approval; checks the minimum number of actions; marks a late submission."""
    record = _locked_row(record)
    workflow.next_state(record.state, Action.SUBMIT)
    rules = rules_for(record.org, record.year)
    if not rules.is_open:
        raise ValidationError(ERR_YEAR_NOT_OPEN % {"year": record.year, "org": record.org.name})
    items = list(record.items.all())
    count = len(items)
    least = reg.minimum(rules.min_actions, rules.registration, nonparty=_nonparty(record))
    if record.kind == RecordKind.COMMITMENT and count < least:
        raise ValidationError(ERR_TOO_FEW_ACTIONS % {"n": least, "have": count})
    if record.kind == RecordKind.PLAN and count < 1:
        raise ValidationError(ERR_PLAN_EMPTY)
    refused = submit_problems(record, rules, items)
    if refused:
        raise ValidationError(refused)
    deadline = rules.commitment_deadline if record.kind == RecordKind.COMMITMENT else rules.plan_deadline
    now = timezone.now()
    record.submitted_at = now
    record.is_late = workflow.is_late(timezone.localdate(now), deadline)
    record.return_comment = ""
    _move(record, Action.SUBMIT, actor=actor, on_behalf=on_behalf)
    signals.record_changed.send(sender=Record, record=record)
    return record


@transaction.atomic
def record_approve(
    *, actor: User | None, record: Record, comment: str = "", version: int | None = None
) -> Record:
    """Approve a submitted record; with ``version`` (the one the approver's page showed), only that version."""
    record = _locked_row(record)
    if version is not None and record.state != RecordState.SUBMITTED:
        state = RecordState(record.state).label
        raise ValidationError(ERR_NO_LONGER_WAITING % {"name": _subject(record), "state": state})
    if version is not None and record.version != version:
        raise ValidationError(ERR_CHANGED_SINCE_SHOWN % {"name": _subject(record)})
    record.approved_at, record.approved_by = timezone.now(), actor
    _move(record, Action.APPROVE, actor=actor, comment=plain(comment, 2000))
    audit.record(audit.Action.APPROVED, actor=actor, org=record.org, target=str(record))
    return record


@transaction.atomic
def record_return(*, actor: User | None, record: Record, comment: str) -> Record:
    """Send a submitted record back to its writer with a comment (required)."""
    record = _locked_row(record)
    comment = plain(comment, 2000)
    workflow.next_state(record.state, Action.RETURN)
    if not comment:
        raise ValidationError({"comment": ERR_RETURN_COMMENT})
    record.return_comment = comment
    _move(record, Action.RETURN, actor=actor, comment=comment)
    # no longer filed: out of its org's clusters of near-identical commitments (quality)
    signals.record_changed.send(sender=Record, record=record)
    audit.record(
        audit.Action.RETURNED, actor=actor, org=record.org, target=str(record), detail={"comment": comment}
    )
    return record


@dataclass
class AssessmentInput:
    item: RecordItem
    result: str
    note: str = ""
    on_time: bool | None = None  # at the year's end: done by its deadline (None: not said)
    exceeded: bool = False  # at the year's end: done beyond its requirement


@transaction.atomic
def record_self_assess(
    *,
    actor: User | None,
    record: Record,
    assessments: Sequence[AssessmentInput],
    comment: str = "",
    on_behalf: bool = False,
) -> Record:
    """Year-end self-assessment: a result for every item, then the record waits for its rating."""
    record = _locked_row(record)
    workflow.next_state(record.state, Action.SELF_ASSESS)
    by_item = {a.item.pk: a for a in assessments if a.result in Result.values}
    items = list(record.items.all())
    missing = [i for i in items if i.pk not in by_item]
    if missing:
        raise ValidationError(ERR_UNASSESSED % {"n": len(missing)})
    for item in items:
        a = by_item[item.pk]
        item.result, item.result_note = a.result, plain(a.note, TEXT_MAX)
        done = a.result == Result.DONE
        item.on_time = a.on_time if done else None
        item.exceeded = a.exceeded if done else False
        item.save(update_fields=["result", "result_note", "on_time", "exceeded"])
    record.self_comment = plain(comment, 2000)
    record.self_assessed_at = timezone.now()
    record.version += 1
    _move(record, Action.SELF_ASSESS, actor=actor, on_behalf=on_behalf)
    _revise(record, actor, on_behalf)
    return record


def check_score(rating: str, score: int | None) -> None:
    """The optional score must fall in the band of the chosen level (the four levels, before QĐ 366)."""
    scoring.check(Scoring.LEVELS, rating, score, scoring.Facts(0, 0, 0, 0))


def rating_facts(record: Record) -> scoring.Facts:
    """What QĐ 366's conditions read of a record: its actions' year-end results, lateness and excess."""
    return scoring.Facts.of(
        scoring.Task(result=i.result, on_time=i.on_time, exceeded=i.exceeded) for i in record.items.all()
    )


@transaction.atomic
def record_rate(
    *, actor: User | None, record: Record, rating: str, score: int | None = None, comment: str = ""
) -> Record:
    """The leader's rating under the rules of the record's year (``cycle.scoring``): the four levels with an
    optional score before QĐ 366; the 100-point score and Article 11's conditions under it. Refused whole."""
    record = _locked_row(record)
    workflow.next_state(record.state, Action.RATE)
    if rating not in Rating.values:
        raise ValidationError({"rating": _("Hãy chọn mức xếp loại.")})
    rules = rules_for(record.org, record.year).registration.scoring
    scoring.check(rules, rating, score, rating_facts(record))
    record.rating_rules = rules
    record.rating, record.score, record.rating_comment = rating, score, plain(comment, 2000)
    record.rated_at, record.rated_by = timezone.now(), actor
    label = str(Rating(rating).label)
    if score is not None:
        label = str(_("%(level)s (%(score)s điểm)")) % {"level": label, "score": score}
    _move(record, Action.RATE, actor=actor, comment=label)
    audit.record(
        audit.Action.RATED,
        actor=actor,
        org=record.org,
        target=f"{record}: {label}",
        detail={"rating": rating, "score": score},
    )
    return record


def _subject(record: Record) -> str:
    """Whose record it is, as a sentence names it: the person, or the collective of a plan."""
    return record.person.full_name if record.person else record.org.name


@dataclass
class BulkApproval:
    approved: list[Record] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one sentence per record left as it was


def records_bulk_approve(
    *, actor: User | None, records: Iterable[Record], versions: Mapping[int, int]
) -> BulkApproval:
    """Approve the chosen records, each at the version the approver's page showed (``versions``: record id →
    version), each in its own transaction; one that changed since, or is no longer submitted, is left as it
    is and named in ``refused``."""
    result = BulkApproval()
    for record in records:
        try:
            result.approved.append(record_approve(actor=actor, record=record, version=versions[record.pk]))
        except ValidationError as exc:
            result.refused.extend(exc.messages)
    return result
