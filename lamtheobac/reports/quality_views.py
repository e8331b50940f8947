"""The quality of commitments for an org's subtree and a year: figures per child org, clusters of
near-identical commitments, commitments repeating last year's, commitments with mostly vague actions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lamtheobac.organisation import lineage
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.quality import access as quality_access
from lamtheobac.quality import selectors

from . import selectors as reports_selectors
from .views import breadcrumbs, no_dashboard, org_and_year, view_of


@login_required
def quality(request: HttpRequest) -> HttpResponse:
    org, year = org_and_year(request)
    if org is None:
        return no_dashboard(request)
    carried, existed = lineage.carried_words(org, year), org_selectors.exists_in(org, year)
    view = view_of(request, carried, existed)
    carry = view == "lineage"
    board = reports_selectors.dashboard(org, year, lineage=carry)
    groups, group_count = selectors.clusters(org, year, lineage=carry)
    named = {o.pk: quality_access.may_name_copiers(request.user, o) for o in {g.org for g in groups} | {org}}
    copied, copied_count = selectors.copied_last_year(org, year, lineage=carry)
    vague, vague_count = selectors.mostly_vague(org, year, lineage=carry)
    context = {
        "org": org,
        "year": year,
        "years": reports_selectors.years_of(org),
        "board": board,
        "total": board.total,
        "view": view,
        "views": bool(carried) and existed,
        "carried": carried,
        "existed": existed,
        "crumbs": breadcrumbs(request.user, org, year, view),
        "groups": [(g, named.get(g.org.pk, False)) for g in groups],
        "group_count": group_count,
        "may_name": named[org.pk],
        "copied": copied,
        "copied_count": copied_count,
        "vague": vague,
        "vague_count": vague_count,
        "limit": selectors.LIST_LIMIT,
        "title": _("Chất lượng bản cam kết năm %(year)s") % {"year": year},
    }
    return render(request, "reports/quality.html", context)
