"""The draft's opening and its part I: what the report answers to, and how the committee led and directed.

The intro cites the directive (and Kết luận 01 from 2021 on) with the guidance from above that concerns
the review; part I tells the org's own directing documents, the yearly study themes, the breakthrough
contents and the programmes the directive was tied to. Where the system holds no document, a bracketed
prompt asks the officer to add them rather than invent any.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from lamtheobac.cycle.models import Document, DocumentKind
from lamtheobac.lib import text
from lamtheobac.lib.formatting import number, party_dates
from lamtheobac.lib.formatting import party_date as date  # in the text: ngày 15-5-2016

from ..models import ReportKind
from .names import (
    CONCLUSION_YEAR,
    KIND_WORDS,
    PROMPT,
    join_and,
    lower_first,
    paragraphs,
    upper_first,
    years_list,
    years_text,
)
from .results import units
from .selectors import Facts, span_text

DIRECTIVE = (
    "Chỉ thị số 05-CT/TW, ngày 15-5-2016 của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, "
    "đạo đức, phong cách Hồ Chí Minh"
)
CONCLUSION = "Kết luận số 01-KL/TW, ngày 18-5-2021 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị số 05-CT/TW"


def _cite(doc: Document, *, with_issuer: bool = True) -> str:
    """ "Kế hoạch số 50-KH/HU, ngày 25-5-2016 của Huyện ủy Bạch Thông thực hiện Chỉ thị số 05-CT/TW …"."""
    label = doc.get_kind_display()
    title = text.clean(doc.title).split(":")[0].strip()  # "Hướng dẫn học tập chuyên đề năm 2020: “…”"
    about = (
        title[len(label) :].strip() if title.lower().startswith(label.lower()) else f"về {lower_first(title)}"
    )
    issuer = f" của {text.clean(doc.issuer)}" if with_issuer and doc.issuer else ""
    # a date in the title as typed ("ngày 15/5/2016") reads as the running text writes dates: 15-5-2016
    about = party_dates(about)
    return f"{label} số {doc.number}, ngày {date(doc.issued_on)}{issuer} {about}".strip()


GUIDANCE_WORDS = ("so ket", "tong ket", "chi thi", "05-ct", "01-kl", "ket luan")


def _relevant_guidance(facts: Facts) -> list[Document]:
    """The documents from above worth citing at the top: those about the directive or about the review
    itself (not the yearly plans), the latest two."""
    found = [d for d in facts.guidance if any(w in text.fold(d.title) for w in GUIDANCE_WORDS)]
    return found[-2:]


def intro(facts: Facts, kind: str) -> str:
    sources = [DIRECTIVE]
    if facts.last >= CONCLUSION_YEAR:
        sources.append(CONCLUSION)
    sources += [_cite(doc) for doc in _relevant_guidance(facts)]
    word = KIND_WORDS[ReportKind(kind)]
    years = f"{facts.years} năm ({years_text(facts.first, facts.last)})"
    as_of = facts.as_of
    return (
        f"Thực hiện {'; '.join(sources)}, {facts.names.committee} báo cáo {word} {years} như sau:\n\n"
        f"(Số liệu tính đến ngày {date(as_of)}.)"
    )


def propaganda(facts: Facts) -> str:
    """Công tác tuyên truyền: what the system knows (published exemplars), a prompt for the rest."""
    published = sum(1 for c in facts.commendations if getattr(c.exemplar, "published", False))
    known = (
        f"Các gương điển hình được công khai trên trang thông tin của hệ thống ({number(published)} gương trong "
        "số được khen thưởng gần đây) phục vụ tuyên truyền. "
        if published
        else ""
    )
    return paragraphs(
        f"{known}[Nêu các hình thức tuyên truyền: trên báo, đài, trang thông tin điện tử, hệ thống loa truyền "
        "thanh cơ sở, bảng tin; số tin, bài; hội thi, hội diễn; tuyên truyền qua sinh hoạt chi bộ.]",
    )


def leaders_example(facts: Facts) -> str:
    """Nêu gương của người đứng đầu (Quy định 08-QĐi/TW, 101-QĐ/TW): the figures cannot judge it."""
    # the duty, worded as a duty: whether each leader lived up to it is for the committee to tell
    return paragraphs(
        f"Cấp ủy viên, người đứng đầu các cấp trong {facts.names.organisation} có trách nhiệm gương mẫu xây "
        "dựng và thực hiện bản cam kết làm theo Bác. "
        "[Nêu việc làm nêu gương cụ thể của bí thư, người đứng đầu: đăng ký việc làm, kết quả thực hiện, "
        "những việc đã làm trước để đảng viên, quần chúng noi theo.]",
    )


_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def _document_groups(facts: Facts) -> list[str]:
    """The org's directing documents in words: one cited in full, or several of one pattern together
    ("các kế hoạch … hằng năm (số 30-KH/HU, 22-KH/HU)")."""
    groups: dict[tuple[str, str, str], list[Document]] = defaultdict(list)
    for doc in facts.documents:
        if doc.kind == DocumentKind.REPORT:
            continue
        pattern = _YEAR.sub("####", text.clean(doc.title).split(":")[0])
        groups[(doc.kind, pattern, text.clean(doc.issuer))].append(doc)
    own = text.fold(facts.names.committee)
    phrases = []
    for (_kind, pattern, issuer), docs in groups.items():
        foreign = text.fold(issuer) != own and bool(issuer)
        if len(docs) == 1:
            phrases.append(_cite(docs[0], with_issuer=foreign))
            continue
        what = lower_first(pattern.replace(" năm ####", " hằng năm").replace("####", "").strip())
        by = f" của {issuer}" if foreign else ""
        phrases.append(f"các {what}{by} (số {', '.join(d.number for d in docs)})")
    return phrases


def _documents_paragraph(facts: Facts) -> str:
    directing = [d for d in facts.documents if d.kind != DocumentKind.REPORT]
    reports = len(facts.documents) - len(directing)
    who = facts.names.committee
    if not directing:
        return PROMPT.format(
            f"Bổ sung các văn bản {who} đã ban hành để lãnh đạo, chỉ đạo thực hiện Chỉ thị: hệ thống chưa ghi "
            f"nhận văn bản nào {span_text(facts)}."
        )
    by_kind = Counter(d.get_kind_display() for d in directing)
    kinds = join_and([f"{number(n)} {label.lower()}" for label, n in by_kind.items()])
    boards = any(text.fold(who) != text.fold(d.issuer) for d in directing)
    subject = f"{who} và các cơ quan tham mưu" if boards else who
    lead = (
        f"{upper_first(span_text(facts))}, {subject} đã ban hành {number(len(directing))} văn bản lãnh đạo, chỉ đạo, "
        f"hướng dẫn thực hiện Chỉ thị ({kinds})"
    )
    if reports:
        lead += f"; hằng năm có báo cáo kết quả thực hiện ({number(reports)} báo cáo)"
    return f"{lead}. Các văn bản chủ yếu: {'; '.join(_document_groups(facts))}."


def _themes_paragraph(facts: Facts) -> str:
    runs: list[tuple[list[int], str]] = []
    for row in facts.rows:
        if not row.theme:
            continue
        if runs and runs[-1][1] == row.theme and runs[-1][0][-1] == row.year - 1:
            runs[-1][0].append(row.year)
        else:
            runs.append(([row.year], row.theme))
    if not runs:
        return ""
    parts = []
    for years, theme in runs:
        when = f"năm {years[0]}" if len(years) == 1 else f"các năm {years_text(years[0], years[-1])}"
        parts.append(f"{when}, chuyên đề “{text.clean(theme)}”")
    if len(runs) == 1 and len(runs[0][0]) == 1:  # one year: no "hằng năm" for it
        year, theme = runs[0][0][0], runs[0][1]
        return f"Năm {year}, {facts.names.short} chỉ đạo tổ chức học tập chuyên đề “{text.clean(theme)}”."
    return (
        f"Hằng năm, {facts.names.short} chỉ đạo tổ chức học tập chuyên đề của từng năm: {'; '.join(parts)}."
    )


def _breakthrough_paragraphs(facts: Facts) -> list[str]:
    out = []
    if facts.breakthroughs:
        out.append(f"Căn cứ chuyên đề từng năm, {facts.names.short} xác định các nội dung đột phá:")
        items = list(facts.breakthroughs.items())
        for index, (title, years) in enumerate(items):
            end = "." if index == len(items) - 1 else ";"
            out.append(f"- {title.rstrip('.;')} ({years_list(years)}){end}")
    if facts.inherited_breakthroughs:
        also = "Đồng thời, " if facts.breakthroughs else ""
        out.append(
            f"{also}{facts.names.short} tổ chức thực hiện "
            f"{number(len(facts.inherited_breakthroughs))} nội dung đột phá do cấp trên xác định."
        )
    if facts.lower_breakthrough_orgs:
        out.append(
            f"Có {number(facts.lower_breakthrough_orgs)} {units(facts)} trực thuộc xác định thêm nội dung đột phá "
            "của đơn vị mình."
        )
    return out


def _programmes_paragraph(facts: Facts) -> str:
    if not facts.programmes:
        return ""
    items = [f"{name} (từ năm {year})" for name, year in facts.programmes.items()]
    return f"Việc thực hiện Chỉ thị được gắn với thực hiện {join_and(items)}."


def lead(facts: Facts) -> str:
    return paragraphs(
        _documents_paragraph(facts),
        _themes_paragraph(facts),
        *_breakthrough_paragraphs(facts),
        _programmes_paragraph(facts),
    )
