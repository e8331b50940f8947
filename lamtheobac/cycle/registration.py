"""The registration rules of a year: how many actions a person and a collective register, which fields each
action has and which are required, the "tự soi" section, the merge with the emulation registration.

Pure: no queries. ``RuleSet`` is what one period sets (``from_period``) or what the periods on a path add up
to (``combine``: the tightest of each); ``loosened`` says what a lower org's rules would loosen; ``problems``
says what a record lacks before it can be submitted.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import FieldUse, Period, Scoring

# The five standards of revolutionary ethics of Quy định 144-QĐ/TW (9/5/2024), one per article (Điều 1–5):
# an action says which of them it serves.
STANDARDS: tuple[tuple[str, Promise], ...] = (
    ("s1", _("Yêu nước, tôn trọng Nhân dân, tuyệt đối trung thành với Đảng, với Tổ quốc")),
    ("s2", _("Bản lĩnh, đổi mới, sáng tạo, hội nhập")),
    ("s3", _("Cần, kiệm, liêm, chính, chí công vô tư")),
    ("s4", _("Đoàn kết, kỷ cương, tình thương, trách nhiệm")),
    ("s5", _("Gương mẫu, khiêm tốn, tu dưỡng rèn luyện, học tập suốt đời")),
)
STANDARD_CODES = frozenset(code for code, _label in STANDARDS)

# The fields of an action the rules govern (the action itself is always required).
ITEM_FIELDS: tuple[str, ...] = ("standards", "target", "deadline", "supervisor")
FIELD_LABELS = {
    "standards": _("chuẩn mực đạo đức phục vụ"),
    "target": _("sản phẩm, chỉ tiêu đo được"),
    "deadline": _("thời hạn"),
    "supervisor": _("người giám sát"),
}
# A collective's plan gives each content a time frame and whoever is responsible (its own fields): these
# belong to a person's actions only.
PERSONAL_FIELDS = frozenset({"standards", "deadline", "supervisor"})
_TIGHTNESS = [FieldUse.OFF, FieldUse.OPTIONAL, FieldUse.REQUIRED]

# QĐ 366-QĐ/TW took effect when it was signed, on 30/8/2025: a year that ends after it is rated on its
# 100-point scale; earlier years keep the four levels they were rated on.
QD366_SIGNED = datetime.date(2025, 8, 30)


def scoring_for_year(year: int) -> str:
    """The rating rules a year gets when nobody chose: the ones in force on its last day."""
    return Scoring.QD366 if datetime.date(year, 12, 31) >= QD366_SIGNED else Scoring.LEVELS


@dataclass(frozen=True)
class RuleSet:
    person_min: int = 3
    person_max: int | None = None
    collective_min: int = 1
    collective_max: int | None = None
    uses: dict[str, str] = field(default_factory=lambda: dict.fromkeys(ITEM_FIELDS, FieldUse.OPTIONAL))
    self_examination: str = FieldUse.OFF
    emulation: bool = False
    scoring: str = Scoring.QD366
    excellent_quota: int | None = None
    # people outside the Party (công chức, viên chức, người lao động, đoàn viên who are not members) may
    # file under numbers of their own; None: the same as a Party member's
    nonparty_min: int | None = None
    nonparty_max: int | None = None

    def use(self, name: str) -> str:
        return self.uses.get(name, FieldUse.OPTIONAL)

    def shown(self, name: str) -> bool:
        return self.use(name) != FieldUse.OFF

    def required(self, name: str) -> bool:
        return self.use(name) == FieldUse.REQUIRED

    def bounds(self, *, collective: bool, nonparty: bool = False) -> tuple[int, int | None]:
        if collective:
            return self.collective_min, self.collective_max
        if nonparty:
            return self.nonparty_bounds()
        return self.person_min, self.person_max

    def nonparty_bounds(self) -> tuple[int, int | None]:
        """The minimum and maximum of actions of a person outside the Party: their own, else a member's."""
        low = self.person_min if self.nonparty_min is None else self.nonparty_min
        high = self.person_max if self.nonparty_max is None else self.nonparty_max
        return low, high


def legacy(period: Period) -> RuleSet:
    """The rules of a period opened before registration rules were kept: its minimum for a person, at
    least one content for a collective, every field optional, no "tự soi", no merge; rated under the
    rules in force at the end of its year."""
    return RuleSet(person_min=period.min_actions, scoring=scoring_for_year(period.year))


def from_period(period: Period) -> RuleSet:
    """What ``period`` itself sets (its ``registration`` row, fetched with it or on first access)."""
    try:
        row = period.registration
    except Period.registration.RelatedObjectDoesNotExist:
        return legacy(period)
    return RuleSet(
        person_min=period.min_actions,
        person_max=row.person_max,
        collective_min=row.collective_min,
        collective_max=row.collective_max,
        uses={name: getattr(row, name) for name in ITEM_FIELDS},
        self_examination=row.self_examination,
        emulation=row.emulation,
        scoring=row.scoring,
        excellent_quota=row.excellent_quota,
        nonparty_min=row.nonparty_min,
        nonparty_max=row.nonparty_max,
    )


def _tighter(a: str, b: str) -> str:
    return a if _TIGHTNESS.index(a) >= _TIGHTNESS.index(b) else b


def _highest(a: int | None, b: int | None) -> int | None:
    present = [n for n in (a, b) if n is not None]
    return max(present) if present else None


def _lowest(a: int | None, b: int | None) -> int | None:
    present = [n for n in (a, b) if n is not None]
    return min(present) if present else None


def combine(sets: Sequence[RuleSet]) -> RuleSet | None:
    """The rules in force under a chain of rule sets (top first): the largest minimum, the smallest maximum,
    each field as required as anyone made it, the merge once anyone asked for it; the rating rules and the
    quota of the nearest period that set them (the top's otherwise)."""
    if not sets:
        return None
    top = sets[0]
    for lower in sets[1:]:
        top = RuleSet(
            person_min=max(top.person_min, lower.person_min),
            person_max=_lowest(top.person_max, lower.person_max),
            collective_min=max(top.collective_min, lower.collective_min),
            collective_max=_lowest(top.collective_max, lower.collective_max),
            uses={name: _tighter(top.use(name), lower.use(name)) for name in ITEM_FIELDS},
            self_examination=_tighter(top.self_examination, lower.self_examination),
            emulation=top.emulation or lower.emulation,
            scoring=top.scoring,  # the year's rating rules are one for the whole tree
            excellent_quota=_lowest(top.excellent_quota, lower.excellent_quota),
            nonparty_min=_highest(top.nonparty_min, lower.nonparty_min),
            nonparty_max=_lowest(top.nonparty_max, lower.nonparty_max),
        )
    return top


# --- A lower org's rules against the ones it inherits ----------------------------------------------

ERR_MIN_OVER_MAX = _("Số tối thiểu (%(min)s) không được lớn hơn số tối đa (%(max)s).")
ERR_LOOSER_PERSON_MAX = _("Cấp trên cho tối đa %(n)s việc làm mỗi cá nhân; cấp dưới không được nới thêm.")
ERR_LOOSER_COLLECTIVE_MIN = _(
    "Cấp trên yêu cầu ít nhất %(n)s nội dung mỗi tập thể; cấp dưới không được giảm."
)
ERR_LOOSER_COLLECTIVE_MAX = _("Cấp trên cho tối đa %(n)s nội dung mỗi tập thể; cấp dưới không được nới thêm.")
ERR_LOOSER_FIELD = _("Cấp trên quy định “%(use)s”; cấp dưới chỉ được giữ nguyên hoặc chặt hơn.")
ERR_LOOSER_EMULATION = _("Cấp trên đã kết hợp với đăng ký thi đua năm; cấp dưới không được bỏ.")
ERR_LOOSER_NONPARTY_MIN = _(
    "Cấp trên yêu cầu người ngoài Đảng đăng ký ít nhất %(n)s việc làm; cấp dưới không được giảm."
)
ERR_LOOSER_NONPARTY_MAX = _(
    "Cấp trên cho người ngoài Đảng tối đa %(n)s việc làm; cấp dưới không được nới thêm."
)
ERR_LOOSER_QUOTA = _("Cấp trên quy định tỷ lệ xuất sắc tối đa %(n)s%%; cấp dưới không được nâng.")
ERR_OTHER_SCORING = _(
    "Cách đánh giá, xếp loại do cấp mở năm quy định (%(scoring)s); cấp dưới không đổi được."
)


def inconsistent(rules: RuleSet) -> dict[str, list[str]]:
    """A rule set at odds with itself: a minimum above its maximum."""
    errors: dict[str, list[str]] = {}
    if rules.person_max is not None and rules.person_min > rules.person_max:
        errors["person_max"] = [str(ERR_MIN_OVER_MAX % {"min": rules.person_min, "max": rules.person_max})]
    if rules.collective_max is not None and rules.collective_min > rules.collective_max:
        errors["collective_max"] = [
            str(ERR_MIN_OVER_MAX % {"min": rules.collective_min, "max": rules.collective_max})
        ]
    low, high = rules.nonparty_bounds()
    if high is not None and low > high and (rules.nonparty_min, rules.nonparty_max) != (None, None):
        errors["nonparty_max"] = [str(ERR_MIN_OVER_MAX % {"min": low, "max": high})]
    return errors


def loosened(child: RuleSet, parent: RuleSet) -> dict[str, list[str]]:
    """What ``child`` would loosen of ``parent`` (the rules in force above it), by field; empty when it only
    keeps or tightens them. (The person's minimum is checked with the year's other rules.)"""
    errors: dict[str, list[str]] = {}
    if parent.person_max is not None and (child.person_max is None or child.person_max > parent.person_max):
        errors["person_max"] = [str(ERR_LOOSER_PERSON_MAX % {"n": parent.person_max})]
    if child.collective_min < parent.collective_min:
        errors["collective_min"] = [str(ERR_LOOSER_COLLECTIVE_MIN % {"n": parent.collective_min})]
    if parent.collective_max is not None and (
        child.collective_max is None or child.collective_max > parent.collective_max
    ):
        errors["collective_max"] = [str(ERR_LOOSER_COLLECTIVE_MAX % {"n": parent.collective_max})]
    for name in (*ITEM_FIELDS, "self_examination"):
        mine = child.self_examination if name == "self_examination" else child.use(name)
        theirs = parent.self_examination if name == "self_examination" else parent.use(name)
        if _TIGHTNESS.index(mine) < _TIGHTNESS.index(theirs):
            errors[name] = [str(ERR_LOOSER_FIELD % {"use": FieldUse(theirs).label})]
    if parent.emulation and not child.emulation:
        errors["emulation"] = [str(ERR_LOOSER_EMULATION)]
    if parent.excellent_quota is not None and (
        child.excellent_quota is None or child.excellent_quota > parent.excellent_quota
    ):
        errors["excellent_quota"] = [str(ERR_LOOSER_QUOTA % {"n": parent.excellent_quota})]
    # a person outside the Party: the numbers in force (their own, else a member's) only tightened
    (child_low, child_high), (low, high) = child.nonparty_bounds(), parent.nonparty_bounds()
    if (child.nonparty_min, parent.nonparty_min) != (None, None) and child_low < low:
        errors["nonparty_min"] = [str(ERR_LOOSER_NONPARTY_MIN % {"n": low})]
    own_max = (child.nonparty_max, parent.nonparty_max) != (None, None)
    if own_max and high is not None and (child_high is None or child_high > high):
        errors["nonparty_max"] = [str(ERR_LOOSER_NONPARTY_MAX % {"n": high})]
    if child.scoring != parent.scoring:
        errors["scoring"] = [str(ERR_OTHER_SCORING % {"scoring": Scoring(parent.scoring).label})]
    return errors


def minimum(rules_min: int, rules: RuleSet, *, nonparty: bool) -> int:
    """The fewest actions a person files: the year's minimum (``Rules.min_actions``), or for a person outside
    the Party the number of their own where one is set."""
    return rules.nonparty_min if nonparty and rules.nonparty_min is not None else rules_min


def inherit(parent: RuleSet, *, person_min: int) -> RuleSet:
    """The rules a lower org keeps when it sets none of its own: its parent's (with its own minimum)."""
    return replace(parent, person_min=person_min)


# --- A record against the rules -----------------------------------------------------------------------

ERR_TOO_MANY_ACTIONS = _("Chỉ đăng ký tối đa %(n)s việc làm; hiện có %(have)s.")
ERR_TOO_FEW_CONTENTS = _("Kế hoạch cần ít nhất %(n)s nội dung; hiện có %(have)s.")
ERR_TOO_MANY_CONTENTS = _("Kế hoạch chỉ gồm tối đa %(n)s nội dung; hiện có %(have)s.")
ERR_ITEM_FIELD_REQUIRED = _("Dòng %(n)s: chưa ghi %(field)s (năm nay bắt buộc).")
ERR_ITEM_STANDARD = _("Dòng %(n)s: chuẩn mực đạo đức không hợp lệ.")
ERR_SELF_EXAMINATION = _("Chưa ghi phần tự soi, tự sửa: hạn chế, khuyết điểm tự nhận và biện pháp khắc phục.")
ERR_EMULATION_TITLE = _(
    "Năm nay đăng ký làm theo Bác kết hợp đăng ký thi đua: hãy ghi danh hiệu thi đua đăng ký."
)


@dataclass(frozen=True)
class ItemFacts:
    """What the rules read of one action."""

    standards: Iterable[str] = ()
    target: str = ""
    deadline: datetime.date | None = None
    supervisor: str = ""


def unknown_standards(items: Sequence[ItemFacts]) -> list[str]:
    """Rows naming a standard that is not one of the five (refused at every save)."""
    return [
        str(ERR_ITEM_STANDARD % {"n": n})
        for n, item in enumerate(items, start=1)
        if set(item.standards) - STANDARD_CODES
    ]


def problems(
    rules: RuleSet,
    *,
    collective: bool,
    nonparty: bool = False,
    items: Sequence[ItemFacts],
    shortcomings: str = "",
    remedies: str = "",
    emulation_title: str = "",
) -> list[str]:
    """Everything that stops a record from being submitted under ``rules``, in the order of the page (the
    number of actions, then each row, then the "tự soi" section and the emulation title). A person's minimum
    is counted by the caller, with the year's other rules (``Rules.min_actions``; ``minimum`` for a person
    outside the Party)."""
    found: list[str] = []
    low, high = rules.bounds(collective=collective, nonparty=nonparty)
    have = len(items)
    if collective and have < low:
        found.append(str(ERR_TOO_FEW_CONTENTS % {"n": low, "have": have}))
    if high is not None and have > high:
        message = ERR_TOO_MANY_CONTENTS if collective else ERR_TOO_MANY_ACTIONS
        found.append(str(message % {"n": high, "have": have}))
    for n, item in enumerate(items, start=1):
        for name in ITEM_FIELDS:
            if not rules.required(name) or (collective and name in PERSONAL_FIELDS):
                continue
            value = getattr(item, name)
            if not value or (isinstance(value, str) and not value.strip()):
                found.append(str(ERR_ITEM_FIELD_REQUIRED % {"n": n, "field": FIELD_LABELS[name]}))
    if not collective and rules.self_examination == FieldUse.REQUIRED:
        if not shortcomings.strip() or not remedies.strip():
            found.append(str(ERR_SELF_EXAMINATION))
    if not collective and rules.emulation and not emulation_title.strip():
        found.append(str(ERR_EMULATION_TITLE))
    return found
