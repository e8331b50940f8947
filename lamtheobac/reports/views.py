"""The dashboard of an org and a year, its charts' data and its Excel workbook."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheobac.cycle.meetings import selectors as meetings
from lamtheobac.lib import xlsx
from lamtheobac.lib.fields import parse_int
from lamtheobac.lib.pagecache import cached_page
from lamtheobac.organisation import access as org_access
from lamtheobac.organisation import lineage
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation import services as org_services
from lamtheobac.organisation.models import Org, path_ids
from lamtheobac.organisation.roles import Cap

from . import access, charts, exports, selectors, tasks
from .selectors import Dashboard


def org_and_year(request: HttpRequest) -> tuple[Org | None, int]:
    """``?org=`` cleared through ``access_org`` (404 outside the scope), else the user's first root (None
    for a member, who has no dashboard); ``?year=``, else the current year."""
    org_id = request.GET.get("org")
    if org_id:
        org = org_access.access_org(request.user, org_id)
    else:
        org = org_access.root_orgs_for(request.user).order_by("path").first()
    year = parse_int(request.GET.get("year", ""))
    if year is None:
        year = selectors.today_year()
    if not 2000 <= year <= selectors.today_year() + 1:
        raise Http404
    return org, year


def view_of(request: HttpRequest, carried: str, existed: bool) -> str:
    """``lineage`` (today's unit with its predecessors' years carried in) or ``as_it_was`` (the tree on the
    year's last day): ``?view=``, else the one that shows something (a unit that did not exist that year is
    shown with its predecessors)."""
    asked = request.GET.get("view")
    if asked in ("lineage", "as_it_was") and (existed or asked == "lineage"):
        return asked
    return "as_it_was" if existed else "lineage"


def breadcrumbs(user, org: Org, year: int | None = None, view: str = "lineage") -> list[Org]:
    """The org's ancestors the user may open (the dashboard goes back up no higher), then the org: in today's
    tree, or, counted as it was, in ``year``'s tree with the names of that year (Đảng bộ huyện Bạch Thông
    under Đảng bộ tỉnh Bắc Kạn in 2020, whatever became of them)."""
    path, names = org.path, {}
    if year is not None and view == "as_it_was" and (then := org_selectors.path_in(org, year)):
        path = then
        names = org_selectors.names_in_year(path_ids(then), year)
    ids = path_ids(path)[:-1]
    seen = {o.pk: o for o in org_access.orgs_visible_to(user).filter(pk__in=ids).only("id", "name", "path")}
    for pk, name in names.items():
        if pk in seen:
            seen[pk].name = name  # shown only: these instances are never saved
    return [seen[i] for i in ids if i in seen] + [org]


def no_dashboard(request: HttpRequest) -> HttpResponse:
    messages.info(
        request, _("Trang thống kê dành cho cấp ủy và cán bộ theo dõi; bạn xem bản cam kết của mình tại đây.")
    )
    return redirect("home")


@login_required
@cached_page
def dashboard(request: HttpRequest) -> HttpResponse:
    org, year = org_and_year(request)
    if org is None:
        return no_dashboard(request)
    built = set(selectors.built_years())
    carried = lineage.carried_words(org, year)
    existed = org_selectors.exists_in(org, year)
    view = view_of(request, carried, existed)
    by_year, in_year = selectors.tree_rows(org, built, year, lineage=view == "lineage")
    years, history = selectors.history(org, built, by_year)
    board: Dashboard = selectors.dashboard(org, year, lineage=view == "lineage", built=built, kept=in_year)
    context = {
        "org": org,
        "year": year,
        "years": years,
        "board": board,
        "view": view,
        "views": bool(carried) and existed,  # both views differ: offer the switch
        "carried": carried,
        "existed": existed,
        "total": board.total,
        "history": history,
        "crumbs": breadcrumbs(request.user, org, year, view),
        "charts": charts.dashboard_charts(board, history),
        "meetings": meetings.monthly_counts(org, year, today=timezone.localdate()),
        "title": _("Thống kê năm %(year)s") % {"year": year},
        # offered only to whom they open for (an inspector sees the figures, reminds nobody, writes no report)
        "may_remind": org_access.can(request.user, Cap.REMIND, org),
        "may_write_report": access.may_write_report(request.user, org),
    }
    return render(request, "reports/dashboard.html", context)


@login_required
def dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    """The dashboard's workbook, written in the request; for an org with more than ``EXPORT_QUEUE_FROM``
    orgs in its tree (a province, the country), by a worker of the queue: asked for here (GET shows what
    will be made, POST queues it), then followed and downloaded on the export's page."""
    org, year = org_and_year(request)  # a POST names them in its URL too
    if org is None:
        return no_dashboard(request)
    view = view_of(request, lineage.carried_words(org, year), org_selectors.exists_in(org, year))
    carried = view == "lineage"
    tree = selectors.tree_figures(org, year, lineage=carried)
    name = xlsx.file_name("thong-ke", str(year), org.name)
    if len(tree[0]) > settings.EXPORT_QUEUE_FROM:
        if request.method == "POST":
            export = org_services.export_request(
                actor=request.user,
                org=org,
                kind=org_services.DASHBOARD,
                params={"year": year, "view": view},
                total=len(tree[0]),
                filename=name,
                sensitive=False,
                task=tasks.export_dashboard,
            )
            return redirect("organisation:export-detail", export_id=export.pk)
        context = {"org": org, "year": year, "view": view, "orgs": len(tree[0]), "filename": name}
        return render(request, "reports/dashboard_export.html", context)
    board = selectors.dashboard(org, year, lineage=carried)
    return exports.dashboard_xlsx(board, selectors.history(org)[1], tree)
