"""What follows a record through its year: progress notes and evidence, documents attached, the mid-year
and interim reviews, the quarterly reviews (``records`` holds writing, submitting, approving and rating)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lamtheobac.lib import uploads

from .. import quarters
from ..models import (
    TEXT_MAX,
    Document,
    Evidence,
    InterimAssessment,
    InterimReviews,
    Period,
    ProgressNote,
    QuarterReview,
    Record,
    RecordItem,
    RecordState,
    Result,
    SignedCopy,
    Transition,
)
from ..rules import Rules
from ..selectors import check_year_open, rules_for
from .common import (
    ERR_UNASSESSED,
    plain,
)
from .records import AssessmentInput, _locked_row

# --- Progress ---------------------------------------------------------------------------------

ERR_NOTE_EMPTY = _("Hãy ghi nội dung tiến độ.")
PROGRESS_STATES = {RecordState.APPROVED, RecordState.SELF_ASSESSED, RecordState.SUBMITTED}
ERR_PROGRESS_STATE = _("Chỉ ghi tiến độ khi hồ sơ đã nộp hoặc đã được duyệt (hiện tại: %(state)s).")


def check_evidence(upload) -> uploads.Kind:
    """Refuse files over 10 MB, of another kind than images/PDF/Office, or whose name lies."""
    return uploads.check(upload)


@transaction.atomic
def progress_add(
    *, actor: User | None, item: RecordItem, text_: str, link: str = "", files=()
) -> ProgressNote:
    """Record progress on an item with evidence; every file is checked before anything is saved."""
    record = item.record
    if record.state not in PROGRESS_STATES:
        raise ValidationError(ERR_PROGRESS_STATE % {"state": RecordState(record.state).label})
    body = plain(text_, 2000)
    if not body:
        raise ValidationError({"text": ERR_NOTE_EMPTY})
    kinds = [check_evidence(f) for f in files]
    note = ProgressNote(item=item, text=body, link=link, created_by=actor)
    note.full_clean()
    note.save()
    for upload, kind in zip(files, kinds, strict=True):
        upload.seek(0)
        evidence = Evidence(
            note=note, original_name=plain(upload.name, 255), content_type=kind.content_type, size=upload.size
        )
        evidence.file.save(uploads.random_name(kind), upload, save=False)
        evidence.save()
    return note


ERR_SIGNED_STATE = _("Chỉ đính kèm bản có chữ ký khi bản đăng ký đã nộp (hiện tại: %(state)s).")
ERR_SIGNED_FILE = _("Hãy chọn tệp bản chụp hoặc bản quét có chữ ký.")


@transaction.atomic
def signed_copy_attach(*, actor: User | None, record: Record, upload) -> SignedCopy:
    """Keep the scan of the registration signed on paper with ``record`` (the evidence files' checks and
    storage); only once the record is submitted, and never in a closed year."""
    if upload is None:
        raise ValidationError(ERR_SIGNED_FILE)
    if record.state == RecordState.DRAFT:
        raise ValidationError(ERR_SIGNED_STATE % {"state": RecordState(record.state).label})
    check_year_open(org=record.org, date_or_year=record.year)
    kind = check_evidence(upload)
    upload.seek(0)
    copy = SignedCopy(
        record=record,
        original_name=plain(upload.name, 255),
        content_type=kind.content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    copy.file.save(uploads.random_name(kind), upload, save=False)
    copy.save()
    return copy


@transaction.atomic
def document_attach(
    *,
    actor: User | None,
    period: Period,
    number: str,
    kind: str,
    issued_on,
    issuer: str,
    title: str,
    upload=None,
):
    """Attach a directing document (số 12-KH/HU …) to a year; the file, if any, must be PDF or Office. Not to
    a closed year (a document of the year's plan may be issued the year before)."""
    check_year_open(org=period.org, date_or_year=period.year)
    document = Document(
        org=period.org,
        period=period,
        number=plain(number, 50),
        kind=kind,
        issued_on=issued_on,
        issuer=plain(issuer, 255),
        title=plain(title, 500),
        uploaded_by=actor,
    )
    document.full_clean(exclude=["file"])
    if upload is not None:
        kind_ = check_evidence(upload)
        document.file_name = plain(upload.name, 255)
        document.file.save(uploads.random_name(kind_), upload, save=False)
    document.save()
    return document


# --- Interim reviews --------------------------------------------------------------------------

INTERIM_STAGES: dict[str, dict[str, Promise]] = {
    InterimReviews.MIDYEAR: {"h1": _("Sơ kết 6 tháng đầu năm")},
    InterimReviews.QUARTERLY: {"q1": _("Quý I"), "q2": _("Quý II"), "q3": _("Quý III")},
}
ERR_NO_INTERIM = _("Năm này không có đánh giá giữa kỳ “%(stage)s”.")
ERR_INTERIM_STATE = _("Chỉ đánh giá giữa kỳ được sau khi hồ sơ đã được duyệt (hiện tại: %(state)s).")


def interim_stages(rules: Rules) -> dict[str, str]:
    """The interim review stages the year asks for (none, the first half, or three quarters)."""
    return {k: str(v) for k, v in INTERIM_STAGES.get(rules.interim_reviews, {}).items()}


@transaction.atomic
def record_interim_assess(
    *,
    actor: User | None,
    record: Record,
    stage: str,
    assessments: Sequence[AssessmentInput],
    on_behalf: bool = False,
) -> Record:
    """A mid-year or quarterly self-assessment of every item; the record stays approved.

    A second assessment of the same stage replaces the first; both are in the record's history.
    """
    record = _locked_row(record)
    stages = interim_stages(rules_for(record.org, record.year))
    if stage not in stages:
        raise ValidationError(ERR_NO_INTERIM % {"stage": stage})
    if record.state != RecordState.APPROVED:
        raise ValidationError(ERR_INTERIM_STATE % {"state": RecordState(record.state).label})
    by_item = {a.item.pk: a for a in assessments if a.result in Result.values}
    items = list(record.items.all())
    missing = [i for i in items if i.pk not in by_item]
    if missing:
        raise ValidationError(ERR_UNASSESSED % {"n": len(missing)})
    for item in items:
        a = by_item[item.pk]
        InterimAssessment.objects.update_or_create(
            item=item,
            stage=stage,
            defaults={"result": a.result, "note": plain(a.note, TEXT_MAX), "created_by": actor},
        )
    done = sum(1 for i in items if by_item[i.pk].result == Result.DONE)
    Transition.objects.create(
        record=record,
        from_state=record.state,
        to_state=record.state,
        actor=actor,
        on_behalf=on_behalf,
        comment=f"{stages[stage]}: {done}/{len(items)} " + str(_("việc hoàn thành")),
    )
    return record


# --- Quarterly reviews ------------------------------------------------------------------------

ERR_NO_QUARTERS = _("Năm %(year)s không đánh giá theo quý (tổ chức mở năm chọn “%(choice)s”).")
ERR_QUARTER = _("Quý phải từ I đến IV.")
ERR_QUARTER_NOT_STARTED = _("%(quarter)s năm %(year)s bắt đầu từ ngày %(date)s; chưa đánh giá được.")
ERR_QUARTER_STATE = _("Chỉ đánh giá theo quý hồ sơ đã được duyệt (hiện tại: %(state)s).")
ERR_QUARTER_SCORE = _("Hãy chấm điểm quý theo thang điểm 100 (từ 0 đến 100).")
QUARTER_STATES = {RecordState.APPROVED, RecordState.SELF_ASSESSED, RecordState.RATED}


@transaction.atomic
def record_quarter_review(
    *,
    actor: User | None,
    record: Record,
    quarter: int,
    score: int | None,
    comment: str = "",
    today: datetime.date | None = None,
) -> QuarterReview:
    """A leader's review of an approved record for one quarter of a year that asks for quarterly reviews:
    a score (0-100) and a comment; a second review of the quarter replaces the first (both in the
    history). Refused before the quarter starts, and with nothing saved on any refusal."""
    record = _locked_row(record)
    check_year_open(org=record.org, date_or_year=record.year)
    rules = rules_for(record.org, record.year)
    today = today or timezone.localdate()
    if rules.interim_reviews != InterimReviews.QUARTERLY:
        choice = InterimReviews(rules.interim_reviews).label
        raise ValidationError(ERR_NO_QUARTERS % {"year": record.year, "choice": choice})
    if quarter not in quarters.QUARTERS:
        raise ValidationError({"quarter": ERR_QUARTER})
    if not quarters.started(record.year, quarter, today):
        begins = quarters.start(record.year, quarter).strftime("%d/%m/%Y")
        name = quarters.NAMES[quarter]
        raise ValidationError(
            {"quarter": ERR_QUARTER_NOT_STARTED % {"quarter": name, "year": record.year, "date": begins}}
        )
    if record.state not in QUARTER_STATES:
        raise ValidationError(ERR_QUARTER_STATE % {"state": RecordState(record.state).label})
    if score is None or not 0 <= score <= 100:
        raise ValidationError({"score": ERR_QUARTER_SCORE})
    review, _created = QuarterReview.objects.update_or_create(
        record=record,
        quarter=quarter,
        defaults={"score": score, "comment": plain(comment, 2000), "reviewed_by": actor},
    )
    Transition.objects.create(
        record=record,
        from_state=record.state,
        to_state=record.state,
        actor=actor,
        comment=str(_("Đánh giá %(quarter)s: %(score)s điểm"))
        % {"quarter": quarters.NAMES[quarter], "score": score},
    )
    return review
