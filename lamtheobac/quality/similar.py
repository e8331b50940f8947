"""Near-identical texts and commitments: exact Jaccard on small sets, MinHash LSH on large ones.

Two commitments are near-identical when the Jaccard similarity of their shingle sets (all their actions and
targets together, see ``text.shingles``) is at least ``THRESHOLD``. Clusters are the connected groups of
near-identical commitments.

A group of up to ``EXACT_UP_TO`` commitments (a cell, a commune's own members) is compared pair by pair:
that is exact and, at this size, fast. A larger group is first indexed with MinHash LSH (``datasketch``)
queried at ``LSH_THRESHOLD``, lower than the target: an index queried at exactly the target threshold misses
pairs whose true similarity sits just above it. Every candidate pair is then confirmed with the exact
similarity, so LSH only ever decides which pairs to look at, never the answer. MinHash uses a fixed seed:
the same data gives the same clusters.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

from .text import jaccard, shingles

THRESHOLD = 0.8
LSH_THRESHOLD = 0.6
EXACT_UP_TO = 400
NUM_PERM = 128
SEED = 1

K = TypeVar("K", bound=Hashable)


def signature(texts: Iterable[str]) -> frozenset[str]:
    """The shingles of several texts together: a whole commitment."""
    return frozenset().union(*(shingles(text) for text in texts))


def _exact_pairs(keys: list, sets: list[frozenset[str]], threshold: float) -> Iterable[tuple]:
    """Every pair at or above ``threshold``, compared pair by pair in order of size: Jaccard ≥ t needs the
    smaller set to hold at least t × the larger, so once the next set is too large for this one, so are
    all after it. (Measured on a province: faster than prefix filtering on cell-sized groups.)"""
    order = sorted(range(len(sets)), key=lambda i: len(sets[i]))
    for n, i in enumerate(order):
        a = sets[i]
        if not a:
            continue
        limit = len(a) / threshold
        for j in order[n + 1 :]:
            b = sets[j]
            if len(b) > limit:
                break
            if jaccard(a, b) >= threshold:
                yield (keys[i], keys[j]) if keys[i] < keys[j] else (keys[j], keys[i])


def _lsh_pairs(keys: list, sets: list[frozenset[str]], threshold: float) -> Iterable[tuple]:
    from datasketch import MinHash, MinHashLSH

    hashes = MinHash.bulk([[s.encode() for s in sorted(x)] for x in sets], num_perm=NUM_PERM, seed=SEED)
    index = MinHashLSH(threshold=min(LSH_THRESHOLD, 0.75 * threshold), num_perm=NUM_PERM)
    for i, h in enumerate(hashes):
        if sets[i]:
            index.insert(i, h)
    for i, h in enumerate(hashes):
        if not sets[i]:
            continue
        for j in index.query(h):
            if j > i and jaccard(sets[i], sets[j]) >= threshold:
                yield keys[i], keys[j]


def near_pairs(signatures: Mapping[K, frozenset[str]], threshold: float = THRESHOLD) -> list[tuple[K, K]]:
    """Pairs of keys whose signatures are near-identical, each pair (smaller, larger), sorted."""
    keys = sorted(signatures)
    sets = [signatures[k] for k in keys]
    finder = _exact_pairs if len(keys) <= EXACT_UP_TO else _lsh_pairs
    return sorted(finder(keys, sets, threshold))


def clusters(signatures: Mapping[K, frozenset[str]], threshold: float = THRESHOLD) -> list[list[K]]:
    """Groups of two or more near-identical keys (connected through near-identical pairs), each sorted,
    ordered by their smallest key."""
    parent: dict = {}

    def root(k):
        while parent.get(k, k) != k:
            k = parent[k]
        return k

    members: set = set()
    for a, b in near_pairs(signatures, threshold):
        members.update((a, b))
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict = {}
    for k in members:
        groups.setdefault(root(k), []).append(k)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])
