"""Vietnamese text typed in the legacy 8-bit font encodings TCVN3 (ABC) and VNI.

Old government spreadsheets were typed with fonts such as ``.VnTime`` (TCVN3, TCVN 5712:1993 VN3) or
``VNI-Times`` (VNI for Windows). Their Vietnamese letters are stored as ordinary Windows-1252 / Latin-1
characters that only look right with those fonts: ``NguyÔn V¨n A`` (TCVN3) and ``Nguyeãn Vaên A`` (VNI)
are both "Nguyễn Văn A". ``detect()`` recognises such a column or file, ``to_unicode()`` converts it.

The tables below follow the published TCVN3 and VNI Windows code charts and were checked letter by
letter against two independent open-source converters (and, for TCVN3, a TCVN 5712 codec).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}

# TCVN3 (ABC): one character per letter. Only seven capitals have code points of their own; a capital
# with a tone is typed with the capitals font (.VnTimeH) over the lower-case code point, so it converts
# to the lower-case letter.
# fmt: off
TCVN3_TO_UNICODE: dict[str, str] = {
    "µ": "à", "¸": "á", "¶": "ả", "·": "ã", "¹": "ạ",
    "¨": "ă", "»": "ằ", "¾": "ắ", "¼": "ẳ", "½": "ẵ", "Æ": "ặ",
    "©": "â", "Ç": "ầ", "Ê": "ấ", "È": "ẩ", "É": "ẫ", "Ë": "ậ",
    "Ì": "è", "Ð": "é", "Î": "ẻ", "Ï": "ẽ", "Ñ": "ẹ",
    "ª": "ê", "Ò": "ề", "Õ": "ế", "Ó": "ể", "Ô": "ễ", "Ö": "ệ",
    "×": "ì", "Ý": "í", "Ø": "ỉ", "Ü": "ĩ", "Þ": "ị",
    "ß": "ò", "ã": "ó", "á": "ỏ", "â": "õ", "ä": "ọ",
    "«": "ô", "å": "ồ", "è": "ố", "æ": "ổ", "ç": "ỗ", "é": "ộ",
    "¬": "ơ", "ê": "ờ", "í": "ớ", "ë": "ở", "ì": "ỡ", "î": "ợ",
    "ï": "ù", "ó": "ú", "ñ": "ủ", "ò": "ũ", "ô": "ụ",
    "\u00ad": "ư", "õ": "ừ", "ø": "ứ", "ö": "ử", "÷": "ữ", "ù": "ự",
    "ú": "ỳ", "ý": "ý", "û": "ỷ", "ü": "ỹ", "þ": "ỵ",
    "®": "đ",
    "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ",
}

# VNI: a base letter followed by one modifier character (ù acute, ø grave, û hook, õ tilde, ï dot below,
# â circumflex, ê breve, and á à å ã ä / é è ú ü ë for circumflex / breve together with a tone), upper-case
# modifiers after upper-case letters. ơ ư đ, the toned i and ỵ are single characters; í and ì are the same
# as in Unicode and are left out.
VNI_TO_UNICODE: dict[str, str] = {
    "aø": "à", "aù": "á", "aû": "ả", "aõ": "ã", "aï": "ạ",
    "aê": "ă", "aè": "ằ", "aé": "ắ", "aú": "ẳ", "aü": "ẵ", "aë": "ặ",
    "aâ": "â", "aà": "ầ", "aá": "ấ", "aå": "ẩ", "aã": "ẫ", "aä": "ậ",
    "eø": "è", "eù": "é", "eû": "ẻ", "eõ": "ẽ", "eï": "ẹ",
    "eâ": "ê", "eà": "ề", "eá": "ế", "eå": "ể", "eã": "ễ", "eä": "ệ",
    "æ": "ỉ", "ó": "ĩ", "ò": "ị",
    "oø": "ò", "où": "ó", "oû": "ỏ", "oõ": "õ", "oï": "ọ",
    "oâ": "ô", "oà": "ồ", "oá": "ố", "oå": "ổ", "oã": "ỗ", "oä": "ộ",
    "ô": "ơ", "ôø": "ờ", "ôù": "ớ", "ôû": "ở", "ôõ": "ỡ", "ôï": "ợ",
    "uø": "ù", "uù": "ú", "uû": "ủ", "uõ": "ũ", "uï": "ụ",
    "ö": "ư", "öø": "ừ", "öù": "ứ", "öû": "ử", "öõ": "ữ", "öï": "ự",
    "yø": "ỳ", "yù": "ý", "yû": "ỷ", "yõ": "ỹ", "î": "ỵ",
    "ñ": "đ",
    "AØ": "À", "AÙ": "Á", "AÛ": "Ả", "AÕ": "Ã", "AÏ": "Ạ",
    "AÊ": "Ă", "AÈ": "Ằ", "AÉ": "Ắ", "AÚ": "Ẳ", "AÜ": "Ẵ", "AË": "Ặ",
    "AÂ": "Â", "AÀ": "Ầ", "AÁ": "Ấ", "AÅ": "Ẩ", "AÃ": "Ẫ", "AÄ": "Ậ",
    "EØ": "È", "EÙ": "É", "EÛ": "Ẻ", "EÕ": "Ẽ", "EÏ": "Ẹ",
    "EÂ": "Ê", "EÀ": "Ề", "EÁ": "Ế", "EÅ": "Ể", "EÃ": "Ễ", "EÄ": "Ệ",
    "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị",
    "OØ": "Ò", "OÙ": "Ó", "OÛ": "Ỏ", "OÕ": "Õ", "OÏ": "Ọ",
    "OÂ": "Ô", "OÀ": "Ồ", "OÁ": "Ố", "OÅ": "Ổ", "OÃ": "Ỗ", "OÄ": "Ộ",
    "Ô": "Ơ", "ÔØ": "Ờ", "ÔÙ": "Ớ", "ÔÛ": "Ở", "ÔÕ": "Ỡ", "ÔÏ": "Ợ",
    "UØ": "Ù", "UÙ": "Ú", "UÛ": "Ủ", "UÕ": "Ũ", "UÏ": "Ụ",
    "Ö": "Ư", "ÖØ": "Ừ", "ÖÙ": "Ứ", "ÖÛ": "Ử", "ÖÕ": "Ữ", "ÖÏ": "Ự",
    "YØ": "Ỳ", "YÙ": "Ý", "YÛ": "Ỷ", "YÕ": "Ỹ", "Î": "Ỵ",
    "Ñ": "Đ",
}
# fmt: on

_TCVN3_TABLE = str.maketrans(TCVN3_TO_UNICODE)
# Longest match first: "oâ" (ô) must win over "o" followed by a stray "â".
_VNI_SEQUENCE = re.compile("|".join(re.escape(k) for k in sorted(VNI_TO_UNICODE, key=len, reverse=True)))

# Every character a legacy-font cell can hold once read as Windows-1252 or Latin-1. A cell with anything
# else (ă ơ ư đ ạ ế …, combining marks) was typed in Unicode.
_LEGACY_CHARS = frozenset(chr(i) for i in range(256)) | frozenset(
    bytes([b]).decode("cp1252", errors="ignore") for b in range(0x80, 0xA0)
) - {""}

# Words are cut at white space and ASCII punctuation only: many legacy letters are Latin-1 symbols
# (§ ® « · ¸ ×) that a \W split would lose.
_SEPARATORS = re.compile(r"[\s!-/:-@\[-`{-~]+")

# Vietnamese syllables, tone marks removed: onset, then a vowel nucleus and the endings it takes.
_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx]|"
_ENDINGS = {
    "a": "c ch m n ng nh p t i o u y",
    "ă": "c m n ng p t",
    "â": "c m n ng p t u y",
    "e": "c m n ng p t o",
    "ê": "ch m n nh p t u",
    "i": "ch m n nh p t u",
    "y": "ch n nh t u",  # after qu: quýt, quỳnh
    "o": "c m n ng p t i",
    "oo": "c ng",
    "ô": "c m n ng p t i",
    "ơ": "m n p t i",
    "u": "c m n ng p t i",
    "ư": "c m n ng t i u",
    "ia": "",
    "iê": "c m n ng p t u",
    "yê": "c m n ng p t u",
    "ua": "",
    "uô": "c m n ng t i",
    "ưa": "",
    "ươ": "c m n ng p t i u",
    "oa": "c ch m n ng nh p t i y o",
    "oă": "c m n ng t",
    "oe": "n t o",
    "uâ": "c n ng t y",
    "uê": "ch n nh t",
    "uy": "a ch n nh t u",
    "uyê": "n t",
    "uơ": "",
}
_RHYME = "|".join(
    f"{nucleus}(?:{'|'.join(sorted(endings.split(), key=len, reverse=True))})?" if endings else nucleus
    for nucleus, endings in sorted(_ENDINGS.items(), key=lambda item: len(item[0]), reverse=True)
)
_SYLLABLE = re.compile(f"(?P<onset>{_ONSET})(?P<rhyme>{_RHYME})")
_FRONT = ("e", "ê", "i", "y")  # spelling: k, gh, ngh before these vowels; c, g, ng before the others
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_STOP_TONES = {"\u0301", "\u0323"}  # a syllable ending in c, ch, p or t takes only sắc or nặng

_SAMPLE_WORDS = 2000
_MIN_WORDS = 2
_MIN_SHARE = 0.2
_DOMINANCE = 0.8


def to_unicode(text: str, encoding: str) -> str:
    """The NFC Unicode text of a cell typed in ``encoding`` ("tcvn3" or "vni").

    TCVN3 capitals with a tone (typed with a .VnTimeH-style font over lower-case code points) come out
    in lower case, as do all letters TCVN3 has no capital for; callers title-case names themselves.
    A cell that holds characters no legacy font produces (ă, ơ, ạ, combining marks…) was typed in Unicode
    — a legacy column sometimes has a few such later rows — and is only normalised to NFC.
    """
    if encoding not in NAMES:
        raise ValueError(f"unknown legacy encoding: {encoding!r}")
    if not set(text) <= _LEGACY_CHARS:
        return unicodedata.normalize("NFC", text)
    return unicodedata.normalize("NFC", _convert(text, encoding))


def detect(texts: Iterable[str]) -> str | None:
    """Which legacy encoding ("tcvn3" or "vni") a column's or file's cells are in; None for Unicode.

    Looks at the words holding a non-ASCII character, up to 2,000 of them. Each word is read three ways —
    as Unicode, as TCVN3, as VNI — and counts as evidence for a reading only when that reading alone
    gives a well-formed Vietnamese syllable (onset, vowel nucleus, ending, at most one tone and sắc or
    nặng on c/ch/p/t endings). A word with a character outside Windows-1252 (ă ơ ư đ ạ ế…, combining
    marks of NFD text) is evidence for Unicode. Words that fit several readings ("có" is also TCVN3 for
    "cú") count for none. A legacy encoding is returned when its evidence is

    - at least 2 words,
    - at least 20% of the words looked at, and
    - at least 80% of all the evidence (Unicode and the other encoding included).

    Unicode Vietnamese does not score: its words either hold letters outside Latin-1 or already read as
    valid syllables (only a misspelt or foreign word can count for a legacy encoding, too few to pass). Plain ASCII, numbers and empty cells give no words and return None.
    """
    words: list[str] = []
    for text in texts:
        if not isinstance(text, str):
            continue
        words.extend(w for w in _SEPARATORS.split(text) if w and not w.isascii())
        if len(words) >= _SAMPLE_WORDS:
            break
    words = words[:_SAMPLE_WORDS]
    evidence: Counter[str] = Counter()
    for word in words:
        readings = _readings(word)
        if len(readings) == 1:
            evidence.update(readings)
    best = max(NAMES, key=lambda encoding: evidence[encoding])
    hits = evidence[best]
    if hits < _MIN_WORDS or hits < _MIN_SHARE * len(words):
        return None
    if hits < _DOMINANCE * sum(evidence.values()):
        return None
    return best


def _convert(text: str, encoding: str) -> str:
    if encoding == "tcvn3":
        return text.translate(_TCVN3_TABLE)
    return _VNI_SEQUENCE.sub(lambda m: VNI_TO_UNICODE[m.group()], text)


def _readings(word: str) -> set[str]:
    """The ways of reading ``word`` ("unicode", "tcvn3", "vni") that give a Vietnamese syllable."""
    if not set(word) <= _LEGACY_CHARS:
        return {"unicode"}
    readings = {"unicode"} if _is_syllable(word) else set()
    readings.update(encoding for encoding in NAMES if _is_syllable(_convert(word, encoding)))
    return readings


def _is_syllable(word: str) -> bool:
    """Whether ``word`` is spelt like one Vietnamese syllable (any case, NFC or NFD)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [ch for ch in decomposed if ch in _TONE_MARKS]
    if len(tones) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    match = _SYLLABLE.fullmatch(bare)
    if match is None:
        return False
    onset, rhyme = match["onset"], match["rhyme"]
    if onset in ("k", "gh", "ngh") and not rhyme.startswith(_FRONT):
        return False
    if onset in ("c", "ng") and rhyme.startswith(_FRONT):
        return False
    if onset == "g" and rhyme.startswith(("e", "ê")):
        return False
    if rhyme.endswith(("c", "ch", "p", "t")):
        return bool(tones) and tones[0] in _STOP_TONES
    return True


def is_unicode(text: str, encoding: str) -> bool | None:
    """Whether a cell of a file found to be in ``encoding`` was typed in Unicode after all: True when
    more of its words read only as Unicode Vietnamese than only as ``encoding``, False for the reverse,
    None when its words cannot tell (ASCII, or words that read well both ways, as "Lê" and TCVN3 "Lờ").

    A word reads as ``encoding`` only when each of its non-ASCII letters is a code of that encoding and
    the converted word is a Vietnamese syllable: "Hà" is not TCVN3 (à is no TCVN3 code), so "Lê Thu Hà"
    is Unicode.
    """
    if encoding not in NAMES:
        raise ValueError(f"unknown legacy encoding: {encoding!r}")
    unicode_only = legacy_only = 0
    for word in _SEPARATORS.split(text):
        if not word or word.isascii():
            continue
        if not set(word) <= _LEGACY_CHARS:
            unicode_only += 1
            continue
        as_unicode = _is_syllable(word)
        as_legacy = _all_codes(word, encoding) and _is_syllable(_convert(word, encoding))
        unicode_only += as_unicode and not as_legacy
        legacy_only += as_legacy and not as_unicode
    if unicode_only == legacy_only:
        return None
    return unicode_only > legacy_only


def _all_codes(word: str, encoding: str) -> bool:
    """Whether every non-ASCII letter of ``word`` is (part of) a letter of ``encoding``."""
    if encoding == "tcvn3":
        rest = "".join(ch for ch in word if ch not in TCVN3_TO_UNICODE)
    else:
        rest = _VNI_SEQUENCE.sub("", word).replace("í", "").replace("ì", "")
    return all(ch.isascii() or not ch.isalpha() for ch in rest)
