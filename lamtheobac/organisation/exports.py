"""Excel exports of the org tree, people and role grants.

Orgs and people go out in the roster format (``roster.py``) so that importing an export reproduces the
data; every queryset handed in is already scoped and filtered by the caller (a view, through ``access``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheobac.audit import services as audit
from lamtheobac.lib import paging, xlsx

from . import access, roster
from .models import Org, Person, RoleGrant
from .roles import Cap

CHUNK = 2000  # rows read per query: a province of 300,000 people never sits in memory as models at once


def today_text() -> str:
    return timezone.localdate().isoformat()


def roster_columns(columns: Sequence[roster.RosterColumn]) -> list[xlsx.Column]:
    """The roster's headers and widths, exactly as the import template prints them."""
    return [xlsx.Column(c.header, c.width) for c in columns]


# --- Orgs -------------------------------------------------------------------------------------


def org_sheet(orgs: QuerySet[Org], *, tree: bool = True) -> xlsx.Sheet:
    """Orgs as roster rows; ``orgs`` carries ``parent_code`` (see ``selectors.org_roster``).

    For a ``tree`` (in path order, parents first) the top of each exported subtree gets an empty parent
    code: its parent is not in the file, and the import attaches such rows to the org it imports under,
    so the same file imports into its own org and into an empty database alike."""

    def rows() -> Iterator[list]:
        seen: set[int] = set()
        for org in paging.in_parts(orgs, CHUNK):
            seen.add(org.pk)
            inside = not tree or org.parent_id in seen
            yield roster.org_row(org, getattr(org, "parent_code", None) if inside else None)

    return xlsx.Sheet(_("Tổ chức"), roster_columns(roster.ORG_COLUMNS), rows(), plain=True)


def orgs_xlsx(orgs: QuerySet[Org], *, filename: str) -> HttpResponse:
    """The org tree in roster format, one sheet "Tổ chức"."""
    return xlsx.response(xlsx.build_workbook([org_sheet(orgs)]), filename)


# --- People -----------------------------------------------------------------------------------


def people_sheet(user: AbstractBaseUser | AnonymousUser, people: QuerySet[Person]) -> xlsx.Sheet:
    """People as roster rows; identifiers only where ``user`` holds VIEW_SENSITIVE on the person's org
    (``access.can`` reads the cached grants: no query per row)."""

    def rows() -> Iterator[list]:
        for person in paging.in_parts(people.select_related("org"), CHUNK):
            sensitive = access.can(user, Cap.VIEW_SENSITIVE, person.org)
            yield roster.person_row(person, sensitive=sensitive)

    return xlsx.Sheet(_("Cá nhân"), roster_columns(roster.PEOPLE_COLUMNS), rows(), plain=True)


def people_xlsx(user, people: QuerySet[Person], *, filename: str) -> HttpResponse:
    """The people list in roster format, one sheet "Cá nhân"."""
    audit.exported(_("Danh sách cá nhân"), filename)
    return xlsx.response(xlsx.build_workbook([people_sheet(user, people)]), filename)


def search_xlsx(user, orgs: QuerySet[Org], people: QuerySet[Person], *, filename: str) -> HttpResponse:
    """Search results: the matching orgs and people, each sheet in roster format."""
    sheets = [org_sheet(orgs, tree=False), people_sheet(user, people)]
    audit.exported(_("Kết quả tìm kiếm cá nhân, tổ chức"), filename)
    return xlsx.response(xlsx.build_workbook(sheets), filename)


# --- Role grants ------------------------------------------------------------------------------


def grants_xlsx(grants: QuerySet[RoleGrant], *, filename: str) -> HttpResponse:
    """The role grants of one org, as its "Phân quyền" page lists them."""
    audit.exported(_("Danh sách phân quyền"), filename)
    columns = [
        xlsx.Column(_("Tài khoản"), 18),
        xlsx.Column(_("Họ và tên"), 28),
        xlsx.Column(_("Tổ chức"), 36),
        xlsx.Column(_("Mã tổ chức"), 16),
        xlsx.Column(_("Vai trò"), 22),
        xlsx.Column(_("Ngày cấp"), 12),
        xlsx.Column(_("Người cấp"), 18),
    ]

    def rows() -> Iterator[list]:
        for g in grants:
            person = getattr(g.user, "person", None)
            yield [
                g.user.username,
                person.full_name if person else "",
                g.org.name,
                g.org.code,
                g.get_role_display(),
                timezone.localdate(g.granted_at) if g.granted_at else None,
                g.granted_by.username if g.granted_by_id else "",
            ]

    grants = grants.select_related("org")
    first = next(iter(grants), None)
    heading = xlsx.Heading(_("Danh sách phân quyền"), org=first.org.name if first else "")
    return xlsx.response(xlsx.build(_("Phân quyền"), columns, rows(), heading), filename)
