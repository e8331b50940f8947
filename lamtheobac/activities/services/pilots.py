"""Writes of pilot and good-practice models (mô hình điểm; mô hình hay, cách làm hiệu quả).

Atomic; permissions are decided by ``access.py`` (the org cleared with RECORD_ACTIVITIES) and the
replication targets are chosen by the view among the orgs the user sees.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Sequence

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheobac.cycle.selectors import check_year_open
from lamtheobac.lib import text
from lamtheobac.organisation.models import Org

from ..models import PilotFile, PilotModel, PilotStatus
from .study import attach_files

ERR_NAME_EMPTY = _("Hãy ghi tên mô hình.")
ERR_BAD_STATUS = _("Tình trạng mô hình không hợp lệ.")
ERR_REPLICATED_EMPTY = _("Mô hình “Đã nhân rộng” cần chọn ít nhất một nơi được nhân rộng.")
ERR_REPLICATED_SELF = _("Không chọn chính %(org)s làm nơi nhân rộng.")
ERR_RESULTS_REQUIRED = _("Mô hình được đánh giá có hiệu quả cần ghi rõ kết quả đạt được.")
ERR_FUTURE = _("Ngày bắt đầu không được sau hôm nay.")


@dataclasses.dataclass
class PilotInput:
    name: str
    started_on: datetime.date
    field: str = ""
    description: str = ""
    results: str = ""
    status: str = PilotStatus.PILOTING
    replicated_to: list[Org] = dataclasses.field(default_factory=list)


def _fill(pilot: PilotModel, data: PilotInput) -> list[Org]:
    pilot.name = text.plain(data.name, 300)
    if not pilot.name:
        raise ValidationError({"name": ERR_NAME_EMPTY})
    if data.status not in PilotStatus.values:
        raise ValidationError({"status": ERR_BAD_STATUS})
    if data.started_on > timezone.localdate():
        raise ValidationError({"started_on": ERR_FUTURE})
    pilot.field = text.plain(data.field, 200)
    pilot.description = text.paragraphs(data.description, 20000)
    pilot.results = text.paragraphs(data.results, 20000)
    pilot.started_on = data.started_on
    pilot.status = data.status
    targets = list({o.pk: o for o in data.replicated_to}.values())
    if any(o.pk == pilot.org_id for o in targets):
        raise ValidationError({"replicated_to": ERR_REPLICATED_SELF % {"org": pilot.org.name}})
    if pilot.status == PilotStatus.REPLICATED and not targets:
        raise ValidationError({"replicated_to": ERR_REPLICATED_EMPTY})
    if pilot.status != PilotStatus.PILOTING and not pilot.results:
        raise ValidationError({"results": ERR_RESULTS_REQUIRED})
    pilot.full_clean()
    return targets


@transaction.atomic
def pilot_create(*, actor: User | None, org: Org, data: PilotInput, files: Sequence = ()) -> PilotModel:
    """File a model of ``org`` (cleared by access with RECORD_ACTIVITIES), with its evidence files; refused
    when it started in a year closed at ``org``."""
    check_year_open(org=org, date_or_year=data.started_on, field="started_on")
    pilot = PilotModel(org=org, created_by=actor)
    targets = _fill(pilot, data)
    pilot.save()
    pilot.replicated_to.set(targets)
    attach_files(files, lambda **f: PilotFile(pilot=pilot, **f))
    return pilot


@transaction.atomic
def pilot_update(
    *,
    actor: User | None,
    pilot: PilotModel,
    data: PilotInput,
    files: Sequence = (),
    keep_replicated: Iterable[Org] = (),
) -> PilotModel:
    """Change a model (cleared by access): fields, status, replication. ``keep_replicated`` are targets the
    editor cannot see (set higher up) and keeps as they are. A model that started in a closed year, or would
    start in one, is refused: the years it counted in are closed."""
    check_year_open(org=pilot.org, date_or_year=pilot.started_on, field="started_on")
    check_year_open(org=pilot.org, date_or_year=data.started_on, field="started_on")
    data.replicated_to = [*data.replicated_to, *keep_replicated]
    targets = _fill(pilot, data)
    pilot.save()
    pilot.replicated_to.set(targets)
    attach_files(files, lambda **f: PilotFile(pilot=pilot, **f))
    return pilot
