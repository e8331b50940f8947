"""People for the synthetic trees: the district demo's name drawer with every composed name and its derived
columns cached, and rosters drawn with it."""

from __future__ import annotations

import functools
import random
from bisect import bisect
from collections.abc import Callable
from itertools import accumulate

from lamtheobac.lib import text

from ..data import names
from ..data.bach_thong import Post, Roster
from ..people import FEMALE, MALE, is_real_person

# --- People ---------------------------------------------------------------------------------------------------


class NameCache:
    """The district demo's name drawer (``people.NameDrawer``: same weights, same refusals), with every
    composed name and its derived columns computed once: a country has millions of people but only tens of
    thousands of distinct names."""

    def __init__(self) -> None:
        self.family = [n for n, _ in names.FAMILY_NAMES]
        self.family_cum = list(accumulate(w for _, w in names.FAMILY_NAMES))
        self.middle = {}
        for gender, table in ((MALE, names.MALE_MIDDLE_NAMES), (FEMALE, names.FEMALE_MIDDLE_NAMES)):
            population = [n for n, _, _ in table]
            self.middle[gender, False] = (population, list(accumulate(w for _, w, _ in table)))
            self.middle[gender, True] = (population, list(accumulate(w for _, _, w in table)))
        self.given = {MALE: names.MALE_GIVEN_NAMES, FEMALE: names.FEMALE_GIVEN_NAMES}
        self.cache: dict[str, tuple[str, str, str, bool]] = {}

    def compose(self, rng: random.Random, gender: str, birth_year: int) -> tuple[str, str, str, bool]:
        rand = rng.random
        family = self.family[bisect(self.family_cum, rand() * self.family_cum[-1])]
        population, cum = self.middle[gender, birth_year >= names.MIDDLE_NAME_CUTOFF]
        middle = population[bisect(cum, rand() * cum[-1])]
        if gender == FEMALE and middle == "Thị" and birth_year >= 1975 and rand() < 0.12:
            second = names.FEMALE_SECOND_MIDDLE_NAMES
            middle += " " + second[int(rand() * len(second))]
        given_names = self.given[gender]
        given = given_names[int(rand() * len(given_names))]
        while given in middle.split(" "):
            given = given_names[int(rand() * len(given_names))]
        raw = f"{family} {middle} {given}"
        found = self.cache.get(raw)
        if found is None:
            # What Person.save() stores: the titled name, folded and sort-keyed.
            full = text.title_name(raw)
            found = self.cache[raw] = (full, text.fold(full), text.name_sort_key(full), is_real_person(full))
        return found

    def draw(
        self, rng: random.Random, gender: str, birth_year: int, taken: set[str]
    ) -> tuple[str, str, str, bool]:
        found = self.compose(rng, gender, birth_year)
        for _ in range(24):
            if not found[3] and found[0] not in taken:
                return found
            found = self.compose(rng, gender, birth_year)
        while found[3]:
            found = self.compose(rng, gender, birth_year)
        return found


NAME_CACHE = NameCache()


@functools.lru_cache(maxsize=4096)
def _fill_posts(roster: Roster) -> tuple[list[Post], list[float]]:
    return [p for p, _ in roster.fill], list(accumulate(w for _, w in roster.fill))


def randint(rand: Callable[[], float], lo: int, hi: int) -> int:
    """``randint`` from ``random()`` alone: a third of the cost, millions of times."""
    return lo + int(rand() * (hi - lo + 1))


def draw_roster(
    rng: random.Random, roster: Roster
) -> list[tuple[Post, str, int, tuple[str, str, str, bool]]]:
    """``people.draw_roster`` with the cached drawer: (post, gender, birth year, name) per person."""
    rand = rng.random
    size = max(randint(rand, *roster.size), len(roster.posts))
    posts = list(roster.posts)
    if size > len(posts):
        population, cum = _fill_posts(roster)
        total = cum[-1]
        posts += [population[bisect(cum, rand() * total)] for _ in range(size - len(posts))]
    taken: set[str] = set()
    drawn = []
    for post in posts:
        gender = FEMALE if rand() < post.female else MALE
        birth_year = randint(rand, *post.born)
        name = NAME_CACHE.draw(rng, gender, birth_year, taken)
        taken.add(name[0])
        drawn.append((post, gender, birth_year, name))
    return drawn
