"""The demo cycle's data: yearly themes, breakthrough contents, pools of actions and plan items."""

from __future__ import annotations

from dataclasses import dataclass

from lamtheobac.cycle.models import (
    Area,
    Rating,
    Result,
)

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


def theme_for(year: int) -> str:
    return THEMES.get(year, TERM_THEME)


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


# --- Commitment actions -------------------------------------------------------------------------

THOUGHT, ETHICS, STYLE, WORK = Area.THOUGHT.value, Area.ETHICS.value, Area.STYLE.value, Area.WORK.value


@dataclass(frozen=True)
class Deed:
    """An action someone may commit to. ``{n}`` takes one of ``nums``; ``{place}`` the village or quarter.

    ``topic`` is the breakthrough content it serves (a key of ``BREAKTHROUGHS``), ``extra`` the programmes
    beyond Chỉ thị 05 it also serves, ``due`` when it is due (``year``, ``h1``, ``q1``…``q4``).
    """

    action: str
    target: str = ""
    area: str = WORK
    topic: str = ""
    extra: tuple[str, ...] = ()
    due: str = "year"
    timeframe: str = ""
    nums: tuple[str, ...] = ()
    since: int = FIRST_YEAR
    until: int = 9999


D = Deed

# Everybody.
COMMON: tuple[Deed, ...] = (
    D("Tham gia đầy đủ các buổi sinh hoạt chi bộ thường kỳ", "12/12 buổi sinh hoạt chi bộ trong năm", THOUGHT,
      timeframe="Hằng tháng"),
    D("Học tập chuyên đề năm về tư tưởng, đạo đức, phong cách Hồ Chí Minh, liên hệ với nhiệm vụ của bản thân",
      "Viết 01 bài thu hoạch, đạt loại khá trở lên", THOUGHT, due="h1"),
    D("Đọc sách, báo viết về Chủ tịch Hồ Chí Minh", "Đọc ít nhất {n} cuốn sách trong năm, ghi chép điều tâm đắc",
      THOUGHT, nums=("02", "03")),
    D("Không đăng tải, chia sẻ thông tin sai sự thật, xấu độc trên mạng xã hội", "Không vi phạm lần nào trong năm",
      THOUGHT, extra=(NQTW4,)),
    D("Tham gia đầy đủ các hội nghị học tập, quán triệt nghị quyết, chỉ thị của Đảng",
      "Dự 100% hội nghị được triệu tập; bài thu hoạch đạt yêu cầu", THOUGHT),
    D("Kể chuyện về Bác tại buổi sinh hoạt chi bộ", "Ít nhất {n} lần trong năm", THOUGHT, nums=("01", "02")),
    D("Tự phê bình và phê bình nghiêm túc, chỉ rõ hạn chế của bản thân để khắc phục",
      "Có ít nhất 01 biện pháp khắc phục, báo cáo chi bộ khi kiểm điểm cuối năm", THOUGHT, extra=(NQTW4,),
      due="q4"),
    D("Đóng đảng phí đầy đủ, đúng kỳ", "12/12 tháng đóng đúng hạn", THOUGHT, timeframe="Hằng tháng"),
    D("Xây dựng gia đình văn hóa, gương mẫu chấp hành pháp luật nơi cư trú",
      "Gia đình đạt danh hiệu Gia đình văn hóa năm", ETHICS),
    D("Giáo dục con cháu, không để người thân trong gia đình vi phạm pháp luật, mắc tệ nạn xã hội",
      "Cả năm không có người thân vi phạm", ETHICS),
    D("Đoàn kết, giúp đỡ đồng chí, đồng nghiệp; không nói xấu, gây mất đoàn kết nội bộ",
      "Không có ý kiến phản ánh về mất đoàn kết", ETHICS),
)  # fmt: skip

# People with a salary: offices, schools, the health centre, the forces.
SALARIED: tuple[Deed, ...] = (
    D("Đi làm đúng giờ, không đi muộn, về sớm", "Không đi muộn buổi nào trong năm", STYLE),
    D("Mặc trang phục gọn gàng, đeo thẻ công chức, viên chức trong giờ làm việc",
      "Thực hiện đầy đủ 100% ngày làm việc", STYLE),
    D("Làm việc có kế hoạch; lập lịch công tác tuần, tháng", "Hoàn thành đúng hạn 100% nhiệm vụ được giao",
      STYLE),
    D("Giữ phòng làm việc gọn gàng, sắp xếp hồ sơ khoa học", "Hồ sơ lưu trữ đầy đủ, tìm được ngay khi cần",
      STYLE),
    D("Không uống rượu, bia trong giờ làm việc và giờ nghỉ trưa", "Không vi phạm lần nào trong năm", ETHICS,
      extra=(NQTW4,)),
    D("Thực hành tiết kiệm điện, nước, văn phòng phẩm tại cơ quan",
      "Tắt điện, quạt khi ra khỏi phòng; giảm 10% chi phí văn phòng phẩm so với năm trước", ETHICS,
      topic="formalism"),
    D("Ủng hộ Quỹ Vì người nghèo, quỹ Đền ơn đáp nghĩa", "Ít nhất 01 ngày lương trong năm", ETHICS),
    D("Giữ mối liên hệ với chi ủy, đảng ủy nơi cư trú; gương mẫu thực hiện nghĩa vụ công dân ở khu dân cư",
      "Được chi ủy nơi cư trú nhận xét tốt", THOUGHT, due="q4"),
)  # fmt: skip

VILLAGE: tuple[Deed, ...] = (
    D("Vận động {n} hộ trong {place} không lấn chiếm hành lang an toàn giao thông",
      "{n}/{n} hộ cam kết và thực hiện đúng", topic="road", nums=("03", "05", "07", "10")),
    D("Trồng và chăm sóc {n} ha rừng", "Tỷ lệ cây sống trên 85%", topic="forest", due="q3",
      nums=("0,5", "1", "1,5", "2")),
    D("Tham gia tổ bảo vệ rừng của thôn, tuần tra phòng cháy, chữa cháy rừng",
      "Ít nhất 01 lần/tháng trong mùa khô; không để xảy ra cháy rừng", topic="forest"),
    D("Không đốt nương làm rẫy trong mùa khô; vận động gia đình và hàng xóm cùng thực hiện",
      "Không để xảy ra cháy rừng do đốt nương", topic="forest"),
    D("Phát triển kinh tế gia đình, nuôi {n} con lợn thịt", "Xuất chuồng đủ số lượng, thu nhập tăng so với năm trước",
      nums=("10", "15", "20", "30")),
    D("Trồng mới {n} cây cam, quýt trên đất vườn đồi", "Tỷ lệ cây sống trên 90%", topic="rural", due="h1",
      nums=("50", "100", "150")),
    D("Góp {n} ngày công làm đường bê tông nông thôn", "Hoàn thành đủ số ngày công đã đăng ký", topic="rural",
      nums=("05", "07", "10")),
    D("Hiến {n} m² đất mở rộng đường vào {place}", "Bàn giao mặt bằng đúng tiến độ", topic="rural", due="q2",
      nums=("20", "50", "100")),
    D("Vận động {n} hộ làm chuồng trại xa nhà ở, thu gom rác thải đúng nơi quy định", "{n}/{n} hộ thực hiện",
      topic="rural", nums=("03", "05")),
    D("Chăn nuôi {n} con trâu, bò theo hướng nuôi nhốt, không thả rông", "Không để gia súc phá hoại hoa màu",
      nums=("02", "03", "05")),
    D("Vận động các hộ trong {place} tham gia bảo hiểm y tế", "Trên 95% số người trong thôn có thẻ bảo hiểm y tế"),
    D("Tham gia hòa giải mâu thuẫn, tranh chấp nhỏ trong {place}", "Hòa giải thành các vụ việc được chi bộ phân công"),
    D("Vận động con cháu trong gia đình, dòng họ đi học đúng độ tuổi", "Không có trẻ em bỏ học", ETHICS),
    D("Gương mẫu tổ chức việc cưới, việc tang trong gia đình theo nếp sống văn minh",
      "Không tổ chức ăn uống linh đình, kéo dài", ETHICS, topic="formalism"),
    D("Giúp đỡ 01 hộ nghèo trong {place} về giống, kỹ thuật sản xuất", "Hộ được giúp đỡ có thu nhập ổn định",
      ETHICS),
    D("Không uống rượu say, không gây mất trật tự ở thôn", "Không vi phạm lần nào trong năm", ETHICS),
    D("Ủng hộ Quỹ Vì người nghèo", "Ít nhất {n} đồng trong năm", ETHICS, nums=("100.000", "200.000")),
    D("Tham dự đầy đủ các cuộc họp thôn, lắng nghe và phản ánh ý kiến của bà con với chi bộ",
      "Dự 100% cuộc họp thôn", STYLE, topic="people"),
    D("Gương mẫu đi đầu trong các phong trào của thôn", "Làm trước những việc vận động nhân dân làm", STYLE),
    D("Tham gia đầy đủ các buổi lao động công ích của thôn", "Ít nhất {n} ngày công trong năm", STYLE,
      nums=("04", "06", "10")),
)  # fmt: skip

TOWN: tuple[Deed, ...] = (
    D("Không lấn chiếm vỉa hè, lòng đường để kinh doanh; vận động {n} hộ trong {place} cùng thực hiện",
      "{n}/{n} hộ thực hiện đúng", topic="urban", nums=("05", "07", "10")),
    D("Tham gia tổng vệ sinh khu phố vào sáng thứ bảy hằng tuần", "Ít nhất 03 lần/tháng", topic="urban",
      timeframe="Hằng tuần"),
    D("Xây dựng, sửa chữa nhà ở đúng giấy phép, đúng chỉ giới xây dựng", "Không vi phạm trật tự xây dựng",
      topic="urban"),
    D("Vận động {n} hộ trong {place} không lấn chiếm hành lang an toàn Quốc lộ 3",
      "{n}/{n} hộ cam kết và thực hiện đúng", topic="road", nums=("03", "05")),
    D("Vận động các hộ trong {place} tham gia bảo hiểm y tế", "Trên 95% số người có thẻ bảo hiểm y tế"),
    D("Tham gia hòa giải mâu thuẫn, tranh chấp nhỏ trong {place}", "Hòa giải thành các vụ việc được chi bộ phân công"),
    D("Gương mẫu tổ chức việc cưới, việc tang trong gia đình theo nếp sống văn minh",
      "Không tổ chức ăn uống linh đình, kéo dài", ETHICS, topic="formalism"),
    D("Tham dự đầy đủ các cuộc họp tiểu khu, lắng nghe và phản ánh ý kiến của bà con với chi bộ",
      "Dự 100% cuộc họp tiểu khu", STYLE, topic="people"),
    D("Gương mẫu đi đầu trong các phong trào của tiểu khu", "Làm trước những việc vận động nhân dân làm", STYLE),
)  # fmt: skip

OFFICE: tuple[Deed, ...] = (
    D("Giải quyết hồ sơ, thủ tục hành chính thuộc lĩnh vực được giao đúng hạn",
      "100% hồ sơ trả kết quả đúng hẹn, không có hồ sơ quá hạn", topic="admin"),
    D("Niềm nở, tận tình hướng dẫn người dân khi đến làm thủ tục",
      "Không để người dân đi lại quá 02 lần cho một thủ tục; không có phản ánh về thái độ", STYLE, topic="admin"),
    D("Rà soát, đề xuất đơn giản hóa thủ tục hành chính thuộc lĩnh vực phụ trách",
      "Đề xuất ít nhất 01 thủ tục được đơn giản hóa", topic="admin", due="q3"),
    D("Tiếp nhận, giải quyết hồ sơ qua dịch vụ công trực tuyến", "Ít nhất {n}% hồ sơ được tiếp nhận trực tuyến",
      topic="digital", nums=("30", "50", "70"), since=2020),
    D("Xử lý văn bản trên phần mềm quản lý văn bản và điều hành",
      "100% văn bản đi, đến (trừ văn bản mật) được xử lý trên môi trường mạng", topic="digital", since=2019),
    D("Nâng cao chất lượng văn bản tham mưu", "Không có văn bản bị trả lại vì sai thể thức, nội dung"),
    D("Xuống thôn được phân công phụ trách nắm tình hình, giải quyết kiến nghị của nhân dân",
      "Ít nhất {n} ngày/tháng ở cơ sở", topic="people", nums=("02", "03", "04")),
    D("Tham mưu giải quyết đơn thư kiến nghị, phản ánh của công dân",
      "100% đơn được giải quyết đúng thời hạn, không để tồn đọng", topic="people"),
    D("Tham mưu xử lý dứt điểm các trường hợp lấn chiếm hành lang an toàn giao thông trên Quốc lộ 3",
      "100% trường hợp phát hiện được lập biên bản, xử lý", topic="road"),
    D("Tham gia kiểm tra trật tự xây dựng, lấn chiếm vỉa hè tại thị trấn Phủ Thông",
      "Kiểm tra ít nhất 01 lần/tháng; xử lý 100% vi phạm phát hiện", topic="urban"),
    D("Phối hợp kiểm tra, ngăn chặn khai thác, vận chuyển lâm sản trái phép trên địa bàn",
      "Phối hợp xử lý 100% vụ việc phát hiện", topic="forest"),
    D("Hoàn thành 01 khóa bồi dưỡng chuyên môn, nghiệp vụ", "Có chứng chỉ hoặc giấy chứng nhận hoàn thành"),
    D("Không nhận quà, tiền của người dân khi giải quyết công việc", "Không vi phạm, không có phản ánh", ETHICS,
      extra=(NQTW4,)),
    D("Tham gia phòng, chống dịch Covid-19 tại các chốt kiểm soát và khu cách ly",
      "Hoàn thành 100% ca trực được phân công", topic="covid", since=2020, until=2022),
    D("Bàn giao hồ sơ, tài liệu đầy đủ khi sắp xếp lại tổ chức bộ máy, không để gián đoạn công việc",
      "Không có hồ sơ thất lạc, chậm giải quyết", topic="apparatus", since=2025),
)  # fmt: skip

SCHOOL: tuple[Deed, ...] = (
    D("Soạn giảng đầy đủ, ứng dụng công nghệ thông tin trong giảng dạy",
      "Ít nhất {n} tiết dạy có ứng dụng công nghệ thông tin mỗi học kỳ", nums=("04", "06", "08", "10")),
    D("Bồi dưỡng học sinh yếu, kém của lớp phụ trách", "{n} học sinh yếu vươn lên đạt chuẩn kiến thức, kỹ năng",
      nums=("02", "03", "04")),
    D("Không dạy thêm, học thêm trái quy định", "Không vi phạm", ETHICS, extra=(NQTW4,)),
    D("Đến thăm gia đình học sinh có hoàn cảnh khó khăn", "Thăm ít nhất {n} gia đình trong năm", ETHICS,
      topic="people", nums=("03", "05")),
    D("Dự giờ, trao đổi chuyên môn với đồng nghiệp", "Dự ít nhất {n} tiết mỗi học kỳ", nums=("04", "06", "08")),
    D("Làm đồ dùng dạy học từ nguyên liệu sẵn có", "01 đồ dùng dạy học được xếp loại tốt cấp trường", due="q4"),
    D("Vận động học sinh ra lớp, duy trì sĩ số", "Duy trì sĩ số 100%, không có học sinh bỏ học"),
    D("Thực hiện cuộc vận động “Mỗi thầy cô giáo là một tấm gương đạo đức, tự học và sáng tạo”",
      "Đạt danh hiệu Lao động tiên tiến trở lên", STYLE),
)  # fmt: skip

HEALTH: tuple[Deed, ...] = (
    D("Đổi mới phong cách, thái độ phục vụ hướng tới sự hài lòng của người bệnh",
      "Không có phản ánh về thái độ phục vụ", STYLE, topic="people"),
    D("Thực hiện đúng quy chế chuyên môn, quy trình kỹ thuật", "Không để xảy ra sai sót chuyên môn"),
    D("Tham gia khám bệnh, cấp thuốc miễn phí cho người cao tuổi, gia đình chính sách ở các xã khó khăn",
      "Ít nhất {n} đợt trong năm", topic="people", nums=("02", "03")),
    D("Không gây phiền hà, không nhận quà, phong bì của người bệnh và người nhà người bệnh",
      "Không vi phạm lần nào", ETHICS, extra=(NQTW4,)),
    D("Tham gia đào tạo liên tục, cập nhật kiến thức chuyên môn", "Ít nhất 24 tiết học trong năm"),
    D("Tuyên truyền phòng, chống dịch bệnh tại các thôn, bản", "Ít nhất {n} buổi tuyên truyền",
      nums=("02", "04")),
    D("Tham gia tiêm vắc-xin phòng Covid-19 cho nhân dân, trực khu cách ly",
      "Hoàn thành 100% nhiệm vụ được phân công", topic="covid", since=2021, until=2022),
)  # fmt: skip

POLICE: tuple[Deed, ...] = (
    D("Học tập và thực hiện Sáu điều Bác Hồ dạy Công an nhân dân", "Không vi phạm điều lệnh, kỷ luật", THOUGHT),
    D("Tham gia tuần tra, kiểm soát, bảo đảm trật tự an toàn giao thông", "Ít nhất {n} ca tuần tra mỗi tháng",
      topic="road", nums=("04", "06", "08")),
    D("Tiếp nhận, xử lý tin báo, tố giác tội phạm đúng thời hạn",
      "100% tin báo được tiếp nhận, phân loại, xử lý đúng quy định"),
    D("Xuống thôn nắm tình hình an ninh trật tự, xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc",
      "Ít nhất {n} ngày/tháng ở cơ sở", topic="people", nums=("03", "04", "05")),
    D("Giải quyết thủ tục đăng ký cư trú, cấp thẻ căn cước đúng hẹn", "100% hồ sơ trả đúng hẹn", topic="admin",
      since=2021),
    D("Tôn trọng nhân dân, tác phong chuẩn mực khi thi hành công vụ",
      "Không có phản ánh, khiếu nại về thái độ", STYLE, topic="people"),
)  # fmt: skip

MILITARY: tuple[Deed, ...] = (
    D("Thực hiện nghiêm 10 lời thề danh dự và 12 điều kỷ luật khi quan hệ với nhân dân", "Không vi phạm kỷ luật",
      THOUGHT),
    D("Huấn luyện, diễn tập đạt chất lượng", "Kết quả kiểm tra huấn luyện đạt khá trở lên"),
    D("Duy trì nghiêm chế độ trực sẵn sàng chiến đấu", "Không để bị động, bất ngờ trong mọi tình huống"),
    D("Tham gia giúp dân phòng, chống thiên tai, chữa cháy rừng", "Có mặt 100% khi được điều động",
      topic="forest"),
    D("Làm tốt công tác tuyển chọn, gọi công dân nhập ngũ", "Giao quân đủ chỉ tiêu, đạt chất lượng", due="q1"),
    D("Phát huy phẩm chất “Bộ đội Cụ Hồ”, giúp đỡ nhân dân địa phương", "Ít nhất {n} ngày công giúp dân",
      topic="people", nums=("03", "05")),
)  # fmt: skip

FOREST: tuple[Deed, ...] = (
    D("Tuần tra, kiểm tra rừng tại địa bàn được phân công",
      "Ít nhất {n} lần/tháng; không để xảy ra cháy rừng, phá rừng trái phép", topic="forest",
      nums=("04", "06", "08")),
    D("Tuyên truyền Luật Lâm nghiệp, phòng cháy, chữa cháy rừng tại các thôn",
      "Ít nhất {n} buổi tuyên truyền trong năm", topic="forest", nums=("04", "06")),
    D("Phối hợp xử lý vi phạm khai thác, vận chuyển, mua bán lâm sản trái phép",
      "100% vụ việc phát hiện được xử lý đúng quy định", topic="forest"),
    D("Hướng dẫn nhân dân kỹ thuật trồng, chăm sóc rừng", "Hướng dẫn ít nhất {n} hộ", topic="rural",
      nums=("10", "20")),
    D("Cập nhật diễn biến rừng đúng kỳ", "Số liệu diễn biến rừng đầy đủ, chính xác"),
)  # fmt: skip

MASS: tuple[Deed, ...] = (
    D("Vận động hội viên, đoàn viên học tập và làm theo Bác gắn với phong trào thi đua của hội",
      "Kết nạp thêm {n} hội viên mới", nums=("05", "10", "15")),
    D("Sinh hoạt định kỳ, nắm tâm tư, nguyện vọng của hội viên", "Phản ánh kịp thời với cấp ủy", topic="people"),
    D("Hướng dẫn hội viên vay vốn ưu đãi, ứng dụng khoa học kỹ thuật vào sản xuất",
      "Ít nhất {n} hộ hội viên được giúp đỡ", topic="rural", nums=("05", "10")),
    D("Phát hiện, giới thiệu gương điển hình làm theo Bác trong hội viên",
      "Giới thiệu ít nhất 01 gương được biểu dương", due="q4"),
    D("Tham gia giám sát, phản biện xã hội, góp ý xây dựng Đảng, xây dựng chính quyền",
      "Tham gia ít nhất {n} cuộc giám sát", extra=(NQTW4,), nums=("01", "02")),
)  # fmt: skip

# Heads of units (bí thư, trưởng, chủ tịch, giám đốc…): the article's "vai trò người đứng đầu".
HEAD: tuple[Deed, ...] = (
    D("Gương mẫu thực hiện trách nhiệm nêu gương của người đứng đầu; công khai bản cam kết trước tập thể",
      "Đơn vị không có cán bộ vi phạm; xếp loại hoàn thành tốt nhiệm vụ trở lên", STYLE, topic="head",
      extra=(QD08,)),
    D("Trực tiếp đối thoại với nhân dân, cán bộ về những vấn đề bức xúc", "Ít nhất {n} buổi đối thoại trong năm",
      STYLE, topic="people", extra=(QD08,), nums=("02", "04")),
    D("Chỉ đạo xây dựng và kiểm tra việc thực hiện kế hoạch làm theo Bác của đơn vị",
      "100% cán bộ, đảng viên có bản cam kết; kiểm tra ít nhất 01 lần/quý", topic="head"),
    D("Chịu trách nhiệm trước cấp ủy khi để xảy ra chậm trễ, sai phạm trong lĩnh vực phụ trách",
      "Không có việc chậm trễ do lỗi chủ quan", ETHICS, topic="head", extra=(QD08,)),
    D("Kê khai tài sản, thu nhập trung thực, đúng thời hạn", "Hoàn thành trước ngày 31/12", ETHICS,
      extra=(NQTW4,), due="q4"),
)  # fmt: skip

# What formalism looks like: no measurable result. Flagged by quality checks, approved anyway by some cells.
VAGUE: tuple[Deed, ...] = (
    D("Chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước", area=THOUGHT),
    D("Học tập và làm theo tấm gương đạo đức Hồ Chí Minh", area=THOUGHT),
    D("Nâng cao ý thức trách nhiệm", area=ETHICS),
    D("Rèn luyện đạo đức, lối sống trong sạch, lành mạnh", area=ETHICS),
    D("Giữ gìn đoàn kết nội bộ", area=ETHICS),
    D("Thực hành tiết kiệm, chống lãng phí", area=ETHICS),
    D("Có tác phong làm việc khoa học, dân chủ", area=STYLE),
    D("Gần dân, sát dân", area=STYLE),
    D("Nói đi đôi với làm", area=STYLE),
    D("Hoàn thành tốt nhiệm vụ được giao", area=WORK),
    D("Tích cực tham gia các phong trào thi đua của địa phương", area=WORK),
    D("Không ngừng học tập nâng cao trình độ", area=WORK),
)
VAGUE_TARGETS = ("", "", "", "Tốt", "Thường xuyên", "Đạt kết quả tốt")

# Who draws from which pools, besides COMMON (and HEAD for heads).
G_VILLAGE, G_TOWN, G_OFFICE, G_SCHOOL, G_HEALTH, G_POLICE, G_MILITARY, G_FOREST, G_MASS = (
    "village", "town", "office", "school", "health", "police", "military", "forest", "mass",
)  # fmt: skip
GROUP_POOLS: dict[str, tuple[Deed, ...]] = {
    G_VILLAGE: VILLAGE,
    G_TOWN: TOWN,
    G_OFFICE: SALARIED + OFFICE,
    G_SCHOOL: SALARIED + SCHOOL,
    G_HEALTH: SALARIED + HEALTH,
    G_POLICE: SALARIED + POLICE,
    G_MILITARY: SALARIED + MILITARY,
    G_FOREST: SALARIED + FOREST,
    G_MASS: SALARIED + MASS,
}
HEAD_TITLES = (
    "Bí thư", "Trưởng", "Chủ tịch", "Giám đốc", "Hiệu trưởng", "Chỉ huy trưởng", "Hạt trưởng", "Chánh",
    "Chủ nhiệm", "Chính trị viên",
)  # fmt: skip


# --- Plan items ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """A line of a collective's plan. ``{head}`` is the unit's head, ``{n}`` one of ``nums``, ``{k}`` the
    number of cells of a committee."""

    action: str
    timeframe: str
    responsible: str
    target: str
    area: str = WORK
    topic: str = ""
    extra: tuple[str, ...] = ()
    nums: tuple[str, ...] = ()
    since: int = FIRST_YEAR


S = Step
CELL_STEPS: tuple[Step, ...] = (
    S("Quán triệt, học tập chuyên đề năm cho cán bộ, đảng viên trong chi bộ", "Quý I", "Bí thư chi bộ",
      "100% đảng viên được học tập, viết bài thu hoạch", THOUGHT),
    S("Đưa nội dung học tập và làm theo Bác vào sinh hoạt chi bộ thường kỳ", "Hằng tháng", "Chi ủy",
      "12/12 kỳ sinh hoạt có nội dung làm theo Bác", THOUGHT),
    S("Hướng dẫn đảng viên xây dựng bản cam kết tu dưỡng, rèn luyện với ít nhất ba việc làm cụ thể", "Quý I",
      "Bí thư chi bộ", "100% đảng viên có bản cam kết được chi bộ thông qua"),
    S("Tổ chức sinh hoạt chuyên đề về tư tưởng, đạo đức, phong cách Hồ Chí Minh", "Quý II và Quý IV", "Chi ủy",
      "Ít nhất 02 buổi sinh hoạt chuyên đề", THOUGHT),
    S("Đánh giá việc thực hiện bản cam kết gắn với kiểm điểm, xếp loại đảng viên cuối năm", "Tháng 12", "Chi ủy",
      "100% đảng viên được đánh giá, xếp loại"),
    S("Phát hiện, biểu dương gương người tốt, việc tốt trong chi bộ", "Cả năm", "Bí thư chi bộ",
      "Giới thiệu ít nhất 01 gương điển hình lên cấp trên"),
    S("Kiểm tra việc thực hiện bản cam kết của đảng viên gắn với Nghị quyết Trung ương 4 (khóa XII)", "Quý III",
      "Chi ủy", "Kiểm tra ít nhất {n} đảng viên", extra=(NQTW4,), nums=("02", "03"), since=2017),
)  # fmt: skip
VILLAGE_STEPS: tuple[Step, ...] = (
    S("Vận động nhân dân hiến đất, góp công làm đường bê tông nông thôn", "Quý II – Quý III", "Trưởng thôn",
      "Hoàn thành {n} m đường bê tông", topic="rural", nums=("200", "300", "500")),
    S("Xây dựng và giữ vững danh hiệu thôn văn hóa", "Cả năm", "Trưởng thôn",
      "Trên 85% số hộ đạt danh hiệu Gia đình văn hóa"),
    S("Mỗi đảng viên nhận giúp đỡ 01 hộ khó khăn trong thôn", "Cả năm", "Chi ủy", "Giảm ít nhất {n} hộ nghèo",
      nums=("01", "02", "03")),
    S("Vận động các hộ tự tháo dỡ công trình lấn chiếm hành lang an toàn giao thông", "Quý II", "Trưởng thôn",
      "Không còn hộ lấn chiếm", topic="road"),
    S("Tổ chức tuần tra bảo vệ rừng, phòng cháy, chữa cháy rừng trong mùa khô", "Quý I và Quý IV", "Trưởng thôn",
      "Không để xảy ra cháy rừng", topic="forest"),
    S("Vận động nhân dân tham gia bảo hiểm y tế, đưa trẻ đến trường đúng độ tuổi", "Cả năm",
      "Chi hội trưởng các đoàn thể", "Trên 95% số người có thẻ bảo hiểm y tế; không có trẻ bỏ học"),
)  # fmt: skip
TOWN_STEPS: tuple[Step, ...] = (
    S("Vận động các hộ kinh doanh không lấn chiếm vỉa hè, lòng đường", "Cả năm", "Trưởng tiểu khu",
      "100% hộ ký cam kết và thực hiện", topic="urban"),
    S("Tổ chức tổng vệ sinh khu phố vào sáng thứ bảy hằng tuần", "Hằng tuần", "Trưởng tiểu khu",
      "Khu phố sạch, không còn điểm tập kết rác tự phát", topic="urban"),
    S("Xây dựng và giữ vững danh hiệu tiểu khu văn hóa", "Cả năm", "Trưởng tiểu khu",
      "Trên 90% số hộ đạt danh hiệu Gia đình văn hóa"),
    S("Vận động các hộ không lấn chiếm hành lang an toàn Quốc lộ 3", "Quý II", "Trưởng tiểu khu",
      "Không còn hộ lấn chiếm", topic="road"),
)  # fmt: skip
OFFICE_STEPS: tuple[Step, ...] = (
    S("Rà soát, niêm yết công khai thủ tục hành chính tại Bộ phận tiếp nhận và trả kết quả", "Quý I", "{head}",
      "100% thủ tục được niêm yết, cập nhật", topic="admin"),
    S("Giải quyết hồ sơ thủ tục hành chính đúng hẹn; xin lỗi người dân khi trễ hẹn", "Cả năm", "{head}",
      "Trên 98% hồ sơ đúng hẹn", topic="admin"),
    S("Duy trì tiếp công dân định kỳ, đối thoại với nhân dân", "Hằng tháng", "{head}",
      "Ít nhất 01 buổi tiếp công dân mỗi tháng", STYLE, topic="people"),
    S("Thực hiện nghiêm giờ giấc làm việc, văn hóa công sở", "Cả năm", "{head}", "Không có cán bộ vi phạm", STYLE),
    S("Đẩy mạnh dịch vụ công trực tuyến, thanh toán không dùng tiền mặt", "Cả năm", "{head}",
      "Trên {n}% hồ sơ nộp trực tuyến", topic="digital", nums=("50", "70", "80"), since=2021),
)  # fmt: skip
SCHOOL_STEPS: tuple[Step, ...] = (
    S("Gắn học tập và làm theo Bác với cuộc vận động “Mỗi thầy cô giáo là một tấm gương đạo đức, tự học và sáng "
      "tạo”", "Cả năm", "{head}", "100% cán bộ, giáo viên đăng ký và thực hiện"),
    S("Giáo dục học sinh thực hiện Năm điều Bác Hồ dạy thiếu niên, nhi đồng", "Cả năm", "Tổng phụ trách Đội",
      "100% học sinh thuộc và thực hiện"),
    S("Không để xảy ra dạy thêm, học thêm trái quy định", "Cả năm", "{head}", "Không có giáo viên vi phạm",
      ETHICS),
    S("Duy trì sĩ số, nâng cao chất lượng giáo dục", "Cả năm", "{head}", "Duy trì sĩ số 100%"),
)  # fmt: skip
HEALTH_STEPS: tuple[Step, ...] = (
    S("Đổi mới phong cách, thái độ phục vụ của cán bộ y tế hướng tới sự hài lòng của người bệnh", "Cả năm",
      "{head}", "Tỷ lệ người bệnh hài lòng trên 90%", STYLE, topic="people"),
    S("Đặt hòm thư góp ý, công khai đường dây nóng", "Quý I", "{head}", "Giải quyết 100% ý kiến phản ánh"),
    S("Tổ chức khám bệnh, cấp thuốc miễn phí cho người dân vùng khó khăn", "Quý III", "{head}",
      "Ít nhất {n} đợt", topic="people", nums=("02", "03")),
)  # fmt: skip
POLICE_STEPS: tuple[Step, ...] = (
    S("Học tập và làm theo Sáu điều Bác Hồ dạy Công an nhân dân", "Cả năm", "{head}",
      "100% cán bộ, chiến sĩ thực hiện nghiêm", THOUGHT),
    S("Tuần tra, xử lý vi phạm trật tự an toàn giao thông, hành lang an toàn giao thông", "Cả năm", "{head}",
      "Giảm tai nạn giao thông cả 3 tiêu chí", topic="road"),
    S("Xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc", "Cả năm", "{head}",
      "Không để xảy ra điểm nóng về an ninh trật tự"),
)  # fmt: skip
MILITARY_STEPS: tuple[Step, ...] = (
    S("Gắn học tập và làm theo Bác với Cuộc vận động “Phát huy truyền thống, cống hiến tài năng, xứng danh Bộ "
      "đội Cụ Hồ”", "Cả năm", "{head}", "100% cán bộ, chiến sĩ đăng ký và thực hiện", THOUGHT),
    S("Duy trì nghiêm chế độ trực sẵn sàng chiến đấu, huấn luyện dân quân tự vệ", "Cả năm", "{head}",
      "Hoàn thành 100% kế hoạch huấn luyện"),
    S("Tham gia giúp nhân dân phòng, chống thiên tai, cháy rừng", "Cả năm", "{head}", "Có mặt kịp thời khi có lệnh",
      topic="forest"),
)  # fmt: skip
FOREST_STEPS: tuple[Step, ...] = (
    S("Tăng cường tuần tra, ngăn chặn phá rừng, khai thác lâm sản trái phép", "Cả năm", "{head}",
      "Không để xảy ra điểm nóng về phá rừng", topic="forest"),
    S("Phối hợp với các xã ký cam kết bảo vệ rừng với các hộ nhận khoán", "Quý I", "{head}",
      "100% hộ nhận khoán ký cam kết", topic="forest"),
    S("Trực phòng cháy, chữa cháy rừng 24/24 giờ trong mùa khô", "Quý I và Quý IV", "{head}",
      "Phát hiện, xử lý kịp thời mọi điểm cháy", topic="forest"),
)  # fmt: skip
MASS_STEPS: tuple[Step, ...] = (
    S("Tuyên truyền, vận động hội viên học tập và làm theo Bác gắn với phong trào thi đua của hội", "Cả năm",
      "{head}", "100% chi hội triển khai thực hiện", THOUGHT),
    S("Tổ chức sinh hoạt chuyên đề “Học tập và làm theo Bác” trong hội viên", "Quý II", "{head}",
      "Ít nhất 01 buổi sinh hoạt chuyên đề", THOUGHT),
    S("Phát hiện, giới thiệu gương điển hình trong hội viên", "Quý IV", "{head}",
      "Giới thiệu ít nhất {n} gương điển hình", nums=("02", "03")),
    S("Tham gia giám sát, góp ý xây dựng Đảng, xây dựng chính quyền", "Cả năm", "{head}",
      "Tham gia đầy đủ các cuộc giám sát được phân công", extra=(NQTW4,), since=2017),
    S("Vận động hội viên tham gia xây dựng nông thôn mới", "Cả năm", "{head}",
      "Ít nhất {n} ngày công làm đường, kênh mương", topic="rural", nums=("50", "100")),
)  # fmt: skip
AGENCY_STEPS: tuple[Step, ...] = (
    S("Thực hiện nghiêm văn hóa công sở, giờ giấc làm việc", "Cả năm", "{head}", "Không có cán bộ vi phạm", STYLE),
    S("Nâng cao chất lượng tham mưu; trình văn bản đúng hạn", "Cả năm", "{head}",
      "100% văn bản tham mưu đúng hạn, đúng thể thức"),
    S("Học tập chuyên đề năm; mỗi cán bộ viết bài thu hoạch", "Quý I", "{head}",
      "100% cán bộ, công chức học tập và viết bài thu hoạch", THOUGHT),
    S("Thực hành tiết kiệm trong sử dụng kinh phí, văn phòng phẩm", "Cả năm", "{head}",
      "Tiết kiệm ít nhất {n}% chi thường xuyên", ETHICS, topic="formalism", nums=("05", "10")),
)  # fmt: skip
COMMITTEE_STEPS: tuple[Step, ...] = (
    S("Ban hành kế hoạch thực hiện chuyên đề năm; chỉ đạo các chi bộ học tập chuyên đề và xây dựng kế hoạch",
      "Quý I", "Ban Thường vụ Đảng ủy", "{k}/{k} chi bộ học tập chuyên đề và có kế hoạch", THOUGHT),
    S("Chỉ đạo cán bộ, đảng viên, công chức, viên chức xây dựng bản cam kết, ít nhất ba việc làm theo Bác",
      "Quý I", "Ban Thường vụ Đảng ủy", "100% cán bộ, đảng viên có bản cam kết"),
    S("Kiểm tra, giám sát việc thực hiện Chỉ thị 05 gắn với Nghị quyết Trung ương 4 (khóa XII) tại các chi bộ",
      "Quý III", "Ủy ban Kiểm tra Đảng ủy", "Kiểm tra ít nhất {n} chi bộ", extra=(NQTW4,), nums=("02", "03"),
      since=2017),
    S("Xây dựng mô hình điểm về học tập và làm theo Bác", "Cả năm", "Ban Thường vụ Đảng ủy",
      "01 mô hình được đánh giá hiệu quả để nhân rộng"),
    S("Tổng kết năm; biểu dương tập thể, cá nhân điển hình", "Tháng 12", "Ban Thường vụ Đảng ủy",
      "Biểu dương ít nhất {n} gương điển hình", nums=("03", "05")),
)  # fmt: skip
COMMUNE_STEPS: tuple[Step, ...] = (
    S(
        "Chỉ đạo Mặt trận Tổ quốc và các đoàn thể xây dựng kế hoạch tổ chức thực hiện",
        "Quý I",
        "Ban Thường vụ Đảng ủy",
        "5/5 tổ chức có kế hoạch",
    ),
)
GROUP_STEPS: dict[str, tuple[Step, ...]] = {
    G_VILLAGE: VILLAGE_STEPS,
    G_TOWN: TOWN_STEPS,
    G_OFFICE: OFFICE_STEPS,
    G_SCHOOL: SCHOOL_STEPS,
    G_HEALTH: HEALTH_STEPS,
    G_POLICE: POLICE_STEPS,
    G_MILITARY: MILITARY_STEPS,
    G_FOREST: FOREST_STEPS,
    G_MASS: MASS_STEPS,
}
# The action programme a committee adopts for each breakthrough content in force.
PROGRAMME_STEP = S("Xây dựng chương trình hành động thực hiện nội dung đột phá “{title}”", "Quý I",
                   "Ban Thường vụ Đảng ủy", "Phân công rõ người, rõ việc, rõ thời gian, rõ kết quả")  # fmt: skip

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
