"""Plans and commitments: write, submit, approve, return, self-assess, rate, progress. Each view: access → form → service or selector → render or redirect."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lamtheobac.lib import uploads
from lamtheobac.lib.fields import object_id, parse_int
from lamtheobac.lib.pagecache import cached_page
from lamtheobac.lib.web import YEAR_MAX, YEAR_MIN, local_url
from lamtheobac.organisation import access as org_access
from lamtheobac.organisation import selectors as org_selectors

from .. import access, deadlines, quarters, scoring, selectors, services, workflow
from .. import registration as reg
from ..forms import (
    AREA_CHOICES,
    RESULT_CHOICES,
    ProgressForm,
    QuarterReviewForm,
    RateForm,
    ReturnForm,
    breakthrough_choices,
    check_rows,
    row_is_blank,
)
from ..models import InterimReviews, Record, RecordKind, RecordState, Scoring
from ..selectors import rules_for
from ..workflow import Action
from .common import _errors_to_form

# --- Records ----------------------------------------------------------------------------------


@login_required
def my_commitment(request: HttpRequest) -> HttpResponse:
    me = org_access.own_person(request.user)
    if me is None:
        return render(request, "cycle/my_commitment.html", {"me": None})
    year = selectors.current_year_for(me.org)
    current = None
    if year is not None:
        current = selectors.own_commitments(request.user).filter(year=year).first()
        if current is not None:
            return redirect("cycle:record-detail", record_id=current.pk)
    context = {
        "me": me,
        "year": year,
        "has_last_year": bool(
            year and selectors.own_commitments(request.user).filter(year=year - 1).exists()
        ),
        "history": selectors.own_commitments(request.user),
    }
    return render(request, "cycle/my_commitment.html", context)


@login_required
@require_POST
def record_start(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind")
    from_last_year = request.POST.get("from_last_year") == "1"
    year = parse_int(request.POST.get("year", ""), lo=YEAR_MIN, hi=YEAR_MAX)
    if year is None:
        raise Http404
    target = access.record_target(
        request.user, kind, person_id=request.POST.get("person"), org_id=request.POST.get("org")
    )
    try:
        record = services.record_create(
            actor=request.user, kind=kind, year=year, from_last_year=from_last_year, **target
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(local_url(request, request.POST.get("back")))
    return redirect("cycle:record-edit", record_id=record.pk)


def _record_context(request: HttpRequest, record: Record) -> dict:
    user = request.user
    rules = rules_for(record.org, record.year)
    items = list(
        record.items.select_related("breakthrough").prefetch_related("programmes", "progress_notes__evidence")
    )
    # for the one who approves: what the writer was told about each action (None for anyone else)
    flags = selectors.record_notes(user, record, items)
    for item in items:
        item.flags = flags.by_item.get(item.pk, []) if flags else []
    return {
        "record": record,
        "items": items,
        "flags": flags,
        "rules": rules,
        "breadcrumbs": org_selectors.org_breadcrumbs(record.org)
        if org_access.orgs_visible_to(user).filter(pk=record.org_id).exists()
        else [],
        "crumb_link_last": True,
        "transitions": record.transitions.select_related("actor"),
        "revisions": record.revisions.select_related("actor")[:20],
        "may_edit": access.may(user, record, Action.EDIT),
        "may_submit": access.may(user, record, Action.SUBMIT),
        "may_approve": access.may(user, record, Action.APPROVE),
        "may_return": access.may(user, record, Action.RETURN),
        "may_self_assess": access.may(user, record, Action.SELF_ASSESS),
        "may_rate": access.may(user, record, Action.RATE),
        "interim_stages": services.interim_stages(rules)
        if record.state == RecordState.APPROVED and access.may_write(user, record)
        else {},
        "may_progress": access.may_write(user, record) and record.state in services.PROGRESS_STATES,
        "may_signed_copy": access.may_write(user, record) and record.state != RecordState.DRAFT,
        "may_approve_any": access.may_approve(user, record),
        "on_behalf": access.writes_on_behalf(user, record),
        "deadline": rules.commitment_deadline
        if record.kind == RecordKind.COMMITMENT
        else rules.plan_deadline,
        "progress_form": ProgressForm(),
        "standard_choices": reg.STANDARDS,
        **_quarter_context(user, record, rules),
        "return_form": ReturnForm(),
        # what the writer still owes on this record, and in how many days (a banner for whoever may write it)
        "due": deadlines.owed(kind=record.kind, state=record.state, rules=rules, today=timezone.localdate())
        if access.may_write(user, record)
        else None,
    }


def _quarter_context(user, record: Record, rules) -> dict:
    """The quarterly reviews of a year that asks for them: those given, and for a leader who may give them,
    the quarters started and not reviewed, each with its due date (the reminder)."""
    if rules.interim_reviews != InterimReviews.QUARTERLY:
        return {"quarter_reviews": [], "quarters_owed": []}
    given = list(record.quarter_reviews.select_related("reviewed_by"))
    owed = []
    if record.state in services.QUARTER_STATES and access.may_approve(user, record):
        done = {r.quarter for r in given}
        for quarter, due, overdue in quarters.owed(
            record.year, done, timezone.localdate(), rules.yearend_deadline
        ):
            owed.append({"quarter": quarter, "name": quarters.NAMES[quarter], "due": due, "overdue": overdue})
    names = [(r, quarters.NAMES[r.quarter]) for r in given]
    return {"quarter_reviews": names, "quarters_owed": owed}


@login_required
def record_detail(request: HttpRequest, record_id: int) -> HttpResponse:
    record = access.access_record(request.user, record_id)
    return render(request, "cycle/record_detail.html", _record_context(request, record))


def _rows_from_items(items) -> list[dict]:
    return [
        {
            "uid": uuid.uuid4().hex[:10],
            "id": str(i.pk),
            "action": i.action,
            "target": i.target,
            "timeframe": i.timeframe,
            "deadline": i.deadline.strftime("%d/%m/%Y") if i.deadline else "",
            "responsible": i.responsible,
            "area": i.area,
            "breakthrough": str(i.breakthrough_id or ""),
            "programmes": [str(p.pk) for p in i.programmes.all()],
            "standards": list(i.standards),
            "supervisor": i.supervisor,
        }
        for i in items
    ]


def _rows_from_post(post) -> list[dict]:
    rows = []
    for uid in post.getlist("row"):
        rows.append(
            {
                "uid": uid,
                "id": post.get(f"item-{uid}", ""),
                "action": post.get(f"action-{uid}", ""),
                "target": post.get(f"target-{uid}", ""),
                "timeframe": post.get(f"timeframe-{uid}", ""),
                "deadline": post.get(f"deadline-{uid}", ""),
                "responsible": post.get(f"responsible-{uid}", ""),
                "area": post.get(f"area-{uid}", ""),
                "breakthrough": post.get(f"breakthrough-{uid}", ""),
                "programmes": post.getlist(f"programmes-{uid}"),
                "standards": post.getlist(f"standards-{uid}"),
                "supervisor": post.get(f"supervisor-{uid}", ""),
            }
        )
    return rows


def _items_from_rows(rows: list[dict], breakthroughs, programmes) -> list[services.ItemInput]:
    """The rows, checked by ``check_rows`` (which read their deadlines), as the service takes them."""
    by_bt = {str(b.pk): b for b in breakthroughs}
    by_prog = {str(p.pk): p for p in programmes}
    return [
        services.ItemInput(
            action=row["action"],
            target=row["target"],
            timeframe=row["timeframe"],
            deadline=row["deadline_date"],
            responsible=row["responsible"],
            area=row["area"],
            breakthrough=by_bt.get(row["breakthrough"]),
            programmes=[by_prog[p] for p in row["programmes"] if p in by_prog],
            standards=row["standards"],
            supervisor=row["supervisor"],
            id=object_id(row["id"]) if row["id"] else None,
        )
        for row in rows
    ]


def _too_few(record: Record, rules, rows: list[dict]) -> list[str]:
    """What "Lưu và nộp" would refuse for the number of rows, told with the rows' own problems."""
    if record.kind == RecordKind.COMMITMENT and len(rows) < rules.min_actions:
        return [str(services.ERR_TOO_FEW_ACTIONS % {"n": rules.min_actions, "have": len(rows)})]
    if record.kind == RecordKind.PLAN and not rows:
        return [str(services.ERR_PLAN_EMPTY)]
    return []


def _with_errors(rows: list[dict], row_errors: list) -> list[dict]:
    """Each row with its problems by field (``row.errors.action``…); the first problem's field is focused."""
    for row in rows:
        row["errors"] = {}
    by_uid = {row["uid"]: row for row in rows}
    for n, error in enumerate(row_errors):
        row = by_uid[error.uid]
        row["errors"].setdefault(error.field, []).append(error.beside)
        if n == 0:
            row["focus"] = error.field
    return rows


def _edit_context(record: Record, rows: list[dict], rules) -> dict:
    breakthroughs = selectors.breakthroughs_in_force(rules)
    return {
        "record": record,
        "rows": rows,
        "rules": rules,
        "reg": rules.registration,
        "standard_choices": reg.STANDARDS,
        "area_choices": AREA_CHOICES,
        "breakthrough_choices": breakthrough_choices(breakthroughs),
        "programmes": selectors.programmes_in_force(rules),
        "breadcrumbs": org_selectors.org_breadcrumbs(record.org),
    }


@login_required
@cached_page
def record_edit(request: HttpRequest, record_id: int) -> HttpResponse:
    record = access.access_record(request.user, record_id, action=Action.EDIT)
    if not workflow.allowed(record.state, Action.EDIT):
        messages.error(request, workflow.REFUSALS[Action.EDIT] % {"state": record.get_state_display()})
        return redirect("cycle:record-detail", record_id=record.pk)
    rules = rules_for(record.org, record.year)
    on_behalf = access.writes_on_behalf(request.user, record)
    if request.method == "POST":
        rows = [row for row in _rows_from_post(request.POST) if not row_is_blank(row)]
        row_errors = check_rows(rows, year=record.year)
        submitting = request.POST.get("then") == "submit"
        # all at once: the rows' problems, and what submitting would refuse besides (with none, the draft
        # is saved first and the service refuses the submission itself)
        errors = [e.summary for e in row_errors]
        if errors and submitting:
            errors += _too_few(record, rules, rows)
        conflict = None
        if not errors:
            try:
                items = _items_from_rows(
                    rows, selectors.breakthroughs_in_force(rules), selectors.programmes_in_force(rules)
                )
                version = parse_int(request.POST.get("version", "0"), lo=0)
                if version is None:
                    version = -1  # no record has it: answered as a conflict, with the record as it is now
                services.record_save(
                    actor=request.user,
                    record=record,
                    version=version,
                    items=items,
                    on_behalf=on_behalf,
                    extras=_extras(request.POST, record),
                )
                if submitting:
                    services.record_submit(actor=request.user, record=record, on_behalf=on_behalf)
                    messages.success(request, _("Đã nộp để cấp ủy xem xét, phê duyệt."))
                else:
                    messages.success(request, _("Đã lưu dự thảo."))
                return redirect("cycle:record-detail", record_id=record.pk)
            except services.ConflictError as exc:
                conflict = exc.revision
                errors = exc.messages
                record.refresh_from_db()
            except ValidationError as exc:
                errors = exc.messages
                record.refresh_from_db()
        if not rows:
            rows = [_blank_row(rules)]
        extras = _extras(request.POST, record)
        record.shortcomings, record.remedies = extras.shortcomings, extras.remedies
        record.emulation_title = extras.emulation_title
        context = _edit_context(record, _with_errors(rows, row_errors), rules) | {
            "errors": errors,
            "conflict": conflict,
            "on_behalf": on_behalf,
            # each problem of a row links to its field; the record's own (too few rows, a conflict) to none
            "error_items": [(e.summary, f"{e.field}-{e.uid}") for e in row_errors]
            + [(message, "") for message in errors[len(row_errors) :]],
        }
        return render(request, "cycle/record_edit.html", context, status=409 if conflict else 200)
    rows = _rows_from_items(record.items.prefetch_related("programmes"))
    if not rows:
        rows = [
            _blank_row(rules) for _ in range(rules.min_actions if record.kind == RecordKind.COMMITMENT else 1)
        ]
    return render(
        request, "cycle/record_edit.html", _edit_context(record, rows, rules) | {"on_behalf": on_behalf}
    )


def _extras(post, record: Record) -> services.RecordExtras:
    """The "tự soi" section and the emulation title as posted (a plan has neither)."""
    if record.kind != RecordKind.COMMITMENT:
        return services.RecordExtras()
    return services.RecordExtras(
        shortcomings=post.get("shortcomings", ""),
        remedies=post.get("remedies", ""),
        emulation_title=post.get("emulation_title", ""),
    )


def _blank_row(rules) -> dict:
    core = [str(p.pk) for p in selectors.programmes_in_force(rules) if p.is_core]
    return {
        "uid": uuid.uuid4().hex[:10],
        "id": "",
        "action": "",
        "target": "",
        "timeframe": "",
        "deadline": "",
        "responsible": "",
        "area": "",
        "breakthrough": "",
        "programmes": core,
        "standards": [],
        "supervisor": "",
    }


@login_required
def record_item_row(request: HttpRequest, record_id: int) -> HttpResponse:
    """A blank item row for the edit form (htmx), so rows are added without reloading the page."""
    record = access.access_record(request.user, record_id, action=Action.EDIT)
    rules = rules_for(record.org, record.year)
    context = _edit_context(record, [], rules) | {"row": _blank_row(rules)}
    return render(request, "cycle/_item_row.html", context)


def _transition_view(request: HttpRequest, record_id: int, action: Action, run) -> HttpResponse:
    record = access.access_record(request.user, record_id, action=action)
    try:
        run(record)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("cycle:record-detail", record_id=record.pk)


@login_required
@require_POST
def record_submit(request: HttpRequest, record_id: int) -> HttpResponse:
    def run(record):
        services.record_submit(
            actor=request.user, record=record, on_behalf=access.writes_on_behalf(request.user, record)
        )
        messages.success(request, _("Đã nộp để cấp ủy xem xét, phê duyệt."))

    return _transition_view(request, record_id, Action.SUBMIT, run)


@login_required
@require_POST
def record_approve(request: HttpRequest, record_id: int) -> HttpResponse:
    def run(record):
        services.record_approve(actor=request.user, record=record, comment=request.POST.get("comment", ""))
        messages.success(request, _("Đã duyệt."))

    response = _transition_view(request, record_id, Action.APPROVE, run)
    if request.POST.get("next") == "queue":
        return redirect("cycle:queue")
    return response


@login_required
@require_POST
def record_return(request: HttpRequest, record_id: int) -> HttpResponse:
    def run(record):
        services.record_return(actor=request.user, record=record, comment=request.POST.get("comment", ""))
        messages.success(request, _("Đã trả lại kèm ý kiến."))

    return _transition_view(request, record_id, Action.RETURN, run)


@login_required
def record_self_assess(request: HttpRequest, record_id: int) -> HttpResponse:
    record = access.access_record(request.user, record_id, action=Action.SELF_ASSESS)
    items = list(record.items.all())
    errors: list[str] = []
    if request.method == "POST":
        assessments = [
            services.AssessmentInput(
                item=i,
                result=request.POST.get(f"result-{i.pk}", ""),
                note=request.POST.get(f"note-{i.pk}", ""),
                on_time=request.POST.get(f"late-{i.pk}") != "1",
                exceeded=request.POST.get(f"exceeded-{i.pk}") == "1",
            )
            for i in items
        ]
        try:
            services.record_self_assess(
                actor=request.user,
                record=record,
                assessments=assessments,
                comment=request.POST.get("comment", ""),
                on_behalf=access.writes_on_behalf(request.user, record),
            )
        except ValidationError as exc:
            errors = exc.messages
            for i, a in zip(items, assessments, strict=True):
                i.result, i.result_note = a.result, a.note
                i.on_time, i.exceeded = a.on_time, a.exceeded
        else:
            messages.success(request, _("Đã gửi bản tự đánh giá để cấp ủy xếp loại."))
            return redirect("cycle:record-detail", record_id=record.pk)
    context = {
        "record": record,
        "items": items,
        "errors": errors,
        "result_choices": RESULT_CHOICES,
        "breadcrumbs": org_selectors.org_breadcrumbs(record.org),
        "year_end": True,
    }
    return render(request, "cycle/record_self_assess.html", context)


@login_required
def record_interim(request: HttpRequest, record_id: int) -> HttpResponse:
    record = access.access_record(request.user, record_id, action=Action.SELF_ASSESS)
    stages = services.interim_stages(rules_for(record.org, record.year))
    stage = request.GET.get("stage") or request.POST.get("stage") or next(iter(stages), "")
    if stage not in stages:
        raise Http404
    items = list(record.items.all())
    previous = {a.item_id: a for a in selectors.interim_assessments(record, stage)}
    for i in items:
        if i.pk in previous:
            i.result, i.result_note = previous[i.pk].result, previous[i.pk].note
        else:
            i.result = i.result_note = ""
    errors: list[str] = []
    if request.method == "POST":
        assessments = [
            services.AssessmentInput(
                item=i,
                result=request.POST.get(f"result-{i.pk}", ""),
                note=request.POST.get(f"note-{i.pk}", ""),
            )
            for i in items
        ]
        try:
            services.record_interim_assess(
                actor=request.user,
                record=record,
                stage=stage,
                assessments=assessments,
                on_behalf=access.writes_on_behalf(request.user, record),
            )
        except ValidationError as exc:
            errors = exc.messages
            for i, a in zip(items, assessments, strict=True):
                i.result, i.result_note = a.result, a.note
        else:
            messages.success(request, _("Đã ghi nhận đánh giá %(stage)s.") % {"stage": stages[stage]})
            return redirect("cycle:record-detail", record_id=record.pk)
    context = {
        "record": record,
        "items": items,
        "errors": errors,
        "result_choices": RESULT_CHOICES,
        "breadcrumbs": org_selectors.org_breadcrumbs(record.org),
        "stage": stage,
        "stage_label": stages[stage],
        "stages": stages,
    }
    return render(request, "cycle/record_self_assess.html", context)


@login_required
def record_rate(request: HttpRequest, record_id: int) -> HttpResponse:
    record = access.access_record(request.user, record_id, action=Action.RATE)
    rules = rules_for(record.org, record.year).registration
    form = RateForm(
        request.POST or None, initial={"rating": record.rating, "score": record.score}, scoring=rules.scoring
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_rate(actor=request.user, record=record, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã xếp loại."))
            return redirect("cycle:record-detail", record_id=record.pk)
    facts = services.rating_facts(record)
    context = _record_context(request, record) | {
        "form": form,
        "scoring": rules.scoring,
        "qd366": rules.scoring == Scoring.QD366,
        "checks": scoring.checks(facts),
        "facts": facts,
        "quota": selectors.excellent_share(record, rules.excellent_quota),
    }
    return render(request, "cycle/record_rate.html", context)


@login_required
def record_quarter(request: HttpRequest, record_id: int, quarter: int) -> HttpResponse:
    record = access.access_record(request.user, record_id, action=Action.RATE)
    if quarter not in quarters.QUARTERS:
        raise Http404
    current = record.quarter_reviews.filter(quarter=quarter).first()
    initial = {"score": current.score, "comment": current.comment} if current else {}
    form = QuarterReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_quarter_review(
                actor=request.user, record=record, quarter=quarter, **form.cleaned_data
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Đã ghi đánh giá %(quarter)s.") % {"quarter": quarters.NAMES[quarter]}
            )
            return redirect("cycle:record-detail", record_id=record.pk)
    context = {
        "form": form,
        "record": record,
        "breadcrumbs": org_selectors.org_breadcrumbs(record.org),
        "title": _("Đánh giá %(quarter)s năm %(year)s — %(name)s")
        % {"quarter": quarters.NAMES[quarter], "year": record.year, "name": record.subject_name},
    }
    return render(request, "cycle/simple_form.html", context)


@login_required
@require_POST
def progress_add(request: HttpRequest, record_id: int, item_id: int) -> HttpResponse:
    record = access.access_record(request.user, record_id, action=Action.EDIT)
    item = access.access_item(request.user, record, item_id)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("cycle:record-detail", record_id=record.pk)
    try:
        services.progress_add(
            actor=request.user,
            item=item,
            text_=form.cleaned_data["text"],
            link=form.cleaned_data["link"],
            files=request.FILES.getlist("files"),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã ghi nhận tiến độ."))
    return redirect(f"{record_url(record)}#item-{item.pk}")


def record_url(record: Record) -> str:
    return reverse("cycle:record-detail", kwargs={"record_id": record.pk})


@login_required
def evidence_download(request: HttpRequest, evidence_id: int) -> HttpResponse:
    evidence = access.access_evidence(request.user, evidence_id)
    return uploads.serve(
        evidence.file.open("rb"), content_type=evidence.content_type, filename=evidence.original_name
    )
