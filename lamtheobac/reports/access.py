"""The one door to the summary reports (báo cáo sơ kết, tổng kết).

Lists: ``reports_visible_to``. Objects: ``access_report`` (404 outside the scope, 403 inside without the
right). Reading and downloading a report needs VIEW_ORGS on its org; writing one needs ``may_write_report``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from lamtheobac.lib.fields import object_id
from lamtheobac.organisation import access as org_access
from lamtheobac.organisation.access import AnyUser
from lamtheobac.organisation.kinds import COMMITTEE_KINDS, LEADER_REPORT_KINDS
from lamtheobac.organisation.models import Org
from lamtheobac.organisation.roles import Cap

from .models import Report

# Writing a report is what opening a year is to an officer; the leaders of a commune, a grassroots committee
# or a cell, who write their own org's plan, write their own org's report too.
WRITE = Cap.OPEN_PERIOD
LEADER_WRITES_KINDS = LEADER_REPORT_KINDS


def reports_visible_to(user: AnyUser) -> QuerySet[Report]:
    """Reports of orgs in the user's subtrees (admins: all)."""
    q = org_access.subtree_filter(user, "org__path")
    return Report.objects.all() if q is None else Report.objects.filter(q)


def may_write_report(user: AnyUser, org: Org) -> bool:
    """Write, edit or redraft a report of ``org``: OPEN_PERIOD on it (officers, admins), or WRITE_PLANS on
    it when its leaders write its reports (a commune, a grassroots committee, a cell)."""
    if org_access.can(user, Cap.OPEN_PERIOD, org):
        return True
    return org.kind in LEADER_WRITES_KINDS and org_access.can(user, Cap.WRITE_PLANS, org)


def holds(user: AnyUser, cap: Cap, org: Org) -> bool:
    """``cap`` on ``org``, where WRITE (OPEN_PERIOD) means "may write its reports"."""
    if cap == WRITE:
        return may_write_report(user, org)
    return org_access.can(user, cap, org)


def access_report(user: AnyUser, report_id: int | str, *, cap: Cap | None = None) -> Report:
    """A report the user sees (404 otherwise); with ``cap``, 403 unless the user holds it on its org
    (VIEW_ORGS to read or download, WRITE to edit or redraft)."""
    pk = object_id(report_id)  # 404 for what is no id the column holds
    report = reports_visible_to(user).filter(pk=pk).select_related("org", "updated_by").first()
    if report is None:
        raise Http404
    if cap is not None and not holds(user, cap, report.org):
        raise PermissionDenied
    return report


def access_report_org(user: AnyUser, org_id: int | str) -> Org:
    """An org the user may write a report for: 404 outside the scope, 403 inside without the right."""
    org = org_access.access_org(user, org_id)
    if not may_write_report(user, org):
        raise PermissionDenied
    return org


def orgs_for_reports(user: AnyUser) -> QuerySet[Org]:
    """Party committees the user may write a report for, for the picker (cells are reached from their
    own dashboard, so that a district's picker does not list every cell)."""
    committees = LEADER_REPORT_KINDS & COMMITTEE_KINDS
    officer = org_access.orgs_visible_to(user, Cap.OPEN_PERIOD).filter(kind__in=COMMITTEE_KINDS)
    leader = org_access.orgs_visible_to(user, Cap.WRITE_PLANS).filter(kind__in=committees)
    return (officer | leader).filter(active=True).distinct().order_by("path")
