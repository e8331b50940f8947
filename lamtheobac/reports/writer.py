"""The report writer: drafts a báo cáo sơ kết / tổng kết of Chỉ thị 05 from what the system counts.

Every figure in the draft comes from ``stats.dashboard`` (one per year of the range, the same counts the
dashboard shows) or from a few grouped queries of this module for what the dashboard does not list: the
directing documents, the breakthrough contents, the main pilot models, the latest commendations, the
inspections by kind and the records returned for rework. Nothing is invented: where the figures say
nothing (the causes of a shortcoming, say), the draft leaves a bracketed prompt for the officer.

The draft is a list of plain-text sections ``{"key", "heading", "level", "text"}``; paragraphs are separated
by blank lines. The statistics tables are not part of the saved text: ``tables`` computes them afresh and
``to_document`` puts them under the sections whose ``key`` they belong to when the report is downloaded.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from lamtheobac.activities.models import (
    Commendation,
    CommendationForm,
    Inspection,
    InspectionKind,
    InspectionStatus,
    PilotModel,
)
from lamtheobac.cycle.models import (
    Breakthrough,
    Document,
    DocumentKind,
    Period,
    Rating,
    RecordState,
    Transition,
)
from lamtheobac.lib import text
from lamtheobac.lib.formatting import date, number, percent
from lamtheobac.organisation.models import Org, OrgKind, path_ids, subtree_q

from . import stats
from .document import ReportDocument, Section, Table
from .models import Report, ReportKind
from .stats import ChildRow, Figures

DIRECTIVE = (
    "Chỉ thị số 05-CT/TW, ngày 15/05/2016 của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, "
    "đạo đức, phong cách Hồ Chí Minh"
)
CONCLUSION = (
    "Kết luận số 01-KL/TW, ngày 18/05/2021 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị số 05-CT/TW"
)
CONCLUSION_YEAR = 2021  # Kết luận 01-KL/TW continues the directive from this year on
CENTRAL_NUMBERS = ("05-CT/TW", "01-KL/TW")
KIND_WORDS = {ReportKind.INTERIM: "sơ kết", ReportKind.FINAL: "tổng kết"}
PROMPT = "[{}]"  # text the officer must write: the figures cannot say it
MAX_LISTED = 20  # committees named in the study paragraph
MAIN_PILOTS = 5
RECENT_COMMENDATIONS = 5
# Return comments that name the two faults the campaign fights in commitments.
VAGUE_WORDS = ("chung chung", "chưa cụ thể", "chỉ tiêu cụ thể")
COPIED_WORDS = ("giống",)
FORM_WORDS = {
    CommendationForm.MERIT.value: "bằng khen",
    CommendationForm.CERTIFICATE.value: "giấy khen",
    CommendationForm.PRAISE.value: "lượt biểu dương",
}
FORM_RANK = {CommendationForm.MERIT: 0, CommendationForm.CERTIFICATE: 1, CommendationForm.PRAISE: 2}


# --- Names: how a Party report names its own organisation ---------------------------------------------


@dataclass(frozen=True)
class Level:
    """An administrative level as it appears in org names: "huyện" → Huyện ủy, "toàn huyện"."""

    word: str  # "huyện"
    committee: str  # "Huyện ủy"; "" when the committee is "Đảng ủy <word> <place>"


# A level matches when the name goes on with its whole word and a space, so "thị trấn" and "thị xã" (or
# "xã" and a place called "Xã…") cannot be mistaken for one another.
LEVELS = [
    Level("thành phố", "Thành ủy"),
    Level("thị trấn", ""),
    Level("thị xã", "Thị ủy"),
    Level("đặc khu", ""),
    Level("phường", ""),
    Level("huyện", "Huyện ủy"),
    Level("quận", "Quận ủy"),
    Level("tỉnh", "Tỉnh ủy"),
    Level("xã", ""),
]
COMMITTEE_WORDS = {lv.committee: lv for lv in LEVELS if lv.committee}
SUFFIXES = {
    OrgKind.PROVINCE_COMMITTEE: "-BC/TU",
    OrgKind.DISTRICT_COMMITTEE: "-BC/HU",
    OrgKind.GRASSROOTS_COMMITTEE: "-BC/ĐU",
    OrgKind.CELL: "-BC/CB",
}
SIGNERS = {
    OrgKind.PROVINCE_COMMITTEE: ("T/M BAN THƯỜNG VỤ", "BÍ THƯ"),
    OrgKind.DISTRICT_COMMITTEE: ("T/M BAN THƯỜNG VỤ", "BÍ THƯ"),
    OrgKind.GRASSROOTS_COMMITTEE: ("T/M ĐẢNG ỦY", "BÍ THƯ"),
    OrgKind.CELL: ("T/M CHI BỘ", "BÍ THƯ"),
}


@dataclass(frozen=True)
class Names:
    """The words a report uses for its org: "Huyện ủy Bạch Thông", "Huyện ủy", "toàn huyện", "Bạch Thông"."""

    committee: str
    short: str
    area: str
    locality: str


def _starts(name: str, word: str) -> bool:
    return name.lower().startswith(word.lower() + " ")


def names_of(name: str, kind: str) -> Names:
    """Read the committee and the locality out of an org's name ("Đảng bộ xã Lục Bình" → "Đảng ủy xã Lục
    Bình", "toàn xã", "Lục Bình"); a name the rules do not know keeps itself as the committee."""
    name = text.clean(name)
    for committee, level in COMMITTEE_WORDS.items():  # "Tỉnh ủy Thử nghiệm"
        if _starts(name, committee):
            locality = name[len(committee) + 1 :]
            return Names(name, committee, f"toàn {level.word}", locality)
    if _starts(name, "Đảng bộ"):
        rest = name[len("Đảng bộ") + 1 :]
        for level in LEVELS:
            if _starts(rest, level.word):
                locality = rest[len(level.word) + 1 :]
                if level.committee:
                    return Names(
                        f"{level.committee} {locality}", level.committee, f"toàn {level.word}", locality
                    )
                return Names(f"Đảng ủy {level.word} {locality}", "Đảng ủy", f"toàn {level.word}", locality)
        return Names(f"Đảng ủy {rest}", "Đảng ủy", "toàn Đảng bộ", "")
    if kind == OrgKind.CELL or _starts(name, "Chi bộ"):
        return Names(name, "Chi bộ", "toàn chi bộ", "")
    return Names(name, name, f"toàn {name}", "")


def party_unit(name: str) -> str:
    """The Party organisation a committee leads, as the header's superior line names it: "Tỉnh ủy Bắc Kạn"
    → "Đảng bộ tỉnh Bắc Kạn", "Đảng ủy xã Lục Bình" → "Đảng bộ xã Lục Bình"."""
    name = text.clean(name)
    for committee, level in COMMITTEE_WORDS.items():
        if _starts(name, committee):
            return f"Đảng bộ {level.word} {name[len(committee) + 1 :]}"
    if _starts(name, "Đảng ủy"):
        return f"Đảng bộ {name[len('Đảng ủy') + 1 :]}"
    return name


def issuer_for(org: Org) -> str:
    """ "HUYỆN ỦY BẠCH THÔNG" for "Đảng bộ huyện Bạch Thông"; Python upper-cases Vietnamese correctly."""
    return names_of(org.name, org.kind).committee.upper()


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


# --- What the writer reads ------------------------------------------------------------------------------


@dataclass
class YearRow:
    year: int
    figures: Figures
    theme: str
    min_actions: int


@dataclass
class Facts:
    """Everything a draft and its tables say about ``org`` in ``first``..``last``."""

    org: Org
    names: Names
    first: int
    last: int
    rows: list[YearRow]
    children: list[ChildRow]
    tree: list[tuple[int, str, Figures]]
    documents: list[Document] = field(default_factory=list)  # issued by the org
    guidance: list[Document] = field(default_factory=list)  # from above, besides Chỉ thị 05 and Kết luận 01
    breakthroughs: dict[str, list[int]] = field(default_factory=dict)  # the org's own: title → years
    inherited_breakthroughs: set[str] = field(default_factory=set)  # chosen above, carried out here
    lower_breakthrough_orgs: int = 0
    programmes: dict[str, int] = field(default_factory=dict)  # name → first year
    pilots: list[PilotModel] = field(default_factory=list)  # the main ones
    pilots_in_range: int = 0
    pilots_replicated: int = 0
    commendations: list[Commendation] = field(default_factory=list)  # the latest
    commendation_forms: Counter = field(default_factory=Counter)
    commended: int = 0  # distinct exemplars
    inspections: dict[str, dict[str, int]] = field(default_factory=dict)  # kind → n, done, tw4
    returns: dict[str, int] = field(default_factory=dict)  # total, vague, copied, last

    @property
    def years(self) -> int:
        return self.last - self.first + 1

    @property
    def final(self) -> Figures:
        return self.rows[-1].figures

    def filing_rows(self) -> list[YearRow]:
        """Years in which somebody had to file: the others say nothing about coverage."""
        return [r for r in self.rows if r.figures.orgs_required or r.figures.people_required]

    def sum(self, name: str) -> int:
        return sum(getattr(r.figures, name) for r in self.rows)


def gather(org: Org, first: int, last: int) -> Facts:
    """Count everything once: a dashboard per year (≤ 11 years) and a dozen grouped queries."""
    rows = []
    board = None
    for year in range(first, last + 1):
        board = stats.dashboard(org, year, with_tree=year == last)
        rows.append(YearRow(year, board.total, board.rules.theme, board.rules.min_actions))
    assert board is not None
    chain = list(Org.objects.filter(pk__in=path_ids(org.path)))
    chain.sort(key=lambda o: o.depth)
    facts = Facts(
        org=org,
        names=names_of(org.name, org.kind),
        first=first,
        last=last,
        rows=rows,
        children=board.children,
        tree=board.tree,
    )
    _read_documents(facts, chain)
    _read_breakthroughs(facts, chain)
    _read_pilots(facts)
    _read_commendations(facts)
    _read_inspections(facts)
    _read_returns(facts)
    return facts


def _in_years(facts: Facts) -> Q:
    years = {"period__year__gte": facts.first, "period__year__lte": facts.last}
    issued = {"issued_on__year__gte": facts.first, "issued_on__year__lte": facts.last}
    return Q(**years) | Q(period__isnull=True, **issued)


def _issued_by_org(doc: Document, facts: Facts, code: str) -> bool:
    """A document the org issued itself (or one of its own boards did): its committee in the issuer, or the
    committee's code at the end of the number ("-KH/HU", "-HD/BTGHU" for a Huyện ủy)."""
    if text.fold(facts.names.committee) in text.fold(doc.issuer):
        return True
    tail = doc.number.rsplit("/", 1)[-1].upper()
    return bool(code) and tail.endswith(code) and not tail.endswith("TW")


def _read_documents(facts: Facts, chain: list[Org]) -> None:
    code = suffix_for(facts.org).rsplit("/", 1)[-1] if "/" in suffix_for(facts.org) else ""
    ancestors = [o.pk for o in chain if o.pk != facts.org.pk]
    docs = Document.objects.filter(Q(org=facts.org) | Q(org_id__in=ancestors)).filter(_in_years(facts))
    for doc in docs.order_by("issued_on", "id"):
        if doc.number.upper() in CENTRAL_NUMBERS:
            continue
        if doc.org_id == facts.org.pk and _issued_by_org(doc, facts, code):
            facts.documents.append(doc)
        elif doc.kind in (DocumentKind.PLAN, DocumentKind.GUIDANCE, DocumentKind.DIRECTIVE):
            facts.guidance.append(doc)


def _read_breakthroughs(facts: Facts, chain: list[Org]) -> None:
    own = Breakthrough.objects.filter(
        period__org_id__in=[o.pk for o in chain], period__year__gte=facts.first, period__year__lte=facts.last
    ).order_by("period__year", "period__org__depth", "sort_order", "id")
    for title, year, org_id in own.values_list("title", "period__year", "period__org_id"):
        if org_id != facts.org.pk:
            facts.inherited_breakthroughs.add(text.clean(title))
            continue
        years = facts.breakthroughs.setdefault(text.clean(title), [])
        if year not in years:
            years.append(year)
    lower = Period.objects.filter(
        subtree_q(facts.org.path, "org__path"),
        year__gte=facts.first,
        year__lte=facts.last,
        breakthroughs__isnull=False,
    ).exclude(org=facts.org)
    facts.lower_breakthrough_orgs = lower.values("org_id").distinct().count()
    periods = Period.objects.filter(
        org_id__in=[o.pk for o in chain], year__gte=facts.first, year__lte=facts.last
    )
    rows = periods.filter(programmes__is_core=False).values_list("programmes__name", "year").order_by("year")
    for name, year in rows:
        facts.programmes.setdefault(name, year)


def _read_pilots(facts: Facts) -> None:
    pilots = PilotModel.objects.filter(
        subtree_q(facts.org.path, "org__path"),
        started_on__year__gte=facts.first,
        started_on__year__lte=facts.last,
    )
    ranked = pilots.annotate(places=Count("replicated_to")).select_related("org")
    ranked = ranked.order_by("-places", "started_on", "id")
    facts.pilots = list(ranked[:MAIN_PILOTS])
    facts.pilots_in_range = facts.sum("pilots_new")
    facts.pilots_replicated = facts.final.pilots_replicated


def _read_commendations(facts: Facts) -> None:
    commendations = Commendation.objects.filter(
        subtree_q(facts.org.path, "exemplar__org__path"),
        decided_on__year__gte=facts.first,
        decided_on__year__lte=facts.last,
    )
    facts.commendation_forms = Counter(
        {row["form"]: row["n"] for row in commendations.values("form").annotate(n=Count("id")).order_by()}
    )
    facts.commended = commendations.values("exemplar_id").distinct().count()
    latest = commendations.select_related("exemplar__org", "exemplar__person").order_by("-decided_on", "-id")
    seen: set[int] = set()
    picked: list[Commendation] = []
    for c in latest[: RECENT_COMMENDATIONS * 8]:
        if c.exemplar_id not in seen:
            seen.add(c.exemplar_id)
            picked.append(c)
    picked.sort(key=lambda c: (-c.decided_on.toordinal(), FORM_RANK.get(c.form, 9), c.pk))
    facts.commendations = picked[:RECENT_COMMENDATIONS]


def _read_inspections(facts: Facts) -> None:
    inspections = Inspection.objects.filter(
        subtree_q(facts.org.path, "org__path"), year__gte=facts.first, year__lte=facts.last
    )
    grouped = inspections.values("kind").annotate(
        n=Count("id"),
        done=Count("id", filter=~Q(status=InspectionStatus.PLANNED)),
        tw4=Count("id", filter=~Q(status=InspectionStatus.PLANNED) & Q(focus__contains="Trung ương 4")),
    )
    facts.inspections = {row["kind"]: row for row in grouped.order_by()}


def _read_returns(facts: Facts) -> None:
    returned = Transition.objects.filter(
        subtree_q(facts.org.path, "record__org__path"),
        record__year__gte=facts.first,
        record__year__lte=facts.last,
        to_state=RecordState.RETURNED,
    )
    vague = Q()
    for word in VAGUE_WORDS:
        vague |= Q(comment__icontains=word)
    copied = Q()
    for word in COPIED_WORDS:
        copied |= Q(comment__icontains=word)
    facts.returns = returned.aggregate(
        total=Count("id"),
        vague=Count("id", filter=vague),
        copied=Count("id", filter=copied),
        last=Count("id", filter=Q(record__year=facts.last)),
    )


# --- The draft -----------------------------------------------------------------------------------------


def draft(org: Org, year_from: int, year_to: int, kind: str) -> list[dict]:
    """The sections of a new report, written from the figures of ``org``'s subtree over the years."""
    return compose(gather(org, year_from, year_to), kind)


def _section(key: str, heading: str, level: int, body: str) -> dict:
    return {"key": key, "heading": heading, "level": level, "text": body}


def compose(facts: Facts, kind: str) -> list[dict]:
    final = kind == ReportKind.FINAL
    sections = [
        _section("intro", "", 0, _intro(facts, kind)),
        _section("lead", "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TỔ CHỨC THỰC HIỆN", 1, _lead(facts)),
        _section("results", "II. KẾT QUẢ THỰC HIỆN", 1, ""),
        _section("results.study", "1. Việc học tập chuyên đề", 2, _study(facts)),
        _section("results.plans", "2. Xây dựng kế hoạch và bản cam kết làm theo Bác", 2, _plans(facts)),
        _section("results.ratings", "3. Kết quả đánh giá, xếp loại", 2, _ratings(facts)),
        _section("results.models", "4. Mô hình điểm, gương điển hình", 2, _models(facts)),
        _section("results.inspections", "5. Công tác kiểm tra, giám sát", 2, _inspections(facts)),
        _section("review", "III. ĐÁNH GIÁ CHUNG", 1, ""),
        _section("review.strengths", "1. Ưu điểm", 2, _strengths(facts)),
        _section("review.weaknesses", "2. Hạn chế, nguyên nhân", 2, _weaknesses(facts)),
    ]
    if final:
        sections.append(_section("review.lessons", "3. Bài học kinh nghiệm", 2, _lessons(facts)))
    heading = "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ " + ("TRONG THỜI GIAN TỚI" if final else "THỜI GIAN TỚI")
    sections.append(_section("tasks", heading, 1, _tasks(facts, final)))
    return [{**s, "text": text_nfc(s["text"])} for s in sections]


def text_nfc(value: str) -> str:
    """NFC, no trailing spaces, paragraphs separated by exactly one blank line."""
    lines = [line.rstrip() for line in unicodedata.normalize("NFC", value).replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _span(facts: Facts) -> str:
    """ "từ năm 2016 đến năm 2020" or "trong năm 2020"."""
    if facts.first == facts.last:
        return f"trong năm {facts.first}"
    return f"từ năm {facts.first} đến năm {facts.last}"


def _cite(doc: Document, *, with_issuer: bool = True) -> str:
    """ "Kế hoạch số 50-KH/HU, ngày 25/05/2016 của Huyện ủy Bạch Thông thực hiện Chỉ thị số 05-CT/TW …"."""
    label = doc.get_kind_display()
    title = text.clean(doc.title).split(":")[0].strip()  # "Hướng dẫn học tập chuyên đề năm 2020: “…”"
    about = (
        title[len(label) :].strip() if title.lower().startswith(label.lower()) else f"về {lower_first(title)}"
    )
    issuer = f" của {text.clean(doc.issuer)}" if with_issuer and doc.issuer else ""
    return f"{label} số {doc.number}, ngày {date(doc.issued_on)}{issuer} {about}".strip()


GUIDANCE_WORDS = ("so ket", "tong ket", "chi thi", "05-ct", "01-kl", "ket luan")


def _relevant_guidance(facts: Facts) -> list[Document]:
    """The documents from above worth citing at the top: those about the directive or about the review
    itself (not the yearly plans), the latest two."""
    found = [d for d in facts.guidance if any(w in text.fold(d.title) for w in GUIDANCE_WORDS)]
    return found[-2:]


def _intro(facts: Facts, kind: str) -> str:
    sources = [DIRECTIVE]
    if facts.last >= CONCLUSION_YEAR:
        sources.append(CONCLUSION)
    sources += [_cite(doc) for doc in _relevant_guidance(facts)]
    word = KIND_WORDS[ReportKind(kind)]
    years = f"{facts.years} năm ({years_text(facts.first, facts.last)})"
    return f"Thực hiện {'; '.join(sources)}, {facts.names.committee} báo cáo {word} {years} như sau:"


_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def _document_groups(facts: Facts) -> list[str]:
    """The org's directing documents in words: one cited in full, or several of one pattern together
    ("các kế hoạch … hằng năm (số 30-KH/HU, 22-KH/HU)")."""
    groups: dict[tuple[str, str, str], list[Document]] = defaultdict(list)
    for doc in facts.documents:
        if doc.kind == DocumentKind.REPORT:
            continue
        pattern = _YEAR.sub("####", text.clean(doc.title).split(":")[0])
        groups[(doc.kind, pattern, text.clean(doc.issuer))].append(doc)
    own = text.fold(facts.names.committee)
    phrases = []
    for (_kind, pattern, issuer), docs in groups.items():
        foreign = text.fold(issuer) != own and bool(issuer)
        if len(docs) == 1:
            phrases.append(_cite(docs[0], with_issuer=foreign))
            continue
        what = lower_first(pattern.replace(" năm ####", " hằng năm").replace("####", "").strip())
        by = f" của {issuer}" if foreign else ""
        phrases.append(f"các {what}{by} (số {', '.join(d.number for d in docs)})")
    return phrases


def _documents_paragraph(facts: Facts) -> str:
    directing = [d for d in facts.documents if d.kind != DocumentKind.REPORT]
    reports = len(facts.documents) - len(directing)
    who = facts.names.committee
    if not directing:
        return PROMPT.format(
            f"Bổ sung các văn bản {who} đã ban hành để lãnh đạo, chỉ đạo thực hiện Chỉ thị: hệ thống chưa ghi "
            f"nhận văn bản nào {_span(facts)}."
        )
    by_kind = Counter(d.get_kind_display() for d in directing)
    kinds = join_and([f"{number(n)} {label.lower()}" for label, n in by_kind.items()])
    boards = any(text.fold(who) != text.fold(d.issuer) for d in directing)
    subject = f"{who} và các cơ quan tham mưu" if boards else who
    lead = (
        f"{upper_first(_span(facts))}, {subject} đã ban hành {number(len(directing))} văn bản lãnh đạo, chỉ đạo, "
        f"hướng dẫn thực hiện Chỉ thị ({kinds})"
    )
    if reports:
        lead += f"; hằng năm có báo cáo kết quả thực hiện ({number(reports)} báo cáo)"
    return f"{lead}. Các văn bản chủ yếu: {'; '.join(_document_groups(facts))}."


def _themes_paragraph(facts: Facts) -> str:
    runs: list[tuple[list[int], str]] = []
    for row in facts.rows:
        if not row.theme:
            continue
        if runs and runs[-1][1] == row.theme and runs[-1][0][-1] == row.year - 1:
            runs[-1][0].append(row.year)
        else:
            runs.append(([row.year], row.theme))
    if not runs:
        return ""
    parts = []
    for years, theme in runs:
        when = f"năm {years[0]}" if len(years) == 1 else f"các năm {years_text(years[0], years[-1])}"
        parts.append(f"{when}, chuyên đề “{text.clean(theme)}”")
    return (
        f"Hằng năm, {facts.names.short} chỉ đạo tổ chức học tập chuyên đề của từng năm: {'; '.join(parts)}."
    )


def _breakthrough_paragraphs(facts: Facts) -> list[str]:
    out = []
    if facts.breakthroughs:
        out.append(f"Căn cứ chuyên đề từng năm, {facts.names.short} xác định các nội dung đột phá:")
        items = list(facts.breakthroughs.items())
        for index, (title, years) in enumerate(items):
            end = "." if index == len(items) - 1 else ";"
            out.append(f"- {title.rstrip('.;')} ({years_list(years)}){end}")
    if facts.inherited_breakthroughs:
        also = "Đồng thời, " if facts.breakthroughs else ""
        out.append(
            f"{also}{facts.names.short} tổ chức thực hiện "
            f"{number(len(facts.inherited_breakthroughs))} nội dung đột phá do cấp trên xác định."
        )
    if facts.lower_breakthrough_orgs:
        out.append(
            f"Có {number(facts.lower_breakthrough_orgs)} {_units(facts)} trực thuộc xác định thêm nội dung đột phá "
            "của đơn vị mình."
        )
    return out


def _programmes_paragraph(facts: Facts) -> str:
    if not facts.programmes:
        return ""
    items = [f"{name} (từ năm {year})" for name, year in facts.programmes.items()]
    return f"Việc thực hiện Chỉ thị được gắn với thực hiện {join_and(items)}."


def _lead(facts: Facts) -> str:
    return paragraphs(
        _documents_paragraph(facts),
        _themes_paragraph(facts),
        *_breakthrough_paragraphs(facts),
        _programmes_paragraph(facts),
    )


def _units(facts: Facts) -> str:
    """How the org's own report calls its sub-units: "chi, đảng bộ", or "chi bộ" when it leads only cells."""
    return "chi, đảng bộ" if _committees(facts) else "chi bộ"


def _committees(facts: Facts) -> list[ChildRow]:
    """Children that lead cells of their own (đảng bộ), where "chỉ đạo 10/10 chi bộ" makes sense."""
    kinds = (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.DISTRICT_COMMITTEE, OrgKind.PROVINCE_COMMITTEE)
    return [c for c in facts.children if c.org.kind in kinds and c.figures.cells]


def _study(facts: Facts) -> str:
    rows = [r for r in facts.rows if r.figures.cells]
    if not rows:
        return PROMPT.format(f"Hệ thống chưa ghi nhận chi bộ nào học tập chuyên đề {_span(facts)}.")
    sessions = number(facts.sum("study_sessions"))
    span = upper_first(_span(facts))
    if facts.org.kind == OrgKind.CELL:
        return f"{span}, chi bộ tổ chức {sessions} buổi học tập chuyên đề."
    out = [f"{span}, các chi bộ trong {facts.org.name} tổ chức {sessions} buổi học tập chuyên đề."]
    first, last = rows[0], rows[-1]
    if len(rows) > 1:
        yearly = ", ".join(_study_runs(rows[:-1]))
        trend = movement(
            first.figures.cells_studied / first.figures.cells,
            last.figures.cells_studied / last.figures.cells,
            first.year,
            last.year,
        )
        out[-1] += f" Tỷ lệ chi bộ tổ chức học tập chuyên đề năm {trend}: {yearly}."
    f = last.figures
    closing = (
        f"Năm {last.year}, {number(f.cells_studied)}/{number(f.cells)} chi bộ ({share(f.cells_studied, f.cells)}) "
        "tổ chức học tập chuyên đề"
    )
    out.append(closing + _committees_sentence(facts) + ".")
    return paragraphs(*out)


def _study_runs(rows: list[YearRow]) -> list[str]:
    """ "năm 2016 có 144/156 chi bộ (92,3%)", with years of the same figures told once ("các năm 2020 – 2024
    có 156/156 chi bộ (100%)") so that a ten-year report stays readable."""
    runs: list[list[YearRow]] = []
    for row in rows:
        same = runs and (runs[-1][-1].figures.cells_studied, runs[-1][-1].figures.cells) == (
            row.figures.cells_studied,
            row.figures.cells,
        )
        if same and runs[-1][-1].year == row.year - 1:
            runs[-1].append(row)
        else:
            runs.append([row])
    out = []
    for run in runs:
        f = run[0].figures
        when = f"năm {run[0].year}" if len(run) == 1 else f"các năm {years_text(run[0].year, run[-1].year)}"
        out.append(
            f"{when} có {number(f.cells_studied)}/{number(f.cells)} chi bộ ({share(f.cells_studied, f.cells)})"
        )
    return out


def _committees_sentence(facts: Facts) -> str:
    """Which đảng bộ trực thuộc had every cell study the theme in the last year, and which did not: the
    continuation of the sentence on the last year ("; 17/17 đảng bộ trực thuộc có 100% chi bộ …")."""
    committees = _committees(facts)
    if not committees:
        return ""

    def named(c: ChildRow) -> str:
        unit = names_of(c.org.name, c.org.kind).committee.removeprefix("Đảng ủy ")
        return f"{unit} {number(c.figures.cells_studied)}/{number(c.figures.cells)}"

    full = [c for c in committees if c.figures.cells_studied == c.figures.cells]
    short = [c for c in committees if c.figures.cells_studied < c.figures.cells]
    parts = []
    if full:
        listed = [named(c) for c in full[:MAX_LISTED]]
        more = f" và {number(len(full) - MAX_LISTED)} đảng bộ khác" if len(full) > MAX_LISTED else ""
        parts.append(
            f"{number(len(full))}/{number(len(committees))} đảng bộ trực thuộc chỉ đạo 100% chi bộ học tập "
            f"chuyên đề ({', '.join(listed)} chi bộ{more})"
        )
    if short:
        listed = [named(c) for c in short[:MAX_LISTED]]
        parts.append(
            f"còn {number(len(short))} đảng bộ chưa có đủ chi bộ học tập chuyên đề ({', '.join(listed)} chi bộ)"
        )
    return "".join("; " + part for part in parts)


def _plans(facts: Facts) -> str:
    rows = facts.filing_rows()
    if not rows:
        return PROMPT.format(f"Hệ thống chưa có số liệu kế hoạch, bản cam kết {_span(facts)}.")
    last = rows[-1]
    f = last.figures
    area = facts.names.area
    both_full = f.plans_filed >= f.orgs_required and f.commitments_filed >= f.people_required
    exact = (
        f"{number(f.plans_filed)}/{number(f.orgs_required)} tập thể, "
        f"{number(f.commitments_filed)}/{number(f.people_required)} đảng viên, cá nhân"
    )
    if len(rows) == 1:
        key = (
            f"Năm {last.year}, {area} có {number(f.plans_filed)}/{number(f.orgs_required)} tập thể "
            f"({share(f.plans_filed, f.orgs_required)}) xây dựng kế hoạch làm theo Bác và "
            f"{number(f.commitments_filed)}/{number(f.people_required)} đảng viên, cá nhân "
            f"({share(f.commitments_filed, f.people_required)}) xây dựng bản cam kết tu dưỡng, rèn luyện, "
            "phấn đấu làm theo Bác."
        )
    else:
        plans = amount([r.figures.plans_filed for r in rows])
        people = amount([r.figures.commitments_filed for r in rows])
        tail = (
            f"năm {last.year} đạt 100% ({exact})"
            if both_full
            else f"năm {last.year} có {number(f.plans_filed)}/{number(f.orgs_required)} tập thể "
            f"({share(f.plans_filed, f.orgs_required)}) và {number(f.commitments_filed)}/"
            f"{number(f.people_required)} đảng viên, cá nhân ({share(f.commitments_filed, f.people_required)}) "
            "xây dựng kế hoạch, bản cam kết"
        )
        key = (
            f"Hằng năm, {area} có {plans} tập thể xây dựng kế hoạch làm theo Bác và {people} đảng viên, cá "
            f"nhân xây dựng bản cam kết tu dưỡng, rèn luyện, phấn đấu làm theo Bác; {tail}."
        )
    out = [key]
    if len(rows) > 1:
        out.append(_coverage_trend(rows))
    out.append(
        f"Mỗi bản cam kết có ít nhất {number(last.min_actions)} việc làm cụ thể; các kế hoạch, bản cam kết được "
        f"cấp ủy có thẩm quyền xem xét, phê duyệt (năm {last.year}: {number(f.plans_approved)} kế hoạch, "
        f"{number(f.commitments_approved)} bản cam kết được phê duyệt)."
    )
    return paragraphs(*out)


def _coverage_trend(rows: list[YearRow]) -> str:
    a, b = rows[0], rows[-1]
    parts = []
    if a.figures.plans_share is not None and b.figures.plans_share is not None:
        parts.append(
            "tỷ lệ tập thể xây dựng kế hoạch "
            + movement(a.figures.plans_share, b.figures.plans_share, a.year, b.year)
        )
    if a.figures.commitments_share is not None and b.figures.commitments_share is not None:
        parts.append(
            "tỷ lệ đảng viên, cá nhân xây dựng bản cam kết "
            + movement(a.figures.commitments_share, b.figures.commitments_share, a.year, b.year)
        )
    late_a, late_b = a.figures.commitments_late, b.figures.commitments_late
    if late_a or late_b:
        verb = "giảm" if late_b < late_a else ("tăng" if late_b > late_a else "giữ ở mức")
        tail = (
            f"{number(late_b)}"
            if verb == "giữ ở mức"
            else f"từ {number(late_a)} (năm {a.year}) "
            f"{'xuống' if verb == 'giảm' else 'lên'} {number(late_b)} (năm {b.year})"
        )
        parts.append(f"số bản cam kết nộp chậm so với thời hạn {verb} {tail}")
    return upper_first(join_and(parts)) + "." if parts else ""


def _rating_words(counts: Counter, whole: int) -> str:
    return ", ".join(
        f"{number(counts.get(r.value, 0))} {lower_first(str(r.label))} ({share(counts.get(r.value, 0), whole)})"
        for r in Rating
    )


def _ratings(facts: Facts) -> str:
    rated_rows = [r for r in facts.rows if r.figures.rated]
    if not rated_rows:
        return PROMPT.format(f"Hệ thống chưa có kết quả xếp loại {_span(facts)}.")
    last = rated_rows[-1]
    f = last.figures
    out = [
        "Cuối năm, các tập thể, cá nhân tự đánh giá kết quả thực hiện từng nội dung, từng việc làm đã đăng ký; "
        "cấp ủy có thẩm quyền nhận xét, đánh giá, xếp loại.",
        f"Năm {last.year}, trong {number(f.rated)} đảng viên, cá nhân được xếp loại có {_rating_words(f.ratings, f.rated)}.",
    ]
    if f.rated < f.commitments_filed:
        out[-1] = (
            out[-1][:-1] + f" (còn {number(f.commitments_filed - f.rated)} bản cam kết chưa được xếp loại)."
        )
    plan_rated = sum(f.plan_ratings.values())
    if plan_rated:
        out.append(
            f"Về tập thể, năm {last.year} có {number(plan_rated)} tập thể được xếp loại, trong đó "
            f"{_rating_words(f.plan_ratings, plan_rated)}."
        )
    if len(rated_rows) > 1:
        a = rated_rows[0]
        excellent = Rating.EXCELLENT.value
        out.append(
            "Tỷ lệ đảng viên, cá nhân hoàn thành xuất sắc nhiệm vụ "
            + movement(
                a.figures.ratings.get(excellent, 0) / a.figures.rated,
                f.ratings.get(excellent, 0) / f.rated,
                a.year,
                last.year,
            )
            + "."
        )
    return paragraphs(*out)


def _pilot_words(pilot: PilotModel, places: int) -> str:
    name = lower_first(text.clean(pilot.name))
    locality = names_of(pilot.org.name, pilot.org.kind).locality
    where = "" if locality and text.fold(locality) in text.fold(name) else f" của {pilot.org.name}"
    spread = f", đã nhân rộng ra {number(places)} đơn vị" if places else ""
    return f"{name}{where} (xây dựng năm {pilot.started_on.year}{spread})"


def _exemplar_words(c: Commendation) -> str:
    exemplar = c.exemplar
    who = exemplar.subject_name
    where = "" if exemplar.person_id is None else f", {exemplar.org.name}"
    form = c.get_form_display()
    decision = f"Quyết định số {c.decision_number}, ngày {date(c.decided_on)}"
    return f"- {who}{where} (“{text.clean(exemplar.title)}”): {form} của {c.issuer} ({decision});"


def _models(facts: Facts) -> str:
    out = []
    if facts.pilots_in_range:
        replicated = (
            f"; đến nay có {number(facts.pilots_replicated)} mô hình đã được nhân rộng"
            if facts.pilots_replicated
            else ""
        )
        out.append(
            f"{upper_first(_span(facts))}, {facts.names.area} xây dựng {number(facts.pilots_in_range)} mô hình "
            f"điểm, mô hình hay, cách làm hiệu quả trong học tập và làm theo Bác{replicated}."
        )
        main = [_pilot_words(p, p.places) for p in facts.pilots]
        out.append(f"Tiêu biểu như: {'; '.join(main)}.")
    else:
        out.append(PROMPT.format(f"Hệ thống chưa ghi nhận mô hình điểm nào {_span(facts)}."))
    nominated = facts.sum("exemplars_nominated")
    if nominated or facts.commended:
        forms = [
            f"{number(facts.commendation_forms[form])} {word}"
            for form, word in FORM_WORDS.items()
            if facts.commendation_forms[form]
        ]
        out.append(
            f"{upper_first(_span(facts))}, {facts.names.area} có {number(nominated)} gương điển hình được đề cử; "
            f"{number(facts.commended)} gương điển hình được các cấp biểu dương, khen thưởng"
            + (f" ({join_and(forms)})" if forms else "")
            + "."
        )
    if facts.commendations:
        out.append("Một số gương điển hình được biểu dương, khen thưởng gần đây:")
        lines = [_exemplar_words(c) for c in facts.commendations]
        lines[-1] = lines[-1][:-1] + "."
        out += lines
    return paragraphs(*out)


def _inspections(facts: Facts) -> str:
    planned = facts.sum("inspections_planned")
    if not planned:
        return PROMPT.format(f"Hệ thống chưa ghi nhận cuộc kiểm tra, giám sát nào {_span(facts)}.")
    done = facts.sum("inspections_done")
    overdue = facts.sum("inspections_overdue")
    kinds = []
    for kind, word in ((InspectionKind.INSPECTION, "kiểm tra"), (InspectionKind.SUPERVISION, "giám sát")):
        row = facts.inspections.get(kind.value)
        if row and row["done"]:
            kinds.append(f"{number(row['done'])} cuộc {word}")
    tw4 = sum(row["tw4"] for row in facts.inspections.values())
    linked = ""
    if tw4:
        which = "các cuộc đều" if tw4 == done else f"{number(tw4)} cuộc"
        linked = (
            f"; {which} gắn với việc thực hiện Nghị quyết Trung ương 4 (khóa XII) về xây dựng, chỉnh đốn Đảng"
        )
    out = [
        f"Cấp ủy các cấp đưa việc thực hiện Chỉ thị vào chương trình kiểm tra, giám sát hằng năm; "
        f"{_span(facts)} đã tiến hành {number(done)}/{number(planned)} cuộc kiểm tra, giám sát theo chương "
        f"trình ({share(done, planned)})" + (f", gồm {join_and(kinds)}" if kinds else "") + linked + "."
    ]
    if overdue:
        out.append(
            f"Hiện còn {number(overdue)} cuộc đã quá hạn báo cáo kết quả khắc phục theo kết luận, kiến nghị; "
            "cần tiếp tục đôn đốc."
        )
    elif done:
        out.append("Đến nay, không còn cuộc kiểm tra, giám sát nào quá hạn báo cáo kết quả khắc phục.")
    return paragraphs(*out)


def _strengths(facts: Facts) -> str:
    rows = facts.filing_rows()
    out = []
    if rows:
        f = rows[-1].figures
        plans_share = f.plans_share or 0
        people_share = f.commitments_share or 0
        settled = plans_share >= stats.GREEN_FROM and people_share >= stats.GREEN_FROM
        lead = (
            "Việc học tập và làm theo Bác đã đi vào nền nếp"
            if settled
            else "Việc học tập và làm theo Bác từng bước được triển khai"
        )
        out.append(
            f"- {lead}: năm {rows[-1].year}, {share(f.plans_filed, f.orgs_required)} tập thể xây dựng kế hoạch "
            f"và {share(f.commitments_filed, f.people_required)} đảng viên, cá nhân xây dựng bản cam kết"
            + (f"; {share(f.cells_studied, f.cells)} chi bộ tổ chức học tập chuyên đề" if f.cells else "")
            + "."
        )
        filed = [r.figures.commitments_filed for r in rows]
        if len(rows) > 1 and filed == sorted(filed) and filed[-1] > filed[0]:
            out.append(
                f"- Số đảng viên, cá nhân xây dựng bản cam kết tăng qua từng năm, từ {number(filed[0])} (năm "
                f"{rows[0].year}) lên {number(filed[-1])} (năm {rows[-1].year})."
            )
    if facts.pilots_in_range or facts.commended:
        out.append(
            f"- Đã xây dựng {number(facts.pilots_in_range)} mô hình điểm, cách làm hiệu quả"
            + (
                f" ({number(facts.pilots_replicated)} mô hình được nhân rộng)"
                if facts.pilots_replicated
                else ""
            )
            + f"; {number(facts.commended)} gương điển hình được các cấp biểu dương, khen thưởng, góp phần lan "
            "tỏa phong trào học tập và làm theo Bác."
        )
    planned, done = facts.sum("inspections_planned"), facts.sum("inspections_done")
    if planned and done == planned:
        out.append(
            f"- Công tác kiểm tra, giám sát được thực hiện đầy đủ theo chương trình ({number(done)}/{number(planned)} cuộc)."
        )
    if not out:
        out.append(PROMPT.format("Bổ sung những ưu điểm nổi bật; số liệu trong hệ thống chưa đủ để nêu."))
    return paragraphs(*out)


def _short_of(f: Figures) -> bool:
    return f.plans_filed < f.orgs_required or f.commitments_filed < f.people_required


def _weaknesses(facts: Facts) -> str:
    out = []
    rows = facts.filing_rows()
    gaps = [r for r in rows if _short_of(r.figures)]
    if gaps:
        worst = gaps[0]
        f = worst.figures
        missing = []
        if f.plans_filed < f.orgs_required:
            missing.append(f"{number(f.orgs_required - f.plans_filed)} tập thể")
        if f.commitments_filed < f.people_required:
            missing.append(f"{number(f.people_required - f.commitments_filed)} đảng viên, cá nhân")
        when = "Những năm đầu" if worst.year < facts.last else f"Năm {worst.year}"
        out.append(
            f"- {when}, việc xây dựng kế hoạch, bản cam kết chưa đầy đủ: năm {worst.year} còn "
            f"{join_and(missing)} chưa xây dựng."
        )
    if rows:
        f = rows[-1].figures
        if f.commitments_late:
            out.append(
                f"- Vẫn còn bản cam kết nộp chậm so với thời hạn (năm {rows[-1].year}: {number(f.commitments_late)} "
                f"bản, chiếm {share(f.commitments_late, f.commitments_filed or 1)} số bản đã nộp)."
            )
    r = facts.returns
    if r.get("total"):
        reasons = []
        if r["vague"]:
            reasons.append(f"{number(r['vague'])} lượt vì việc làm còn chung chung, chưa có chỉ tiêu cụ thể")
        if r["copied"]:
            reasons.append(f"{number(r['copied'])} lượt vì nội dung giống bản của người khác")
        out.append(
            f"- Chất lượng một số kế hoạch, bản cam kết chưa cao: {_span(facts)}, cấp ủy đã trả lại "
            f"{number(r['total'])} lượt kế hoạch, bản cam kết để bổ sung, sửa chữa"
            + (f", trong đó {join_and(reasons)}" if reasons else "")
            + "."
        )
    study_gaps = [row for row in facts.rows if row.figures.cells_studied < row.figures.cells]
    if study_gaps:
        g = study_gaps[0]
        out.append(
            f"- Việc học tập chuyên đề có năm chưa đầy đủ: năm {g.year} còn "
            f"{number(g.figures.cells - g.figures.cells_studied)} chi bộ chưa tổ chức học tập chuyên đề."
        )
    final = facts.rows[-1].figures
    failed = final.ratings.get(Rating.NOT_COMPLETED.value, 0)
    if failed:
        out.append(
            f"- Vẫn còn đảng viên, cá nhân không hoàn thành nhiệm vụ (năm {facts.last}: {number(failed)} người, "
            f"{share(failed, final.rated)})."
        )
    overdue = facts.sum("inspections_overdue")
    if overdue:
        out.append(f"- Còn {number(overdue)} cuộc kiểm tra, giám sát quá hạn báo cáo kết quả khắc phục.")
    if not out:
        out.append(
            PROMPT.format("Số liệu trong hệ thống không cho thấy hạn chế rõ rệt; cấp ủy bổ sung nếu có.")
        )
    out.append(
        "Nguyên nhân: "
        + PROMPT.format("cấp ủy bổ sung nguyên nhân khách quan, chủ quan của những hạn chế nêu trên")
        + "."
    )
    return paragraphs(*out)


def _lessons(facts: Facts) -> str:
    return paragraphs(
        "Một là, cấp ủy, người đứng đầu phải thường xuyên quan tâm lãnh đạo, chỉ đạo và gương mẫu đi đầu trong "
        "học tập và làm theo Bác.",
        "Hai là, việc làm theo Bác phải được cụ thể hóa thành kế hoạch, bản cam kết với những việc làm cụ thể, "
        "có chỉ tiêu đo được, gắn với chức trách, nhiệm vụ của từng tập thể, cá nhân.",
        "Ba là, thường xuyên kiểm tra, giám sát, sơ kết, đánh giá; kịp thời biểu dương, nhân rộng gương điển "
        "hình, mô hình hay, cách làm hiệu quả.",
    )


def _tasks(facts: Facts, final: bool) -> str:
    when = "trong giai đoạn tới" if final else "thời gian tới"
    sources = "Chỉ thị số 05-CT/TW" + (" và Kết luận số 01-KL/TW" if facts.last >= CONCLUSION_YEAR else "")
    return paragraphs(
        f"{upper_first(when)}, {facts.names.committee} tiếp tục lãnh đạo, chỉ đạo thực hiện tốt một số nhiệm vụ "
        "trọng tâm sau:",
        f"- Tiếp tục quán triệt, thực hiện nghiêm túc {sources} của Bộ Chính trị; gắn học tập và làm theo tư "
        "tưởng, đạo đức, phong cách Hồ Chí Minh với xây dựng, chỉnh đốn Đảng và trách nhiệm nêu gương của cán "
        "bộ, đảng viên.",
        "- Tổ chức học tập chuyên đề hằng năm bảo đảm 100% chi bộ, cán bộ, đảng viên tham gia; đổi mới hình thức "
        "học tập, gắn với sinh hoạt chi bộ định kỳ.",
        "- Nâng cao chất lượng xây dựng kế hoạch, bản cam kết: mỗi việc làm cụ thể, có chỉ tiêu đo được, gắn với "
        "chức trách, nhiệm vụ; khắc phục bệnh hình thức.",
        "- Tiếp tục xây dựng, nhân rộng mô hình điểm, cách làm hiệu quả; kịp thời phát hiện, biểu dương, khen "
        "thưởng và tuyên truyền gương điển hình tiên tiến.",
        "- Tăng cường kiểm tra, giám sát việc thực hiện; đôn đốc khắc phục sau kiểm tra, giám sát; gắn kết quả "
        "học tập và làm theo Bác với đánh giá, xếp loại tổ chức đảng, đảng viên hằng năm.",
    )


# --- Notes for the editing page ------------------------------------------------------------------------

# What the officer should know about a section while editing it (the draft cannot know it all).
SECTION_HINTS = {
    "intro": "Bổ sung kế hoạch, hướng dẫn của cấp trên về việc sơ kết, tổng kết nếu có.",
    "review.weaknesses": "Các hạn chế được rút ra từ số liệu; cấp ủy bổ sung nguyên nhân.",
    "review.lessons": "Dự thảo chung: cấp ủy điều chỉnh theo thực tiễn của địa phương, đơn vị.",
    "tasks": "Dự thảo chung: cấp ủy điều chỉnh theo thực tiễn của địa phương, đơn vị.",
}
# The tables placed after a section in the Word file, computed afresh at each download.
TABLE_NOTES = {
    "results.plans": "bảng kết quả xây dựng kế hoạch, bản cam kết qua các năm và của các tổ chức trực thuộc",
    "results.ratings": "bảng kết quả xếp loại qua các năm",
    "results.inspections": "bảng học tập chuyên đề, mô hình, gương điển hình, kiểm tra, giám sát qua các năm",
}


def prompts_left(sections: list[dict]) -> int:
    """How many bracketed prompts the officer has not replaced yet."""
    return sum(len(re.findall(r"\[[^\]]+\]", s.get("text", ""))) for s in sections)


# --- The tables ----------------------------------------------------------------------------------------


def tables(facts: Facts) -> dict[str, list[Table]]:
    """The statistics tables by the key of the section they follow (captions numbered later)."""
    out: dict[str, list[Table]] = {"results.plans": [_coverage_by_year(facts)]}
    if facts.children:
        out["results.plans"].append(_coverage_by_child(facts))
    out["results.ratings"] = [_ratings_by_year(facts)]
    out["results.inspections"] = [_activities_by_year(facts)]
    return out


def _coverage_cells(f: Figures) -> list[str | int | float | None]:
    return [
        f.orgs_required,
        f.plans_filed,
        rate(f.plans_filed, f.orgs_required),
        f.people_required,
        f.commitments_filed,
        rate(f.commitments_filed, f.people_required),
    ]


COVERAGE_HEADER = [
    "Tập thể phải có kế hoạch",
    "Đã có kế hoạch",
    "Tỷ lệ",
    "Cá nhân phải có bản cam kết",
    "Đã có bản cam kết",
    "Tỷ lệ",
]
# The per-unit table has two more columns: the narrow columns take the usual abbreviations, named in the caption.
CHILD_HEADER = ["Đơn vị", "KH phải có", "KH đã có", "Tỷ lệ KH", "CK phải có", "CK đã có", "Tỷ lệ CK", "Số chi bộ",
                "Chi bộ đã học CĐ"]  # fmt: skip


def _coverage_by_year(facts: Facts) -> Table:
    return Table(
        caption="Kết quả xây dựng kế hoạch, bản cam kết làm theo Bác qua các năm",
        header=["Năm", *COVERAGE_HEADER],
        rows=[[str(r.year), *_coverage_cells(r.figures)] for r in facts.rows],
    )


def _coverage_by_child(facts: Facts) -> Table:
    """Per child org in the last year; the whole subtree tree when it is small enough to print."""
    if 1 < len(facts.tree) <= 40:
        items = [(depth - 1, name, figures) for depth, name, figures in facts.tree[1:]]
    else:
        items = [(0, c.org.name, c.figures) for c in facts.children]
    rows = [
        [name, *_coverage_cells(f), f.cells or None, f.cells_studied if f.cells else None]
        for _d, name, f in items
    ]
    total = facts.final
    rows.append([f"Toàn {facts.org.name}", *_coverage_cells(total), total.cells, total.cells_studied])
    return Table(
        caption=f"Kết quả năm {facts.last} của các đơn vị trực thuộc (KH: kế hoạch; CK: bản cam kết; CĐ: chuyên đề)",
        header=CHILD_HEADER,
        rows=rows,
        indent=[d for d, _n, _f in items] + [0],
        total_row=True,
    )


def _ratings_by_year(facts: Facts) -> Table:
    excellent = Rating.EXCELLENT.value
    return Table(
        caption="Kết quả xếp loại đảng viên, cá nhân qua các năm (mức hoàn thành nhiệm vụ)",
        header=[
            "Năm",
            "Được xếp loại",
            *(str(r.label).removesuffix(" nhiệm vụ") for r in Rating),
            "Tỷ lệ xuất sắc",
        ],
        rows=[
            [
                str(r.year),
                r.figures.rated,
                *(r.figures.ratings.get(x.value, 0) for x in Rating),
                rate(r.figures.ratings.get(excellent, 0), r.figures.rated),
            ]
            for r in facts.rows
        ],
    )


def _activities_by_year(facts: Facts) -> Table:
    def studied(f: Figures) -> str | None:
        return f"{f.cells_studied}/{f.cells}" if f.cells else None

    return Table(
        caption="Học tập chuyên đề, mô hình điểm, gương điển hình, kiểm tra, giám sát qua các năm",
        header=[
            "Năm",
            "Chi bộ học chuyên đề",
            "Buổi học chuyên đề",
            "Mô hình điểm mới",
            "Gương được đề cử",
            "Gương được khen thưởng",
            "Cuộc kiểm tra, giám sát",
        ],
        rows=[
            [
                str(r.year),
                studied(r.figures),
                r.figures.study_sessions,
                r.figures.pilots_new,
                r.figures.exemplars_nominated,
                r.figures.exemplars_commended,
                r.figures.inspections_done,
            ]
            for r in facts.rows
        ],
    )


# --- The Word document ----------------------------------------------------------------------------------


def number_line(report: Report) -> str:
    """ "Số 125-BC/HU", or "Số      -BC/HU" with room to write the number in while it has none."""
    if report.number.strip():
        return f"Số {report.number.strip()}"
    return f"Số {' ' * 6}{suffix_for(report.org)}"


def to_document(report: Report) -> ReportDocument:
    """The report as the Word renderer lays it out: the saved text and freshly computed tables."""
    slots = tables(gather(report.org, report.year_from, report.year_to))
    intro: list[str] = []
    sections: list[Section] = []
    counter = 0
    for saved in report.sections:
        body = [p.strip() for p in re.split(r"\n\s*\n", saved.get("text", "")) if p.strip()]
        if saved.get("key") == "intro":
            intro = body
            continue
        placed = []
        for table in slots.get(saved.get("key", ""), []):
            counter += 1
            table.caption = f"Bảng {counter}. {table.caption}"
            placed.append(table)
        sections.append(
            Section(
                heading=saved.get("heading", ""),
                paragraphs=body,
                tables=placed,
                level=saved.get("level", 1) or 1,
            )
        )
    authority, title = report.signer_authority, report.signer_title
    return ReportDocument(
        superior=report.superior,
        issuer=report.issuer,
        number=number_line(report),
        place=report.place,
        date=report.issued_on,
        title=report.title,
        intro=intro,
        sections=sections,
        recipients=report.recipient_lines,
        signer_authority=authority,
        signer_title=title,
        signer_name=report.signer_name,
    )
