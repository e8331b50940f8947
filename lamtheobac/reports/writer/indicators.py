"""The reporting indicators of a year (from 2026) for the statistics appendix (Phụ lục) of a draft.

The list follows what the year-end reports on Chỉ thị 05-CT/TW are asked to count since the 2025 review
(Hướng dẫn 43-HD/BTCTW, 31/10/2025, on kiểm điểm, đánh giá, xếp loại under Quy định 366-QĐ/TW, 30/8/2025):
the actions registered, Party members and non-party participants apart (Chỉ thị 05-CT/TW, 15/5/2016, asks it
of cán bộ, đảng viên, công chức, viên chức alike), commendations by the level that issued them,
study participation (attendances of non-party people included), the share rated "hoàn thành tốt nhiệm vụ"
or better (Quy định 366-QĐ/TW, Điều 11: the bands), and the breakthrough contents chosen and resolved.

Most figures are the dashboard's (``Figures``, with the non-party split); the rest are a few grouped queries
over the report's last year (``selectors.read_indicators``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from lamtheobac.lib import text

# The first year reported with these indicators: the first after the 2025 review (Hướng dẫn 43-HD/BTCTW).
INDICATORS_FROM = 2026

# The issuing levels of a commendation, read from the issuer's name ("Tỉnh ủy Bắc Kạn", "UBND huyện …").
CENTRAL, PROVINCE, DISTRICT, COMMUNE, OTHER = "central", "province", "district", "commune", "other"
LEVEL_LABELS = {
    CENTRAL: "Cấp Trung ương",
    PROVINCE: "Cấp tỉnh",
    DISTRICT: "Cấp huyện (trước 01/7/2025)",
    COMMUNE: "Cấp xã, cơ sở",
    OTHER: "Cấp khác",
}
_LEVEL_WORDS = [  # folded words, tried in order: "thị xã" is a district, not a commune
    (CENTRAL, r"trung uong|chinh phu|thu tuong|chu tich nuoc|quoc hoi|bo chinh tri|ban bi thu"),
    (PROVINCE, r"tinh|thanh uy|thanh pho|tp\b"),
    (DISTRICT, r"huyen|quan|thi xa|thi uy"),
    (COMMUNE, r"xa|phuong|thi tran|dac khu|co so|dang uy|chi bo"),
]


def issuing_level(issuer: str) -> str:
    folded = text.fold(issuer)
    for level, words in _LEVEL_WORDS:
        if re.search(rf"\b(?:{words})\b", folded):
            return level
    return OTHER


@dataclass
class Indicators:
    year: int
    commendations: Counter = field(default_factory=Counter)  # issuing level → decisions
    attendances: int = 0  # present at the year's thematic study sessions
    attendances_nonparty: int = 0
    breakthroughs_chosen: int = 0
    breakthroughs_resolved: int = 0  # with at least one action done ("Hoàn thành")

    @property
    def attendances_party(self) -> int:
        return self.attendances - self.attendances_nonparty
