"""The activities hub: one entry in the menu for study, pilot models, exemplars, inspections, documents."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def hub(request: HttpRequest) -> HttpResponse:
    """Links only: every list behind them is scoped by its own view."""
    return render(request, "activities/hub.html")
