"""Writes to the org tree (``tree``), people, accounts and role grants (``people``) and the tree's time
(``timeline``: spans and memberships kept in step). Every public name is importable from here."""

from __future__ import annotations

from .export_jobs import (  # noqa: F401
    DASHBOARD,
    ERR_EXPORT_FAILED,
    export_fail_from_task,
    export_people_request,
    export_request,
    export_run,
    export_task_state,
)
from .people import (  # noqa: F401
    ERR_GRANT_EXISTS,
    ERR_ORG_INACTIVE,
    ERR_PERSON_HAS_ACCOUNT,
    ERR_SAME_ORG,
    ERR_USERNAME_TAKEN,
    account_create,
    account_password_changed,
    grant_create,
    grant_revoke,
    people_moved,
    person_create,
    person_move,
    person_update,
)
from .timeline import (  # noqa: F401
    CLOSED_FIELDS,
    ERR_BEFORE_CURRENT,
    open_missing,
    sync_memberships,
    sync_people,
    sync_spans,
    sync_subtree,
    sync_subtrees,
)
from .tree import (  # noqa: F401
    ERR_ALREADY_ACTIVE,
    ERR_ALREADY_INACTIVE,
    ERR_BEFORE_PARENT,
    ERR_BEFORE_START,
    ERR_DUPLICATE_CODE,
    ERR_EMPTY_CODE,
    ERR_EMPTY_NAME,
    ERR_FUTURE,
    ERR_HAS_ACTIVE_PEOPLE,
    ERR_MERGE_INACTIVE,
    ERR_MERGE_NESTED,
    ERR_MERGE_TARGET_IN_SOURCES,
    ERR_MERGE_TOO_FEW,
    ERR_MOVE_INTO_ITSELF,
    ERR_PARENT_INACTIVE,
    ERR_ROOT_HAS_ACTIVE_CHILDREN,
    ERR_UNKNOWN_KIND,
    org_create,
    org_deactivate,
    org_end,
    org_merge,
    org_move,
    org_reactivate,
    org_update,
)
