"""The draft's part II, the results: study of the yearly theme, plans and commitments, ratings, pilot
models and exemplars, inspections.

Each paragraph states the figures of the last year exactly and the earlier years as a range or a trend, so a
ten-year report stays readable and every number can be found again on the dashboard. Where the figures are
missing, the paragraph is a bracketed prompt for the officer.
"""

from __future__ import annotations

from collections import Counter

from lamtheobac.activities.models import Commendation, CommendationForm, InspectionKind, PilotModel
from lamtheobac.cycle.models import Rating
from lamtheobac.lib import text
from lamtheobac.lib.formatting import number, party_dates
from lamtheobac.lib.formatting import party_date as date  # in the text: ngày 15-5-2016
from lamtheobac.organisation.kinds import CELL_KINDS, COMMITTEE_KINDS
from lamtheobac.organisation.models import Gender, PersonKind

from ..selectors import ChildRow
from .names import (
    PROMPT,
    amount,
    join_and,
    lower_first,
    movement,
    names_of,
    paragraphs,
    share,
    upper_first,
    years_text,
)
from .selectors import Facts, YearRow, span_text

MAX_LISTED = 20  # committees named in the study paragraph
PARTY_MEMBER_KINDS = {PersonKind.MEMBER, PersonKind.PROBATIONARY}
FORM_WORDS = {
    CommendationForm.MERIT.value: "bằng khen",
    CommendationForm.CERTIFICATE.value: "giấy khen",
    CommendationForm.PRAISE.value: "lượt biểu dương",
}


def units(facts: Facts) -> str:
    """How the org's own report calls its sub-units: "chi, đảng bộ", or "chi bộ" when it leads only cells."""
    return "chi, đảng bộ" if _committees(facts) else "chi bộ"


def _committees(facts: Facts) -> list[ChildRow]:
    """Children that lead cells of their own (đảng bộ), where "chỉ đạo 10/10 chi bộ" makes sense."""
    return [c for c in facts.children if c.org.kind in COMMITTEE_KINDS and c.figures.cells]


def study(facts: Facts) -> str:
    rows = [r for r in facts.rows if r.figures.cells]
    if not rows:
        return PROMPT.format(f"Hệ thống chưa ghi nhận chi bộ nào học tập chuyên đề {span_text(facts)}.")
    sessions = number(facts.sum("study_sessions"))
    span = upper_first(span_text(facts))
    if facts.org.kind in CELL_KINDS:
        return f"{span}, chi bộ tổ chức {sessions} buổi học tập chuyên đề."
    out = [f"{span}, các chi bộ trong {facts.org.name} tổ chức {sessions} buổi học tập chuyên đề."]
    first, last = rows[0], rows[-1]
    if len(rows) > 1:
        yearly = ", ".join(_study_runs(rows[:-1]))
        trend = movement(
            first.figures.cells_studied / first.figures.cells,
            last.figures.cells_studied / last.figures.cells,
            first.year,
            last.year,
        )
        out[-1] += f" Tỷ lệ chi bộ tổ chức học tập chuyên đề hằng năm {trend}: {yearly}."
    f = last.figures
    closing = (
        f"Năm {last.year}, {number(f.cells_studied)}/{number(f.cells)} chi bộ ({share(f.cells_studied, f.cells)}) "
        "tổ chức học tập chuyên đề"
    )
    out.append(closing + _committees_sentence(facts) + ".")
    return paragraphs(*out)


def _study_runs(rows: list[YearRow]) -> list[str]:
    """ "năm 2016 có 144/156 chi bộ (92,3%)", with years of the same figures told once ("các năm 2020 – 2024
    có 156/156 chi bộ (100%)") so that a ten-year report stays readable."""
    runs: list[list[YearRow]] = []
    for row in rows:
        same = runs and (runs[-1][-1].figures.cells_studied, runs[-1][-1].figures.cells) == (
            row.figures.cells_studied,
            row.figures.cells,
        )
        if same and runs[-1][-1].year == row.year - 1:
            runs[-1].append(row)
        else:
            runs.append([row])
    out = []
    for run in runs:
        f = run[0].figures
        when = f"năm {run[0].year}" if len(run) == 1 else f"các năm {years_text(run[0].year, run[-1].year)}"
        out.append(
            f"{when} có {number(f.cells_studied)}/{number(f.cells)} chi bộ ({share(f.cells_studied, f.cells)})"
        )
    return out


def _committees_sentence(facts: Facts) -> str:
    """Which đảng bộ trực thuộc had every cell study the theme in the last year, and which did not: the
    continuation of the sentence on the last year ("; 17/17 đảng bộ trực thuộc có 100% chi bộ …")."""
    committees = _committees(facts)
    if not committees:
        return ""

    def named(c: ChildRow) -> str:
        unit = names_of(c.org.name, c.org.kind).committee.removeprefix("Đảng ủy ")
        return f"{unit} {number(c.figures.cells_studied)}/{number(c.figures.cells)}"

    full = [c for c in committees if c.figures.cells_studied == c.figures.cells]
    short = [c for c in committees if c.figures.cells_studied < c.figures.cells]
    parts = []
    if full:
        listed = [named(c) for c in full[:MAX_LISTED]]
        more = f" và {number(len(full) - MAX_LISTED)} đảng bộ khác" if len(full) > MAX_LISTED else ""
        parts.append(
            f"{number(len(full))}/{number(len(committees))} đảng bộ trực thuộc chỉ đạo 100% chi bộ học tập "
            f"chuyên đề ({', '.join(listed)} chi bộ{more})"
        )
    if short:
        listed = [named(c) for c in short[:MAX_LISTED]]
        parts.append(
            f"còn {number(len(short))} đảng bộ chưa có đủ chi bộ học tập chuyên đề ({', '.join(listed)} chi bộ)"
        )
    return "".join("; " + part for part in parts)


def plans(facts: Facts) -> str:
    rows = facts.filing_rows()
    if not rows:
        return PROMPT.format(f"Hệ thống chưa có số liệu kế hoạch, bản cam kết {span_text(facts)}.")
    last = rows[-1]
    f = last.figures
    area = facts.names.area
    both_full = f.plans_filed >= f.orgs_required and f.commitments_filed >= f.people_required
    exact = (
        f"{number(f.plans_filed)}/{number(f.orgs_required)} tập thể, "
        f"{number(f.commitments_filed)}/{number(f.people_required)} đảng viên, cá nhân"
    )
    if len(rows) == 1:
        key = (
            f"Năm {last.year}, {area} có {number(f.plans_filed)}/{number(f.orgs_required)} tập thể "
            f"({share(f.plans_filed, f.orgs_required)}) xây dựng kế hoạch làm theo Bác và "
            f"{number(f.commitments_filed)}/{number(f.people_required)} đảng viên, cá nhân "
            f"({share(f.commitments_filed, f.people_required)}) xây dựng bản cam kết tu dưỡng, rèn luyện, "
            "phấn đấu làm theo Bác."
        )
    else:
        plans = amount([r.figures.plans_filed for r in rows])
        people = amount([r.figures.commitments_filed for r in rows])
        tail = (
            f"năm {last.year} đạt 100% ({exact})"
            if both_full
            else f"năm {last.year} có {number(f.plans_filed)}/{number(f.orgs_required)} tập thể "
            f"({share(f.plans_filed, f.orgs_required)}) và {number(f.commitments_filed)}/"
            f"{number(f.people_required)} đảng viên, cá nhân ({share(f.commitments_filed, f.people_required)}) "
            "xây dựng kế hoạch, bản cam kết"
        )
        key = (
            f"Hằng năm, {area} có {plans} tập thể xây dựng kế hoạch làm theo Bác và {people} đảng viên, cá "
            f"nhân xây dựng bản cam kết tu dưỡng, rèn luyện, phấn đấu làm theo Bác; {tail}."
        )
    out = [key]
    if f.people_required_nonparty or f.commitments_filed_nonparty:
        # the Party members apart from the non-party participants: a đảng viên figure never counts them
        out.append(
            f"Trong đó, {number(f.commitments_filed_party)}/{number(f.people_required_party)} đảng viên "
            f"({share(f.commitments_filed_party, f.people_required_party)}) và "
            f"{number(f.commitments_filed_nonparty)}/{number(f.people_required_nonparty)} quần chúng ngoài Đảng "
            "(công chức, viên chức, người lao động, đoàn viên) "
            f"({share(f.commitments_filed_nonparty, f.people_required_nonparty)}) đã đăng ký bản cam kết."
        )
    if facts.carried:  # the unit took over others in the period: say whose years its figures hold
        out.append(f"{party_dates(facts.carried)}.")
    if len(rows) > 1:
        out.append(_coverage_trend(rows))
    out.append(rule(last))
    out.append(approvals(last))
    out.append(quality(rows))
    return paragraphs(*out)


# A rule and a figure about the same thing must never read as two facts that disagree ("mỗi bản cam kết có
# ít nhất 3 việc làm cụ thể" then "76,1% việc làm là cụ thể"): the rule is worded as what is required
# ("phải"), the figure as the share measured against it ("đạt yêu cầu").
RULE_WORDS = "phải"
MEASURED_WORDS = "đạt yêu cầu"


def rule(last: YearRow) -> str:
    """What the year's rules require of a commitment, worded as a requirement, never as a result."""
    return (
        f"Theo hướng dẫn, mỗi bản cam kết {RULE_WORDS} đăng ký ít nhất {number(last.min_actions)} việc làm; "
        f"mỗi việc làm {RULE_WORDS} cụ thể, có con số, tần suất hoặc thời hạn để kiểm tra được; kế hoạch, "
        f"bản cam kết {RULE_WORDS} được cấp ủy có thẩm quyền xem xét, phê duyệt."
    )


def approvals(last: YearRow) -> str:
    """How many of the filed records the committees approved in the last year: the measure of the rule."""
    f = last.figures
    return (
        f"Năm {last.year}, cấp ủy có thẩm quyền đã phê duyệt {number(f.plans_approved)}/{number(f.plans_filed)} "
        f"kế hoạch và {number(f.commitments_approved)}/{number(f.commitments_filed)} bản cam kết đã nộp."
    )


def quality(rows: list[YearRow]) -> str:
    """The quality of what was written: concrete actions, commitments repeating last year's, clusters of
    near-identical commitments; the last year exactly, the first year for the trend."""
    rows = [r for r in rows if r.figures.actions]
    if not rows:
        return ""
    last = rows[-1]
    f = last.figures
    concrete = (
        f"Về chất lượng bản cam kết, qua rà soát, năm {last.year} có {number(f.actions_concrete)}/"
        f"{number(f.actions)} việc làm đăng ký ({share(f.actions_concrete, f.actions)}) {MEASURED_WORDS} cụ thể"
    )
    if len(rows) > 1 and rows[0].figures.concrete_share is not None and f.concrete_share is not None:
        first = rows[0]
        concrete += (
            f", tỷ lệ này {movement(first.figures.concrete_share, f.concrete_share, first.year, last.year)}"
        )
    copied = (
        f"{number(f.copied_last_year)} bản cam kết ({share(f.copied_last_year, f.commitments_filed)}) gần như chép "
        "lại bản của năm trước"
        if f.copied_last_year
        else "không có bản cam kết nào chép lại bản của năm trước"
    )
    clusters = (
        f"phát hiện {number(f.clusters)} nhóm gồm {number(f.clustered)} bản cam kết giống nhau từ 80% nội dung "
        "trở lên trong cùng một chi bộ, cơ quan, đơn vị"
        if f.clusters
        else "không phát hiện bản cam kết nào giống nhau trong cùng một chi bộ, cơ quan, đơn vị"
    )
    return f"{concrete}; {copied}; {clusters}."


def _coverage_trend(rows: list[YearRow]) -> str:
    a, b = rows[0], rows[-1]
    parts = []
    if a.figures.plans_share is not None and b.figures.plans_share is not None:
        parts.append(
            "tỷ lệ tập thể xây dựng kế hoạch "
            + movement(a.figures.plans_share, b.figures.plans_share, a.year, b.year)
        )
    if a.figures.commitments_share is not None and b.figures.commitments_share is not None:
        parts.append(
            "tỷ lệ đảng viên, cá nhân xây dựng bản cam kết "
            + movement(a.figures.commitments_share, b.figures.commitments_share, a.year, b.year)
        )
    late_a, late_b = a.figures.commitments_late, b.figures.commitments_late
    if late_a or late_b:
        verb = "giảm" if late_b < late_a else ("tăng" if late_b > late_a else "giữ ở mức")
        tail = (
            f"{number(late_b)}"
            if verb == "giữ ở mức"
            else f"từ {number(late_a)} (năm {a.year}) "
            f"{'xuống' if verb == 'giảm' else 'lên'} {number(late_b)} (năm {b.year})"
        )
        parts.append(f"số bản cam kết nộp chậm so với thời hạn {verb} {tail}")
    return upper_first(join_and(parts)) + "." if parts else ""


def _rating_words(counts: Counter, whole: int) -> str:
    return ", ".join(
        f"{number(counts.get(r.value, 0))} {lower_first(str(r.label))} ({share(counts.get(r.value, 0), whole)})"
        for r in Rating
    )


def ratings(facts: Facts) -> str:
    rated_rows = [r for r in facts.rows if r.figures.rated]
    if not rated_rows:
        return PROMPT.format(f"Hệ thống chưa có kết quả xếp loại {span_text(facts)}.")
    last = rated_rows[-1]
    f = last.figures
    out = [
        f"Theo quy định, cuối năm các tập thể, cá nhân {RULE_WORDS} tự đánh giá kết quả thực hiện từng nội dung, "
        "từng việc làm đã đăng ký; cấp ủy có thẩm quyền nhận xét, đánh giá, xếp loại.",
        f"Năm {last.year}, trong {number(f.rated)} đảng viên, cá nhân được xếp loại có {_rating_words(f.ratings, f.rated)}.",
    ]
    if f.rated < f.commitments_filed:
        out[-1] = (
            out[-1][:-1] + f" (còn {number(f.commitments_filed - f.rated)} bản cam kết chưa được xếp loại)."
        )
    plan_rated = sum(f.plan_ratings.values())
    if plan_rated:
        out.append(
            f"Về tập thể, năm {last.year} có {number(plan_rated)} tập thể được xếp loại, trong đó "
            f"{_rating_words(f.plan_ratings, plan_rated)}."
        )
    if len(rated_rows) > 1:
        a = rated_rows[0]
        excellent = Rating.EXCELLENT.value
        out.append(
            "Tỷ lệ đảng viên, cá nhân hoàn thành xuất sắc nhiệm vụ "
            + movement(
                a.figures.ratings.get(excellent, 0) / a.figures.rated,
                f.ratings.get(excellent, 0) / f.rated,
                a.year,
                last.year,
            )
            + "."
        )
    return paragraphs(*out)


def _pilot_words(pilot: PilotModel, places: int) -> str:
    name = lower_first(text.clean(pilot.name))
    locality = names_of(pilot.org.name, pilot.org.kind).locality
    where = "" if locality and text.fold(locality) in text.fold(name) else f" của {pilot.org.name}"
    spread = f", đã nhân rộng ra {number(places)} đơn vị" if places else ""
    return f"{name}{where} (xây dựng năm {pilot.started_on.year}{spread})"


def exemplar_place(c: Commendation, facts: Facts) -> tuple[str, str]:
    """(unit, committee): the exemplar's unit as named in the report's last year, and the đảng bộ it belongs
    to then ("Chi bộ thôn Nà Pài", "Đảng bộ xã Phủ Thông"); no committee when it is the report's own org or
    the unit is a đảng bộ itself."""
    org = c.exemplar.org
    place = facts.places.get(org.pk) or [(org.pk, org.name, org.kind)]
    unit = place[-1][1]
    if place[-1][2] in COMMITTEE_KINDS:
        return unit, ""
    for pk, name, kind in reversed(place[:-1]):
        if kind in COMMITTEE_KINDS:
            return unit, "" if pk == facts.org.pk else name
    return unit, ""


def _exemplar_words(c: Commendation, facts: Facts) -> str:
    """ "- Đồng chí Nông Văn Dũng, đảng viên Chi bộ thôn Nà Pài, Đảng bộ xã Lục Bình (“…”): Giấy khen …"."""
    exemplar = c.exemplar
    unit, committee = exemplar_place(c, facts)
    where = f"{unit}, {committee}" if committee else unit
    person = exemplar.person
    if person is None:
        who = where
    elif person.kind in PARTY_MEMBER_KINDS:
        who = f"Đồng chí {person.full_name}, đảng viên {where}"
    else:
        title = {Gender.MALE: "Ông ", Gender.FEMALE: "Bà "}.get(person.gender, "")
        who = f"{title}{person.full_name}, {where}"
    form = c.get_form_display()
    decision = f"Quyết định số {c.decision_number}, ngày {date(c.decided_on)}"
    return f"- {who} (“{text.clean(exemplar.title)}”): {form} của {c.issuer} ({decision});"


def models(facts: Facts) -> str:
    out = []
    if facts.pilots_in_range:
        replicated = (
            f"; đến nay có {number(facts.pilots_replicated)} mô hình đã được nhân rộng"
            if facts.pilots_replicated
            else ""
        )
        out.append(
            f"{upper_first(span_text(facts))}, {facts.names.area} xây dựng {number(facts.pilots_in_range)} mô hình "
            f"điểm, mô hình hay, cách làm hiệu quả trong học tập và làm theo Bác{replicated}."
        )
        main = [_pilot_words(p, p.places) for p in facts.pilots]
        if main:
            out.append(f"Tiêu biểu như: {'; '.join(main)}.")
    else:
        out.append(PROMPT.format(f"Hệ thống chưa ghi nhận mô hình điểm nào {span_text(facts)}."))
    nominated = facts.sum("exemplars_nominated")
    if nominated or facts.commended:
        forms = [
            f"{number(facts.commendation_forms[form])} {word}"
            for form, word in FORM_WORDS.items()
            if facts.commendation_forms[form]
        ]
        commended = (
            f"{number(facts.commended)} gương điển hình được các cấp biểu dương, khen thưởng"
            + (f" ({join_and(forms)})" if forms else "")
            if facts.commended
            else "chưa có gương điển hình nào được biểu dương, khen thưởng"
        )
        out.append(
            f"{upper_first(span_text(facts))}, {facts.names.area} có {number(nominated)} gương điển hình được đề cử; "
            f"{commended}."
        )
    if facts.commendations:
        out.append("Một số gương điển hình được biểu dương, khen thưởng gần đây:")
        lines = [_exemplar_words(c, facts) for c in facts.commendations]
        lines[-1] = lines[-1][:-1] + "."
        out += lines
    return paragraphs(*out)


def inspections(facts: Facts) -> str:
    planned = facts.sum("inspections_planned")
    if not planned:
        return PROMPT.format(f"Hệ thống chưa ghi nhận cuộc kiểm tra, giám sát nào {span_text(facts)}.")
    done = facts.sum("inspections_done")
    overdue = facts.sum("inspections_overdue")
    kinds = []
    for kind, word in ((InspectionKind.INSPECTION, "kiểm tra"), (InspectionKind.SUPERVISION, "giám sát")):
        row = facts.inspections.get(kind.value)
        if row and row["done"]:
            kinds.append(f"{number(row['done'])} cuộc {word}")
    tw4 = sum(row["tw4"] for row in facts.inspections.values())
    linked = ""
    if tw4:
        which = "các cuộc đều" if tw4 == done else f"{number(tw4)} cuộc"
        linked = (
            f"; {which} gắn với việc thực hiện Nghị quyết Trung ương 4 (khóa XII) về xây dựng, chỉnh đốn Đảng"
        )
    out = [
        f"Cấp ủy các cấp đưa việc thực hiện Chỉ thị vào chương trình kiểm tra, giám sát hằng năm; "
        f"{span_text(facts)} đã tiến hành {number(done)}/{number(planned)} cuộc kiểm tra, giám sát theo chương "
        f"trình ({share(done, planned)})" + (f", gồm {join_and(kinds)}" if kinds else "") + linked + "."
    ]
    if overdue:
        out.append(
            f"Hiện còn {number(overdue)} cuộc đã quá hạn báo cáo kết quả khắc phục theo kết luận, kiến nghị; "
            "cần tiếp tục đôn đốc."
        )
    elif done:
        out.append("Đến nay, không còn cuộc kiểm tra, giám sát nào quá hạn báo cáo kết quả khắc phục.")
    return paragraphs(*out)
