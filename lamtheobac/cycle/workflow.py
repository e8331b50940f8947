"""The state machine of plans and commitments. Pure: no database, no permissions.

draft → submitted → approved → self_assessed → rated
          ↓   ↑
        returned
any → locked (year closed) → the state it had (reopened by an admin)
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import ValidationError
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
