"""The state machine of plans and commitments, and which states count as filed. Pure: no database, no
permissions.

draft → submitted → approved → self_assessed → rated
          ↓   ↑
        returned
any → locked (year closed) → the state it had (reopened by an admin)
"""

from __future__ import annotations

import datetime
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import RecordState as S


class Action(StrEnum):
    EDIT = "edit"
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    SELF_ASSESS = "self_assess"
    RATE = "rate"
    LOCK = "lock"
    UNLOCK = "unlock"


# action → {from state: to state}; EDIT keeps the state.
TRANSITIONS: dict[Action, dict[str, str]] = {
    Action.EDIT: {S.DRAFT: S.DRAFT, S.RETURNED: S.RETURNED},
    Action.SUBMIT: {S.DRAFT: S.SUBMITTED, S.RETURNED: S.SUBMITTED},
    Action.APPROVE: {S.SUBMITTED: S.APPROVED},
    Action.RETURN: {S.SUBMITTED: S.RETURNED},
    Action.SELF_ASSESS: {S.APPROVED: S.SELF_ASSESSED, S.SELF_ASSESSED: S.SELF_ASSESSED},
    Action.RATE: {S.SELF_ASSESSED: S.RATED, S.RATED: S.RATED},
    Action.LOCK: {s: S.LOCKED for s in S.values if s != S.LOCKED},
}

REFUSALS = {
    Action.EDIT: _("Chỉ sửa được khi đang là dự thảo hoặc đã bị trả lại (hiện tại: %(state)s)."),
    Action.SUBMIT: _("Chỉ nộp được bản dự thảo hoặc bản đã bị trả lại (hiện tại: %(state)s)."),
    Action.APPROVE: _("Chỉ duyệt được bản đã nộp (hiện tại: %(state)s)."),
    Action.RETURN: _("Chỉ trả lại được bản đã nộp (hiện tại: %(state)s)."),
    Action.SELF_ASSESS: _("Chỉ tự đánh giá được sau khi đã được duyệt (hiện tại: %(state)s)."),
    Action.RATE: _("Chỉ xếp loại được sau khi đã tự đánh giá (hiện tại: %(state)s)."),
    Action.LOCK: _("Hồ sơ đã khóa."),
    Action.UNLOCK: _("Hồ sơ không ở trạng thái khóa."),
}


def allowed(state: str, action: Action) -> bool:
    """Whether ``action`` may be taken from ``state``."""
    if action == Action.UNLOCK:
        return state == S.LOCKED
    return state in TRANSITIONS[action]


def next_state(state: str, action: Action, *, state_before_lock: str = "") -> str:
    """The state after ``action``; raises ValidationError with a Vietnamese message when illegal."""
    if not allowed(state, action):
        raise ValidationError(REFUSALS[action] % {"state": S(state).label})
    if action == Action.UNLOCK:
        return state_before_lock or S.DRAFT
    return TRANSITIONS[action][state]


def actions_from(state: str) -> list[Action]:
    """The actions the state machine allows from ``state`` (before permissions)."""
    return [a for a in Action if allowed(state, a)]


def is_late(submitted_on: datetime.date, deadline: datetime.date | None) -> bool:
    """Whether a record submitted on ``submitted_on`` (the local day) missed its deadline: the day after the
    deadline is late, the deadline itself is not; with no deadline nothing is late."""
    return bool(deadline and submitted_on > deadline)


# --- Filed or not: the one definition every count reads ------------------------------------------
#
# A plan or commitment counts as filed (đã nộp) once it has been submitted, and stops counting as filed
# while it is back in its writer's hands: a record returned for correction is owed again, as a Party
# office counts it ("trả lại để sửa, chưa nộp lại"), and the deadline is judged again when it is
# resubmitted (``record_submit`` sets ``is_late`` anew). So filed + not filed = who must file, with
# "returned" a line of its own inside "not filed", never counted on both sides. A record locked at the
# year's end counts as the state it was locked in. The dashboard, the year's page, the lagging page,
# the report writer, the API, ``figures``, the quality figures and the maintained counters all read
# ``filed_q`` or ``is_filed``; nothing else decides it.

WITH_WRITER = frozenset(TRANSITIONS[Action.EDIT])  # draft, returned: the writer holds it, nothing is filed


def counted_state(state: str, state_before_lock: str = "") -> str:
    """The state a record counts as: the one it was locked in, when locked."""
    return state_before_lock if state == S.LOCKED and state_before_lock else state


def is_filed(*, submitted_at: datetime.datetime | None, state: str, state_before_lock: str = "") -> bool:
    """Whether a record counts as filed: submitted, and not back with its writer."""
    return submitted_at is not None and counted_state(state, state_before_lock) not in WITH_WRITER


def filed_q(prefix: str = "") -> Q:
    """The records that count as filed (``prefix``: the relation leading to the record, e.g. ``record__``),
    the same decision as ``is_filed``."""
    held = sorted(WITH_WRITER)  # in a fixed order: the same SQL every time
    back = Q(**{f"{prefix}state__in": held}) | Q(
        **{f"{prefix}state": S.LOCKED, f"{prefix}state_before_lock__in": held}
    )
    return Q(**{f"{prefix}submitted_at__isnull": False}) & ~back


def returned_q(prefix: str = "") -> Q:
    """Records returned for correction and not resubmitted (locked so included): one part of "not filed"."""
    return Q(**{f"{prefix}state": S.RETURNED}) | Q(
        **{f"{prefix}state": S.LOCKED, f"{prefix}state_before_lock": S.RETURNED}
    )


def approved_q(prefix: str = "") -> Q:
    """Filed records a leader has approved (approved is a part of filed, never beside it)."""
    return filed_q(prefix) & Q(**{f"{prefix}approved_at__isnull": False})
