"""``manage.py figures --org CODE --year YEAR [--lineage]``: the dashboard's figures for one org and year, as
one JSON object on standard output, for other tools and for checking a page by hand.

The figures are ``selectors.dashboard``'s, the ones the dashboard, the year's page, the lagging page, the report
writer and the API show: counted on the tree as it stood on the year's last day ("as it was"; an org that
has since ended included), or with ``--lineage`` on today's tree, the years of the orgs carried into it
(its predecessors) included; filed as ``cycle.workflow.filed_q`` decides. ``plans_required`` is who must
file a plan (``orgs_required``); ``plans_not_filed`` and ``commitments_not_filed`` are who must file less who
filed."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from lamtheobac.organisation import lineage
from lamtheobac.organisation.models import Org
from lamtheobac.reports import selectors

ERR_NO_ORG = _("Không có tổ chức nào mang mã “%(code)s”.")
ERR_YEAR = _("Năm %(year)s không hợp lệ: chỉ xem được từ năm 2000 đến năm %(last)s.")


def figures_json(figures: selectors.Figures) -> dict:
    """``figures`` as plain numbers, with the two "not filed" counts beside the filed ones."""
    return {
        **figures.as_dict(),
        "plans_required": figures.orgs_required,
        "plans_not_filed": figures.orgs_required - figures.plans_filed,
        "commitments_not_filed": figures.people_required - figures.commitments_filed,
        # Party members and non-party participants apart: ``people_required`` and the rest count both
        **figures.split(),
    }


class Command(BaseCommand):
    help = "In số liệu của trang Thống kê cho một tổ chức và một năm, dạng một đối tượng JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--org", required=True, help="mã tổ chức")
        parser.add_argument("--year", type=int, required=True, help="năm")
        parser.add_argument(
            "--lineage",
            action="store_true",
            help="tính cả số liệu của các tổ chức tiền thân (theo cây hôm nay)",
        )

    def handle(self, *args, **options) -> None:
        org = Org.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(ERR_NO_ORG % {"code": options["org"]})
        year, last = options["year"], selectors.today_year() + 1
        if not 2000 <= year <= last:
            raise CommandError(ERR_YEAR % {"year": year, "last": last})
        board = selectors.dashboard(org, year, lineage=options["lineage"])
        codes = dict(
            Org.objects.filter(pk__in=[row.org.pk for row in board.children]).values_list("pk", "code")
        )
        out = {
            "org": org.code,
            "org_name": org.name,
            "year": year,
            "lineage": board.lineage,
            "existed": board.existed,
            "carried": lineage.carried_words(org, year) if board.lineage else "",
            **figures_json(board.total),
            "children": [
                {"org": codes[row.org.pk], "org_name": row.org.name, **figures_json(row.figures)}
                for row in board.children
            ],
        }
        self.stdout.write(json.dumps(out, ensure_ascii=False))
