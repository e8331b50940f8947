"""The catalogue of chuyên đề of an org: the themes its years may pick (its own and its superiors'), and,
for whoever opens years there, adding one. Each view: access → form → service or selector → render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheobac.organisation import access as org_access
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation.roles import Cap

from .. import selectors, services
from ..forms import ThemeForm
from ..models import ThemeKind
from .common import _errors_to_form, _year_param


@login_required
def theme_list(request: HttpRequest, org_id: int) -> HttpResponse:
    org = org_access.access_org(request.user, org_id, cap=Cap.VIEW_ORGS)
    may_add = org_access.can(request.user, Cap.OPEN_PERIOD, org)
    if request.method == "POST" and not may_add:
        raise PermissionDenied
    year = _year_param(request) or timezone.localdate().year
    usable = list(selectors.themes_usable_at(org, year))
    terms = [t for t in selectors.themes_on_path(org, year) if t.kind == ThemeKind.TERM]
    form = ThemeForm(
        request.POST or None,
        parents=terms,
        initial={"kind": ThemeKind.YEARLY, "first_year": year, "last_year": year},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            theme = services.theme_create(
                actor=request.user,
                org=org,
                kind=d["kind"],
                title=d["title"],
                first_year=d["first_year"],
                last_year=d["last_year"],
                parent=form.parent_theme(),
                document=d["document"],
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Đã thêm chuyên đề “%(title)s” vào danh mục.") % {"title": theme.title}
            )
            return redirect(f"{request.path}?year={year}")
    context = {
        "org": org,
        "year": year,
        "themes": usable,
        "form": form if may_add else None,
        "breadcrumbs": org_selectors.org_breadcrumbs(org),
        "title": _("Danh mục chuyên đề: %(org)s") % {"org": org.name},
    }
    return render(request, "cycle/theme_list.html", context)
