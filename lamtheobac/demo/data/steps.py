"""The lines of a collective's plan, by kind of org and kind of work.

Data only. Every string is NFC with full diacritics."""

from __future__ import annotations

from dataclasses import dataclass

from .cycle import FIRST_YEAR, NQTW4
from .deeds import (
    ETHICS,
    G_FOREST,
    G_HEALTH,
    G_MASS,
    G_MILITARY,
    G_OFFICE,
    G_POLICE,
    G_SCHOOL,
    G_TOWN,
    G_VILLAGE,
    STYLE,
    THOUGHT,
    WORK,
)

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
