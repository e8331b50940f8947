"""Boilerplate: actions taken from the sample commitments that circulate online, or written by AI tools.

The list lives in ``data/stock_phrases.txt`` so that it can be kept up to date without touching code: a
``[sample]`` section of whole sentences from sample commitments, an ``[ai]`` section of short phrases typical
of AI-written Vietnamese. A sample sentence matches an action when most of the shorter of the two is found
in the other (``SAMPLE_OVERLAP`` of its shingles, at least ``SAMPLE_MIN_SHARED`` of them): an action that
copies part of a long sample sentence matches too. An AI phrase matches when its words appear in the
action, in order, next to each other.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from lamtheobac.lib.text import clean

from .text import shingles, tokens

PATH = Path(__file__).resolve().parent / "data" / "stock_phrases.txt"
SAMPLE_OVERLAP = 0.8
SAMPLE_MIN_SHARED = 4


@dataclass(frozen=True)
class StockList:
    samples: tuple[str, ...]
    sample_shingles: tuple[frozenset[str], ...]
    by_shingle: dict[str, tuple[int, ...]]
    ai: tuple[str, ...]
    ai_folded: tuple[str, ...]


def parse(text: str) -> tuple[list[str], list[str]]:
    """(sample sentences, AI phrases) from the file's text."""
    sections: dict[str, list[str]] = {"sample": [], "ai": []}
    current = None
    for raw in text.splitlines():
        line = clean(raw)
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip().lower()
            continue
        if current in sections:
            sections[current].append(line)
    return sections["sample"], sections["ai"]


@functools.lru_cache(maxsize=1)
def stock() -> StockList:
    samples, ai = parse(PATH.read_text(encoding="utf-8"))
    sample_shingles = tuple(shingles(s) for s in samples)
    by_shingle: dict[str, list[int]] = defaultdict(list)
    for i, found in enumerate(sample_shingles):
        for s in found:
            by_shingle[s].append(i)
    ai_folded = tuple(" ".join(tokens(p)) for p in ai)
    return StockList(
        tuple(samples), sample_shingles, {k: tuple(v) for k, v in by_shingle.items()}, tuple(ai), ai_folded
    )


def sample_match(text: str) -> str | None:
    """The sample sentence ``text`` was taken from, if any."""
    mine = shingles(text)
    if len(mine) < SAMPLE_MIN_SHARED:
        return None
    lists = stock()
    shared: dict[int, int] = defaultdict(int)
    for s in mine:
        for i in lists.by_shingle.get(s, ()):
            shared[i] += 1
    best = None
    for i, n in sorted(shared.items()):
        theirs = len(lists.sample_shingles[i])
        if n >= SAMPLE_MIN_SHARED and n >= SAMPLE_OVERLAP * min(len(mine), theirs):
            if best is None or n > best[1]:
                best = (i, n)
    return lists.samples[best[0]] if best else None


def ai_phrases(text: str) -> list[str]:
    """The AI-typical phrases found in ``text``, as the list writes them."""
    padded = f" {' '.join(tokens(text))} "
    lists = stock()
    return [shown for shown, folded in zip(lists.ai, lists.ai_folded, strict=True) if f" {folded} " in padded]
