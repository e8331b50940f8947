"""How a Party report names its own organisation, and the small words every paragraph of the draft uses.

A report's header, title and file name are all read out of the org's name ("Đảng bộ huyện Bạch Thông" →
"HUYỆN ỦY BẠCH THÔNG", "-BC/HU", "toàn huyện"), so the rules live in one place that the services filling a
new report's header and the draft itself share. The small words ("a, b và c", "từ 236 đến 253", "tăng từ …
lên …") keep the figures in the text formatted the same way in every section and in the tables.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from lamtheobac.lib import text
from lamtheobac.lib.formatting import number, percent
from lamtheobac.organisation.kinds import CELL_KINDS, COMMITTEE_KINDS, STANDING_KINDS, UPPER_GRASSROOTS_KINDS
from lamtheobac.organisation.models import Org, OrgKind
from lamtheobac.organisation.words import Words, words_for

from ..models import Report, ReportKind

CONCLUSION_YEAR = 2021  # Kết luận 01-KL/TW continues the directive from this year on
KIND_WORDS = {ReportKind.INTERIM: "sơ kết", ReportKind.FINAL: "tổng kết"}


# --- Names: how a Party report names its own organisation ---------------------------------------------

# The words themselves (organisation, committee, area, locality) belong to the org tree: a report reads them
# from ``organisation.words``, the one place that knows "Đảng bộ xã" from "Đảng ủy xã".
Names = Words
SUFFIXES = {
    **dict.fromkeys(COMMITTEE_KINDS, "-BC/ĐU"),
    **dict.fromkeys(CELL_KINDS, "-BC/CB"),
    OrgKind.PROVINCE_COMMITTEE: "-BC/TU",
    OrgKind.DISTRICT_COMMITTEE: "-BC/HU",
}
# The đảng ủy cấp trên cơ sở of 7/2025 elect a Ban Thường vụ (Quy định 298-QĐ/TW, Điều 4), so their reports
# are signed on its behalf, as a Tỉnh ủy's or a Huyện ủy's are.
SIGNERS = {
    **dict.fromkeys(STANDING_KINDS | UPPER_GRASSROOTS_KINDS, ("T/M BAN THƯỜNG VỤ", "BÍ THƯ")),
    OrgKind.GRASSROOTS_COMMITTEE: ("T/M ĐẢNG ỦY", "BÍ THƯ"),
    OrgKind.PARTIAL_COMMITTEE: ("T/M ĐẢNG ỦY BỘ PHẬN", "BÍ THƯ"),
    **dict.fromkeys(CELL_KINDS, ("T/M CHI BỘ", "BÍ THƯ")),
}


def names_of(name: str, kind: str) -> Names:
    """The committee, area and locality of an org ("Đảng bộ xã Lục Bình" → "Đảng ủy xã Lục Bình", "toàn
    xã", "Lục Bình"), as ``organisation.words`` reads them."""
    return words_for(name, kind)


def party_unit(name: str) -> str:
    """The Party organisation a committee leads, as the header's superior line names it: "Tỉnh ủy Bắc Kạn"
    → "Đảng bộ tỉnh Bắc Kạn", "Đảng ủy xã Lục Bình" → "Đảng bộ xã Lục Bình"."""
    return words_for(name, "").organisation


def issuer_for(org: Org) -> str:
    """ "HUYỆN ỦY BẠCH THÔNG" for "Đảng bộ huyện Bạch Thông"; Python upper-cases Vietnamese correctly."""
    return names_of(org.name, org.kind).committee_upper


def suffix_for(org: Org) -> str:
    """The number suffix of a report of ``org``: -BC/HU, -BC/ĐU, -BC/CB, -BC/TU."""
    return SUFFIXES.get(org.kind, "-BC")


def signer_for(org: Org) -> tuple[str, str]:
    """(authority, title) of the signature block; blank for kinds that are not Party committees."""
    return SIGNERS.get(org.kind, ("", ""))


def locality_of(orgs: list[Org]) -> str:
    """The place of the date line: the locality of the nearest org (from the org up) whose name has one."""
    for org in reversed(orgs):
        found = names_of(org.name, org.kind).locality
        if found:
            return found
    return ""


def years_text(first: int, last: int) -> str:
    return str(first) if first == last else f"{first} – {last}"


def report_heading(report: Report) -> str:
    """ "Báo cáo sơ kết 5 năm (2016 – 2020)"."""
    word = KIND_WORDS[ReportKind(report.kind)]
    return _("Báo cáo %(kind)s %(n)s năm (%(years)s)") % {
        "kind": word,
        "n": report.years,
        "years": years_text(report.year_from, report.year_to),
    }


def title_for(kind: str, first: int, last: int) -> str:
    """The trích yếu: "Sơ kết 5 năm thực hiện Chỉ thị số 05-CT/TW … (2016 – 2020)"."""
    word = KIND_WORDS[ReportKind(kind)].capitalize()
    title = (
        f"{word} {last - first + 1} năm thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập "
        "và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    )
    if last >= CONCLUSION_YEAR:
        title += " và Kết luận số 01-KL/TW của Bộ Chính trị"
    return f"{title} ({years_text(first, last)})"


def file_name(report: Report) -> str:
    """An ASCII file name: bao-cao-so-ket-2016-2020-huyen-uy-bach-thong.docx."""
    words = (
        f"bao cao {KIND_WORDS[ReportKind(report.kind)]} {report.year_from} {report.year_to} {report.issuer}"
    )
    slug = re.sub(r"[^a-z0-9]+", "-", text.fold(words)).strip("-")
    return f"{slug[:120].rstrip('-')}.docx"


# --- Small words ---------------------------------------------------------------------------------------

PROMPT = "[{}]"  # text the officer must write: the figures cannot say it


def lower_first(value: str) -> str:
    """ "Hoàn thành tốt nhiệm vụ" → "hoàn thành tốt nhiệm vụ" inside a sentence; "UBND …" stays."""
    head = value.split(" ", 1)[0]
    if len(head) > 1 and not head[1:].islower():
        return value
    return value[:1].lower() + value[1:]


def upper_first(value: str) -> str:
    return value[:1].upper() + value[1:]


def join_and(items: list[str]) -> str:
    """ "a, b và c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " và " + items[-1]


def years_list(years: list[int]) -> str:
    """ "năm 2016" or "các năm 2016, 2019 và 2020"."""
    if len(years) == 1:
        return f"năm {years[0]}"
    return "các năm " + join_and([str(y) for y in years])


def share(part: int, whole: int) -> str:
    """ "98,5%" (the formatting helper), for a whole that is never zero here."""
    return percent(part, whole)


def rate(part: int, whole: int) -> float | None:
    """A percentage for a table cell, rounded as ``percent`` rounds so the text and the table agree."""
    return round(100 * part / whole, 1) if whole else None


def amount(values: list[int]) -> str:
    """How many each year, in words that stay true for every year: "253", "trên 3.000", "từ 236 đến 253"."""
    low, high = min(values), max(values)
    if low == high:
        return number(low)
    step = 10 ** (len(str(low)) - 1)
    floor = low // step * step
    if floor >= 1000 and low > floor and (low - floor) <= 0.05 * low:
        return f"trên {number(floor)}"
    return f"từ {number(low)} đến {number(high)}"


def movement(first: float, last: float, first_year: int, last_year: int) -> str:
    """ "tăng từ 92,3% (năm 2016) lên 100% (năm 2020)"; the shares are fractions."""
    a, b = _pct(first), _pct(last)
    if a == b:
        return f"giữ ở mức {b} (năm {first_year} và năm {last_year})"
    verb, to = ("tăng", "lên") if last > first else ("giảm", "xuống")
    return f"{verb} từ {a} (năm {first_year}) {to} {b} (năm {last_year})"


def _pct(fraction: float) -> str:
    return percent(fraction * 1000, 1000)


def paragraphs(*items: str | None) -> str:
    return "\n\n".join(item for item in items if item)
