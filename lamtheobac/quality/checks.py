"""What the form says under an action while it is being written, and what ``quality_check`` prints.

Advisory only: nothing here stops a record from being saved or submitted.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lamtheobac.cycle.models import RecordKind
from lamtheobac.organisation.kinds import CELL_KINDS

from . import access, phrases, selectors, vague
from .selectors import items_to_compare
from .similar import THRESHOLD
from .text import jaccard, shingles


@dataclass
class Finding:
    kind: str  # "copied", "last_year", "sample", "ai", "vague"
    message: str
    detail: list[str] = field(default_factory=list)
    suggestion: str = ""


def copies(action: str, others: Iterable[tuple[object, str]]) -> set:
    """The owners (records, people) of the texts in ``others`` that ``action`` nearly repeats."""
    mine = shingles(action)
    if not mine:
        return set()
    return {owner for owner, text in others if jaccard(mine, shingles(text)) >= THRESHOLD}


def boilerplate(action: str, *, is_vague: bool = True) -> list[Finding]:
    """Sample sentences and AI phrases in ``action``. A concrete action that shares only part of a sample
    sentence ("Tham gia đầy đủ các buổi sinh hoạt chi bộ…") is not flagged: it says something checkable."""
    found = []
    sample = phrases.sample_match(action)
    if sample and not is_vague and jaccard(shingles(action), shingles(sample)) < THRESHOLD:
        sample = None
    if sample:
        found.append(
            Finding(
                "sample",
                _("Giống câu trong các bản cam kết mẫu trên mạng"),
                [sample],
                _("Viết việc làm của chính mình, gắn với công việc và nơi ở của mình."),
            )
        )
    ai = phrases.ai_phrases(action)
    if ai:
        found.append(
            Finding(
                "ai",
                _("Có cụm từ hay gặp trong văn bản do công cụ AI viết"),
                ai,
                _("Viết bằng lời của mình, nói rõ việc gì, bao nhiêu, khi nào."),
            )
        )
    return found


def check_action(
    action: str,
    target: str = "",
    deadline: datetime.date | None = None,
    *,
    others: Iterable[tuple[object, str]] = (),
    last_year: Iterable[str] = (),
    previous_year: int | None = None,
    unit: str = "",
    kind_label: str = "",
) -> list[Finding]:
    """Findings on one action: near-copy of someone else's in the same org this year (``others`` are
    (owner, text) pairs; owners are counted, never named), repeat of one's own last year, boilerplate,
    vagueness."""
    findings: list[Finding] = []
    if not shingles(action):
        return findings
    owners = copies(action, others)
    if owners:
        what = kind_label or _("cam kết")
        message = (
            _("Giống một %(what)s khác trong %(unit)s") % {"what": what, "unit": unit}
            if len(owners) == 1
            else _("Giống %(n)s %(what)s khác trong %(unit)s")
            % {"n": len(owners), "what": what, "unit": unit}
        )
        findings.append(
            Finding(
                "copied", message, suggestion=_("Ghi việc làm của riêng mình, theo vị trí công tác của mình.")
            )
        )
    mine = shingles(action)
    if any(jaccard(mine, shingles(text)) >= THRESHOLD for text in last_year):
        findings.append(
            Finding(
                "last_year",
                _("Giống việc làm đã đăng ký năm %(year)s") % {"year": previous_year},
                suggestion=_("Nếu năm nay vẫn làm việc này, nâng chỉ tiêu cao hơn năm trước."),
            )
        )
    verdict = vague.assess(action, target, deadline)
    findings += boilerplate(action, is_vague=verdict.vague)
    if verdict.vague:
        findings.append(Finding("vague", _("Chưa cụ thể"), verdict.reasons, verdict.suggestion))
    return findings


def line_report(text: str) -> dict:
    """One line of ``quality_check`` output."""
    verdict = vague.assess(text)
    stock = boilerplate(text, is_vague=verdict.vague)
    return {
        "text": text,
        "vague": verdict.vague,
        "reasons": verdict.reasons,
        "suggestion": verdict.suggestion or None,
        "boilerplate": [{"kind": f.kind, "matches": f.detail} for f in stock],
    }


def _labels(record) -> tuple[str, str]:
    """(what the record is, where the others are) as the messages name them."""
    if record.kind == RecordKind.COMMITMENT:
        return _("cam kết"), _("chi bộ") if record.org.kind in CELL_KINDS else _("đơn vị")
    return _("kế hoạch"), _("các tổ chức cùng cấp")


def record_findings(
    record, action: str, target: str = "", deadline: datetime.date | None = None
) -> list[Finding]:
    """``check_action`` for an action being written into ``record``: compared with the other records of the
    same kind in its org and year (for a plan, the plans of the orgs beside it under the same parent) and
    with the same writer's record of the year before."""
    others, previous = items_to_compare(record)
    kind_label, unit = _labels(record)
    return check_action(
        action,
        target,
        deadline,
        others=others.values_list("record_id", "action"),
        last_year=previous.values_list("action", flat=True),
        previous_year=record.year - 1,
        unit=unit,
        kind_label=kind_label,
    )


# --- For the one who approves: the same checks, worded for the reader who decides --------------------------


def approver_findings(record, items) -> dict[int, list[Finding]]:
    """The findings on each item of ``record`` (by item id, only items with some), worded for the one who
    approves it: which rule fired, and what to ask for when returning it. Near-copies are counted, never
    named."""
    others_qs, previous_qs = items_to_compare(record)
    others = list(others_qs.values_list("record_id", "action"))
    last_year = [shingles(text) for text in previous_qs.values_list("action", flat=True)]
    what, unit = _labels(record)
    found: dict[int, list[Finding]] = {}
    for item in items:
        mine = shingles(item.action)
        if not mine:
            continue
        findings = []
        n = len(copies(item.action, others))
        if n:
            findings.append(
                Finding(
                    "copied",
                    _("Giống việc làm trong %(n)s bản %(what)s khác của %(unit)s")
                    % {"n": n, "what": what, "unit": unit},
                )
            )
        if any(jaccard(mine, theirs) >= THRESHOLD for theirs in last_year):
            findings.append(
                Finding(
                    "last_year", _("Lặp lại việc làm đã đăng ký năm %(year)s") % {"year": record.year - 1}
                )
            )
        verdict = vague.assess(item.action, item.target, item.deadline)
        for stock in boilerplate(item.action, is_vague=verdict.vague):
            message = (
                _("Trùng câu trong các bản cam kết mẫu trên mạng")
                if stock.kind == "sample"
                else _("Có cụm từ hay gặp trong văn bản do công cụ AI viết")
            )
            findings.append(Finding(stock.kind, message, stock.detail))
        if verdict.vague:
            detail = [_("không có con số, tần suất, thời hạn hay việc làm cụ thể để cuối năm kiểm tra")]
            if verdict.generic:
                detail.append(
                    _("chỉ có cụm từ chung chung: %s") % ", ".join(f"“{g}”" for g in verdict.generic)
                )
            findings.append(
                Finding(
                    "vague",
                    _("Việc làm này chưa nêu sản phẩm hoặc chỉ tiêu đo được"),
                    detail,
                    _("Gợi ý khi trả lại: %s") % verdict.suggestion,
                )
            )
        if findings:
            found[item.pk] = findings
    return found


@dataclass
class RecordFlags:
    """What the record page shows the one who approves it."""

    by_item: dict[int, list[Finding]]  # item id -> findings
    actions: int
    vague: int
    alike_named: list  # the near-identical commitments they may see, to open
    alike_unnamed: int  # and how many others, counted only
    last_year: int | None  # the year it repeats, when it repeats its writer's record of the year before

    @property
    def alike(self) -> int:
        return len(self.alike_named) + self.alike_unnamed


def record_flags(user, record, items) -> RecordFlags | None:
    """The flags of ``record`` for ``user``: None unless they approve it (``access.may_see_flags``)."""
    if not access.may_see_flags(user, record):
        return None
    quality = selectors.quality_of(record)
    named = (
        access.records_to_name(user)
        if access.may_name_copiers(user, record.org)
        else access.records_to_name(user).none()
    )
    shown, unnamed = selectors.alike(record, quality.cluster if quality else None, named)
    by_item = approver_findings(record, items)
    return RecordFlags(
        by_item=by_item,
        actions=len(items),
        vague=sum(any(f.kind == "vague" for f in fs) for fs in by_item.values()),
        alike_named=shown,
        alike_unnamed=unnamed,
        last_year=record.year - 1 if quality and quality.copied_last_year else None,
    )
