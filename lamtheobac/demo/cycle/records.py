"""The yearly cycle of the demo district: every year from 2016 to the current one.

2016–2020 follow the district report the product was born from: about 250 collectives with a plan each year, over
3,000 people with a commitment of at least three actions, 100% of both by 2020, yearly themes and the
district's breakthrough contents (administrative reform, urban management, encroachment on road-safety
corridors, the responsibility of the head of each unit, forest protection). Past years are reviewed, rated
and closed; the current year is open, with its deadlines around today and work in progress.

Data first (themes, breakthrough contents, pools of actions), then ``build_cycle``. Years are opened
through ``services.period_open``; records are written with bulk inserts and their fields set directly, with
the history rows the services would have left (the services would take minutes for ~36,000 records).
Each org draws from its own ``random.Random`` per year, seeded by the run's seed, the year and the org's
code, so a seed and a date always give the same data.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial

from django.contrib.auth.models import User
from django.db import connections, router, transaction
from django.db.models import Model
from django.utils import timezone

from lamtheobac.cycle import services
from lamtheobac.cycle.models import (
    DEFAULT_COMMITMENT_KINDS,
    Breakthrough,
    Document,
    DocumentKind,
    Evidence,
    InterimAssessment,
    InterimReviews,
    Period,
    PeriodEvent,
    Programme,
    ProgressNote,
    Rating,
    Record,
    RecordItem,
    RecordKind,
    RecordState,
    Result,
    Revision,
    Transition,
)
from lamtheobac.cycle.services import PeriodInput
from lamtheobac.organisation.models import Org, OrgKind, Person, path_ids
from lamtheobac.quality.models import RecordQuality

from ..data.bach_thong import ROOT_CODE
from ..data.deeds import (
    AGENCY_STEPS,
    BREAKTHROUGHS,
    CELL_STEPS,
    COMMITMENT_RATINGS,
    COMMITTEE_STEPS,
    COMMON,
    COMMUNE_CONTENTS,
    COMMUNE_STEPS,
    CT05,
    ETHICS,
    FIRST_YEAR,
    G_FOREST,
    G_HEALTH,
    G_MASS,
    G_MILITARY,
    G_OFFICE,
    G_POLICE,
    G_SCHOOL,
    G_TOWN,
    G_VILLAGE,
    GROUP_POOLS,
    GROUP_STEPS,
    HALF_YEAR_NOTES,
    HEAD,
    HEAD_TITLES,
    MASS_STEPS,
    NQTW4,
    OTHER_CONTENTS,
    OWN,
    PLAN_RATINGS,
    PROGRAMME_STEP,
    PROGRESS_NOTES,
    QD08,
    RATING_COMMENTS,
    RETURN_COMMENTS,
    SCORES,
    SELF_COMMENTS,
    SHORTFALLS,
    STYLE,
    THOUGHT,
    VAGUE,
    VAGUE_RATINGS,
    VAGUE_TARGETS,
    WORK,
    Step,
    district_breakthroughs,
    programmes_for,
    theme_for,
)

# --- The generator ------------------------------------------------------------------------------

# Every org but the province and district committees files a plan: the article's "gần 250 tập thể".
PLAN_ORG_KINDS = [OrgKind.GRASSROOTS_COMMITTEE, OrgKind.CELL, OrgKind.AGENCY, OrgKind.MASS_ORGANISATION]
# Coverage of the first years (people too young to have joined are left out as well); 100% from 2020.
PLAN_COVERAGE = {2016: 0.95, 2017: 0.975, 2018: 0.99, 2019: 0.996}
PERSON_COVERAGE = {2016: 0.955, 2017: 0.975, 2018: 0.988, 2019: 0.996}
SIZES = ((3, 50), (4, 35), (5, 15))  # actions per commitment, weighted
P_COPY_LAST_YEAR = 0.12  # the same commitment as last year, word for word
P_SAMPLE_CELL = 0.22  # a cell where a sample commitment goes round…
P_COPY_SAMPLE = 0.45  # …and this share of its members hand it in as their own
P_RETURN, P_RETURN_COPIED = 0.05, 0.2  # a leader sends it back once before approving
P_INTERIM, P_PROGRESS = 0.7, 0.12  # current year: mid-year self-assessment; a progress note


def sloppiness(year: int) -> float:
    """The share of people who write only vague actions: formalism recedes as the campaign goes on."""
    return max(0.04, 0.12 - 0.01 * (year - FIRST_YEAR))


def late_share(year: int) -> float:
    return max(0.02, 0.06 - 0.008 * (year - FIRST_YEAR))


@dataclass(frozen=True)
class Line:
    """One generated item, its content only (its result is drawn with the record's review)."""

    action: str
    target: str
    area: str
    topic: str = ""
    extra: tuple[str, ...] = ()
    due: str = ""
    timeframe: str = ""
    responsible: str = ""


@dataclass
class Unit:
    """An org as the generator sees it: its kind of work, its place name, who must write a commitment."""

    org: Org
    group: str
    place: str  # "thôn Nà Pài" for a village cell, else ""
    top_id: int | None  # the unit directly under the district that it belongs to (a commune…)
    head_title: str
    people: list[Person] = field(default_factory=list)
    cells: int = 0  # a committee's cells
    is_commune: bool = False


@dataclass
class Rules:
    """The rules in force at a unit in a year (the district's period, tightened by its commune's)."""

    year: int
    min_actions: int
    plan_deadline: datetime.date
    commitment_deadline: datetime.date
    midyear_deadline: datetime.date | None
    yearend_deadline: datetime.date
    programmes: tuple[str, ...]
    contents: dict[str, Breakthrough]  # topic → content; a commune's own content under OWN
    own_line: Line | None = None


@dataclass
class Draft:
    """A record being generated, with what its rows will hold."""

    record: Record
    lines: list[Line]
    writer: User | None
    on_behalf: bool
    approver: User | None
    copied: str = ""  # "last_year" / "colleague"
    sloppy: bool = False
    codes: list[tuple[str, ...]] = field(default_factory=list)
    contents: list[Breakthrough | None] = field(default_factory=list)
    results: list[tuple[str, str]] = field(default_factory=list)
    steps: list[tuple[str, str, datetime.datetime, User | None, bool, str]] = field(default_factory=list)
    revised_at: datetime.datetime | None = None
    revised_state: str = RecordState.DRAFT
    interim: list[tuple[str, str]] = field(default_factory=list)
    interim_at: datetime.datetime | None = None
    note: tuple[int, str, datetime.datetime] | None = None


@dataclass
class YearSummary:
    """What one year holds after the seed."""

    year: int
    closed: bool
    yearend_deadline: datetime.date | None = None
    plans: int = 0
    commitments: int = 0
    required_orgs: int = 0
    required_people: int = 0

    def line(self) -> str:
        from lamtheobac.lib.formatting import date, number, percent

        text = (
            f"Năm {self.year}: {number(self.plans)} kế hoạch, {number(self.commitments)} bản cam kết "
            f"({percent(self.plans, self.required_orgs)} tập thể, "
            f"{percent(self.commitments, self.required_people)} cá nhân)"
        )
        if self.closed:
            return text + "; đã kết thúc"
        return text + f"; đang thực hiện, hạn tự đánh giá cuối năm {date(self.yearend_deadline)}"


def _tz() -> datetime.tzinfo:
    return timezone.get_default_timezone()


def _day(rng: random.Random, lo: datetime.date, hi: datetime.date) -> datetime.date:
    """A day between ``lo`` and ``hi`` (``lo`` when the range is empty)."""
    if hi <= lo:
        return lo
    return lo + datetime.timedelta(days=rng.randint(0, (hi - lo).days))


class _Clock:
    """Working-hours moments for one record's history, each after the one before."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.tz, self.last = rng, _tz(), None

    def at(self, day: datetime.date) -> datetime.datetime:
        moment = datetime.datetime.combine(
            day, datetime.time(self.rng.randint(7, 16), self.rng.randint(0, 59)), tzinfo=self.tz
        )
        if self.last is not None and moment <= self.last:
            moment = self.last + datetime.timedelta(minutes=self.rng.randint(5, 120))
        self.last = moment
        return moment


def _moment(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=_tz())


def _due(year: int, due: str) -> datetime.date | None:
    ends = {"year": (12, 31), "h1": (6, 30), "q1": (3, 31), "q2": (6, 30), "q3": (9, 30), "q4": (12, 31)}
    if due not in ends:
        return None
    month, day = ends[due]
    return datetime.date(year, month, day)


def _fill(text: str, **values: str) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def _group(org: Org) -> str:
    name, code = org.name, org.code
    if org.kind == OrgKind.MASS_ORGANISATION or code.endswith("-MTDT"):
        return G_MASS
    if name.startswith("Chi bộ tiểu khu"):
        return G_TOWN
    if name.startswith("Chi bộ thôn"):
        return G_VILLAGE
    if "Trường" in name:
        return G_SCHOOL
    if code.endswith("-TTYT"):
        return G_HEALTH
    if "Công an" in name:
        return G_POLICE
    if "Quân sự" in name or code.startswith("BT-QS"):
        return G_MILITARY
    if code.endswith("-KL"):
        return G_FOREST
    return G_OFFICE


def is_head(position: str) -> bool:
    return position.startswith(HEAD_TITLES)


def _insert_rows(model: type[Model], rows: list[dict]) -> None:
    """Insert plain rows with one ``executemany``: for the hundreds of thousands of items, tags and history
    rows, building model instances would take most of the seed's time.

    Every concrete column is written: a value the row lacks takes the field's default (a timestamp: now), so
    a column added to the model later still gets a value. Values go through the backend's adapters.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    ops = connection.ops
    columns = []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        kind = f.get_internal_type()
        if kind == "DateTimeField":
            adapt = ops.adapt_datetimefield_value
        elif kind == "DateField":
            adapt = ops.adapt_datefield_value
        elif kind in _PLAIN_COLUMNS:
            adapt = None
        else:
            adapt = partial(f.get_db_prep_save, connection=connection)
        now = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        default = timezone.now() if now else f.get_default()
        columns.append((f.attname, f.column, adapt, default))
    names = ", ".join(ops.quote_name(column) for _, column, _, _ in columns)
    marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    head = f"INSERT INTO {ops.quote_name(model._meta.db_table)} ({names}) VALUES "  # noqa: S608 (names from the model)
    values = []  # column by column: far fewer Python calls than row by row
    for attname, _, adapt, default in columns:
        column = [row.get(attname, default) for row in rows]
        if adapt is not None:
            column = [None if v is None else adapt(v) for v in column]
        values.append(column)
    params = list(zip(*values, strict=True))
    # executemany: SQLite loops in C, psycopg pipelines; and under DEBUG (which seed_demo requires) Django
    # logs it as one line instead of rendering a statement with thousands of parameters.
    with connection.cursor() as cursor:
        cursor.executemany(head + marks, params)


_PLAIN_COLUMNS = {
    "CharField", "TextField", "BooleanField", "IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
    "SmallIntegerField", "BigIntegerField", "ForeignKey", "OneToOneField", "URLField", "EmailField", "SlugField",
}  # fmt: skip


class _Demo:
    """Loads the district once, then writes one year after the other."""

    def __init__(self, seed: int, today: datetime.date) -> None:
        from ..logins import DEMO_USERNAMES, LUC_BINH, LUC_BINH_FIRST_CELL

        self.seed, self.today = seed, today
        self.root = Org.objects.get(code=ROOT_CODE)
        orgs = list(Org.objects.filter(path__startswith=self.root.path, active=True).order_by("path"))
        first_position: dict[int, str] = {}
        council_chair: dict[int, str] = {}
        for org_id, position in Person.objects.order_by("id").values_list("org_id", "position"):
            first_position.setdefault(org_id, position)
            if position.startswith("Chủ tịch Ủy ban nhân dân"):
                council_chair.setdefault(org_id, position)
        self.units: list[Unit] = []
        by_id: dict[int, Unit] = {}
        for org in orgs:
            ids = path_ids(org.path)
            head = council_chair.get(org.pk) or first_position.get(org.pk) or "Ban Thường vụ Đảng ủy"
            if org.kind == OrgKind.GRASSROOTS_COMMITTEE:
                head = "Ban Thường vụ Đảng ủy"
            group = _group(org)
            unit = Unit(
                org=org, group=group, top_id=ids[1] if len(ids) > 1 else None, head_title=head,
                place=org.name.removeprefix("Chi bộ ") if group in (G_VILLAGE, G_TOWN) else "",
            )  # fmt: skip
            self.units.append(unit)
            by_id[org.pk] = unit
            if org.parent_id in by_id and org.kind == OrgKind.CELL:
                by_id[org.parent_id].cells += 1
            if org.parent_id in by_id and org.kind == OrgKind.MASS_ORGANISATION:
                by_id[org.parent_id].is_commune = True
        people = Person.objects.filter(active=True, kind__in=DEFAULT_COMMITMENT_KINDS, org__in=orgs)
        for person in people.order_by("id"):
            by_id[person.org_id].people.append(person)
        self.by_id = by_id
        self.required_people = sum(len(u.people) for u in self.units)
        self.required_orgs = sum(1 for u in self.units if u.org.kind in PLAN_ORG_KINDS)
        self.programmes = {p.code: p for p in Programme.objects.all()}

        # The demo logins: who writes, approves and closes what they may see in the demo.
        users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
        people = {p.user_id: p.pk for p in Person.objects.filter(user__in=users.values())}
        self.officer = users.get("chuyenvien") or users.get("admin")
        self.commune_leader = users.get("bithu_lucbinh")
        self.cell_leader = users.get("bithu_chibo")
        self.member = users.get("dangvien")
        self.user_of = {people[u.pk]: u for u in users.values() if u.pk in people}
        self.person_of = {u.username: people[u.pk] for u in users.values() if u.pk in people}
        self.luc_binh = Org.objects.filter(code=LUC_BINH).first()
        self.first_cell = Org.objects.filter(code=LUC_BINH_FIRST_CELL).first()
        # The oldest members of the demo cell do not use the system: their leader writes for them.
        self.on_behalf: set[int] = set()
        if self.first_cell is not None and self.cell_leader is not None:
            cell_people = [p for p in by_id[self.first_cell.pk].people if p.pk not in self.user_of]
            cell_people.sort(key=lambda p: (p.birth_year or 9999, p.pk))
            self.on_behalf = {p.pk for p in cell_people[:3]}
        self.last_year: dict[int, list[Line]] = {}
        self.last_plans: dict[int, list[Line]] = {}

    def rng(self, year: int, code: str) -> random.Random:
        from ..tree import unit_rng

        return unit_rng(self.seed, f"{year}:{code}")

    # --- Years ------------------------------------------------------------------------------

    def deadlines(self, year: int) -> dict:
        """Inside the year (2016: after Chỉ thị 05 of 15/5/2016); the current year's year-end review at least
        two weeks from today (else two and a half weeks from today)."""
        if year == FIRST_YEAR:
            found = {
                "plan_deadline": datetime.date(year, 6, 30),
                "commitment_deadline": datetime.date(year, 7, 15),
                "midyear_deadline": None,
                "yearend_deadline": datetime.date(year, 12, 15),
                "interim_reviews": InterimReviews.NONE,
            }
        else:
            found = {
                "plan_deadline": datetime.date(year, 3, 31),
                "commitment_deadline": datetime.date(year, 4, 15),
                "midyear_deadline": datetime.date(year, 6, 30),
                "yearend_deadline": datetime.date(year, 12, 15),
                "interim_reviews": InterimReviews.MIDYEAR,
            }
        if year == self.today.year and found["yearend_deadline"] < self.today + datetime.timedelta(days=14):
            found["yearend_deadline"] = self.today + datetime.timedelta(days=18)
        return found

    def opened_on(self, year: int) -> datetime.date:
        """The district opens its year in early January (2016: ten days after Chỉ thị 05); never after today."""
        day = datetime.date(2016, 5, 25) if year == FIRST_YEAR else datetime.date(year, 1, 8)
        return min(day, self.today)

    def first_day(self, year: int) -> datetime.date:
        """The first day plans and commitments are written: the day after the year opens."""
        return self.opened_on(year) + datetime.timedelta(days=1)

    def open_year(self, year: int) -> dict[int | None, Rules]:
        """Open the year at the district and at the communes adding their own content; the rules per unit."""
        rng = self.rng(year, f"{ROOT_CODE}:periods")
        dates = self.deadlines(year)
        codes = programmes_for(year)
        programmes = [self.programmes[c] for c in codes if c in self.programmes]
        topics = district_breakthroughs(year)
        district = services.period_open(
            actor=self.officer, org=self.root,
            data=PeriodInput(
                year=year, theme=theme_for(year), min_actions=3, plan_org_kinds=list(PLAN_ORG_KINDS),
                programmes=programmes, breakthroughs=[BREAKTHROUGHS[t] for t in topics], **dates,
            ),
        )  # fmt: skip
        contents = dict(zip(topics, district.breakthroughs.order_by("sort_order"), strict=True))
        base = Rules(
            year=year, min_actions=3, plan_deadline=dates["plan_deadline"],
            commitment_deadline=dates["commitment_deadline"], midyear_deadline=dates["midyear_deadline"],
            yearend_deadline=dates["yearend_deadline"], programmes=codes, contents=contents,
        )  # fmt: skip
        rules: dict[int | None, Rules] = {None: base}
        periods = [district]
        communes = {u.org.code: u for u in self.units if u.is_commune}
        own = [(c.code, c.min_actions, c.titles[(year - c.since) % len(c.titles)])
               for c in COMMUNE_CONTENTS if c.since <= year and c.code in communes]  # fmt: skip
        others = sorted(set(communes) - {code for code, _, _ in own})
        for code in rng.sample(others, k=min(2, len(others))):
            own.append((code, 3, rng.choice(OTHER_CONTENTS)))
        for code, min_actions, title in own:
            unit = communes[code]
            earlier = datetime.timedelta(days=rng.choice((3, 5, 7, 10)))
            yearend = dates["yearend_deadline"] - datetime.timedelta(days=rng.choice((0, 0, 3, 5)))
            if year == self.today.year and yearend < self.today + datetime.timedelta(days=7):
                yearend = dates["yearend_deadline"]
            mine = {
                **dates,
                "plan_deadline": dates["plan_deadline"] - earlier,
                "commitment_deadline": dates["commitment_deadline"] - earlier,
                "yearend_deadline": yearend,
            }
            actor = (
                self.commune_leader if self.luc_binh is not None and unit.org.pk == self.luc_binh.pk else None
            )
            period = services.period_open(
                actor=actor, org=unit.org,
                data=PeriodInput(year=year, min_actions=min_actions, plan_org_kinds=list(PLAN_ORG_KINDS),
                                 programmes=programmes, breakthroughs=[title], **mine),
            )  # fmt: skip
            periods.append(period)
            content = period.breakthroughs.get()
            commune = unit.org.name.replace("Đảng bộ", "Đảng ủy", 1)
            rules[unit.org.pk] = Rules(
                year=year, min_actions=max(3, min_actions), plan_deadline=mine["plan_deadline"],
                commitment_deadline=mine["commitment_deadline"], midyear_deadline=dates["midyear_deadline"],
                yearend_deadline=yearend, programmes=codes, contents={**contents, OWN: content},
                own_line=Line(
                    f"Thực hiện nội dung đột phá của {commune}: {title[0].lower()}{title[1:]}",
                    "Hoàn thành phần việc được chi bộ phân công", WORK, OWN, due="year",
                ),
            )  # fmt: skip
        opened = _moment(self.opened_on(year))
        ids = [p.pk for p in periods]
        Period.objects.filter(pk__in=ids).update(opened_at=opened)
        PeriodEvent.objects.filter(period_id__in=ids).update(at=opened)
        self.documents(year, district, rng)
        self.periods = periods
        return rules

    def documents(self, year: int, period: Period, rng: random.Random) -> None:
        """The directing documents of the year: the Politburo's texts, the district's plan and report."""
        kh = f"{rng.randint(20, 60)}-KH/HU"
        docs = []
        if year == FIRST_YEAR:
            docs.append(
                (
                    "05-CT/TW",
                    DocumentKind.DIRECTIVE,
                    datetime.date(2016, 5, 15),
                    "Bộ Chính trị",
                    "Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                )
            )
            docs.append(
                (
                    kh,
                    DocumentKind.PLAN,
                    self.opened_on(year),
                    "Huyện ủy Bạch Thông",
                    "Kế hoạch thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị",
                )
            )
        else:
            docs.append(
                (
                    kh,
                    DocumentKind.PLAN,
                    self.opened_on(year),
                    "Huyện ủy Bạch Thông",
                    f"Kế hoạch học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm {year}",
                )
            )
        if year == 2021:
            docs.append(
                (
                    "01-KL/TW",
                    DocumentKind.CONCLUSION,
                    datetime.date(2021, 5, 18),
                    "Bộ Chính trị",
                    "Kết luận về tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị khóa XII",
                )
            )
        if year < self.today.year:
            docs.append(
                (
                    f"{rng.randint(150, 260)}-BC/HU",
                    DocumentKind.REPORT,
                    datetime.date(year, 12, 20),
                    "Huyện ủy Bạch Thông",
                    f"Báo cáo kết quả thực hiện Chỉ thị số 05-CT/TW năm {year}",
                )
            )
        officer = self.officer.pk if self.officer else None
        _insert_rows(Document, [
            {"org_id": self.root.pk, "period_id": period.pk, "number": number, "kind": kind, "issued_on": issued,
             "issuer": issuer, "title": title, "uploaded_by_id": officer, "uploaded_at": _moment(issued, 15)}
            for number, kind, issued, issuer, title in docs
        ])  # fmt: skip

    def close_year(self, year: int) -> None:
        closed = self.closing(year)
        Period.objects.filter(pk__in=[p.pk for p in self.periods]).update(
            state=Period.State.CLOSED, closed_at=closed, closed_by=self.officer
        )
        officer = self.officer.pk if self.officer else None
        _insert_rows(PeriodEvent, [{"period_id": p.pk, "action": "closed", "actor_id": officer, "at": closed}
                                   for p in self.periods])  # fmt: skip

    def closing(self, year: int) -> datetime.datetime:
        return _moment(datetime.date(year + 1, 1, 12), 15)

    # --- Records ----------------------------------------------------------------------------

    def year(self, year: int) -> YearSummary:
        rules_by_top = self.open_year(year)
        past = year < self.today.year
        drafts: list[Draft] = []
        # Nothing is written the day a year opens; on the current year's first days there may be nothing yet.
        units = self.units if past or self.first_day(year) < self.today else []
        for unit in units:
            rules = rules_by_top.get(unit.top_id) or rules_by_top[None]
            rng = self.rng(year, unit.org.code)
            if unit.org.kind in PLAN_ORG_KINDS:
                draft = self.plan(rng, unit, rules, past)
                if draft is not None:
                    drafts.append(draft)
            drafts += self.commitments(rng, unit, rules, past)
        summary = self.write(year, drafts, past)
        summary.yearend_deadline = rules_by_top[None].yearend_deadline
        if past:
            self.close_year(year)
        self.last_year = {d.record.person_id: d.lines for d in drafts if d.record.person_id}
        self.last_plans = {d.record.org_id: d.lines for d in drafts if not d.record.person_id}
        return summary

    def plan(self, rng: random.Random, unit: Unit, rules: Rules, past: bool) -> Draft | None:
        year = rules.year
        if past and rng.random() > PLAN_COVERAGE.get(year, 1.0):
            return None
        state = RecordState.RATED if past else self.current_state(rng, rules.plan_deadline, rules)
        code = unit.org.code
        if not past and self.luc_binh is not None and unit.top_id == self.luc_binh.pk:
            # The commune secretary has plans waiting: two submitted, one returned.
            state = {"BT-LB-CB01": RecordState.APPROVED, "BT-LB-CB02": RecordState.SUBMITTED,
                     "BT-LB-CB03": RecordState.SUBMITTED, "BT-LB-CB04": RecordState.RETURNED}.get(code, state)  # fmt: skip
        if state is None:
            return None
        last = self.last_plans.get(unit.org.pk)
        copied = ""
        if last and rng.random() < P_COPY_LAST_YEAR:
            lines, copied = list(last), "last_year"
        else:
            lines = self.plan_lines(rng, unit, rules)
        writer = None
        if self.first_cell is not None and unit.org.pk == self.first_cell.pk:
            writer = self.cell_leader
        elif self.luc_binh is not None and unit.org.pk == self.luc_binh.pk:
            writer = self.commune_leader
        approver = None
        if self.luc_binh is not None and unit.top_id == self.luc_binh.pk and unit.org.pk != self.luc_binh.pk:
            approver = self.commune_leader
        record = Record(kind=RecordKind.PLAN, year=year, org=unit.org, created_by=writer)
        draft = Draft(record, lines, writer, False, approver, copied=copied)
        self.tag(rng, draft, rules, person_head=False)
        self.play(rng, draft, state, rules.plan_deadline, rules, PLAN_RATINGS)
        return draft

    def plan_lines(self, rng: random.Random, unit: Unit, rules: Rules) -> list[Line]:
        year, kind = rules.year, unit.org.kind

        def valid(steps: Sequence[Step]) -> list[Step]:
            return [s for s in steps if s.since <= year]

        def some(steps: Sequence[Step], k: int) -> list[Step]:
            steps = valid(steps)
            favoured = [s for s in steps if s.topic in rules.contents]
            picked = rng.sample(favoured, k=min(len(favoured), rng.randint(0, 2)))
            rest = [s for s in steps if s not in picked]
            picked += rng.sample(rest, k=max(0, min(k - len(picked), len(rest))))
            return sorted(picked, key=steps.index)

        head = {"head": unit.head_title}
        lines: list[Line] = []
        if kind == OrgKind.GRASSROOTS_COMMITTEE:
            chosen = some(COMMITTEE_STEPS, rng.randint(3, 4))
            if unit.is_commune:
                chosen.insert(1, COMMUNE_STEPS[0])
            district = [t for t in rules.contents if t != OWN]
            topics = rng.sample(district, k=min(2, len(district)))
            topics += [OWN] if OWN in rules.contents else []
            for topic in topics:
                content = rules.contents[topic]
                lines.append(self.step_line(rng, PROGRAMME_STEP, unit, title=content.title, topic=topic))
        elif kind == OrgKind.CELL:
            chosen = some(CELL_STEPS, 3) + some(GROUP_STEPS[unit.group], rng.randint(2, 3))
        elif kind == OrgKind.MASS_ORGANISATION:
            chosen = some(MASS_STEPS, rng.randint(3, 4))
        else:
            chosen = some(AGENCY_STEPS, 3)
        lines = [self.step_line(rng, s, unit, **head) for s in chosen[:1]] + lines
        lines += [self.step_line(rng, s, unit, **head) for s in chosen[1:]]
        return lines

    def step_line(self, rng: random.Random, step: Step, unit: Unit, *, title: str = "", topic: str = "",
                  head: str = "") -> Line:  # fmt: skip
        n = rng.choice(step.nums) if step.nums else ""
        values = {"head": head or unit.head_title, "n": n, "k": str(unit.cells), "title": title}
        return Line(
            action=_fill(step.action, **values), target=_fill(step.target, **values), area=step.area,
            topic=topic or step.topic, extra=step.extra, timeframe=step.timeframe,
            responsible=_fill(step.responsible, **values),
        )  # fmt: skip

    def commitments(self, rng: random.Random, unit: Unit, rules: Rules, past: bool) -> list[Draft]:
        if not unit.people:
            return []
        year = rules.year
        sample = None
        if rng.random() < P_SAMPLE_CELL:
            size = max(4, rules.min_actions)
            sample = self.commitment_lines(rng, unit, rules, size, head=False, sloppy=rng.random() < 0.3)
        forced = self.forced_states(rng, unit, rules) if not past else {}
        drafts = []
        for person in unit.people:
            if past:
                too_young = person.birth_year is not None and person.birth_year > year - 19
                missed = rng.random() > PERSON_COVERAGE.get(year, 1.0)
                if (too_young or missed) and person.pk not in self.user_of:
                    continue
                state = RecordState.RATED
            else:
                state = forced.get(person.pk, self.current_state(rng, rules.commitment_deadline, rules))
            if state is None:
                continue
            drafts.append(self.commitment(rng, unit, person, rules, state, sample))
        return drafts

    def forced_states(self, rng: random.Random, unit: Unit, rules: Rules) -> dict[int, str | None]:
        """The current year in the demo cell: the member's draft, a queue for the cell's leader."""
        if self.first_cell is None or unit.org.pk != self.first_cell.pk:
            return {}
        forced: dict[int, str | None] = {}
        if "dangvien" in self.person_of:
            forced[self.person_of["dangvien"]] = RecordState.DRAFT
        if "bithu_chibo" in self.person_of:
            forced[self.person_of["bithu_chibo"]] = RecordState.APPROVED
        others = [p.pk for p in unit.people if p.pk not in forced and p.pk not in self.on_behalf]
        behalf = sorted(self.on_behalf)
        waiting = behalf[:1] + rng.sample(others, k=min(4, len(others)))
        for pk in waiting:
            forced[pk] = RecordState.SUBMITTED
        rest = [pk for pk in others + behalf if pk not in forced]
        returned = rng.choice(rest) if rest else None
        assessing = self.today >= rules.yearend_deadline - datetime.timedelta(days=30)
        for pk in rest:
            done = (RecordState.APPROVED,) * 6 + ((RecordState.SELF_ASSESSED,) if assessing else ())
            forced[pk] = RecordState.RETURNED if pk == returned else rng.choice(done)
        return forced

    def current_state(self, rng: random.Random, deadline: datetime.date, rules: Rules) -> str | None:
        """A state for the current year, by where today falls in it (None: not started)."""
        today = self.today
        if today <= deadline:
            mix = ((None, 25), (RecordState.DRAFT, 30), (RecordState.SUBMITTED, 20), (RecordState.RETURNED, 5),
                   (RecordState.APPROVED, 20))  # fmt: skip
        elif today < rules.yearend_deadline - datetime.timedelta(days=30):
            mix = ((None, 2), (RecordState.DRAFT, 3), (RecordState.SUBMITTED, 5), (RecordState.RETURNED, 2),
                   (RecordState.APPROVED, 88))  # fmt: skip
        else:
            mix = ((None, 1.5), (RecordState.DRAFT, 2.5), (RecordState.SUBMITTED, 4.5), (RecordState.RETURNED, 2),
                   (RecordState.APPROVED, 77.5), (RecordState.SELF_ASSESSED, 10.5), (RecordState.RATED, 1.5))  # fmt: skip
        return rng.choices([s for s, _ in mix], weights=[w for _, w in mix])[0]

    def commitment(self, rng: random.Random, unit: Unit, person: Person, rules: Rules, state: str,
                   sample: list[Line] | None) -> Draft:  # fmt: skip
        head = is_head(person.position)
        size = max(rules.min_actions, rng.choices([n for n, _ in SIZES], weights=[w for _, w in SIZES])[0])
        sloppy = rng.random() < sloppiness(rules.year)
        last = self.last_year.get(person.pk)
        copied = ""
        if person.pk == self.person_of.get("dangvien") and state == RecordState.DRAFT:
            lines = self.commitment_lines(rng, unit, rules, 2, head=head, sloppy=False)  # half-written
        elif last and rng.random() < P_COPY_LAST_YEAR:
            lines, copied = list(last), "last_year"
        elif sample and rng.random() < P_COPY_SAMPLE:
            lines, copied = list(sample), "colleague"
        else:
            lines = self.commitment_lines(rng, unit, rules, size, head=head, sloppy=sloppy)
        if state != RecordState.DRAFT and len(lines) < rules.min_actions:
            more = self.commitment_lines(rng, unit, rules, 5, head=head, sloppy=False)
            have = {line.action for line in lines}
            lines += [line for line in more if line.action not in have][: rules.min_actions - len(lines)]
        sloppy = sloppy or sum(not line.target or line.target in VAGUE_TARGETS for line in lines) >= 2
        writer, on_behalf = self.user_of.get(person.pk), False
        if writer is None and person.pk in self.on_behalf:
            writer, on_behalf = self.cell_leader, True
        approver = None
        if self.first_cell is not None and unit.org.pk == self.first_cell.pk:
            approver = (
                self.commune_leader if person.pk == self.person_of.get("bithu_chibo") else self.cell_leader
            )
        record = Record(
            kind=RecordKind.COMMITMENT, year=rules.year, org=unit.org, person=person, created_by=writer,
            entered_on_behalf=on_behalf,
        )  # fmt: skip
        draft = Draft(record, lines, writer, on_behalf, approver, copied=copied, sloppy=sloppy)
        self.tag(rng, draft, rules, person_head=head)
        ratings = VAGUE_RATINGS if sloppy else COMMITMENT_RATINGS
        self.play(rng, draft, state, rules.commitment_deadline, rules, ratings)
        return draft

    def commitment_lines(self, rng: random.Random, unit: Unit, rules: Rules, n: int, *, head: bool,
                         sloppy: bool) -> list[Line]:  # fmt: skip
        """Usually one action each for thought, ethics or style, and work, then more: concrete with a
        measurable target, or (the sloppy, and now and then anyone) vague."""
        year = rules.year
        pool = [d for d in GROUP_POOLS[unit.group] + COMMON if d.since <= year <= d.until]
        slots: list[tuple[str, ...] | str] = [(THOUGHT,), (ETHICS, STYLE), (WORK,)]
        for i in range(n - 3):
            if i == 0 and head and rng.random() < 0.8:
                slots.append("head")
            elif rules.own_line is not None and "own" not in slots and rng.random() < 0.4:
                slots.append("own")
            else:
                slots.append((THOUGHT, ETHICS, STYLE, WORK))
        lines: list[Line] = []
        seen: set[str] = set()
        for slot in slots[:n]:
            if slot == "own" and rules.own_line is not None:
                lines.append(rules.own_line)
                continue
            areas = (STYLE, ETHICS, WORK) if slot == "head" else slot
            if rng.random() < (0.75 if sloppy else 0.06):
                cands = [d for d in VAGUE if d.area in areas and d.action not in seen] or [
                    d for d in VAGUE if d.action not in seen
                ]
                deed = rng.choice(cands)
                seen.add(deed.action)
                lines.append(Line(deed.action, rng.choice(VAGUE_TARGETS), deed.area, due="year"))
                continue
            source = HEAD if slot == "head" else pool
            cands = [d for d in source if d.area in areas and d.action not in seen] or [
                d for d in pool if d.action not in seen
            ]
            favoured = [d for d in cands if d.topic and d.topic in rules.contents]
            deed = rng.choice(favoured if favoured and rng.random() < 0.5 else cands)
            seen.add(deed.action)
            n_ = rng.choice(deed.nums) if deed.nums else ""
            lines.append(Line(
                _fill(deed.action, n=n_, place=unit.place), _fill(deed.target, n=n_, place=unit.place), deed.area,
                deed.topic, deed.extra, deed.due, deed.timeframe,
            ))  # fmt: skip
        return lines

    def tag(self, rng: random.Random, draft: Draft, rules: Rules, *, person_head: bool) -> None:
        """Programmes and breakthrough contents per item, as the writer would tick them."""
        for line in draft.lines:
            codes = {CT05} | (set(line.extra) & set(rules.programmes))
            if NQTW4 in rules.programmes and line.area in (THOUGHT, ETHICS) and rng.random() < 0.3:
                codes.add(NQTW4)
            if QD08 in rules.programmes and person_head and rng.random() < 0.5:
                codes.add(QD08)
            draft.codes.append(tuple(sorted(codes)))
            content = rules.contents.get(line.topic) if line.topic else None
            draft.contents.append(content if content is not None and rng.random() < 0.85 else None)

    # --- A record's history ----------------------------------------------------------------

    def play(self, rng: random.Random, draft: Draft, target: str, deadline: datetime.date, rules: Rules,
             ratings: Sequence[tuple[str, float]]) -> None:  # fmt: skip
        """Walk the record from draft to ``target`` (past years: to rated, then locked at the close), setting
        its fields and the history rows, with dates in its year and never after yesterday."""
        rec, year = draft.record, rules.year
        past = year < self.today.year
        clock = _Clock(rng)
        start = self.first_day(year)
        hi = datetime.date(year, 12, 31) if past else max(start, self.today - datetime.timedelta(days=1))
        w, ob, ap = draft.writer, draft.on_behalf, draft.approver
        S_ = RecordState

        def step(frm: str, to: str, at: datetime.datetime, actor: User | None, behalf: bool = False,
                 comment: str = "") -> None:  # fmt: skip
            draft.steps.append((frm, to, at, actor, behalf, comment))

        if not past and target in (S_.SELF_ASSESSED, S_.RATED):
            if rules.yearend_deadline - datetime.timedelta(days=30) > hi:  # too early in the year
                target = S_.APPROVED
        version = 2 if draft.lines else 1
        if target == S_.DRAFT:
            day = (
                self.today - datetime.timedelta(days=6)
                if w is not None and w == self.member
                else _day(rng, start, hi)
            )
            created = clock.at(max(start, min(day, hi)))
        else:
            created = clock.at(_day(rng, start, min(deadline - datetime.timedelta(days=2), hi)))
        rec.created_at = created
        step("", S_.DRAFT, created, w, ob)
        draft.revised_at, draft.revised_state = created, S_.DRAFT
        rec.state = S_.DRAFT
        if target != S_.DRAFT:
            created_day = created.date()
            if target == S_.SUBMITTED and not past and self.today > deadline:
                submit_day = _day(rng, max(created_day, hi - datetime.timedelta(days=40)), hi)
            elif rng.random() < late_share(year):
                submit_day = min(deadline + datetime.timedelta(days=rng.randint(1, 35)), hi)
            else:
                submit_day = _day(rng, created_day, min(deadline, hi))
            submitted = clock.at(max(submit_day, created_day))
            step(S_.DRAFT, S_.SUBMITTED, submitted, w, ob)
            rec.state = S_.SUBMITTED
            p_return = P_RETURN_COPIED if (draft.copied or draft.sloppy) else P_RETURN
            if target == S_.RETURNED or (target != S_.SUBMITTED and rng.random() < p_return):
                comment = self.return_comment(rng, draft)
                day = submitted.date()
                returned = clock.at(_day(rng, day, min(day + datetime.timedelta(days=5), hi)))
                step(S_.SUBMITTED, S_.RETURNED, returned, ap, comment=comment)
                rec.state = S_.RETURNED
                if target == S_.RETURNED:
                    rec.return_comment = comment
                else:
                    day = returned.date()
                    submitted = clock.at(_day(rng, day, min(day + datetime.timedelta(days=7), hi)))
                    version += 1
                    draft.revised_at, draft.revised_state = submitted, S_.RETURNED
                    step(S_.RETURNED, S_.SUBMITTED, submitted, w, ob)
                    rec.state = S_.SUBMITTED
            rec.submitted_at = submitted
            rec.is_late = submitted.date() > deadline
        if rec.state == S_.SUBMITTED and target not in (S_.SUBMITTED, S_.RETURNED):
            day = rec.submitted_at.date()
            approved = clock.at(_day(rng, day, min(day + datetime.timedelta(days=10), hi)))
            step(S_.SUBMITTED, S_.APPROVED, approved, ap)
            rec.state, rec.approved_at, rec.approved_by = S_.APPROVED, approved, ap
            if not past and rules.midyear_deadline and self.today > rules.midyear_deadline:
                self.halfway(rng, draft, rules)
            if not past and target == S_.APPROVED and rng.random() < P_PROGRESS * (5 if ap else 1):
                self.progress(rng, draft, hi)
        if target in (S_.SELF_ASSESSED, S_.RATED):
            rating = rng.choices([r for r, _ in ratings], weights=[w_ for _, w_ in ratings])[0]
            draft.results = self.results(rng, len(draft.lines), rating)
            if past:
                day = datetime.date(
                    year, 12, rng.randint(16, 22) if rng.random() < 0.04 else rng.randint(1, 14)
                )
            else:
                day = _day(
                    rng, max(rec.approved_at.date(), rules.yearend_deadline - datetime.timedelta(days=30)), hi
                )
            assessed = clock.at(max(day, rec.approved_at.date()))
            version += 1
            rec.self_comment = rng.choice(SELF_COMMENTS)
            rec.self_assessed_at = assessed
            step(S_.APPROVED, S_.SELF_ASSESSED, assessed, w, ob)
            draft.revised_at, draft.revised_state = assessed, S_.SELF_ASSESSED
            rec.state = S_.SELF_ASSESSED
            if target == S_.RATED:
                day = assessed.date()
                last = datetime.date(year, 12, 31) if past else hi
                rated = clock.at(_day(rng, day, min(day + datetime.timedelta(days=10), last)))
                score = rng.randint(*SCORES[rating])
                rec.rating, rec.score, rec.rated_at, rec.rated_by = rating, score, rated, ap
                rec.rating_comment = rng.choice(RATING_COMMENTS[rating])
                step(S_.SELF_ASSESSED, S_.RATED, rated, ap, comment=f"{Rating(rating).label} ({score} điểm)")
                rec.state = S_.RATED
        if past:
            closed = self.closing(year)
            step(rec.state, S_.LOCKED, closed, self.officer, comment=f"Kết thúc năm {year}")
            rec.state_before_lock, rec.state = rec.state, S_.LOCKED
        rec.version = version
        rec.updated_at = draft.steps[-1][2]

    def return_comment(self, rng: random.Random, draft: Draft) -> str:
        if draft.copied == "last_year":
            return RETURN_COMMENTS[3]
        if draft.copied == "colleague":
            return RETURN_COMMENTS[4]
        if draft.sloppy:
            return RETURN_COMMENTS[0]
        return rng.choice((RETURN_COMMENTS[1], RETURN_COMMENTS[2], RETURN_COMMENTS[5]))

    def results(self, rng: random.Random, n: int, rating: str) -> list[tuple[str, str]]:
        """Item results agreeing with the rating the leader will give."""
        results = [(Result.DONE.value, "")] * n
        if rating == Rating.EXCELLENT:
            if rng.random() < 0.3:
                results[rng.randrange(n)] = (Result.DONE.value, "Vượt chỉ tiêu đăng ký.")
        elif rating == Rating.GOOD:
            if rng.random() < 0.3:
                results[rng.randrange(n)] = (Result.PARTLY.value, rng.choice(SHORTFALLS))
        elif rating == Rating.COMPLETED:
            picked = rng.sample(range(n), k=min(n, rng.choice((1, 2))))
            for i, pos in enumerate(picked):
                result = Result.NOT_DONE if i == 0 and rng.random() < 0.3 else Result.PARTLY
                results[pos] = (result.value, rng.choice(SHORTFALLS))
        else:
            for i, pos in enumerate(rng.sample(range(n), k=max(1, (n + 1) // 2 + 1) if n > 1 else 1)):
                result = Result.NOT_DONE if i < (n + 1) // 2 else Result.PARTLY
                results[pos] = (result.value, rng.choice(SHORTFALLS))
        return results

    def halfway(self, rng: random.Random, draft: Draft, rules: Rules) -> None:
        """The mid-year self-assessment, for most approved records of the current year."""
        if draft.record.person_id is None or rng.random() > P_INTERIM:
            return
        mix = ((Result.DONE, 35), (Result.PARTLY, 58), (Result.NOT_DONE, 7))
        for _ in draft.lines:
            result = rng.choices([r for r, _ in mix], weights=[w for _, w in mix])[0]
            draft.interim.append((result.value, rng.choice(HALF_YEAR_NOTES[result])))
        day = rules.midyear_deadline + datetime.timedelta(days=rng.randint(-10, 5))
        day = max(day, draft.record.approved_at.date())
        draft.interim_at = _moment(min(day, self.today - datetime.timedelta(days=1)), rng.randint(8, 16))

    def progress(self, rng: random.Random, draft: Draft, hi: datetime.date) -> None:
        if draft.record.person_id is None or not draft.lines:
            return
        day = _day(rng, draft.record.approved_at.date(), hi)
        text = rng.choice(PROGRESS_NOTES).format(
            p=rng.choice((40, 50, 60, 70, 80, 90)), m=max(1, day.month - 1)
        )
        draft.note = (rng.randrange(len(draft.lines)), text, _moment(day, rng.randint(8, 20)))

    # --- Writing ----------------------------------------------------------------------------

    def write(self, year: int, drafts: list[Draft], past: bool) -> YearSummary:
        """Insert the year's records with their items, programme tags, history and revision."""
        summary = YearSummary(year=year, closed=past, required_orgs=self.required_orgs,
                              required_people=self.required_people)  # fmt: skip
        if not drafts:
            return summary
        # A record's instance dict holds every column by its attname; ids are read back by natural key.
        _insert_rows(Record, [d.record.__dict__ for d in drafts])
        record_ids = {
            (kind, org, person): pk
            for pk, kind, org, person in Record.objects.filter(year=year).values_list("pk", "kind", "org_id", "person_id")
        }  # fmt: skip
        for d in drafts:
            rec = d.record
            rec.pk = record_ids[rec.kind, rec.org_id, rec.person_id]
            rec._state.adding = False
        items = []
        for d in drafts:
            for position, line in enumerate(d.lines):
                result, note = d.results[position] if d.results else ("", "")
                content = d.contents[position]
                items.append({
                    "record_id": d.record.pk, "position": position, "action": line.action, "target": line.target,
                    "timeframe": line.timeframe, "deadline": _due(year, line.due) if d.record.person_id else None,
                    "responsible": line.responsible, "area": line.area,
                    "breakthrough_id": content.pk if content else None, "result": result, "result_note": note,
                })  # fmt: skip
        _insert_rows(RecordItem, items)
        ids = [d.record.pk for d in drafts]
        item_ids = {
            (record, position): pk
            for pk, record, position in RecordItem.objects.filter(record_id__gte=min(ids), record_id__lte=max(ids))
            .values_list("pk", "record_id", "position")
            .iterator(chunk_size=5000)
        }  # fmt: skip
        programme = {code: p.pk for code, p in self.programmes.items()}
        short = {code: p.short_name for code, p in self.programmes.items()}
        tags, transitions, revisions, interims, notes = [], [], [], [], []
        for d in drafts:
            rec = d.record
            mine = [item_ids[rec.pk, position] for position in range(len(d.lines))]
            for item, codes in zip(mine, d.codes, strict=True):
                tags += [
                    {"recorditem_id": item, "programme_id": programme[c]} for c in codes if c in programme
                ]
            transitions += [
                {"record_id": rec.pk, "from_state": frm, "to_state": to, "actor_id": actor.pk if actor else None,
                 "on_behalf": behalf, "comment": comment, "at": at}
                for frm, to, at, actor, behalf, comment in d.steps
            ]  # fmt: skip
            assessed = d.revised_state == RecordState.SELF_ASSESSED
            results = d.results if assessed else [("", "")] * len(d.lines)
            snapshot = {
                "state": d.revised_state,
                "self_comment": rec.self_comment if assessed else "",
                "items": [
                    {
                        "action": line.action, "target": line.target, "timeframe": line.timeframe,
                        "deadline": due.isoformat() if (due := _due(year, line.due)) and rec.person_id else None,
                        "responsible": line.responsible, "area": line.area,
                        "breakthrough": content.title if content else None,
                        "programmes": sorted(short[c] for c in codes if c in short),
                        "result": result, "result_note": note,
                    }
                    for line, codes, content, (result, note) in zip(d.lines, d.codes, d.contents, results, strict=True)
                ],
            }  # fmt: skip
            writer = d.writer.pk if d.writer else None
            revisions.append({"record_id": rec.pk, "version": rec.version, "snapshot": snapshot, "actor_id": writer,
                              "on_behalf": d.on_behalf, "at": d.revised_at})  # fmt: skip
            interims += [
                {"item_id": item, "stage": "h1", "result": result, "note": note, "created_by_id": writer,
                 "created_at": d.interim_at}
                for item, (result, note) in zip(mine, d.interim, strict=False)
            ]  # fmt: skip
            if d.note is not None:
                position, text, at = d.note
                notes.append(
                    {"item_id": mine[position], "text": text, "created_by_id": writer, "created_at": at}
                )
            if rec.person_id:
                summary.commitments += 1
            else:
                summary.plans += 1
        _insert_rows(RecordItem.programmes.through, tags)
        _insert_rows(Transition, transitions)
        _insert_rows(Revision, revisions)
        _insert_rows(InterimAssessment, interims)
        _insert_rows(ProgressNote, notes)
        return summary


def build_cycle(seed: int, *, today: datetime.date | None = None) -> list[YearSummary]:
    """Every year from 2016 to ``today``'s (default: the local date) on the demo district.

    The district (``organisation.demo.build.build_district``) must exist; the caller holds the transaction.
    """
    today = today or timezone.localdate()
    if today.year < FIRST_YEAR:
        return []
    demo = _Demo(seed, today)
    return [demo.year(year) for year in range(FIRST_YEAR, today.year + 1)]


# --- Wiping ---------------------------------------------------------------------------------------

# Children first: every row pointing at a table is gone before the table is emptied.
WIPE_ORDER: tuple[tuple[str, type[Model]], ...] = (
    ("evidence", Evidence),
    ("progress_notes", ProgressNote),
    ("interim_assessments", InterimAssessment),
    ("item_programmes", RecordItem.programmes.through),
    ("transitions", Transition),
    ("revisions", Revision),
    ("items", RecordItem),
    ("record_quality", RecordQuality),
    ("records", Record),
    ("documents", Document),
    ("breakthroughs", Breakthrough),
    ("period_events", PeriodEvent),
    ("period_programmes", Period.programmes.through),
    ("periods", Period),
)


def wipe_cycle() -> dict[str, int]:
    """Delete every year, record, item and history row (the demo's and any other), children first.

    A table whose every referrer has been emptied already goes in one DELETE statement; otherwise (a model
    added later that points at it) Django's cascading delete runs. Uploaded files are removed once the
    transaction commits, so a rolled-back wipe keeps them.
    """
    from lamtheobac.reports import counters

    counters.forget()  # the counts of the years going; and the writes of a new build recount nothing
    files = [(e.file.storage, e.file.name) for e in Evidence.objects.exclude(file="")]
    files += [(d.file.storage, d.file.name) for d in Document.objects.exclude(file="")]
    emptied: set[type[Model]] = set()
    deleted: dict[str, int] = {}
    for label, model in WIPE_ORDER:
        queryset = model._base_manager.all()
        referrers = {
            f.related_model for f in model._meta.get_fields(include_hidden=True)
            if (f.one_to_many or f.one_to_one) and f.auto_created and not f.concrete
        } | {f.remote_field.through for f in model._meta.many_to_many}  # fmt: skip
        if referrers <= emptied:
            deleted[label] = queryset._raw_delete(queryset.db)
        else:
            deleted[label] = queryset.delete()[1].get(model._meta.label, 0)
        emptied.add(model)
    if files:
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    return deleted
