"""What the cycle's writes share: their error messages, the conflict error, the text cleaner."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from lamtheobac.lib import text

from .. import workflow
from ..models import (
    Rating,
    Record,
    Revision,
    Transition,
)
from ..scoring import ERR_SCORE_LEVEL, ERR_SCORE_RANGE  # noqa: F401 (named here for the callers)
from ..workflow import Action

ERR_YEAR_EXISTS = _("Năm %(year)s đã được mở tại %(org)s.")
ERR_LOOSER_MIN = _("Cấp trên yêu cầu ít nhất %(n)s việc làm; cấp dưới không được giảm.")
ERR_LATER_DEADLINE = _("Hạn này không được muộn hơn hạn của cấp trên (%(date)s).")
ERR_FEWER_KINDS = _("Không được bỏ loại mà cấp trên đã yêu cầu: %(kinds)s.")
ERR_YEAR_NOT_OPEN = _("Năm %(year)s chưa được mở hoặc đã kết thúc tại %(org)s.")
ERR_RECORD_EXISTS = _("Đã có hồ sơ năm %(year)s cho %(name)s.")
ERR_TOO_FEW_ACTIONS = _("Cần ít nhất %(n)s việc làm cụ thể; hiện có %(have)s.")
ERR_PLAN_EMPTY = _("Kế hoạch cần ít nhất một nội dung.")
ERR_RETURN_COMMENT = _("Khi trả lại cần ghi rõ ý kiến để người viết sửa.")
ERR_UNASSESSED = _("Hãy tự đánh giá tất cả các việc làm (còn %(n)s việc chưa đánh giá).")
ERR_CONFLICT = _(
    "Hồ sơ vừa được %(who)s lưu lúc %(when)s, sau khi bạn mở trang. Nội dung của họ được hiển thị bên dưới; "
    "hãy xem lại rồi lưu lại nếu cần."
)
ERR_CHANGED_SINCE_SHOWN = _("Hồ sơ của %(name)s đã thay đổi sau khi anh/chị mở trang; chưa duyệt.")
ERR_NO_LONGER_WAITING = _("Hồ sơ của %(name)s không còn chờ duyệt (hiện tại: %(state)s).")
ERR_MOVED_ON = _("Trong lúc bạn sửa, hồ sơ đã chuyển sang trạng thái “%(state)s” nên không lưu được nữa.")
ERR_MIN_ACTIONS_RANGE = _("Số việc làm tối thiểu phải từ 1 đến 20.")
ERR_ITEM_ACTION_EMPTY = _("Dòng %(n)s: chưa ghi việc làm.")
ERR_ITEM_TOO_LONG = _("Dòng %(n)s: nội dung quá dài (tối đa %(max)s ký tự).")
ERR_ITEM_DEADLINE_YEAR = _("Dòng %(n)s: thời hạn %(date)s không thuộc năm %(year)s của hồ sơ.")
ERR_ITEM_NOT_HERE = _("Dòng %(n)s: việc làm này không thuộc hồ sơ đang sửa; hãy tải lại trang.")
ERR_ITEM_HAS_PROGRESS = _(
    "Không xóa được việc làm “%(action)s” vì đã có ghi nhận tiến độ, minh chứng hoặc đánh giá giữa kỳ. "
    "Hãy giữ lại dòng này; có thể sửa nội dung của nó."
)
ERR_ALREADY_CLOSED = _("Năm này đã kết thúc.")
ERR_NOT_CLOSED = _("Năm này chưa kết thúc.")
ERR_REASON_REQUIRED = _("Cần ghi lý do mở lại.")
ERR_NOT_TOP = _("Năm đã kết thúc ở cấp trên; chỉ cấp đã kết thúc mới mở lại được.")

SCORE_RANGES = {
    Rating.EXCELLENT: (90, 100, _("từ 90 đến 100")),
    Rating.GOOD: (70, 89, _("từ 70 đến dưới 90")),
    Rating.COMPLETED: (50, 69, _("từ 50 đến dưới 70")),
    Rating.NOT_COMPLETED: (0, 49, _("dưới 50")),
}


class ConflictError(ValidationError):
    """Somebody else saved the record since this form was opened; carries their revision."""

    def __init__(self, message, revision: Revision | None):
        super().__init__(message)
        self.revision = revision


def plain(value: str | None, max_length: int | None = None) -> str:
    """User text as stored: NFC, single spaces, tags removed (it is always shown escaped too)."""
    cleaned = text.clean(strip_tags(value or ""))
    return cleaned[:max_length] if max_length else cleaned


def _move(
    record: Record, action: Action, *, actor: User | None, comment: str = "", on_behalf: bool = False
) -> None:
    """Apply a state transition and write its history row."""
    before = record.state
    after = workflow.next_state(before, action, state_before_lock=record.state_before_lock)
    if action == Action.LOCK:
        record.state_before_lock = before
    elif action == Action.UNLOCK:
        record.state_before_lock = ""
    record.state = after
    record.save()
    Transition.objects.create(
        record=record, from_state=before, to_state=after, actor=actor, comment=comment, on_behalf=on_behalf
    )
