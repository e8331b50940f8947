"""Scope rules of the dashboard and the report writer for tests/test_scope.py."""

from __future__ import annotations

import datetime

from lamtheobac.reports.models import Report, ReportKind

ROUTES = {
    # without ?org= the dashboard shows the user's own subtree; ?org= outside it is tested in test_dashboard
    "reports:dashboard": "self",
    "reports:dashboard-xlsx": "self",
    "reports:dashboard-rows": "self",
    "reports:report-list": "self",
    # ?org= outside the scope is tested in test_report_views
    "reports:report-start": "query",
    "reports:report-edit": lambda c: {"report_id": c.report_b.pk},
    "reports:report-redraft": lambda c: {"report_id": c.report_b.pk},
    "reports:report-docx": lambda c: {"report_id": c.report_b.pk},
}

SECRETS = ["Báo cáo mật Bắc Sơn 4477"]


def _report(org, words: str) -> Report:
    """A saved report, written straight to the table: the scope tests need its row, not a draft."""
    return Report.objects.create(
        org=org, kind=ReportKind.INTERIM, year_from=2025, year_to=2026, issuer=org.name.upper(), place="Thử",
        issued_on=datetime.date(2026, 11, 20), title=f"Sơ kết {words}",
        sections=[{"key": "intro", "heading": "", "level": 0, "text": words}],
    )  # fmt: skip


def build(cast) -> None:
    """A report in each district; district B's names a secret, district A's names Lục Bình."""
    cast.report_a = _report(cast.commune_a1, "Báo cáo của xã Lục Bình")
    cast.report_b = _report(cast.district_b, "Báo cáo mật Bắc Sơn 4477")


def MIRROR(cast) -> dict:
    return {"report_id": cast.report_a.pk}
