"""The demo district, modelled on Bạch Thông (Bắc Kạn) in 2016–2020: its org tree and who works where.

Data, plus the small functions that expand it into a tree of ``Unit``. The commune names are real; village
names are plausible Tày names, invented. Nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from lamtheobac.organisation.models import OrgKind, PersonKind

ROOT_NAME = "Đảng bộ huyện Bạch Thông"
ROOT_CODE = "HU-BT"
PREFIX = "BT"


@dataclass(frozen=True)
class Post:
    """A position: its title, the holder's kind, the chance the holder is a woman, the birth years."""

    title: str
    kind: str
    female: float
    born: tuple[int, int]


@dataclass(frozen=True)
class Roster:
    """Who works in a unit: one person per post, then drawn ``fill`` posts up to a size in ``size``."""

    posts: tuple[Post, ...]
    size: tuple[int, int]
    fill: tuple[tuple[Post, int], ...] = ()


@dataclass(frozen=True)
class Unit:
    """One org of the demo tree, with its roster and its children in display order."""

    name: str
    code: str
    kind: str
    roster: Roster | None = None
    children: tuple[Unit, ...] = ()


MEMBER, PROBATIONARY = PersonKind.MEMBER.value, PersonKind.PROBATIONARY.value
CIVIL, PUBLIC, OTHER = (
    PersonKind.CIVIL_SERVANT.value,
    PersonKind.PUBLIC_EMPLOYEE.value,
    PersonKind.OTHER.value,
)
WORKER, UNION_MEMBER = PersonKind.WORKER.value, PersonKind.UNION_MEMBER.value

# Birth years, 2016–2020: officials in work are 25–58, veterans are old, youth officers young.
WORKING = (1965, 1995)
SENIOR = (1963, 1982)
YOUNG = (1988, 2000)
VETERAN = (1950, 1965)
ANY_ADULT = (1950, 1996)

# staff on a labour contract are người lao động; a commune's guard is a plain quần chúng; the youth union's
# helpers are đoàn viên: the non-party people the dashboard counts apart
CONTRACT_STAFF = Post("Nhân viên hợp đồng", WORKER, 0.5, (1975, 2000))
GUARD = Post("Nhân viên bảo vệ", OTHER, 0.5, (1975, 2000))
YOUTH_HELPER = Post("Cộng tác viên Huyện đoàn", UNION_MEMBER, 0.5, (1975, 2000))


def _staff(
    head: str,
    deputy: str,
    staff: str,
    size: tuple[int, int],
    *,
    kind: str = CIVIL,
    female: float = 0.45,
    contract: int = 1,
) -> Roster:
    """An office: a head, a deputy, at least one staff member, more staff and a few contract workers."""
    staff_post = Post(staff, kind, female, (1975, 1996))
    fill: tuple[tuple[Post, int], ...] = ((staff_post, 10),)
    if contract:
        fill += ((CONTRACT_STAFF, contract),)
    return Roster(
        posts=(
            Post(head, kind, female * 0.6, SENIOR),
            Post(deputy, kind, female, (1966, 1986)),
            staff_post,
        ),
        size=size,
        fill=fill,
    )


def village_roster(settlement: str) -> Roster:
    """A village (thôn) or town quarter (tiểu khu) cell: cell and village leaders, then members."""
    return Roster(
        posts=(
            Post("Bí thư chi bộ", MEMBER, 0.2, (1955, 1985)),
            Post("Phó Bí thư chi bộ", MEMBER, 0.3, (1958, 1988)),
            Post(f"Trưởng {settlement}", MEMBER, 0.15, (1960, 1990)),
            Post(f"Chi hội trưởng Chi hội Phụ nữ {settlement}", MEMBER, 1.0, (1965, 1992)),
            Post(f"Chi hội trưởng Chi hội Nông dân {settlement}", MEMBER, 0.2, (1958, 1985)),
            Post(f"Bí thư Chi đoàn {settlement}", MEMBER, 0.4, (1990, 1998)),
            Post(f"Chi hội trưởng Chi hội Cựu chiến binh {settlement}", MEMBER, 0.0, VETERAN),
        ),
        # 17–29 people: with the offices, schools and forces the district has just over 3,000 people who
        # must write a commitment each year (the article's "trên 3.000").
        size=(17, 29),
        fill=(
            (Post("Đảng viên", MEMBER, 0.35, ANY_ADULT), 90),
            (Post("Đảng viên dự bị", PROBATIONARY, 0.45, YOUNG), 10),
        ),
    )


def school_roster(female: float, size: tuple[int, int]) -> Roster:
    """A school cell: the principal (who is also the cell secretary), deputies, teachers, staff."""
    return Roster(
        posts=(
            Post("Bí thư chi bộ, Hiệu trưởng", MEMBER, female * 0.8, SENIOR),
            Post("Phó Hiệu trưởng", PUBLIC, female, (1966, 1986)),
            Post("Nhân viên kế toán", PUBLIC, 0.8, (1975, 1995)),
        ),
        size=size,
        fill=(
            (Post("Giáo viên", PUBLIC, female, WORKING), 90),
            (Post("Nhân viên văn thư – thủ quỹ", PUBLIC, 0.8, (1975, 1996)), 3),
            (CONTRACT_STAFF, 5),
        ),
    )


def commune_office_roster(unit: str) -> Roster:
    """The commune's office cell: the Party committee, People's Council and People's Committee officers."""
    clerks = (
        "Công chức Văn phòng – Thống kê",
        "Công chức Tài chính – Kế toán",
        "Công chức Tư pháp – Hộ tịch",
        "Công chức Địa chính – Xây dựng – Nông nghiệp và Môi trường",
        "Công chức Văn hóa – Xã hội",
    )
    clerk_posts = tuple(Post(c, CIVIL, 0.5, (1975, 1995)) for c in clerks)
    return Roster(
        posts=(
            Post(f"Bí thư Đảng ủy {unit}", MEMBER, 0.15, SENIOR),
            Post(f"Phó Bí thư Thường trực Đảng ủy {unit}", MEMBER, 0.3, (1965, 1982)),
            Post(f"Chủ tịch Ủy ban nhân dân {unit}", CIVIL, 0.15, (1965, 1984)),
            Post(f"Phó Chủ tịch Hội đồng nhân dân {unit}", CIVIL, 0.35, (1965, 1985)),
            Post(f"Phó Chủ tịch Ủy ban nhân dân {unit}", CIVIL, 0.25, (1968, 1986)),
            *clerk_posts,
        ),
        size=(14, 20),
        fill=(
            *((p, 2) for p in clerk_posts),
            (Post("Người hoạt động không chuyên trách", MEMBER, 0.5, (1970, 1996)), 3),
            (GUARD, 1),
        ),
    )


def commune_police_roster(unit: str) -> Roster:
    return Roster(
        posts=(
            Post(f"Trưởng Công an {unit}", MEMBER, 0.05, (1975, 1990)),
            Post(f"Phó Trưởng Công an {unit}", MEMBER, 0.1, (1978, 1993)),
        ),
        size=(5, 8),
        fill=((Post("Công an viên", MEMBER, 0.1, (1980, 1998)), 1),),
    )


def commune_military_roster(unit: str) -> Roster:
    return Roster(
        posts=(
            Post(f"Chỉ huy trưởng Ban Chỉ huy Quân sự {unit}", CIVIL, 0.0, (1970, 1988)),
            Post(f"Chỉ huy phó Ban Chỉ huy Quân sự {unit}", MEMBER, 0.05, (1975, 1992)),
        ),
        size=(4, 7),
        fill=((Post("Thôn đội trưởng", MEMBER, 0.05, (1975, 1998)), 1),),
    )


def _pair(chair: str, deputy: str, female: float, born: tuple[int, int]) -> Roster:
    """A commune mass organisation: its full-time chair and a deputy."""
    return Roster(posts=(Post(chair, CIVIL, female, born), Post(deputy, MEMBER, female, born)), size=(2, 2))


def mass_organisations(unit: str, place: str, code: str) -> tuple[Unit, ...]:
    """The Fatherland Front and the four mass organisations of a commune or town."""
    where = f"{unit} {place}"
    specs = (
        ("MT", f"Ủy ban Mặt trận Tổ quốc {where}", "Chủ tịch Ủy ban Mặt trận Tổ quốc",
         "Phó Chủ tịch Ủy ban Mặt trận Tổ quốc", 0.3, (1960, 1982)),
        ("ND", f"Hội Nông dân {where}", "Chủ tịch Hội Nông dân", "Phó Chủ tịch Hội Nông dân", 0.2, (1960, 1985)),
        ("PN", f"Hội Liên hiệp Phụ nữ {where}", "Chủ tịch Hội Liên hiệp Phụ nữ",
         "Phó Chủ tịch Hội Liên hiệp Phụ nữ", 1.0, (1968, 1990)),
        ("DTN", f"Đoàn Thanh niên {where}", "Bí thư Đoàn Thanh niên", "Phó Bí thư Đoàn Thanh niên", 0.4,
         (1986, 1998)),
        ("CCB", f"Hội Cựu chiến binh {where}", "Chủ tịch Hội Cựu chiến binh", "Phó Chủ tịch Hội Cựu chiến binh",
         0.0, VETERAN),
    )  # fmt: skip
    return tuple(
        Unit(
            name=name,
            code=f"{code}-{suffix}",
            kind=OrgKind.MASS_ORGANISATION,
            roster=_pair(f"{chair} {unit}", f"{deputy} {unit}", female, born),
        )
        for suffix, name, chair, deputy, female, born in specs
    )


# Institution cells a commune may have, in the order they are listed after the village cells.
OFFICE, PRIMARY, NURSERY, LOWER_SECONDARY, POLICE, MILITARY = (
    "office", "primary", "nursery", "lower_secondary", "police", "military",
)  # fmt: skip


def institution_cell(institution: str, unit: str, place: str) -> tuple[str, Roster]:
    """Name and roster of an institution's cell in a commune or town."""
    where = f"{unit} {place}"
    if institution == OFFICE:
        return f"Chi bộ Cơ quan {where}", commune_office_roster(unit)
    if institution == PRIMARY:
        return f"Chi bộ Trường Tiểu học {place}", school_roster(0.75, (10, 16))
    if institution == NURSERY:
        return f"Chi bộ Trường Mầm non {place}", school_roster(0.97, (8, 12))
    if institution == LOWER_SECONDARY:
        return f"Chi bộ Trường Trung học cơ sở {place}", school_roster(0.65, (10, 16))
    if institution == POLICE:
        return f"Chi bộ Công an {where}", commune_police_roster(unit)
    if institution == MILITARY:
        return f"Chi bộ Quân sự {where}", commune_military_roster(unit)
    raise ValueError(institution)


@dataclass(frozen=True)
class Commune:
    """A commune or the town: its name, code suffix, villages (or town quarters) and institution cells."""

    unit: str  # "xã" or "thị trấn"
    place: str
    abbr: str
    villages: tuple[str, ...]
    institutions: tuple[str, ...]

    @property
    def settlement(self) -> str:
        return "tiểu khu" if self.unit == "thị trấn" else "thôn"


# The town first, then the 14 communes in Vietnamese alphabetical order. Codes are BT-<abbr>; Mỹ Thanh is
# MTH so that its code cannot be read as a Fatherland Front ("-MT").
COMMUNES: tuple[Commune, ...] = (
    Commune("thị trấn", "Phủ Thông", "PT",
            ("Pá Danh", "Phố Ngõa", "Nà Ỏi", "Đon Tuấn", "Tổng Nẻng", "Nà Mò", "Khuổi Đuổn", "Nà Hái"),
            (OFFICE, PRIMARY, NURSERY, LOWER_SECONDARY, POLICE, MILITARY)),
    Commune("xã", "Cao Sơn", "CS",
            ("Bản Đán", "Khuổi Khí", "Nà Nạc", "Khuổi Bẻ", "Bản Lanh"),
            (OFFICE, PRIMARY)),
    Commune("xã", "Cẩm Giàng", "CG",
            ("Nà Vìn", "Nà Lẹng", "Bản Cái", "Khuổi Dấm", "Phiêng Lầu", "Cốc Thử", "Nà Pục"),
            (OFFICE, PRIMARY, NURSERY)),
    Commune("xã", "Dương Phong", "DU",
            ("Nà Dài", "Bản Cáu", "Nà Phầy", "Khuổi Ha", "Pò Đon"),
            (OFFICE, PRIMARY)),
    Commune("xã", "Đôn Phong", "DP",
            ("Nà Thẳm", "Bản Chiêng", "Khuổi Hẻo", "Bản Khang", "Nà Vài", "Bản Tặc", "Phja Đeng"),
            (OFFICE, PRIMARY, NURSERY, MILITARY)),
    Commune("xã", "Hà Vị", "HV",
            ("Nà Cọ", "Nà Cà", "Khuổi Lặng", "Bản Piềng", "Pác Cáp", "Nà Lạn", "Bản Pjạc"),
            (OFFICE, PRIMARY, NURSERY, POLICE)),
    # Lục Bình: exactly 10 cells, as in the article ("10/10 chi bộ học tập chuyên đề").
    Commune("xã", "Lục Bình", "LB",
            ("Nà Pài", "Bản Cậu", "Khuổi Chắp", "Phja Khao", "Cốc Phia", "Nà Cù"),
            (OFFICE, PRIMARY, NURSERY, POLICE)),
    Commune("xã", "Mỹ Thanh", "MTH",
            ("Nà Mặn", "Bản Nhàm", "Khuổi Cuồng", "Nà Tùm", "Bản Nản"),
            (OFFICE, PRIMARY)),
    Commune("xã", "Nguyên Phúc", "NP",
            ("Nà Riềng", "Khuổi Mòn", "Bản Cuôn", "Nà Phục", "Bó Lịn", "Phiêng Pẻn"),
            (OFFICE, PRIMARY)),
    Commune("xã", "Quang Thuận", "QT",
            ("Nà Lồm", "Bản Phạc", "Khuổi Luông", "Nà Tàn", "Pò Cại", "Bản Muồng", "Cốc Lùng"),
            (OFFICE, PRIMARY, NURSERY, LOWER_SECONDARY)),
    Commune("xã", "Quân Bình", "QB",
            ("Nà Lẻ", "Khuổi Hát", "Bản Liềng", "Pác Nặm", "Nà Hin", "Bản Vẻn"),
            (OFFICE, PRIMARY, NURSERY)),
    Commune("xã", "Sĩ Bình", "SB",
            ("Nà Nghịu", "Bản Lắc", "Khuổi Vẹn", "Pác Thay", "Nà Chuông", "Phiêng Khảm"),
            (OFFICE, PRIMARY, NURSERY, MILITARY)),
    Commune("xã", "Tân Tú", "TT",
            ("Nà Khu", "Bản Mới", "Khuổi Pất", "Nà Pèn", "Bản Tàn", "Pác Tò"),
            (OFFICE, PRIMARY, NURSERY)),
    Commune("xã", "Vi Hương", "VH",
            ("Nà Hu", "Bản Giẳng", "Khuổi Thúm", "Nà Phặc", "Bản Vảng"),
            (OFFICE, PRIMARY)),
    Commune("xã", "Vũ Muộn", "VM",
            ("Khuổi Lịa", "Nà Mơn", "Bản Váng", "Pác Đa", "Nà Tằng", "Bản Hin"),
            (OFFICE, PRIMARY, NURSERY, POLICE)),
)  # fmt: skip


def commune_unit(commune: Commune) -> Unit:
    """A commune (or the town) with its cells, then its Fatherland Front and mass organisations."""
    code = f"{PREFIX}-{commune.abbr}"
    cells: list[tuple[str, Roster]] = [
        (f"Chi bộ {commune.settlement} {village}", village_roster(commune.settlement))
        for village in commune.villages
    ]
    cells += [institution_cell(i, commune.unit, commune.place) for i in commune.institutions]
    return Unit(
        name=f"Đảng bộ {commune.unit} {commune.place}",
        code=code,
        kind=OrgKind.GRASSROOTS_COMMITTEE,
        children=_cells(code, cells) + mass_organisations(commune.unit, commune.place, code),
    )


def _cells(parent_code: str, cells: Sequence[tuple[str, Roster]]) -> tuple[Unit, ...]:
    """Cells numbered in order under their parent: ``BT-LB-CB01``, ``BT-LB-CB02``…"""
    return tuple(
        Unit(name=name, code=f"{parent_code}-CB{n:02d}", kind=OrgKind.CELL, roster=roster)
        for n, (name, roster) in enumerate(cells, start=1)
    )


def _government_office(office: str, size: tuple[int, int] = (7, 11)) -> tuple[str, Roster]:
    """A district government department (phòng) cell: its head, deputy and specialists."""
    return (
        f"Chi bộ Phòng {office}",
        _staff(f"Trưởng phòng {office}", f"Phó Trưởng phòng {office}", f"Chuyên viên Phòng {office}", size),
    )


def district_units() -> tuple[Unit, ...]:
    """The district-level party bodies, agencies and cells directly under the district committee."""
    p = PREFIX
    military = (
        ("Chi bộ Chỉ huy – Tham mưu", Roster(
            posts=(Post("Chỉ huy trưởng Ban Chỉ huy Quân sự huyện", MEMBER, 0.0, SENIOR),
                   Post("Phó Chỉ huy trưởng, Tham mưu trưởng", MEMBER, 0.0, (1968, 1985))),
            size=(10, 14),
            fill=((Post("Trợ lý Tham mưu", MEMBER, 0.1, (1975, 1996)), 6),
                  (Post("Quân nhân chuyên nghiệp", MEMBER, 0.1, (1975, 1996)), 4)),
        )),
        ("Chi bộ Chính trị", Roster(
            posts=(Post("Chính trị viên Ban Chỉ huy Quân sự huyện", MEMBER, 0.0, SENIOR),
                   Post("Phó Chính trị viên", MEMBER, 0.05, (1968, 1985))),
            size=(7, 10),
            fill=((Post("Trợ lý Chính trị", MEMBER, 0.15, (1975, 1996)), 1),),
        )),
        ("Chi bộ Hậu cần – Kỹ thuật", Roster(
            posts=(Post("Chủ nhiệm Hậu cần – Kỹ thuật", MEMBER, 0.05, (1968, 1985)),),
            size=(8, 12),
            fill=((Post("Trợ lý Hậu cần", MEMBER, 0.2, (1975, 1996)), 5),
                  (Post("Nhân viên kỹ thuật", MEMBER, 0.1, (1978, 1998)), 5)),
        )),
    )  # fmt: skip
    government = (
        ("Chi bộ Văn phòng HĐND và UBND huyện", _staff(
            "Chánh Văn phòng HĐND và UBND huyện", "Phó Chánh Văn phòng HĐND và UBND huyện",
            "Chuyên viên Văn phòng HĐND và UBND huyện", (11, 15), contract=3)),
        _government_office("Tài chính – Kế hoạch"),
        _government_office("Nông nghiệp và Phát triển nông thôn"),
        _government_office("Giáo dục và Đào tạo"),
        _government_office("Nội vụ"),
        _government_office("Tài nguyên và Môi trường"),
        _government_office("Văn hóa và Thông tin", (6, 9)),
    )  # fmt: skip
    health = Roster(
        posts=(Post("Giám đốc Trung tâm Y tế huyện", PUBLIC, 0.3, SENIOR),
               Post("Phó Giám đốc Trung tâm Y tế huyện", PUBLIC, 0.4, (1966, 1984))),
        size=(34, 42),
        fill=((Post("Bác sĩ", PUBLIC, 0.45, (1970, 1994)), 30),
              (Post("Y sĩ", PUBLIC, 0.55, WORKING), 15),
              (Post("Điều dưỡng", PUBLIC, 0.8, (1975, 1997)), 35),
              (Post("Nữ hộ sinh", PUBLIC, 1.0, (1975, 1997)), 8),
              (Post("Dược sĩ", PUBLIC, 0.6, (1975, 1995)), 6),
              (CONTRACT_STAFF, 6)),
    )  # fmt: skip
    mass = Roster(
        posts=(Post("Chủ tịch Ủy ban Mặt trận Tổ quốc huyện", CIVIL, 0.3, SENIOR),
               Post("Chủ tịch Hội Nông dân huyện", CIVIL, 0.2, SENIOR),
               Post("Chủ tịch Hội Liên hiệp Phụ nữ huyện", CIVIL, 1.0, SENIOR),
               Post("Bí thư Huyện đoàn", CIVIL, 0.4, (1982, 1992)),
               Post("Chủ tịch Hội Cựu chiến binh huyện", CIVIL, 0.0, VETERAN)),
        size=(13, 17),
        fill=((Post("Chuyên viên Ủy ban Mặt trận Tổ quốc huyện", CIVIL, 0.5, (1975, 1995)), 3),
              (Post("Cán bộ Hội Nông dân huyện", CIVIL, 0.3, (1975, 1995)), 2),
              (Post("Cán bộ Hội Liên hiệp Phụ nữ huyện", CIVIL, 1.0, (1975, 1995)), 2),
              (Post("Cán bộ Huyện đoàn", CIVIL, 0.5, (1988, 1998)), 2),
              (YOUTH_HELPER, 1)),
    )  # fmt: skip
    return (
        Unit("Văn phòng Huyện ủy", f"{p}-VPHU", OrgKind.AGENCY, _staff(
            "Chánh Văn phòng Huyện ủy", "Phó Chánh Văn phòng Huyện ủy", "Chuyên viên Văn phòng Huyện ủy",
            (8, 10), contract=3)),
        Unit("Ban Tổ chức Huyện ủy", f"{p}-BTC", OrgKind.AGENCY, _staff(
            "Trưởng Ban Tổ chức Huyện ủy", "Phó Trưởng Ban Tổ chức Huyện ủy",
            "Chuyên viên Ban Tổ chức Huyện ủy", (5, 7), contract=0)),
        Unit("Ủy ban Kiểm tra Huyện ủy", f"{p}-UBKT", OrgKind.AGENCY, _staff(
            "Chủ nhiệm Ủy ban Kiểm tra Huyện ủy", "Phó Chủ nhiệm Ủy ban Kiểm tra Huyện ủy",
            "Cán bộ Ủy ban Kiểm tra Huyện ủy", (5, 7), contract=0)),
        Unit("Ban Tuyên giáo Huyện ủy", f"{p}-BTG", OrgKind.AGENCY, _staff(
            "Trưởng Ban Tuyên giáo Huyện ủy", "Phó Trưởng Ban Tuyên giáo Huyện ủy",
            "Chuyên viên Ban Tuyên giáo Huyện ủy", (5, 7), contract=0)),
        Unit("Ban Dân vận Huyện ủy", f"{p}-BDV", OrgKind.AGENCY, _staff(
            "Trưởng Ban Dân vận Huyện ủy", "Phó Trưởng Ban Dân vận Huyện ủy",
            "Chuyên viên Ban Dân vận Huyện ủy", (4, 6), contract=0)),
        Unit("Đảng bộ Cơ quan Chính quyền huyện", f"{p}-CQCQ", OrgKind.GRASSROOTS_COMMITTEE,
             children=_cells(f"{p}-CQCQ", government)),
        Unit("Đảng bộ Quân sự huyện", f"{p}-QS", OrgKind.GRASSROOTS_COMMITTEE,
             children=_cells(f"{p}-QS", military)),
        Unit("Chi bộ Công an huyện", f"{p}-CAH", OrgKind.CELL, Roster(
            posts=(Post("Trưởng Công an huyện", MEMBER, 0.0, SENIOR),
                   Post("Phó Trưởng Công an huyện", MEMBER, 0.1, (1968, 1985))),
            size=(28, 36),
            fill=((Post("Cán bộ Công an huyện", MEMBER, 0.15, (1975, 1998)), 1),),
        )),
        Unit("Chi bộ Trung tâm Y tế huyện", f"{p}-TTYT", OrgKind.CELL, health),
        Unit("Chi bộ Trường THPT Phủ Thông", f"{p}-THPT", OrgKind.CELL, school_roster(0.65, (26, 34))),
        Unit("Chi bộ Cơ quan Mặt trận Tổ quốc và các đoàn thể huyện", f"{p}-MTDT", OrgKind.CELL, mass),
        Unit("Chi bộ Hạt Kiểm lâm", f"{p}-KL", OrgKind.CELL, _staff(
            "Hạt trưởng Hạt Kiểm lâm", "Phó Hạt trưởng Hạt Kiểm lâm", "Kiểm lâm viên", (10, 14),
            female=0.15, contract=0)),
    )  # fmt: skip


def district() -> Unit:
    """The whole demo tree: the district committee, its district-level units, then the town and communes."""
    return Unit(
        name=ROOT_NAME,
        code=ROOT_CODE,
        kind=OrgKind.DISTRICT_COMMITTEE,
        children=district_units() + tuple(commune_unit(c) for c in COMMUNES),
    )


def walk(unit: Unit, parent: Unit | None = None) -> Iterator[tuple[Unit, Unit | None]]:
    """Every (unit, parent) pair of the tree, parents before children, in display order."""
    yield unit, parent
    for child in unit.children:
        yield from walk(child, unit)
