"""Vietnamese text: normalisation, diacritic folding and the Vietnamese name sort key.

Pure functions (of Django, only its tag stripper). Everything stored goes through ``clean()`` (NFC, single
spaces), user text through ``plain()`` (one line) or ``paragraphs()``, which strip tags first; every search
column goes through ``fold()``; people are ordered by ``name_sort_key()``.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from django.utils.html import strip_tags

_SPACES = re.compile(r"\s+")

# Vietnamese alphabet order (29 letters). f, j, w, z appear in foreign names: they are placed where
# they fall in the Latin alphabet, after the Vietnamese letter before them.
_ALPHABET = [
    "a",
    "ă",
    "â",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "ê",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "ô",
    "ơ",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "ư",
    "v",
    "w",
    "x",
    "y",
    "z",
]
_RANK = {letter: i + 1 for i, letter in enumerate(_ALPHABET)}  # 0 is kept for "end of syllable"

# Combining marks that make a new letter (ă â ê ô ơ ư) versus those that are tones.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn
# Tone order of Vietnamese dictionaries: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

_SYLLABLE_LETTERS = 7  # the longest Vietnamese syllable ("nghiêng") has 7 letters
_MAX_SYLLABLES = 12


def clean(value: str | None) -> str:
    """NFC, spaces collapsed and trimmed. The form in which all user text is stored."""
    if not value:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def plain(value: str | None, max_length: int | None = None) -> str:
    """One line of user text as stored: tags removed (it is always shown escaped too), NFC, single spaces,
    cut at ``max_length``. The one cleaner every service uses for a line."""
    cleaned = clean(strip_tags(value or ""))
    return cleaned[:max_length] if max_length else cleaned


def paragraphs(value: str | None, max_length: int) -> str:
    """Longer user text as stored: tags removed (over the whole text, so a tag broken across lines goes
    too), NFC, each line's spaces collapsed, line breaks kept, cut at ``max_length``."""
    raw = unicodedata.normalize("NFC", strip_tags(value or ""))
    return "\n".join(clean(line) for line in raw.splitlines()).strip()[:max_length]


# Every combining mark of the Basic Multilingual Plane, for str.translate (ten times faster than testing
# each character): Vietnamese tones and letter marks are all there.
_COMBINING = dict.fromkeys(cp for cp in range(0x10000) if unicodedata.combining(chr(cp)))


def fold(value: str | None) -> str:
    """Lower-case, no diacritics, ``đ`` → ``d``, single spaces: the form search compares."""
    text = unicodedata.normalize("NFD", clean(value).lower()).translate(_COMBINING)
    return text.replace("đ", "d")


_NAME_PARTS = re.compile(r"([ '’-])")


def title_name(value: str | None) -> str:
    """A person's name as it is written: NFC, single spaces, each part capitalised.

    ``NGUYỄN  văn a`` → ``Nguyễn Văn A``; parts after an apostrophe or hyphen, common in the names of
    Central Highlands peoples, are capitalised too: ``h'hen niê`` → ``H'Hen Niê``.
    """
    parts = _NAME_PARTS.split(clean(value))
    return "".join(part[:1].upper() + part[1:].lower() for part in parts)


@functools.lru_cache(maxsize=65536)
def _syllable_key(syllable: str) -> str:
    """Two digits per letter (padded to a fixed width), then one digit for the syllable's tone.
    Cached: a roster of 100,000 names has only a few thousand distinct syllables."""
    letters: list[int] = []
    tone = 0
    for ch in unicodedata.normalize("NFD", syllable.lower()):
        if ch in _TONES:
            tone = _TONES[ch]
        elif ch in _LETTER_MARKS and letters:
            base = _ALPHABET[letters[-1] - 1]
            letters[-1] = _RANK.get(unicodedata.normalize("NFC", base + ch), letters[-1])
        elif ch in _RANK:
            letters.append(_RANK[ch])
        elif unicodedata.decimal(ch, None) is not None:  # not isdigit(): '²' is a digit int() refuses
            letters.append(_RANK["z"] + 1 + unicodedata.decimal(ch))
        # other characters (hyphens, apostrophes, stray marks, '²') do not take part in the order
    letters = letters[:_SYLLABLE_LETTERS] + [0] * (_SYLLABLE_LETTERS - len(letters))
    return "".join(f"{n:02d}" for n in letters) + str(tone)


def name_sort_key(full_name: str | None) -> str:
    """Key ordering people the Vietnamese way: given name first, then family and middle names.

    Letters follow the Vietnamese alphabet (a ă â b c d đ e ê …) and a tone only breaks ties after the
    letters of its syllable (ban < bàn < bản < bán < bạn < bang). The key is made only of digits so that
    it sorts identically under every database collation.
    """
    words = clean(full_name).split(" ")
    if not words or words == [""]:
        return ""
    ordered = [words[-1], *words[:-1]]
    return "".join(_syllable_key(w) for w in ordered[:_MAX_SYLLABLES])


def search_terms(query: str | None) -> list[str]:
    """The folded words of a search box entry, ignoring punctuation."""
    return [t for t in re.split(r"[^\w]+", fold(query)) if t]


# Words that say what kind of org or place a name is, not which one: "Chi bộ thôn Nà Pài" is "Nà Pài".
_ORG_KIND_WORDS = frozenset(
    "chi dang bo uy co so phan truc thuoc thon xom ban lang ap to dan pho khu khoi xa phuong thi tran".split()
)


def org_names_agree(written: str | None, name: str | None) -> bool:
    """Whether a name written beside an org's code can mean that org: compared word by word, folded (case,
    diacritics, spacing and punctuation aside), the words naming the kind of org left out, so that "Nà Pài"
    and "chi bo Na Pai" agree with "Chi bộ thôn Nà Pài" and "Chi bộ thôn Nà Pài 2" or "Khuổi Chắp" do not.
    A name of kind words only ("Chi bộ") agrees when the org's name holds them; an empty name agrees."""
    words = set(search_terms(written))
    known = set(search_terms(name))
    if not words:
        return True
    specific = words - _ORG_KIND_WORDS
    if not specific:
        return words <= known
    return specific == known - _ORG_KIND_WORDS
