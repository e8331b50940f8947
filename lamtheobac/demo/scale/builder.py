"""``seed_demo --scale province|national``: large synthetic trees for benchmarks and load tests.

- **province**: a province committee → ~10 district committees → communes (and the district's agencies and
  grassroots committees) → cells: ~15,000 orgs, ~300,000 people.
- **national**: a central root → 63 provinces → districts → communes → cells (depth 5): ~300,000 orgs,
  ~5.6 million people. (The root, "Ban Chấp hành Trung ương Đảng", has the province committee kind: the
  model has no central kind.)
- ``--people N`` shrinks either; the number of orgs follows in proportion.

What is written, for the current year only: one year (``Period``) opened at the root with the demo's defaults
(kinds that file, deadlines, three actions at least, the year's programmes and breakthrough contents); a plan
for every collective that must file and a commitment for every person who must file, in the mix of states the
cycle demo draws for today's date (a few per cent not started: no record), with 3–5 items drawn from the
demo's pools of actions, their programme tags, item results and ratings on assessed and rated records;
``Transition`` rows for every state change after the draft (submit, return, resubmit, approve, self-assess,
rate); ``RecordQuality`` as ``quality.services.refresh_all`` would compute it (the same ``checkable``,
shingles, size filter, Jaccard and threshold; clusters found with bit masks); one "created" ``OrgEvent`` per org;
exemplars (about one person in sixty, a fifth of them collectives) with the commendations already decided;
the demo logins.

Left out for scale (run the district demo for them): ``Revision`` rows (one JSON snapshot per record would be
the largest table of all; a record's first edit starts its history), the draft's creation ``Transition``
(the record's ``created_at`` says when), mid-year assessments, progress notes, study sessions, pilot models,
inspections and documents. ``{place}`` in an action is the word "thôn" or "tiểu khu", not the village's name, so
that a country's actions stay a bounded set of texts (each judged once by the quality rules).

Rows are generated org by org and written in chunks (memory stays bounded whatever the scale), with the
columns the models' ``save()`` would fill (``Org.name_folded``, ``Person.name_folded`` and ``name_sort``…)
computed by the same ``lib.text`` functions, and paths from ``models.segment`` on ids assigned in creation
order. On PostgreSQL the rows go in with ``COPY`` (formatted here, sent by a writer thread while the next chunk
is generated); the secondary indexes, unique and foreign-key constraints of the big tables are dropped for the
load and created again (and validated) at the end, in the same transaction; the sequences are then set and
the database analysed. On SQLite: ``executemany`` in one transaction, the big tables' secondary indexes
rebuilt at the end too. Deterministic for a given seed, scale, size and date.
"""

from __future__ import annotations

import datetime
import functools
import io
import json
import queue
import random
import threading
import time
import uuid
from bisect import bisect
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate
from typing import NamedTuple

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Max, Model
from django.utils import timezone

from lamtheobac.activities import models as act
from lamtheobac.cycle import services as cycle_services
from lamtheobac.cycle import workflow
from lamtheobac.cycle.models import (
    DEFAULT_COMMITMENT_KINDS,
    InterimReviews,
    Period,
    PeriodEvent,
    Programme,
    Rating,
    Record,
    RecordItem,
    RecordKind,
    RecordState,
    Result,
    Transition,
)
from lamtheobac.lib import text
from lamtheobac.lib.formatting import number
from lamtheobac.organisation import services
from lamtheobac.organisation.models import Org, OrgEvent, OrgEventKind, OrgKind, Person, PersonKind, segment
from lamtheobac.quality.models import RecordQuality
from lamtheobac.quality.similar import EXACT_UP_TO, THRESHOLD
from lamtheobac.quality.text import shingles
from lamtheobac.quality.vague import checkable
from lamtheobac.reports import counters

from ..cycle.records import (
    P_COPY_SAMPLE,
    P_RETURN,
    P_RETURN_COPIED,
    P_SAMPLE_CELL,
    PLAN_ORG_KINDS,
    SIZES,
    late_share,
    sloppiness,
)
from ..data import activities as act_data
from ..data import bach_thong as bt
from ..data import deeds as cd
from ..data import names
from ..data.bach_thong import Post, Roster
from ..logins import DEMO_LOGINS, DEMO_PASSWORD
from ..people import FEMALE, MALE, is_real_person
from ..tree import DemoDataError, check_logins_free

S = RecordState
# Plain strings: enum members are slower to reach and compare, millions of times.
DRAFT, SUBMITTED, APPROVED, RETURNED = S.DRAFT.value, S.SUBMITTED.value, S.APPROVED.value, S.RETURNED.value
SELF_ASSESSED, RATED = S.SELF_ASSESSED.value, S.RATED.value
G_VILLAGE, G_TOWN, G_OFFICE, G_SCHOOL = cd.G_VILLAGE, cd.G_TOWN, cd.G_OFFICE, cd.G_SCHOOL
G_HEALTH, G_POLICE, G_MILITARY, G_FOREST, G_MASS = (
    cd.G_HEALTH,
    cd.G_POLICE,
    cd.G_MILITARY,
    cd.G_FOREST,
    cd.G_MASS,
)
REQUIRED_KINDS = frozenset(DEFAULT_COMMITMENT_KINDS)


# --- Shapes -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    """A scale at full size: people, provinces (1: the root is the province), districts per province, and
    the size of a village cell (bigger than the district demo's, to reach ~20 people per org)."""

    name: str
    people: int
    provinces: int
    districts: int
    village_size: tuple[int, int]


SCALES = {
    "province": Shape("province", 300_000, 1, 10, (20, 44)),
    "national": Shape("national", 5_600_000, 63, 11, (18, 40)),
}

# The provinces and centrally-run cities before the 2025 mergers, in the usual order: (name, is a city).
PROVINCES: tuple[tuple[str, bool], ...] = tuple(
    (n.removesuffix("*"), n.endswith("*"))
    for n in (
        "An Giang", "Bà Rịa – Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre", "Bình Dương",
        "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ*", "Đà Nẵng*", "Đắk Lắk",
        "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội*", "Hà Tĩnh",
        "Hải Dương", "Hải Phòng*", "Hậu Giang", "Hòa Bình", "Hồ Chí Minh*", "Hưng Yên", "Khánh Hòa", "Kiên Giang",
        "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình",
        "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị",
        "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang",
        "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
    )
)  # fmt: skip
HOME_PROVINCE = "Bắc Kạn"  # where the demo logins sit: Bạch Thông, Lục Bình, Nà Pài
HOME_DISTRICTS = ("Bạch Thông", "Ba Bể", "Chợ Đồn", "Chợ Mới", "Na Rì", "Ngân Sơn", "Pác Nặm")
HOME_COMMUNE = "Lục Bình"
# Northern mountain provinces, where villages carry Tày, Nùng names.
UPLAND = frozenset({
    "Bắc Kạn", "Cao Bằng", "Lạng Sơn", "Hà Giang", "Tuyên Quang", "Thái Nguyên", "Lào Cai", "Yên Bái", "Lai Châu",
    "Điện Biên", "Sơn La", "Hòa Bình", "Bắc Giang",
})  # fmt: skip
PLACE_FIRST = (
    "An", "Bình", "Cẩm", "Đại", "Đông", "Đức", "Gia", "Hòa", "Hợp", "Hưng", "Hương", "Kim", "Lạc", "Long", "Minh",
    "Mỹ", "Nam", "Nghĩa", "Ngọc", "Phú", "Phúc", "Quảng", "Quang", "Tân", "Thạch", "Thanh", "Thái", "Thiện",
    "Thuận", "Tiên", "Trung", "Tường", "Vạn", "Việt", "Vĩnh", "Xuân", "Yên",
)  # fmt: skip
PLACE_SECOND = (
    "An", "Bình", "Châu", "Đạo", "Điền", "Định", "Đồng", "Giang", "Hà", "Hải", "Hòa", "Hưng", "Khánh", "Lạc",
    "Lâm", "Lộc", "Lợi", "Long", "Lương", "Minh", "Mỹ", "Nghĩa", "Ninh", "Phong", "Phú", "Phúc", "Quang", "Sơn",
    "Tân", "Thành", "Thịnh", "Thọ", "Thủy", "Tiến", "Trạch", "Trung", "Tú", "Vinh", "Xá", "Yên",
)  # fmt: skip
TAY_FIRST = ("Nà", "Bản", "Khuổi", "Pác", "Phja", "Cốc", "Bó", "Pò", "Nặm", "Lũng", "Khau", "Phiêng")
TAY_SECOND = (
    "Pài", "Cậu", "Chắp", "Khao", "Phia", "Cù", "Lẹng", "Vìn", "Mò", "Hin", "Đon", "Tằng", "Mơn", "Váng", "Lạn",
    "Cà", "Cọ", "Piềng", "Nạc", "Đán", "Lanh", "Bẻ", "Khí", "Dài", "Cáu", "Phầy", "Thẳm", "Chiêng", "Khang", "Vài",
    "Tặc", "Lồm", "Phạc", "Luông", "Tàn", "Muồng", "Lẻ", "Hát", "Liềng", "Nghịu", "Lắc", "Vẹn", "Khu", "Mới",
    "Pất", "Pèn", "Tò", "Hu", "Giẳng", "Thúm", "Phặc", "Vảng", "Riềng", "Mòn", "Cuôn", "Phục", "Lịn", "Pẻn",
)  # fmt: skip
# Institution cells of a commune: always the office and the primary school, the others with these odds.
INSTITUTION_ODDS = ((bt.NURSERY, 0.7), (bt.LOWER_SECONDARY, 0.5), (bt.POLICE, 0.4), (bt.MILITARY, 0.3))
INSTITUTION_GROUPS = {
    bt.OFFICE: G_OFFICE, bt.PRIMARY: G_SCHOOL, bt.NURSERY: G_SCHOOL, bt.LOWER_SECONDARY: G_SCHOOL,
    bt.POLICE: G_POLICE, bt.MILITARY: G_MILITARY,
}  # fmt: skip
VILLAGES_PER_COMMUNE = (8, 18)
DEPARTMENTS = (
    "Nội vụ", "Tài chính", "Kế hoạch và Đầu tư", "Tư pháp", "Công Thương", "Nông nghiệp và Phát triển nông thôn",
    "Giao thông vận tải", "Xây dựng", "Tài nguyên và Môi trường", "Thông tin và Truyền thông",
    "Lao động – Thương binh và Xã hội", "Văn hóa, Thể thao và Du lịch", "Khoa học và Công nghệ",
    "Giáo dục và Đào tạo", "Y tế",
)  # fmt: skip
WARDS = (
    "Khoa Nội",
    "Khoa Ngoại",
    "Khoa Sản",
    "Khoa Nhi",
    "Khoa Hồi sức cấp cứu",
    "Phòng Hành chính – Tổ chức",
)


# --- The tree, before it has ids ------------------------------------------------------------------------------


@dataclass
class Node:
    """One org to create: its kind of work (``group``, the cycle demo's pools), its roster, its children."""

    name: str
    code: str
    kind: str
    group: str = G_OFFICE
    roster: Roster | None = None
    # What ``{place}`` in an action becomes in a village or quarter cell: the word "thôn" or "tiểu khu", not the
    # village's name ("Vận động 05 hộ trong thôn…"), so that a country's actions stay a bounded set of texts,
    # each judged once by the quality rules.
    place: str = ""
    children: list[Node] = field(default_factory=list)
    commune: bool = False
    role: str = ""  # "root" / "home_commune" / "home_cell" / "propaganda" / "inspection": demo logins
    where: str = ""  # a district's or province's place name (for its commendation decisions)
    city: bool = False

    @property
    def head(self) -> str:
        """Who a plan line is for (``{head}``): the council chair, else the unit's first post."""
        if self.roster is None:
            return "Ban Thường vụ Đảng ủy"
        chair = [p.title for p in self.roster.posts if p.title.startswith("Chủ tịch Ủy ban nhân dân")]
        return chair[0] if chair else self.roster.posts[0].title


def _unique_names(rng: random.Random, k: int, first: Sequence[str], second: Sequence[str],
                  taken: Iterable[str] = ()) -> list[str]:  # fmt: skip
    """``k`` distinct two-syllable names (never two identical syllables), avoiding ``taken``."""
    seen, found = set(taken), []
    while len(found) < k:
        a, b = rng.choice(first), rng.choice(second)
        name = f"{a} {b}"
        if a != b and name not in seen:
            seen.add(name)
            found.append(name)
    return found


def _staff_roster(head: str, deputy: str, staff: str, size: tuple[int, int], contract: int = 1) -> Roster:
    return bt._staff(head, deputy, staff, size, contract=contract)


def _province_units(code: str, place: str, city: bool) -> list[Node]:
    """The province committee's own agencies and grassroots committees."""
    ui = "Thành ủy" if city else "Tỉnh ủy"
    level = "thành phố" if city else "tỉnh"
    agencies = (
        ("VP", "Văn phòng", "Chánh Văn phòng", "Phó Chánh Văn phòng", "Chuyên viên Văn phòng", (18, 26), ""),
        ("BTC", "Ban Tổ chức", "Trưởng Ban Tổ chức", "Phó Trưởng Ban Tổ chức", "Chuyên viên Ban Tổ chức",
         (12, 18), ""),
        ("UBKT", "Ủy ban Kiểm tra", "Chủ nhiệm Ủy ban Kiểm tra", "Phó Chủ nhiệm Ủy ban Kiểm tra",
         "Cán bộ Ủy ban Kiểm tra", (12, 18), "inspection"),
        ("BTG", "Ban Tuyên giáo", "Trưởng Ban Tuyên giáo", "Phó Trưởng Ban Tuyên giáo", "Chuyên viên Ban Tuyên giáo",
         (10, 16), "propaganda"),
        ("BDV", "Ban Dân vận", "Trưởng Ban Dân vận", "Phó Trưởng Ban Dân vận", "Chuyên viên Ban Dân vận", (8, 12), ""),
        ("BNC", "Ban Nội chính", "Trưởng Ban Nội chính", "Phó Trưởng Ban Nội chính", "Chuyên viên Ban Nội chính",
         (8, 12), ""),
    )  # fmt: skip
    units = [
        Node(f"{name} {ui} {place}", f"{code}-{suffix}", OrgKind.AGENCY, G_OFFICE,
             _staff_roster(f"{head} {ui}", f"{deputy} {ui}", f"{staff} {ui}", size, 0), role=role)
        for suffix, name, head, deputy, staff, size, role in agencies
    ]  # fmt: skip
    offices = [
        (f"Sở {d}", f"Giám đốc Sở {d}", f"Phó Giám đốc Sở {d}", f"Chuyên viên Sở {d}") for d in DEPARTMENTS
    ]
    offices.append((f"Văn phòng UBND {level}", f"Chánh Văn phòng UBND {level}",
                    f"Phó Chánh Văn phòng UBND {level}", f"Chuyên viên Văn phòng UBND {level}"))  # fmt: skip
    government = Node(
        f"Đảng bộ Cơ quan Chính quyền {level} {place}", f"{code}-CQCQ", OrgKind.GRASSROOTS_COMMITTEE
    )
    government.children = [
        Node(f"Chi bộ {office}", f"{code}-CQCQ-CB{n:02d}", OrgKind.CELL, G_OFFICE,
             _staff_roster(head, deputy, staff, (14, 26)))
        for n, (office, head, deputy, staff) in enumerate(offices, start=1)
    ]  # fmt: skip
    hospital = Node(
        f"Đảng bộ Bệnh viện Đa khoa {level} {place}", f"{code}-BVDK", OrgKind.GRASSROOTS_COMMITTEE, G_HEALTH
    )
    hospital.children = [
        Node(f"Chi bộ {ward}", f"{code}-BVDK-CB{n:02d}", OrgKind.CELL, G_HEALTH, Roster(
            posts=(Post(f"Trưởng {ward}", PersonKind.PUBLIC_EMPLOYEE, 0.4, bt.SENIOR),
                   Post(f"Phó Trưởng {ward}", PersonKind.PUBLIC_EMPLOYEE, 0.5, (1966, 1986))),
            size=(18, 30),
            fill=((Post("Bác sĩ", PersonKind.PUBLIC_EMPLOYEE, 0.45, (1970, 1996)), 35),
                  (Post("Điều dưỡng", PersonKind.PUBLIC_EMPLOYEE, 0.8, (1975, 1998)), 45),
                  (Post("Dược sĩ", PersonKind.PUBLIC_EMPLOYEE, 0.6, (1975, 1996)), 6), (bt.CONTRACT_STAFF, 6)),
        ))
        for n, ward in enumerate(WARDS, start=1)
    ]  # fmt: skip
    school = Node(f"Chi bộ Trường THPT Chuyên {place}", f"{code}-THPTC", OrgKind.CELL, G_SCHOOL,
                  bt.school_roster(0.6, (40, 60)))  # fmt: skip
    return [*units, government, hospital, school]


_DISTRICT_GROUPS = {
    "QS": G_MILITARY,
    "CAH": G_POLICE,
    "TTYT": G_HEALTH,
    "THPT": G_SCHOOL,
    "MTDT": G_MASS,
    "KL": G_FOREST,
}


def _district_units(code: str, place: str, town: str) -> list[Node]:
    """The district demo's district-level units (``bach_thong.district_units``), named for this district."""

    def local(name: str) -> str:
        if name.endswith(("Huyện ủy", "huyện", "Hạt Kiểm lâm")):
            return f"{name} {place}"
        return name.replace("Phủ Thông", town)

    def convert(unit: bt.Unit, group: str) -> Node:
        suffix = unit.code.removeprefix(bt.PREFIX)
        group = _DISTRICT_GROUPS.get(suffix.split("-")[1], group)
        node = Node(local(unit.name), code + suffix, unit.kind, group, unit.roster)
        node.children = [convert(child, group) for child in unit.children]
        return node

    return [convert(unit, G_OFFICE) for unit in bt.district_units()]


def _commune(code: str, unit: str, place: str, villages: Sequence[str], institutions: Sequence[str],
             village_size: tuple[int, int]) -> Node:  # fmt: skip
    """A commune (or a town): village (or quarter) cells, institution cells, the Front and mass organisations."""
    settlement = "tiểu khu" if unit == "thị trấn" else "thôn"
    roster = replace(bt.village_roster(settlement), size=village_size)
    group = G_TOWN if settlement == "tiểu khu" else G_VILLAGE
    cells = [(f"Chi bộ {settlement} {v}", roster, group, settlement) for v in villages]
    for institution in institutions:
        name, staff = bt.institution_cell(institution, unit, place)
        cells.append((name, staff, INSTITUTION_GROUPS[institution], ""))
    node = Node(f"Đảng bộ {unit} {place}", code, OrgKind.GRASSROOTS_COMMITTEE, G_OFFICE, commune=True)
    node.children = [
        Node(name, f"{code}-CB{n:02d}", OrgKind.CELL, g, r, where)
        for n, (name, r, g, where) in enumerate(cells, start=1)
    ]
    node.children += [
        Node(u.name, u.code, u.kind, G_MASS, u.roster) for u in bt.mass_organisations(unit, place, code)
    ]
    return node


# --- Sizes ----------------------------------------------------------------------------------------------------


def _mean(roster: Roster | None) -> float:
    return 0.0 if roster is None else max(sum(roster.size) / 2, len(roster.posts))


def _people_in(nodes: Iterable[Node]) -> float:
    return sum(_mean(n.roster) + _people_in(n.children) for n in nodes)


@dataclass(frozen=True)
class Plan:
    """How many provinces, districts per province and communes per district (mean) for the target size."""

    provinces: int
    districts: int
    communes: float


def plan_for(shape: Shape, people: int) -> Plan:
    scale = people / shape.people
    provinces = max(1, min(shape.provinces, round(shape.provinces * scale)))
    per_province = people / provinces
    full_province = shape.people / shape.provinces
    districts = max(1, min(shape.districts, round(shape.districts * per_province / full_province)))
    per_district = (per_province - _people_in(_province_units("X", "X", False))) / districts
    village = replace(bt.village_roster("thôn"), size=shape.village_size)
    commune = (
        sum(VILLAGES_PER_COMMUNE) / 2 * _mean(village)
        + _people_in(_commune("X", "xã", "X", [], (bt.OFFICE, bt.PRIMARY), shape.village_size).children)
        + sum(p * _mean(bt.institution_cell(i, "xã", "X")[1]) for i, p in INSTITUTION_ODDS)
    )
    communes = max(1.0, (per_district - _people_in(_district_units("X", "X", "X"))) / commune)
    return Plan(provinces, districts, communes)


# --- People ---------------------------------------------------------------------------------------------------


class _Names:
    """The district demo's name drawer (``people.NameDrawer``: same weights, same refusals), with every
    composed name and its derived columns computed once: a country has millions of people but only tens of
    thousands of distinct names."""

    def __init__(self) -> None:
        self.family = [n for n, _ in names.FAMILY_NAMES]
        self.family_cum = list(accumulate(w for _, w in names.FAMILY_NAMES))
        self.middle = {}
        for gender, table in ((MALE, names.MALE_MIDDLE_NAMES), (FEMALE, names.FEMALE_MIDDLE_NAMES)):
            population = [n for n, _, _ in table]
            self.middle[gender, False] = (population, list(accumulate(w for _, w, _ in table)))
            self.middle[gender, True] = (population, list(accumulate(w for _, _, w in table)))
        self.given = {MALE: names.MALE_GIVEN_NAMES, FEMALE: names.FEMALE_GIVEN_NAMES}
        self.cache: dict[str, tuple[str, str, str, bool]] = {}

    def compose(self, rng: random.Random, gender: str, birth_year: int) -> tuple[str, str, str, bool]:
        rand = rng.random
        family = self.family[bisect(self.family_cum, rand() * self.family_cum[-1])]
        population, cum = self.middle[gender, birth_year >= names.MIDDLE_NAME_CUTOFF]
        middle = population[bisect(cum, rand() * cum[-1])]
        if gender == FEMALE and middle == "Thị" and birth_year >= 1975 and rand() < 0.12:
            second = names.FEMALE_SECOND_MIDDLE_NAMES
            middle += " " + second[int(rand() * len(second))]
        given_names = self.given[gender]
        given = given_names[int(rand() * len(given_names))]
        while given in middle.split(" "):
            given = given_names[int(rand() * len(given_names))]
        raw = f"{family} {middle} {given}"
        found = self.cache.get(raw)
        if found is None:
            # What Person.save() stores: the titled name, folded and sort-keyed.
            full = text.title_name(raw)
            found = self.cache[raw] = (full, text.fold(full), text.name_sort_key(full), is_real_person(full))
        return found

    def draw(
        self, rng: random.Random, gender: str, birth_year: int, taken: set[str]
    ) -> tuple[str, str, str, bool]:
        found = self.compose(rng, gender, birth_year)
        for _ in range(24):
            if not found[3] and found[0] not in taken:
                return found
            found = self.compose(rng, gender, birth_year)
        while found[3]:
            found = self.compose(rng, gender, birth_year)
        return found


_NAMES = _Names()


@functools.lru_cache(maxsize=4096)
def _fill_posts(roster: Roster) -> tuple[list[Post], list[float]]:
    return [p for p, _ in roster.fill], list(accumulate(w for _, w in roster.fill))


def _randint(rand: Callable[[], float], lo: int, hi: int) -> int:
    """``randint`` from ``random()`` alone: a third of the cost, millions of times."""
    return lo + int(rand() * (hi - lo + 1))


def _roster(rng: random.Random, roster: Roster) -> list[tuple[Post, str, int, tuple[str, str, str, bool]]]:
    """``people.draw_roster`` with the cached drawer: (post, gender, birth year, name) per person."""
    rand = rng.random
    size = max(_randint(rand, *roster.size), len(roster.posts))
    posts = list(roster.posts)
    if size > len(posts):
        population, cum = _fill_posts(roster)
        total = cum[-1]
        posts += [population[bisect(cum, rand() * total)] for _ in range(size - len(posts))]
    taken: set[str] = set()
    drawn = []
    for post in posts:
        gender = FEMALE if rand() < post.female else MALE
        birth_year = _randint(rand, *post.born)
        name = _NAMES.draw(rng, gender, birth_year, taken)
        taken.add(name[0])
        drawn.append((post, gender, birth_year, name))
    return drawn


# --- Writing rows ---------------------------------------------------------------------------------------------


class _Table:
    """Rows waiting for one table: tuples of ``columns`` (attnames); every other column gets its default."""

    def __init__(self, sink: _Sink, model: type[Model], columns: Sequence[str]) -> None:
        self.model, self.rows, self.written = model, [], 0
        fields = {f.attname: f for f in model._meta.concrete_fields}
        now = timezone.now()
        rest = [f for f in model._meta.concrete_fields if f.attname not in columns and not f.primary_key]
        self.tail = tuple(
            now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
            for f in rest
        )
        order = [fields[c] for c in columns] + rest
        self.columns = [f.column for f in order]
        ops = sink.connection.ops
        quoted = ", ".join(ops.quote_name(c) for c in self.columns)
        self.table = ops.quote_name(model._meta.db_table)
        self.copy_sql = f"COPY {self.table} ({quoted}) FROM STDIN"
        self.insert_sql = f"INSERT INTO {self.table} ({quoted}) VALUES ({', '.join(['%s'] * len(order))})"  # noqa: S608
        # SQLite stores what Django's adapters make of dates, datetimes, UUIDs; PostgreSQL's COPY takes them as is.
        self.adapters: list[tuple[int, Callable]] = []
        # The generator passes datetimes already as text (``_Sink.moment``) and UUIDs as hex.
        if not sink.postgres:
            for i, f in enumerate(order):
                kind = f.get_internal_type()
                if kind == "DateTimeField":
                    self.adapters.append((i, _cached(ops.adapt_datetimefield_value)))
                elif kind == "DateField":
                    self.adapters.append((i, ops.adapt_datefield_value))

    def add(self, row: tuple) -> None:
        self.rows.append(row)


def _cached(adapt: Callable) -> Callable:
    """Datetimes repeat (a minute's resolution): adapt each distinct one once."""
    return functools.lru_cache(maxsize=1 << 20)(adapt)


class _Sink:
    """Tables of pending rows, flushed in chunks: on PostgreSQL with COPY from a writer thread (the database
    takes one chunk while the next is generated; a few chunks wait at most), on SQLite with executemany."""

    CHUNK = 100_000
    QUEUED = 4

    def __init__(self, connection) -> None:
        self.connection = connection
        self.postgres = connection.vendor == "postgresql"
        self.tables: list[_Table] = []
        self.queue: queue.Queue | None = None
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None
        self.format_cursor = None

    def table(self, model: type[Model], columns: Sequence[str]) -> _Table:
        table = _Table(self, model, columns)
        self.tables.append(table)
        return table

    def flush(self, everything: bool = False) -> None:
        # All tables at once, in the order they were declared (parents first): a row never waits for the row it
        # refers to. (SQLite keeps a deferred foreign key's orphans in a counter, and while it is not zero
        # every new parent row scans its child table, whose index is dropped for the load.)
        if not everything and all(len(table.rows) < self.CHUNK for table in self.tables):
            return
        for table in self.tables:
            if table.rows:
                rows, table.rows = table.rows, []
                table.written += len(rows)
                if self.postgres:
                    self._send(table, rows)
                else:
                    self._insert(table, rows)

    def drain(self) -> None:
        """Wait until the writer thread has written everything (before the connection is used again)."""
        if self.thread is not None:
            self.queue.put(None)
            self.thread.join()
            self.thread = self.queue = None
            self.format_cursor.close()
        if self.error is not None:
            raise self.error

    def close(self) -> None:
        """Stop the writer thread after a failure elsewhere (its own error, if any, is dropped)."""
        self.error = self.error or RuntimeError("stopped")
        try:
            self.drain()
        except BaseException:  # noqa: S110 (the failure being raised is the one that matters)
            pass

    def _send(self, table: _Table, rows: list[tuple]) -> None:
        if self.error is not None:
            raise self.error
        if self.thread is None:
            # The raw psycopg connection: Django's wrapper belongs to this thread. Same session, same transaction;
            # the main thread does not touch the database until ``drain`` (its cursor only formats).
            self.connection.ensure_connection()
            self.format_cursor = self.connection.connection.cursor()
            self.queue = queue.Queue(maxsize=self.QUEUED)
            self.thread = threading.Thread(target=self._copy_loop, args=(self.connection.connection, self.queue),
                                           name="seed-copy", daemon=True)  # fmt: skip
            self.thread.start()
        self.queue.put((table.copy_sql, self._copy_text(rows, table.tail)))

    def _copy_text(self, rows: list[tuple], tail: tuple) -> bytes:
        """Rows in COPY's text format, formatted here by psycopg (``Copy`` with a ``FileWriter``: no I/O), sent
        by the writer thread."""
        from psycopg import Copy
        from psycopg.copy import FileWriter

        buffer = io.BytesIO()
        with Copy(self.format_cursor, writer=FileWriter(buffer)) as copy:
            write = copy.write_row
            for row in rows:
                write(row + tail)
        return buffer.getvalue()

    def _copy_loop(self, raw, work: queue.Queue) -> None:
        while (item := work.get()) is not None:
            if self.error is not None:
                continue  # keep taking chunks so that the generator never blocks on a full queue
            sql, data = item
            try:
                with raw.cursor() as cursor, cursor.copy(sql) as copy:
                    copy.write(data)
            except BaseException as exc:  # handed to the main thread by ``drain``
                self.error = exc

    def _insert(self, table: _Table, rows: list[tuple]) -> None:
        adapters, tail = table.adapters, table.tail
        prepared = []
        for row in rows:
            row = list(row + tail)
            for i, adapt in adapters:
                value = row[i]
                if value is not None and not isinstance(value, str):
                    row[i] = adapt(value)
            prepared.append(row)
        with self.connection.cursor() as cursor:
            cursor.executemany(table.insert_sql, prepared)

    def moment(self, value: datetime.datetime) -> str:
        """An aware datetime as text the database stores exactly as Django would: PostgreSQL parses the ISO
        text with its offset; SQLite gets the UTC text of Django's adapter."""
        if self.postgres:
            return value.isoformat(sep=" ")
        return self.connection.ops.adapt_datetimefield_value(value)


class _IndexLoad:
    """Drop the secondary indexes of the big tables before the load and create them again afterwards: sorting
    once is much faster than keeping millions of index entries in order row by row. On PostgreSQL their unique
    and foreign-key constraints too (validated again in one pass each); SQLite keeps its foreign keys (checked
    at commit) and the unique indexes of its table definitions. Everything runs inside the caller's
    transaction: a failure leaves the schema as it was."""

    def __init__(self, connection, models: Sequence[type[Model]]) -> None:
        self.connection = connection
        self.tables = [m._meta.db_table for m in models]
        self.restore: list[str] = []

    def drop(self) -> None:
        if self.connection.vendor != "postgresql":
            with self.connection.cursor() as cursor:
                marks = ", ".join(["%s"] * len(self.tables))
                cursor.execute(
                    f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "  # noqa: S608
                    f"AND tbl_name IN ({marks}) ORDER BY name",
                    self.tables,
                )
                indexes = cursor.fetchall()
                for name, _definition in indexes:
                    cursor.execute(f"DROP INDEX {self.connection.ops.quote_name(name)}")
            self.restore = [definition for _name, definition in indexes]
            return
        with self.connection.cursor() as cursor:
            # A table with deferred foreign-key checks still pending (the wipe's deletes) cannot be altered:
            # run them now, then defer again.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
                "WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u') ORDER BY contype, conname",
                [self.tables],
            )
            constraints = cursor.fetchall()
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary AND NOT EXISTS ("
                "SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x')) "
                "ORDER BY 1",
                [self.tables],
            )
            indexes = cursor.fetchall()
            q = self.connection.ops.quote_name
            for table, name, _definition, _kind in constraints:  # foreign keys ('f') sort before unique ('u')
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {q(name)}")
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {name}")
        self.restore = [definition for _name, definition in indexes]
        self.restore += [
            f"ALTER TABLE {t} ADD CONSTRAINT {q(n)} {d}" for t, n, d, k in constraints if k == "u"
        ]
        self.restore += [
            f"ALTER TABLE {t} ADD CONSTRAINT {q(n)} {d}" for t, n, d, k in constraints if k == "f"
        ]

    def create(self) -> int:
        with self.connection.cursor() as cursor:
            for statement in self.restore:
                cursor.execute(statement)
        return len(self.restore)


# --- The tree for a plan ------------------------------------------------------------------------------------


def _settlements(rng: random.Random, k: int, upland: bool, taken: Iterable[str] = ()) -> list[str]:
    """Village or quarter names: Tày, Nùng names in the northern mountains, Sino-Vietnamese ones elsewhere."""
    if upland:
        return _unique_names(rng, k, TAY_FIRST, TAY_SECOND, taken)
    return _unique_names(rng, k, PLACE_FIRST, PLACE_SECOND, taken)


def _district(rng: random.Random, code: str, place: str, communes: int, shape: Shape, *, upland: bool,
              home: bool) -> Node:  # fmt: skip
    """A district: the demo's district-level units, then a town and communes. The home district (Bạch Thông)
    takes the demo's real town and communes first, Lục Bình among them, its first cell Nà Pài."""
    real: list[bt.Commune] = []
    if home:
        by_place = {c.place: c for c in bt.COMMUNES}
        first = [HOME_COMMUNE, bt.COMMUNES[0].place]  # Lục Bình first: it must be there however small
        order = first + [c.place for c in bt.COMMUNES if c.place not in first]
        real = [by_place[p] for p in order][:communes]
    generated = _unique_names(rng, communes - len(real), PLACE_FIRST, PLACE_SECOND, {c.place for c in real})
    nodes: list[Node] = []
    for n in range(communes):
        commune_code = f"{code}-X{n + 1:02d}"
        size = rng.randint(*VILLAGES_PER_COMMUNE)
        if n < len(real):
            c = real[n]
            villages = list(c.villages[:size])
            villages += _settlements(rng, size - len(villages), upland, villages)
            node = _commune(commune_code, c.unit, c.place, villages, c.institutions, shape.village_size)
            if c.place == HOME_COMMUNE:
                node.role, node.children[0].role = "home_commune", "home_cell"
        else:
            unit = "thị trấn" if n == 0 else "xã"
            institutions = [bt.OFFICE, bt.PRIMARY] + [i for i, p in INSTITUTION_ODDS if rng.random() < p]
            villages = _settlements(rng, size, upland)
            node = _commune(
                commune_code, unit, generated[n - len(real)], villages, institutions, shape.village_size
            )
        nodes.append(node)
    towns = [
        n.name.removeprefix("Đảng bộ thị trấn ") for n in nodes if n.name.startswith("Đảng bộ thị trấn ")
    ]
    town = towns[0] if towns else place
    district = Node(f"Đảng bộ huyện {place}", code, OrgKind.DISTRICT_COMMITTEE, where=place)
    district.children = _district_units(code, place, town) + nodes
    return district


def _province(index: int, plan: Plan, shape: Shape, seed: int) -> Node:
    name, city = PROVINCES[index]
    code = f"T{index + 1:02d}"
    home = name == HOME_PROVINCE
    rng = random.Random(f"{seed}:tree:{code}")
    real = list(HOME_DISTRICTS[: plan.districts]) if home else []
    places = real + _unique_names(rng, plan.districts - len(real), PLACE_FIRST, PLACE_SECOND, real)
    level = "thành phố" if city else "tỉnh"
    node = Node(f"Đảng bộ {level} {name}", code, OrgKind.PROVINCE_COMMITTEE, where=name, city=city)
    units = _province_units(code, name, city)
    if not home:
        for unit in units:
            unit.role = ""
    districts = [
        _district(rng, f"{code}-H{n + 1:02d}", place, max(1, round(plan.communes * rng.uniform(0.75, 1.25))), shape,
                  upland=name in UPLAND, home=home and n == 0)
        for n, place in enumerate(places)
    ]  # fmt: skip
    node.children = units + districts
    return node


def _provinces(plan: Plan) -> list[int]:
    """The provinces of a national tree: all 63, or (shrunk) the home province and the first others."""
    home = next(i for i, (name, _city) in enumerate(PROVINCES) if name == HOME_PROVINCE)
    others = [i for i in range(len(PROVINCES)) if i != home][: plan.provinces - 1]
    return sorted([home, *others])


NATIONAL_ROOT = ("Ban Chấp hành Trung ương Đảng", "TW")
MIN_PEOPLE = 1000


# --- The generator --------------------------------------------------------------------------------------------


@dataclass
class ScaleSummary:
    """What ``build_scale`` wrote."""

    scale: str
    root_name: str = ""
    orgs_by_kind: Counter = field(default_factory=Counter)  # the root not included
    people_by_kind: Counter = field(default_factory=Counter)
    plans: Counter = field(default_factory=Counter)  # by state
    commitments: Counter = field(default_factory=Counter)
    required_orgs: int = 0
    required_people: int = 0
    rows: dict[str, int] = field(default_factory=dict)  # by table
    max_depth: int = 0
    logins: list[str] = field(default_factory=list)
    steps: list[tuple[str, float]] = field(default_factory=list)

    @property
    def orgs(self) -> int:
        return sum(self.orgs_by_kind.values()) + 1

    @property
    def people(self) -> int:
        return sum(self.people_by_kind.values())


class Line(NamedTuple):
    """One item's content, with what every record using it needs worked out once: its breakthrough content,
    deadline, programme tags, and what the quality checks see in it."""

    action: str
    target: str
    area: str
    topic: str
    timeframe: str
    responsible: str
    content: int | None  # the breakthrough content it serves this year
    due: str | None  # a commitment item's deadline (ISO date)
    tags: tuple[int, ...]  # programmes always ticked: Chỉ thị 05 and those the action serves
    nqtw4: int | None  # Nghị quyết TW4, ticked now and then on thought and ethics (if not already)
    qd08: int | None  # Quy định 08, ticked by heads now and then (if not already)
    concrete: bool  # a signal in the action or target (``vague.checkable``)
    telling: bool  # the deadline tells something (not the year's last day)
    shingles: (
        int  # its shingles (``similar.signature``) as a bit mask: one bit per distinct shingle of the run
    )


_THROUGH = RecordItem.programmes.through
_NO_RESULT = ("", "")
# Slots of a commitment (the cycle demo's): thought; ethics or style; work; then a head's duty, or anything.
_SLOTS = ((cd.THOUGHT,), (cd.ETHICS, cd.STYLE), (cd.WORK,))
_HEAD_SLOT = (cd.STYLE, cd.ETHICS, cd.WORK)
_ANY_SLOT = (cd.THOUGHT, cd.ETHICS, cd.STYLE, cd.WORK)


def _cumulative(weighted: Iterable[tuple[object, float]]) -> tuple[list, list]:
    pairs = list(weighted)
    return [v for v, _ in pairs], list(accumulate(w for _, w in pairs))


_PLAN_RATINGS = _cumulative(cd.PLAN_RATINGS)
_COMMITMENT_RATINGS = _cumulative(cd.COMMITMENT_RATINGS)
_VAGUE_RATINGS = _cumulative(cd.VAGUE_RATINGS)
_SIZES = _cumulative(SIZES)


class _Labels(dict):
    """Rating labels, translated on first use (not at import)."""

    def __missing__(self, rating: str) -> str:
        self[rating] = str(Rating(rating).label)
        return self[rating]


_RATING_LABELS = _Labels()


def _draw(rand: Callable[[], float], cands: Sequence, seen: set[str]):
    """A candidate whose action is not in ``seen``, uniformly (None when there is none)."""
    n = len(cands)
    for _ in range(8):
        if not n:
            return None
        deed = cands[int(rand() * n)]
        if deed.action not in seen:
            return deed
    free = [d for d in cands if d.action not in seen]
    return free[int(rand() * len(free))] if free else None


def _fill(template: str, **values: str) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


def _is_local(words: str) -> bool:
    """Actions naming the demo district's own places (its town, its highway) stay in the district demo."""
    return "Phủ Thông" in words or "Quốc lộ 3" in words


@dataclass(frozen=True)
class _Login:
    """A demo login as the scaled tree places it: grants (role, where) and the post its person holds."""

    username: str
    grants: tuple[tuple[str, str], ...]
    where: str = ""  # the node role whose unit (or subtree, for the home commune) holds the person
    position: str = ""  # "" for the staff post of the propaganda or inspection board
    person_kind: str = ""
    display_name: str = ""


def _scale_logins() -> tuple[_Login, ...]:
    """``logins.DEMO_LOGINS`` moved onto the scaled tree: the district becomes the root, the district's boards
    the root province's boards, Lục Bình and Nà Pài the home commune and cell."""
    from ..logins import LUC_BINH, LUC_BINH_FIRST_CELL

    where = {bt.ROOT_CODE: "root", LUC_BINH: "home_commune", LUC_BINH_FIRST_CELL: "home_cell",
             f"{bt.PREFIX}-BTG": "propaganda", f"{bt.PREFIX}-UBKT": "inspection"}  # fmt: skip
    found = []
    for login in DEMO_LOGINS:
        place = where.get(login.person_in, "")
        found.append(_Login(
            login.username, tuple((role, where[code]) for role, code in login.grants), place,
            "" if place in ("propaganda", "inspection") else login.position, login.person_kind, login.display_name,
        ))  # fmt: skip
    return tuple(found)


class _Builder:
    """Writes the tree and everything in it, org by org, into the sink."""

    def __init__(
        self, sink: _Sink, *, seed: int, today: datetime.date, shape: Shape, users: dict[str, int]
    ) -> None:
        self.sink, self.seed, self.today, self.year = sink, seed, today, today.year
        self.users = users
        self.logins = _scale_logins()
        self.summary = ScaleSummary(scale=shape.name)
        through = RecordItem.programmes.through
        self.ids = {m: _max_id(m) for m in (Org, OrgEvent, Person, Record, RecordItem, Transition, through,
                                            act.Exemplar, act.Commendation)}  # fmt: skip
        self.orgs = sink.table(Org, ["id", "parent_id", "path", "depth", "kind", "name", "name_folded", "code",
                                     "sort_order"])  # fmt: skip
        self.events = sink.table(OrgEvent, ["id", "org_id", "kind", "detail", "actor_id"])
        self.people = sink.table(Person, ["id", "full_name", "name_folded", "name_sort", "gender", "birth_year",
                                          "kind", "position", "org_id", "user_id"])  # fmt: skip
        self.records = sink.table(Record, [
            "id", "kind", "year", "org_id", "person_id", "state", "version", "created_by_id", "created_at",
            "updated_at", "submitted_at", "is_late", "approved_at", "approved_by_id", "return_comment",
            "self_comment", "self_assessed_at", "rating", "score", "rating_comment", "rated_at", "rated_by_id",
        ])  # fmt: skip
        self.items = sink.table(RecordItem, ["id", "record_id", "position", "action", "target", "timeframe",
                                             "deadline", "responsible", "area", "breakthrough_id", "result",
                                             "result_note"])  # fmt: skip
        self.tags = sink.table(through, ["id", "recorditem_id", "programme_id"])
        self.transitions = sink.table(Transition, ["id", "record_id", "from_state", "to_state", "actor_id",
                                                   "on_behalf", "comment", "at"])  # fmt: skip
        self.quality = sink.table(
            RecordQuality, ["record_id", "actions", "concrete", "copied_last_year", "cluster"]
        )
        self.exemplars = sink.table(act.Exemplar, [
            "id", "org_id", "person_id", "title", "achievements", "story", "photo", "nominated_on", "year",
            "nominated_by_id", "state", "verified_by_id", "verified_at", "consent", "consent_note", "published",
            "published_at", "public_id",
        ])  # fmt: skip
        self.commendations = sink.table(act.Commendation, ["id", "exemplar_id", "form", "decision_number",
                                                           "decided_on", "issuer", "recorded_by_id"])  # fmt: skip
        self.tz = timezone.get_default_timezone()
        self.login_people: dict[str, tuple[int, str]] = {}  # username → (person id, full name)
        self.login_orgs: dict[str, str] = {}  # node role → org code
        self.decisions: list[tuple] = []
        self.writing = False

    def next_id(self, model: type[Model]) -> int:
        self.ids[model] += 1
        return self.ids[model]

    # --- The year ------------------------------------------------------------------------------------------

    def open_year(self, root: Org, actor: User | None) -> Period:
        """The root's year with the cycle demo's defaults: kinds that file, deadlines, minimum, programmes,
        breakthrough contents, opened on 8 January."""
        year = self.year
        dates = _deadlines(year, self.today)
        codes = cd.programmes_for(year)
        topics = cd.district_breakthroughs(year)
        period = cycle_services.period_open(
            actor=actor, org=root,
            data=cycle_services.PeriodInput(
                year=year, theme=cd.theme_for(year), min_actions=3, plan_org_kinds=list(PLAN_ORG_KINDS),
                programmes=list(Programme.objects.filter(code__in=codes)),
                breakthroughs=[cd.BREAKTHROUGHS[t] for t in topics], **dates,
            ),
        )  # fmt: skip
        opened_on = min(datetime.date(year, 1, 8), self.today)
        opened = datetime.datetime.combine(opened_on, datetime.time(8), tzinfo=self.tz)
        Period.objects.filter(pk=period.pk).update(opened_at=opened)
        PeriodEvent.objects.filter(period=period).update(at=opened)
        ids = period.breakthroughs.order_by("sort_order").values_list("pk", flat=True)
        self.contents = dict(zip(topics, ids, strict=True))
        self.programme_ids = dict(Programme.objects.values_list("code", "pk"))
        self.programmes = frozenset(c for c in codes if c in self.programme_ids)
        self.plan_deadline = dates["plan_deadline"].toordinal()
        self.commitment_deadline = dates["commitment_deadline"].toordinal()
        self.yearend = dates["yearend_deadline"].toordinal()
        self.first_day = opened_on.toordinal() + 1
        self.today_ord = self.today.toordinal()
        self.hi = max(self.first_day, self.today_ord - 1)
        self.writing = self.first_day < self.today_ord  # nothing is written the day a year opens
        self.mix = _state_mix(self.today_ord, self.yearend)
        self.sloppiness, self.late = sloppiness(year), late_share(year)
        self._prepare_pools()
        return period

    def _prepare_pools(self) -> None:
        year = self.year

        def ok(d) -> bool:
            return d.since <= year <= getattr(d, "until", 9999) and not _is_local(d.action + d.target)

        self.pools = {g: [d for d in pool + cd.COMMON if ok(d)] for g, pool in cd.GROUP_POOLS.items()}
        self.group_steps = {g: [s for s in steps if ok(s)] for g, steps in cd.GROUP_STEPS.items()}
        self.cell_steps = [s for s in cd.CELL_STEPS if ok(s)]
        self.mass_steps = [s for s in cd.MASS_STEPS if ok(s)]
        self.agency_steps = [s for s in cd.AGENCY_STEPS if ok(s)]
        self.committee_steps = [s for s in cd.COMMITTEE_STEPS if ok(s)]
        self.dues = {d: _due(year, d) for d in ("", "year", "h1", "q1", "q2", "q3", "q4")}
        self.lines: dict[tuple, Line] = {}
        self.concrete: dict[tuple[str, str], bool] = {}
        self.moments: dict[int, datetime.datetime] = {}
        self.by_areas: dict[tuple, list] = {}
        self.bits: dict[str, int] = {}

    # --- The tree ------------------------------------------------------------------------------------------

    def write_org(
        self, node: Node, parent: tuple[int, str, str] | None, depth: int, sort: int
    ) -> tuple[int, str, str]:
        """The org row (the path as ``services.org_create`` writes it) and its "created" history row."""
        org_id = self.next_id(Org)
        path = (parent[1] if parent else "") + segment(org_id)
        name, code = text.clean(node.name), text.clean(node.code)
        self.orgs.add((org_id, parent[0] if parent else None, path, depth, node.kind, name, text.fold(name), code,
                       sort))  # fmt: skip
        # ``OrgEvent.detail`` as the JSON field stores it: {"parent": the parent's name}.
        self.events.add((self.next_id(OrgEvent), org_id, OrgEventKind.CREATED,
                         parent[2] if parent else json.dumps({"parent": None}), None))  # fmt: skip
        if parent is not None:
            self.summary.orgs_by_kind[node.kind] += 1
            if node.kind in PLAN_ORG_KINDS:
                self.summary.required_orgs += 1
        self.summary.max_depth = max(self.summary.max_depth, depth)
        if node.role:
            self.login_orgs.setdefault(node.role, code)
        return org_id, path, json.dumps({"parent": name})

    def emit(
        self, node: Node, parent: tuple[int, str, str], depth: int, sort: int, in_home: bool = False
    ) -> None:
        """An org, its people and records, then its children (parents first, as ``org_create`` needs)."""
        me = self.write_org(node, parent, depth, sort)
        in_home = in_home or node.role == "home_commune"
        self.unit(node, me[0], in_home)
        for i, child in enumerate(node.children, start=1):
            self.emit(child, me, depth + 1, i * 10, in_home)
        self.sink.flush()

    def emit_province(self, node: Node, parent: tuple[int, str, str] | None, depth: int, sort: int,
                      each: Callable[[Node], None] | None = None) -> tuple[int, str, str]:  # fmt: skip
        """A province, with the commendation decisions of each district (or of the province for its own
        units); ``each`` is called after each child."""
        me = self.write_org(node, parent, depth, sort)
        self.unit(node, me[0], False)
        for i, child in enumerate(node.children, start=1):
            rng = random.Random(f"{self.seed}:{self.year}:{child.code}:decisions")
            self.set_decisions(rng, child.where if child.kind == OrgKind.DISTRICT_COMMITTEE else "", node.where,
                               node.city)  # fmt: skip
            self.emit(child, me, depth + 1, i * 10)
            if each is not None:
                each(child)
        return me

    # --- A unit: its people, plan, commitments, exemplars ---------------------------------------------------

    def unit(self, node: Node, org_id: int, in_home: bool) -> None:
        rng = random.Random(f"{self.seed}:{self.year}:{node.code}")
        drawn = _roster(rng, node.roster) if node.roster is not None else []
        logins = self._logins_in(node, in_home)
        everyone, required = [], []
        for post, gender, birth_year, (full, folded, sort_key, _real) in drawn:
            person_id = self.next_id(Person)
            user_id = None
            for login in logins:
                position = login.position or node.roster.posts[2].title
                if (post.title == position and (not login.person_kind or post.kind == login.person_kind)
                        and login.username not in self.login_people):  # fmt: skip
                    self.login_people[login.username] = (person_id, full)
                    user_id = self.users.get(login.username)
                    break
            position = text.clean(post.title)
            self.people.add((person_id, full, folded, sort_key, gender, birth_year, post.kind, position, org_id,
                             user_id))  # fmt: skip
            self.summary.people_by_kind[post.kind] += 1
            everyone.append((person_id, full))
            if post.kind in REQUIRED_KINDS:
                required.append((person_id, position, user_id))
        self.summary.required_people += len(required)
        if self.writing:
            self.records_of(rng, node, org_id, required, in_home)
        self.exemplars_of(rng, node, org_id, everyone)

    def _logins_in(self, node: Node, in_home: bool) -> list[_Login]:
        return [
            login for login in self.logins
            if login.where and (login.where == node.role or (login.where == "home_commune" and in_home))
        ]  # fmt: skip

    def records_of(self, rng: random.Random, node: Node, org_id: int, people: list, in_home: bool) -> None:
        commune_leader, cell_leader = self.users.get("bithu_lucbinh"), self.users.get("bithu_chibo")
        filed: dict[int, int] = {}  # filed commitments' signatures
        quality: list[list] = []
        if node.kind in PLAN_ORG_KINDS:
            state = self.state(rng, self.plan_deadline)
            writer = approver = None
            if node.role == "home_commune":
                writer = commune_leader
            elif node.role == "home_cell":  # the commune secretary approved it; two plans wait, one went back
                writer, approver, state = cell_leader, commune_leader, S.APPROVED
            elif in_home:
                approver = commune_leader
                state = {"CB02": S.SUBMITTED, "CB03": S.SUBMITTED, "CB04": S.RETURNED}.get(
                    node.code.rsplit("-", 1)[-1], state
                )
            if state is not None:
                lines = self.plan_lines(rng, node)
                self.record(rng, RecordKind.PLAN, org_id, None, lines, state, self.plan_deadline, _PLAN_RATINGS,
                            writer, approver, "", False, False, quality, filed)  # fmt: skip
        if people:
            sample = None
            if rng.random() < P_SAMPLE_CELL:  # a sample commitment goes round the cell
                sample = self.commitment_lines(rng, node, 4, head=False, sloppy=rng.random() < 0.3)
            forced = self.forced_states(rng, people) if node.role == "home_cell" else {}
            for person_id, position, user_id in people:
                state = (
                    forced[person_id] if person_id in forced else self.state(rng, self.commitment_deadline)
                )
                if state is None:
                    continue
                head = position.startswith(cd.HEAD_TITLES)
                sloppy = rng.random() < self.sloppiness
                copied = ""
                if user_id is not None and user_id == self.users.get("dangvien") and state == S.DRAFT:
                    lines = self.commitment_lines(rng, node, 2, head=head, sloppy=False)  # half-written
                elif sample and rng.random() < P_COPY_SAMPLE:
                    lines, copied = list(sample), "colleague"
                else:
                    size = _SIZES[0][bisect(_SIZES[1], rng.random() * _SIZES[1][-1])]
                    lines = self.commitment_lines(rng, node, size, head=head, sloppy=sloppy)
                sloppy = sloppy or sum(not ln.target or ln.target in cd.VAGUE_TARGETS for ln in lines) >= 2
                approver = None
                if node.role == "home_cell":
                    approver = (
                        commune_leader if user_id is not None and user_id == cell_leader else cell_leader
                    )
                ratings = _VAGUE_RATINGS if sloppy else _COMMITMENT_RATINGS
                self.record(rng, RecordKind.COMMITMENT, org_id, person_id, lines, state, self.commitment_deadline,
                            ratings, user_id, approver, copied, sloppy, head, quality, filed)  # fmt: skip
        # The unit's quality rows, with its clusters of near-identical filed commitments (``quality.services``).
        if len(filed) > 1:
            cluster_of = _cluster_of(filed)
            for row in quality:
                row[4] = cluster_of.get(row[0])
        for row in quality:
            self.quality.add(tuple(row))

    def forced_states(self, rng: random.Random, people: list) -> dict[int, str]:
        """The home cell, as in the district demo: the member's draft, the secretary's approved commitment, a
        queue of five for the secretary, one sent back."""
        by_user = {user_id: pk for pk, _position, user_id in people if user_id is not None}
        forced: dict[int, str] = {}
        if self.users.get("dangvien") in by_user:
            forced[by_user[self.users["dangvien"]]] = S.DRAFT
        if self.users.get("bithu_chibo") in by_user:
            forced[by_user[self.users["bithu_chibo"]]] = S.APPROVED
        others = [pk for pk, _position, _user in people if pk not in forced]
        forced.update(dict.fromkeys(rng.sample(others, k=min(5, len(others))), S.SUBMITTED))
        rest = [pk for pk in others if pk not in forced]
        for i, pk in enumerate(rest):
            forced[pk] = S.RETURNED if i == 0 else S.SELF_ASSESSED if rng.random() < 0.15 else S.APPROVED
        return forced

    def state(self, rng: random.Random, deadline: int) -> str | None:
        states, cum = self.mix[0] if self.today_ord <= deadline else self.mix[1]
        return states[bisect(cum, rng.random() * cum[-1])]

    # --- Lines -----------------------------------------------------------------------------------------

    def make_line(self, action: str, target: str, area: str, topic: str, extra: tuple[str, ...], due: str,
                  timeframe: str = "", responsible: str = "") -> Line:  # fmt: skip
        programmes = self.programmes
        codes = sorted({cd.CT05, *(c for c in extra if c in programmes)})
        date = self.dues.get(due)
        return Line(
            action, target, area, topic, timeframe, responsible, self.contents.get(topic) if topic else None,
            date.isoformat() if date else None, tuple(self.programme_ids[c] for c in codes),
            self.programme_ids[cd.NQTW4] if cd.NQTW4 in programmes and cd.NQTW4 not in codes
            and area in (cd.THOUGHT, cd.ETHICS) else None,
            self.programme_ids[cd.QD08] if cd.QD08 in programmes and cd.QD08 not in codes else None,
            checkable(action) or checkable(target), date is not None and (date.month, date.day) != (12, 31),
            self.mask(shingles(action) | shingles(target)),
        )  # fmt: skip

    def mask(self, words: frozenset[str]) -> int:
        mask, bits = 0, self.bits
        for shingle in words:
            bit = bits.get(shingle)
            if bit is None:
                bit = bits[shingle] = len(bits)
            mask |= 1 << bit
        return mask

    def step_line(self, step: cd.Step, n: str, head: str, k: str, title: str = "", topic: str = "") -> Line:
        key = ("step", id(step), n, head, k, title, topic)
        found = self.lines.get(key)
        if found is None:
            v = {"head": head, "n": n, "k": k, "title": title}
            found = self.lines[key] = self.make_line(
                _fill(step.action, **v), _fill(step.target, **v), step.area, topic or step.topic, step.extra, "",
                step.timeframe, _fill(step.responsible, **v),
            )  # fmt: skip
        return found

    def deed_line(self, deed: cd.Deed, n: str, place: str) -> Line:
        if "{place}" not in deed.action and "{place}" not in deed.target:
            place = ""  # one line for every village
        key = ("deed", id(deed), n, place)
        found = self.lines.get(key)
        if found is None:
            found = self.lines[key] = self.make_line(
                _fill(deed.action, n=n, place=place), _fill(deed.target, n=n, place=place), deed.area, deed.topic,
                deed.extra, deed.due, deed.timeframe,
            )  # fmt: skip
        return found

    def vague_line(self, deed: cd.Deed, target: str) -> Line:
        key = ("vague", id(deed), target)
        found = self.lines.get(key)
        if found is None:
            found = self.lines[key] = self.make_line(deed.action, target, deed.area, "", (), "year")
        return found

    def plan_lines(self, rng: random.Random, node: Node) -> list[Line]:
        """As the cycle demo's ``plan_lines``: the steps of the org's kind and group, favouring the year's
        contents; a committee adds an action programme for two of them."""

        def some(steps: Sequence, k: int) -> list:
            favoured = [s for s in steps if s.topic in self.contents]
            picked = rng.sample(favoured, k=min(len(favoured), rng.randint(0, 2)))
            rest = [s for s in steps if s not in picked]
            picked += rng.sample(rest, k=max(0, min(k - len(picked), len(rest))))
            return sorted(picked, key=steps.index)

        head, cells = node.head, str(sum(1 for c in node.children if c.kind == OrgKind.CELL))
        programmes: list[Line] = []
        if node.kind == OrgKind.GRASSROOTS_COMMITTEE:
            chosen = some(self.committee_steps, rng.randint(3, 4))
            if node.commune:
                chosen.insert(1, cd.COMMUNE_STEPS[0])
            for topic in rng.sample(list(self.contents), k=min(2, len(self.contents))):
                programmes.append(
                    self.step_line(cd.PROGRAMME_STEP, "", head, cells, cd.BREAKTHROUGHS[topic], topic)
                )
        elif node.kind == OrgKind.CELL:
            chosen = some(self.cell_steps, 3) + some(self.group_steps[node.group], rng.randint(2, 3))
        elif node.kind == OrgKind.MASS_ORGANISATION:
            chosen = some(self.mass_steps, rng.randint(3, 4))
        else:
            chosen = some(self.agency_steps, 3)
        lines = [self.step_line(s, rng.choice(s.nums) if s.nums else "", head, cells) for s in chosen]
        return lines[:1] + programmes + lines[1:]

    def commitment_lines(
        self, rng: random.Random, node: Node, n: int, *, head: bool, sloppy: bool
    ) -> list[Line]:
        """As the cycle demo's ``commitment_lines``: an action for thought, one for ethics or style, one for
        work, then more (a head's own duty first); concrete with a target or, for the sloppy (and now and then
        anyone), vague. Each draw is uniform over the candidates not taken yet (drawn again when taken)."""
        rand = rng.random
        pool = self.pools[node.group]
        lines: list[Line] = []
        seen: set[str] = set()
        p_vague = 0.75 if sloppy else 0.06
        for i in range(n):
            if i < 3:
                areas = _SLOTS[i]
            elif i == 3 and head and rand() < 0.8:
                areas = _HEAD_SLOT
            else:
                areas = _ANY_SLOT
            if rand() < p_vague:
                deed = _draw(rand, self._by(cd.VAGUE, areas), seen) or _draw(rand, cd.VAGUE, seen)
                seen.add(deed.action)
                targets = cd.VAGUE_TARGETS
                lines.append(self.vague_line(deed, targets[int(rand() * len(targets))]))
                continue
            cands, favoured = self._by(cd.HEAD if areas is _HEAD_SLOT else pool, areas, favoured=True)
            deed = None
            if favoured and rand() < 0.5:
                deed = _draw(rand, favoured, seen)
            deed = deed or _draw(rand, cands, seen) or _draw(rand, pool, seen)
            seen.add(deed.action)
            nums = deed.nums
            lines.append(self.deed_line(deed, nums[int(rand() * len(nums))] if nums else "", node.place))
        return lines

    def _by(self, source: Sequence, areas: tuple[str, ...], favoured: bool = False):
        """The candidates of ``source`` in ``areas`` (and, with ``favoured``, those serving a content)."""
        key = (id(source), areas)
        found = self.by_areas.get(key)
        if found is None:
            cands = [d for d in source if d.area in areas]
            found = self.by_areas[key] = (cands, [d for d in cands if d.topic and d.topic in self.contents])
        return found if favoured else found[0]

    # --- A record ----------------------------------------------------------------------------------------

    def record(self, rng: random.Random, kind: str, org_id: int, person_id: int | None, lines: list[Line],
               target: str, deadline: int, ratings: tuple[list, list], writer: int | None, approver: int | None,
               copied: str, sloppy: bool, head: bool, quality: list, filed: dict) -> None:  # fmt: skip
        """One plan or commitment with its items, tags, transitions and quality counts, walked from draft to
        ``target`` the way the cycle demo's ``play`` walks a record of the current year."""
        rand = rng.random
        record_id = self.next_id(Record)
        hi, start, today = self.hi, self.first_day, self.today_ord
        clock: list[int] = []  # the record's moments, in minutes; each after the one before

        def at(day: int) -> int:
            m = day * 1440 + (7 + int(rand() * 10)) * 60 + int(rand() * 60)
            if clock and m <= clock[-1]:
                m = clock[-1] + 5 + int(rand() * 116)
            clock.append(m)
            return m

        def day(lo: int, top: int) -> int:
            return lo if top <= lo else lo + int(rand() * (top - lo + 1))

        steps: list[tuple[str, str, int, int | None, str]] = []
        if (target == SELF_ASSESSED or target == RATED) and self.yearend - 30 > hi:  # too early in the year
            target = APPROVED
        version = 2 if lines else 1
        submitted = approved = assessed = rated = None
        is_late, return_comment, self_comment, rating, score, rating_comment = False, "", "", "", None, ""
        if target == DRAFT:
            member = writer is not None and writer == self.users.get("dangvien")
            created = at(max(start, min(today - 6 if member else day(start, hi), hi)))
        else:
            created = at(day(start, min(deadline - 2, hi)))
        state = DRAFT
        if target != DRAFT:
            created_day = created // 1440
            if target == SUBMITTED and today > deadline:
                submit_day = day(max(created_day, hi - 40), hi)
            elif rand() < self.late:
                submit_day = min(deadline + 1 + int(rand() * 35), hi)
            else:
                submit_day = day(created_day, min(deadline, hi))
            submitted = at(max(submit_day, created_day))
            steps.append((DRAFT, SUBMITTED, submitted, writer, ""))
            state = SUBMITTED
            p_return = P_RETURN_COPIED if (copied or sloppy) else P_RETURN
            if target == RETURNED or (target != SUBMITTED and rand() < p_return):
                comment = _return_comment(rng, copied, sloppy)
                d = submitted // 1440
                returned = at(day(d, min(d + 5, hi)))
                steps.append((SUBMITTED, RETURNED, returned, approver, comment))
                state = RETURNED
                if target == RETURNED:
                    return_comment = comment
                else:
                    d = returned // 1440
                    submitted = at(day(d, min(d + 7, hi)))
                    version += 1
                    steps.append((RETURNED, SUBMITTED, submitted, writer, ""))
                    state = SUBMITTED
            is_late = submitted // 1440 > deadline
        if state == SUBMITTED and target != SUBMITTED and target != RETURNED:
            d = submitted // 1440
            approved = at(day(d, min(d + 10, hi)))
            steps.append((SUBMITTED, APPROVED, approved, approver, ""))
            state = APPROVED
        results: list[tuple[str, str]] = []
        if target == SELF_ASSESSED or target == RATED:
            drawn = ratings[0][bisect(ratings[1], rand() * ratings[1][-1])]
            results = _results(rng, len(lines), drawn)
            d = day(max(approved // 1440, self.yearend - 30), hi)
            assessed = at(max(d, approved // 1440))
            version += 1
            comments = cd.SELF_COMMENTS
            self_comment = comments[int(rand() * len(comments))]
            steps.append((APPROVED, SELF_ASSESSED, assessed, writer, ""))
            state = SELF_ASSESSED
            if target == RATED:
                d = assessed // 1440
                rated = at(day(d, min(d + 10, hi)))
                rating, score = drawn, _randint(rand, *cd.SCORES[drawn])
                rating_comment = rng.choice(cd.RATING_COMMENTS[drawn])
                steps.append(
                    (SELF_ASSESSED, RATED, rated, approver, f"{_RATING_LABELS[drawn]} ({score} điểm)")
                )
                state = RATED
        dt = self.moment
        self.records.rows.append((
            record_id, kind, self.year, org_id, person_id, state, version, writer, dt(created), dt(clock[-1]),
            dt(submitted), is_late, dt(approved), approver if approved is not None else None, return_comment,
            self_comment, dt(assessed), rating, score, rating_comment, dt(rated),
            approver if rated is not None else None,
        ))  # fmt: skip
        ids = self.ids
        transition_id = ids[Transition]
        add = self.transitions.rows.append
        for frm, to, m, actor, comment in steps:
            transition_id += 1
            add((transition_id, record_id, frm, to, actor, False, comment, dt(m)))
        ids[Transition] = transition_id
        # Items and tags; what the quality checks count (``quality.services``): an item is concrete with a
        # telling deadline (not the year's last day) or a signal in its action or target.
        commitment = person_id is not None
        concrete = 0
        item_id, tag_id = ids[RecordItem], ids[_THROUGH]
        add_item, add_tag = self.items.rows.append, self.tags.rows.append
        for position, ln in enumerate(lines):
            item_id += 1
            result, note = results[position] if results else _NO_RESULT
            content = ln.content if ln.content is not None and rand() < 0.85 else None
            add_item((item_id, record_id, position, ln.action, ln.target, ln.timeframe, ln.due if commitment else None,
                      ln.responsible, ln.area, content, result, note))  # fmt: skip
            for programme in ln.tags:
                tag_id += 1
                add_tag((tag_id, item_id, programme))
            if ln.nqtw4 is not None and rand() < 0.3:
                tag_id += 1
                add_tag((tag_id, item_id, ln.nqtw4))
            if head and ln.qd08 is not None and rand() < 0.5:
                tag_id += 1
                add_tag((tag_id, item_id, ln.qd08))
            concrete += ln.concrete or (commitment and ln.telling)
        ids[RecordItem], ids[_THROUGH] = item_id, tag_id
        quality.append([record_id, len(lines), concrete, False, None])
        if commitment and workflow.is_filed(submitted_at=submitted, state=state):  # a returned one is owed again
            signature = 0
            for ln in lines:
                signature |= ln.shingles
            filed[record_id] = signature
        (self.summary.commitments if commitment else self.summary.plans)[state] += 1

    def moment(self, minutes: int | None) -> str | None:
        """A moment as the database takes it: PostgreSQL an ISO text with its offset, SQLite the UTC text
        Django's adapter writes."""
        if minutes is None:
            return None
        found = self.moments.get(minutes)
        if found is None:
            d, m = divmod(minutes, 1440)
            value = datetime.datetime.combine(
                datetime.date.fromordinal(d), datetime.time(m // 60, m % 60), tzinfo=self.tz
            )
            found = self.moments[minutes] = self.sink.moment(value)
        return found

    # --- Exemplars -----------------------------------------------------------------------------------------

    def set_decisions(self, rng: random.Random, district: str, province: str, city: bool) -> None:
        """The year's commendation decisions of a district (of the province for its own units), as the
        activities demo's ``decisions``: (form, number, issuer, date)."""
        year = self.year
        level = "thành phố" if city else "tỉnh"
        if district:
            committee, people, suffix = f"Huyện ủy {district}", f"UBND huyện {district}", "HU"
        else:
            committee, people, suffix = (
                f"{'Thành ủy' if city else 'Tỉnh ủy'} {province}",
                f"UBND {level} {province}",
                "TU",
            )
        self.decisions = [
            (act.CommendationForm.PRAISE, f"{rng.randint(20, 980)}-QĐ/{suffix}", committee, datetime.date(year, 5, 19)),
            (act.CommendationForm.CERTIFICATE, f"{rng.randint(1500, 3200)}/QĐ-UBND", people,
             datetime.date(year, 12, rng.randint(15, 26))),
            (act.CommendationForm.MERIT, f"{rng.randint(1800, 2600)}/QĐ-UBND", f"UBND {level} {province}",
             datetime.date(year, 12, rng.randint(10, 28))),
        ]  # fmt: skip

    def exemplars_of(
        self, rng: random.Random, node: Node, org_id: int, everyone: list[tuple[int, str]]
    ) -> None:
        """About one person in sixty a year, as in the district demo (40–60 for 3,000 people); a fifth of the
        draws in a cell or mass organisation honour the collective instead. Commended when the decision is
        already taken (the activities demo's ``exemplar``)."""
        if not everyone or not self.decisions:
            return
        officer = self.users.get("chuyenvien")
        collective = node.kind in (OrgKind.CELL, OrgKind.MASS_ORGANISATION)
        start = datetime.date(self.year, 1, 2)
        end = min(datetime.date(self.year, 12, 28), self.today - datetime.timedelta(days=1))
        for person_id, full in everyone:
            if rng.random() >= 1 / 60:
                continue
            if collective and rng.random() < 0.2:
                subject, who, title = node.name, None, act_data.COLLECTIVE_TITLE
                deed = rng.choice(act_data.COLLECTIVE_DEEDS)
            else:
                subject, who, title = full, person_id, rng.choice(act_data.PERSON_TITLES)
                deed = rng.choice(act_data.PERSON_DEEDS[node.group])
            form, number_, issuer, decided = rng.choices(self.decisions, weights=(0.45, 0.45, 0.10))[0]
            nominated = min(max(start, decided - datetime.timedelta(days=rng.randint(14, 75))), end)
            commended = decided <= end and rng.random() > 0.06
            verified = commended or (rng.random() < 0.5 and nominated + datetime.timedelta(days=7) <= end)
            verified_on = min(nominated + datetime.timedelta(days=rng.randint(2, 10)), decided, end)
            consent = commended and rng.random() < 0.12
            published = consent and rng.random() < 0.5
            story = (
                rng.choice(act_data.STORIES).format(name=subject, deed=deed[0].lower() + deed[1:])
                if consent
                else ""
            )
            exemplar_id = self.next_id(act.Exemplar)
            self.exemplars.add((
                exemplar_id, org_id, who, title[:300], f"{deed}.", story, "", nominated, self.year, officer,
                act.ExemplarState.VERIFIED if verified else act.ExemplarState.NOMINATED,
                officer if verified else None, self._at10(verified_on) if verified else None, consent,
                rng.choice(act_data.CONSENT_NOTES) if consent else "", published,
                self._at10(min(decided + datetime.timedelta(days=10), end)) if published else None,
                uuid.UUID(int=rng.getrandbits(128), version=4).hex,
            ))  # fmt: skip
            if commended:
                self.commendations.add((self.next_id(act.Commendation), exemplar_id, form, number_, decided, issuer,
                                        officer))  # fmt: skip

    def _at10(self, day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(10), tzinfo=self.tz)


def _cluster_of(signatures: dict[int, int]) -> dict[int, int]:
    """Each record in a cluster of near-identical commitments → the cluster's smallest id: what
    ``similar.clusters`` finds on the same signatures, by its exact path (every pair, the same size filter, the
    same Jaccard against the same threshold, then connected groups joined under their smallest id). A signature
    is a bit mask of its shingles, so a pair costs one AND and one popcount. (A unit is never bigger than
    ``similar.EXACT_UP_TO``, where ``clusters`` would switch to MinHash.)"""
    keys = sorted(signatures)
    assert len(keys) <= EXACT_UP_TO
    masks = [signatures[k] for k in keys]
    sizes = [m.bit_count() for m in masks]
    root: dict[int, int] = {}

    def find(k: int) -> int:
        while root.get(k, k) != k:
            k = root[k]
        return k

    for i in range(len(keys)):
        mi, si = masks[i], sizes[i]
        if not si:
            continue
        for j in range(i + 1, len(keys)):
            sj = sizes[j]
            if not sj or min(si, sj) < THRESHOLD * max(si, sj):
                continue
            common = (mi & masks[j]).bit_count()
            if common / (si + sj - common) >= THRESHOLD:
                ra, rb = find(keys[i]), find(keys[j])
                if ra != rb:
                    root[max(ra, rb)] = min(ra, rb)
    members = {k for pair in root.items() for k in pair}
    return {k: find(k) for k in members}


def _max_id(model: type[Model]) -> int:
    return model._base_manager.aggregate(m=Max("pk"))["m"] or 0


def _due(year: int, due: str) -> datetime.date | None:
    ends = {"year": (12, 31), "h1": (6, 30), "q1": (3, 31), "q2": (6, 30), "q3": (9, 30), "q4": (12, 31)}
    return datetime.date(year, *ends[due]) if due in ends else None


def _deadlines(year: int, today: datetime.date) -> dict:
    """The cycle demo's deadlines for a year after the first (``_Demo.deadlines``)."""
    found = {
        "plan_deadline": datetime.date(year, 3, 31),
        "commitment_deadline": datetime.date(year, 4, 15),
        "midyear_deadline": datetime.date(year, 6, 30),
        "yearend_deadline": datetime.date(year, 12, 15),
        "interim_reviews": InterimReviews.MIDYEAR,
    }
    if year == today.year and found["yearend_deadline"] < today + datetime.timedelta(days=14):
        found["yearend_deadline"] = today + datetime.timedelta(days=18)
    return found


def _state_mix(today: int, yearend: int) -> tuple[tuple[list, list], tuple[list, list]]:
    """The cycle demo's mixes of states for the current year (``_Demo.current_state``) as cumulative weights:
    (on or before the filing deadline, after it). None: not started, no record."""
    before = ((None, 25), (S.DRAFT, 30), (S.SUBMITTED, 20), (S.RETURNED, 5), (S.APPROVED, 20))
    if today < yearend - 30:
        after = ((None, 2), (S.DRAFT, 3), (S.SUBMITTED, 5), (S.RETURNED, 2), (S.APPROVED, 88))
    else:
        after = ((None, 1.5), (S.DRAFT, 2.5), (S.SUBMITTED, 4.5), (S.RETURNED, 2), (S.APPROVED, 77.5),
                 (S.SELF_ASSESSED, 10.5), (S.RATED, 1.5))  # fmt: skip

    def cumulative(mix) -> tuple[list, list]:
        return [s for s, _ in mix], list(accumulate(w for _, w in mix))

    return cumulative(before), cumulative(after)


def _return_comment(rng: random.Random, copied: str, sloppy: bool) -> str:
    if copied == "colleague":
        return cd.RETURN_COMMENTS[4]
    if sloppy:
        return cd.RETURN_COMMENTS[0]
    return rng.choice((cd.RETURN_COMMENTS[1], cd.RETURN_COMMENTS[2], cd.RETURN_COMMENTS[5]))


def _results(rng: random.Random, n: int, rating: str) -> list[tuple[str, str]]:
    """Item results agreeing with the rating the leader gives (the cycle demo's ``results``)."""
    results = [(Result.DONE.value, "")] * n
    if rating == Rating.EXCELLENT:
        if rng.random() < 0.3:
            results[rng.randrange(n)] = (Result.DONE.value, "Vượt chỉ tiêu đăng ký.")
    elif rating == Rating.GOOD:
        if rng.random() < 0.3:
            results[rng.randrange(n)] = (Result.PARTLY.value, rng.choice(cd.SHORTFALLS))
    elif rating == Rating.COMPLETED:
        picked = rng.sample(range(n), k=min(n, rng.choice((1, 2))))
        for i, pos in enumerate(picked):
            result = Result.NOT_DONE if i == 0 and rng.random() < 0.3 else Result.PARTLY
            results[pos] = (result.value, rng.choice(cd.SHORTFALLS))
    else:
        for i, pos in enumerate(rng.sample(range(n), k=max(1, (n + 1) // 2 + 1) if n > 1 else 1)):
            result = Result.NOT_DONE if i < (n + 1) // 2 else Result.PARTLY
            results[pos] = (result.value, rng.choice(cd.SHORTFALLS))
    return results


# --- Running it -----------------------------------------------------------------------------------------------

# The tables written by the million: their secondary indexes and constraints are rebuilt after the load.
BIG_MODELS: tuple[type[Model], ...] = (
    Org, OrgEvent, Person, Record, RecordItem, RecordItem.programmes.through, Transition, RecordQuality,
)  # fmt: skip


def duration(seconds: float) -> str:
    if seconds < 60:
        return f"{number(seconds, 1)} giây"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} phút {rest:02d} giây"


class _Steps:
    """Prints a step, then the time it took; keeps the times for the summary."""

    def __init__(self, summary: ScaleSummary, say: Callable[[str], None]) -> None:
        self.summary, self.say, self.started = summary, say, time.monotonic()

    def run(self, label: str, work: Callable[[], object]) -> object:
        self.say(f"{label}…")
        began = time.monotonic()
        result = work()
        took = time.monotonic() - began
        self.summary.steps.append((label, took))
        self.say(f"  xong sau {duration(took)}")
        return result

    @property
    def elapsed(self) -> str:
        return duration(time.monotonic() - self.started)


def build_scale(scale: str, *, seed: int, people: int | None = None, today: datetime.date | None = None,
                say: Callable[[str], None] = print) -> ScaleSummary:  # fmt: skip
    """Write the ``scale`` tree (``SCALES``), shrunk to about ``people`` people, on an empty database.

    The caller holds the transaction and has wiped the database (``wipe_scale``).
    """
    shape = SCALES[scale]
    target = people or shape.people
    if target < MIN_PEOPLE:
        raise DemoDataError(
            f"--people {target}: quá nhỏ, cần ít nhất {number(MIN_PEOPLE)} cá nhân (cây nhỏ nhất: các cơ quan cấp "
            "tỉnh, một huyện, một xã, khoảng 1.400 cá nhân)."
        )
    plan = plan_for(shape, target)
    today = today or timezone.localdate()
    connection = connections[DEFAULT_DB_ALIAS]
    check_logins_free()
    password = make_password(DEMO_PASSWORD)  # one hash for every demo user (Argon2 is slow on purpose)
    users = {
        login.username: User.objects.create(username=login.username, password=password,
                                            first_name=login.display_name[:150])
        for login in DEMO_LOGINS
    }  # fmt: skip
    sink = _Sink(connection)
    builder = _Builder(
        sink, seed=seed, today=today, shape=shape, users={u: user.pk for u, user in users.items()}
    )
    summary = builder.summary
    steps = _Steps(summary, say)
    load = _IndexLoad(connection, BIG_MODELS)
    if sink.postgres:
        with connection.cursor() as cursor:
            # Sorting for the index builds and hashing for the foreign-key checks, this transaction only.
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            cursor.execute("SET LOCAL work_mem = '256MB'")
    steps.run("Bỏ tạm chỉ mục và ràng buộc của các bảng lớn", load.drop)

    if scale == "national":
        root_node = Node(NATIONAL_ROOT[0], NATIONAL_ROOT[1], OrgKind.PROVINCE_COMMITTEE, role="root")
        provinces = _provinces(plan)
    else:
        root_node = _province(
            next(i for i, (n, _c) in enumerate(PROVINCES) if n == HOME_PROVINCE), plan, shape, seed
        )
        root_node.role = "root"
        provinces = []
    summary.root_name = root_node.name

    def tree() -> None:
        root = builder.write_org(root_node, None, 0, 0)
        sink.flush(everything=True)
        sink.drain()
        builder.open_year(Org.objects.get(pk=root[0]), users.get("chuyenvien"))
        done = [0]

        def progress(label: str, total: int) -> Callable[[Node], None]:
            def report(child: Node) -> None:
                if child.kind not in (OrgKind.PROVINCE_COMMITTEE, OrgKind.DISTRICT_COMMITTEE):
                    return
                done[0] += 1
                say(f"  {label} {done[0]}/{total}: {child.name} — tổng {number(summary.orgs)} tổ chức, "
                    f"{number(summary.people)} cá nhân ({steps.elapsed})")  # fmt: skip

            return report

        if scale == "national":
            report = progress("Tỉnh, thành phố", len(provinces))
            for n, index in enumerate(provinces, start=1):
                node = _province(index, plan, shape, seed)
                builder.emit_province(node, root, 1, n * 10)
                report(node)
        else:
            districts = sum(1 for c in root_node.children if c.kind == OrgKind.DISTRICT_COMMITTEE)
            builder.unit(root_node, root[0], False)
            for i, child in enumerate(root_node.children, start=1):
                rng = random.Random(f"{seed}:{builder.year}:{child.code}:decisions")
                where = child.where if child.kind == OrgKind.DISTRICT_COMMITTEE else ""
                builder.set_decisions(rng, where, root_node.where, root_node.city)
                builder.emit(child, root, 1, i * 10)
                progress("Huyện", districts)(child)
        sink.flush(everything=True)
        sink.drain()

    try:
        steps.run("Sinh cây tổ chức, cá nhân, kế hoạch, bản cam kết và gương điển hình", tree)
    except BaseException:
        sink.close()
        raise
    label = "Tạo lại chỉ mục và ràng buộc (kiểm tra khóa ngoại)" if sink.postgres else "Tạo lại chỉ mục"
    count = steps.run(label, load.create)
    say(f"  {count} chỉ mục và ràng buộc")

    def finish() -> None:
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [*BIG_MODELS, act.Exemplar,
                                                                             act.Commendation]):  # fmt: skip
                cursor.execute(statement)
        _logins(builder, users)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    steps.run("Tài khoản dùng thử, bộ đếm khóa chính và thống kê (ANALYZE)", finish)
    steps.run("Số liệu cộng dồn của mọi tổ chức (reconcile)", counters.reconcile)
    summary.rows = {t.model._meta.db_table: t.written for t in sink.tables}
    return summary


def _logins(builder: _Builder, users: dict[str, User]) -> None:
    """Grants of the demo logins on the scaled tree; each user named after its person."""
    codes = {**builder.login_orgs}
    orgs = {o.code: o for o in Org.objects.filter(code__in=codes.values())}
    missing = []
    for login in builder.logins:
        user = users[login.username]
        for role, where in login.grants:
            services.grant_create(actor=None, user=user, org=orgs[codes[where]], role=role)
        if login.where:
            found = builder.login_people.get(login.username)
            if found is None:
                missing.append(login.username)
                continue
            user.first_name = found[1][:150]
            user.save(update_fields=["first_name"])
    if missing:
        raise DemoDataError(f"Không tìm thấy người cho tài khoản: {', '.join(missing)}.")
    builder.summary.logins = [login.username for login in builder.logins]


def wipe_scale() -> dict[str, int]:
    """``build.wipe`` for a database of any size. The org table and every table that refers to it, directly or
    not (people, years, records and their items, activities, grants, history: what ``wipe`` deletes) are
    emptied first, in bulk: TRUNCATE … CASCADE on PostgreSQL, a DELETE per table on SQLite (its foreign keys are
    checked at commit); the uploaded files of those rows are removed once the transaction commits, as ``wipe``
    does. Then ``wipe`` deletes what is left (the users but superusers). Callers hold the transaction."""
    from lamtheobac.cycle.models import Document, Evidence

    from ..tree import wipe

    connection = connections[DEFAULT_DB_ALIAS]
    counted = {
        "orgs": Org.objects.count(), "people": Person.objects.count(), "records": Record.objects.count(),
        "users": User.objects.filter(is_superuser=False).count(),
    }  # fmt: skip
    files = [(e.file.storage, e.file.name) for e in Evidence.objects.exclude(file="")]
    files += [(d.file.storage, d.file.name) for d in Document.objects.exclude(file="")]
    files += [(f.file.storage, f.file.name) for m in (act.StudyFile, act.PilotFile, act.InspectionFile)
              for f in m.objects.all()]  # fmt: skip
    files += [(e.photo.storage, e.photo.name) for e in act.Exemplar.objects.exclude(photo="")]
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks still pending in this transaction would forbid the truncation: run them.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(f"TRUNCATE {q(Org._meta.db_table)} CASCADE")
        else:
            for model in _referring(Org):
                cursor.execute(f"DELETE FROM {q(model._meta.db_table)}")  # noqa: S608 (names from the models)
    wipe()
    if files:
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    return counted


def _referring(target: type[Model]) -> list[type[Model]]:
    """``target`` and every model whose rows refer to it, directly or through others (M2M tables included):
    what ``TRUNCATE target CASCADE`` empties."""
    found: list[type[Model]] = []
    todo = [target]
    while todo:
        model = todo.pop()
        if model in found:
            continue
        found.append(model)
        for f in model._meta.get_fields(include_hidden=True):
            if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one):
                todo.append(f.related_model)
        todo += [f.remote_field.through for f in model._meta.many_to_many]
    return found


def summary_lines(summary: ScaleSummary, seed: int, people: int | None) -> list[str]:
    """What the command prints at the end, in the district demo's words."""
    size = f", --people {people}" if people else ""
    lines = [
        f"Đã tạo dữ liệu dùng thử quy mô {summary.scale} “{summary.root_name}” (--seed {seed}{size}):",
        f"  Tổ chức: {number(summary.orgs - 1)} tập thể trực thuộc (cộng tổ chức gốc là {number(summary.orgs)}), "
        f"{summary.max_depth + 1} cấp",
    ]
    lines += [
        f"    {kind.label}: {number(summary.orgs_by_kind[kind])}"
        for kind in OrgKind
        if summary.orgs_by_kind[kind]
    ]
    lines.append(f"  Cá nhân: {number(summary.people)}")
    lines += [
        f"    {kind.label}: {number(summary.people_by_kind[kind])}"
        for kind in PersonKind
        if summary.people_by_kind[kind]
    ]
    for label, counts, required in (("Kế hoạch", summary.plans, summary.required_orgs),
                                    ("Bản cam kết", summary.commitments, summary.required_people)):  # fmt: skip
        states = ", ".join(f"{S(s).label.lower()} {number(n)}" for s, n in sorted(counts.items()) if n)
        lines.append(
            f"  {label}: {number(sum(counts.values()))} / {number(required)} phải nộp "
            f"(chưa bắt đầu {number(required - sum(counts.values()))}); {states}"
        )
    rows = ", ".join(f"{table} {number(n)}" for table, n in summary.rows.items())
    lines.append(f"  Số dòng đã ghi: {rows}")
    lines.append(
        f"  Tài khoản dùng thử: {len(summary.logins)} ({', '.join(summary.logins)}), mật khẩu: {DEMO_PASSWORD}"
    )
    lines.append(
        "  Thời gian: " + "; ".join(f"{label.lower()} {duration(took)}" for label, took in summary.steps)
    )
    return lines
