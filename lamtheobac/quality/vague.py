"""Is an action concrete or vague? Transparent rules, each one a line that can be read and argued with.

An action is **concrete** when, at the end of the year, someone could check whether it was done, because it
states at least one of:

1. **a quantity** of something concrete: "02 cuốn sách", "1 ha keo", "100% hồ sơ", "12/12 buổi", "hai bài";
2. **a frequency**: "hằng tuần", "mỗi tháng một lần", "2 buổi/tuần", "sáng thứ Hai";
3. **a deadline or time**: "trước 30/6", "trong quý II", "trước Tết", "tháng 9";
4. **a specific behaviour with a clear pass or fail**: something one does not do ("không hút thuốc lá trong
   phòng làm việc", "không để hồ sơ trễ hẹn", "không đi muộn buổi nào"), something done at a given moment
   ("tắt điện khi ra khỏi phòng"), attending every session of a concrete, countable event ("tham gia đầy đủ
   các buổi sinh hoạt chi bộ"), a title that is awarded or not ("đạt danh hiệu Gia đình văn hóa"), a
   document handed in on time ("nộp báo cáo đúng hạn").

An action is **vague** when it states none of these: generic intentions ("chấp hành tốt", "thực hiện
nghiêm túc", "nâng cao ý thức"), or an act with no measure ("đi làm đúng giờ", "đọc sách về Bác"). A number
about a generic object does not count: "hoàn thành 100% nhiệm vụ được giao" is vague; neither does a number
that is no target: a year ("năm 2025"), a term or school year ("nhiệm kỳ 2025-2030", "năm học 2025-26"), a
document number ("Chỉ thị số 05", "144-QĐ/TW", "Nghị quyết Trung ương 4", "Đề án 06", "Điều 8"), a date
("Quốc khánh 2/9", "ngày 12/12/2023"), an anniversary or an age in the Party ("kỷ niệm 135 năm", "Huy hiệu 40
năm tuổi Đảng"), an ordinal ("Đại hội lần thứ 14") or the count in a slogan ("4 tại chỗ", "5 chuẩn mực",
"3 không", "4 xin, 4 luôn").

Concrete without a number too: nothing of a named kind, ever ("không để hộ nào tái nghèo trong năm"), a
one-off act at a named place ("dâng hương tại Khu di tích K9", "viếng Nghĩa trang liệt sĩ xã"), finishing a
named course ("hoàn thành lớp Trung cấp lý luận chính trị trong năm 2026", "lấy chứng chỉ tiếng Anh B1").

The rules read the folded text (no diacritics, lower case), so text typed without diacritics is judged the
same. The result is deterministic and explains itself: ``reasons`` says what was found, or why nothing was.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheobac.lib.text import clean, fold

from .vague_words import (
    COUNTED,
    COURSE_NAMES,
    DELIVERABLES,
    EVENTS,
    FORBIDDEN_ACTS,
    GENERIC_OBJECTS,
    GENERIC_PHRASES,
    GENERIC_WRONGS,
    NAMED_PLACES,
    NEGATIONS,
    NUMBER_MARKED,
    ONE_OFF_ACTS,
    ROUTINE_ACTS,
    SLOGAN_SHORT,
    SLOGAN_WORDS,
)

DATA = Path(__file__).resolve().parent / "data"

_KEEP = re.compile(r"[^a-z0-9%/.,:\- ]+")
_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"\s+")
_DOC_NUMBER = re.compile(
    r"\b(chi thi|nghi quyet|quy dinh|ket luan|nghi dinh|thong tu|luat|khoan|dieu|khoa|covid|ct|nq|qd|kl|tw"
    r"|trung uong|quyet dinh|cong van|de an)"
    r"\s*(?:so\s*)?[-:]?\s*\d+[\d\-/a-z.]*"
    # words that are also verbs or plain nouns ("hướng dẫn 3 hộ", "100% văn bản"): with "số" or a coded number
    r"|\b(?:huong dan|thong bao|van ban|ke hoach|chuong trinh(?: hanh dong)?)\s+(?:so\s*\d+|\d+[-/])[\d\-/a-z.]*"
)
# "số 05", "số 345/UBND": a document's or a house's number, never a count ("ký số 100% văn bản" is signing)
_NUMBERED = re.compile(r"\bso\s+\d+(?![\d.,]*\s*%)[\d\-/a-z.]*")
# a term, school year or period: "2025-2030", "2025 – 2030", "2025-26", "2025/2026"
_TERM = re.compile(r"\b(?:19|20)\d\d\s*[-\u2013\u2014/]\s*(?:(?:19|20)\d\d|\d\d)\b")
_ORDINAL = re.compile(r"\blan\s+thu\s+\d+\b")
_PHRASE_END = r"(?=\s*(?:[,;:.]|$|\d|va\b|trong\b|voi\b|cua\b|khi\b|tai\b|o\b))"
_STANDALONE_DOC = re.compile(r"\b\d+-[a-z]+(?:/[a-z\-]+)+\b")
_NUMBER = re.compile(r"(?<![\w/])(\d+(?:[.,]\d+)?)\s*(%)?(?![\w/])")
_RATIO = re.compile(r"(?<![\w/])(\d{1,4})\s*/\s*(\d{1,4})(?:\s*/\s*(\d{2,4}))?(?![\w/])")
_DATE_BEFORE = re.compile(
    r"\b(?:ngay|dip|ky niem|quoc khanh|le|tet|mung|nhan|chao mung|truoc|sau|den|tu|vao|thang|huong toi)\s*$"
)


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_GENERIC_OBJECT = re.compile(
    r"^\s*(?:(?:cac|nhung|moi|tat ca|toan bo|so|khoi luong)\s+)?(?:" + _alternation(GENERIC_OBJECTS) + r")\b"
)
_COUNTED_BY_LENGTH = sorted(COUNTED, key=len, reverse=True)
# A number word as written, with or without its diacritics → its folded form.
_NUMBER_FORMS = {**{k: k for k in NUMBER_MARKED}, **{v: k for k, v in NUMBER_MARKED.items()}}
_LIMIT = re.compile(r"\b(?:it nhat|toi thieu|khong duoi|tren|toi da|khong qua|giam|tang)\s+\d")
_FREQUENCY = re.compile(
    r"\b(?:hang|moi)\s+(?:ngay|tuan|thang|quy|nam hoc|sang|chieu|toi|buoi|ky|dot|dem|thu\s+\w+|chu nhat)\b"
    r"|\blan\s*/\s*(?:ngay|tuan|thang|quy|nam)\b|/\s*(?:ngay|tuan|thang|quy|nam)\b|\bdinh ky\b"
    r"|\b(?:sang|chieu|toi)\s+(?:thu\s+(?:hai|ba|tu|nam|sau|bay)|chu nhat)\b"
    r"|\b(?:mot|hai|ba|\d+)\s+lan\s+(?:mot|moi|trong|/)\s*(?:ngay|tuan|thang|quy|nam)\b|\bmoi lan\b"
)
_VAGUE_FREQUENCY = re.compile(
    r"\b(?:cuoc song|sinh hoat|cong viec|hanh dong|loi noi)\s+(?:hang|moi)\s+ngay\b"
)
_DEADLINE = re.compile(
    r"\btruoc\s+(?:thang\s+)?\d|\btruoc\s+(?:ngay|tet|dip|le|ky nghi|ky hop|hoi nghi)\b|\btrong ngay\b"
    r"|\b(?:trong|truoc|het|cuoi|dau|giua|den)\s+(?:quy|thang|hoc ky)\s+(?:\d{1,2}|i{1,3}|iv)\b"
    r"|\bquy\s+(?:[1-4]|i{1,3}|iv)\b|\bthang\s+(?:[1-9]|1[0-2])\b|\bhoc ky\s+(?:[12]|i{1,2})\b"
    r"|\b(?:truoc|den)\s+(?:cuoi|het)\s+(?:nam|quy|thang|nam hoc|hoc ky)\b"
    r"|\btrong\s+(?:\d+|mot|hai|ba)\s+(?:ngay|tuan|thang)\b"
)
_ZERO = re.compile(
    r"\bkhong\b[^.;]{0,80}?\b(?:lan|buoi|ngay|truong hop|vu|ai|nguoi|ho|em|hoc sinh|ho so|tiet|ca|chau|"
    r"dip|khi|gio|con|cay|hop|phan anh|don)\s+nao\b"
)
_NOT_LETTING = re.compile(r"\bkhong\s+de\s+(?:xay\s+ra\s+|co\s+|)(?P<what>[a-z ]{3,40})")
_MOMENT = re.compile(
    r"\b(?:khi|ngay khi|moi khi|truoc khi|sau khi)\s+(?!can\b|co the\b|duoc\b|co yeu cau\b|co dieu kien\b|"
    r"phat hien\b|thay\b|nhan\b|co\b|tham gia\b)"
)
_ON_TIME = re.compile(r"\b(?:dung|tre|qua)\s+(?:han|hen|ky|ngay hen)\b")
_ATTEND = re.compile(r"\b(?:day du|du|100%|tat ca|toan bo)\b")
_TITLE = re.compile(
    r"\b(?:dat|duoc cong nhan|duoc tang|duoc khen|nhan)\b[^.;]{0,30}\b(?:danh hieu|"
    r"giai(?!\s+(?:doan|phap|quyet|thich|phong|trinh|tri|the)\b)|chien si thi dua|"
    r"lao dong tien tien|giao vien (?:day|chu nhiem) gioi|gia dinh van hoa|khu dan cu van hoa|giay khen|"
    r"bang khen|chuan|xep loai)\b"
)
_OUTCOME = re.compile(r"\bduoc\s+(?:cong nhan|ket nap|cap bang|cap chung chi|xet tang)\b")
# "góp phần xây dựng xã đạt chuẩn…": the title is the collective's, the member's share in it is not said
_CONTRIBUTING = re.compile(r"\b(?:gop phan|dong gop)\b")
# Nothing of a named kind, ever: "không để hộ nào tái nghèo", "không có đơn thư nào". Not a time ("lúc nào",
# "khi nào"), not a wrong too general to count ("không để xảy ra sai sót nào").
_NONE_OF = re.compile(r"\b(?:khong|chua)\b(?P<between>[^.;]{0,80}?)\s(?P<what>[a-z]+(?: [a-z]+){0,3}) nao\b")
_NOT_A_KIND = ("luc", "khi", "bao gio", "dau", "sao", "the", "cach", "ai", "gi")
_PLACE = re.compile(r"\b(?:" + "|".join(NAMED_PLACES) + r")\b")  # cheap first look before ``_ONE_OFF``
_ONE_OFF = re.compile(
    r"\b(?:" + "|".join(ONE_OFF_ACTS) + r"|tham(?= (?:" + "|".join(NAMED_PLACES) + r")))\b"
    r"[^.;]{0,60}?\b(?:" + "|".join(NAMED_PLACES) + r")\b"
)
# Finishing a named course: "hoàn thành lớp Trung cấp lý luận chính trị", "lấy chứng chỉ tiếng Anh B1". A
# course named only by its kind ("lớp bồi dưỡng chính trị") does not count.
_FINISHED = r"\b(?:hoan thanh|hoc xong|tot nghiep|bao ve luan (?:van|an)|lay|thi dat|thi lay|nhan bang)\b"
_FINISHED_FIRST = re.compile(_FINISHED)  # cheap first look before ``_COURSE``
_COURSE = re.compile(
    _FINISHED + r"(?:\s+[a-z0-9]+){0,6}?\s+(?:chuong trinh|lop|khoa(?: hoc| dao tao| tap huan| boi duong)?|"
    r"chung chi|bang|van bang|luan van|luan an)?\b[^.;]{0,40}?\b(?:" + "|".join(COURSE_NAMES) + r")\b"
)
_RATING_ONLY = re.compile(r"\bxuat sac nhiem vu\b|\bhoan thanh (?:tot|xuat sac)? ?nhiem vu\b")


def plain(text: str) -> str:
    """Folded text with only letters, digits and the signs numbers use; document numbers and Covid-19
    taken out, so that their digits are not read as quantities."""
    return _plain_folded(fold(text))


def _unless_signing(m: re.Match) -> str:
    return m.group(0) if m.string.endswith("ky ", 0, m.start()) else " "


def _plain_folded(folded: str) -> str:
    if not _DIGIT.search(folded):  # most actions: nothing below to take out (a province's recount runs this)
        return _SPACES.sub(" ", _KEEP.sub(" ", folded)).strip()
    folded = _TERM.sub(" ", folded)  # before the dashes go
    folded = _KEEP.sub(" ", folded)
    folded = _STANDALONE_DOC.sub(" ", folded)
    folded = _DOC_NUMBER.sub(" ", folded)
    folded = _NUMBERED.sub(_unless_signing, folded)
    folded = _ORDINAL.sub(" ", folded)
    return _SPACES.sub(" ", folded).strip()


def _is_year(number: str) -> bool:
    return number.isdigit() and len(number) == 4 and 1900 <= int(number) <= 2100


def _is_date(m: re.Match, text: str) -> bool:
    """A day and month ("2/9", "19/5", "12/12/2023"), not a share ("12/12 buổi", "3/5 hộ"): with a year, when
    the first number is larger, after a word that dates ("Quốc khánh 2/9"), or with nothing counted after it."""
    day, month = int(m.group(1)), int(m.group(2))
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return False
    if m.group(3) is not None or day > month:
        return True
    return bool(_DATE_BEFORE.search(text[: m.start()])) or not text[m.end() :].strip(" ,;:.-")


# After a number, what makes it no count: years ("135 năm", "40 năm tuổi Đảng") and a slogan's words.
_NOT_A_COUNT = re.compile(r"^\s*nam\b(?!\s+hoc\b)")
_SLOGAN = re.compile(r"^\s*(?:" + "|".join(SLOGAN_WORDS) + r")\b")
_SLOGAN_SHORT = re.compile(r"^\s*(?:" + "|".join(SLOGAN_SHORT) + r")" + _PHRASE_END)


def _is_slogan(after: str) -> bool:
    return bool(_SLOGAN.match(after) or _SLOGAN_SHORT.match(after))


def _quantities(text: str, marked: str) -> list[str]:
    """Numbers that count something concrete: not years, not shares of generic objects. ``marked`` is the
    text in lower case with its diacritics when it has any, else empty."""
    found = []
    ratios = list(_RATIO.finditer(text))
    taken = [m.span() for m in ratios]
    for m in ratios:
        if _is_date(m, text):
            continue
        found.append(m.group(0))  # 12/12 buổi, 3/5 hộ
    for m in _NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        number = m.group(1)
        if _is_year(number) and not m.group(2):
            continue
        after = text[m.end() :]
        if _GENERIC_OBJECT.match(after) or _NOT_A_COUNT.match(after) or _is_slogan(after):
            continue
        found.append(m.group(0).strip())
    found += _number_words(marked or text, exact=bool(marked))
    return found


@functools.lru_cache(maxsize=64)
def _folded(words: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((plain(w), w) for w in words)


_WORDS = re.compile(r"\w+")


def _number_words(lower: str, *, exact: bool) -> list[str]:
    """Numbers written as words before a counted unit ("hai cuốn", "ba buổi"). Where the writer used
    diacritics (``exact``), the number word must carry its own: "bà con" is not "ba con"."""
    words = _WORDS.findall(lower)
    found = []
    for i, word in enumerate(words):
        key = _NUMBER_FORMS.get(word)
        if key is None or (exact and word != NUMBER_MARKED[key]):
            continue
        if i and words[i - 1].isdigit():
            continue  # "135 năm ngày sinh": years, not "năm ngày"
        after = fold(" ".join(words[i + 1 : i + 3]))
        unit = next((u for u in _COUNTED_BY_LENGTH if after == u or after.startswith(u + " ")), None)
        if unit and not _GENERIC_OBJECT.match(after[len(unit) :]):
            found.append(" ".join(words[i : i + 1 + unit.count(" ") + 1]))
    return found


def _has_any(text: str, words: tuple[str, ...]) -> list[str]:
    """The words of ``words`` (as written there, with diacritics) found in the plain ``text``."""
    padded = f" {text} "
    return [shown for folded, shown in _folded(words) if f" {folded} " in padded]


def _frequency(text: str, marked: str) -> bool:
    """A frequency; "mỗi sáng" counts, "đổi mới sáng tạo" does not (where the writer used diacritics)."""
    for m in _FREQUENCY.finditer(_VAGUE_FREQUENCY.sub(" ", text)):
        if m.group(0).startswith("moi") and marked and "mỗi" not in marked:
            continue
        return True
    return False


def _none_of(text: str) -> bool:
    """Nothing of a named kind, ever ("không để hộ nào tái nghèo"): not a time, not a wrong too general."""
    if " nao" not in text:
        return False
    for m in _NONE_OF.finditer(text):
        what = m.group("what").split()
        if what[-1] in _NOT_A_KIND or " ".join(what[-2:]) in _NOT_A_KIND:
            continue
        phrase = " ".join(what)
        if any(phrase.endswith(w) for w in GENERIC_WRONGS) or _GENERIC_OBJECT.match(phrase):
            continue
        return True
    return False


def _refused(text: str) -> list[str]:
    """Forbidden acts preceded, in the same clause, by a negation."""
    found = []
    for m in _forbidden().finditer(text):
        clause = re.split(r"[.;,:]", text[: m.start()])[-1]
        before = " " + " ".join(clause.split()[-8:]) + " "
        if any(f" {neg} " in before for neg, _shown in _folded(NEGATIONS)):
            found.append(dict(_folded(FORBIDDEN_ACTS))[m.group(0)])
    return found


@functools.lru_cache(maxsize=1)
def _forbidden() -> re.Pattern:
    return re.compile(
        r"(?<![a-z0-9])(?:" + _alternation(tuple(f for f, _s in _folded(FORBIDDEN_ACTS))) + r")(?![a-z0-9])"
    )


@dataclass
class Verdict:
    vague: bool
    reasons: list[str] = field(default_factory=list)
    suggestion: str = ""
    generic: list[str] = field(default_factory=list)  # the empty phrases of a vague text, as written


def _signals(text: str, marked: str = "") -> Iterator[str]:
    """What makes ``text`` checkable, in words, one rule after the other: nothing when nothing does.
    Lazy, so that ``checkable`` stops at the first rule that holds."""
    quantities = _quantities(text, marked)
    if quantities:
        yield _("Có số lượng: %s") % ", ".join(dict.fromkeys(quantities))
    if _frequency(text, marked):
        yield _("Có tần suất")
    if _DEADLINE.search(text) or _LIMIT.search(text):
        yield _("Có thời hạn hoặc mức cụ thể")
    if _ZERO.search(text) or _none_of(text):
        yield _("Cam kết không để xảy ra lần nào")
    for m in _NOT_LETTING.finditer(text):
        what = m.group("what")
        if (
            not any(what.startswith(w) for w in GENERIC_WRONGS)
            and not _GENERIC_OBJECT.match(what)
            and what.split()[0] not in _NOT_A_KIND
        ):
            yield _("Có việc cụ thể không để xảy ra")
            break
    refused = _refused(text)
    if refused:
        yield _("Cam kết không làm việc cụ thể: %s") % ", ".join(refused[:3])
    routine = _has_any(text, ROUTINE_ACTS)
    if routine:
        yield _("Có việc làm cụ thể: %s") % ", ".join(routine[:3])
    if _MOMENT.search(text):
        yield _("Gắn với thời điểm cụ thể")
    if _ON_TIME.search(text) and _has_any(text, DELIVERABLES):
        yield _("Có sản phẩm nộp đúng hạn")
    if _ATTEND.search(text) and _has_any(text, EVENTS):
        yield _("Tham dự đầy đủ một việc đếm được")
    if (
        (_TITLE.search(text) or _OUTCOME.search(text))
        and not _RATING_ONLY.search(text)
        and not _CONTRIBUTING.search(text)
    ):
        yield _("Có danh hiệu, kết quả được công nhận")
    if _PLACE.search(text) and _ONE_OFF.search(text):
        yield _("Có việc làm cụ thể tại địa điểm cụ thể")
    if _FINISHED_FIRST.search(text) and _COURSE.search(text):
        yield _("Hoàn thành một khóa học, lớp học cụ thể")


@functools.lru_cache(maxsize=1)
def suggestions() -> list[tuple[str, str]]:
    """(folded key, suggestion) pairs from ``data/suggestions.txt``, in file order."""
    pairs = []
    for line in (DATA / "suggestions.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#") or "|" not in line:
            continue
        key, suggestion = (clean(part) for part in line.split("|", 1))
        if key and suggestion:
            pairs.append((plain(key), suggestion))
    return pairs


GENERAL_SUGGESTION = gettext_lazy(
    "Ghi rõ làm gì, bao nhiêu, bao lâu một lần hoặc xong trước ngày nào, ví dụ: "
    "“Đọc 02 cuốn sách về Bác trong năm, xong trước 30/6”."
)


def suggest(text: str) -> str:
    padded = f" {text} "
    for key, suggestion in suggestions():
        if f" {key} " in padded:
            return suggestion
    return str(GENERAL_SUGGESTION)


def _read(text: str) -> tuple[str, str]:
    """(plain text the rules read, the text in lower case when it carries diacritics, else "")."""
    folded = fold(text)
    lower = clean(text).lower()
    return _plain_folded(folded), (lower if folded != lower else "")


@functools.lru_cache(maxsize=1_048_576)
def signals_of(text: str) -> tuple[str, ...]:
    """What makes one text (an action, or its target) checkable; empty when nothing does. Cached: a
    province writes far fewer distinct texts than it writes actions."""
    found, marked = _read(text)
    return tuple(_signals(found, marked)) if found else ()


@functools.lru_cache(maxsize=1_048_576)
def checkable(text: str) -> bool:
    """``bool(signals_of(text))``, stopping at the first rule that holds: what counting needs."""
    found, marked = _read(text)
    return bool(found) and next(_signals(found, marked), None) is not None


def _telling(deadline: datetime.date | None) -> bool:
    """A deadline on the last day of the year is what every year-long action has: it says nothing."""
    return deadline is not None and (deadline.month, deadline.day) != (12, 31)


def is_concrete(action: str, target: str = "", deadline: datetime.date | None = None) -> bool:
    """``not assess(...).vague``, without building the explanation: what counting needs."""
    return _telling(deadline) or checkable(action or "") or checkable(target or "")


@functools.lru_cache(maxsize=65_536)
def _assess(action: str, target: str, telling: bool) -> Verdict:
    signals = list(signals_of(action)) + list(signals_of(target))
    if telling:
        signals.append(_("Có thời hạn"))
    if signals:
        return Verdict(False, signals)
    text = plain(f"{action} {target}")
    if not text:
        return Verdict(True, [_("Chưa có nội dung")], str(GENERAL_SUGGESTION))
    reasons = [_("Không có con số, tần suất, thời hạn hay việc làm cụ thể để cuối năm kiểm tra được")]
    generic = _has_any(text, GENERIC_PHRASES)[:3]
    if generic:
        reasons.append(_("Chỉ có cụm từ chung chung: %s") % ", ".join(f"“{g}”" for g in generic))
    return Verdict(True, reasons, suggest(text), generic)


def assess(action: str, target: str = "", deadline: datetime.date | None = None) -> Verdict:
    """The verdict on one action, with its target and deadline when the form has them: concrete when
    either text says something checkable, or the deadline does."""
    verdict = _assess(action or "", target or "", _telling(deadline))
    return Verdict(verdict.vague, list(verdict.reasons), verdict.suggestion, list(verdict.generic))
