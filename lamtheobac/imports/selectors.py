"""Reading an import's log as people read it: what each update changes, field by field, in the roster's words."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext as _

from lamtheobac.organisation.models import Gender, OrgKind, PersonKind, subtree_q
from lamtheobac.organisation.roster import NO, ORG_COLUMNS, PEOPLE_COLUMNS, YES

from .models import ImportJob, ImportKind, ImportStatus


def change_rows(kind: str, changes: Iterable) -> list[tuple]:
    """``(row, who, field, before, after)`` with the roster's headers, labels and yes/no for ``changes``
    (as kept on a job or as a plan holds them); for anyone reading an import they may see."""
    labels = {c.key: c.header for c in (ORG_COLUMNS if kind == ImportKind.ORGS else PEOPLE_COLUMNS)}
    labels |= {"org": _("Tổ chức"), "parent": _("Mã tổ chức cấp trên")}
    choices = {"kind": OrgKind if kind == ImportKind.ORGS else PersonKind, "gender": Gender}

    def shown(name: str, value):
        if isinstance(value, bool):
            return YES if value else NO
        if name in choices and value in choices[name].values:
            return choices[name](value).label
        return "" if value is None else value

    return [
        (row, who, labels.get(name, name), shown(name, was), shown(name, now))
        for row, who, name, was, now in changes
    ]


def people_added_q(job: ImportJob) -> Q:
    """A filter on people selecting those a finished roster import added (in the subtree it was made under,
    created while it ran: the rows it inserted carry the moment it began writing); none for any other job."""
    if job.kind != ImportKind.PEOPLE or job.status != ImportStatus.DONE or job.imported_at is None:
        return Q(pk__in=[])
    return subtree_q(job.under.path, "org__path") & Q(
        created_at__gte=job.created_at, created_at__lte=job.imported_at
    )
