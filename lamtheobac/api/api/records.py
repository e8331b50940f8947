"""Years, plans and commitments: ``/years``, ``/records`` and their transitions."""

# no ``from __future__ import annotations``: django-ninja reads the parameter types at import time

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from lamtheobac.cycle import access as cycle_access
from lamtheobac.cycle import selectors as cycle_selectors
from lamtheobac.cycle import services as cycle_services
from lamtheobac.cycle.selectors import rules_for
from lamtheobac.cycle.workflow import Action
from lamtheobac.lib.text import clean
from lamtheobac.organisation import access

from .common import Count, Id, Page, Text, Year, _words


class YearOut(Schema):
    id: int
    org_id: int
    year: int
    theme: str
    state: str
    min_actions: int
    plan_deadline: datetime.date | None
    commitment_deadline: datetime.date | None
    yearend_deadline: datetime.date | None
    breakthroughs: list[str]


class ItemOut(Schema):
    id: int
    position: int
    action: str
    target: str
    timeframe: str
    deadline: datetime.date | None
    responsible: str
    area: str
    breakthrough: str | None  # the nội dung đột phá the action serves, by its title
    standards: list[str]  # the standards of QĐ 144-QĐ/TW it serves: "s1" … "s5" (Điều 1 … 5)
    supervisor: str
    result: str
    result_note: str
    on_time: bool | None  # at the year's end: done by its deadline (null: not said)
    exceeded: bool  # at the year's end: done beyond its requirement

    @staticmethod
    def resolve_breakthrough(item) -> str | None:
        return item.breakthrough.title if item.breakthrough_id else None


class RecordOut(Schema):
    id: int
    kind: str
    year: int
    org_id: int
    org_name: str
    person_id: int | None
    person_name: str | None
    state: str
    version: int
    is_late: bool
    submitted_at: datetime.datetime | None
    approved_at: datetime.datetime | None
    return_comment: str
    rating: str
    score: int | None


class RecordDetailOut(RecordOut):
    self_comment: str
    shortcomings: str  # "tự soi, tự sửa": the shortcomings named
    remedies: str  # and how they will be fixed
    emulation_title: str  # the emulation title registered on the same form, when the year merges them
    rating_comment: str
    rating_rules: str  # the rules the rating was given under: "levels" or "qd366" (blank: not recorded)
    items: list[ItemOut]


class ItemIn(Schema):
    # the item this action edits, as ``items[].id`` of the record read; none for a new action. An item left
    # out is removed, unless it has progress or assessments (refused with 422: they are never deleted)
    id: int | None = None
    action: Text
    target: Text = ""
    timeframe: Text = ""
    deadline: datetime.date | None = None
    responsible: Text = ""
    area: str = ""
    standards: list[str] = []  # "s1" … "s5": the standards of QĐ 144-QĐ/TW (Điều 1 … 5) the action serves
    supervisor: Text = ""
    # a nội dung đột phá in force at the record's org that year, by its title (``breakthroughs`` of the years
    # of the org and the orgs above it)
    breakthrough: Text | None = None


class RecordIn(Schema):
    kind: str
    year: Year
    person: Id | None = None  # a commitment's person
    org: Id | None = None  # a plan's org
    from_last_year: bool = False


class RecordSaveIn(Schema):
    version: Count  # the version read: a save over someone else's newer one is refused (409)
    items: list[ItemIn]
    # a commitment's "tự soi, tự sửa" and emulation title; left out: kept as they are
    shortcomings: Text | None = None
    remedies: Text | None = None
    emulation_title: Text | None = None


class ResultIn(Schema):
    item_id: Id
    result: str
    note: Text = ""
    on_time: bool | None = None  # done by its deadline (QĐ 366's conditions read it)
    exceeded: bool = False  # done beyond its requirement


class SelfAssessIn(Schema):
    results: list[ResultIn]
    comment: Text = ""


class CommentIn(Schema):
    comment: Text = ""


class RateIn(Schema):
    rating: str
    score: Count | None = None
    comment: Text = ""


def _record_out(record) -> dict:
    return {
        **{
            f: getattr(record, f)
            for f in (
                "id",
                "kind",
                "year",
                "org_id",
                "person_id",
                "state",
                "version",
                "is_late",
                "submitted_at",
                "approved_at",
                "return_comment",
                "rating",
                "score",
                "self_comment",
                "shortcomings",
                "remedies",
                "emulation_title",
                "rating_comment",
                "rating_rules",
            )
        },
        "org_name": record.org.name,
        "person_name": record.person.full_name if record.person_id else None,
    }


years = Router(tags=["Năm"])


def _year_out(period) -> dict:
    return {
        **{
            f: getattr(period, f)
            for f in (
                "id",
                "org_id",
                "year",
                "theme",
                "state",
                "min_actions",
                "plan_deadline",
                "commitment_deadline",
                "yearend_deadline",
            )
        },
        "breakthroughs": [b.title for b in period.breakthroughs.all()],
    }


@years.get("", response=list[YearOut], summary="Các năm đã mở trong phạm vi")
@paginate(Page)
def year_list(request, org: Id | None = None, year: Year | None = None):
    qs = cycle_access.periods_visible_to(request.user).prefetch_related("breakthroughs")
    if org is not None:
        qs = qs.filter(org=access.access_org(request.user, org))
    if year is not None:
        qs = qs.filter(year=year)
    return [_year_out(p) for p in qs.order_by("-year", "org__path")]


@years.get("/{period_id}", response=YearOut, summary="Một năm của một tổ chức")
def year_detail(request, period_id: int):
    return _year_out(cycle_access.access_period(request.user, period_id))


records = Router(tags=["Kế hoạch và bản cam kết"])


class RecordQuery(Schema):
    year: Year | None = None
    org: Id | None = None
    kind: str = ""
    state: str = ""
    late: bool = False
    q: str = ""


@records.get("", response=list[RecordOut], summary="Kế hoạch và bản cam kết (lọc như trang Hồ sơ)")
@paginate(Page)
def record_list(request, filters: Query[RecordQuery]):
    org = access.access_org(request.user, filters.org) if filters.org is not None else None
    found = cycle_selectors.record_list(
        request.user,
        cycle_selectors.RecordFilters(
            year=filters.year,
            org=org,
            kind=_words(filters.kind),
            state=_words(filters.state),
            late=filters.late,
            query=_words(filters.q),
        ),
    )
    return [_record_out(r) for r in found]


def _detail(record) -> dict:
    items = record.items.select_related("breakthrough").order_by("position", "id")
    return {**_record_out(record), "items": list(items)}


def _items_in(record, sent: list[ItemIn]) -> list[cycle_services.ItemInput]:
    """The actions sent, each with its nội dung đột phá found by title among those in force at the record's
    org that year; a title not there is refused (422), as no page could choose it."""
    in_force = {
        clean(b.title): b for b in cycle_selectors.breakthroughs_in_force(rules_for(record.org, record.year))
    }
    items, errors = [], []
    for n, item in enumerate(sent, start=1):
        fields = item.dict(exclude={"breakthrough"})
        wanted = clean(item.breakthrough)
        if wanted and wanted not in in_force:
            errors.append(
                _("Dòng %(n)s: “%(title)s” không phải nội dung đột phá của năm tại tổ chức này.")
                % {"n": n, "title": wanted}
            )
        items.append(cycle_services.ItemInput(**fields, breakthrough=in_force.get(wanted)))
    if errors:
        raise ValidationError({"items": errors})
    return items


@records.get(
    "/{record_id}", response=RecordDetailOut, summary="Một kế hoạch hay bản cam kết, với các việc làm"
)
def record_detail(request, record_id: int):
    return _detail(cycle_access.access_record(request.user, record_id))


@records.post("", response={201: RecordDetailOut}, summary="Bắt đầu một kế hoạch hay bản cam kết (dự thảo)")
def record_create(request, data: RecordIn):
    target = cycle_access.record_target(request.user, data.kind, person_id=data.person, org_id=data.org)
    record = cycle_services.record_create(
        actor=request.user, kind=data.kind, year=data.year, from_last_year=data.from_last_year, **target
    )
    return Status(201, _detail(record))


@records.put(
    "/{record_id}", response=RecordDetailOut, summary="Ghi các việc làm của một dự thảo (hay bản bị trả lại)"
)
def record_save(request, record_id: int, data: RecordSaveIn):
    record = cycle_access.access_record(request.user, record_id, action=Action.EDIT)
    items = _items_in(record, data.items)
    sent = (data.shortcomings, data.remedies, data.emulation_title)
    extras = None
    if any(part is not None for part in sent):
        extras = cycle_services.RecordExtras(
            shortcomings=record.shortcomings if data.shortcomings is None else data.shortcomings,
            remedies=record.remedies if data.remedies is None else data.remedies,
            emulation_title=record.emulation_title if data.emulation_title is None else data.emulation_title,
        )
    try:
        saved = cycle_services.record_save(
            actor=request.user,
            record=record,
            version=data.version,
            items=items,
            on_behalf=cycle_access.writes_on_behalf(request.user, record),
            extras=extras,
        )
    except cycle_services.ConflictError as exc:
        raise HttpError(409, " ".join(exc.messages)) from None
    return _detail(saved)


@records.post("/{record_id}/self-assess", response=RecordDetailOut, summary="Tự đánh giá cuối năm")
def record_self_assess(request, record_id: int, data: SelfAssessIn):
    record = cycle_access.access_record(request.user, record_id, action=Action.SELF_ASSESS)
    items = {item.pk: item for item in record.items.all()}
    assessments = [
        cycle_services.AssessmentInput(
            item=items[r.item_id], result=r.result, note=r.note, on_time=r.on_time, exceeded=r.exceeded
        )
        for r in data.results
        if r.item_id in items
    ]
    return _detail(
        cycle_services.record_self_assess(
            actor=request.user,
            record=record,
            assessments=assessments,
            comment=data.comment,
            on_behalf=cycle_access.writes_on_behalf(request.user, record),
        )
    )


@records.post("/{record_id}/submit", response=RecordDetailOut, summary="Nộp để cấp ủy phê duyệt")
def record_submit(request, record_id: int):
    record = cycle_access.access_record(request.user, record_id, action=Action.SUBMIT)
    on_behalf = cycle_access.writes_on_behalf(request.user, record)
    return _detail(cycle_services.record_submit(actor=request.user, record=record, on_behalf=on_behalf))


@records.post("/{record_id}/approve", response=RecordDetailOut, summary="Duyệt")
def record_approve(request, record_id: int, data: CommentIn):
    record = cycle_access.access_record(request.user, record_id, action=Action.APPROVE)
    return _detail(cycle_services.record_approve(actor=request.user, record=record, comment=data.comment))


@records.post("/{record_id}/return", response=RecordDetailOut, summary="Trả lại kèm ý kiến")
def record_return(request, record_id: int, data: CommentIn):
    record = cycle_access.access_record(request.user, record_id, action=Action.RETURN)
    return _detail(cycle_services.record_return(actor=request.user, record=record, comment=data.comment))


@records.post("/{record_id}/rate", response=RecordDetailOut, summary="Xếp loại")
def record_rate(request, record_id: int, data: RateIn):
    record = cycle_access.access_record(request.user, record_id, action=Action.RATE)
    return _detail(
        cycle_services.record_rate(
            actor=request.user, record=record, rating=data.rating, score=data.score, comment=data.comment
        )
    )
