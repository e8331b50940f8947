"""Vietnamese text as the quality checks compare it: normalised tokens and word shingles.

``tokens()`` folds a text (NFC, lower case, no diacritics, ``đ`` → ``d``, see ``lib.text.fold``), turns
punctuation into spaces, writes numbers without leading zeros (``02`` → ``2``) and drops a few function
words whose folded form is not ambiguous. So "Đi làm đúng giờ." and "di lam dung gio" are the same text,
and so are "Đọc 02 cuốn sách" and "đọc 2 cuốn sách".

``shingles()`` are the pairs of neighbouring tokens (a text of one token is its own shingle); two texts
are compared by the Jaccard similarity of their shingle sets. Everything here is cached by text: a
province has far fewer distinct actions than actions.
"""

from __future__ import annotations

import functools
import itertools
import re

from lamtheobac.lib.text import fold

MAX_CHARS = 2000  # longer texts are compared on their beginning: an action is a sentence, not an essay

_WORD = re.compile(r"[a-z0-9]+")
# Function words dropped before comparing. Only words whose folded form has no other common meaning in
# commitments ("dang" is both "đang" and "Đảng", "ma" both "mà" and "ma túy": they stay).
STOP_WORDS = frozenset({"va", "cac", "nhung", "cua", "la", "voi", "duoc", "se", "toi"})
# Openings people put before the action itself ("Tôi xin cam kết: …", "- Cam kết …"), as folded words.
_OPENINGS = (
    ("toi", "xin", "cam", "ket"),
    ("toi", "cam", "ket"),
    ("xin", "cam", "ket"),
    ("cam", "ket"),
    ("ban", "than"),
)


@functools.lru_cache(maxsize=262_144)
def tokens(text: str) -> tuple[str, ...]:
    # Cut after folding: the same text in NFD has more code points than in NFC.
    folded = fold(text[: MAX_CHARS * 4])[:MAX_CHARS]
    words = _WORD.findall(folded)
    for opening in _OPENINGS:
        if tuple(words[: len(opening)]) == opening:
            words = words[len(opening) :]
            break
    kept = []
    for word in words:
        if word in STOP_WORDS:
            continue
        if word.isdigit():
            word = word.lstrip("0") or "0"
        kept.append(word)
    return tuple(kept)


@functools.lru_cache(maxsize=262_144)
def shingles(text: str) -> frozenset[str]:
    words = tokens(text)
    if len(words) < 2:
        return frozenset(words)
    return frozenset(f"{a} {b}" for a, b in itertools.pairwise(words))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


def containment(part: frozenset[str], whole: frozenset[str]) -> float:
    """Share of ``part``'s shingles found in ``whole``."""
    if not part:
        return 0.0
    return len(part & whole) / len(part)
