"""Writes of inspections and supervisions (kiểm tra, giám sát): the yearly programme, the execution with
its findings and follow-up deadline, the target org's report of fixes, and closing.

Atomic; permissions are decided by ``access.py`` (the inspecting org cleared with INSPECT, the target with
ANSWER_INSPECTION). Status moves: planned → done (recorded) → fixed (answered) → closed.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheobac.cycle.selectors import check_year_open
from lamtheobac.lib import text
from lamtheobac.organisation.models import Org

from ..models import DEFAULT_FOCUS, Inspection, InspectionFile, InspectionKind, InspectionResponse
from ..models import InspectionStatus as S
from .study import attach_files

ERR_TARGET_OUTSIDE = _("Đối tượng kiểm tra, giám sát phải là tổ chức cấp dưới của %(org)s.")
ERR_MONTH = _("Tháng dự kiến phải từ 1 đến 12.")
ERR_YEAR = _("Năm không hợp lệ.")
ERR_KIND = _("Hình thức không hợp lệ: chọn kiểm tra hoặc giám sát.")
ERR_FOCUS_EMPTY = _("Hãy ghi nội dung trọng tâm.")
ERR_FOLLOW_UP_BEFORE = _("Hạn báo cáo khắc phục không được trước ngày tiến hành kiểm tra, giám sát.")
ERR_EXECUTED_FUTURE = _("Ngày tiến hành không được sau hôm nay.")
ERR_FINDINGS_EMPTY = _("Hãy ghi kết quả kiểm tra, giám sát (ưu điểm, hạn chế).")
ERR_CONCLUSION_EMPTY = _("Hãy ghi kết luận.")
ERR_FOLLOW_UP_NEEDED = _("Có kiến nghị thì cần đặt hạn báo cáo khắc phục.")
ERR_ANSWER_EMPTY = _("Hãy ghi kết quả khắc phục.")
ERR_CLOSED = _("Cuộc kiểm tra, giám sát đã kết thúc; không sửa được nữa.")
ERR_NOT_RECORDED = _("Cuộc kiểm tra, giám sát chưa được tiến hành; chưa thể báo cáo khắc phục hay kết thúc.")
ERR_PLAN_DONE = _("Cuộc kiểm tra, giám sát đã có kết quả; chỉ sửa được kế hoạch khi còn theo chương trình.")
ERR_ALREADY_FIXED = _("Đối tượng đã báo cáo khắc phục; không ghi lại kết quả được nữa.")


@dataclasses.dataclass
class PlanInput:
    target: Org
    year: int
    kind: str
    planned_month: int
    focus: str = DEFAULT_FOCUS


@dataclasses.dataclass
class RecordInput:
    executed_on: datetime.date
    team: str = ""
    content: str = ""
    findings: str = ""
    conclusion: str = ""
    recommendations: str = ""
    follow_up_due: datetime.date | None = None


def is_descendant(org: Org, target: Org) -> bool:
    """Whether ``target`` lies strictly below ``org`` in the tree."""
    return target.pk != org.pk and target.path.startswith(org.path) and len(target.path) > len(org.path)


def _check_open(inspection: Inspection, field: str | None = None) -> None:
    """An inspection belongs to its year at both ends, and to the day it was carried out: refused when any
    of these falls in a year closed at the inspecting org or at the target."""
    for org in (inspection.org, inspection.target):
        check_year_open(org=org, date_or_year=inspection.year, field=field)
        check_year_open(org=org, date_or_year=inspection.executed_on, field=field)


def _fill_plan(inspection: Inspection, data: PlanInput) -> None:
    if not is_descendant(inspection.org, data.target):
        raise ValidationError({"target": ERR_TARGET_OUTSIDE % {"org": inspection.org.name}})
    if data.kind not in InspectionKind.values:
        raise ValidationError({"kind": ERR_KIND})
    if not 1 <= int(data.planned_month) <= 12:
        raise ValidationError({"planned_month": ERR_MONTH})
    if not 2000 <= int(data.year) <= 2100:
        raise ValidationError({"year": ERR_YEAR})
    inspection.focus = text.plain(data.focus, 500)
    if not inspection.focus:
        raise ValidationError({"focus": ERR_FOCUS_EMPTY})
    inspection.target = data.target
    inspection.year = data.year
    inspection.kind = data.kind
    inspection.planned_month = data.planned_month
    _check_open(inspection, "year")
    inspection.full_clean()


@transaction.atomic
def inspection_plan(*, actor: User | None, org: Org, data: PlanInput) -> Inspection:
    """Put a line in ``org``'s programme (``org`` cleared by access with INSPECT); the target must be below it."""
    inspection = Inspection(org=org, created_by=actor, status=S.PLANNED)
    _fill_plan(inspection, data)
    inspection.save()
    return inspection


@transaction.atomic
def inspection_update_plan(*, actor: User | None, inspection: Inspection, data: PlanInput) -> Inspection:
    """Change the plan fields (cleared with INSPECT); only while the inspection is still planned, and neither
    from nor into a closed year."""
    if inspection.status != S.PLANNED:
        raise ValidationError(ERR_PLAN_DONE)
    _check_open(inspection, "year")
    _fill_plan(inspection, data)
    inspection.save()
    return inspection


@transaction.atomic
def inspection_record(
    *, actor: User | None, inspection: Inspection, data: RecordInput, files: Sequence = ()
) -> Inspection:
    """Record the execution, findings, conclusion, recommendations and follow-up deadline (cleared with
    INSPECT); moves a planned inspection to done. Refused once the target has reported fixes, and in (or
    into) a closed year."""
    if inspection.status == S.CLOSED:
        raise ValidationError(ERR_CLOSED)
    if inspection.status == S.FIXED:
        raise ValidationError(ERR_ALREADY_FIXED)
    _check_open(inspection)
    for org in (inspection.org, inspection.target):
        check_year_open(org=org, date_or_year=data.executed_on, field="executed_on")
    if data.executed_on > timezone.localdate():
        raise ValidationError({"executed_on": ERR_EXECUTED_FUTURE})
    # checked here so people read a sentence, not the database constraint's name
    if data.follow_up_due is not None and data.follow_up_due < data.executed_on:
        raise ValidationError({"follow_up_due": ERR_FOLLOW_UP_BEFORE})
    inspection.executed_on = data.executed_on
    inspection.team = text.plain(data.team, 500)
    inspection.content = text.paragraphs(data.content, 20000)
    inspection.findings = text.paragraphs(data.findings, 20000)
    inspection.conclusion = text.paragraphs(data.conclusion, 20000)
    inspection.recommendations = text.paragraphs(data.recommendations, 20000)
    inspection.follow_up_due = data.follow_up_due
    if not inspection.findings:
        raise ValidationError({"findings": ERR_FINDINGS_EMPTY})
    if not inspection.conclusion:
        raise ValidationError({"conclusion": ERR_CONCLUSION_EMPTY})
    if inspection.recommendations and inspection.follow_up_due is None:
        raise ValidationError({"follow_up_due": ERR_FOLLOW_UP_NEEDED})
    inspection.status = S.DONE
    inspection.full_clean()
    inspection.save()
    attach_files(files, lambda **f: InspectionFile(inspection=inspection, **f))
    return inspection


@transaction.atomic
def inspection_answer(
    *, actor: User | None, inspection: Inspection, text_: str, files: Sequence = ()
) -> InspectionResponse:
    """The target org reports its fixes (cleared with ANSWER_INSPECTION on the target); moves to fixed. Not
    in a closed year."""
    if inspection.status == S.CLOSED:
        raise ValidationError(ERR_CLOSED)
    if inspection.status == S.PLANNED:
        raise ValidationError(ERR_NOT_RECORDED)
    _check_open(inspection)
    response = InspectionResponse(
        inspection=inspection, text=text.paragraphs(text_, 20000), responded_by=actor
    )
    if not response.text:
        raise ValidationError({"text": ERR_ANSWER_EMPTY})
    response.full_clean()
    response.save()
    attach_files(files, lambda **f: InspectionFile(inspection=inspection, **f))
    inspection.status = S.FIXED
    inspection.save(update_fields=["status", "updated_at"])
    return response


@transaction.atomic
def inspection_close(*, actor: User | None, inspection: Inspection) -> Inspection:
    """The inspecting side ends the inspection (cleared with INSPECT) once it has been carried out; not in a
    closed year."""
    if inspection.status == S.CLOSED:
        raise ValidationError(ERR_CLOSED)
    if inspection.status == S.PLANNED:
        raise ValidationError(ERR_NOT_RECORDED)
    _check_open(inspection)
    inspection.status = S.CLOSED
    inspection.save(update_fields=["status", "updated_at"])
    return inspection
