"""Writes of the summary reports: create with a fresh draft, save the officer's edits, redraft.

Atomic; permissions are decided by ``access.py`` before these are called. Two officers may have the same
report open: every save names the version it was read at, and a save made after somebody else's is refused
with ``ConflictError`` (nothing is overwritten silently).

The draft of an org with more than ``settings.REPORT_QUEUE_FROM`` orgs in its subtree takes longer than a
request should wait: the report is saved at once with its header, marked as waiting for its draft, and a
worker of the task queue writes the sections (``tasks.report_draft``). The task is given the version the
draft was asked at and writes only if the report is still waiting for that very draft (a redraft asked since,
a save, a failure marked meanwhile: it writes nothing); a task cut short by a dead worker is run again, then
the report is marked failed with the queue's message and may be drafted again. Nothing can be edited while
the draft is awaited.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheobac.cycle.models import Period
from lamtheobac.jobs import selectors as queue
from lamtheobac.jobs import services as queue_care
from lamtheobac.lib import locking, text
from lamtheobac.organisation import kinds, words
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation.models import Org, OrgKind, path_ids, subtree_q

from .. import writer
from ..models import DraftState, Report, ReportKind

logger = logging.getLogger(__name__)

FIRST_YEAR = 2016  # Chỉ thị 05-CT/TW, 15/5/2016
MAX_YEARS = 11
HEADING_MAX = 300
TEXT_MAX = 60_000

ERR_CONFLICT = _(
    "Báo cáo vừa được %(who)s lưu lúc %(when)s, sau khi bạn mở trang, nên bản của bạn chưa được lưu. Nội dung "
    "họ vừa lưu hiện bên dưới từng phần có thay đổi; hãy xem lại rồi bấm “Lưu” lần nữa nếu vẫn giữ bản của bạn."
)
ERR_YEARS_ORDER = _("Năm bắt đầu không được sau năm kết thúc.")
ERR_YEARS_RANGE = _("Chỉ thị 05-CT/TW ban hành năm 2016: chọn các năm từ 2016 đến %(last)s.")
ERR_YEARS_SPAN = _("Một báo cáo gồm tối đa %(n)s năm.")
ERR_KIND = _("Loại báo cáo không hợp lệ.")
ERR_REQUIRED = _("Không được để trống.")
ERR_SECTIONS_CHANGED = _("Nội dung báo cáo vừa được soạn lại ở nơi khác; hãy mở lại trang trước khi lưu.")
ERR_TOO_LONG = _("Phần “%(heading)s” quá dài (tối đa %(max)s ký tự).")
ERR_DRAFTING = _("Báo cáo đang được soạn dự thảo; xin chờ soạn xong rồi hãy sửa hoặc soạn lại.")
ERR_DRAFT_FAILED = _("Soạn dự thảo không thành công; xin bấm “Soạn dự thảo lại”.")
BUSY = (DraftState.WAITING, DraftState.RUNNING)


class ConflictError(locking.ConflictError):
    """Somebody saved the report after this form was opened; ``latest`` is the report as they left it."""


@dataclass
class HeaderInput:
    """The header, recipients and signature of a report: what the officer may change besides the text."""

    superior: str
    issuer: str
    number: str
    place: str
    issued_on: datetime.date
    title: str
    recipients: str = ""
    signer_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    tables_in_appendix: bool = True


@dataclass
class SectionInput:
    heading: str
    text: str


# --- Defaults ---------------------------------------------------------------------------------------


def _chain(org: Org) -> list[Org]:
    """The org's ancestors from the root down, then the org itself."""
    by_id = {o.pk: o for o in Org.objects.filter(pk__in=path_ids(org.path))}
    return [by_id[i] for i in path_ids(org.path) if i in by_id]


def default_superior(org: Org, on: datetime.date) -> str:
    """The superior's Party organisation in capitals as it stood on ``on`` ("ĐẢNG BỘ TỈNH THÁI NGUYÊN");
    for a root, what its previous report said; else blank for the officer to fill."""
    superior = org_selectors.header_for(org, on=on).superior
    if superior:
        return superior
    previous = Report.objects.filter(org=org).exclude(superior="").order_by("-created_at", "-id").first()
    return previous.superior if previous else ""


# Who a root reports to, when it has no parent in the tree.
UPPER_COMMITTEE = {
    OrgKind.PROVINCE_COMMITTEE: "Trung ương",
    OrgKind.DISTRICT_COMMITTEE: "Tỉnh ủy",
    OrgKind.GRASSROOTS_COMMITTEE: "Huyện ủy",
} | dict.fromkeys(kinds.UPPER_GRASSROOTS_KINDS, "Tỉnh ủy")


def _above_lines(who: words.OrgOn, on: datetime.date) -> list[str]:
    """The committee above and the board that follows the campaign there."""
    if who.parent is None:
        upper = UPPER_COMMITTEE.get(who.kind)  # type: ignore[call-overload]  # a kind's code is its member
        board = words.board_name(OrgKind.PROVINCE_COMMITTEE, on=on)
        return [f"{board} {upper} (b/c),"] if upper else []
    above = who.parent.words
    if who.parent.kind in kinds.STANDING_KINDS:
        return [f"Ban Thường vụ {above.committee} (b/c),", f"{words.board_for(who.parent, on=on)} (b/c),"]
    return [f"{above.committee} (b/c),"]


def _own_lines(who: words.OrgOn) -> list[str]:
    """The org's own members and sub-units, and its archive."""
    names = who.words
    if who.kind in kinds.STANDING_KINDS:
        return [
            f"Các đồng chí Ủy viên Ban Thường vụ {names.short},",
            "Các chi, đảng bộ trực thuộc,",
            f"Lưu Văn phòng {names.short}.",
        ]
    if who.kind in kinds.COMMITTEE_KINDS:
        # Since 7/2025 a đảng ủy cấp trên cơ sở leads đảng bộ cơ sở as well as chi bộ; a đảng ủy cơ sở, chi bộ.
        units = (
            "Các chi, đảng bộ trực thuộc,"
            if who.kind in kinds.UPPER_GRASSROOTS_KINDS
            else "Các chi bộ trực thuộc,"
        )
        return ["Các đồng chí đảng ủy viên,", units, "Lưu Văn phòng Đảng ủy."]
    return ["Lưu hồ sơ chi bộ." if who.kind in kinds.CELL_KINDS else "Lưu."]


def default_recipients(org: Org, on: datetime.date) -> str:
    """The usual "Nơi nhận" of a report dated ``on``: the committee above and its board, the org's own
    members and sub-units, the archive. The officer edits it like any other field."""
    who = org_selectors.org_on(org, on=on)
    return "\n".join(_above_lines(who, on) + _own_lines(who))


def _place(org: Org, who: words.OrgOn) -> str:
    """The place of the date line: the org's locality, else its superior's, else the nearest one above."""
    here = who.words.locality or (who.parent.words.locality if who.parent is not None else "")
    return here or writer.locality_of(_chain(org))


def report_defaults(
    *, org: Org, kind: str, year_from: int, year_to: int, on: datetime.date | None = None
) -> HeaderInput:
    """The header a new report dated ``on`` (today by default) starts with, from the tree on that date."""
    on = on or timezone.localdate()
    who = org_selectors.org_on(org, on=on)
    authority, title = writer.signer_for(org)
    return HeaderInput(
        superior=default_superior(org, on),
        issuer=org_selectors.header_for(org, on=on).issuer,
        number="",
        place=_place(org, who),
        issued_on=on,
        title=writer.title_for(kind, year_from, year_to),
        recipients=default_recipients(org, on),
        signer_authority=authority,
        signer_title=title,
    )


def default_years(org: Org) -> tuple[int, int]:
    """2016 to the last year closed on the org's path (the last one fully counted); last year if none."""
    closed = Period.objects.filter(org_id__in=path_ids(org.path), state=Period.State.CLOSED)
    last = closed.aggregate(last=Max("year"))["last"] or timezone.localdate().year - 1
    last = max(FIRST_YEAR, min(last, timezone.localdate().year))
    return max(FIRST_YEAR, last - MAX_YEARS + 1), last


# --- Checks -----------------------------------------------------------------------------------------


def check_years(kind: str, year_from: int, year_to: int) -> None:
    """A known kind and a range of at most 11 years from 2016 to this year."""
    if kind not in ReportKind.values:
        raise ValidationError({"kind": ERR_KIND})
    last = timezone.localdate().year
    if year_from > year_to:
        raise ValidationError({"year_to": ERR_YEARS_ORDER})
    if year_from < FIRST_YEAR or year_to > last:
        raise ValidationError({"year_from": ERR_YEARS_RANGE % {"last": last}})
    if year_to - year_from + 1 > MAX_YEARS:
        raise ValidationError({"year_to": ERR_YEARS_SPAN % {"n": MAX_YEARS}})


def _line(value: str | None, max_length: int) -> str:
    return text.clean(value)[:max_length]


def clean_number(value: str, org: Org) -> str:
    """ "Số 125-BC/HU" → "125-BC/HU"; a bare "125" takes the org's suffix."""
    number = _line(value, 50)
    if number.lower().startswith("số"):
        number = number[2:].strip(" :.")
    if number.isdigit():
        number += writer.suffix_for(org)
    return number


def _apply_header(report: Report, header: HeaderInput) -> None:
    report.superior = _line(header.superior, 255).upper()
    report.issuer = _line(header.issuer, 255).upper()
    report.number = clean_number(header.number, report.org)
    report.place = _line(header.place, 100)
    report.issued_on = header.issued_on
    report.title = _line(header.title, 500)
    report.recipients = "\n".join(
        line for line in (text.clean(x) for x in header.recipients.splitlines()) if line
    )
    report.signer_authority = _line(header.signer_authority, 100).upper()
    report.signer_title = _line(header.signer_title, 100).upper()
    report.signer_name = text.title_name(header.signer_name)[:150]
    report.tables_in_appendix = bool(header.tables_in_appendix)
    missing = {name: ERR_REQUIRED for name in ("issuer", "place", "title") if not getattr(report, name)}
    if report.issued_on is None:
        missing["issued_on"] = ERR_REQUIRED
    if missing:
        raise ValidationError(missing)


def _clean_sections(report: Report, sections: Sequence[SectionInput]) -> list[dict]:
    """The saved sections with the officer's headings and text; keys and levels stay as drafted."""
    if len(sections) != len(report.sections):
        raise ValidationError(ERR_SECTIONS_CHANGED)
    cleaned = []
    for saved, edited in zip(report.sections, sections, strict=True):
        heading = _line(edited.heading, HEADING_MAX) if saved.get("key") != "intro" else ""
        body = writer.text_nfc("\n".join(text.clean(line) for line in (edited.text or "").splitlines()))
        if len(body) > TEXT_MAX:
            raise ValidationError(
                ERR_TOO_LONG % {"heading": heading or saved.get("heading"), "max": TEXT_MAX}
            )
        cleaned.append({**saved, "heading": heading, "text": body})
    return cleaned


def _claim(report: Report, version: int, actor: User | None) -> None:
    """Move the version on if nobody saved since ``version``; else raise ConflictError."""
    claimed = locking.claim(
        Report.objects.filter(pk=report.pk), version, updated_at=timezone.now(), updated_by=actor
    )
    if not claimed:
        latest = Report.objects.select_related("updated_by").get(pk=report.pk)
        # the foreign key's arguments come from a dict (``_USER``), which the stubs cannot follow
        updated_by = cast("User | None", latest.updated_by)
        who = updated_by.username if updated_by else "?"
        when = timezone.localtime(latest.updated_at).strftime("%H:%M %d/%m/%Y")
        raise ConflictError(ERR_CONFLICT % {"who": who, "when": when}, latest)
    report.version = version + 1


# --- Writes -----------------------------------------------------------------------------------------


def subtree_size(org: Org) -> int:
    """How many orgs the draft of ``org`` reads the figures of: the org and all below it."""
    return Org.objects.filter(subtree_q(org.path)).count()


def drafts_on_queue(org: Org) -> bool:
    """Whether the draft of ``org`` is written by a worker rather than in the request."""
    return subtree_size(org) > settings.REPORT_QUEUE_FROM


def _queue_draft(report: Report) -> None:
    """Ask a worker for the draft of ``report`` at its version (in the transaction that marked it waiting:
    the worker sees the task once the report is saved)."""
    from .. import tasks  # the tasks import these services

    result = tasks.report_draft.enqueue(report.pk, report.version)
    Report.objects.filter(pk=report.pk).update(draft_task_id=str(result.id))
    report.refresh_from_db()  # the tests' queue runs the task at once


@transaction.atomic
def report_create(
    *,
    actor: User | None,
    org: Org,
    kind: str,
    year_from: int,
    year_to: int,
    header: HeaderInput | None = None,
    queue: bool | None = None,
) -> Report:
    """A new report of ``org`` (cleared by access) with the header defaults and a draft from the figures:
    written here, or by a worker when ``queue`` (by default: when ``drafts_on_queue``)."""
    check_years(kind, year_from, year_to)
    report = Report(
        org=org, kind=kind, year_from=year_from, year_to=year_to, created_by=actor, updated_by=actor
    )
    _apply_header(report, header or report_defaults(org=org, kind=kind, year_from=year_from, year_to=year_to))
    queued = drafts_on_queue(org) if queue is None else queue
    if queued:
        report.draft_state = DraftState.WAITING
    else:
        report.sections = writer.draft(org, year_from, year_to, kind)
    report.full_clean()
    report.save()
    if queued:
        _queue_draft(report)
    return report


def _refuse_while_drafting(report: Report) -> None:
    if Report.objects.filter(pk=report.pk, draft_state__in=BUSY).exists():
        raise ValidationError(ERR_DRAFTING)


@transaction.atomic
def report_save(
    *, actor: User | None, report: Report, version: int, header: HeaderInput, sections: Sequence[SectionInput]
) -> Report:
    """Save the officer's header and text. Refused (ConflictError) if somebody saved since ``version``, and
    while the draft is awaited (ValidationError). A failed draft is put aside: the officer keeps this text."""
    _refuse_while_drafting(report)
    _apply_header(report, header)
    report.sections = _clean_sections(report, sections)
    report.updated_by = actor
    report.draft_state, report.draft_message = DraftState.READY, ""
    report.full_clean(exclude=["version"])
    _claim(report, version, actor)
    report.save()
    return report


@transaction.atomic
def report_redraft(*, actor: User | None, report: Report, version: int, queue: bool | None = None) -> Report:
    """Replace the text with a new draft from today's figures (the header stays): here, or by a worker when
    ``queue`` (by default: when ``drafts_on_queue``). Refused like a save; also the way to draft again after
    a failed draft."""
    _refuse_while_drafting(report)
    _claim(report, version, actor)
    report.updated_by = actor
    if drafts_on_queue(report.org) if queue is None else queue:
        report.draft_state, report.draft_message = DraftState.WAITING, ""
        report.save(update_fields=["draft_state", "draft_message", "updated_by", "updated_at"])
        _queue_draft(report)
        return report
    report.sections = writer.draft(report.org, report.year_from, report.year_to, report.kind)
    report.draft_state, report.draft_message = DraftState.READY, ""
    report.save(update_fields=["sections", "draft_state", "draft_message", "updated_by", "updated_at"])
    return report


# --- The draft on the queue -------------------------------------------------------------------------


def report_draft_run(report_id: int, version: int) -> bool:
    """Write the draft of the report asked at ``version`` (the task's body): only while the report is still
    waiting for it at that version; the text moves the version on, so that a form opened before cannot save
    over it. Safe to run again. Returns whether it wrote."""
    waiting = Report.objects.filter(pk=report_id, version=version, draft_state__in=BUSY)
    if not waiting.update(draft_state=DraftState.RUNNING):
        logger.info("Báo cáo số %s: không còn chờ dự thảo của phiên bản %s; không soạn.", report_id, version)
        return False
    report = Report.objects.select_related("org").get(pk=report_id)
    logger.info("Báo cáo số %s (%s): đang soạn dự thảo %s – %s…", report_id, report.org, report.year_from,
                report.year_to)  # fmt: skip
    sections = writer.draft(report.org, report.year_from, report.year_to, report.kind)
    written = Report.objects.filter(pk=report_id, version=version, draft_state=DraftState.RUNNING).update(
        sections=sections,
        draft_state=DraftState.READY,
        draft_message="",
        version=version + 1,
        updated_at=timezone.now(),
    )
    if written:
        logger.info(
            "Báo cáo số %s (%s): đã soạn xong dự thảo, %s phần.", report_id, report.org, len(sections)
        )
    else:
        logger.info("Báo cáo số %s: đã thay đổi trong lúc soạn; dự thảo bỏ đi.", report_id)
    return bool(written)


def report_draft_failed(*, report_id: int, version: int, message: str = "") -> int:
    """Mark failed the draft whose task failed (a fault, or cut short on its last attempt), if the report
    still waits for it; its text (none, or the one before the redraft) stays."""
    return Report.objects.filter(pk=report_id, version=version, draft_state__in=BUSY).update(
        draft_state=DraftState.FAILED, draft_message=message or str(ERR_DRAFT_FAILED)
    )


def report_draft_state(*, report: Report) -> queue.TaskState | None:
    """How the draft's task stands, once the tasks of dead workers are queued again or failed (the report's
    page calls it while the draft is awaited: a killed worker leaves no report "being drafted" for ever)."""
    if not report.drafting:
        return None
    queue_care.tasks_recover()
    report.refresh_from_db()
    return queue.task_state(report.draft_task_id) if report.drafting else None
