"""The synthetic trees before they have ids: the scales, the place names, the nodes of a province, a district
and a commune (the district demo's units, renamed), and how many of each a size needs."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from lamtheobac.organisation.models import OrgKind, PersonKind

from ..data import bach_thong as bt
from ..data import deeds as deed_data
from ..data.bach_thong import Post, Roster

G_VILLAGE, G_TOWN, G_OFFICE, G_SCHOOL = (
    deed_data.G_VILLAGE,
    deed_data.G_TOWN,
    deed_data.G_OFFICE,
    deed_data.G_SCHOOL,
)
G_HEALTH, G_POLICE, G_MILITARY, G_FOREST, G_MASS = (
    deed_data.G_HEALTH,
    deed_data.G_POLICE,
    deed_data.G_MILITARY,
    deed_data.G_FOREST,
    deed_data.G_MASS,
)


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


def unique_names(rng: random.Random, k: int, first: Sequence[str], second: Sequence[str],
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
                  (Post("Dược sĩ", PersonKind.PUBLIC_EMPLOYEE, 0.6, (1975, 1996)), 6), (bt.CONTRACT_STAFF, 6),
                  (Post("Tình nguyện viên Đoàn thanh niên", PersonKind.UNION_MEMBER, 0.5, (1995, 2006)), 2)),
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


# --- The tree for a plan ------------------------------------------------------------------------------------


def _settlements(rng: random.Random, k: int, upland: bool, taken: Iterable[str] = ()) -> list[str]:
    """Village or quarter names: Tày, Nùng names in the northern mountains, Sino-Vietnamese ones elsewhere."""
    if upland:
        return unique_names(rng, k, TAY_FIRST, TAY_SECOND, taken)
    return unique_names(rng, k, PLACE_FIRST, PLACE_SECOND, taken)


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
    generated = unique_names(rng, communes - len(real), PLACE_FIRST, PLACE_SECOND, {c.place for c in real})
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


def province_node(index: int, plan: Plan, shape: Shape, seed: int) -> Node:
    name, city = PROVINCES[index]
    code = f"T{index + 1:02d}"
    home = name == HOME_PROVINCE
    rng = random.Random(f"{seed}:tree:{code}")
    real = list(HOME_DISTRICTS[: plan.districts]) if home else []
    places = real + unique_names(rng, plan.districts - len(real), PLACE_FIRST, PLACE_SECOND, real)
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


def provinces_of(plan: Plan) -> list[int]:
    """The provinces of a national tree: all 63, or (shrunk) the home province and the first others."""
    home = next(i for i, (name, _city) in enumerate(PROVINCES) if name == HOME_PROVINCE)
    others = [i for i in range(len(PROVINCES)) if i != home][: plan.provinces - 1]
    return sorted([home, *others])


NATIONAL_ROOT = ("Ban Chấp hành Trung ương Đảng", "TW")
MIN_PEOPLE = 1000
