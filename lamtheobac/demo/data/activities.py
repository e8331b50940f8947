"""The texts of the demo activities: study topics, pilot models, exemplars, inspections. Nothing here touches
the database; ``{place}``, ``{commune}``, ``{org}``, ``{year}`` are filled in by the generator."""

from __future__ import annotations

from dataclasses import dataclass

from .deeds import G_FOREST, G_HEALTH, G_MASS, G_MILITARY, G_OFFICE, G_POLICE, G_SCHOOL, G_TOWN, G_VILLAGE

# --- Study ------------------------------------------------------------------------------------

THEMATIC_MINUTES = (
    "Đồng chí Bí thư chi bộ quán triệt nội dung chuyên đề năm {year}; đảng viên thảo luận, liên hệ bản thân, "
    "bổ sung việc làm cụ thể vào bản cam kết. {present}/{total} đảng viên có mặt.",
    "Chi bộ tổ chức học tập chuyên đề năm {year} kết hợp sinh hoạt thường kỳ; báo cáo viên cơ sở trình bày "
    "nội dung, đảng viên phát biểu liên hệ với nhiệm vụ được giao. {present}/{total} đảng viên có mặt.",
    "Học tập chuyên đề năm {year} bằng hình thức trực quan (chiếu phim tư liệu về Bác), sau đó thảo luận "
    "theo tổ; chi bộ thống nhất 3 việc làm tập thể trong năm. {present}/{total} đảng viên có mặt.",
)
COMMITTEE_THEMATIC_TOPIC = "Hội nghị quán triệt, học tập chuyên đề năm {year}"
COMMITTEE_THEMATIC_MINUTES = (
    "Hội nghị trực tuyến, trực tiếp cho cán bộ chủ chốt, bí thư chi bộ, trưởng các đoàn thể; báo cáo viên "
    "của {org} giới thiệu chuyên đề: “{theme}”."
)

CELL_MEETING_TOPICS = (
    "Kể chuyện về Bác: “Bác Hồ với đức tính tiết kiệm”; liên hệ thực hành tiết kiệm trong chi bộ",
    "Kể chuyện về Bác: “Chiếc đồng hồ”; bàn việc phân công nhiệm vụ cho đảng viên",
    "Kể chuyện về Bác: “Thăm nhà dân”; đảng viên đăng ký giúp đỡ hộ khó khăn",
    "Đánh giá tiến độ thực hiện bản cam kết làm theo Bác của đảng viên",
    "Liên hệ việc nói đi đôi với làm, nêu gương của đảng viên trong thực hiện nhiệm vụ",
    "Trao đổi về tác phong “trọng dân, gần dân, hiểu dân, học dân”",
    "Biểu dương đảng viên có việc làm tốt theo Bác trong tháng",
    "Thảo luận nội dung đột phá của năm và việc làm của chi bộ",
    "Đọc và thảo luận bài viết của Bác về đạo đức cách mạng",
    "Liên hệ việc thực hiện Quy định về trách nhiệm nêu gương của cán bộ, đảng viên",
    "Sơ kết việc học tập và làm theo Bác; bổ sung việc làm còn thiếu",
)
CELL_MEETING_PREFIX = "Sinh hoạt chi bộ có nội dung làm theo Bác: "
CELL_MEETING_MINUTES = (
    "Chi bộ sinh hoạt thường kỳ tháng {month}, dành thời gian cho nội dung làm theo Bác.",
    "Đảng viên trẻ kể chuyện về Bác; chi bộ thảo luận, rút ra việc làm cụ thể.",
    "Chi ủy nhận xét việc thực hiện bản cam kết; nhắc nhở đảng viên còn chậm.",
)

# The article: "Ngày hội thầy thuốc trẻ làm theo lời Bác năm 2020 tại xã Vũ Muộn".
VU_MUON = "BT-VM"
HEALTH_CELL = "BT-TTYT"
EVENT_TITLE = "Ngày hội thầy thuốc trẻ làm theo lời Bác năm 2020 tại xã Vũ Muộn"
EVENT_MINUTES = (
    "Đoàn thanh niên Trung tâm Y tế huyện phối hợp Đảng ủy, Ủy ban nhân dân xã Vũ Muộn tổ chức ngày hội: khám "
    "bệnh, tư vấn sức khỏe và cấp thuốc miễn phí cho người cao tuổi, gia đình chính sách, hộ nghèo; tặng quà "
    "học sinh có hoàn cảnh khó khăn; tuyên truyền phòng, chống dịch Covid-19. Cán bộ, đoàn viên, nhân dân "
    "tham gia đông đủ."
)
EVENT_EXEMPLAR_TITLE = "Đoàn thanh niên Trung tâm Y tế huyện – điển hình “Thầy thuốc trẻ làm theo lời Bác”"
EVENT_EXEMPLAR_ACHIEVEMENTS = (
    "Tổ chức “Ngày hội thầy thuốc trẻ làm theo lời Bác năm 2020” tại xã Vũ Muộn: khám, tư vấn sức khỏe và cấp "
    "thuốc miễn phí cho hàng trăm lượt người dân, tặng quà gia đình chính sách, học sinh nghèo."
)
EVENT_EXEMPLAR_STORY = (
    "Sáng sớm, các bác sĩ, điều dưỡng trẻ đã có mặt ở nhà văn hóa xã Vũ Muộn. Người cao tuổi được đo huyết áp, "
    "khám và nhận thuốc; các em nhỏ được tư vấn dinh dưỡng. “Lương y phải như từ mẫu” – lời Bác dạy được các "
    "thầy thuốc trẻ biến thành việc làm cụ thể."
)

# --- Pilot models -------------------------------------------------------------------------------

# (name, field, description, results); {place} is the commune or unit's name.
PILOTS = (
    ("Mô hình “Dân vận khéo” trong xây dựng nông thôn mới ở {place}", "Dân vận",
     "Cán bộ, đảng viên vận động nhân dân hiến đất, góp công làm đường bê tông nông thôn, nhà văn hóa thôn.",
     "Nhân dân hiến hàng nghìn mét vuông đất, làm mới nhiều ki-lô-mét đường bê tông thôn, bản."),
    ("Mô hình “Chi bộ 4 tốt” ở {place}", "Xây dựng Đảng",
     "Chi bộ lãnh đạo tốt, sinh hoạt tốt, đoàn kết tốt, phát triển kinh tế tốt.",
     "Chất lượng sinh hoạt chi bộ nâng lên; chi bộ nhiều năm liền hoàn thành tốt nhiệm vụ."),
    ("Tổ tự quản bảo vệ rừng ở {place}", "Quản lý, bảo vệ rừng",
     "Mỗi tổ 8–12 hộ nhận khoán, tuần tra rừng định kỳ, phối hợp kiểm lâm địa bàn phòng cháy rừng.",
     "Không để xảy ra cháy rừng, phá rừng trái phép trên diện tích được giao."),
    ("Mô hình “Một cửa liên thông, thân thiện” ở {place}", "Cải cách hành chính",
     "Công chức bộ phận một cửa niêm yết công khai thủ tục, hướng dẫn tận tình, trả kết quả đúng hẹn.",
     "Tỷ lệ hồ sơ giải quyết đúng và trước hạn trên 98%; người dân hài lòng."),
    ("Mô hình “Thôn, bản không có người vi phạm hành lang an toàn giao thông” ở {place}", "Trật tự an toàn giao thông",
     "Các hộ ven đường ký cam kết không lấn chiếm hành lang, tự tháo dỡ lều quán, vật kiến trúc.",
     "Hành lang an toàn giao thông trên tuyến được giải tỏa, giữ ổn định."),
    ("Mô hình “Tuyến đường hoa, đường tự quản” ở {place}", "Môi trường, nông thôn mới",
     "Đoàn thể nhận chăm sóc tuyến đường, trồng hoa, thu gom rác thải hằng tuần.",
     "Cảnh quan xanh, sạch, đẹp; nhiều tuyến đường được nhân dân tự quản."),
    ("Mô hình “Đảng viên giúp hộ nghèo thoát nghèo” ở {place}", "Giảm nghèo",
     "Mỗi đảng viên nhận giúp đỡ một hộ khó khăn về giống, vốn, kỹ thuật sản xuất.",
     "Nhiều hộ được giúp đỡ đã thoát nghèo bền vững."),
    ("Mô hình “Camera an ninh” ở {place}", "An ninh trật tự",
     "Công an phối hợp nhân dân lắp camera tại các điểm giao cắt, nơi công cộng.",
     "Góp phần phát hiện, xử lý vụ việc; trật tự an toàn xã hội ổn định."),
    ("Mô hình “Trồng cây ăn quả gắn với liên kết tiêu thụ” ở {place}", "Phát triển kinh tế",
     "Đảng viên đi đầu chuyển đổi đất kém hiệu quả sang trồng cam, quýt, mơ theo hướng hàng hóa.",
     "Thu nhập các hộ tham gia tăng rõ; sản phẩm có đầu ra ổn định."),
    ("Mô hình “Thư viện thân thiện, tủ sách Bác Hồ” ở {place}", "Giáo dục",
     "Nhà trường xây dựng góc học tập, tủ sách về Bác cho học sinh đọc và kể chuyện dưới cờ.",
     "Học sinh tích cực đọc sách; phong trào kể chuyện về Bác được duy trì hằng tuần."),
    ("Mô hình “Dòng họ, gia đình học tập” ở {place}", "Khuyến học",
     "Các dòng họ lập quỹ khuyến học, khen thưởng con cháu học giỏi.",
     "Tỷ lệ học sinh chuyên cần tăng; nhiều gia đình đạt danh hiệu gia đình học tập."),
    ("Mô hình “Phụ nữ tiết kiệm xây dựng nhà vệ sinh hợp vệ sinh” ở {place}", "Vệ sinh môi trường",
     "Hội viên góp tiết kiệm theo tổ, luân phiên hỗ trợ nhau làm nhà tiêu hợp vệ sinh.",
     "Tỷ lệ hộ có nhà tiêu hợp vệ sinh tăng nhanh."),
    ("Mô hình “Cựu chiến binh gương mẫu” ở {place}", "Xây dựng hệ thống chính trị",
     "Cựu chiến binh đi đầu hòa giải ở cơ sở, giữ gìn an ninh thôn, bản.",
     "Mâu thuẫn được hòa giải thành tại cơ sở, không để phát sinh khiếu kiện vượt cấp."),
    ("Mô hình “Ngày thứ Bảy tình nguyện” ở {place}", "Đoàn thanh niên",
     "Đoàn viên ra quân vệ sinh môi trường, giúp người già neo đơn vào thứ Bảy cuối tháng.",
     "Phong trào được duy trì đều đặn, lan tỏa tới các chi đoàn."),
    ("Mô hình “Chăn nuôi theo hướng an toàn sinh học” ở {place}", "Phát triển kinh tế",
     "Đảng viên, hội viên nông dân áp dụng chuồng trại xa nhà, tiêm phòng đầy đủ.",
     "Giảm dịch bệnh gia súc, gia cầm; thu nhập ổn định."),
    ("Mô hình “Dân hỏi – cán bộ trả lời” ở {place}", "Dân chủ cơ sở",
     "Định kỳ đối thoại giữa người đứng đầu và nhân dân, trả lời trực tiếp kiến nghị.",
     "Kiến nghị của nhân dân được giải quyết kịp thời, giảm đơn thư."),
)  # fmt: skip
STATUS_NOTES = {
    "piloting": "Đang làm điểm, theo dõi để đánh giá.",
    "effective": "Sơ kết, đánh giá có hiệu quả; đề xuất nhân rộng.",
    "replicated": "Đã nhân rộng ra các xã: {to}.",
}

# --- Exemplars ------------------------------------------------------------------------------------

# Achievements of a person, by the group of their org (cycle demo groups).
PERSON_DEEDS: dict[str, tuple[str, ...]] = {
    G_VILLAGE: (
        "Vận động nhân dân hiến đất làm đường bê tông nông thôn",
        "Đi đầu chuyển đổi cơ cấu cây trồng, giúp nhiều hộ trong thôn thoát nghèo",
        "Tích cực tham gia tuần tra, bảo vệ rừng; không để xảy ra cháy rừng trên địa bàn",
        "Hòa giải thành nhiều vụ mâu thuẫn trong thôn, giữ gìn đoàn kết",
        "Phát triển kinh tế trang trại, tạo việc làm cho lao động địa phương",
    ),
    G_TOWN: (
        "Gương mẫu chấp hành quy định trật tự xây dựng, vận động các hộ không lấn chiếm vỉa hè",
        "Vận động nhân dân tổ dân phố giữ gìn vệ sinh môi trường đô thị",
        "Kinh doanh giỏi, tích cực ủng hộ quỹ vì người nghèo",
    ),
    G_OFFICE: (
        "Giải quyết thủ tục hành chính đúng và trước hạn, tận tình hướng dẫn người dân",
        "Có sáng kiến cải tiến quy trình công việc, tiết kiệm thời gian cho người dân",
        "Gương mẫu, trách nhiệm, nói đi đôi với làm trong thực thi công vụ",
        "Thường xuyên xuống cơ sở, lắng nghe, giải quyết kịp thời kiến nghị của nhân dân",
    ),
    G_SCHOOL: (
        "Tận tụy với học sinh vùng khó khăn; nhiều năm đạt giáo viên dạy giỏi cấp huyện",
        "Vận động quyên góp sách vở, quần áo ấm cho học sinh nghèo",
        "Đổi mới phương pháp dạy học, ứng dụng công nghệ thông tin",
    ),
    G_HEALTH: (
        "Tận tình chăm sóc người bệnh, thực hiện lời dạy “Lương y phải như từ mẫu”",
        "Xung kích trong phòng, chống dịch bệnh ở cơ sở",
        "Tham gia khám, cấp thuốc miễn phí cho người nghèo vùng sâu",
    ),
    G_POLICE: (
        "Xây dựng hình ảnh người công an “vì nhân dân phục vụ”, giúp dân lúc khó khăn",
        "Tích cực đấu tranh phòng, chống tội phạm, giữ vững an ninh trật tự địa bàn",
    ),
    G_MILITARY: (
        "Gương mẫu trong huấn luyện, sẵn sàng chiến đấu; giúp dân khắc phục hậu quả thiên tai",
        "Tham gia xây dựng nhà đồng đội, nhà tình nghĩa",
    ),
    G_FOREST: (
        "Bám rừng, bám bản, phối hợp nhân dân phòng cháy, chữa cháy rừng",
        "Phát hiện, ngăn chặn kịp thời nhiều vụ khai thác lâm sản trái phép",
    ),
    G_MASS: (
        "Vận động hội viên tham gia xây dựng nông thôn mới, đóng góp ngày công",
        "Xây dựng quỹ hội, giúp hội viên vay vốn phát triển sản xuất",
        "Tổ chức nhiều hoạt động tình nguyện vì cộng đồng",
    ),
}
PERSON_TITLES = (
    "Gương điển hình học tập và làm theo Bác",
    "Người tốt, việc tốt",
    "Cá nhân điển hình tiên tiến",
    "Gương sáng làm theo lời Bác",
)
COLLECTIVE_DEEDS = (
    "Lãnh đạo hoàn thành xuất sắc nhiệm vụ chính trị; 100% đảng viên xây dựng và thực hiện tốt bản cam kết",
    "Đi đầu trong xây dựng nông thôn mới; vận động nhân dân hiến đất, góp công làm đường",
    "Tổ chức tốt việc học tập chuyên đề, sinh hoạt chi bộ có nội dung làm theo Bác",
    "Thực hiện tốt nội dung đột phá của năm; không có đảng viên vi phạm",
    "Có mô hình hay, cách làm hiệu quả được nhân rộng",
)
COLLECTIVE_TITLE = "Tập thể điển hình học tập và làm theo Bác"
PERIOD_TITLE = "Điển hình tiên tiến trong phong trào thi đua yêu nước giai đoạn 2015 – 2020"
PERIOD_DEED = (
    "Được Ủy ban nhân dân huyện biểu dương là tập thể, cá nhân điển hình tiên tiến trong phong trào thi đua "
    "yêu nước giai đoạn 2015 – 2020"
)
STORIES = (
    "Không ồn ào, {name} lặng lẽ làm những việc nhỏ mỗi ngày: {deed}. Bà con trong vùng quý mến gọi là "
    "“người của dân”.",
    "Nhắc đến {name}, ai cũng nhớ câu nói quen thuộc: “Việc gì có lợi cho dân thì phải hết sức làm”. Nhiều "
    "năm qua, {deed}.",
    "Từ bản cam kết làm theo Bác đầu năm, {name} đã biến lời hứa thành việc làm: {deed}.",
)
CONSENT_NOTES = (
    "Đã đồng ý bằng văn bản ngày nhận khen thưởng",
    "Đồng ý công khai họ tên, ảnh và câu chuyện",
    "Tập thể thống nhất công khai tại hội nghị",
)


@dataclass(frozen=True)
class Issuers:
    """Who commends, inspects and guides in an era of the demo (keyed by the era's number suffix): the
    district until 30/6/2025; from 1/7/2025, with no district level, the province of Thái Nguyên (its Ban
    Tuyên giáo và Dân vận, formed in 2025 from the propaganda and mass-mobilisation boards)."""

    praise: tuple[str, str]  # (issuer, number suffix) of the yearly praise (biểu dương)
    certificate: tuple[str, str]  # giấy khen
    merit: tuple[str, str]  # bằng khen
    team: str  # the upper level's inspection team, with {n}
    board: str  # the board that follows the campaign, as recommendations name it
    guidance: tuple[str, str]  # (issuer, number suffix) of the yearly study guidance


ISSUERS = {
    "HU": Issuers(
        praise=("Huyện ủy Bạch Thông", "-QĐ/HU"),
        certificate=("UBND huyện Bạch Thông", "/QĐ-UBND"),
        merit=("UBND tỉnh Bắc Kạn", "/QĐ-UBND"),
        team="Đoàn kiểm tra, giám sát số {n} của Ban Thường vụ Huyện ủy",
        board="Ban Tuyên giáo Huyện ủy",
        guidance=("Ban Tuyên giáo Huyện ủy Bạch Thông", "-HD/BTGHU"),
    ),
    "TU": Issuers(
        praise=("Tỉnh ủy Thái Nguyên", "-QĐ/TU"),
        certificate=("Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên", "-QĐ/BTGDVTU"),
        merit=("UBND tỉnh Thái Nguyên", "/QĐ-UBND"),
        team="Đoàn kiểm tra, giám sát số {n} của Ban Thường vụ Tỉnh ủy",
        board="Ban Tuyên giáo và Dân vận Tỉnh ủy",
        guidance=("Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên", "-HD/BTGDVTU"),
    ),
}
DISTRICT_PEOPLE = ISSUERS["HU"].certificate[0]  # the 2015–2020 decision and the 2020 event of the article

# --- Inspections -----------------------------------------------------------------------------------

COMMUNE_TEAM = "Tổ kiểm tra, giám sát của Đảng ủy {commune}"
CONTENTS = (
    "Kiểm tra việc xây dựng kế hoạch, đăng ký bản cam kết làm theo Bác và tổ chức học tập chuyên đề năm {year}",
    "Giám sát việc thực hiện nội dung đột phá và trách nhiệm nêu gương của người đứng đầu năm {year}",
    "Kiểm tra việc sinh hoạt chi bộ có nội dung làm theo Bác và việc thực hiện bản cam kết của đảng viên",
    "Giám sát việc xây dựng, nhân rộng mô hình, điển hình học tập và làm theo Bác",
)
STRENGTHS = (
    "Cấp ủy quan tâm lãnh đạo; 100% đảng viên đăng ký bản cam kết.",
    "Học tập chuyên đề nghiêm túc, có liên hệ thực tế.",
    "Có mô hình, cách làm hay gắn với nhiệm vụ chính trị của đơn vị.",
    "Người đứng đầu gương mẫu, sâu sát cơ sở.",
)
WEAKNESSES = (
    "Một số bản cam kết còn chung chung, chưa có chỉ tiêu cụ thể.",
    "Sinh hoạt chi bộ có nội dung làm theo Bác chưa đều hằng tháng.",
    "Việc sơ kết, biểu dương điển hình chưa kịp thời.",
    "Hồ sơ, biên bản học tập chuyên đề lưu trữ chưa đầy đủ.",
    "Việc tự đánh giá kết quả thực hiện cam kết còn hình thức.",
)
CONCLUSIONS = (
    "Thực hiện cơ bản tốt Chỉ thị 05-CT/TW; còn một số hạn chế cần khắc phục.",
    "Thực hiện tốt; đề nghị phát huy, nhân rộng cách làm hay.",
    "Thực hiện chưa đồng đều; cần chấn chỉnh, khắc phục ngay hạn chế.",
)
RECOMMENDATIONS = (
    "Chỉ đạo đảng viên rà soát, cụ thể hóa bản cam kết; báo cáo kết quả khắc phục bằng văn bản.",
    "Duy trì nội dung làm theo Bác trong sinh hoạt chi bộ hằng tháng; bổ sung hồ sơ, biên bản.",
    "Kịp thời biểu dương, nhân rộng điển hình; gửi danh sách về {board}.",
)
RESPONSES = (
    "Đã tổ chức hội nghị kiểm điểm, rút kinh nghiệm; đảng viên đã bổ sung chỉ tiêu cụ thể vào bản cam kết.",
    "Đã bổ sung đầy đủ biên bản, hồ sơ học tập chuyên đề; duy trì sinh hoạt chuyên đề hằng tháng.",
    "Đã biểu dương các cá nhân có việc làm tốt và gửi danh sách về {board}.",
    "Đã khắc phục các hạn chế theo kết luận của đoàn kiểm tra; có báo cáo kèm theo.",
)

# --- Documents -------------------------------------------------------------------------------------

GUIDANCE_TITLE = "Hướng dẫn học tập chuyên đề năm {year}: “{theme}”"
