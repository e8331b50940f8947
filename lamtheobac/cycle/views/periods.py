"""Years: open, edit, close, reopen, directing documents. Each view: access → form → service or selector → render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lamtheobac.lib import uploads
from lamtheobac.organisation import access as org_access
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation.roles import Cap

from .. import access, exports, selectors, services
from .. import registration as reg
from ..forms import (
    DocumentForm,
    PeriodForm,
    ReasonForm,
)
from ..models import Scoring
from ..selectors import rules_above, rules_for
from .common import _errors_to_form, _year_param

# --- Years ------------------------------------------------------------------------------------


@login_required
def period_list(request: HttpRequest) -> HttpResponse:
    periods = access.periods_visible_to(request.user).select_related("org").order_by("-year", "org__path")
    if request.GET.get("format") == "xlsx":
        return exports.periods_xlsx(periods)
    can_open = org_access.orgs_visible_to(request.user, Cap.OPEN_PERIOD).exists()
    return render(request, "cycle/period_list.html", {"periods": periods[:200], "can_open": can_open})


@login_required
def period_open(request: HttpRequest) -> HttpResponse:
    org_id = request.GET.get("org") or request.POST.get("org")
    if not org_id:
        roots = org_access.root_orgs_for(request.user)
        candidates = [o for o in roots if org_access.can(request.user, Cap.OPEN_PERIOD, o)]
        if not candidates:
            raise PermissionDenied
        year = _year_param(request) or timezone.localdate().year
        return redirect(f"{request.path}?org={candidates[0].pk}&year={year}")
    org = org_access.access_org(request.user, org_id, cap=Cap.OPEN_PERIOD)
    year = _year_param(request) or timezone.localdate().year
    inherited = rules_above(org, year)
    form = PeriodForm(
        request.POST or None,
        initial=PeriodForm.initial_for(year, inherited),
        themes=selectors.themes_usable_at(org, year),
    )
    if request.method == "POST" and form.is_valid():
        try:
            period = services.period_open(actor=request.user, org=org, data=form.to_input())
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Đã mở năm %(year)s tại %(org)s.") % {"year": period.year, "org": org.name}
            )
            return redirect("cycle:period-detail", period_id=period.pk)
    context = {
        "form": form,
        "org": org,
        "inherited": inherited,
        "breadcrumbs": org_selectors.org_breadcrumbs(org),
        "title": _("Mở năm thực hiện tại %(org)s") % {"org": org.name},
    }
    return render(request, "cycle/period_form.html", context)


@login_required
def period_detail(request: HttpRequest, period_id: int) -> HttpResponse:
    period = access.access_period(request.user, period_id)
    rules = rules_for(period.org, period.year)
    in_scope = org_access.orgs_visible_to(request.user).filter(pk=period.org_id).exists()
    context = {
        "period": period,
        "rules": rules,
        "breakthroughs": selectors.breakthroughs_in_force(rules),
        "programmes": selectors.programmes_in_force(rules),
        "documents": period.documents.all(),
        "events": period.events.select_related("actor")[:10],
        "reg": rules.registration,
        "reg_fields": [
            (name, reg.FIELD_LABELS[name], rules.registration.use(name)) for name in reg.ITEM_FIELDS
        ],
        "scoring_label": Scoring(rules.registration.scoring).label,
        "shares": selectors.excellent_shares(period, rules.registration.excellent_quota) if in_scope else [],
        "coverage": selectors.coverage(period.org, rules) if in_scope else None,
        "by_child": selectors.coverage_by_child(period.org, rules) if in_scope else [],
        "breadcrumbs": org_selectors.org_breadcrumbs(period.org) if in_scope else [],
        "can_edit": org_access.can(request.user, Cap.OPEN_PERIOD, period.org),
        "can_view_themes": in_scope and org_access.can(request.user, Cap.VIEW_ORGS, period.org),
        "can_reopen": org_access.can(request.user, Cap.REOPEN_PERIOD, period.org),
        "sub_orgs": period.org.children.filter(active=True).order_by("sort_order", "name_folded")
        if org_access.can(request.user, Cap.OPEN_PERIOD, period.org)
        else [],
    }
    return render(request, "cycle/period_detail.html", context)


@login_required
def period_edit(request: HttpRequest, period_id: int) -> HttpResponse:
    period = access.access_period(request.user, period_id, cap=Cap.OPEN_PERIOD)
    initial = PeriodForm.registration_initial(reg.from_period(period)) | {
        "year": period.year,
        "theme": period.theme,
        "catalogue_theme": period.catalogue_theme_id,
        "plan_deadline": period.plan_deadline,
        "commitment_deadline": period.commitment_deadline,
        "midyear_deadline": period.midyear_deadline,
        "yearend_deadline": period.yearend_deadline,
        "min_actions": period.min_actions,
        "interim_reviews": period.interim_reviews,
        "reminder_days": ", ".join(str(d) for d in period.reminder_days or []),
        "plan_org_kinds": period.plan_org_kinds,
        "commitment_person_kinds": period.commitment_person_kinds,
        "programmes": list(period.programmes.filter(is_core=False)),
        "breakthroughs": "\n".join(b.title for b in period.breakthroughs.all()),
    }
    form = PeriodForm(
        request.POST or None, initial=initial, themes=selectors.themes_usable_at(period.org, period.year)
    )
    form.fields["year"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.period_update(actor=request.user, period=period, data=form.to_input())
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã lưu năm thực hiện."))
            return redirect("cycle:period-detail", period_id=period.pk)
    context = {
        "form": form,
        "org": period.org,
        "inherited": rules_above(period.org, period.year),
        "breadcrumbs": org_selectors.org_breadcrumbs(period.org),
        "title": _("Sửa năm %(year)s tại %(org)s") % {"year": period.year, "org": period.org.name},
    }
    return render(request, "cycle/period_form.html", context)


@login_required
@require_POST
def period_close(request: HttpRequest, period_id: int) -> HttpResponse:
    period = access.access_period(request.user, period_id, cap=Cap.OPEN_PERIOD)
    try:
        n = services.period_close(actor=request.user, period=period)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Đã kết thúc năm %(year)s; %(n)s hồ sơ đã khóa.") % {"year": period.year, "n": n}
        )
    return redirect("cycle:period-detail", period_id=period.pk)


@login_required
def period_reopen(request: HttpRequest, period_id: int) -> HttpResponse:
    period = access.access_period(request.user, period_id, cap=Cap.REOPEN_PERIOD)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            n = services.period_reopen(actor=request.user, period=period, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("Đã mở lại năm %(year)s; %(n)s hồ sơ được mở khóa.") % {"year": period.year, "n": n},
            )
            return redirect("cycle:period-detail", period_id=period.pk)
    context = {"form": form, "period": period, "title": _("Mở lại năm %(year)s") % {"year": period.year}}
    return render(request, "cycle/simple_form.html", context)


@login_required
def document_add(request: HttpRequest, period_id: int) -> HttpResponse:
    period = access.access_period(request.user, period_id, cap=Cap.OPEN_PERIOD)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.pop("file")
        try:
            services.document_attach(actor=request.user, period=period, upload=upload, **data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã đính kèm văn bản %(n)s.") % {"n": data["number"]})
            return redirect("cycle:period-detail", period_id=period.pk)
    context = {"form": form, "period": period, "title": _("Đính kèm văn bản chỉ đạo"), "multipart": True}
    return render(request, "cycle/simple_form.html", context)


@login_required
def document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    document = access.access_document(request.user, document_id)
    if not document.file:
        raise Http404
    handle = document.file.open("rb")
    kind = uploads.sniff(handle)
    return uploads.serve(
        handle,
        content_type=kind.content_type if kind else "application/octet-stream",
        filename=document.file_name or "van-ban",
    )
