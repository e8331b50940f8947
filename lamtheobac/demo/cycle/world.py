"""What the demo's yearly cycle is made of: its odds, the shapes of what it generates (lines, units, rules,
drafts), and the pieces the synthetic trees (``demo.scale``) share with it: deadlines, the mix of states of
the current year, item results and return comments. State changes and lateness are the workflow's
(``cycle.workflow``): the demo asks it, never decides them itself."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.models import User

from lamtheobac.cycle import workflow
from lamtheobac.cycle.models import Breakthrough, InterimReviews, Rating, Record, RecordState, Result
from lamtheobac.cycle.workflow import Action
from lamtheobac.lib.formatting import date, number, percent
from lamtheobac.organisation.models import Org, OrgKind, Person

from ..data.cycle import FIRST_YEAR, RETURN_COMMENTS, SHORTFALLS
from ..data.deeds import (
    G_FOREST,
    G_HEALTH,
    G_MASS,
    G_MILITARY,
    G_OFFICE,
    G_POLICE,
    G_SCHOOL,
    G_TOWN,
    G_VILLAGE,
    HEAD_TITLES,
)
from ..rows import local_tz

# Every org but the province and district committees files a plan: the article's "gần 250 tập thể" (the
# kinds of the two-level Party from 7/2025 too: the district's tree has none of them).
PLAN_ORG_KINDS = [
    OrgKind.GRASSROOTS_COMMITTEE,
    OrgKind.CELL,
    OrgKind.AGENCY,
    OrgKind.MASS_ORGANISATION,
    OrgKind.COMMUNE_COMMITTEE,
    OrgKind.PARTY_AGENCIES_COMMITTEE,
    OrgKind.GOVERNMENT_COMMITTEE,
    OrgKind.UPPER_COMMITTEE,
    OrgKind.BASE_CELL,
    OrgKind.PARTIAL_COMMITTEE,
]
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
        text = (
            f"Năm {self.year}: {number(self.plans)} kế hoạch, {number(self.commitments)} bản cam kết "
            f"({percent(self.plans, self.required_orgs)} tập thể, "
            f"{percent(self.commitments, self.required_people)} cá nhân)"
        )
        if self.closed:
            return text + "; đã kết thúc"
        return text + f"; đang thực hiện, hạn tự đánh giá cuối năm {date(self.yearend_deadline)}"


# --- The workflow, asked ----------------------------------------------------------------------------------

_NEXT: dict[tuple[str, Action], str] = {}


def advance(state: str, action: Action) -> str:
    """The state after ``action``, as ``workflow.next_state`` decides it (an illegal step raises its
    ValidationError): the demo walks records only along the product's transitions. Answers are kept, as
    plain strings: the synthetic trees ask millions of times."""
    found = _NEXT.get((state, action))
    if found is None:
        found = _NEXT[state, action] = str(workflow.next_state(state, action))
    return found


def is_late(submitted: datetime.datetime, deadline: datetime.date | None) -> bool:
    """Whether a submission at ``submitted`` (local time) is late, as ``record_submit`` judges it."""
    return workflow.is_late(submitted.date(), deadline)


# --- Deadlines and the current year's states ----------------------------------------------------------------


def deadlines(year: int, today: datetime.date) -> dict:
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
    if year == today.year and found["yearend_deadline"] < today + datetime.timedelta(days=14):
        found["yearend_deadline"] = today + datetime.timedelta(days=18)
    return found


S = RecordState
# The current year's records by where today falls (None: not started, no record), weighted: on or before the
# filing deadline; after it; from a month before the year-end review on.
STATES_BEFORE_DEADLINE = ((None, 25), (S.DRAFT, 30), (S.SUBMITTED, 20), (S.RETURNED, 5), (S.APPROVED, 20))
STATES_AFTER_DEADLINE = ((None, 2), (S.DRAFT, 3), (S.SUBMITTED, 5), (S.RETURNED, 2), (S.APPROVED, 88))
STATES_AT_YEAR_END = (
    (None, 1.5),
    (S.DRAFT, 2.5),
    (S.SUBMITTED, 4.5),
    (S.RETURNED, 2),
    (S.APPROVED, 77.5),
    (S.SELF_ASSESSED, 10.5),
    (S.RATED, 1.5),
)


def states_after_deadline(today: datetime.date, yearend: datetime.date) -> tuple:
    """The mix once the filing deadline has passed: the year-end one from a month before the review."""
    if today < yearend - datetime.timedelta(days=30):
        return STATES_AFTER_DEADLINE
    return STATES_AT_YEAR_END


# --- A record's review ------------------------------------------------------------------------------------


def return_comment(rng: random.Random, copied: str, sloppy: bool) -> str:
    """What the leader writes when sending a record back."""
    if copied == "last_year":
        return RETURN_COMMENTS[3]
    if copied == "colleague":
        return RETURN_COMMENTS[4]
    if sloppy:
        return RETURN_COMMENTS[0]
    return rng.choice((RETURN_COMMENTS[1], RETURN_COMMENTS[2], RETURN_COMMENTS[5]))


def item_results(rng: random.Random, n: int, rating: str) -> list[tuple[str, str]]:
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


# --- Small pieces ---------------------------------------------------------------------------------------------


class Clock:
    """Working-hours moments for one record's history, each after the one before."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.tz, self.last = rng, local_tz(), None

    def at(self, day: datetime.date) -> datetime.datetime:
        moment = datetime.datetime.combine(
            day, datetime.time(self.rng.randint(7, 16), self.rng.randint(0, 59)), tzinfo=self.tz
        )
        if self.last is not None and moment <= self.last:
            moment = self.last + datetime.timedelta(minutes=self.rng.randint(5, 120))
        self.last = moment
        return moment


DUE_ENDS = {"year": (12, 31), "h1": (6, 30), "q1": (3, 31), "q2": (6, 30), "q3": (9, 30), "q4": (12, 31)}


def due_date(year: int, due: str) -> datetime.date | None:
    """The last day of the part of ``year`` an item is due in (``year``, ``h1``, ``q1``…), else None."""
    if due not in DUE_ENDS:
        return None
    month, day = DUE_ENDS[due]
    return datetime.date(year, month, day)


def fill(text: str, **values: str) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def group_of(org: Org) -> str:
    """The kind of work of a district org (which pools of actions its people draw from)."""
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
