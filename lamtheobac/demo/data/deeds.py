"""The actions people commit to, by the kind of work of their unit, and who counts as a unit's head.

Data only. Every string is NFC with full diacritics."""

from __future__ import annotations

from dataclasses import dataclass

from lamtheobac.cycle.models import Area

from .cycle import FIRST_YEAR, NQTW4, QD08

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
