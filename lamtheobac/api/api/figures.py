"""The dashboard's figures: ``/dashboard``."""

# no ``from __future__ import annotations``: django-ninja reads the parameter types at import time

import dataclasses

from ninja import Router, Schema

from lamtheobac.reports import selectors as reports_selectors

from .. import access as api_access
from .common import Id, Year


class DashboardOut(Schema):
    org_id: int
    org_name: str
    year: int
    total: dict[str, int]
    children: list[dict]


figures = Router(tags=["Thống kê"])


@figures.get(
    "", response=DashboardOut, summary="Số liệu của trang Thống kê: toàn phạm vi và từng tổ chức trực thuộc"
)
def dashboard(request, org: Id, year: Year | None = None):
    unit, year = api_access.access_dashboard(request.user, org, year)
    board = reports_selectors.dashboard(unit, year)
    return {
        "org_id": unit.pk,
        "org_name": unit.name,
        "year": year,
        "total": _numbers(board.total),
        "children": [
            {"org_id": row.org.pk, "org_name": row.org.name, **_numbers(row.figures)}
            for row in board.children
        ],
    }


def _numbers(found: reports_selectors.Figures) -> dict[str, int]:
    out = {}
    for f in dataclasses.fields(found):
        value = getattr(found, f.name)
        if isinstance(value, int):
            out[f.name] = value
        else:  # a Counter of ratings
            out.update({f"{f.name}_{k}": v for k, v in value.items()})
    # the people figures again, Party members and non-party participants apart (``*_party``, ``*_nonparty``)
    out.update(found.split())
    return out
