"""The words the Party uses for an org: the organisation, its committee, the bodies that serve it, its term.

"Đảng bộ xã Lục Bình" is the organisation (all its members); "Đảng ủy xã Lục Bình" is its committee, the
body that decides, signs, inspects and reports. Names are read out of the org's name and kind, so an org
renamed by a reorganisation speaks of itself by its new name at once. A chi bộ has no separate issuing body:
its documents go out in the chi bộ's own name, signed "T/M CHI BỘ" by its bí thư, whether or not it elects a
chi ủy (Hướng dẫn 36-HD/VPTW, 03/4/2018, on the form of Party documents), so its committee is itself.

Since 1/7/2025 the commune's đảng ủy is a đảng ủy cấp trên cơ sở directly under the Tỉnh ủy, served by a
Văn phòng, a Ban Xây dựng Đảng and the Ủy ban Kiểm tra's office; a đặc khu's by a Ban Tuyên giáo và Dân vận
(Quy định 298-QĐ/TW, 09/6/2025, Điều 4). The provinces merged their Ban Tuyên giáo and Ban Dân vận into a Ban
Tuyên giáo và Dân vận in the first months of 2025 (Kết luận 121-KL/TW, 24/01/2025).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from lamtheobac.lib import text

from .kinds import CELL_KINDS
from .models import Org, OrgKind


@dataclass(frozen=True)
class Level:
    """An administrative level as it appears in org names: "huyện" → Huyện ủy, "toàn huyện"."""

    word: str  # "huyện"
    committee: str  # "Huyện ủy"; "" when the committee is "Đảng ủy <word> <place>"


# A level matches when the name goes on with its whole word and a space, so "thị trấn" and "thị xã" (or
# "xã" and a place called "Xã…") cannot be mistaken for one another.
LEVELS = (
    Level("thành phố", "Thành ủy"),
    Level("thị trấn", ""),
    Level("thị xã", "Thị ủy"),
    Level("đặc khu", ""),
    Level("phường", ""),
    Level("huyện", "Huyện ủy"),
    Level("quận", "Quận ủy"),
    Level("tỉnh", "Tỉnh ủy"),
    Level("xã", ""),
)
COMMITTEE_WORDS = {lv.committee: lv for lv in LEVELS if lv.committee}

ORGANISATION = "Đảng bộ"
COMMITTEE = "Đảng ủy"
CELL = "Chi bộ"


@dataclass(frozen=True)
class Words:
    """How the Party names one org: "Đảng bộ xã Lục Bình" / "Đảng ủy xã Lục Bình" / "Đảng ủy" / "toàn xã"."""

    organisation: str  # "Đảng bộ xã Lục Bình", "Chi bộ thôn Nà Pài"
    committee: str  # "Đảng ủy xã Lục Bình", "Tỉnh ủy Thái Nguyên", "Chi bộ thôn Nà Pài"
    short: str  # "Đảng ủy", "Huyện ủy", "Chi bộ"
    area: str  # "toàn xã", "toàn Đảng bộ", "toàn chi bộ"
    locality: str  # "Lục Bình"; "" when the name has no place
    level: str = ""  # "xã", "tỉnh"; "" when the name has no level

    @property
    def organisation_upper(self) -> str:
        """ "ĐẢNG BỘ XÃ LỤC BÌNH": Python upper-cases Vietnamese correctly (ư → Ư, đ → Đ)."""
        return self.organisation.upper()

    @property
    def committee_upper(self) -> str:
        """ "ĐẢNG ỦY XÃ LỤC BÌNH", the issuer's line of a document's header."""
        return self.committee.upper()


def _starts(name: str, word: str) -> bool:
    return name.lower().startswith(word.lower() + " ")


def _rest(name: str, word: str) -> str:
    return name[len(word) + 1 :]


def _with_level(rest: str) -> tuple[Level, str] | None:
    """ "xã Lục Bình" → (the level xã, "Lục Bình")."""
    for level in LEVELS:
        if _starts(rest, level.word):
            return level, _rest(rest, level.word)
    return None


def _party_words(rest: str) -> Words:
    """Words of "Đảng bộ <rest>" (or "Đảng ủy <rest>")."""
    found = _with_level(rest)
    if found is None:  # "Đảng bộ các cơ quan Đảng tỉnh", "Đảng bộ Quân sự huyện", "Đảng bộ bộ phận …"
        return Words(f"{ORGANISATION} {rest}", f"{COMMITTEE} {rest}", COMMITTEE, f"toàn {ORGANISATION}", "")
    level, locality = found
    organisation = f"{ORGANISATION} {level.word} {locality}"
    if level.committee:
        return Words(
            organisation,
            f"{level.committee} {locality}",
            level.committee,
            f"toàn {level.word}",
            locality,
            level.word,
        )
    return Words(
        organisation,
        f"{COMMITTEE} {level.word} {locality}",
        COMMITTEE,
        f"toàn {level.word}",
        locality,
        level.word,
    )


def words_for(name: str, kind: str) -> Words:
    """Read the organisation, its committee and its locality out of an org's name and kind ("Đảng bộ xã Lục
    Bình" → "Đảng ủy xã Lục Bình", "toàn xã", "Lục Bình"; "Tỉnh ủy Thái Nguyên" → "Đảng bộ tỉnh Thái
    Nguyên"); a name the rules do not know is its own organisation and committee."""
    name = text.clean(name)
    for committee, level in COMMITTEE_WORDS.items():  # "Tỉnh ủy Thử nghiệm"
        if _starts(name, committee):
            locality = _rest(name, committee)
            return Words(
                f"{ORGANISATION} {level.word} {locality}",
                name,
                committee,
                f"toàn {level.word}",
                locality,
                level.word,
            )
    for word in (ORGANISATION, COMMITTEE):
        if _starts(name, word):
            return _party_words(_rest(name, word))
    if kind in CELL_KINDS or _starts(name, CELL):
        return Words(name, name, CELL, "toàn chi bộ", "")
    return Words(name, name, name, f"toàn {name}", "")


def org_words(org: Org) -> Words:
    return words_for(org.name, org.kind)


# --- Who the org is on a date ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OrgOn:
    """An org as it stood on a date: its name, kind and (when it had one) its superior as it stood then."""

    name: str
    kind: str
    parent: OrgOn | None

    @property
    def words(self) -> Words:
        return words_for(self.name, self.kind)


@dataclass(frozen=True)
class Header:
    """The issuer's block of a Party document: the superior's organisation, then the issuing committee."""

    superior: str  # "ĐẢNG BỘ TỈNH THÁI NGUYÊN"; "" for a root
    issuer: str  # "ĐẢNG ỦY XÃ PHỦ THÔNG"


# --- The bodies that run the campaign -------------------------------------------------------------------

# Each province merged its two boards on its own date in 02–03/2025 after Kết luận 121-KL/TW (24/01/2025);
# one date for all keeps a document of 2025 from naming a board that no longer exists for most of the year.
PROVINCE_BOARDS_MERGED = datetime.date(2025, 3, 1)
# The đảng ủy cấp trên cơ sở of communes and wards, with their Ban Xây dựng Đảng (Quy định 298-QĐ/TW).
TWO_LEVEL_SINCE = datetime.date(2025, 7, 1)

PROPAGANDA_BOARD = "Ban Tuyên giáo"
PROPAGANDA_AND_MOBILISATION_BOARD = "Ban Tuyên giáo và Dân vận"
PARTY_BUILDING_BOARD = "Ban Xây dựng Đảng"


def board_name(kind: str, *, on: datetime.date) -> str:
    """The board that follows the campaign for a committee of ``kind`` on ``on``, without the committee's
    name ("Ban Tuyên giáo và Dân vận"); "" for a committee served by its office alone."""
    if kind in (OrgKind.PROVINCE_COMMITTEE, OrgKind.DISTRICT_COMMITTEE):
        return PROPAGANDA_AND_MOBILISATION_BOARD if on >= PROVINCE_BOARDS_MERGED else PROPAGANDA_BOARD
    if kind == OrgKind.COMMUNE_COMMITTEE and on >= TWO_LEVEL_SINCE:
        return PARTY_BUILDING_BOARD
    return ""


def board_for(org: Org | OrgOn, *, on: datetime.date) -> str:
    """ "Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên", "Ban Xây dựng Đảng Đảng ủy xã Phủ Thông"; a đặc
    khu's đảng ủy has a Ban Tuyên giáo và Dân vận instead (Quy định 298-QĐ/TW, Điều 4); "" when none."""
    words = words_for(org.name, org.kind)
    board = board_name(org.kind, on=on)
    if board == PARTY_BUILDING_BOARD and words.level == "đặc khu":
        board = PROPAGANDA_AND_MOBILISATION_BOARD
    return f"{board} {words.committee}" if board else ""


# --- Terms ----------------------------------------------------------------------------------------------

# Congress terms (nhiệm kỳ) of the Party's committees: the congresses of 2025 opened the 2025–2030 term at
# every level, the new communes' first congresses included.
TERMS: tuple[tuple[int, int], ...] = ((2010, 2015), (2015, 2020), (2020, 2025), (2025, 2030))


def term_of(year: int) -> tuple[int, int] | None:
    """The term of the committee that closes ``year`` (the congresses are held within the first year of a
    term, so the year a term opens belongs to it): 2020 → (2020, 2025), 2025 → (2025, 2030)."""
    for first, last in TERMS:
        if first <= year < last:
            return first, last
    return None


def term_text(year: int) -> str:
    """ "nhiệm kỳ 2025 – 2030"; "" for a year outside the known terms."""
    term = term_of(year)
    return f"nhiệm kỳ {term[0]} – {term[1]}" if term else ""
