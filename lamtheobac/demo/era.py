"""The demo's two trees: Đảng bộ huyện Bạch Thông (under Đảng bộ tỉnh Bắc Kạn) until 30/6/2025, Đảng bộ tỉnh
Thái Nguyên from 1/7/2025 (``data/reorganisation-2025.csv``). A year is built on the tree as it stood at that
year's end (``organisation.timeline``): its orgs from their spans, its people from their memberships, so a year
can be built again after the reorganisation exactly as it was built before it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation import timeline
from lamtheobac.organisation.models import Membership, Org, OrgSpan, Person, subtree_bounds

from .data.bach_thong import ROOT_CODE

REORGANISED_ON = datetime.date(2025, 7, 1)
PROVINCE_CODE = "TU-TN"  # Đảng bộ tỉnh Thái Nguyên, created by the mapping file
PROVINCE_NAME = "Đảng bộ tỉnh Thái Nguyên"
OLD_PROVINCE_CODE = "TU-BK"  # Đảng bộ tỉnh Bắc Kạn, above the district until 30/6/2025
OLD_PROVINCE_NAME = "Đảng bộ tỉnh Bắc Kạn"


@dataclass(frozen=True)
class Era:
    """Where a range of years is opened, who leads the demo commune, and in whose name documents go out."""

    first: int
    last: int  # inclusive
    root_code: str  # the org whose periods are opened (the district, then the province)
    commune_code: str  # the demo commune: Lục Bình, then Phủ Thông that took it in
    committee: str  # "Huyện ủy Bạch Thông"
    suffix: str  # the document number's suffix: HU, then TU
    board: str  # the board that follows the campaign


DISTRICT = Era(
    2016, REORGANISED_ON.year - 1, ROOT_CODE, "BT-LB", "Huyện ủy Bạch Thông", "HU", "Ban Tuyên giáo Huyện ủy"
)
# The records of 2025 written before 1/7/2025 are generated under the new tree too, at the units that took
# their writers in: the demo keeps one tree per year (the tree of the year's last day, the one its figures use).
PROVINCE = Era(
    REORGANISED_ON.year,
    9999,
    PROVINCE_CODE,
    "TN-PT",
    "Tỉnh ủy Thái Nguyên",
    "TU",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy",
)
ERAS = (DISTRICT, PROVINCE)


def eras(first: int, last: int) -> list[tuple[Era, int, int]]:
    """The eras that cover ``first``..``last``, each with its part of the range."""
    return [
        (e, max(first, e.first), min(last, e.last)) for e in ERAS if max(first, e.first) <= min(last, e.last)
    ]


def orgs_in_year(root: Org, year: int) -> list[Org]:
    """``root`` and every org under it in ``year``'s tree, in that tree's path order, each with the parent,
    path, name and kind it had then, and not yet ended (in memory only: never saved)."""
    path = org_selectors.path_in(root, year)
    if path is None:
        return []
    low, high = subtree_bounds(path)
    spans = (
        OrgSpan.objects.filter(timeline.year_q(year), path__gte=low, path__lt=high)
        .select_related("org")
        .order_by("path")
    )
    orgs = []
    for span in spans:
        org = span.org
        org.parent_id, org.path, org.depth, org.name, org.kind = (
            span.parent_id,
            span.path,
            span.depth,
            span.name,
            span.kind,
        )
        # it stood at that year's end: a year built again after it ended is built as it was then
        org.active, org.ended_on, org.merged_into_id = True, None, None
        orgs.append(org)
    return orgs


def people_in_year(orgs: list[Org], year: int, kinds=None) -> list[Person]:
    """The people who belonged to ``orgs`` at ``year``'s end (of ``kinds`` then, when given), by id, each with
    that org and kind (in memory only)."""
    ids = {o.pk for o in orgs}
    rows = Membership.objects.filter(timeline.year_q(year), org_id__in=ids)
    if kinds is not None:
        rows = rows.filter(kind__in=list(kinds))
    where = dict(rows.values_list("person_id", "org_id"))
    kind = dict(rows.values_list("person_id", "kind"))
    people = list(Person.objects.filter(pk__in=rows.values("person_id")).order_by("pk"))
    for person in people:
        person.org_id, person.kind = where[person.pk], kind[person.pk]
    return people


def era_of(year: int) -> Era:
    """The era ``year`` belongs to."""
    return next(e for e in ERAS if e.first <= year <= e.last)
