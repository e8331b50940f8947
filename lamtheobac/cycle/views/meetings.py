"""The monthly cell meeting: a cell's year of meetings, recording and correcting one, reading one. Each view:
access → form → service or selector → render or redirect. Phone-first: one column, big radio buttons."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheobac.lib.fields import parse_int
from lamtheobac.organisation import selectors as org_selectors

from .. import access, selectors
from ..meetings import forms as meeting_forms
from ..meetings import selectors as meetings
from ..models import CellMeeting, CheckInStatus
from ..services import meetings as services
from .common import _errors_to_form, _year_param


def _year(request: HttpRequest, org) -> int:
    return _year_param(request) or selectors.current_year_for(org) or timezone.localdate().year


@login_required
def meeting_list(request: HttpRequest, org_id: int) -> HttpResponse:
    org = access.access_cell(request.user, org_id)
    year = _year(request, org)
    held = {m.month: m for m in meetings.meetings_of(org, year)}
    today = timezone.localdate()
    months = [
        {"month": m, "meeting": held.get(m), "ended": meetings.month_end(year, m) < today}
        for m in meetings.MONTHS
        if (year, m) <= (today.year, today.month)
    ]
    context = {
        "org": org,
        "year": year,
        "months": list(reversed(months)),
        "may_record": access.may_record_meeting(request.user, org),
        "breadcrumbs": org_selectors.org_breadcrumbs(org),
        "crumb_link_last": True,
    }
    return render(request, "cycle/meeting_list.html", context)


def _form_page(request: HttpRequest, org, year: int, meeting: CellMeeting | None) -> HttpResponse:
    people = meetings.people_of(org)
    month = meeting.month if meeting else parse_int(request.GET.get("month", ""), lo=1, hi=12)
    initial = {"month": month or timezone.localdate().month}
    if meeting is not None:
        initial = {
            "held_on": meeting.held_on,
            "presenter": meeting.presenter_id,
            "reviewed": [p.pk for p in meetings.reviewed_of(meeting)],
            "minutes": meeting.minutes,
        }
    form = meeting_forms.MeetingForm(
        request.POST or None, initial=initial, people=people, fixed_month=meeting is not None
    )
    kept = {c.item_id: c for c in meetings.check_ins_of(meeting)} if meeting else {}
    posted = meeting_forms.check_ins_from_post(request.POST) if request.method == "POST" else []
    if request.method == "POST" and form.is_valid():
        found = meetings.items_by_id([item_id for item_id, *_rest in posted])
        check_ins = [
            services.CheckIn(item=found.get(item_id), status=status, note=note, evidence=evidence)
            for item_id, status, note, evidence in posted
        ]
        d = form.cleaned_data
        try:
            saved = services.meeting_record(
                actor=request.user,
                org=org,
                year=year,
                month=d.get("month") or (meeting.month if meeting else 0),
                held_on=d["held_on"],
                presenter=d["presenter"],
                reviewed=list(d["reviewed"]),
                minutes=d["minutes"],
                check_ins=check_ins,
                meeting=meeting,
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("Đã ghi nhận sinh hoạt chi bộ tháng %(m)s/%(y)s.") % {"m": saved.month, "y": saved.year},
            )
            return redirect("cycle:meeting-detail", meeting_id=saved.pk)
    answered = {item_id: (status, note, evidence) for item_id, status, note, evidence in posted}
    rows = []
    for item in access.meeting_items(org, year):
        if item.pk in answered:
            status, note, evidence = answered[item.pk]
        elif item.pk in kept:
            status, note, evidence = kept[item.pk].status, kept[item.pk].note, kept[item.pk].evidence
        else:
            status, note, evidence = "", "", ""
        rows.append({"item": item, "status": status, "note": note, "evidence": evidence})
    title = (
        _("Sửa sinh hoạt chi bộ tháng %(m)s/%(y)s") % {"m": meeting.month, "y": year}
        if meeting
        else _("Ghi nhận sinh hoạt chi bộ năm %(y)s") % {"y": year}
    )
    context = {
        "title": title,
        "org": org,
        "year": year,
        "meeting": meeting,
        "form": form,
        "rows": rows,
        "statuses": CheckInStatus.choices,
        "prefixes": {
            "status": meeting_forms.STATUS_PREFIX,
            "note": meeting_forms.NOTE_PREFIX,
            "evidence": meeting_forms.EVIDENCE_PREFIX,
        },
        "cancel": reverse("cycle:meeting-detail", args=[meeting.pk])
        if meeting
        else reverse("cycle:meeting-list", args=[org.pk]) + f"?year={year}",
    }
    return render(request, "cycle/meeting_form.html", context)


@login_required
def meeting_create(request: HttpRequest, org_id: int) -> HttpResponse:
    org = access.access_cell(request.user, org_id, write=True)
    return _form_page(request, org, _year(request, org), None)


@login_required
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access.access_meeting(request.user, meeting_id, write=True)
    return _form_page(request, meeting.org, meeting.year, meeting)


@login_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access.access_meeting(request.user, meeting_id)
    context = {
        "meeting": meeting,
        "org": meeting.org,
        "reviewed": meetings.reviewed_of(meeting),
        "check_ins": meetings.check_ins_of(meeting),
        "may_record": access.may_record_meeting(request.user, meeting.org),
        "breadcrumbs": org_selectors.org_breadcrumbs(meeting.org),
        "crumb_link_last": True,
    }
    return render(request, "cycle/meeting_detail.html", context)
