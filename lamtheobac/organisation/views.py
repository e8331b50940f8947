"""Org tree, people, role grants and search. Each view: access → form → service/selector → render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lamtheobac.audit import services as audit
from lamtheobac.lib import uploads, xlsx
from lamtheobac.lib.pagecache import cached_page
from lamtheobac.lib.paging import page_of
from lamtheobac.lib.web import errors_to_form

from . import access, exports, selectors, services, timeline
from .forms import AccountForm, GrantForm, OrgForm, OrgMergeForm, OrgMoveForm, PersonForm, PersonMoveForm
from .models import ExportStatus, OrgKind, PersonKind, subtree_q
from .roles import Cap, roles_grantable_by


def _page(request: HttpRequest, qs, per_page: int = 25):
    return page_of(qs, request, per_page)


def _wants_xlsx(request: HttpRequest) -> bool:
    """A list page answers ``?format=xlsx`` with the same rows, filtered the same way, as a workbook."""
    return request.method == "GET" and request.GET.get("format") == "xlsx"


# --- Org tree ---------------------------------------------------------------------------------


@login_required
def org_tree(request: HttpRequest) -> HttpResponse:
    org = access.access_org(request.user, request.GET["org"]) if request.GET.get("org") else None
    if _wants_xlsx(request):
        orgs = selectors.org_roster(user=request.user, root=org)
        name = xlsx.file_name("to-chuc", org.code if org else exports.today_text())
        return exports.orgs_xlsx(orgs, filename=name)
    # ?org= shows that subtree alone (the page the org's "Excel" link comes from)
    roots = (
        access.root_orgs_for(request.user)
        if org is None
        else access.orgs_visible_to(request.user).filter(pk=org.pk)
    )
    return render(
        request,
        "organisation/org_tree.html",
        {
            "roots": selectors.annotate_counts(roots),
            "org": org,
            "may_reorganise": access.may_manage_orgs(request.user),
        },
    )


@login_required
def org_children(request: HttpRequest, org_id: int) -> HttpResponse:
    org = access.access_org(request.user, org_id)
    show_inactive = request.GET.get("inactive") == "1"
    children = selectors.org_children(org, include_inactive=show_inactive)
    return render(request, "organisation/_org_children.html", {"org": org, "children": children})


@login_required
def org_detail(request: HttpRequest, org_id: int) -> HttpResponse:
    org = access.access_org(request.user, org_id)
    show_inactive = request.GET.get("inactive") == "1"
    people = _page(request, org.people.filter(active=True).order_by("name_sort", "id"))
    context = {
        "org": org,
        "breadcrumbs": selectors.org_breadcrumbs(org),
        "children": selectors.org_children(org, include_inactive=show_inactive),
        "show_inactive": show_inactive,
        "stats": selectors.subtree_stats(org),
        "people": people,
        "events": org.events.select_related("actor")[:10],
        "merged_from": org.merged_from.all(),
        "can_manage": access.can(request.user, Cap.MANAGE_ORGS, org),
        "can_manage_people": access.can(request.user, Cap.MANAGE_PEOPLE, org),
        "can_onboard": access.can(request.user, Cap.ONBOARD, org),
        "can_grant": access.can(request.user, Cap.GRANT_ROLES, org),
    }
    return render(request, "organisation/org_detail.html", context)


@login_required
def org_create(request: HttpRequest, org_id: int) -> HttpResponse:
    parent = access.access_org(request.user, org_id, cap=Cap.MANAGE_ORGS)
    form = OrgForm(request.POST or None, initial={"kind": OrgKind.CELL})
    if request.method == "POST" and form.is_valid():
        try:
            # a unit added on the page exists from today: the years before keep the tree they had
            child = services.org_create(
                actor=request.user, parent=parent, began_on=timeline.today(), **form.cleaned_data
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã thêm “%(name)s”.") % {"name": child.name})
            return redirect("organisation:org-detail", org_id=child.pk)
    return render(
        request,
        "organisation/org_form.html",
        {
            "form": form,
            "org": parent,
            "breadcrumbs": selectors.org_breadcrumbs(parent),
            "title": _("Thêm tổ chức trực thuộc %(name)s") % {"name": parent.name},
        },
    )


@login_required
def org_edit(request: HttpRequest, org_id: int) -> HttpResponse:
    org = access.access_org(request.user, org_id, cap=Cap.MANAGE_ORGS)
    initial = {"name": org.name, "code": org.code, "kind": org.kind, "sort_order": org.sort_order}
    form = OrgForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.org_update(actor=request.user, org=org, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin tổ chức."))
            return redirect("organisation:org-detail", org_id=org.pk)
    return render(
        request,
        "organisation/org_form.html",
        {
            "form": form,
            "org": org,
            "breadcrumbs": selectors.org_breadcrumbs(org),
            "title": _("Sửa thông tin %(name)s") % {"name": org.name},
        },
    )


@login_required
def org_move(request: HttpRequest, org_id: int) -> HttpResponse:
    org = access.access_org(request.user, org_id, cap=Cap.MANAGE_ORGS)
    parents = (
        access.orgs_visible_to(request.user, Cap.MANAGE_ORGS)
        .filter(active=True)
        .exclude(subtree_q(org.path))
        .order_by("path")
    )
    form = OrgMoveForm(request.POST or None, parents=parents, initial={"new_parent": org.parent_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.org_move(actor=request.user, org=org, new_parent=form.cleaned_data["new_parent"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Đã chuyển “%(name)s” cùng các tổ chức trực thuộc.") % {"name": org.name}
            )
            return redirect("organisation:org-detail", org_id=org.pk)
    return render(
        request,
        "organisation/org_form.html",
        {
            "form": form,
            "org": org,
            "breadcrumbs": selectors.org_breadcrumbs(org),
            "title": _("Chuyển %(name)s sang tổ chức cấp trên khác") % {"name": org.name},
        },
    )


@login_required
@require_POST
def org_deactivate(request: HttpRequest, org_id: int) -> HttpResponse:
    org = access.access_org(request.user, org_id, cap=Cap.MANAGE_ORGS)
    try:
        services.org_deactivate(actor=request.user, org=org)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("“%(name)s” đã ngừng hoạt động.") % {"name": org.name})
    return redirect("organisation:org-detail", org_id=org.pk)


@login_required
@require_POST
def org_reactivate(request: HttpRequest, org_id: int) -> HttpResponse:
    org = access.access_org(request.user, org_id, cap=Cap.MANAGE_ORGS)
    try:
        services.org_reactivate(actor=request.user, org=org)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("“%(name)s” hoạt động trở lại.") % {"name": org.name})
    return redirect("organisation:org-detail", org_id=org.pk)


@login_required
def org_merge(request: HttpRequest, org_id: int) -> HttpResponse:
    parent = access.access_org(request.user, org_id, cap=Cap.MANAGE_ORGS)
    children = parent.children.filter(active=True).order_by("sort_order", "name_folded")
    form = OrgMergeForm(request.POST or None, children=children)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["target_mode"] == OrgMergeForm.TARGET_EXISTING:
                target = data["keep"]
                sources = [s for s in data["sources"] if s.pk != target.pk]
                services.org_merge(actor=request.user, sources=sources, target=target)
            else:
                with transaction.atomic():
                    target = services.org_create(
                        actor=request.user,
                        parent=parent,
                        kind=data["kind"],
                        name=data["name"],
                        code=data["code"],
                        began_on=timeline.today(),
                    )
                    services.org_merge(actor=request.user, sources=data["sources"], target=target)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã hợp nhất vào “%(name)s”.") % {"name": target.name})
            return redirect("organisation:org-detail", org_id=target.pk)
    return render(
        request,
        "organisation/org_merge.html",
        {"form": form, "org": parent, "breadcrumbs": selectors.org_breadcrumbs(parent)},
    )


# --- Role grants ------------------------------------------------------------------------------


@login_required
def org_grants(request: HttpRequest, org_id: int) -> HttpResponse:
    org = access.access_org(request.user, org_id, cap=Cap.GRANT_ROLES)
    roles = roles_grantable_by(access.roles_held(request.user))
    form = GrantForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        role = form.cleaned_data["role"]
        if not access.can_grant(request.user, org, role):
            form.add_error("role", _("Bạn không được cấp vai trò này."))
        else:
            try:
                services.grant_create(
                    actor=request.user, user=form.cleaned_data["username"], org=org, role=role
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Đã cấp quyền."))
                return redirect("organisation:org-grants", org_id=org.pk)
    grants = org.grants.select_related("user", "user__person", "granted_by", "org").order_by(
        "role", "user__username"
    )
    if _wants_xlsx(request):
        return exports.grants_xlsx(grants, filename=xlsx.file_name("phan-quyen", org.code))
    return render(
        request,
        "organisation/org_grants.html",
        {"org": org, "form": form, "grants": grants, "breadcrumbs": selectors.org_breadcrumbs(org)},
    )


@login_required
@require_POST
def grant_revoke(request: HttpRequest, grant_id: int) -> HttpResponse:
    grant = access.access_grant(request.user, grant_id)
    org_id = grant.org_id
    services.grant_revoke(actor=request.user, grant=grant)
    messages.success(request, _("Đã thu hồi quyền."))
    return redirect("organisation:org-grants", org_id=org_id)


# --- People -----------------------------------------------------------------------------------


@login_required
@cached_page
def person_list(request: HttpRequest) -> HttpResponse:
    org = access.access_org(request.user, request.GET["org"]) if request.GET.get("org") else None
    kind = request.GET.get("kind", "")
    kind = kind if kind in PersonKind.values else ""
    status = request.GET.get("status", "active")
    active = {"active": True, "inactive": False}.get(status)
    query = request.GET.get("q", "")
    people = selectors.person_list(user=request.user, query=query, org=org, kind=kind, active=active)
    if _wants_xlsx(request):
        if org is not None and people.count() > settings.EXPORT_QUEUE_FROM:  # too long for a request
            context = {"org": org, "query": query, "kind": kind, "status": status, "total": people.count()}
            return render(request, "organisation/export_confirm.html", context)
        name = xlsx.file_name("ca-nhan", org.code if org else "", exports.today_text())
        return exports.people_xlsx(request.user, people, filename=name)
    context = {
        "page": _page(request, people),
        "org": org,
        "query": query,
        "kind": kind,
        "status": status,
        "kinds": PersonKind.choices,
        "breadcrumbs": selectors.org_breadcrumbs(org) if org else [],
        "can_onboard": org is not None and access.can(request.user, Cap.ONBOARD, org),
    }
    template = "organisation/_person_rows.html" if request.htmx else "organisation/person_list.html"
    return render(request, template, context)


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access.access_person(request.user, person_id)
    context = {
        "person": person,
        "breadcrumbs": selectors.org_breadcrumbs(person.org),
        "crumb_link_last": True,
        "moves": person.moves.select_related("from_org", "to_org", "moved_by"),
        "can_manage": access.can(request.user, Cap.MANAGE_PEOPLE, person.org),
        "can_onboard": access.can(request.user, Cap.ONBOARD, person.org),
        "show_sensitive": access.can(request.user, Cap.VIEW_SENSITIVE, person.org),
        "grants": person.user.grants.select_related("org") if person.user_id else [],
    }
    return render(request, "organisation/person_detail.html", context)


@login_required
def person_create(request: HttpRequest, org_id: int) -> HttpResponse:
    org = access.access_org(request.user, org_id, cap=Cap.MANAGE_PEOPLE)
    form = PersonForm(request.POST or None, initial={"kind": PersonKind.MEMBER})
    del form.fields["active"]  # a new person is active; leaving is an edit
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, org=org, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã thêm %(name)s.") % {"name": person.full_name})
            return redirect("organisation:person-detail", person_id=person.pk)
    return render(
        request,
        "organisation/person_form.html",
        {
            "form": form,
            "org": org,
            "breadcrumbs": selectors.org_breadcrumbs(org),
            "title": _("Thêm người vào %(name)s") % {"name": org.name},
        },
    )


@login_required
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access.access_person(request.user, person_id, cap=Cap.MANAGE_PEOPLE)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin của %(name)s.") % {"name": person.full_name})
            return redirect("organisation:person-detail", person_id=person.pk)
    return render(
        request,
        "organisation/person_form.html",
        {
            "form": form,
            "org": person.org,
            "person": person,
            "breadcrumbs": selectors.org_breadcrumbs(person.org),
            "title": _("Sửa thông tin %(name)s") % {"name": person.full_name},
        },
    )


@login_required
def person_move(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access.access_person(request.user, person_id, cap=Cap.MANAGE_PEOPLE)
    orgs = access.orgs_visible_to(request.user, Cap.MANAGE_PEOPLE).filter(active=True).order_by("path")
    form = PersonMoveForm(request.POST or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_move(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã chuyển %(name)s.") % {"name": person.full_name})
            return redirect("organisation:person-detail", person_id=person.pk)
    return render(
        request,
        "organisation/person_form.html",
        {
            "form": form,
            "org": person.org,
            "person": person,
            "breadcrumbs": selectors.org_breadcrumbs(person.org),
            "title": _("Chuyển sinh hoạt: %(name)s") % {"name": person.full_name},
        },
    )


@login_required
def person_account(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access.access_person(request.user, person_id, cap=Cap.MANAGE_PEOPLE)
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_create(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã tạo tài khoản cho %(name)s.") % {"name": person.full_name})
            return redirect("organisation:person-detail", person_id=person.pk)
    return render(
        request,
        "organisation/person_form.html",
        {
            "form": form,
            "org": person.org,
            "person": person,
            "breadcrumbs": selectors.org_breadcrumbs(person.org),
            "title": _("Tạo tài khoản cho %(name)s") % {"name": person.full_name},
        },
    )


# --- Search -----------------------------------------------------------------------------------


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    people = selectors.person_list(user=request.user, query=query, active=None) if query.strip() else None
    if _wants_xlsx(request) and people is not None:
        orgs = selectors.org_search(user=request.user, query=query)
        name = xlsx.file_name("tim-kiem", query[:40], exports.today_text())
        return exports.search_xlsx(request.user, orgs, people, filename=name)
    orgs = selectors.org_search(user=request.user, query=query)[:20] if query.strip() else []
    context = {"query": query, "orgs": orgs, "page": _page(request, people) if people is not None else None}
    return render(request, "organisation/search.html", context)


# --- Big exports on the queue --------------------------------------------------------------------


@login_required
@require_POST
def export_people(request: HttpRequest) -> HttpResponse:
    """Queue the people list of an org as filtered on the list page; its page shows the progress."""
    org = access.access_org(request.user, request.POST.get("org", ""))
    kind = request.POST.get("kind", "")
    status = request.POST.get("status", "active")
    query = request.POST.get("q", "")
    name = xlsx.file_name("ca-nhan", org.code, exports.today_text())
    export = services.export_people_request(
        actor=request.user,
        org=org,
        query=query,
        kind=kind if kind in PersonKind.values else "",
        active={"active": True, "inactive": False}.get(status),
        filename=name,
    )
    if export is None:  # small enough now: written at once
        return redirect(f"{reverse('organisation:person-list')}?org={org.pk}&format=xlsx")
    return redirect("organisation:export-detail", export_id=export.pk)


@login_required
def export_detail(request: HttpRequest, export_id: int) -> HttpResponse:
    export = access.access_export(request.user, export_id)
    if export.kind == services.DASHBOARD:
        view = export.params.get("view", "")
        query = urlencode({"org": export.org_id, "year": export.params.get("year", ""), "view": view})
        back = (f"{reverse('reports:dashboard')}?{query}", _("Thống kê"))
    else:
        back = (f"{reverse('organisation:person-list')}?org={export.org_id}", _("Danh sách cá nhân"))
    context = {
        "export": export,
        "task": services.export_task_state(export=export),
        "back": back[0],
        "back_label": back[1],
    }
    if request.htmx and not export.busy:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"  # ready (or failed): the whole page, with its link
        return response
    template = "organisation/_export_status.html" if request.htmx else "organisation/export_detail.html"
    return render(request, template, context)


@login_required
def export_download(request: HttpRequest, export_id: int) -> HttpResponse:
    export = access.access_export(request.user, export_id)
    if export.status != ExportStatus.DONE or not export.file:
        raise Http404
    audit.exported(export.title, export.filename, org=export.org)
    return uploads.serve(export.file.open("rb"), content_type=xlsx.CONTENT_TYPE, filename=export.filename)
