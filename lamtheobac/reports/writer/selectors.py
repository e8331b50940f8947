"""What the writer reads: every figure a draft and its tables say, counted once into ``Facts``.

Most figures come from ``figures.dashboard`` (one per year of the range, the same counts the dashboard shows);
a few grouped queries add what the dashboard does not list: the directing documents, the breakthrough
contents, the main pilot models, the latest commendations, the inspections by kind and the records returned
for rework. The paragraphs and the tables only read ``Facts``, so a draft costs the same few queries however
long it is.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.utils import timezone

from lamtheobac.activities.models import (
    AttendanceStatus,
    Commendation,
    CommendationForm,
    Exemplar,
    Inspection,
    InspectionStatus,
    PilotModel,
    StudyKind,
    StudySession,
)
from lamtheobac.activities.selectors.study import held_q
from lamtheobac.cycle.models import (
    Breakthrough,
    Document,
    DocumentKind,
    Period,
    Record,
    RecordItem,
    RecordKind,
    RecordState,
    Result,
    Transition,
)
from lamtheobac.cycle.workflow import approved_q
from lamtheobac.lib import text
from lamtheobac.organisation import lineage
from lamtheobac.organisation.kinds import CELL_KINDS
from lamtheobac.organisation.models import (
    NON_PARTY_PERSON_KINDS,
    Org,
    OrgSpan,
    path_ids,
    subtree_bounds,
    subtree_q,
)
from lamtheobac.organisation.selectors import path_in
from lamtheobac.organisation.timeline import year_q

from .. import selectors as reports_selectors
from ..selectors import ChildRow, Figures
from .indicators import INDICATORS_FROM, Indicators, issuing_level
from .names import Names, names_of, suffix_for

TREE_PRINTED = 40  # a subtree of at most this many orgs is printed whole in the report's table

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
    as_of: datetime.date = datetime.date.max  # the day the figures stand at: nothing dated later is told
    lineage: bool = True  # today's tree, predecessors carried in; else each year's tree as it stood
    paths: dict[int, str | None] = field(default_factory=dict)  # the org's path in each year's tree
    # where each commended exemplar's org stood in the report's last year: it and its ancestors as (id, name,
    # kind) from the top down, to name a person "đảng viên Chi bộ thôn …, Đảng bộ xã …"
    places: dict[int, list[tuple[int, str, str]]] = field(default_factory=dict)
    # the reporting indicators of the last year the dashboard does not count (``indicators``)
    indicators: Indicators | None = None

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


def as_of_day(last: int) -> datetime.date:
    """The day a report's figures stand at: today, or the last day of its last year if that is past."""
    return min(timezone.localdate(), datetime.date(last, 12, 31))


def gather(org: Org, first: int, last: int, *, as_of: datetime.date | None = None) -> Facts:
    """Count everything once: a dashboard per year (≤ 11 years) and a dozen grouped queries. Nothing dated
    after ``as_of`` (by default ``as_of_day``) is counted or told."""
    rows = []
    board = None
    # today's unit over the years: its predecessors' years carried in (an org that was not there yet in 2016
    # writes its tổng kết with what the orgs it took over did). An org that has ended is no longer today's
    # unit of anything (its units went on elsewhere): its years are read as it was, so an ended district's
    # sơ kết reads what it was forever, and so does everything the draft lists beside the figures.
    carried_in = org.ended_on is None
    for year in range(first, last + 1):
        board = reports_selectors.dashboard(org, year, lineage=carried_in)
        rows.append(YearRow(year, board.total, board.rules.theme, board.rules.min_actions))
    assert board is not None
    # the whole subtree is printed only when small (``TREE_PRINTED``): a province's 14.000 orgs are
    # not read for a table that lists its children instead
    levels, named = reports_selectors.tree_figures(org, last, lineage=carried_in)
    tree = (
        [(level, name, f) for level, (name, f) in zip(levels, named, strict=True)]
        if len(levels) <= TREE_PRINTED
        else []
    )
    chain = list(Org.objects.filter(pk__in=path_ids(org.path)))
    chain.sort(key=lambda o: o.depth)
    facts = Facts(
        org=org,
        names=names_of(org.name, org.kind),
        first=first,
        last=last,
        rows=rows,
        children=board.children,
        tree=tree,
        carried=lineage.carried_words(org, first),
        as_of=min(as_of or as_of_day(last), as_of_day(last)),
        lineage=carried_in,
    )
    if not carried_in:
        facts.paths = {year: path_in(org, year) for year in range(first, last + 1)}
    _drop_later(facts)
    _read_documents(facts, chain)
    _read_breakthroughs(facts, chain)
    _read_pilots(facts)
    _read_commendations(facts)
    _read_places(facts)
    _read_inspections(facts)
    _read_returns(facts)
    if last >= INDICATORS_FROM:  # a report of earlier years keeps the tables of its time
        facts.indicators = read_indicators(facts.paths.get(last) or org.path, last)
    return facts


def _where(facts: Facts, field: str, year: str, years: range | None = None) -> Q:
    """Rows of the org's subtree in the report's years (or ``years``): through ``field`` (a foreign key to
    Org), dated by ``year`` (a lookup giving the year). Carried in, today's subtree; as it was, the subtree
    of each year's tree for the rows of that year."""
    years = years or range(facts.first, facts.last + 1)
    if facts.lineage:
        span = Q(**{f"{year}__gte": years[0], f"{year}__lte": years[-1]})
        return subtree_q(facts.org.path, f"{field}__path") & span
    found = Q(pk__in=[])
    for y in years:
        path = facts.paths.get(y)
        if path is None:
            continue
        low, high = subtree_bounds(path)
        stood = OrgSpan.objects.filter(year_q(y), path__gte=low, path__lt=high).values("org_id")
        found |= Q(**{year: y, f"{field}_id__in": stood})
    return found


def _drop_later(facts: Facts) -> None:
    """Take out of the last year's figures what is dated after ``as_of`` (a year still under way: a study
    session, a pilot model, a nomination, a commendation or an inspection entered ahead of its day), so that
    the draft never tells a fact dated after the day its figures stand at."""
    last = facts.last
    after = facts.as_of
    only = range(last, last + 1)
    row = facts.rows[-1]
    f = dataclasses.replace(row.figures)
    # a record of the year approved after the day (in January, for a report whose figures stand at 31-12)
    late = Record.objects.filter(
        approved_q(), _where(facts, "org", "year", only), approved_at__date__gt=after
    )
    approved_later = dict(late.values("kind").annotate(n=Count("id")).order_by().values_list("kind", "n"))
    f.plans_approved -= approved_later.get(RecordKind.PLAN, 0)
    f.commitments_approved -= approved_later.get(RecordKind.COMMITMENT, 0)
    facts.rows[-1] = dataclasses.replace(row, figures=f)
    if after >= datetime.date(last, 12, 31):
        return
    sessions = StudySession.objects.filter(
        held_q(), _where(facts, "org", "year", only), kind=StudyKind.THEMATIC
    )
    f.study_sessions -= sessions.filter(held_on__gt=after).count()
    # a cell whose every counted session of the year is still to come has not studied yet
    firsts = sessions.filter(org__kind__in=CELL_KINDS).values("org_id").annotate(first=Min("held_on"))
    f.cells_studied -= firsts.filter(first__gt=after).order_by().count()
    f.pilots_new -= PilotModel.objects.filter(
        _where(facts, "org", "started_on__year", only), started_on__gt=after
    ).count()
    f.exemplars_nominated -= Exemplar.objects.filter(
        _where(facts, "org", "year", only), nominated_on__gt=after
    ).count()
    commended = Commendation.objects.filter(_where(facts, "exemplar__org", "decided_on__year", only))
    early = commended.filter(decided_on__lte=after).values("exemplar_id")
    f.exemplars_commended -= (
        commended.filter(decided_on__gt=after)
        .exclude(exemplar_id__in=early)
        .values("exemplar_id")
        .distinct()
        .count()
    )
    f.inspections_done -= (
        Inspection.objects.filter(_where(facts, "org", "year", only), executed_on__gt=after)
        .exclude(status=InspectionStatus.PLANNED)
        .count()
    )
    facts.rows[-1] = dataclasses.replace(row, figures=f)


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
    docs = docs.filter(issued_on__lte=facts.as_of)
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
    pilots = PilotModel.objects.filter(_where(facts, "org", "started_on__year"), started_on__lte=facts.as_of)
    ranked = pilots.annotate(places=Count("replicated_to")).select_related("org")
    ranked = ranked.order_by("-places", "started_on", "id")
    facts.pilots = list(ranked[:MAIN_PILOTS])
    facts.pilots_in_range = facts.sum("pilots_new")
    facts.pilots_replicated = facts.final.pilots_replicated


def _read_commendations(facts: Facts) -> None:
    commendations = Commendation.objects.filter(
        _where(facts, "exemplar__org", "decided_on__year"), decided_on__lte=facts.as_of
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


def _read_places(facts: Facts) -> None:
    """Where the org of each listed exemplar stood in the report's last year (the tree has time: a cell of
    Lục Bình is Phủ Thông's in 2025), with its ancestors' names then, from the top down; in the year of its
    commendation when it no longer stood at the end of the report's last year."""
    wanted = {c.exemplar.org_id: c.decided_on.year for c in facts.commendations}
    if not wanted:
        return
    spans = OrgSpan.objects.filter(year_q(facts.last), org_id__in=list(wanted))
    where = {pk: (facts.last, path) for pk, path in spans.values_list("org_id", "path")}
    for pk, year in wanted.items():
        if pk not in where:
            span = OrgSpan.objects.filter(year_q(year), org_id=pk).values_list("path", flat=True).first()
            if span is not None:
                where[pk] = (year, span)
    named: dict[tuple[int, int], tuple[str, str]] = {}
    for year in {y for y, _p in where.values()}:
        ids = {i for y, path in where.values() if y == year for i in path_ids(path)}
        rows = OrgSpan.objects.filter(year_q(year), org_id__in=ids).values_list("org_id", "name", "kind")
        named.update({(year, org_id): (name, kind) for org_id, name, kind in rows})
    for pk, (year, path) in where.items():
        facts.places[pk] = [(i, *named[year, i]) for i in path_ids(path) if (year, i) in named]


def _read_inspections(facts: Facts) -> None:
    inspections = Inspection.objects.filter(_where(facts, "org", "year"))
    # done by the day the figures stand at: one carried out later is still to come
    done = ~Q(status=InspectionStatus.PLANNED) & ~Q(executed_on__gt=facts.as_of)
    grouped = inspections.values("kind").annotate(
        n=Count("id"),
        done=Count("id", filter=done),
        tw4=Count("id", filter=done & Q(focus__contains="Trung ương 4")),
    )
    facts.inspections = {row["kind"]: row for row in grouped.order_by()}


def _read_returns(facts: Facts) -> None:
    returned = Transition.objects.filter(
        _where(facts, "record__org", "record__year"),
        to_state=RecordState.RETURNED,
        at__date__lte=facts.as_of,
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


def read_indicators(org_path: str, year: int) -> Indicators:
    """The reporting indicators of ``year`` the dashboard does not count (``indicators``), in the subtree of
    ``org_path``: commendations by issuing level, attendances at thematic study (non-party ones apart),
    breakthrough contents chosen and resolved."""
    found = Indicators(year=year)
    under = subtree_q(org_path, "exemplar__org__path")
    rows = Commendation.objects.filter(under, decided_on__year=year).values_list("issuer", flat=True)
    found.commendations = Counter(issuing_level(issuer) for issuer in rows)

    sessions = StudySession.objects.filter(
        held_q(), subtree_q(org_path, "org__path"), year=year, kind=StudyKind.THEMATIC
    )
    # by the kind each person had at the end of the year (their membership then), as the dashboard counts
    present = (
        sessions.filter(
            year_q(year, "attendance__person__memberships__"), attendance__status=AttendanceStatus.PRESENT
        )
        .values("attendance__person__memberships__kind")
        .annotate(n=Count("attendance__id"))
        .order_by()
    )
    for row in present:
        found.attendances += row["n"]
        if row["attendance__person__memberships__kind"] in NON_PARTY_PERSON_KINDS:
            found.attendances_nonparty += row["n"]

    chosen = Breakthrough.objects.filter(subtree_q(org_path, "period__org__path"), period__year=year)
    found.breakthroughs_chosen = chosen.count()
    done = RecordItem.objects.filter(result=Result.DONE).values("breakthrough_id")
    found.breakthroughs_resolved = chosen.filter(Q(pk__in=done)).count()
    return found
