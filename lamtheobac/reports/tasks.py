"""Reports' work on the queue: the recount of every record's quality, then the dashboard's maintained counts
that read it (``manage.py quality_refresh --queue``)."""

from __future__ import annotations

import logging
from dataclasses import asdict

from django_tasks import task

from lamtheobac.quality.services import refresh_all

from .services import counters

logger = logging.getLogger(__name__)


@task()
def quality_refresh_all() -> dict:
    summary = refresh_all()
    counters.reconcile()
    logger.info("Đã đánh giá lại chất lượng %s kế hoạch, bản cam kết", summary.records)
    return asdict(summary)
