"""The draft's parts III and IV: strengths, weaknesses, lessons (tổng kết only) and the tasks ahead.

Strengths and weaknesses are drawn from the figures alone; the causes of a weakness cannot be, so they are
left as a bracketed prompt. Lessons and tasks are a common draft the committee adapts to its own situation.
"""

from __future__ import annotations

from lamtheobac.cycle.models import Rating
from lamtheobac.lib.formatting import number

from .. import selectors as reports_selectors
from ..selectors import Figures
from .names import CONCLUSION_YEAR, PROMPT, join_and, paragraphs, share, upper_first
from .selectors import Facts, span_text


def strengths(facts: Facts) -> str:
    rows = facts.filing_rows()
    out = []
    if rows:
        f = rows[-1].figures
        plans_share = f.plans_share or 0
        people_share = f.commitments_share or 0
        settled = plans_share >= reports_selectors.GREEN_FROM and people_share >= reports_selectors.GREEN_FROM
        lead = (
            "Việc học tập và làm theo Bác đã đi vào nền nếp"
            if settled
            else "Việc học tập và làm theo Bác từng bước được triển khai"
        )
        out.append(
            f"- {lead}: năm {rows[-1].year}, {share(f.plans_filed, f.orgs_required)} tập thể xây dựng kế hoạch "
            f"và {share(f.commitments_filed, f.people_required)} đảng viên, cá nhân xây dựng bản cam kết"
            + (f"; {share(f.cells_studied, f.cells)} chi bộ tổ chức học tập chuyên đề" if f.cells else "")
            + "."
        )
        filed = [r.figures.commitments_filed for r in rows]
        if len(rows) > 1 and filed == sorted(filed) and filed[-1] > filed[0]:
            out.append(
                f"- Số đảng viên, cá nhân xây dựng bản cam kết tăng qua từng năm, từ {number(filed[0])} (năm "
                f"{rows[0].year}) lên {number(filed[-1])} (năm {rows[-1].year})."
            )
    if facts.pilots_in_range or facts.commended:
        parts = []
        if facts.pilots_in_range:
            replicated = (
                f" ({number(facts.pilots_replicated)} mô hình được nhân rộng)"
                if facts.pilots_replicated
                else ""
            )
            parts.append(
                f"Đã xây dựng {number(facts.pilots_in_range)} mô hình điểm, cách làm hiệu quả{replicated}"
            )
        if facts.commended:
            lead = "" if parts else "Có "
            parts.append(
                f"{lead}{number(facts.commended)} gương điển hình được các cấp biểu dương, khen thưởng"
            )
        out.append(f"- {'; '.join(parts)}, góp phần lan tỏa phong trào học tập và làm theo Bác.")
    planned, done = facts.sum("inspections_planned"), facts.sum("inspections_done")
    if planned and done == planned:
        out.append(
            f"- Công tác kiểm tra, giám sát được thực hiện đầy đủ theo chương trình ({number(done)}/{number(planned)} cuộc)."
        )
    if not out:
        out.append(PROMPT.format("Bổ sung những ưu điểm nổi bật; số liệu trong hệ thống chưa đủ để nêu."))
    return paragraphs(*out)


def _short_of(f: Figures) -> bool:
    return f.plans_filed < f.orgs_required or f.commitments_filed < f.people_required


def weaknesses(facts: Facts) -> str:
    out = []
    rows = facts.filing_rows()
    gaps = [r for r in rows if _short_of(r.figures)]
    if gaps:
        worst = gaps[0]
        f = worst.figures
        missing = []
        if f.plans_filed < f.orgs_required:
            missing.append(f"{number(f.orgs_required - f.plans_filed)} tập thể")
        if f.commitments_filed < f.people_required:
            missing.append(f"{number(f.people_required - f.commitments_filed)} đảng viên, cá nhân")
        when = "Những năm đầu" if worst.year < facts.last else f"Năm {worst.year}"
        out.append(
            f"- {when}, việc xây dựng kế hoạch, bản cam kết chưa đầy đủ: năm {worst.year} còn "
            f"{join_and(missing)} chưa xây dựng."
        )
    if rows:
        f = rows[-1].figures
        if f.commitments_late:
            out.append(
                f"- Vẫn còn bản cam kết nộp chậm so với thời hạn (năm {rows[-1].year}: {number(f.commitments_late)} "
                f"bản, chiếm {share(f.commitments_late, f.commitments_filed or 1)} số bản đã nộp)."
            )
    r = facts.returns
    if r.get("total"):
        reasons = []
        if r["vague"]:
            reasons.append(f"{number(r['vague'])} lượt vì việc làm còn chung chung, chưa có chỉ tiêu cụ thể")
        if r["copied"]:
            reasons.append(f"{number(r['copied'])} lượt vì nội dung giống bản của người khác")
        out.append(
            f"- Chất lượng một số kế hoạch, bản cam kết chưa cao: {span_text(facts)}, cấp ủy đã trả lại "
            f"{number(r['total'])} lượt kế hoạch, bản cam kết để bổ sung, sửa chữa"
            + (f", trong đó {join_and(reasons)}" if reasons else "")
            + "."
        )
    study_gaps = [row for row in facts.rows if row.figures.cells_studied < row.figures.cells]
    if study_gaps:
        g = study_gaps[0]
        out.append(
            f"- Việc học tập chuyên đề có năm chưa đầy đủ: năm {g.year} còn "
            f"{number(g.figures.cells - g.figures.cells_studied)} chi bộ chưa tổ chức học tập chuyên đề."
        )
    final = facts.rows[-1].figures
    failed = final.ratings.get(Rating.NOT_COMPLETED.value, 0)
    if failed:
        out.append(
            f"- Vẫn còn đảng viên, cá nhân không hoàn thành nhiệm vụ (năm {facts.last}: {number(failed)} người, "
            f"{share(failed, final.rated)})."
        )
    overdue = facts.sum("inspections_overdue")
    if overdue:
        out.append(f"- Còn {number(overdue)} cuộc kiểm tra, giám sát quá hạn báo cáo kết quả khắc phục.")
    if not out:
        out.append(
            PROMPT.format("Số liệu trong hệ thống không cho thấy hạn chế rõ rệt; cấp ủy bổ sung nếu có.")
        )
    out.append(
        "Nguyên nhân: "
        + PROMPT.format("cấp ủy bổ sung nguyên nhân khách quan, chủ quan của những hạn chế nêu trên")
        + "."
    )
    return paragraphs(*out)


def lessons(facts: Facts) -> str:
    return paragraphs(
        "Một là, cấp ủy, người đứng đầu phải thường xuyên quan tâm lãnh đạo, chỉ đạo và gương mẫu đi đầu trong "
        "học tập và làm theo Bác.",
        "Hai là, việc làm theo Bác phải được cụ thể hóa thành kế hoạch, bản cam kết với những việc làm cụ thể, "
        "có chỉ tiêu đo được, gắn với chức trách, nhiệm vụ của từng tập thể, cá nhân.",
        "Ba là, thường xuyên kiểm tra, giám sát, sơ kết, đánh giá; kịp thời biểu dương, nhân rộng gương điển "
        "hình, mô hình hay, cách làm hiệu quả.",
    )


def tasks(facts: Facts, final: bool) -> str:
    when = "trong giai đoạn tới" if final else "thời gian tới"
    sources = "Chỉ thị số 05-CT/TW" + (" và Kết luận số 01-KL/TW" if facts.last >= CONCLUSION_YEAR else "")
    return paragraphs(
        f"{upper_first(when)}, {facts.names.committee} tiếp tục lãnh đạo, chỉ đạo thực hiện tốt một số nhiệm vụ "
        "trọng tâm sau:",
        f"- Tiếp tục quán triệt, thực hiện nghiêm túc {sources} của Bộ Chính trị; gắn học tập và làm theo tư "
        "tưởng, đạo đức, phong cách Hồ Chí Minh với xây dựng, chỉnh đốn Đảng và trách nhiệm nêu gương của cán "
        "bộ, đảng viên.",
        "- Tổ chức học tập chuyên đề hằng năm bảo đảm 100% chi bộ, cán bộ, đảng viên tham gia; đổi mới hình thức "
        "học tập, gắn với sinh hoạt chi bộ định kỳ.",
        "- Nâng cao chất lượng xây dựng kế hoạch, bản cam kết: mỗi việc làm cụ thể, có chỉ tiêu đo được, gắn với "
        "chức trách, nhiệm vụ; khắc phục bệnh hình thức.",
        "- Tiếp tục xây dựng, nhân rộng mô hình điểm, cách làm hiệu quả; kịp thời phát hiện, biểu dương, khen "
        "thưởng và tuyên truyền gương điển hình tiên tiến.",
        "- Tăng cường kiểm tra, giám sát việc thực hiện; đôn đốc khắc phục sau kiểm tra, giám sát; gắn kết quả "
        "học tập và làm theo Bác với đánh giá, xếp loại tổ chức đảng, đảng viên hằng năm.",
    )
