"""A record read for its papers (``reports.papers``): the registration to sign and the review section.

The records come already cleared by ``cycle.access``; this reads their items, evidence and reviews and
names the unit as it stood on the paper's date (``organisation.selectors.org_on``).
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from lamtheobac.cycle import registration as reg
from lamtheobac.cycle import review_forms
from lamtheobac.cycle.models import Rating, Record, RecordItem, RecordKind, RecordState, Result
from lamtheobac.cycle.selectors import rules_for
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation.models import Org, PersonKind, path_ids

from ..papers import Paper, PaperAction
from ..writer.names import locality_of

PERSON_FORMS = frozenset(f for f in review_forms.FORMS if f != "01")
STANDARD_LABELS = dict(reg.STANDARDS)


def paper_date(record: Record) -> datetime.date:
    """The paper's date: when the record was submitted, else today."""
    if record.submitted_at is not None:
        return timezone.localdate(record.submitted_at)
    return timezone.localdate()


def papers_for(records: list[Record], *, url_of, form: str | None = None) -> list[Paper]:
    """The papers of ``records`` (already cleared for the reader), in their order; ``url_of(record)`` is the
    record's address for the QR code; ``form`` overrides the form chosen by ``review_form_for``."""
    ids = [r.pk for r in records]
    items = (
        RecordItem.objects.filter(record_id__in=ids)
        .annotate(
            files=Count("progress_notes__evidence", distinct=True),
            links=Count("progress_notes", filter=~Q(progress_notes__link=""), distinct=True),
        )
        .order_by("position", "id")
    )
    by_record: dict[int, list[RecordItem]] = {}
    for item in items:
        by_record.setdefault(item.record_id, []).append(item)
    quarters = {
        r.pk: list(r.quarter_reviews.all())
        for r in Record.objects.filter(pk__in=ids).prefetch_related(Prefetch("quarter_reviews"))
    }
    places: dict[tuple[int, datetime.date], tuple[str, str, str]] = {}
    themes: dict[tuple[int, int], str] = {}
    papers = []
    for record in records:
        on = paper_date(record)
        key = (record.org_id, on)
        if key not in places:
            places[key] = _unit_lines(record.org, on)
        if (record.org_id, record.year) not in themes:
            themes[(record.org_id, record.year)] = rules_for(record.org, record.year).theme
        superior, issuer, place = places[key]
        papers.append(
            _paper(
                record,
                by_record.get(record.pk, []),
                quarters.get(record.pk, []),
                superior=superior,
                issuer=issuer,
                place=place,
                on=on,
                theme=themes[(record.org_id, record.year)],
                url=url_of(record),
                form=form
                if form in PERSON_FORMS and record.kind == RecordKind.COMMITMENT
                else record.review_form,
            )
        )
    return papers


def cell_commitments(records: QuerySet[Record], org: Org, year: int) -> list[Record]:
    """The commitments of ``year`` written at ``org`` among ``records`` (the reader's visible ones), by the
    Vietnamese order of the people's names; drafts left out (nothing to sign or review yet)."""
    return list(
        records.filter(kind=RecordKind.COMMITMENT, org=org, year=year)
        .exclude(state=RecordState.DRAFT)
        .select_related("org", "person")
        .order_by("person__name_sort", "id")
    )


def _unit_lines(org: Org, on: datetime.date) -> tuple[str, str, str]:
    """(superior, unit, place) for the header, as the tree stood on ``on``."""
    who = org_selectors.org_on(org, on=on)
    superior = who.parent.words.organisation_upper if who.parent is not None else ""
    place = who.words.locality or (who.parent.words.locality if who.parent is not None else "")
    if not place:
        place = locality_of(_chain(org))
    return superior, who.words.organisation_upper, place


def _chain(org: Org) -> list[Org]:
    """The org's ancestors from the root down, then the org itself."""
    by_id = {o.pk: o for o in Org.objects.filter(pk__in=path_ids(org.path))}
    return [by_id[i] for i in path_ids(org.path) if i in by_id]


def _paper(record: Record, items, quarters, *, superior, issuer, place, on, theme, url, form) -> Paper:
    person = record.person
    is_plan = record.kind == RecordKind.PLAN
    return Paper(
        superior=superior,
        issuer=issuer,
        place=place,
        date=on,
        year=record.year,
        url=url,
        is_plan=is_plan,
        name=record.subject_name,
        kind=str(PersonKind(person.kind).label)
        if person is not None and person.kind in PersonKind.values
        else "",
        position=person.position if person is not None else "",
        unit=record.org.name,
        form=form,
        theme=theme,
        actions=[_action(item, is_plan=is_plan) for item in items],
        shortcomings=record.shortcomings,
        remedies=record.remedies,
        emulation_title=record.emulation_title,
        self_comment=record.self_comment,
        leader_comment=record.rating_comment,
        score=record.score,
        rating=str(Rating(record.rating).label) if record.rating in Rating.values else "",
        quarter_notes=[
            f"Quý {q.quarter}: {q.score} điểm" + (f" — {q.comment}" if q.comment else "") for q in quarters
        ],
    )


def _action(item: RecordItem, *, is_plan: bool) -> PaperAction:
    if is_plan:
        when = item.timeframe or (item.deadline.strftime("%d/%m/%Y") if item.deadline else "")
    else:
        when = item.deadline.strftime("%d/%m/%Y") if item.deadline else item.timeframe
    result = str(Result(item.result).label) if item.result in Result.values else ""
    if result and item.result_note:
        result = f"{result}: {item.result_note}"
    return PaperAction(
        action=item.action,
        target=item.target,
        deadline=when,
        standards="; ".join(str(STANDARD_LABELS[c]) for c in item.standards or [] if c in STANDARD_LABELS),
        supervisor=item.responsible if is_plan else item.supervisor,
        result=result,
        evidence=getattr(item, "files", 0) + getattr(item, "links", 0),
    )
