"""The draft: the sections of a new sơ kết / tổng kết, in the order a Party report sets them out.

The draft is a list of plain-text sections ``{"key", "heading", "level", "text"}``; paragraphs are separated
by blank lines. Each part of the report is written by its own module (``leadership``, ``results``,
``assessment``); this one puts them in order, normalises the text the same way the officer's edits are, and
holds what the editing page tells the officer about each section.
"""

from __future__ import annotations

import re
import unicodedata

from lamtheobac.organisation.models import Org

from ..models import ReportKind
from . import assessment, leadership, results
from .selectors import Facts, gather


def draft(org: Org, year_from: int, year_to: int, kind: str) -> list[dict]:
    """The sections of a new report, written from the figures of ``org``'s subtree over the years."""
    return compose(gather(org, year_from, year_to), kind)


def _section(key: str, heading: str, level: int, body: str) -> dict:
    return {"key": key, "heading": heading, "level": level, "text": body}


def compose(facts: Facts, kind: str) -> list[dict]:
    final = kind == ReportKind.FINAL
    sections = [
        _section("intro", "", 0, leadership.intro(facts, kind)),
        _section("lead", "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TỔ CHỨC THỰC HIỆN", 1, leadership.lead(facts)),
        _section("lead.propaganda", "Công tác tuyên truyền", 2, leadership.propaganda(facts)),
        _section("results", "II. KẾT QUẢ THỰC HIỆN", 1, ""),
        _section("results.study", "1. Việc học tập chuyên đề", 2, results.study(facts)),
        _section(
            "results.plans", "2. Xây dựng kế hoạch và bản cam kết làm theo Bác", 2, results.plans(facts)
        ),
        _section("results.ratings", "3. Kết quả đánh giá, xếp loại", 2, results.ratings(facts)),
        _section("results.models", "4. Mô hình điểm, gương điển hình", 2, results.models(facts)),
        _section("results.inspections", "5. Công tác kiểm tra, giám sát", 2, results.inspections(facts)),
        _section(
            "results.breakthroughs", "6. Kết quả thực hiện các nội dung đột phá", 2, breakthroughs(facts)
        ),
        _section(
            "results.leaders",
            "7. Việc nêu gương của cấp ủy, người đứng đầu",
            2,
            leadership.leaders_example(facts),
        ),
        _section("review", "III. ĐÁNH GIÁ CHUNG", 1, ""),
        _section("review.strengths", "1. Ưu điểm", 2, assessment.strengths(facts)),
        _section("review.weaknesses", "2. Hạn chế, nguyên nhân", 2, assessment.weaknesses(facts)),
        _section("review.lessons", "3. Bài học kinh nghiệm", 2, assessment.lessons(facts)),
    ]
    heading = "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ " + ("TRONG THỜI GIAN TỚI" if final else "THỜI GIAN TỚI")
    sections.append(_section("tasks", heading, 1, assessment.tasks(facts, final)))
    sections.append(_section("proposals", "V. ĐỀ XUẤT, KIẾN NGHỊ", 1, PROPOSALS))
    return [{**s, "text": text_nfc(s["text"])} for s in sections]


PROPOSALS = (
    "[Nêu đề xuất, kiến nghị với cấp trên (nếu có): về hướng dẫn, tài liệu học tập chuyên đề, kinh phí, "
    "khen thưởng gương điển hình, cơ chế nhân rộng mô hình.]"
)


def breakthroughs(facts: Facts) -> str:
    """What came of each breakthrough content: the system knows which there were, not what they achieved."""
    names = list(facts.breakthroughs) + sorted(facts.inherited_breakthroughs - set(facts.breakthroughs))
    if not names:
        return "[Nêu kết quả thực hiện các nội dung đột phá (nếu có) bằng số liệu cụ thể.]"
    lines = [f"- {name}: [kết quả đạt được, số liệu cụ thể]." for name in names]
    return "\n\n".join(["Kết quả thực hiện các nội dung đột phá:", *lines])


def text_nfc(value: str) -> str:
    """NFC, no trailing spaces, paragraphs separated by exactly one blank line."""
    lines = [line.rstrip() for line in unicodedata.normalize("NFC", value).replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- Notes for the editing page ------------------------------------------------------------------------

# What the officer should know about a section while editing it (the draft cannot know it all).
SECTION_HINTS = {
    "intro": "Bổ sung kế hoạch, hướng dẫn của cấp trên về việc sơ kết, tổng kết nếu có.",
    "review.weaknesses": "Các hạn chế được rút ra từ số liệu; cấp ủy bổ sung nguyên nhân.",
    "review.lessons": "Dự thảo chung: cấp ủy điều chỉnh theo thực tiễn của địa phương, đơn vị.",
    "tasks": "Dự thảo chung: cấp ủy điều chỉnh theo thực tiễn của địa phương, đơn vị.",
}
# The tables placed after a section in the Word file, computed afresh at each download.
TABLE_NOTES = {
    "results.plans": "bảng kết quả xây dựng kế hoạch, bản cam kết qua các năm và của các tổ chức trực thuộc",
    "results.ratings": "bảng kết quả xếp loại qua các năm",
    "results.inspections": "bảng học tập chuyên đề, mô hình, gương điển hình, kiểm tra, giám sát qua các năm",
}


def prompts_left(sections: list[dict]) -> int:
    """How many bracketed prompts the officer has not replaced yet."""
    return sum(len(re.findall(r"\[[^\]]+\]", s.get("text", ""))) for s in sections)
