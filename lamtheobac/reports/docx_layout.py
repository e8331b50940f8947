"""The Word report's page and its first-page header: the page's geometry, and how the issuer's lines and the
title's are fitted side by side (``header_columns``) with a long organisation's name set on more lines, broken
only between its parts (``name_breaks``). Widths come from Times New Roman's metrics (``lib.fontmetrics``), so
Word and LibreOffice never wrap a line of their own. ``docx`` lays the document out with these.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from docx.shared import Cm, Pt

from lamtheobac.lib.fontmetrics import text_width

PAGE_WIDTH = Cm(21)
PAGE_HEIGHT = Cm(29.7)
MARGIN_TOP = Cm(2)
MARGIN_BOTTOM = Cm(2)
MARGIN_LEFT = Cm(3)
MARGIN_RIGHT = Cm(1.5)
TEXT_WIDTH = Cm(21 - 3 - 1.5)

# Widths of the two borderless blocks (issuer | title and date; recipients | signature). The header's
# columns give a long issuer's name the room it needs (``header_columns``).
LEFT_BLOCK = Cm(7.0)
PARTY_TITLE_SIZE = Pt(15)
CELL_PADDING_PT = 2 * 5.4  # Word's and LibreOffice's default left and right cell margins, 0.19 cm each
WIDTH_SAFETY = 1.03  # kerning and the renderer's rounding: a line measured to fit must fit
MIN_HEADER_SCALE = 11 / 14  # the issuer's lines shrink to 11 pt before the title and date shrink too
BREAK_SCALE = 13 / 14  # a name that would shrink below 13 pt is set on more lines instead


@dataclass(frozen=True)
class HeaderLine:
    text: str  # a name set on two to four lines holds a "\n" where it breaks
    size: float  # points
    bold: bool = False
    italic: bool = False
    underline: bool = False
    name: bool = False  # an organisation's name: may be set on more lines, broken only between its parts

    def width(self) -> float:
        return max(
            text_width(part, self.size, bold=self.bold, italic=self.italic) * WIDTH_SAFETY
            for part in self.text.split("\n")
        )

    def at(self, size: float) -> HeaderLine:
        return HeaderLine(self.text, size, self.bold, self.italic, self.underline, self.name)

    def broken(self, text: str) -> HeaderLine:
        return HeaderLine(text, self.size, self.bold, self.italic, self.underline, self.name)


# --- where a name may break -----------------------------------------------------------------------------

# The words a Party organisation's name opens with ("ĐẢNG ỦY", "CHI BỘ"), and the words that open the place
# it closes with ("TỈNH THÁI NGUYÊN", "XÃ PHỦ THÔNG", "THÔN NÀ PÀI"): a line may break after the first and
# before the second, or between the words of what lies between ("CÁC CƠ QUAN ĐẢNG"), never inside either.
NAME_OPENINGS = (
    "ĐẢNG ỦY BỘ PHẬN",
    "ĐẢNG BỘ BỘ PHẬN",
    "ĐẢNG ỦY",
    "ĐẢNG BỘ",
    "CHI BỘ",
    "TỈNH ỦY",
    "THÀNH ỦY",
    "THỊ ỦY",
    "HUYỆN ỦY",
    "QUẬN ỦY",
)
PLACE_WORDS = (
    "THÀNH PHỐ",
    "THỊ TRẤN",
    "THỊ XÃ",
    "ĐẶC KHU",
    "KHU VỰC",
    "TỔ DÂN PHỐ",
    "TIỂU KHU",
    "PHƯỜNG",
    "HUYỆN",
    "QUẬN",
    "TỈNH",
    "XÃ",
    "THÔN",
    "BẢN",
    "XÓM",
)
MAX_NAME_LINES = 4
# Vietnamese writes each syllable apart ("CƠ QUAN", "NHÂN DÂN", "PHỦ THÔNG"), so a space is no place to break
# a name: inside its middle a line breaks only where a part of the name begins, before a word that heads one
# ("BAN", "SỞ", "TRƯỜNG", "CÁC"), before "VÀ" or after a comma; never after a word that leads into the next.
PART_HEADS = (
    "BAN CHỈ HUY",
    "BỘ CHỈ HUY",
    "TỔNG CÔNG TY",
    "HỢP TÁC XÃ",
    "BỆNH VIỆN",
    "CÔNG TY",
    "CÔNG AN",
    "CƠ QUAN",
    "CHI CỤC",
    "KHO BẠC",
    "MẶT TRẬN",
    "NGÂN HÀNG",
    "NHÀ MÁY",
    "QUÂN SỰ",
    "TRUNG TÂM",
    "ỦY BAN",
    "VĂN PHÒNG",
    "XÍ NGHIỆP",
    "BAN",
    "CÁC",
    "CỤC",
    "ĐÀI",
    "ĐỒN",
    "HẠT",
    "HỘI",
    "KHU",
    "PHÒNG",
    "SỞ",
    "TRƯỜNG",
    "VIỆN",
)
# Kinds of unit followed by the name of their place without its level ("TRƯỜNG TIỂU HỌC QUANG THUẬN"): the
# place begins after them.
PLACE_AFTER = (
    "MẦM NON",
    "TIỂU HỌC",
    "TRUNG HỌC CƠ SỞ",
    "TRUNG HỌC PHỔ THÔNG",
    "THCS",
    "THPT",
    "TRẠM Y TẾ",
)
# Words of two syllables whose second is a head or a place word above: never broken, never a place.
COMPOUNDS = (
    "CƠ SỞ",
    "XÃ HỘI",
    "ĐẠI HỘI",
    "MÔI TRƯỜNG",
    "THỊ TRƯỜNG",
    "HỌC VIỆN",
    "THƯ VIỆN",
    "QUỐC PHÒNG",
    "BIÊN PHÒNG",
    "DỰ PHÒNG",
    "PHÒNG THỦ",
    "PHÒNG CHÁY",
    "CHỈ HUY",
)
LEADING_WORDS = frozenset({"CÁC", "VÀ", "CỦA", "VỀ", "VỚI"})
STRONG, SOFT, PLAIN = 0, 1, 3
EXTRA_LINE = 2


def _starts_with(words: list[str], index: int, phrases: tuple[str, ...]) -> bool:
    return any(words[index : index + len(p.split())] == p.split() for p in phrases)


def name_breaks(name: str) -> dict[int, int]:
    """The word indices before which a line may break in ``name`` (in capitals), each with its cost: after
    the opening words or before the place (0), before "VÀ" or after a comma (1), before a word that heads a
    part of the name (3); nowhere else: never inside the opening, the place or a word of two syllables."""
    words = name.split()
    upper = [w.upper() for w in words]
    opening = next((len(o.split()) for o in NAME_OPENINGS if _starts_with(upper, 0, (o,))), 0)
    # inside a head of several words ("ỦY BAN", "HỢP TÁC XÃ") neither a break nor a place begins
    joined = [p for p in (*PART_HEADS, *COMPOUNDS) if " " in p]
    spans = [
        (index, len(p.split()))
        for index in range(len(words))
        for p in joined
        if _starts_with(upper, index, (p,))
    ]
    inside = {index + k for index, n in spans for k in range(1, n)}
    compound_starts = {index for index, _n in spans if upper[index] in {w.split()[0] for w in PLACE_WORDS}}
    place = len(words)
    for index in range(len(words) - 1, opening, -1):  # the last place: a place word followed by a name,
        after = any(upper[index - len(p.split()) : index] == p.split() for p in PLACE_AFTER)
        word = index < len(words) - 1 and _starts_with(upper, index, PLACE_WORDS)
        if index not in inside and index not in compound_starts and (word or after):
            place = index  # or the name after a kind of unit that takes one
            break
    breaks: dict[int, int] = {}
    for index in range(max(opening, 1), min(place, len(words) - 1) + 1):
        if upper[index - 1] in LEADING_WORDS or index in inside:
            continue
        if index in (opening, place):
            breaks[index] = STRONG
        elif upper[index] == "VÀ" or words[index - 1].endswith(","):
            breaks[index] = SOFT
        elif _starts_with(upper, index, PART_HEADS):
            breaks[index] = PLAIN
    return breaks


def _break_name(line: HeaderLine, room: float) -> HeaderLine:
    """``line`` set on two to four lines that hold within ``room`` points at 11 pt or more, each break
    where ``name_breaks`` allows: the best places and the fewest lines first, then the largest size; as
    narrow as it can be when nothing holds."""
    words = line.text.split()
    allowed = name_breaks(line.text)
    options: list[tuple[int, int, float, HeaderLine]] = []
    for lines in range(2, MAX_NAME_LINES + 1):
        for cuts in itertools.combinations(sorted(allowed), lines - 1):
            bounds = [0, *cuts, len(words)]
            broken = line.broken("\n".join(" ".join(words[a:b]) for a, b in itertools.pairwise(bounds)))
            options.append((lines, sum(allowed[c] for c in cuts), broken.width(), broken))
    # what holds at 11 pt or more; the best breaks first (a third line costs as much as a plain break less
    # one), then the largest size
    fitting = [o for o in options if o[2] * MIN_HEADER_SCALE <= room]
    if fitting:
        return min(fitting, key=lambda o: (o[1] + EXTRA_LINE * (o[0] - 2), o[2]))[3]
    return min(options, key=lambda o: o[2])[3] if options else line


def break_names(left: list[HeaderLine], room: float) -> list[HeaderLine]:
    """The issuer's lines, each name too wide for ``room`` (points, padding included) at 13 pt set on more
    lines instead of shrinking further."""
    text_room = room - CELL_PADDING_PT
    return [
        _break_name(line, text_room)
        if line.name and line.at(line.size * BREAK_SCALE).width() > text_room
        else line
        for line in left
    ]


def width_needed(lines: list[HeaderLine]) -> float:
    """The column width (points) that holds every line of ``lines`` on one line, cell padding included."""
    return max(line.width() for line in lines) + CELL_PADDING_PT


def fit_lines(lines: list[HeaderLine], column: float) -> list[HeaderLine]:
    """Each line at its size if it fits ``column``, else at the largest half point that does."""
    room = column - CELL_PADDING_PT
    out = []
    for line in lines:
        width = line.width()
        size = line.size if width <= room else math.floor(2 * line.size * room / width) / 2
        out.append(line.at(size))
    return out


def header_columns(left: list[HeaderLine], right: list[HeaderLine]) -> tuple[float, float, float]:
    """(left width, right width, scale) in points: the issuer's column widens to hold its longest name on one
    line as long as the title and the date keep theirs; past that the issuer's lines shrink (scale < 1),
    down to ``MIN_HEADER_SCALE``; past that both columns shrink alike. A line is never broken here: a name
    too long for this is broken between its parts first (``header_layout``)."""
    total = TEXT_WIDTH.pt
    need_left, need_right = width_needed(left), width_needed(right)
    if need_left + need_right <= total:
        width = min(max(LEFT_BLOCK.pt, need_left), total - need_right)
        return width, total - width, 1.0
    width = total - need_right
    scale = (width - CELL_PADDING_PT) / (need_left - CELL_PADDING_PT)
    if scale >= MIN_HEADER_SCALE:
        return width, need_right, scale
    scale = (total - 2 * CELL_PADDING_PT) / (need_left + need_right - 2 * CELL_PADDING_PT)
    width = CELL_PADDING_PT + scale * (need_left - CELL_PADDING_PT)
    return width, total - width, scale
