"""The demo's yearly cycle, in words: themes, programmes, breakthrough contents and the words of the review.

Data only."""

from __future__ import annotations

from dataclasses import dataclass

from lamtheobac.cycle.models import Rating, Result

FIRST_YEAR = 2016  # Chỉ thị 05-CT/TW, 15/5/2016

# --- Themes and programmes --------------------------------------------------------------------

THEMES: dict[int, str] = {
    2016: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về trung thực, trách nhiệm; "
    "gắn bó với nhân dân; đoàn kết, xây dựng Đảng trong sạch, vững mạnh",
    2017: "Xây dựng phong cách, tác phong công tác của người đứng đầu, của cán bộ, đảng viên theo tư tưởng, "
    "đạo đức, phong cách Hồ Chí Minh",
    2018: "Xây dựng ý thức tôn trọng nhân dân, phát huy dân chủ, chăm lo đời sống nhân dân theo tư tưởng, "
    "đạo đức, phong cách Hồ Chí Minh",
    2019: "Nâng cao ý thức trách nhiệm, hết lòng, hết sức phục vụ nhân dân theo tư tưởng, đạo đức, "
    "phong cách Hồ Chí Minh",
    2020: "Tăng cường khối đại đoàn kết toàn dân tộc, xây dựng Đảng và hệ thống chính trị trong sạch, vững mạnh "
    "theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
}
# Kết luận 01-KL/TW (2021): one theme for the whole term; later years keep it until a new one is issued.
TERM_THEME = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường và khát vọng "
    "phát triển đất nước phồn vinh, hạnh phúc"
)

CT05, NQTW4, QD08 = "CT05", "NQTW4", "QD08"


# The province's first year of the new term (after the 14th Congress, 1/2026), opened on the two-level tree.
# Illustrative: the demo's wording, not a theme issued by the Ban Bí thư.
NEW_TERM_THEMES: dict[int, str] = {
    2026: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về xây dựng chính quyền địa phương hai "
    "cấp gần dân, sát dân, phục vụ nhân dân",
}


def theme_for(year: int) -> str:
    return THEMES.get(year) or NEW_TERM_THEMES.get(year, TERM_THEME)


def programmes_for(year: int) -> tuple[str, ...]:
    """Chỉ thị 05 always; Nghị quyết TW4 (khóa XII, 10/2016) from 2017; Quy định 08 (10/2018) from 2019."""
    codes = [CT05]
    if year >= 2017:
        codes.append(NQTW4)
    if year >= 2019:
        codes.append(QD08)
    return tuple(codes)


# --- Breakthrough contents ----------------------------------------------------------------------

BREAKTHROUGHS: dict[str, str] = {
    "admin": "Đẩy mạnh cải cách thủ tục hành chính; tạo mọi điều kiện để doanh nghiệp và người dân sản xuất, "
    "kinh doanh theo pháp luật",
    "urban": "Nâng cao hiệu quả công tác quản lý đô thị, trật tự xây dựng tại thị trấn Phủ Thông",
    "road": "Giải quyết dứt điểm tình trạng lấn chiếm hành lang an toàn giao thông",
    "head": "Xử lý trách nhiệm, phát huy vai trò người đứng đầu trong thực thi công vụ",
    "forest": "Tăng cường công tác quản lý, bảo vệ rừng; phòng cháy, chữa cháy rừng",
    "people": "Tôn trọng dân, gần dân, sát dân; lắng nghe, đối thoại với nhân dân",
    "formalism": "Chống bệnh thành tích, hình thức; thực hành tiết kiệm, chống lãng phí",
    "covid": "Chung sức phòng, chống dịch Covid-19, bảo đảm đời sống nhân dân",
    "digital": "Đẩy mạnh chuyển đổi số, cung cấp dịch vụ công trực tuyến cho người dân",
    "rural": "Xây dựng nông thôn mới gắn với phát triển kinh tế đồi rừng, cây ăn quả",
    "apparatus": "Sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả; không để gián đoạn công việc "
    "phục vụ nhân dân",
}

# The district's contents each year: 2016–2020 cover the article's list, the year 2020 all of it.
DISTRICT_BREAKTHROUGHS: dict[int, tuple[str, ...]] = {
    2016: ("admin", "head"),
    2017: ("head", "road", "formalism"),
    2018: ("people", "urban", "road"),
    2019: ("admin", "forest", "people"),
    2020: ("admin", "urban", "road", "head", "forest"),
    2021: ("covid", "digital", "forest"),
    2022: ("digital", "admin", "rural"),
    2023: ("rural", "road", "head"),
    2024: ("digital", "forest", "formalism"),
    2025: ("apparatus", "digital", "head"),
}
LATER_BREAKTHROUGHS = ("digital", "rural", "people")


def district_breakthroughs(year: int) -> tuple[str, ...]:
    return DISTRICT_BREAKTHROUGHS.get(year, LATER_BREAKTHROUGHS)


@dataclass(frozen=True)
class OwnContents:
    """A commune that opens its own year every year from ``since``, adding a content of its own."""

    code: str
    since: int
    min_actions: int
    titles: tuple[str, ...]  # one a year, in turn


COMMUNE_CONTENTS: tuple[OwnContents, ...] = (
    OwnContents("BT-LB", 2016, 3, (
        "Nâng cao chất lượng sinh hoạt chi bộ thôn",
        "Vận động nhân dân hiến đất, góp công làm đường bê tông nông thôn",
        "Phát triển vùng trồng cam, quýt, nâng cao thu nhập cho nhân dân",
        "Xây dựng xã Lục Bình đạt chuẩn nông thôn mới",
    )),
    OwnContents("BT-CG", 2017, 3, ("Giải tỏa lấn chiếm hành lang an toàn giao thông trên Quốc lộ 3 đoạn qua xã",)),
    OwnContents("BT-PT", 2018, 4, (
        "Xây dựng tuyến phố văn minh đô thị trên Quốc lộ 3 đoạn qua thị trấn",
        "Lập lại trật tự vỉa hè, lòng đường; giữ gìn vệ sinh môi trường đô thị",
    )),
    OwnContents("BT-VM", 2019, 3, ("Bảo vệ rừng đầu nguồn, phòng cháy, chữa cháy rừng",)),
)  # fmt: skip
# Two more communes a year, drawn, add one of these.
OTHER_CONTENTS = (
    "Nâng cao chất lượng sinh hoạt chi bộ",
    "Vận động nhân dân tham gia bảo hiểm y tế",
    "Giảm nghèo bền vững, xóa nhà tạm cho hộ nghèo",
    "Phát triển trồng rừng kinh tế gắn với bảo vệ rừng tự nhiên",
    "Thu gom, xử lý rác thải ở khu dân cư",
    "Phát huy dân chủ ở cơ sở, giải quyết kịp thời kiến nghị của nhân dân",
)
OWN = "own"  # the topic of an item serving a commune's own content


# --- Words of the review ------------------------------------------------------------------------

RETURN_COMMENTS = (
    "Việc làm còn chung chung, chưa có chỉ tiêu cụ thể; đề nghị bổ sung kết quả cần đạt.",
    "Chưa gắn với nội dung đột phá của năm; đề nghị bổ sung.",
    "Đề nghị ghi rõ thời gian hoàn thành từng việc.",
    "Các việc đăng ký giống hệt năm trước; đề nghị xây dựng lại cho phù hợp với nhiệm vụ năm nay.",
    "Nội dung giống bản cam kết của đồng chí khác trong chi bộ; đề nghị tự xây dựng theo nhiệm vụ của mình.",
    "Cần ít nhất một việc gắn với chuyên môn được giao.",
)
SHORTFALLS = (
    "Chưa đạt đủ chỉ tiêu đã đăng ký.",
    "Mới thực hiện được một phần, sẽ tiếp tục trong năm tới.",
    "Ốm đau phải nghỉ điều trị một thời gian nên chưa thực hiện đầy đủ.",
    "Công việc chuyên môn dồn vào cuối năm, chưa sắp xếp được thời gian.",
    "Do điều kiện thời tiết, một phần việc chưa hoàn thành.",
)
SELF_COMMENTS = (
    "Cơ bản hoàn thành các việc đã đăng ký.",
    "Hoàn thành các việc đã cam kết; sẽ tiếp tục phát huy trong năm tới.",
    "Đã cố gắng thực hiện; còn một số việc chưa đạt chỉ tiêu, sẽ khắc phục.",
    "Hoàn thành tốt các việc làm theo Bác đã đăng ký.",
    "",
)
RATING_COMMENTS = {
    Rating.EXCELLENT: (
        "Gương mẫu, hoàn thành vượt các việc đã cam kết.",
        "Tiêu biểu trong học và làm theo Bác.",
    ),
    Rating.GOOD: ("Hoàn thành tốt các việc đã cam kết.", "Có nhiều cố gắng trong thực hiện bản cam kết.", ""),
    Rating.COMPLETED: (
        "Còn việc chưa đạt chỉ tiêu; cần cụ thể hóa việc làm năm tới.",
        "Hoàn thành ở mức cơ bản.",
    ),
    Rating.NOT_COMPLETED: ("Nhiều việc chưa thực hiện; đề nghị kiểm điểm, rút kinh nghiệm.",),
}
PROGRESS_NOTES = (
    "Đến nay đã thực hiện được khoảng {p}% chỉ tiêu đăng ký.",
    "Đã báo cáo kết quả với chi ủy tại buổi sinh hoạt chi bộ tháng {m}.",
    "Đã thực hiện đúng tiến độ; có ảnh và biên bản kèm theo.",
    "Thực hiện đều đặn hằng tháng, chưa có tháng nào bỏ sót.",
)
HALF_YEAR_NOTES = {
    Result.DONE: ("", "Đã đạt chỉ tiêu cả năm.", "Thực hiện đúng tiến độ."),
    Result.PARTLY: ("Đang thực hiện, đạt khoảng một nửa chỉ tiêu.", "Đúng tiến độ 6 tháng.", ""),
    Result.NOT_DONE: ("Chưa triển khai, sẽ thực hiện trong 6 tháng cuối năm.",),
}

# Ratings of past years: about 14% excellent (the Party's rules keep it within 20% of those rated good),
# 70% good, 14% completed, under 2% not completed; vague commitments rate lower.
COMMITMENT_RATINGS = (
    (Rating.EXCELLENT, 15.0),
    (Rating.GOOD, 71.6),
    (Rating.COMPLETED, 12.0),
    (Rating.NOT_COMPLETED, 1.4),
)
VAGUE_RATINGS = (
    (Rating.EXCELLENT, 3.0),
    (Rating.GOOD, 62.0),
    (Rating.COMPLETED, 31.0),
    (Rating.NOT_COMPLETED, 4.0),
)
PLAN_RATINGS = (
    (Rating.EXCELLENT, 14.0),
    (Rating.GOOD, 72.0),
    (Rating.COMPLETED, 13.0),
    (Rating.NOT_COMPLETED, 1.0),
)
SCORES = {
    Rating.EXCELLENT: (90, 100),
    Rating.GOOD: (70, 89),
    Rating.COMPLETED: (50, 69),
    Rating.NOT_COMPLETED: (30, 49),
}
