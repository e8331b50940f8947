"""Lagging units: who is behind the year's deadlines, and reminding them in one click. Each view: access →
form → service or selector → render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lamtheobac.lib.fields import parse_id, parse_int
from lamtheobac.lib.formatting import number
from lamtheobac.lib.paging import page_of
from lamtheobac.lib.web import YEAR_MAX, YEAR_MIN
from lamtheobac.organisation import access as org_access
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation.models import Org, OrgKind, subtree_q
from lamtheobac.organisation.roles import Cap

from .. import access, exports, selectors
from ..lagging import selectors as lagging
from ..lagging import services as reminding
from ..meetings import selectors as meetings
from ..models import RecordKind
from ..services import reminders as daily
from .common import _year_param

ERR_NO_TARGET = _("Chưa chọn đơn vị, cá nhân nào để nhắc.")

# Rows of the list per page: a unit's rows continue on the next page under its name and summary line.
ROWS_PER_PAGE = 50


def _filters(data) -> tuple[str | None, str | None]:
    """The kind of lateness (``status``) and of record (``kind``) asked for; anything else means all."""
    status = data.get("status")
    kind = data.get("kind")
    return (
        status if status in lagging.Status._value2member_map_ else None,
        kind if kind in RecordKind.values else None,
    )


def _org(request: HttpRequest) -> Org:
    """The org of ``?org=`` (404 outside the scope, 403 without the right to remind), else the first one
    the user may remind at."""
    org_id = request.GET.get("org")
    if org_id:
        return org_access.access_org(request.user, org_id, cap=Cap.REMIND)
    first = org_access.orgs_visible_to(request.user, Cap.REMIND).order_by("path").first()
    if first is None:
        raise PermissionDenied
    return first


def _page_url(org: Org, year: int, status: str | None = None, kind: str | None = None) -> str:
    query = f"?org={org.pk}&year={year}"
    query += f"&status={status}" if status else ""
    query += f"&kind={kind}" if kind else ""
    return reverse("cycle:lagging") + query


@login_required
@never_cache  # Back must not show a list of who is behind that has moved on
def lagging_list(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    year = _year_param(request) or selectors.current_year_for(org) or timezone.localdate().year
    report = lagging.lagging(org, year)
    status, kind = _filters(request.GET)
    if request.GET.get("format") == "xlsx":
        return exports.lagging_xlsx(report, status=status, kind=kind)
    years = (
        access.periods_visible_to(request.user).values_list("year", flat=True).distinct().order_by("-year")
    )
    orgs = (
        org_access.orgs_visible_to(request.user, Cap.REMIND)
        .filter(active=True)
        .exclude(kind=OrgKind.MASS_ORGANISATION)
    )
    lags = lagging.lags_filtered(report, status=status, kind=kind)
    units = lagging.lagging_units(report, lags)
    reachable = sum(lag.reachable for lag in lags)
    page = page_of(lagging.unit_rows(units), request, ROWS_PER_PAGE)
    context = {
        "org": org,
        "year": year,
        "report": report,
        "status": status or "",
        "kind": kind or "",
        "status_choices": [(s.value, lagging.STATUS_LABELS[s]) for s in lagging.Status],
        "kind_choices": list(lagging.KIND_LABELS.items()),
        "filtered": len(lags),
        "reachable": reachable,
        "unreachable": len(lags) - reachable,
        "units": units,
        "page": page,
        "shown": lagging.rows_by_unit(page.object_list),
        "years": sorted(set(years) | {year}, reverse=True),
        "org_choices": orgs.order_by("path").only("id", "name", "depth")[:500],
        "breadcrumbs": org_selectors.org_breadcrumbs(org),
        "crumb_link_last": True,
        # the three latest months ended: what the cells can still make up for
        "missing_meetings": meetings.cells_without_meeting(org, year, today=timezone.localdate())[:3],
    }
    return render(request, "cycle/lagging.html", context)


def _posted_ids(request: HttpRequest, name: str) -> set[int]:
    found = [parse_id(v) for v in request.POST.getlist(name)]
    if None in found:
        raise Http404
    return set(found)


def _check_targets(request: HttpRequest, org: Org, people: set[int], orgs: set[int]) -> None:
    """404 unless every posted person and org is in ``org``'s subtree and within the user's reach."""
    user = request.user
    if people:
        found = org_access.people_visible_to(user, Cap.REMIND).filter(
            subtree_q(org.path, "org__path"), pk__in=people
        )
        if found.count() != len(people):
            raise Http404
    if orgs:
        found_orgs = org_access.orgs_visible_to(user, Cap.REMIND).filter(subtree_q(org.path), pk__in=orgs)
        if found_orgs.count() != len(orgs):
            raise Http404


@login_required
@require_POST
def remind(request: HttpRequest) -> HttpResponse:
    org = org_access.access_org(request.user, request.POST.get("org"), cap=Cap.REMIND)
    year = parse_int(request.POST.get("year", ""), lo=YEAR_MIN, hi=YEAR_MAX)
    if year is None:
        raise Http404
    people, orgs = _posted_ids(request, "person"), _posted_ids(request, "target_org")
    _check_targets(request, org, people, orgs)
    everyone = request.POST.get("all") == "1"
    status, kind = _filters(request.POST)
    back = _page_url(org, year, status, kind)
    if not everyone and not people and not orgs:
        messages.error(request, ERR_NO_TARGET)
        return redirect(back)
    report = lagging.lagging(org, year)
    try:
        result = reminding.remind(
            actor=request.user,
            report=report,
            people=None if everyone else people,
            orgs=None if everyone else orgs,
            status=status,
            kind=kind,
            note=request.POST.get("note", ""),
            home_url=request.build_absolute_uri(reverse("home")),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(request, _summary(result))
    return redirect(back)


def _summary(result: reminding.RemindResult) -> str:
    """What the sender reads after clicking: sent, already waiting, mailed."""
    parts = [_("Đã gửi %(n)s lời nhắc.") % {"n": number(result.created)}]
    if result.already:
        parts.append(
            _("%(n)s nơi đã có lời nhắc chưa xem nên không gửi thêm.") % {"n": number(result.already)}
        )
    if result.skipped:
        parts.append(
            _("%(n)s hồ sơ chờ cấp trên duyệt, ngoài phạm vi đơn vị này nên không nhắc.")
            % {"n": number(result.skipped)}
        )
    if result.unreachable:
        parts.append(
            _(
                "%(n)s nơi chưa có tài khoản nhận lời nhắc nên không gửi: nên nhắc trực tiếp "
                "(hoặc cấp tài khoản, nhập hộ)."
            )
            % {"n": number(result.unreachable)}
        )
    if result.mailed:
        parts.append(_("Đã gửi %(n)s thư điện tử.") % {"n": number(result.mailed)})
    return " ".join(parts)


@login_required
@never_cache
def reminder_log(request: HttpRequest) -> HttpResponse:
    """What the daily run sent in an org's subtree, a day at a time (officers and leaders who may remind)."""
    org = _org(request)
    days = lagging.reminder_log_days(org)
    day = _day(request.GET.get("day", "")) or (days[0][0] if days else None)
    logs = lagging.reminder_logs_in(org, day=day) if day else lagging.reminder_logs_in(org)[:0]
    orgs = org_access.orgs_visible_to(request.user, Cap.REMIND).filter(active=True)
    context = {
        "org": org,
        "day": day,
        "days": days,
        "page": page_of(logs, request, ROWS_PER_PAGE),
        "org_choices": orgs.order_by("path").only("id", "name", "depth")[:500],
        "breadcrumbs": org_selectors.org_breadcrumbs(org),
    }
    return render(request, "cycle/reminder_log.html", context)


def _day(value: str):
    try:
        return parse_date(value)
    except ValueError:  # well formed, no such day
        return None


@login_required
@require_POST
def reminder_mail(request: HttpRequest) -> HttpResponse:
    """Mute or unmute the daily reminders' e-mails, for oneself only."""
    mute = request.POST.get("mute") == "1"
    daily.reminder_email_mute(actor=request.user, mute=mute)
    messages.success(
        request,
        _("Đã tắt thư nhắc nhở: lời nhắc chỉ hiện trong hệ thống.")
        if mute
        else _("Đã bật lại thư nhắc nhở."),
    )
    return redirect("home")
