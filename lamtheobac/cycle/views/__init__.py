"""Cycle views, one module per part of the page tree; urls.py names them through this package."""

from .lagging import lagging_list, remind, reminder_log, reminder_mail
from .lists import queue, record_list
from .periods import (
    document_add,
    document_download,
    period_close,
    period_detail,
    period_edit,
    period_list,
    period_open,
    period_reopen,
)
from .records import (
    evidence_download,
    my_commitment,
    progress_add,
    record_approve,
    record_detail,
    record_edit,
    record_interim,
    record_item_row,
    record_quarter,
    record_rate,
    record_return,
    record_self_assess,
    record_start,
    record_submit,
)
from .signed import signed_copy_add, signed_copy_download
from .themes import theme_list

__all__ = [
    "document_add",
    "document_download",
    "evidence_download",
    "lagging_list",
    "my_commitment",
    "period_close",
    "period_detail",
    "period_edit",
    "period_list",
    "period_open",
    "period_reopen",
    "progress_add",
    "queue",
    "record_approve",
    "record_detail",
    "record_edit",
    "record_interim",
    "record_item_row",
    "record_list",
    "record_quarter",
    "record_rate",
    "record_return",
    "record_self_assess",
    "record_start",
    "record_submit",
    "remind",
    "reminder_log",
    "reminder_mail",
    "signed_copy_add",
    "signed_copy_download",
    "theme_list",
]
