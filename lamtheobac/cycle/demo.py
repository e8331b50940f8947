"""The yearly cycle of the demo district: every year from 2016 to the current one.

2016–2020 follow the article (``/work/shared/context``): about 250 collectives with a plan each year, over
3,000 people with a commitment of at least three actions, 100% of both by 2020, yearly themes and the
district's breakthrough contents (administrative reform, urban management, encroachment on road-safety
corridors, the responsibility of the head of each unit, forest protection). Past years are reviewed, rated
and closed; the current year is open, with its deadlines around today and work in progress.

Data first (themes, breakthrough contents, pools of actions), then ``build_cycle``. Years are opened
through ``services.period_open``; records are written with bulk inserts and their fields set directly, with
the history rows the services would have left (the services would take minutes for ~36,000 records).
Each org draws from its own ``random.Random`` per year, seeded by the run's seed, the year and the org's
code, so a seed and a date always give the same data.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial

from django.contrib.auth.models import User
from django.db import connections, router, transaction
from django.db.models import Model
from django.utils import timezone

from lamtheobac.organisation.demo.bach_thong import ROOT_CODE
from lamtheobac.organisation.models import Org, OrgKind, Person, path_ids

from . import services
from .models import (
    DEFAULT_COMMITMENT_KINDS,
    Area,
    Breakthrough,
    Document,
    DocumentKind,
    Evidence,
    InterimAssessment,
    InterimReviews,
    Period,
    PeriodEvent,
    Programme,
    ProgressNote,
    Rating,
    Record,
    RecordItem,
    RecordKind,
    RecordState,
    Result,
    Revision,
    Transition,
)
from .services import PeriodInput

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

# --- The generator ------------------------------------------------------------------------------

# Every org but the province and district committees files a plan: the article's "gần 250 tập thể".
PLAN_ORG_KINDS = [OrgKind.GRASSROOTS_COMMITTEE, OrgKind.CELL, OrgKind.AGENCY, OrgKind.MASS_ORGANISATION]
# Coverage of the first years (people too young to have joined are left out as well); 100% from 2020.
PLAN_COVERAGE = {2016: 0.95, 2017: 0.975, 2018: 0.99, 2019: 0.996}
PERSON_COVERAGE = {2016: 0.955, 2017: 0.975, 2018: 0.988, 2019: 0.996}
SIZES = ((3, 50), (4, 35), (5, 15))  # actions per commitment, weighted
P_COPY_LAST_YEAR = 0.12  # the same commitment as last year, word for word
P_SAMPLE_CELL = 0.22  # a cell where a sample commitment goes round…
P_COPY_SAMPLE = 0.45  # …and this share of its members hand it in as their own
P_RETURN, P_RETURN_COPIED = 0.05, 0.2  # a leader sends it back once before approving
P_INTERIM, P_PROGRESS = 0.7, 0.12  # current year: mid-year self-assessment; a progress note


def sloppiness(year: int) -> float:
    """The share of people who write only vague actions: formalism recedes as the campaign goes on."""
    return max(0.04, 0.12 - 0.01 * (year - FIRST_YEAR))


def late_share(year: int) -> float:
    return max(0.02, 0.06 - 0.008 * (year - FIRST_YEAR))


@dataclass(frozen=True)
class Line:
    """One generated item, its content only (its result is drawn with the record's review)."""

    action: str
    target: str
    area: str
    topic: str = ""
    extra: tuple[str, ...] = ()
    due: str = ""
    timeframe: str = ""
    responsible: str = ""


@dataclass
class Unit:
    """An org as the generator sees it: its kind of work, its place name, who must write a commitment."""

    org: Org
    group: str
    place: str  # "thôn Nà Pài" for a village cell, else ""
    top_id: int | None  # the unit directly under the district that it belongs to (a commune…)
    head_title: str
    people: list[Person] = field(default_factory=list)
    cells: int = 0  # a committee's cells
    is_commune: bool = False


@dataclass
class Rules:
    """The rules in force at a unit in a year (the district's period, tightened by its commune's)."""

    year: int
    min_actions: int
    plan_deadline: datetime.date
    commitment_deadline: datetime.date
    midyear_deadline: datetime.date | None
    yearend_deadline: datetime.date
    programmes: tuple[str, ...]
    contents: dict[str, Breakthrough]  # topic → content; a commune's own content under OWN
    own_line: Line | None = None


@dataclass
class Draft:
    """A record being generated, with what its rows will hold."""

    record: Record
    lines: list[Line]
    writer: User | None
    on_behalf: bool
    approver: User | None
    copied: str = ""  # "last_year" / "colleague"
    sloppy: bool = False
    codes: list[tuple[str, ...]] = field(default_factory=list)
    contents: list[Breakthrough | None] = field(default_factory=list)
    results: list[tuple[str, str]] = field(default_factory=list)
    steps: list[tuple[str, str, datetime.datetime, User | None, bool, str]] = field(default_factory=list)
    revised_at: datetime.datetime | None = None
    revised_state: str = RecordState.DRAFT
    interim: list[tuple[str, str]] = field(default_factory=list)
    interim_at: datetime.datetime | None = None
    note: tuple[int, str, datetime.datetime] | None = None


@dataclass
class YearSummary:
    """What one year holds after the seed."""

    year: int
    closed: bool
    yearend_deadline: datetime.date | None = None
    plans: int = 0
    commitments: int = 0
    required_orgs: int = 0
    required_people: int = 0

    def line(self) -> str:
        from lamtheobac.lib.formatting import date, number, percent

        text = (
            f"Năm {self.year}: {number(self.plans)} kế hoạch, {number(self.commitments)} bản cam kết "
            f"({percent(self.plans, self.required_orgs)} tập thể, "
            f"{percent(self.commitments, self.required_people)} cá nhân)"
        )
        if self.closed:
            return text + "; đã kết thúc"
        return text + f"; đang thực hiện, hạn tự đánh giá cuối năm {date(self.yearend_deadline)}"


def _tz() -> datetime.tzinfo:
    return timezone.get_default_timezone()


def _day(rng: random.Random, lo: datetime.date, hi: datetime.date) -> datetime.date:
    """A day between ``lo`` and ``hi`` (``lo`` when the range is empty)."""
    if hi <= lo:
        return lo
    return lo + datetime.timedelta(days=rng.randint(0, (hi - lo).days))


class _Clock:
    """Working-hours moments for one record's history, each after the one before."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.tz, self.last = rng, _tz(), None

    def at(self, day: datetime.date) -> datetime.datetime:
        moment = datetime.datetime.combine(
            day, datetime.time(self.rng.randint(7, 16), self.rng.randint(0, 59)), tzinfo=self.tz
        )
        if self.last is not None and moment <= self.last:
            moment = self.last + datetime.timedelta(minutes=self.rng.randint(5, 120))
        self.last = moment
        return moment


def _moment(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=_tz())


def _due(year: int, due: str) -> datetime.date | None:
    ends = {"year": (12, 31), "h1": (6, 30), "q1": (3, 31), "q2": (6, 30), "q3": (9, 30), "q4": (12, 31)}
    if due not in ends:
        return None
    month, day = ends[due]
    return datetime.date(year, month, day)


def _fill(text: str, **values: str) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def _group(org: Org) -> str:
    name, code = org.name, org.code
    if org.kind == OrgKind.MASS_ORGANISATION or code.endswith("-MTDT"):
        return G_MASS
    if name.startswith("Chi bộ tiểu khu"):
        return G_TOWN
    if name.startswith("Chi bộ thôn"):
        return G_VILLAGE
    if "Trường" in name:
        return G_SCHOOL
    if code.endswith("-TTYT"):
        return G_HEALTH
    if "Công an" in name:
        return G_POLICE
    if "Quân sự" in name or code.startswith("BT-QS"):
        return G_MILITARY
    if code.endswith("-KL"):
        return G_FOREST
    return G_OFFICE


def is_head(position: str) -> bool:
    return position.startswith(HEAD_TITLES)


def _insert_rows(model: type[Model], rows: list[dict]) -> None:
    """Insert plain rows with one ``executemany``: for the hundreds of thousands of items, tags and history
    rows, building model instances would take most of the seed's time.

    Every concrete column is written: a value the row lacks takes the field's default (a timestamp: now), so
    a column added to the model later still gets a value. Values go through the backend's adapters.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    ops = connection.ops
    columns = []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        kind = f.get_internal_type()
        if kind == "DateTimeField":
            adapt = ops.adapt_datetimefield_value
        elif kind == "DateField":
            adapt = ops.adapt_datefield_value
        elif kind in _PLAIN_COLUMNS:
            adapt = None
        else:
            adapt = partial(f.get_db_prep_save, connection=connection)
        now = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        default = timezone.now() if now else f.get_default()
        columns.append((f.attname, f.column, adapt, default))
    names = ", ".join(ops.quote_name(column) for _, column, _, _ in columns)
    marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    head = f"INSERT INTO {ops.quote_name(model._meta.db_table)} ({names}) VALUES "  # noqa: S608 (names from the model)
    values = []  # column by column: far fewer Python calls than row by row
    for attname, _, adapt, default in columns:
        column = [row.get(attname, default) for row in rows]
        if adapt is not None:
            column = [None if v is None else adapt(v) for v in column]
        values.append(column)
    params = list(zip(*values, strict=True))
    # executemany: SQLite loops in C, psycopg pipelines; and under DEBUG (which seed_demo requires) Django
    # logs it as one line instead of rendering a statement with thousands of parameters.
    with connection.cursor() as cursor:
        cursor.executemany(head + marks, params)


_PLAIN_COLUMNS = {
    "CharField", "TextField", "BooleanField", "IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
    "SmallIntegerField", "BigIntegerField", "ForeignKey", "OneToOneField", "URLField", "EmailField", "SlugField",
}  # fmt: skip


class _Demo:
    """Loads the district once, then writes one year after the other."""

    def __init__(self, seed: int, today: datetime.date) -> None:
        from lamtheobac.organisation.demo.logins import DEMO_USERNAMES, LUC_BINH, LUC_BINH_FIRST_CELL

        self.seed, self.today = seed, today
        self.root = Org.objects.get(code=ROOT_CODE)
        orgs = list(Org.objects.filter(path__startswith=self.root.path, active=True).order_by("path"))
        first_position: dict[int, str] = {}
        council_chair: dict[int, str] = {}
        for org_id, position in Person.objects.order_by("id").values_list("org_id", "position"):
            first_position.setdefault(org_id, position)
            if position.startswith("Chủ tịch Ủy ban nhân dân"):
                council_chair.setdefault(org_id, position)
        self.units: list[Unit] = []
        by_id: dict[int, Unit] = {}
        for org in orgs:
            ids = path_ids(org.path)
            head = council_chair.get(org.pk) or first_position.get(org.pk) or "Ban Thường vụ Đảng ủy"
            if org.kind == OrgKind.GRASSROOTS_COMMITTEE:
                head = "Ban Thường vụ Đảng ủy"
            group = _group(org)
            unit = Unit(
                org=org, group=group, top_id=ids[1] if len(ids) > 1 else None, head_title=head,
                place=org.name.removeprefix("Chi bộ ") if group in (G_VILLAGE, G_TOWN) else "",
            )  # fmt: skip
            self.units.append(unit)
            by_id[org.pk] = unit
            if org.parent_id in by_id and org.kind == OrgKind.CELL:
                by_id[org.parent_id].cells += 1
            if org.parent_id in by_id and org.kind == OrgKind.MASS_ORGANISATION:
                by_id[org.parent_id].is_commune = True
        people = Person.objects.filter(active=True, kind__in=DEFAULT_COMMITMENT_KINDS, org__in=orgs)
        for person in people.order_by("id"):
            by_id[person.org_id].people.append(person)
        self.by_id = by_id
        self.required_people = sum(len(u.people) for u in self.units)
        self.required_orgs = sum(1 for u in self.units if u.org.kind in PLAN_ORG_KINDS)
        self.programmes = {p.code: p for p in Programme.objects.all()}

        # The demo logins: who writes, approves and closes what they may see in the demo.
        users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
        people = {p.user_id: p.pk for p in Person.objects.filter(user__in=users.values())}
        self.officer = users.get("chuyenvien") or users.get("admin")
        self.commune_leader = users.get("bithu_lucbinh")
        self.cell_leader = users.get("bithu_chibo")
        self.member = users.get("dangvien")
        self.user_of = {people[u.pk]: u for u in users.values() if u.pk in people}
        self.person_of = {u.username: people[u.pk] for u in users.values() if u.pk in people}
        self.luc_binh = Org.objects.filter(code=LUC_BINH).first()
        self.first_cell = Org.objects.filter(code=LUC_BINH_FIRST_CELL).first()
        # The oldest members of the demo cell do not use the system: their leader writes for them.
        self.on_behalf: set[int] = set()
        if self.first_cell is not None and self.cell_leader is not None:
            cell_people = [p for p in by_id[self.first_cell.pk].people if p.pk not in self.user_of]
            cell_people.sort(key=lambda p: (p.birth_year or 9999, p.pk))
            self.on_behalf = {p.pk for p in cell_people[:3]}
        self.last_year: dict[int, list[Line]] = {}
        self.last_plans: dict[int, list[Line]] = {}

    def rng(self, year: int, code: str) -> random.Random:
        from lamtheobac.organisation.demo.build import unit_rng

        return unit_rng(self.seed, f"{year}:{code}")

    # --- Years ------------------------------------------------------------------------------

    def deadlines(self, year: int) -> dict:
        """Inside the year (2016: after Chỉ thị 05 of 15/5/2016); the current year's year-end review at least
        two weeks from today (else two and a half weeks from today)."""
        if year == FIRST_YEAR:
            found = {
                "plan_deadline": datetime.date(year, 6, 30),
                "commitment_deadline": datetime.date(year, 7, 15),
                "midyear_deadline": None,
                "yearend_deadline": datetime.date(year, 12, 15),
                "interim_reviews": InterimReviews.NONE,
            }
        else:
            found = {
                "plan_deadline": datetime.date(year, 3, 31),
                "commitment_deadline": datetime.date(year, 4, 15),
                "midyear_deadline": datetime.date(year, 6, 30),
                "yearend_deadline": datetime.date(year, 12, 15),
                "interim_reviews": InterimReviews.MIDYEAR,
            }
        if year == self.today.year and found["yearend_deadline"] < self.today + datetime.timedelta(days=14):
            found["yearend_deadline"] = self.today + datetime.timedelta(days=18)
        return found

    def opened_on(self, year: int) -> datetime.date:
        """The district opens its year in early January (2016: ten days after Chỉ thị 05); never after today."""
        day = datetime.date(2016, 5, 25) if year == FIRST_YEAR else datetime.date(year, 1, 8)
        return min(day, self.today)

    def first_day(self, year: int) -> datetime.date:
        """The first day plans and commitments are written: the day after the year opens."""
        return self.opened_on(year) + datetime.timedelta(days=1)

    def open_year(self, year: int) -> dict[int | None, Rules]:
        """Open the year at the district and at the communes adding their own content; the rules per unit."""
        rng = self.rng(year, f"{ROOT_CODE}:periods")
        dates = self.deadlines(year)
        codes = programmes_for(year)
        programmes = [self.programmes[c] for c in codes if c in self.programmes]
        topics = district_breakthroughs(year)
        district = services.period_open(
            actor=self.officer, org=self.root,
            data=PeriodInput(
                year=year, theme=theme_for(year), min_actions=3, plan_org_kinds=list(PLAN_ORG_KINDS),
                programmes=programmes, breakthroughs=[BREAKTHROUGHS[t] for t in topics], **dates,
            ),
        )  # fmt: skip
        contents = dict(zip(topics, district.breakthroughs.order_by("sort_order"), strict=True))
        base = Rules(
            year=year, min_actions=3, plan_deadline=dates["plan_deadline"],
            commitment_deadline=dates["commitment_deadline"], midyear_deadline=dates["midyear_deadline"],
            yearend_deadline=dates["yearend_deadline"], programmes=codes, contents=contents,
        )  # fmt: skip
        rules: dict[int | None, Rules] = {None: base}
        periods = [district]
        communes = {u.org.code: u for u in self.units if u.is_commune}
        own = [(c.code, c.min_actions, c.titles[(year - c.since) % len(c.titles)])
               for c in COMMUNE_CONTENTS if c.since <= year and c.code in communes]  # fmt: skip
        others = sorted(set(communes) - {code for code, _, _ in own})
        for code in rng.sample(others, k=min(2, len(others))):
            own.append((code, 3, rng.choice(OTHER_CONTENTS)))
        for code, min_actions, title in own:
            unit = communes[code]
            earlier = datetime.timedelta(days=rng.choice((3, 5, 7, 10)))
            yearend = dates["yearend_deadline"] - datetime.timedelta(days=rng.choice((0, 0, 3, 5)))
            if year == self.today.year and yearend < self.today + datetime.timedelta(days=7):
                yearend = dates["yearend_deadline"]
            mine = {
                **dates,
                "plan_deadline": dates["plan_deadline"] - earlier,
                "commitment_deadline": dates["commitment_deadline"] - earlier,
                "yearend_deadline": yearend,
            }
            actor = (
                self.commune_leader if self.luc_binh is not None and unit.org.pk == self.luc_binh.pk else None
            )
            period = services.period_open(
                actor=actor, org=unit.org,
                data=PeriodInput(year=year, min_actions=min_actions, plan_org_kinds=list(PLAN_ORG_KINDS),
                                 programmes=programmes, breakthroughs=[title], **mine),
            )  # fmt: skip
            periods.append(period)
            content = period.breakthroughs.get()
            commune = unit.org.name.replace("Đảng bộ", "Đảng ủy", 1)
            rules[unit.org.pk] = Rules(
                year=year, min_actions=max(3, min_actions), plan_deadline=mine["plan_deadline"],
                commitment_deadline=mine["commitment_deadline"], midyear_deadline=dates["midyear_deadline"],
                yearend_deadline=yearend, programmes=codes, contents={**contents, OWN: content},
                own_line=Line(
                    f"Thực hiện nội dung đột phá của {commune}: {title[0].lower()}{title[1:]}",
                    "Hoàn thành phần việc được chi bộ phân công", WORK, OWN, due="year",
                ),
            )  # fmt: skip
        opened = _moment(self.opened_on(year))
        ids = [p.pk for p in periods]
        Period.objects.filter(pk__in=ids).update(opened_at=opened)
        PeriodEvent.objects.filter(period_id__in=ids).update(at=opened)
        self.documents(year, district, rng)
        self.periods = periods
        return rules

    def documents(self, year: int, period: Period, rng: random.Random) -> None:
        """The directing documents of the year: the Politburo's texts, the district's plan and report."""
        kh = f"{rng.randint(20, 60)}-KH/HU"
        docs = []
        if year == FIRST_YEAR:
            docs.append(
                (
                    "05-CT/TW",
                    DocumentKind.DIRECTIVE,
                    datetime.date(2016, 5, 15),
                    "Bộ Chính trị",
                    "Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                )
            )
            docs.append(
                (
                    kh,
                    DocumentKind.PLAN,
                    self.opened_on(year),
                    "Huyện ủy Bạch Thông",
                    "Kế hoạch thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị",
                )
            )
        else:
            docs.append(
                (
                    kh,
                    DocumentKind.PLAN,
                    self.opened_on(year),
                    "Huyện ủy Bạch Thông",
                    f"Kế hoạch học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm {year}",
                )
            )
        if year == 2021:
            docs.append(
                (
                    "01-KL/TW",
                    DocumentKind.CONCLUSION,
                    datetime.date(2021, 5, 18),
                    "Bộ Chính trị",
                    "Kết luận về tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị khóa XII",
                )
            )
        if year < self.today.year:
            docs.append(
                (
                    f"{rng.randint(150, 260)}-BC/HU",
                    DocumentKind.REPORT,
                    datetime.date(year, 12, 20),
                    "Huyện ủy Bạch Thông",
                    f"Báo cáo kết quả thực hiện Chỉ thị số 05-CT/TW năm {year}",
                )
            )
        officer = self.officer.pk if self.officer else None
        _insert_rows(Document, [
            {"org_id": self.root.pk, "period_id": period.pk, "number": number, "kind": kind, "issued_on": issued,
             "issuer": issuer, "title": title, "uploaded_by_id": officer, "uploaded_at": _moment(issued, 15)}
            for number, kind, issued, issuer, title in docs
        ])  # fmt: skip

    def close_year(self, year: int) -> None:
        closed = self.closing(year)
        Period.objects.filter(pk__in=[p.pk for p in self.periods]).update(
            state=Period.State.CLOSED, closed_at=closed, closed_by=self.officer
        )
        officer = self.officer.pk if self.officer else None
        _insert_rows(PeriodEvent, [{"period_id": p.pk, "action": "closed", "actor_id": officer, "at": closed}
                                   for p in self.periods])  # fmt: skip

    def closing(self, year: int) -> datetime.datetime:
        return _moment(datetime.date(year + 1, 1, 12), 15)

    # --- Records ----------------------------------------------------------------------------

    def year(self, year: int) -> YearSummary:
        rules_by_top = self.open_year(year)
        past = year < self.today.year
        drafts: list[Draft] = []
        # Nothing is written the day a year opens; on the current year's first days there may be nothing yet.
        units = self.units if past or self.first_day(year) < self.today else []
        for unit in units:
            rules = rules_by_top.get(unit.top_id) or rules_by_top[None]
            rng = self.rng(year, unit.org.code)
            if unit.org.kind in PLAN_ORG_KINDS:
                draft = self.plan(rng, unit, rules, past)
                if draft is not None:
                    drafts.append(draft)
            drafts += self.commitments(rng, unit, rules, past)
        summary = self.write(year, drafts, past)
        summary.yearend_deadline = rules_by_top[None].yearend_deadline
        if past:
            self.close_year(year)
        self.last_year = {d.record.person_id: d.lines for d in drafts if d.record.person_id}
        self.last_plans = {d.record.org_id: d.lines for d in drafts if not d.record.person_id}
        return summary

    def plan(self, rng: random.Random, unit: Unit, rules: Rules, past: bool) -> Draft | None:
        year = rules.year
        if past and rng.random() > PLAN_COVERAGE.get(year, 1.0):
            return None
        state = RecordState.RATED if past else self.current_state(rng, rules.plan_deadline, rules)
        code = unit.org.code
        if not past and self.luc_binh is not None and unit.top_id == self.luc_binh.pk:
            # The commune secretary has plans waiting: two submitted, one returned.
            state = {"BT-LB-CB01": RecordState.APPROVED, "BT-LB-CB02": RecordState.SUBMITTED,
                     "BT-LB-CB03": RecordState.SUBMITTED, "BT-LB-CB04": RecordState.RETURNED}.get(code, state)  # fmt: skip
        if state is None:
            return None
        last = self.last_plans.get(unit.org.pk)
        copied = ""
        if last and rng.random() < P_COPY_LAST_YEAR:
            lines, copied = list(last), "last_year"
        else:
            lines = self.plan_lines(rng, unit, rules)
        writer = None
        if self.first_cell is not None and unit.org.pk == self.first_cell.pk:
            writer = self.cell_leader
        elif self.luc_binh is not None and unit.org.pk == self.luc_binh.pk:
            writer = self.commune_leader
        approver = None
        if self.luc_binh is not None and unit.top_id == self.luc_binh.pk and unit.org.pk != self.luc_binh.pk:
            approver = self.commune_leader
        record = Record(kind=RecordKind.PLAN, year=year, org=unit.org, created_by=writer)
        draft = Draft(record, lines, writer, False, approver, copied=copied)
        self.tag(rng, draft, rules, person_head=False)
        self.play(rng, draft, state, rules.plan_deadline, rules, PLAN_RATINGS)
        return draft

    def plan_lines(self, rng: random.Random, unit: Unit, rules: Rules) -> list[Line]:
        year, kind = rules.year, unit.org.kind

        def valid(steps: Sequence[Step]) -> list[Step]:
            return [s for s in steps if s.since <= year]

        def some(steps: Sequence[Step], k: int) -> list[Step]:
            steps = valid(steps)
            favoured = [s for s in steps if s.topic in rules.contents]
            picked = rng.sample(favoured, k=min(len(favoured), rng.randint(0, 2)))
            rest = [s for s in steps if s not in picked]
            picked += rng.sample(rest, k=max(0, min(k - len(picked), len(rest))))
            return sorted(picked, key=steps.index)

        head = {"head": unit.head_title}
        lines: list[Line] = []
        if kind == OrgKind.GRASSROOTS_COMMITTEE:
            chosen = some(COMMITTEE_STEPS, rng.randint(3, 4))
            if unit.is_commune:
                chosen.insert(1, COMMUNE_STEPS[0])
            district = [t for t in rules.contents if t != OWN]
            topics = rng.sample(district, k=min(2, len(district)))
            topics += [OWN] if OWN in rules.contents else []
            for topic in topics:
                content = rules.contents[topic]
                lines.append(self.step_line(rng, PROGRAMME_STEP, unit, title=content.title, topic=topic))
        elif kind == OrgKind.CELL:
            chosen = some(CELL_STEPS, 3) + some(GROUP_STEPS[unit.group], rng.randint(2, 3))
        elif kind == OrgKind.MASS_ORGANISATION:
            chosen = some(MASS_STEPS, rng.randint(3, 4))
        else:
            chosen = some(AGENCY_STEPS, 3)
        lines = [self.step_line(rng, s, unit, **head) for s in chosen[:1]] + lines
        lines += [self.step_line(rng, s, unit, **head) for s in chosen[1:]]
        return lines

    def step_line(self, rng: random.Random, step: Step, unit: Unit, *, title: str = "", topic: str = "",
                  head: str = "") -> Line:  # fmt: skip
        n = rng.choice(step.nums) if step.nums else ""
        values = {"head": head or unit.head_title, "n": n, "k": str(unit.cells), "title": title}
        return Line(
            action=_fill(step.action, **values), target=_fill(step.target, **values), area=step.area,
            topic=topic or step.topic, extra=step.extra, timeframe=step.timeframe,
            responsible=_fill(step.responsible, **values),
        )  # fmt: skip

    def commitments(self, rng: random.Random, unit: Unit, rules: Rules, past: bool) -> list[Draft]:
        if not unit.people:
            return []
        year = rules.year
        sample = None
        if rng.random() < P_SAMPLE_CELL:
            size = max(4, rules.min_actions)
            sample = self.commitment_lines(rng, unit, rules, size, head=False, sloppy=rng.random() < 0.3)
        forced = self.forced_states(rng, unit, rules) if not past else {}
        drafts = []
        for person in unit.people:
            if past:
                too_young = person.birth_year is not None and person.birth_year > year - 19
                missed = rng.random() > PERSON_COVERAGE.get(year, 1.0)
                if (too_young or missed) and person.pk not in self.user_of:
                    continue
                state = RecordState.RATED
            else:
                state = forced.get(person.pk, self.current_state(rng, rules.commitment_deadline, rules))
            if state is None:
                continue
            drafts.append(self.commitment(rng, unit, person, rules, state, sample))
        return drafts

    def forced_states(self, rng: random.Random, unit: Unit, rules: Rules) -> dict[int, str | None]:
        """The current year in the demo cell: the member's draft, a queue for the cell's leader."""
        if self.first_cell is None or unit.org.pk != self.first_cell.pk:
            return {}
        forced: dict[int, str | None] = {}
        if "dangvien" in self.person_of:
            forced[self.person_of["dangvien"]] = RecordState.DRAFT
        if "bithu_chibo" in self.person_of:
            forced[self.person_of["bithu_chibo"]] = RecordState.APPROVED
        others = [p.pk for p in unit.people if p.pk not in forced and p.pk not in self.on_behalf]
        behalf = sorted(self.on_behalf)
        waiting = behalf[:1] + rng.sample(others, k=min(4, len(others)))
        for pk in waiting:
            forced[pk] = RecordState.SUBMITTED
        rest = [pk for pk in others + behalf if pk not in forced]
        returned = rng.choice(rest) if rest else None
        assessing = self.today >= rules.yearend_deadline - datetime.timedelta(days=30)
        for pk in rest:
            done = (RecordState.APPROVED,) * 6 + ((RecordState.SELF_ASSESSED,) if assessing else ())
            forced[pk] = RecordState.RETURNED if pk == returned else rng.choice(done)
        return forced

    def current_state(self, rng: random.Random, deadline: datetime.date, rules: Rules) -> str | None:
        """A state for the current year, by where today falls in it (None: not started)."""
        today = self.today
        if today <= deadline:
            mix = ((None, 25), (RecordState.DRAFT, 30), (RecordState.SUBMITTED, 20), (RecordState.RETURNED, 5),
                   (RecordState.APPROVED, 20))  # fmt: skip
        elif today < rules.yearend_deadline - datetime.timedelta(days=30):
            mix = ((None, 2), (RecordState.DRAFT, 3), (RecordState.SUBMITTED, 5), (RecordState.RETURNED, 2),
                   (RecordState.APPROVED, 88))  # fmt: skip
        else:
            mix = ((None, 1.5), (RecordState.DRAFT, 2.5), (RecordState.SUBMITTED, 4.5), (RecordState.RETURNED, 2),
                   (RecordState.APPROVED, 77.5), (RecordState.SELF_ASSESSED, 10.5), (RecordState.RATED, 1.5))  # fmt: skip
        return rng.choices([s for s, _ in mix], weights=[w for _, w in mix])[0]

    def commitment(self, rng: random.Random, unit: Unit, person: Person, rules: Rules, state: str,
                   sample: list[Line] | None) -> Draft:  # fmt: skip
        head = is_head(person.position)
        size = max(rules.min_actions, rng.choices([n for n, _ in SIZES], weights=[w for _, w in SIZES])[0])
        sloppy = rng.random() < sloppiness(rules.year)
        last = self.last_year.get(person.pk)
        copied = ""
        if person.pk == self.person_of.get("dangvien") and state == RecordState.DRAFT:
            lines = self.commitment_lines(rng, unit, rules, 2, head=head, sloppy=False)  # half-written
        elif last and rng.random() < P_COPY_LAST_YEAR:
            lines, copied = list(last), "last_year"
        elif sample and rng.random() < P_COPY_SAMPLE:
            lines, copied = list(sample), "colleague"
        else:
            lines = self.commitment_lines(rng, unit, rules, size, head=head, sloppy=sloppy)
        if state != RecordState.DRAFT and len(lines) < rules.min_actions:
            more = self.commitment_lines(rng, unit, rules, 5, head=head, sloppy=False)
            have = {line.action for line in lines}
            lines += [line for line in more if line.action not in have][: rules.min_actions - len(lines)]
        sloppy = sloppy or sum(not line.target or line.target in VAGUE_TARGETS for line in lines) >= 2
        writer, on_behalf = self.user_of.get(person.pk), False
        if writer is None and person.pk in self.on_behalf:
            writer, on_behalf = self.cell_leader, True
        approver = None
        if self.first_cell is not None and unit.org.pk == self.first_cell.pk:
            approver = (
                self.commune_leader if person.pk == self.person_of.get("bithu_chibo") else self.cell_leader
            )
        record = Record(
            kind=RecordKind.COMMITMENT, year=rules.year, org=unit.org, person=person, created_by=writer,
            entered_on_behalf=on_behalf,
        )  # fmt: skip
        draft = Draft(record, lines, writer, on_behalf, approver, copied=copied, sloppy=sloppy)
        self.tag(rng, draft, rules, person_head=head)
        ratings = VAGUE_RATINGS if sloppy else COMMITMENT_RATINGS
        self.play(rng, draft, state, rules.commitment_deadline, rules, ratings)
        return draft

    def commitment_lines(self, rng: random.Random, unit: Unit, rules: Rules, n: int, *, head: bool,
                         sloppy: bool) -> list[Line]:  # fmt: skip
        """Usually one action each for thought, ethics or style, and work, then more: concrete with a
        measurable target, or (the sloppy, and now and then anyone) vague."""
        year = rules.year
        pool = [d for d in GROUP_POOLS[unit.group] + COMMON if d.since <= year <= d.until]
        slots: list[tuple[str, ...] | str] = [(THOUGHT,), (ETHICS, STYLE), (WORK,)]
        for i in range(n - 3):
            if i == 0 and head and rng.random() < 0.8:
                slots.append("head")
            elif rules.own_line is not None and "own" not in slots and rng.random() < 0.4:
                slots.append("own")
            else:
                slots.append((THOUGHT, ETHICS, STYLE, WORK))
        lines: list[Line] = []
        seen: set[str] = set()
        for slot in slots[:n]:
            if slot == "own" and rules.own_line is not None:
                lines.append(rules.own_line)
                continue
            areas = (STYLE, ETHICS, WORK) if slot == "head" else slot
            if rng.random() < (0.75 if sloppy else 0.06):
                cands = [d for d in VAGUE if d.area in areas and d.action not in seen] or [
                    d for d in VAGUE if d.action not in seen
                ]
                deed = rng.choice(cands)
                seen.add(deed.action)
                lines.append(Line(deed.action, rng.choice(VAGUE_TARGETS), deed.area, due="year"))
                continue
            source = HEAD if slot == "head" else pool
            cands = [d for d in source if d.area in areas and d.action not in seen] or [
                d for d in pool if d.action not in seen
            ]
            favoured = [d for d in cands if d.topic and d.topic in rules.contents]
            deed = rng.choice(favoured if favoured and rng.random() < 0.5 else cands)
            seen.add(deed.action)
            n_ = rng.choice(deed.nums) if deed.nums else ""
            lines.append(Line(
                _fill(deed.action, n=n_, place=unit.place), _fill(deed.target, n=n_, place=unit.place), deed.area,
                deed.topic, deed.extra, deed.due, deed.timeframe,
            ))  # fmt: skip
        return lines

    def tag(self, rng: random.Random, draft: Draft, rules: Rules, *, person_head: bool) -> None:
        """Programmes and breakthrough contents per item, as the writer would tick them."""
        for line in draft.lines:
            codes = {CT05} | (set(line.extra) & set(rules.programmes))
            if NQTW4 in rules.programmes and line.area in (THOUGHT, ETHICS) and rng.random() < 0.3:
                codes.add(NQTW4)
            if QD08 in rules.programmes and person_head and rng.random() < 0.5:
                codes.add(QD08)
            draft.codes.append(tuple(sorted(codes)))
            content = rules.contents.get(line.topic) if line.topic else None
            draft.contents.append(content if content is not None and rng.random() < 0.85 else None)

    # --- A record's history ----------------------------------------------------------------

    def play(self, rng: random.Random, draft: Draft, target: str, deadline: datetime.date, rules: Rules,
             ratings: Sequence[tuple[str, float]]) -> None:  # fmt: skip
        """Walk the record from draft to ``target`` (past years: to rated, then locked at the close), setting
        its fields and the history rows, with dates in its year and never after yesterday."""
        rec, year = draft.record, rules.year
        past = year < self.today.year
        clock = _Clock(rng)
        start = self.first_day(year)
        hi = datetime.date(year, 12, 31) if past else max(start, self.today - datetime.timedelta(days=1))
        w, ob, ap = draft.writer, draft.on_behalf, draft.approver
        S_ = RecordState

        def step(frm: str, to: str, at: datetime.datetime, actor: User | None, behalf: bool = False,
                 comment: str = "") -> None:  # fmt: skip
            draft.steps.append((frm, to, at, actor, behalf, comment))

        if not past and target in (S_.SELF_ASSESSED, S_.RATED):
            if rules.yearend_deadline - datetime.timedelta(days=30) > hi:  # too early in the year
                target = S_.APPROVED
        version = 2 if draft.lines else 1
        if target == S_.DRAFT:
            day = (
                self.today - datetime.timedelta(days=6)
                if w is not None and w == self.member
                else _day(rng, start, hi)
            )
            created = clock.at(max(start, min(day, hi)))
        else:
            created = clock.at(_day(rng, start, min(deadline - datetime.timedelta(days=2), hi)))
        rec.created_at = created
        step("", S_.DRAFT, created, w, ob)
        draft.revised_at, draft.revised_state = created, S_.DRAFT
        rec.state = S_.DRAFT
        if target != S_.DRAFT:
            created_day = created.date()
            if target == S_.SUBMITTED and not past and self.today > deadline:
                submit_day = _day(rng, max(created_day, hi - datetime.timedelta(days=40)), hi)
            elif rng.random() < late_share(year):
                submit_day = min(deadline + datetime.timedelta(days=rng.randint(1, 35)), hi)
            else:
                submit_day = _day(rng, created_day, min(deadline, hi))
            submitted = clock.at(max(submit_day, created_day))
            step(S_.DRAFT, S_.SUBMITTED, submitted, w, ob)
            rec.state = S_.SUBMITTED
            p_return = P_RETURN_COPIED if (draft.copied or draft.sloppy) else P_RETURN
            if target == S_.RETURNED or (target != S_.SUBMITTED and rng.random() < p_return):
                comment = self.return_comment(rng, draft)
                day = submitted.date()
                returned = clock.at(_day(rng, day, min(day + datetime.timedelta(days=5), hi)))
                step(S_.SUBMITTED, S_.RETURNED, returned, ap, comment=comment)
                rec.state = S_.RETURNED
                if target == S_.RETURNED:
                    rec.return_comment = comment
                else:
                    day = returned.date()
                    submitted = clock.at(_day(rng, day, min(day + datetime.timedelta(days=7), hi)))
                    version += 1
                    draft.revised_at, draft.revised_state = submitted, S_.RETURNED
                    step(S_.RETURNED, S_.SUBMITTED, submitted, w, ob)
                    rec.state = S_.SUBMITTED
            rec.submitted_at = submitted
            rec.is_late = submitted.date() > deadline
        if rec.state == S_.SUBMITTED and target not in (S_.SUBMITTED, S_.RETURNED):
            day = rec.submitted_at.date()
            approved = clock.at(_day(rng, day, min(day + datetime.timedelta(days=10), hi)))
            step(S_.SUBMITTED, S_.APPROVED, approved, ap)
            rec.state, rec.approved_at, rec.approved_by = S_.APPROVED, approved, ap
            if not past and rules.midyear_deadline and self.today > rules.midyear_deadline:
                self.halfway(rng, draft, rules)
            if not past and target == S_.APPROVED and rng.random() < P_PROGRESS * (5 if ap else 1):
                self.progress(rng, draft, hi)
        if target in (S_.SELF_ASSESSED, S_.RATED):
            rating = rng.choices([r for r, _ in ratings], weights=[w_ for _, w_ in ratings])[0]
            draft.results = self.results(rng, len(draft.lines), rating)
            if past:
                day = datetime.date(
                    year, 12, rng.randint(16, 22) if rng.random() < 0.04 else rng.randint(1, 14)
                )
            else:
                day = _day(
                    rng, max(rec.approved_at.date(), rules.yearend_deadline - datetime.timedelta(days=30)), hi
                )
            assessed = clock.at(max(day, rec.approved_at.date()))
            version += 1
            rec.self_comment = rng.choice(SELF_COMMENTS)
            rec.self_assessed_at = assessed
            step(S_.APPROVED, S_.SELF_ASSESSED, assessed, w, ob)
            draft.revised_at, draft.revised_state = assessed, S_.SELF_ASSESSED
            rec.state = S_.SELF_ASSESSED
            if target == S_.RATED:
                day = assessed.date()
                last = datetime.date(year, 12, 31) if past else hi
                rated = clock.at(_day(rng, day, min(day + datetime.timedelta(days=10), last)))
                score = rng.randint(*SCORES[rating])
                rec.rating, rec.score, rec.rated_at, rec.rated_by = rating, score, rated, ap
                rec.rating_comment = rng.choice(RATING_COMMENTS[rating])
                step(S_.SELF_ASSESSED, S_.RATED, rated, ap, comment=f"{Rating(rating).label} ({score} điểm)")
                rec.state = S_.RATED
        if past:
            closed = self.closing(year)
            step(rec.state, S_.LOCKED, closed, self.officer, comment=f"Kết thúc năm {year}")
            rec.state_before_lock, rec.state = rec.state, S_.LOCKED
        rec.version = version
        rec.updated_at = draft.steps[-1][2]

    def return_comment(self, rng: random.Random, draft: Draft) -> str:
        if draft.copied == "last_year":
            return RETURN_COMMENTS[3]
        if draft.copied == "colleague":
            return RETURN_COMMENTS[4]
        if draft.sloppy:
            return RETURN_COMMENTS[0]
        return rng.choice((RETURN_COMMENTS[1], RETURN_COMMENTS[2], RETURN_COMMENTS[5]))

    def results(self, rng: random.Random, n: int, rating: str) -> list[tuple[str, str]]:
        """Item results agreeing with the rating the leader will give."""
        results = [(Result.DONE.value, "")] * n
        if rating == Rating.EXCELLENT:
            if rng.random() < 0.3:
                results[rng.randrange(n)] = (Result.DONE.value, "Vượt chỉ tiêu đăng ký.")
        elif rating == Rating.GOOD:
            if rng.random() < 0.3:
                results[rng.randrange(n)] = (Result.PARTLY.value, rng.choice(SHORTFALLS))
        elif rating == Rating.COMPLETED:
            picked = rng.sample(range(n), k=min(n, rng.choice((1, 2))))
            for i, pos in enumerate(picked):
                result = Result.NOT_DONE if i == 0 and rng.random() < 0.3 else Result.PARTLY
                results[pos] = (result.value, rng.choice(SHORTFALLS))
        else:
            for i, pos in enumerate(rng.sample(range(n), k=max(1, (n + 1) // 2 + 1) if n > 1 else 1)):
                result = Result.NOT_DONE if i < (n + 1) // 2 else Result.PARTLY
                results[pos] = (result.value, rng.choice(SHORTFALLS))
        return results

    def halfway(self, rng: random.Random, draft: Draft, rules: Rules) -> None:
        """The mid-year self-assessment, for most approved records of the current year."""
        if draft.record.person_id is None or rng.random() > P_INTERIM:
            return
        mix = ((Result.DONE, 35), (Result.PARTLY, 58), (Result.NOT_DONE, 7))
        for _ in draft.lines:
            result = rng.choices([r for r, _ in mix], weights=[w for _, w in mix])[0]
            draft.interim.append((result.value, rng.choice(HALF_YEAR_NOTES[result])))
        day = rules.midyear_deadline + datetime.timedelta(days=rng.randint(-10, 5))
        day = max(day, draft.record.approved_at.date())
        draft.interim_at = _moment(min(day, self.today - datetime.timedelta(days=1)), rng.randint(8, 16))

    def progress(self, rng: random.Random, draft: Draft, hi: datetime.date) -> None:
        if draft.record.person_id is None or not draft.lines:
            return
        day = _day(rng, draft.record.approved_at.date(), hi)
        text = rng.choice(PROGRESS_NOTES).format(
            p=rng.choice((40, 50, 60, 70, 80, 90)), m=max(1, day.month - 1)
        )
        draft.note = (rng.randrange(len(draft.lines)), text, _moment(day, rng.randint(8, 20)))

    # --- Writing ----------------------------------------------------------------------------

    def write(self, year: int, drafts: list[Draft], past: bool) -> YearSummary:
        """Insert the year's records with their items, programme tags, history and revision."""
        summary = YearSummary(year=year, closed=past, required_orgs=self.required_orgs,
                              required_people=self.required_people)  # fmt: skip
        if not drafts:
            return summary
        # A record's instance dict holds every column by its attname; ids are read back by natural key.
        _insert_rows(Record, [d.record.__dict__ for d in drafts])
        record_ids = {
            (kind, org, person): pk
            for pk, kind, org, person in Record.objects.filter(year=year).values_list("pk", "kind", "org_id", "person_id")
        }  # fmt: skip
        for d in drafts:
            rec = d.record
            rec.pk = record_ids[rec.kind, rec.org_id, rec.person_id]
            rec._state.adding = False
        items = []
        for d in drafts:
            for position, line in enumerate(d.lines):
                result, note = d.results[position] if d.results else ("", "")
                content = d.contents[position]
                items.append({
                    "record_id": d.record.pk, "position": position, "action": line.action, "target": line.target,
                    "timeframe": line.timeframe, "deadline": _due(year, line.due) if d.record.person_id else None,
                    "responsible": line.responsible, "area": line.area,
                    "breakthrough_id": content.pk if content else None, "result": result, "result_note": note,
                })  # fmt: skip
        _insert_rows(RecordItem, items)
        ids = [d.record.pk for d in drafts]
        item_ids = {
            (record, position): pk
            for pk, record, position in RecordItem.objects.filter(record_id__gte=min(ids), record_id__lte=max(ids))
            .values_list("pk", "record_id", "position")
            .iterator(chunk_size=5000)
        }  # fmt: skip
        programme = {code: p.pk for code, p in self.programmes.items()}
        short = {code: p.short_name for code, p in self.programmes.items()}
        tags, transitions, revisions, interims, notes = [], [], [], [], []
        for d in drafts:
            rec = d.record
            mine = [item_ids[rec.pk, position] for position in range(len(d.lines))]
            for item, codes in zip(mine, d.codes, strict=True):
                tags += [
                    {"recorditem_id": item, "programme_id": programme[c]} for c in codes if c in programme
                ]
            transitions += [
                {"record_id": rec.pk, "from_state": frm, "to_state": to, "actor_id": actor.pk if actor else None,
                 "on_behalf": behalf, "comment": comment, "at": at}
                for frm, to, at, actor, behalf, comment in d.steps
            ]  # fmt: skip
            assessed = d.revised_state == RecordState.SELF_ASSESSED
            results = d.results if assessed else [("", "")] * len(d.lines)
            snapshot = {
                "state": d.revised_state,
                "self_comment": rec.self_comment if assessed else "",
                "items": [
                    {
                        "action": line.action, "target": line.target, "timeframe": line.timeframe,
                        "deadline": due.isoformat() if (due := _due(year, line.due)) and rec.person_id else None,
                        "responsible": line.responsible, "area": line.area,
                        "breakthrough": content.title if content else None,
                        "programmes": sorted(short[c] for c in codes if c in short),
                        "result": result, "result_note": note,
                    }
                    for line, codes, content, (result, note) in zip(d.lines, d.codes, d.contents, results, strict=True)
                ],
            }  # fmt: skip
            writer = d.writer.pk if d.writer else None
            revisions.append({"record_id": rec.pk, "version": rec.version, "snapshot": snapshot, "actor_id": writer,
                              "on_behalf": d.on_behalf, "at": d.revised_at})  # fmt: skip
            interims += [
                {"item_id": item, "stage": "h1", "result": result, "note": note, "created_by_id": writer,
                 "created_at": d.interim_at}
                for item, (result, note) in zip(mine, d.interim, strict=False)
            ]  # fmt: skip
            if d.note is not None:
                position, text, at = d.note
                notes.append(
                    {"item_id": mine[position], "text": text, "created_by_id": writer, "created_at": at}
                )
            if rec.person_id:
                summary.commitments += 1
            else:
                summary.plans += 1
        _insert_rows(RecordItem.programmes.through, tags)
        _insert_rows(Transition, transitions)
        _insert_rows(Revision, revisions)
        _insert_rows(InterimAssessment, interims)
        _insert_rows(ProgressNote, notes)
        return summary


def build_cycle(seed: int, *, today: datetime.date | None = None) -> list[YearSummary]:
    """Every year from 2016 to ``today``'s (default: the local date) on the demo district.

    The district (``organisation.demo.build.build_district``) must exist; the caller holds the transaction.
    """
    today = today or timezone.localdate()
    if today.year < FIRST_YEAR:
        return []
    demo = _Demo(seed, today)
    return [demo.year(year) for year in range(FIRST_YEAR, today.year + 1)]


# --- Wiping ---------------------------------------------------------------------------------------

# Children first: every row pointing at a table is gone before the table is emptied.
WIPE_ORDER: tuple[tuple[str, type[Model]], ...] = (
    ("evidence", Evidence),
    ("progress_notes", ProgressNote),
    ("interim_assessments", InterimAssessment),
    ("item_programmes", RecordItem.programmes.through),
    ("transitions", Transition),
    ("revisions", Revision),
    ("items", RecordItem),
    ("records", Record),
    ("documents", Document),
    ("breakthroughs", Breakthrough),
    ("period_events", PeriodEvent),
    ("period_programmes", Period.programmes.through),
    ("periods", Period),
)


def wipe_cycle() -> dict[str, int]:
    """Delete every year, record, item and history row (the demo's and any other), children first.

    A table whose every referrer has been emptied already goes in one DELETE statement; otherwise (a model
    added later that points at it) Django's cascading delete runs. Uploaded files are removed once the
    transaction commits, so a rolled-back wipe keeps them.
    """
    files = [(e.file.storage, e.file.name) for e in Evidence.objects.exclude(file="")]
    files += [(d.file.storage, d.file.name) for d in Document.objects.exclude(file="")]
    emptied: set[type[Model]] = set()
    deleted: dict[str, int] = {}
    for label, model in WIPE_ORDER:
        queryset = model._base_manager.all()
        referrers = {
            f.related_model for f in model._meta.get_fields(include_hidden=True)
            if (f.one_to_many or f.one_to_one) and f.auto_created and not f.concrete
        } | {f.remote_field.through for f in model._meta.many_to_many}  # fmt: skip
        if referrers <= emptied:
            deleted[label] = queryset._raw_delete(queryset.db)
        else:
            deleted[label] = queryset.delete()[1].get(model._meta.label, 0)
        emptied.add(model)
    if files:
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    return deleted
