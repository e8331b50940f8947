"""Which form of the year-end review reports on a record (Hướng dẫn 43-HD/BTCTW, 31/10/2025, phụ lục).

Mẫu 01-HD KĐ.ĐG 2025 is the collective's; a person reports on Mẫu 2A-HD KĐ.ĐG 2025 (not holding a post of
leadership or management), 2B (holding one) or 2C (a party member who does not work in the political
system). The tree does not record who works inside the political system or who holds such a post: the
person's position says it ("Bí thư chi bộ", "Trưởng phòng" → 2B; "Nghỉ hưu", "Kinh doanh tự do" → 2C), and
whoever downloads the section may pick another form. No model is read here: the caller passes the words.
"""

from __future__ import annotations

import re

FORMS = ("01", "2A", "2B", "2C")
FORM_LABELS = {
    "01": "Mẫu 01",
    "2A": "Mẫu 2A",
    "2B": "Mẫu 2B",
    "2C": "Mẫu 2C",
}
LEADERSHIP = re.compile(
    r"(^|\s)(phó\s+)?(bí thư|chủ tịch|trưởng|giám đốc|chủ nhiệm|chánh|hiệu trưởng|tổng biên tập|chỉ huy)(\s|$)",
    re.IGNORECASE,
)
OUTSIDE = re.compile(r"(nghỉ hưu|hưu trí|tự do|kinh doanh|doanh nghiệp tư nhân)", re.IGNORECASE)
PARTY_KINDS = frozenset({"member", "probationary"})


def review_form_for(*, record_kind: str, person_kind: str = "", position: str = "") -> str:
    """ "01" for a plan; for a commitment "2C", "2B" or "2A" from the person's kind and position."""
    if record_kind == "plan":
        return "01"
    if person_kind in PARTY_KINDS and OUTSIDE.search(position or ""):
        return "2C"
    if LEADERSHIP.search(position or ""):
        return "2B"
    return "2A"
