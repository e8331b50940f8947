"""The check under an action while it is being written (htmx, after a short pause in typing)."""

from __future__ import annotations

import datetime
import re

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_POST

from lamtheobac.cycle import workflow
from lamtheobac.cycle.models import ACTION_MAX, TEXT_MAX
from lamtheobac.cycle.workflow import Action

from . import access
from .checks import record_findings

_ROW = re.compile(r"[0-9a-z]{1,32}")


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(value.strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


@login_required
@require_POST
def check(request: HttpRequest, record_id: int) -> HttpResponse:
    """Findings on one row of the record's form: ``check`` names the row, its fields are
    ``action-<row>``, ``target-<row>``, ``deadline-<row>``. Only someone who may edit the record asks."""
    record = access.access_record_being_written(request.user, record_id)
    if not workflow.allowed(record.state, Action.EDIT):
        # Submitted or approved: nothing is being written. A check typed just before "Nộp" can arrive after
        # it; it is answered with nothing rather than an error the writer would see in the console.
        return HttpResponse(status=204)
    row = request.POST.get("check", "")
    if not _ROW.fullmatch(row):
        return HttpResponseBadRequest()
    action = request.POST.get(f"action-{row}", "")[: ACTION_MAX * 2]
    target = request.POST.get(f"target-{row}", "")[: TEXT_MAX * 2]
    deadline = _date(request.POST.get(f"deadline-{row}", ""))
    findings = record_findings(record, action, target, deadline)
    return render(request, "quality/_hints.html", {"findings": findings})
