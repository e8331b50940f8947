"""Reports' work on the queue: the recount of every record's quality, then the dashboard's maintained counts
that read it (``manage.py quality_refresh --queue``); the workbook of a big dashboard (``export_dashboard``); the
draft of a large org's report (``report_draft``, ``services.reports``)."""

from __future__ import annotations

import logging
from dataclasses import asdict

from django_tasks import task

from lamtheobac.organisation.services import export_jobs
from lamtheobac.quality.services import refresh_all

from . import exports
from .services import counters
from .services import reports as report_services

logger = logging.getLogger(__name__)


@task()
def quality_refresh_all() -> dict:
    summary = refresh_all()
    counters.reconcile()
    logger.info("Đã đánh giá lại chất lượng %s kế hoạch, bản cam kết", summary.records)
    return asdict(summary)


@task()
def export_dashboard(export_id: int) -> None:
    export_jobs.export_run(export_id, exports.write_dashboard_export)


@task()
def report_draft(report_id: int, version: int) -> bool:
    return report_services.report_draft_run(report_id, version)
