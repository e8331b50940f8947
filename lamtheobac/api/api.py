"""The REST API under ``/api/v1/`` (django-ninja): the same data, rules and scoping helpers as the pages.

Every call carries a personal access token (``Authorization: Bearer ltb_…``) made on the user's account
page; it acts as that user, with their roles and their subtree. Objects outside the scope answer 404 as the
pages do; errors are JSON with a Vietnamese ``detail``. The OpenAPI document is ``/api/v1/openapi.json``,
its reader ``/api/v1/docs`` (served from the app's own static files, no CDN).
"""

# no ``from __future__ import annotations``: django-ninja reads the parameter types at import time

import dataclasses
import datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Router, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as InputError
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer
from pydantic import AfterValidator

from lamtheobac.activities import access as activity_access
from lamtheobac.activities.models import DEFAULT_FOCUS
from lamtheobac.activities.services import exemplars as exemplar_services
from lamtheobac.activities.services import inspections as inspection_services
from lamtheobac.activities.services import study as study_services
from lamtheobac.cycle import access as cycle_access
from lamtheobac.cycle import selectors as cycle_selectors
from lamtheobac.cycle import services as cycle_services
from lamtheobac.cycle.rules import rules_for
from lamtheobac.cycle.workflow import Action
from lamtheobac.imports import access as import_access
from lamtheobac.imports.services import reorganise as reorg
from lamtheobac.lib.fields import MAX_COLUMN, MAX_ID, MIN_COLUMN
from lamtheobac.lib.text import clean
from lamtheobac.lib.web import YEAR_MAX, YEAR_MIN
from lamtheobac.organisation import access, selectors
from lamtheobac.organisation import services as people_services
from lamtheobac.organisation.forms import PersonForm
from lamtheobac.organisation.models import Person, subtree_q
from lamtheobac.organisation.roles import Cap
from lamtheobac.reports import stats

from . import tokens

# Every number a client sends is one of these: an id the database holds, a year a date holds, a count an integer
# column holds; past them, 422 naming the bound, before any query (tests/api/test_api_hostile.py).
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]
Count = Annotated[int, Field(ge=MIN_COLUMN, le=MAX_COLUMN)]


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        user = tokens.user_for(token)
        if user is not None:
            request.user = user  # the scoping helpers read the user from here, as for the pages
        return user


api = NinjaAPI(
    title="Làm theo Bác API",
    version="1",
    description="Tổ chức, cá nhân, năm, kế hoạch và bản cam kết, chuyển trạng thái, số liệu thống kê.",
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


# --- Errors: JSON, in Vietnamese ---------------------------------------------------------------------


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(
        request, {"detail": _("Không tìm thấy, hoặc bạn không có quyền xem.")}, status=404
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": _("Bạn không có quyền làm việc này.")}, status=403)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    detail = _("Thiếu mã truy cập, hoặc mã đã bị thu hồi. Gửi kèm tiêu đề Authorization: Bearer <mã>.")
    return api.create_response(request, {"detail": detail}, status=401)


@api.exception_handler(ValidationError)
def _refused(request, exc: ValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    detail = " ".join(m for messages in errors.values() for m in messages)
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(InputError)
def _bad_input(request, exc: InputError):
    errors = [{"loc": [str(p) for p in e.get("loc", [])], "msg": str(e.get("msg", ""))} for e in exc.errors]
    return api.create_response(
        request, {"detail": _("Dữ liệu gửi lên không hợp lệ."), "errors": errors}, status=422
    )


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    detail = _("Không đọc được nội dung gửi lên (cần JSON hợp lệ).") if exc.status_code == 400 else str(exc)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


def _words(value: str) -> str:
    """A text filter as typed, without the NUL characters PostgreSQL refuses (a 500 found by schemathesis)."""
    return value.replace("\x00", "")


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("NUL")  # PostgreSQL cannot store it: refused as invalid input (422), not a 500
    return value


Text = Annotated[str, AfterValidator(_no_nul)]


class Page(PageNumberPagination):
    """50 a page (``page_size`` up to 100); a page number past a million is refused (422) rather than
    handed to the database as an offset it cannot hold (found by schemathesis: a 500 on SQLite)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=100)

    page_size = 50


# --- Schemas ---------------------------------------------------------------------------------------


class OrgOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    depth: int
    active: bool


class PersonOut(Schema):
    id: int
    full_name: str
    kind: str
    gender: str
    birth_year: int | None
    position: str
    org_id: int
    org_name: str
    phone: str
    email: str
    active: bool
    party_card_number: str | None = None  # only for those who may see identifiers at the person's org
    citizen_id: str | None = None


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
    result: str
    result_note: str

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
    rating_comment: str
    items: list[ItemOut]


class PersonIn(Schema):
    """A person as the member database sends them; the same fields and checks as the person form."""

    org: Id
    full_name: str
    kind: str = "member"
    gender: str = ""
    birth_year: Year | None = None
    position: str = ""
    phone: str = ""
    email: str = ""
    party_card_number: str = ""
    citizen_id: str = ""


class PersonPatchIn(Schema):
    """Only the fields sent change; ``org`` moves the person (kept in their history, with ``reason``);
    ``active: false`` marks someone who has left (never deleted)."""

    org: Id | None = None
    reason: str = ""
    full_name: str | None = None
    kind: str | None = None
    gender: str | None = None
    birth_year: Year | None = None
    position: str | None = None
    phone: str | None = None
    email: str | None = None
    party_card_number: str | None = None
    citizen_id: str | None = None
    active: bool | None = None


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


class ResultIn(Schema):
    item_id: Id
    result: str
    note: Text = ""


class SelfAssessIn(Schema):
    results: list[ResultIn]
    comment: Text = ""


class CommentIn(Schema):
    comment: Text = ""


class RateIn(Schema):
    rating: str
    score: Count | None = None
    comment: Text = ""


class DashboardOut(Schema):
    org_id: int
    org_name: str
    year: int
    total: dict[str, int]
    children: list[dict]


def _person_out(user, person: Person) -> dict:
    sensitive = access.can(user, Cap.VIEW_SENSITIVE, person.org)
    return {
        **{f: getattr(person, f) for f in ("id", "full_name", "kind", "gender", "birth_year", "position",
                                           "org_id", "phone", "email", "active")},
        "org_name": person.org.name,
        "party_card_number": person.party_card_number if sensitive else None,
        "citizen_id": person.citizen_id if sensitive else None,
    }  # fmt: skip


def _record_out(record) -> dict:
    return {
        **{f: getattr(record, f) for f in ("id", "kind", "year", "org_id", "person_id", "state", "version",
                                           "is_late", "submitted_at", "approved_at", "return_comment", "rating",
                                           "score", "self_comment", "rating_comment")},
        "org_name": record.org.name,
        "person_name": record.person.full_name if record.person_id else None,
    }  # fmt: skip


# --- Orgs and people -------------------------------------------------------------------------------

orgs = Router(tags=["Tổ chức"])


@orgs.get("", response=list[OrgOut], summary="Các tổ chức trong phạm vi")
@paginate(Page)
def org_list(request, parent: Id | None = None, q: str = "", active: bool | None = True):
    qs = access.orgs_visible_to(request.user)
    if parent is not None:
        qs = qs.filter(parent=access.access_org(request.user, parent))
    if _words(q).strip():
        qs = qs.filter(pk__in=selectors.org_search(user=request.user, query=_words(q)).values("pk"))
    if active is not None:
        qs = qs.filter(active=active)
    return qs.order_by("path")


@orgs.get("/{org_id}", response=OrgOut, summary="Một tổ chức")
def org_detail(request, org_id: int):
    return access.access_org(request.user, org_id)


people = Router(tags=["Cá nhân"])


@people.get("", response=list[PersonOut], summary="Cá nhân trong phạm vi (lọc như trang Cá nhân)")
@paginate(Page)
def person_list(request, org: Id | None = None, q: str = "", kind: str = "", active: bool | None = True):
    under = access.access_org(request.user, org) if org is not None else None
    found = selectors.person_list(
        user=request.user, query=_words(q), org=under, kind=_words(kind), active=active
    )
    return [_person_out(request.user, p) for p in found]


@people.get("/{person_id}", response=PersonOut, summary="Một cá nhân")
def person_detail(request, person_id: int):
    return _person_out(request.user, access.access_person(request.user, person_id))


def _person_form(sent: dict, person: Person | None = None) -> dict:
    """The person form's checks (names in Vietnamese title case, birth year, kinds...) on what an API body
    sent, over the person's current values when it changes one; refusals answer 422 with the form's
    messages."""
    data = {**(model_to_dict(person, fields=PersonForm.Meta.fields) if person else {}), **sent}
    form = PersonForm({k: ("" if v is None else v) for k, v in data.items()}, instance=person)
    if person is None:
        del form.fields["active"]  # a new person is active; leaving is an edit
    if not form.is_valid():
        raise ValidationError({field: [str(e) for e in errors] for field, errors in form.errors.items()})
    return form.cleaned_data


@people.post("", response={201: PersonOut}, summary="Thêm một cá nhân vào một tổ chức")
def person_create(request, data: PersonIn):
    org = access.access_org(request.user, data.org, cap=Cap.MANAGE_PEOPLE)
    fields = _person_form(data.dict(exclude={"org"}))
    return Status(
        201, _person_out(request.user, people_services.person_create(actor=request.user, org=org, **fields))
    )


@people.patch(
    "/{person_id}", response=PersonOut, summary="Sửa thông tin, chuyển sinh hoạt hay ghi nhận đã chuyển đi"
)
def person_update(request, person_id: int, data: PersonPatchIn):
    person = access.access_person(request.user, person_id, cap=Cap.MANAGE_PEOPLE)
    sent = data.dict(exclude_unset=True)
    to_org = sent.pop("org", None)
    reason = sent.pop("reason", "")
    target = access.access_org(request.user, to_org, cap=Cap.MANAGE_PEOPLE) if to_org is not None else None
    if sent:
        fields = _person_form(sent, person)
        person = people_services.person_update(actor=request.user, person=person, **fields)
    if target is not None and target.pk != person.org_id:
        person = people_services.person_move(actor=request.user, person=person, to_org=target, reason=reason)
    return _person_out(request.user, person)


# --- Years, plans and commitments ------------------------------------------------------------------

years = Router(tags=["Năm"])


def _year_out(period) -> dict:
    return {
        **{f: getattr(period, f) for f in ("id", "org_id", "year", "theme", "state", "min_actions",
                                           "plan_deadline", "commitment_deadline", "yearend_deadline")},
        "breakthroughs": [b.title for b in period.breakthroughs.all()],
    }  # fmt: skip


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
    found = cycle_selectors.record_list(request.user, cycle_selectors.RecordFilters(
        year=filters.year, org=org, kind=_words(filters.kind), state=_words(filters.state), late=filters.late,
        query=_words(filters.q),
    ))  # fmt: skip
    return [_record_out(r) for r in found]


def _detail(record) -> dict:
    items = record.items.select_related("breakthrough").order_by("position", "id")
    return {**_record_out(record), "items": list(items)}


def _items_in(record, sent: list[ItemIn]) -> list[cycle_services.ItemInput]:
    """The actions sent, each with its nội dung đột phá found by title among those in force at the record's
    org that year; a title not there is refused (422), as no page could choose it."""
    in_force = {clean(b.title): b for b in rules_for(record.org, record.year).breakthroughs()}
    items, errors = [], []
    for n, item in enumerate(sent, start=1):
        fields = item.dict(exclude={"breakthrough"})
        wanted = clean(item.breakthrough)
        if wanted and wanted not in in_force:
            errors.append(_("Dòng %(n)s: “%(title)s” không phải nội dung đột phá của năm tại tổ chức này.")
                          % {"n": n, "title": wanted})  # fmt: skip
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
    try:
        saved = cycle_services.record_save(
            actor=request.user, record=record, version=data.version, items=items,
            on_behalf=cycle_access.writes_on_behalf(request.user, record),
        )  # fmt: skip
    except cycle_services.ConflictError as exc:
        raise HttpError(409, " ".join(exc.messages)) from None
    return _detail(saved)


@records.post("/{record_id}/self-assess", response=RecordDetailOut, summary="Tự đánh giá cuối năm")
def record_self_assess(request, record_id: int, data: SelfAssessIn):
    record = cycle_access.access_record(request.user, record_id, action=Action.SELF_ASSESS)
    items = {item.pk: item for item in record.items.all()}
    assessments = [
        cycle_services.AssessmentInput(item=items[r.item_id], result=r.result, note=r.note)
        for r in data.results if r.item_id in items
    ]  # fmt: skip
    return _detail(cycle_services.record_self_assess(
        actor=request.user, record=record, assessments=assessments, comment=data.comment,
        on_behalf=cycle_access.writes_on_behalf(request.user, record),
    ))  # fmt: skip


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
    return _detail(cycle_services.record_rate(
        actor=request.user, record=record, rating=data.rating, score=data.score, comment=data.comment
    ))  # fmt: skip


# --- Activities ------------------------------------------------------------------------------------

activities = Router(tags=["Hoạt động"])


class AttendeeOut(Schema):
    person_id: int
    person_name: str
    status: str


class StudyOut(Schema):
    id: int
    org_id: int
    org_name: str
    held_on: datetime.date
    year: int
    kind: str
    topic: str
    minutes: str
    attendance: list[AttendeeOut] = []


class ExemplarOut(Schema):
    id: int
    org_id: int
    org_name: str
    person_id: int | None
    person_name: str | None
    title: str
    achievements: str
    nominated_on: datetime.date
    year: int
    state: str
    published: bool


class InspectionOut(Schema):
    id: int
    org_id: int
    org_name: str
    target_id: int
    target_name: str
    year: int
    kind: str
    focus: str
    planned_month: int
    status: str
    executed_on: datetime.date | None
    findings: str
    conclusion: str
    recommendations: str
    follow_up_due: datetime.date | None


class AttendeeIn(Schema):
    person_id: Id  # looked for among the org's people
    status: str  # present, excused or absent


class StudyIn(Schema):
    """A session held by ``org`` (the org or one of its subtree's people attend); the topic defaults to the
    year's theme."""

    org: Id
    held_on: datetime.date
    kind: str = "thematic"
    topic: Text = ""
    minutes: Text = ""
    attendance: list[AttendeeIn] = []


class ExemplarIn(Schema):
    """A person of ``org``'s subtree (``person``) or the collective ``org`` itself, nominated."""

    org: Id
    person: Id | None = None
    title: Text
    achievements: Text
    nominated_on: datetime.date
    story: Text = ""
    consent: bool = False
    consent_note: Text = ""


class InspectionPlanIn(Schema):
    """A line of ``org``'s programme of inspection or supervision of ``target`` (an org below it)."""

    org: Id
    target: Id
    year: Year
    kind: str = "inspection"
    planned_month: Count
    focus: Text = DEFAULT_FOCUS


class InspectionRecordIn(Schema):
    executed_on: datetime.date
    team: Text = ""
    content: Text = ""
    findings: Text
    conclusion: Text
    recommendations: Text = ""
    follow_up_due: datetime.date | None = None


def _scoped(request, qs, org: int | None, year: int | None):
    if org is not None:
        qs = qs.filter(subtree_q(access.access_org(request.user, org).path, "org__path"))
    if year is not None:
        qs = qs.filter(year=year)
    return qs.select_related("org")


def _study_out(session, with_attendance: bool = False) -> dict:
    out = {f: getattr(session, f) for f in ("id", "org_id", "held_on", "year", "kind", "topic", "minutes")}
    out["org_name"] = session.org.name
    if with_attendance:
        out["attendance"] = [
            {"person_id": a.person_id, "person_name": a.person.full_name, "status": a.status}
            for a in session.attendance.select_related("person").order_by("person__name_sort", "id")
        ]
    return out


@activities.get("/study-sessions", response=list[StudyOut], summary="Sinh hoạt chuyên đề, học tập")
@paginate(Page)
def study_list(request, org: Id | None = None, year: Year | None = None):
    found = _scoped(request, activity_access.study_sessions_visible_to(request.user), org, year)
    return [_study_out(s) for s in found.order_by("-held_on", "id")]


@activities.get("/study-sessions/{session_id}", response=StudyOut, summary="Một buổi sinh hoạt, với người dự")
def study_detail(request, session_id: int):
    return _study_out(activity_access.access_session(request.user, session_id), with_attendance=True)


@activities.post(
    "/study-sessions", response={201: StudyOut}, summary="Ghi một buổi học tập, sinh hoạt với người dự"
)
def study_create(request, data: StudyIn):
    org = access.access_org(request.user, data.org, cap=Cap.RECORD_ACTIVITIES)
    session = study_services.study_create(
        actor=request.user, org=org, data=study_services.StudyInput(
            held_on=data.held_on, kind=data.kind, topic=data.topic, minutes=data.minutes
        ), attendance=[(a.person_id, a.status) for a in data.attendance],
    )  # fmt: skip
    return Status(201, _study_out(session, with_attendance=True))


def _exemplar_out(exemplar) -> dict:
    return {
        **{f: getattr(exemplar, f) for f in ("id", "org_id", "person_id", "title", "achievements", "nominated_on",
                                             "year", "state", "published")},
        "org_name": exemplar.org.name,
        "person_name": exemplar.person.full_name if exemplar.person_id else None,
    }  # fmt: skip


@activities.get("/exemplars", response=list[ExemplarOut], summary="Gương điển hình")
@paginate(Page)
def exemplar_list(request, org: Id | None = None, year: Year | None = None):
    found = _scoped(request, activity_access.exemplars_visible_to(request.user), org, year).select_related(
        "person"
    )
    return [_exemplar_out(e) for e in found.order_by("-nominated_on", "id")]


@activities.get("/exemplars/{exemplar_id}", response=ExemplarOut, summary="Một gương điển hình")
def exemplar_detail(request, exemplar_id: int):
    return _exemplar_out(activity_access.access_exemplar(request.user, exemplar_id))


@activities.post("/exemplars", response={201: ExemplarOut}, summary="Đề cử một gương điển hình")
def exemplar_create(request, data: ExemplarIn):
    org = access.access_org(request.user, data.org, cap=Cap.RECORD_ACTIVITIES)
    person = access.access_person(request.user, data.person) if data.person is not None else None
    exemplar = exemplar_services.exemplar_nominate(
        actor=request.user, org=org, person=person, **data.dict(exclude={"org", "person"})
    )
    return Status(201, _exemplar_out(exemplar))


def _inspection_out(inspection) -> dict:
    return {
        **{f: getattr(inspection, f) for f in ("id", "org_id", "target_id", "year", "kind", "focus", "planned_month",
                                               "status", "executed_on", "findings", "conclusion", "recommendations",
                                               "follow_up_due")},
        "org_name": inspection.org.name,
        "target_name": inspection.target.name,
    }  # fmt: skip


@activities.get(
    "/inspections", response=list[InspectionOut], summary="Kiểm tra, giám sát (do mình làm hay nhận)"
)
@paginate(Page)
def inspection_list(request, org: Id | None = None, year: Year | None = None):
    found = _scoped(request, activity_access.inspections_visible_to(request.user), org, year)
    return [
        _inspection_out(i) for i in found.select_related("target").order_by("-year", "planned_month", "id")
    ]


@activities.get("/inspections/{inspection_id}", response=InspectionOut, summary="Một cuộc kiểm tra, giám sát")
def inspection_detail(request, inspection_id: int):
    return _inspection_out(activity_access.access_inspection(request.user, inspection_id))


@activities.post(
    "/inspections", response={201: InspectionOut}, summary="Đưa một cuộc kiểm tra, giám sát vào chương trình"
)
def inspection_plan(request, data: InspectionPlanIn):
    org = access.access_org(request.user, data.org, cap=Cap.INSPECT)
    target = access.access_org(request.user, data.target)
    inspection = inspection_services.inspection_plan(
        actor=request.user, org=org, data=inspection_services.PlanInput(
            target=target, **data.dict(include={"year", "kind", "planned_month", "focus"})
        ),
    )  # fmt: skip
    return Status(201, _inspection_out(inspection))


@activities.post(
    "/inspections/{inspection_id}/record", response=InspectionOut,
    summary="Ghi kết quả: ngày làm, phát hiện, kết luận, kiến nghị và hạn khắc phục",
)  # fmt: skip
def inspection_record(request, inspection_id: int, data: InspectionRecordIn):
    inspection = activity_access.access_inspection(request.user, inspection_id, cap=Cap.INSPECT)
    return _inspection_out(inspection_services.inspection_record(
        actor=request.user, inspection=inspection, data=inspection_services.RecordInput(**data.dict())
    ))  # fmt: skip


# --- Figures ---------------------------------------------------------------------------------------

figures = Router(tags=["Thống kê"])


@figures.get(
    "", response=DashboardOut, summary="Số liệu của trang Thống kê: toàn phạm vi và từng tổ chức trực thuộc"
)
def dashboard(request, org: Id, year: Year | None = None):
    unit = access.access_org(request.user, org)
    year = year or stats.today_year()
    if not 2000 <= year <= stats.today_year() + 1:
        raise Http404
    board = stats.dashboard(unit, year)
    return {
        "org_id": unit.pk, "org_name": unit.name, "year": year, "total": _numbers(board.total),
        "children": [{"org_id": row.org.pk, "org_name": row.org.name, **_numbers(row.figures)}
                     for row in board.children],
    }  # fmt: skip


def _numbers(found: stats.Figures) -> dict[str, int]:
    out = {}
    for f in dataclasses.fields(found):
        value = getattr(found, f.name)
        if isinstance(value, int):
            out[f.name] = value
        else:  # a Counter of ratings
            out.update({f"{f.name}_{k}": v for k, v in value.items()})
    return out


# --- Reorganisation --------------------------------------------------------------------------------

Cell = Annotated[Text, Field(max_length=255)]


class ReorganisationLineIn(Schema):
    """One row of a reorganisation file, with the file's words: ``op`` is ``thành lập``, ``hợp nhất``,
    ``chuyển``, ``đổi tên``, ``chia tách`` or ``giải thể``; ``date`` is dd/mm/yyyy (or yyyy-mm-dd)."""

    op: Cell
    code: Cell = ""
    new_code: Cell = ""
    new_name: Cell = ""
    new_kind: Cell = ""
    parent_code: Cell = ""
    date: Cell = ""


class ReorganisationIn(Schema):
    lines: list[ReorganisationLineIn] = Field(..., max_length=50_000)
    dry_run: bool = False
    reason: Annotated[Text, Field(max_length=500)] = ""


class ReorganisationProblemOut(Schema):
    row: int  # the line's place in ``lines``, from 1; 0 for the whole request
    column: str
    message: str


class ReorganisationChangeOut(Schema):
    code: str
    before: str
    after: str


class ReorganisationTotalsOut(Schema):
    label: str
    before: dict[str, int]
    after: dict[str, int]
    equal: bool


class ReorganisationOut(Schema):
    applied: bool
    id: int | None
    problems: list[ReorganisationProblemOut]
    changes: list[ReorganisationChangeOut]
    people_moving: int
    records_moving: int
    grants_ending: list[str]
    totals: list[ReorganisationTotalsOut]


class ReorganisationRefusedOut(Schema):
    """A refusal: the rows' problems (with what was measured before the refusal), or a body that could not
    be read (``detail`` and ``errors`` alone)."""

    detail: str
    applied: bool = False
    id: int | None = None
    problems: list[ReorganisationProblemOut] = []
    changes: list[ReorganisationChangeOut] = []
    people_moving: int = 0
    records_moving: int = 0
    grants_ending: list[str] = []
    totals: list[ReorganisationTotalsOut] = []


reorganisations = Router(tags=["Sắp xếp tổ chức"])


@reorganisations.post(
    "", response={200: ReorganisationOut, 422: ReorganisationRefusedOut},
    summary="Sắp xếp tổ chức theo các dòng (như tệp sắp xếp): kiểm tra rồi áp dụng trong một giao dịch",
)  # fmt: skip
def reorganisation_run(request, data: ReorganisationIn):
    import_access.access_reorganise(request.user)
    lines, problems = reorg.read_items(line.dict() for line in data.lines)
    outcome = reorg.run(
        lines, actor=request.user, dry_run=data.dry_run, reason=data.reason, source="API", problems=problems
    )
    found = _outcome_out(outcome)
    if not outcome.ok:
        detail = _("Không ghi gì: %(n)s lỗi.") % {"n": len(outcome.problems)}
        return Status(422, {"detail": detail, **found})
    return found


def _outcome_out(outcome: reorg.Outcome) -> dict:
    return {
        "applied": outcome.applied,
        "id": outcome.reorganisation.pk if outcome.reorganisation else None,
        "problems": [{"row": p.row, "column": p.column, "message": p.message} for p in outcome.problems],
        "changes": [dataclasses.asdict(c) for c in outcome.changes if c.before != c.after],
        "people_moving": outcome.people_moving,
        "records_moving": outcome.records_moving,
        "grants_ending": outcome.grants_ending,
        "totals": [{"label": t.label, "before": t.before, "after": t.after, "equal": t.equal} for t in outcome.totals],
    }


api.add_router("/orgs", orgs)
api.add_router("/people", people)
api.add_router("/years", years)
api.add_router("/records", records)
api.add_router("/dashboard", figures)
api.add_router("/reorganisations", reorganisations)
api.add_router("", activities)
