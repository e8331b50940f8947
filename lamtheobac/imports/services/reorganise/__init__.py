"""A reorganisation of the tree as one operation: a file of changes (create, merge, move, rename, split, end,
each with its effective date) checked, then applied in one transaction, or refused with nothing written.

The file (.xlsx or CSV UTF-8, ``template()``) has the columns ``Thao tác``, ``Mã``, ``Mã mới``, ``Tên mới``,
``Loại mới``, ``Trực thuộc (mã)``, ``Ngày hiệu lực`` (dd/mm/yyyy), one change a row, applied in file order:

- ``thành lập``: create ``Mã mới`` named ``Tên mới`` of kind ``Loại mới`` under ``Trực thuộc (mã)``;
- ``hợp nhất``: ``Mã`` ends and is carried into ``Mã mới`` (its active children and people, and their records
  of the still-open years, move there; its past stays its own and is shown in ``Mã mới``'s figures "carried in");
- ``chuyển``: ``Mã`` moves under ``Trực thuộc (mã)``;
- ``đổi tên``: ``Mã`` is called ``Tên mới`` (and is of kind ``Loại mới`` when given);
- ``chia tách``: one row per child: the child ``Mã`` moves under ``Mã mới`` (the parent it leaves is ended by a
  ``giải thể`` row once empty);
- ``giải thể``: ``Mã`` ends (refused while it still has active children or people).

The same lines come from the page (upload), the command line (``manage.py reorganise``) and the API
(``POST /api/v1/reorganisations``). ``run`` checks every row first (codes, kinds, dates, scope, closed years),
then applies the rows in a savepoint and measures the result (the preview: what changes, who moves, the
totals of the last year before the change, as it was and carried into today's tree, before and after: they
must be equal); a dry run, or any refusal, rolls everything back.

The rows are read in ``reading`` and checked and applied in ``applying``; every public name of both is
importable from here.
"""

from __future__ import annotations

from .applying import (  # noqa: F401
    ERR_CLOSED,
    ERR_CODE_TAKEN,
    ERR_EMPTY,
    ERR_ENDED,
    ERR_ENDED_IN_FILE,
    ERR_FUTURE,
    ERR_NEEDED,
    ERR_OUT_OF_SCOPE,
    ERR_ROOT,
    ERR_SAME,
    ERR_TOTALS,
    ERR_UNKNOWN_CODE,
    SHOWN_FIGURES,
    run,
)
from .reading import (  # noqa: F401
    COLUMNS,
    CREATE,
    END,
    ERR_DATE,
    ERR_OPERATION,
    ERR_UNKNOWN_KIND,
    MERGE,
    MOVE,
    OPERATION_WORDS,
    OPERATIONS,
    RENAME,
    REQUIRED,
    SPLIT,
    SYNONYMS,
    Change,
    Line,
    Outcome,
    Totals,
    line_from,
    parse_date,
    read_file,
    read_items,
    template,
)
