"""What a synthetic record is made of: its summary counters, its lines (worked out once and shared), the
demo logins placed on the tree, and the drawing of plan and commitment lines."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import NamedTuple

from lamtheobac.cycle.models import DEFAULT_COMMITMENT_KINDS, Rating, RecordItem
from lamtheobac.organisation.models import OrgKind
from lamtheobac.quality.text import shingles
from lamtheobac.quality.vague import checkable

from ..cycle.world import SIZES, fill
from ..data import bach_thong as bt
from ..data import cycle as cycle_data
from ..data import deeds as deed_data
from ..data import steps as step_data
from ..era import PROVINCE_CODE
from ..logins import DEMO_LOGINS, LUC_BINH, LUC_BINH_FIRST_CELL, PHU_THONG, PROVINCE_BOARD
from .shapes import Node

REQUIRED_KINDS = frozenset(DEFAULT_COMMITMENT_KINDS)


# --- The generator --------------------------------------------------------------------------------------------


@dataclass
class ScaleSummary:
    """What ``build_scale`` wrote."""

    scale: str
    root_name: str = ""
    orgs_by_kind: Counter = field(default_factory=Counter)  # the root not included
    people_by_kind: Counter = field(default_factory=Counter)
    plans: Counter = field(default_factory=Counter)  # by state
    commitments: Counter = field(default_factory=Counter)
    required_orgs: int = 0
    required_people: int = 0
    rows: dict[str, int] = field(default_factory=dict)  # by table
    max_depth: int = 0
    logins: list[str] = field(default_factory=list)
    steps: list[tuple[str, float]] = field(default_factory=list)

    @property
    def orgs(self) -> int:
        return sum(self.orgs_by_kind.values()) + 1

    @property
    def people(self) -> int:
        return sum(self.people_by_kind.values())


class Line(NamedTuple):
    """One item's content, with what every record using it needs worked out once: its breakthrough content,
    deadline, programme tags, and what the quality checks see in it."""

    action: str
    target: str
    area: str
    topic: str
    timeframe: str
    responsible: str
    content: int | None  # the breakthrough content it serves this year
    due: str | None  # a commitment item's deadline (ISO date)
    tags: tuple[int, ...]  # programmes always ticked: Chỉ thị 05 and those the action serves
    nqtw4: int | None  # Nghị quyết TW4, ticked now and then on thought and ethics (if not already)
    qd08: int | None  # Quy định 08, ticked by heads now and then (if not already)
    concrete: bool  # a signal in the action or target (``vague.checkable``)
    telling: bool  # the deadline tells something (not the year's last day)
    shingles: (
        int  # its shingles (``similar.signature``) as a bit mask: one bit per distinct shingle of the run
    )


THROUGH = RecordItem.programmes.through
NO_RESULT = ("", "")
# Slots of a commitment (the cycle demo's): thought; ethics or style; work; then a head's duty, or anything.
_SLOTS = ((deed_data.THOUGHT,), (deed_data.ETHICS, deed_data.STYLE), (deed_data.WORK,))
_HEAD_SLOT = (deed_data.STYLE, deed_data.ETHICS, deed_data.WORK)
_ANY_SLOT = (deed_data.THOUGHT, deed_data.ETHICS, deed_data.STYLE, deed_data.WORK)


def cumulative(weighted: Iterable[tuple[object, float]]) -> tuple[list, list]:
    pairs = list(weighted)
    return [v for v, _ in pairs], list(accumulate(w for _, w in pairs))


PLAN_RATINGS_CUM = cumulative(cycle_data.PLAN_RATINGS)
COMMITMENT_RATINGS_CUM = cumulative(cycle_data.COMMITMENT_RATINGS)
VAGUE_RATINGS_CUM = cumulative(cycle_data.VAGUE_RATINGS)
SIZES_CUM = cumulative(SIZES)


class _Labels(dict):
    """Rating labels, translated on first use (not at import)."""

    def __missing__(self, rating: str) -> str:
        self[rating] = str(Rating(rating).label)
        return self[rating]


RATING_LABELS = _Labels()


def draw_free(rand: Callable[[], float], cands: Sequence, seen: set[str]):
    """A candidate whose action is not in ``seen``, uniformly (None when there is none)."""
    n = len(cands)
    for _ in range(8):
        if not n:
            return None
        deed = cands[int(rand() * n)]
        if deed.action not in seen:
            return deed
    free = [d for d in cands if d.action not in seen]
    return free[int(rand() * len(free))] if free else None


def is_local(words: str) -> bool:
    """Actions naming the demo district's own places (its town, its highway) stay in the district demo."""
    return "Phủ Thông" in words or "Quốc lộ 3" in words


@dataclass(frozen=True)
class ScaleLogin:
    """A demo login as the scaled tree places it: grants (role, where) and the post its person holds."""

    username: str
    grants: tuple[tuple[str, str], ...]
    where: str = ""  # the node role whose unit (or subtree, for the home commune) holds the person
    position: str = ""  # "" for the staff post of the propaganda or inspection board
    person_kind: str = ""
    display_name: str = ""


def scale_logins() -> tuple[ScaleLogin, ...]:
    """``logins.DEMO_LOGINS`` moved onto the scaled tree: the province becomes the root, the province's boards
    the root province's boards, Phủ Thông (or Lục Bình) and Nà Pài the home commune and cell."""
    where = {
        PROVINCE_CODE: "root",
        LUC_BINH: "home_commune",
        PHU_THONG: "home_commune",
        LUC_BINH_FIRST_CELL: "home_cell",
        PROVINCE_BOARD: "propaganda",
        f"{bt.PREFIX}-UBKT": "inspection",
    }
    found = []
    for login in DEMO_LOGINS:
        place = where.get(login.person_in, "")
        found.append(
            ScaleLogin(
                login.username,
                tuple((role, where[code]) for role, code in login.grants),
                place,
                "" if place in ("propaganda", "inspection") else login.position,
                login.person_kind,
                login.display_name,
            )
        )
    return tuple(found)


class Lines:
    """The lines of ``Builder``: each distinct line made once."""

    # --- Lines -----------------------------------------------------------------------------------------

    def make_line(
        self,
        action: str,
        target: str,
        area: str,
        topic: str,
        extra: tuple[str, ...],
        due: str,
        timeframe: str = "",
        responsible: str = "",
    ) -> Line:
        programmes = self.programmes
        codes = sorted({cycle_data.CT05, *(c for c in extra if c in programmes)})
        date = self.dues.get(due)
        return Line(
            action,
            target,
            area,
            topic,
            timeframe,
            responsible,
            self.contents.get(topic) if topic else None,
            date.isoformat() if date else None,
            tuple(self.programme_ids[c] for c in codes),
            self.programme_ids[cycle_data.NQTW4]
            if cycle_data.NQTW4 in programmes
            and cycle_data.NQTW4 not in codes
            and area in (deed_data.THOUGHT, deed_data.ETHICS)
            else None,
            self.programme_ids[cycle_data.QD08]
            if cycle_data.QD08 in programmes and cycle_data.QD08 not in codes
            else None,
            checkable(action) or checkable(target),
            date is not None and (date.month, date.day) != (12, 31),
            self.mask(shingles(action) | shingles(target)),
        )

    def mask(self, words: frozenset[str]) -> int:
        mask, bits = 0, self.bits
        for shingle in words:
            bit = bits.get(shingle)
            if bit is None:
                bit = bits[shingle] = len(bits)
            mask |= 1 << bit
        return mask

    def step_line(
        self, step: step_data.Step, n: str, head: str, k: str, title: str = "", topic: str = ""
    ) -> Line:
        key = ("step", id(step), n, head, k, title, topic)
        found = self.lines.get(key)
        if found is None:
            v = {"head": head, "n": n, "k": k, "title": title}
            found = self.lines[key] = self.make_line(
                fill(step.action, **v),
                fill(step.target, **v),
                step.area,
                topic or step.topic,
                step.extra,
                "",
                step.timeframe,
                fill(step.responsible, **v),
            )
        return found

    def deed_line(self, deed: deed_data.Deed, n: str, place: str) -> Line:
        if "{place}" not in deed.action and "{place}" not in deed.target:
            place = ""  # one line for every village
        key = ("deed", id(deed), n, place)
        found = self.lines.get(key)
        if found is None:
            found = self.lines[key] = self.make_line(
                fill(deed.action, n=n, place=place),
                fill(deed.target, n=n, place=place),
                deed.area,
                deed.topic,
                deed.extra,
                deed.due,
                deed.timeframe,
            )
        return found

    def vague_line(self, deed: deed_data.Deed, target: str) -> Line:
        key = ("vague", id(deed), target)
        found = self.lines.get(key)
        if found is None:
            found = self.lines[key] = self.make_line(deed.action, target, deed.area, "", (), "year")
        return found

    def plan_lines(self, rng: random.Random, node: Node) -> list[Line]:
        """As the cycle demo's ``plan_lines``: the steps of the org's kind and group, favouring the year's
        contents; a committee adds an action programme for two of them."""

        def some(steps: Sequence, k: int) -> list:
            favoured = [s for s in steps if s.topic in self.contents]
            picked = rng.sample(favoured, k=min(len(favoured), rng.randint(0, 2)))
            rest = [s for s in steps if s not in picked]
            picked += rng.sample(rest, k=max(0, min(k - len(picked), len(rest))))
            return sorted(picked, key=steps.index)

        head, cells = node.head, str(sum(1 for c in node.children if c.kind == OrgKind.CELL))
        programmes: list[Line] = []
        if node.kind == OrgKind.GRASSROOTS_COMMITTEE:
            chosen = some(self.committee_steps, rng.randint(3, 4))
            if node.commune:
                chosen.insert(1, step_data.COMMUNE_STEPS[0])
            for topic in rng.sample(list(self.contents), k=min(2, len(self.contents))):
                programmes.append(
                    self.step_line(
                        step_data.PROGRAMME_STEP, "", head, cells, cycle_data.BREAKTHROUGHS[topic], topic
                    )
                )
        elif node.kind == OrgKind.CELL:
            chosen = some(self.cell_steps, 3) + some(self.group_steps[node.group], rng.randint(2, 3))
        elif node.kind == OrgKind.MASS_ORGANISATION:
            chosen = some(self.mass_steps, rng.randint(3, 4))
        else:
            chosen = some(self.agency_steps, 3)
        lines = [self.step_line(s, rng.choice(s.nums) if s.nums else "", head, cells) for s in chosen]
        return lines[:1] + programmes + lines[1:]

    def commitment_lines(
        self, rng: random.Random, node: Node, n: int, *, head: bool, sloppy: bool
    ) -> list[Line]:
        """As the cycle demo's ``commitment_lines``: an action for thought, one for ethics or style, one for
        work, then more (a head's own duty first); concrete with a target or, for the sloppy (and now and then
        anyone), vague. Each draw is uniform over the candidates not taken yet (drawn again when taken)."""
        rand = rng.random
        pool = self.pools[node.group]
        lines: list[Line] = []
        seen: set[str] = set()
        p_vague = 0.75 if sloppy else 0.06
        for i in range(n):
            if i < 3:
                areas = _SLOTS[i]
            elif i == 3 and head and rand() < 0.8:
                areas = _HEAD_SLOT
            else:
                areas = _ANY_SLOT
            if rand() < p_vague:
                deed = draw_free(rand, self._by(deed_data.VAGUE, areas), seen) or draw_free(
                    rand, deed_data.VAGUE, seen
                )
                seen.add(deed.action)
                targets = deed_data.VAGUE_TARGETS
                lines.append(self.vague_line(deed, targets[int(rand() * len(targets))]))
                continue
            cands, favoured = self._by(deed_data.HEAD if areas is _HEAD_SLOT else pool, areas, favoured=True)
            deed = None
            if favoured and rand() < 0.5:
                deed = draw_free(rand, favoured, seen)
            deed = deed or draw_free(rand, cands, seen) or draw_free(rand, pool, seen)
            seen.add(deed.action)
            nums = deed.nums
            lines.append(self.deed_line(deed, nums[int(rand() * len(nums))] if nums else "", node.place))
        return lines

    def _by(self, source: Sequence, areas: tuple[str, ...], favoured: bool = False):
        """The candidates of ``source`` in ``areas`` (and, with ``favoured``, those serving a content)."""
        key = (id(source), areas)
        found = self.by_areas.get(key)
        if found is None:
            cands = [d for d in source if d.area in areas]
            found = self.by_areas[key] = (cands, [d for d in cands if d.topic and d.topic in self.contents])
        return found if favoured else found[0]
