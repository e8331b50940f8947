"""Reads of study sessions: filtered lists, attendance counts, files, and which cells studied the theme."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from lamtheobac.lib.fields import object_id
from lamtheobac.organisation.access import AnyUser
from lamtheobac.organisation.kinds import CELL_KINDS
from lamtheobac.organisation.models import Org, subtree_q

from .. import access
from ..models import Attendance, AttendanceStatus, StudyFile, StudyKind, StudySession


def held_q() -> Q:
    """The sessions that count as held: someone marked present, or minutes written. An entry with neither
    says nothing happened, so the figures and the coverage page skip it (the services refuse it too)."""
    present = Attendance.objects.filter(session=OuterRef("pk"), status=AttendanceStatus.PRESENT)
    return ~Q(minutes="") | Q(Exists(present))


@dataclass
class StudyFilters:
    year: int | None = None
    org: Org | None = None
    kind: str = ""


def study_list(user: AnyUser, filters: StudyFilters) -> QuerySet[StudySession]:
    """Sessions visible to ``user``, filtered as the list and its export show them, with attendance counts."""
    qs = access.study_sessions_visible_to(user)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.org is not None:
        qs = qs.filter(subtree_q(filters.org.path, "org__path"))
    if filters.kind in StudyKind.values:
        qs = qs.filter(kind=filters.kind)
    return (
        qs.select_related("org")
        .annotate(
            present=Count("attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT)),
            marked=Count("attendance"),
        )
        .order_by("-held_on", "-id")
    )


def study_years(user: AnyUser) -> list[int]:
    """Years in which the user's scope recorded a session, newest first."""
    years = access.study_sessions_visible_to(user).values_list("year", flat=True).distinct()
    return sorted(set(years), reverse=True)


def study_file(user: AnyUser, file_id: int | str) -> StudyFile:
    """A file of a session the user sees; 404 otherwise."""
    pk = object_id(file_id)  # 404 for what is no id the column holds
    found = (
        StudyFile.objects.filter(pk=pk, session__in=access.study_sessions_visible_to(user).values("pk"))
        .select_related("session")
        .first()
    )
    if found is None:
        raise Http404
    return found


def attendance_rows(session: StudySession, people) -> list[dict]:
    """One row per person who may be marked (and anyone already marked), with their current status."""
    marks = {a.person_id: a for a in session.attendance.select_related("person__org")} if session.pk else {}
    rows = [{"person": p, "status": marks[p.pk].status if p.pk in marks else ""} for p in people]
    listed = {p.pk for p in people}
    rows += [{"person": a.person, "status": a.status} for pid, a in marks.items() if pid not in listed]
    return rows


@dataclass
class StudyCoverage:
    org: Org
    year: int
    cells: int = 0
    studied: list[Org] = field(default_factory=list)
    not_studied: list[Org] = field(default_factory=list)

    @property
    def done(self) -> int:
        return len(self.studied)


def study_coverage(org: Org, year: int) -> StudyCoverage:
    """Active cells in ``org``'s subtree that held a thematic study session in ``year`` themselves (one that
    counts: ``held_q``), and those that did not. The caller has cleared ``org`` through ``access_org``."""
    cells = list(Org.objects.filter(subtree_q(org.path), active=True, kind__in=CELL_KINDS).order_by("path"))
    held = set(
        StudySession.objects.filter(
            held_q(), subtree_q(org.path, "org__path"), year=year, kind=StudyKind.THEMATIC
        ).values_list("org_id", flat=True)
    )
    result = StudyCoverage(org=org, year=year, cells=len(cells))
    for cell in cells:
        (result.studied if cell.pk in held else result.not_studied).append(cell)
    return result
