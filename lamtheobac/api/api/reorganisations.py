"""A whole reorganisation: ``/reorganisations``."""

# no ``from __future__ import annotations``: django-ninja reads the parameter types at import time

import dataclasses
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from lamtheobac.imports import access as import_access
from lamtheobac.imports.services import reorganise as reorg

from .common import Text

Cell = Annotated[Text, Field(max_length=255)]


class ReorganisationLineIn(Schema):
    """One row of a reorganisation file, with the file's words: ``op`` is ``thành lập``, ``hợp nhất``,
    ``chuyển``, ``đổi tên``, ``chia tách`` or ``giải thể``; ``date`` is dd/mm/yyyy (or yyyy-mm-dd)."""

    op: Cell
    code: Cell = ""
    new_code: Cell = ""
    new_name: Cell = ""
    new_kind: Cell = ""
    parent_code: Cell = ""
    date: Cell = ""


class ReorganisationIn(Schema):
    lines: list[ReorganisationLineIn] = Field(..., max_length=50_000)
    dry_run: bool = False
    reason: Annotated[Text, Field(max_length=500)] = ""


class ReorganisationProblemOut(Schema):
    row: int  # the line's place in ``lines``, from 1; 0 for the whole request
    column: str
    message: str


class ReorganisationChangeOut(Schema):
    code: str
    before: str
    after: str


class ReorganisationTotalsOut(Schema):
    label: str
    before: dict[str, int]
    after: dict[str, int]
    equal: bool


class ReorganisationOut(Schema):
    applied: bool
    id: int | None
    problems: list[ReorganisationProblemOut]
    changes: list[ReorganisationChangeOut]
    people_moving: int
    records_moving: int
    grants_ending: list[str]
    totals: list[ReorganisationTotalsOut]


class ReorganisationRefusedOut(Schema):
    """A refusal: the rows' problems (with what was measured before the refusal), or a body that could not
    be read (``detail`` and ``errors`` alone)."""

    detail: str
    applied: bool = False
    id: int | None = None
    problems: list[ReorganisationProblemOut] = []
    changes: list[ReorganisationChangeOut] = []
    people_moving: int = 0
    records_moving: int = 0
    grants_ending: list[str] = []
    totals: list[ReorganisationTotalsOut] = []


reorganisations = Router(tags=["Sắp xếp tổ chức"])


@reorganisations.post(
    "",
    response={200: ReorganisationOut, 422: ReorganisationRefusedOut},
    summary="Sắp xếp tổ chức theo các dòng (như tệp sắp xếp): kiểm tra rồi áp dụng trong một giao dịch",
)
def reorganisation_run(request, data: ReorganisationIn):
    import_access.access_reorganise(request.user)
    lines, problems = reorg.read_items(line.dict() for line in data.lines)
    outcome = reorg.run(
        lines, actor=request.user, dry_run=data.dry_run, reason=data.reason, source="API", problems=problems
    )
    found = _outcome_out(outcome)
    if not outcome.ok:
        detail = _("Không ghi gì: %(n)s lỗi.") % {"n": len(outcome.problems)}
        return Status(422, {"detail": detail, **found})
    return found


def _outcome_out(outcome: reorg.Outcome) -> dict:
    return {
        "applied": outcome.applied,
        "id": outcome.reorganisation.pk if outcome.reorganisation else None,
        "problems": [{"row": p.row, "column": p.column, "message": p.message} for p in outcome.problems],
        "changes": [dataclasses.asdict(c) for c in outcome.changes if c.before != c.after],
        "people_moving": outcome.people_moving,
        "records_moving": outcome.records_moving,
        "grants_ending": outcome.grants_ending,
        "totals": [
            {"label": t.label, "before": t.before, "after": t.after, "equal": t.equal} for t in outcome.totals
        ],
    }
