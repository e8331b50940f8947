"""What the writer reads: every figure a draft and its tables say, counted once into ``Facts``.

Most figures come from ``figures.dashboard`` (one per year of the range, the same counts the dashboard shows);
a few grouped queries add what the dashboard does not list: the directing documents, the breakthrough
contents, the main pilot models, the latest commendations, the inspections by kind and the records returned
for rework. The paragraphs and the tables only read ``Facts``, so a draft costs the same few queries however
long it is.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q

from lamtheobac.activities.models import (
    Commendation,
    CommendationForm,
    Inspection,
    InspectionStatus,
    PilotModel,
)
from lamtheobac.cycle.models import Breakthrough, Document, DocumentKind, Period, RecordState, Transition
from lamtheobac.lib import text
from lamtheobac.organisation import lineage
from lamtheobac.organisation.models import Org, path_ids, subtree_q

from .. import selectors as reports_selectors
from ..selectors import ChildRow, Figures
from .names import Names, names_of, suffix_for

CENTRAL_NUMBERS = ("05-CT/TW", "01-KL/TW")
MAIN_PILOTS = 5
RECENT_COMMENDATIONS = 5
# Return comments that name the two faults the campaign fights in commitments.
VAGUE_WORDS = ("chung chung", "chưa cụ thể", "chỉ tiêu cụ thể")
COPIED_WORDS = ("giống",)
FORM_RANK: dict[str, int] = {
    CommendationForm.MERIT: 0,
    CommendationForm.CERTIFICATE: 1,
    CommendationForm.PRAISE: 2,
}


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
    carried: str = ""  # the predecessors whose years are counted in ("Bao gồm số liệu của …")

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
        # today's unit over the years: its predecessors' years carried in (an org that was not there yet
        # in 2016 writes its tổng kết with what the orgs it took over did). An org that has ended is no
        # longer today's unit of anything (its units went on elsewhere): its years are read as it was, so an
        # ended district's sơ kết reads what it was forever.
        board = reports_selectors.dashboard(org, year, with_tree=year == last, lineage=org.ended_on is None)
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
        carried=lineage.carried_words(org, first),
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


def span_text(facts: Facts) -> str:
    """ "từ năm 2016 đến năm 2020" or "trong năm 2020"."""
    if facts.first == facts.last:
        return f"trong năm {facts.first}"
    return f"từ năm {facts.first} đến năm {facts.last}"
