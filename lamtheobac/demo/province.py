"""The reorganisation of 1/7/2025 in the demo, applied through the product's own ``reorganise`` with the mapping
file kept in ``data/reorganisation-2025.csv``, then the people of the few provincial bodies it creates."""

from __future__ import annotations

from pathlib import Path

from lamtheobac.imports.services import reorganise
from lamtheobac.organisation import services as org_services
from lamtheobac.organisation.models import Org, Person

from .data.bach_thong import CIVIL, MEMBER, SENIOR, WORKING, Post, Roster
from .era import REORGANISED_ON
from .people import draw_roster
from .rows import unit_rng
from .tree import DemoDataError, person_row

MAPPING = Path(__file__).resolve().parent / "data" / "reorganisation-2025.csv"


def _office(head: str, deputy: str, staff: str, size: tuple[int, int]) -> Roster:
    """A provincial board or department: its head and deputy, staff who are Party members."""
    staff_post = Post(staff, MEMBER, 0.5, (1975, 1996))
    return Roster(
        posts=(Post(head, MEMBER, 0.3, SENIOR), Post(deputy, MEMBER, 0.4, (1966, 1986)), staff_post),
        size=size,
        fill=((staff_post, 8), (Post("Chuyên viên", CIVIL, 0.55, WORKING), 2)),
    )


# The provincial bodies the file creates that the demo staffs (codes of the mapping file).
ROSTERS: dict[str, Roster] = {
    "TN-CQD-TGDV": _office(
        "Bí thư chi bộ, Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "Chuyên viên Ban Tuyên giáo và Dân vận Tỉnh ủy",
        (14, 18),
    ),
    "TN-UBND-SYT-VP": _office(
        "Bí thư chi bộ, Chánh Văn phòng Sở Y tế",
        "Phó Chánh Văn phòng Sở Y tế",
        "Chuyên viên Văn phòng Sở Y tế",
        (16, 22),
    ),
}


def reorganise_2025() -> reorganise.Outcome:
    """Read the mapping file and apply it as ``manage.py reorganise`` does (checked, then applied in one
    transaction); any refusal stops the demo with the rows' problems."""
    with MAPPING.open("rb") as stream:
        lines, problems = reorganise.read_file(stream, MAPPING.name)
    outcome = reorganise.run(lines, actor=None, dry_run=False, source=MAPPING.name, problems=problems)
    if not outcome.ok:
        raise DemoDataError(" ".join(f"Dòng {p.row}: {p.message}" for p in outcome.problems))
    return outcome


def staff_province(seed: int) -> list[Person]:
    """The people of the provincial bodies, members from the day they were founded."""
    orgs = {o.code: o for o in Org.objects.filter(code__in=list(ROSTERS))}
    people = [
        person_row(draft, orgs[code])
        for code, roster in ROSTERS.items()
        for draft in draw_roster(unit_rng(seed, code), roster)
    ]
    Person.objects.bulk_create(people)
    org_services.sync_people([p.pk for p in people], REORGANISED_ON, joined=REORGANISED_ON)
    return people
