"""Draws generated people: Vietnamese names and rosters. Pure: the caller passes the ``random.Random``."""

from __future__ import annotations

import random
from collections.abc import Collection
from dataclasses import dataclass
from itertools import accumulate

from lamtheobac.lib import text

from .data import names
from .data.bach_thong import Roster

MALE, FEMALE = "male", "female"

# A redraw budget: with ~60 given names per gender a clash inside one org is rare, and a repeat after this
# many tries is accepted rather than looping (namesakes exist in real villages too).
_NAME_TRIES = 25

# Compared folded so that a variant spelling of a real name ("Hoàng Văn Trì") is refused too.
_REAL_FOLDED = tuple(text.fold(n) for n in names.REAL_PEOPLE)


@dataclass(frozen=True)
class PersonDraft:
    """A generated person, before it is tied to an org."""

    full_name: str
    gender: str
    birth_year: int
    kind: str
    position: str


def is_real_person(full_name: str) -> bool:
    """True when the name is, or ends with, the name of a real person from the source article."""
    folded = text.fold(full_name)
    return any(folded == real or folded.endswith(" " + real) for real in _REAL_FOLDED)


class NameDrawer:
    """Weighted draws of family, middle and given names; cumulative weights are computed once."""

    def __init__(self) -> None:
        self._family = [n for n, _ in names.FAMILY_NAMES]
        self._family_cum = list(accumulate(w for _, w in names.FAMILY_NAMES))
        self._middle = {}
        for gender, table in ((MALE, names.MALE_MIDDLE_NAMES), (FEMALE, names.FEMALE_MIDDLE_NAMES)):
            population = [n for n, _, _ in table]
            self._middle[gender, False] = (population, list(accumulate(w for _, w, _ in table)))
            self._middle[gender, True] = (population, list(accumulate(w for _, _, w in table)))
        self._given = {MALE: names.MALE_GIVEN_NAMES, FEMALE: names.FEMALE_GIVEN_NAMES}

    def compose(self, rng: random.Random, gender: str, birth_year: int) -> str:
        """One random name, unchecked: may be a real person's name (``draw`` refuses those)."""
        family = rng.choices(self._family, cum_weights=self._family_cum)[0]
        population, cum = self._middle[gender, birth_year >= names.MIDDLE_NAME_CUTOFF]
        middle = rng.choices(population, cum_weights=cum)[0]
        # Some younger women carry two middle names ("Hoàng Thị Thu Hà").
        if gender == FEMALE and middle == "Thị" and birth_year >= 1975 and rng.random() < 0.12:
            middle += " " + rng.choice(names.FEMALE_SECOND_MIDDLE_NAMES)
        given = rng.choice(self._given[gender])
        while given in middle.split(" "):  # no "Thu Thu", "Minh Minh"
            given = rng.choice(self._given[gender])
        return text.title_name(f"{family} {middle} {given}")

    def draw(self, rng: random.Random, gender: str, birth_year: int, avoid: Collection[str] = ()) -> str:
        """A name that is not a real person's and, when possible, not one already in ``avoid``."""
        name = ""
        for _ in range(_NAME_TRIES):
            name = self.compose(rng, gender, birth_year)
            if not is_real_person(name) and name not in avoid:
                return name
        while is_real_person(name):  # the clash budget is spent; real names are still never accepted
            name = self.compose(rng, gender, birth_year)
        return name


NAMES = NameDrawer()


def draw_roster(rng: random.Random, roster: Roster) -> list[PersonDraft]:
    """The people of one unit: every post once, then drawn posts until the drawn size is reached."""
    size = max(rng.randint(*roster.size), len(roster.posts))
    posts = list(roster.posts)
    extra = size - len(posts)
    if extra:
        if not roster.fill:
            raise ValueError("A roster larger than its posts needs fill posts.")
        posts += rng.choices([p for p, _ in roster.fill], weights=[w for _, w in roster.fill], k=extra)
    taken: set[str] = set()
    people = []
    for post in posts:
        gender = FEMALE if rng.random() < post.female else MALE
        birth_year = rng.randint(*post.born)
        name = NAMES.draw(rng, gender, birth_year, avoid=taken)
        taken.add(name)
        people.append(PersonDraft(name, gender, birth_year, post.kind, post.title))
    return people
