"""Study sessions, exemplars, inspections."""

# no ``from __future__ import annotations``: django-ninja reads the parameter types at import time

import datetime

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from lamtheobac.activities import access as activity_access
from lamtheobac.activities.models import DEFAULT_FOCUS
from lamtheobac.activities.services import exemplars as exemplar_services
from lamtheobac.activities.services import inspections as inspection_services
from lamtheobac.activities.services import study as study_services
from lamtheobac.organisation import access
from lamtheobac.organisation.roles import Cap

from .. import access as api_access
from .common import Count, Id, Page, Text, Year

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
    qs = api_access.under_org(request.user, qs, org)
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
        actor=request.user,
        org=org,
        data=study_services.StudyInput(
            held_on=data.held_on, kind=data.kind, topic=data.topic, minutes=data.minutes
        ),
        attendance=[(a.person_id, a.status) for a in data.attendance],
    )
    return Status(201, _study_out(session, with_attendance=True))


def _exemplar_out(exemplar) -> dict:
    return {
        **{
            f: getattr(exemplar, f)
            for f in (
                "id",
                "org_id",
                "person_id",
                "title",
                "achievements",
                "nominated_on",
                "year",
                "state",
                "published",
            )
        },
        "org_name": exemplar.org.name,
        "person_name": exemplar.person.full_name if exemplar.person_id else None,
    }


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
        **{
            f: getattr(inspection, f)
            for f in (
                "id",
                "org_id",
                "target_id",
                "year",
                "kind",
                "focus",
                "planned_month",
                "status",
                "executed_on",
                "findings",
                "conclusion",
                "recommendations",
                "follow_up_due",
            )
        },
        "org_name": inspection.org.name,
        "target_name": inspection.target.name,
    }


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
        actor=request.user,
        org=org,
        data=inspection_services.PlanInput(
            target=target, **data.dict(include={"year", "kind", "planned_month", "focus"})
        ),
    )
    return Status(201, _inspection_out(inspection))


@activities.post(
    "/inspections/{inspection_id}/record",
    response=InspectionOut,
    summary="Ghi kết quả: ngày làm, phát hiện, kết luận, kiến nghị và hạn khắc phục",
)
def inspection_record(request, inspection_id: int, data: InspectionRecordIn):
    inspection = activity_access.access_inspection(request.user, inspection_id, cap=Cap.INSPECT)
    return _inspection_out(
        inspection_services.inspection_record(
            actor=request.user, inspection=inspection, data=inspection_services.RecordInput(**data.dict())
        )
    )
