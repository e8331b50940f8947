"""Synthetic commitments with planted near-identical clusters: the ground truth for ``quality.similar``.

Pure data, no Django. Every commitment is drawn from a large pool of realistic actions built by
composition (templates × subjects × villages × numbers × frequencies…), each action with its target. A
planted cluster is one source commitment and 1–5 copies of it with the edits a copier makes: punctuation,
capitals, diacritics typed away on a phone, NFD text, a number changed, two actions swapped, a short word
dropped or added, an action left out.

The truth follows the product's definition (``similar.signature`` of all actions and targets, Jaccard at
least ``similar.THRESHOLD``) and the generator checks it while drawing: every copy is near-identical to its
source (an edit that goes too far is drawn again), and no two commitments of different truth groups are
near-identical (a commitment that would be is drawn again). So the truth clusters are exactly the
connected groups of near-identical commitments, and the truth pairs exactly the near-identical pairs.
Comparisons here are written out plainly and share nothing with ``similar`` but ``signature`` and
``jaccard``.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations

from lamtheobac.quality.similar import THRESHOLD, signature
from lamtheobac.quality.text import jaccard

# Words filled into the templates.
VOCAB: dict[str, tuple[str, ...]] = {
    "subject": (
        "Toán", "Tiếng Việt", "Ngữ văn", "Tiếng Anh", "Vật lí", "Hóa học", "Lịch sử", "Địa lí", "Sinh học",
        "Tin học", "Khoa học tự nhiên", "Giáo dục công dân", "Âm nhạc", "Mĩ thuật",
    ),
    "village": (
        "Nà Pài", "Khuổi Chắp", "Bản Chang", "Đồng Tâm", "Tân Lập", "Pác Nặm", "Cốc Lùng", "Nà Lầy",
        "Phiêng Khăm", "Làng Mới", "Thượng Lâm", "Bản Vển", "Khuổi Mạ", "Đồng Bục", "Nà Mòn", "Thâm Sỉnh",
        "Lũng Vài", "Bó Củng", "Hợp Thành", "Quyết Tiến", "Yên Thịnh", "Đông Xuân", "Phú Hòa", "Bình Minh",
    ),
    "tree": (
        "bưởi Diễn", "cam sành", "keo lai", "quế", "hồi", "mít Thái", "nhãn", "vải thiều", "xoài", "chè Shan",
        "sao đen", "lát hoa", "trám đen", "mắc ca", "dổi", "sưa đỏ",
    ),
    "forest": ("keo", "quế", "hồi", "sa mộc", "lát hoa", "thông mã vĩ", "bạch đàn"),
    "crop": ("lúa", "ngô", "chè", "rau an toàn", "đậu tương", "sắn", "lạc", "dưa hấu", "khoai tây"),
    "animal": ("lợn", "gà", "trâu", "bò", "dê", "vịt", "cá", "ong", "ngan"),
    "book": (
        "Di chúc của Chủ tịch Hồ Chí Minh", "Nhật ký trong tù", "Sửa đổi lối làm việc", "Đường Kách mệnh",
        "Búp sen xanh", "Những mẩu chuyện về đời hoạt động của Hồ Chủ tịch", "Vừa đi đường vừa kể chuyện",
        "Bác Hồ viết Di chúc", "Đời sống giản dị của Bác Hồ", "Bác Hồ với thiếu nhi",
    ),
    "weekday": ("Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy"),
    "class": ("6A", "7B", "8C", "9A", "3B", "4A", "5C", "10A1", "11B2", "12C", "1A", "2B"),
    "disease": ("sốt xuất huyết", "tay chân miệng", "sởi", "bệnh lao", "bệnh dại", "cúm A", "đau mắt đỏ"),
    "hk": ("I", "II"),
    "place": (
        "sân nhà văn hóa thôn", "sân trường", "sân vận động xã", "công viên thị trấn", "bờ hồ", "sân trạm y tế",
    ),
    "software": (
        "Cổng dịch vụ công quốc gia", "ứng dụng VNeID", "ứng dụng VssID", "ứng dụng Sổ sức khỏe điện tử",
        "Cổng dịch vụ công của tỉnh",
    ),
    "fund": ("Vì người nghèo", "khuyến học", "đền ơn đáp nghĩa", "phòng chống thiên tai", "bảo trợ trẻ em"),
    "social": ("Facebook", "Zalo", "TikTok", "mạng xã hội"),
    "club": ("Hội Cựu chiến binh", "Hội Người cao tuổi", "Chi hội Phụ nữ", "Đoàn Thanh niên"),
}  # fmt: skip

Template = tuple[str, tuple[str, ...]]  # action, its possible targets

GENERAL: tuple[Template, ...] = (
    ("Đọc {n:1-5} cuốn sách về Bác, trong đó có cuốn “{book}”",
     ("Ghi chép {n:5-20} trang cảm nhận vào sổ tay", "Xong trước ngày {d}/{m}", "Kể lại cho chi bộ trong buổi sinh hoạt tháng {m}")),
    ("Tham gia đầy đủ {n:10-12} buổi sinh hoạt chi bộ [trong năm|thường kỳ hằng tháng]",
     ("Không vắng buổi nào không có lý do", "Phát biểu ý kiến ít nhất {n:2-6} lần")),
    ("Đóng đảng phí đầy đủ, đúng hạn vào ngày {n:1-10} hằng tháng",
     ("12/12 tháng đúng hạn", "Không để chi ủy phải nhắc lần nào")),
    ("Đi làm đúng giờ, không đi muộn về sớm [trong năm|cả năm|ngày nào]",
     ("Không lần nào đi muộn", "Chấm công đủ {n:240-270} ngày")),
    ("Tắt điện, quạt, điều hòa khi ra khỏi phòng [làm việc|họp]",
     ("Giảm {n:5-15}% tiền điện so với năm trước", "Kiểm tra mỗi ngày trước khi về")),
    ("Không hút thuốc lá ở [nơi làm việc|cơ quan] và nơi công cộng",
     ("Cả năm không vi phạm", "Nhắc nhở {n:2-5} người hút thuốc nơi công cộng")),
    ("Viết {n:1-3} bài thu hoạch [về phong cách làm việc của Bác|về đạo đức Hồ Chí Minh|về tiết kiệm, chống lãng phí]",
     ("Nộp chi bộ trước ngày {d}/{m}", "Bài thu hoạch đạt loại khá trở lên")),
    ("Ủng hộ quỹ {fund} {n:100-500} nghìn đồng",
     ("Nộp trong quý {n:1-4}", "Có biên nhận của Ủy ban Mặt trận Tổ quốc xã")),
    ("Không chia sẻ, bình luận tin chưa kiểm chứng trên {social}",
     ("Cả năm không vi phạm", "Báo cáo chi bộ khi gặp tin xấu độc")),
    ("Tập thể dục buổi sáng {n:3-6} buổi mỗi tuần ở {place}",
     ("Duy trì đủ {n:40-52} tuần", "Rủ thêm {n:1-3} người cùng tập")),
    ("Tham gia hiến máu tình nguyện {n:1-2} lần [trong năm|tại điểm hiến máu của huyện]",
     ("Hiến {n:250-350} ml mỗi lần", "Vận động thêm {n:1-4} người cùng hiến")),
    ("Không sử dụng điện thoại vào việc riêng trong giờ [họp|làm việc|lên lớp]",
     ("Cả năm không bị nhắc nhở", "Tắt chuông điện thoại khi họp")),
)  # fmt: skip

ROLES: dict[str, tuple[Template, ...]] = {
    "giáo viên": (
        ("Phụ đạo học sinh yếu môn {subject} {n:1-3} buổi mỗi tuần cho lớp {class}",
         ("Giảm học sinh yếu xuống dưới {n:2-10}%", "{n:80-100}% học sinh đạt trung bình trở lên")),
        ("Soạn {n:4-12} bài giảng điện tử môn {subject} [có ứng dụng công nghệ thông tin|trên phần mềm PowerPoint]",
         ("Dùng trong các tiết dạy học kỳ {hk}", "Nộp tổ chuyên môn trước ngày {d}/{m}")),
        ("Thăm gia đình {n:3-10} học sinh có hoàn cảnh khó khăn [ở thôn {village}|trong lớp chủ nhiệm]",
         ("Xong trong học kỳ {hk}", "Vận động tặng {n:3-10} bộ sách giáo khoa")),
        ("Dự giờ đồng nghiệp {n:2-4} tiết/tháng [để học hỏi kinh nghiệm|có ghi chép nhận xét vào sổ dự giờ]",
         ("Có sổ dự giờ ghi đủ nhận xét", "{n:16-40} tiết trong năm học")),
        ("Viết {n:1-2} sáng kiến kinh nghiệm về [đổi mới phương pháp dạy|dạy học phân hóa] môn {subject}",
         ("Được hội đồng khoa học nhà trường công nhận", "Nộp trước ngày {d}/{m}")),
        ("Giúp {n:2-6} em học sinh lớp {class} đọc thông viết thạo trước tháng {m}",
         ("Các em đọc đúng {n:60-90} tiếng mỗi phút", "Báo kết quả với phụ huynh mỗi tháng")),
        ("Không dạy thêm trái quy định, không thu thêm khoản nào của phụ huynh lớp {class}",
         ("Cả năm học không vi phạm", "Công khai các khoản thu tại buổi họp phụ huynh đầu năm")),
        ("Bồi dưỡng {n:2-8} học sinh giỏi môn {subject} dự thi cấp [huyện|tỉnh]",
         ("Có {n:1-4} em đạt giải", "Dạy {n:2-3} buổi/tuần từ tháng {n:9-12}")),
        ("Kể chuyện về Bác trong {n:4-10} giờ chào cờ đầu tuần cho học sinh toàn trường",
         ("Mỗi tháng ít nhất một câu chuyện", "Học sinh viết cảm nhận sau mỗi buổi")),
        ("Chấm, trả bài kiểm tra môn {subject} cho học sinh trong vòng {n:3-7} ngày",
         ("Nhập điểm lên phần mềm quản lý trường học đúng hạn", "Không để học sinh phản ánh")),
        ("Làm mới {n:2-5} bộ đồ dùng dạy học môn {subject} bằng vật liệu tái chế",
         ("Xong trước ngày {d}/{m}", "Dùng ít nhất {n:5-12} tiết trong năm học")),
    ),
    "y tế": (
        ("Khám sức khỏe định kỳ cho {n:30-150} người cao tuổi ở thôn {village} [mỗi quý|mỗi năm hai lần]",
         ("Lập sổ theo dõi huyết áp cho {n:10-40} người", "Xong đợt đầu trước tháng {m}")),
        ("Tư vấn tiêm chủng đầy đủ cho {n:20-120} trẻ em dưới 5 tuổi [trong xã|ở thôn {village}]",
         ("Tỷ lệ tiêm đủ mũi đạt {n:90-100}%", "Không bỏ sót trẻ nào trong danh sách")),
        ("Hướng dẫn {n:30-200} hộ gia đình cách phòng chống {disease} [trước mùa mưa|trong quý {n:1-4}]",
         ("Phát {n:100-400} tờ rơi", "Không để dịch lan ra ngoài thôn")),
        ("Trực cấp cứu đúng giờ, không rời vị trí trong {n:4-10} ca trực đêm mỗi tháng",
         ("Không để sót ca cấp cứu nào", "Bàn giao ca đầy đủ vào sổ")),
        ("Cập nhật hồ sơ sức khỏe điện tử cho {n:50-300} người dân mỗi tháng [trên phần mềm|vào hệ thống] của trạm y tế",
         ("Hết năm {n:70-100}% dân số có hồ sơ", "Không để sai sót thông tin")),
        ("Niềm nở, ân cần với người bệnh, không nhận phong bì [của người bệnh|dưới mọi hình thức]",
         ("Không có phản ánh nào về thái độ phục vụ", "{n:90-100}% người bệnh hài lòng")),
        ("Đến khám tận nhà cho {n:3-15} người bệnh nằm liệt giường ở thôn {village}",
         ("Mỗi người {n:1-2} lần mỗi tháng", "Ghi đủ vào sổ quản lý bệnh nhân")),
        ("Phun hóa chất diệt muỗi cho {n:50-300} hộ ở thôn {village} [sau mỗi ca bệnh|trong tháng {m}]",
         ("Không để phát sinh ổ dịch mới", "Xử lý ổ dịch trong {n:24-48} giờ")),
        ("Tổ chức {n:2-6} buổi truyền thông về an toàn thực phẩm tại chợ xã",
         ("Mỗi buổi có {n:30-80} người dự", "Không để xảy ra ngộ độc thực phẩm")),
    ),
    "cán bộ xã": (
        ("Vận động {n:10-60} hộ ở thôn {village} tham gia bảo hiểm y tế [hộ gia đình|tự nguyện]",
         ("Tỷ lệ tham gia của thôn đạt {n:90-100}%", "Xong trước ngày {d}/{m}")),
        ("Giải quyết hồ sơ hành chính của người dân đúng hạn, không để tồn đọng quá {n:2-5} ngày",
         ("100% hồ sơ trả đúng hẹn", "Không có đơn thư phản ánh về thái độ")),
        ("Tiếp công dân vào sáng thứ {weekday} hằng tuần tại trụ sở Ủy ban nhân dân xã",
         ("Trả lời {n:90-100}% kiến nghị trong {n:5-15} ngày", "Ghi đủ sổ tiếp công dân")),
        ("Hướng dẫn {n:20-100} người dân nộp hồ sơ trực tuyến trên {software}",
         ("{n:50-80}% hồ sơ của bộ phận được nộp trực tuyến", "Xong trong quý {n:1-4}")),
        ("Xuống thôn {village} nắm tình hình dân cư ít nhất {n:2-4} lần mỗi tháng",
         ("Báo cáo Đảng ủy kết quả hằng quý", "Giải quyết dứt điểm {n:3-10} kiến nghị của dân")),
        ("Hướng dẫn {n:5-20} hộ nghèo thôn {village} làm hồ sơ vay vốn Ngân hàng Chính sách xã hội",
         ("Có {n:3-10} hộ được vay vốn trong năm", "Giảm {n:2-6} hộ nghèo cuối năm")),
        ("Không sử dụng xe công, tài sản công vào việc riêng",
         ("Cả năm không vi phạm", "Ghi sổ theo dõi xe đầy đủ")),
        ("Số hóa {n:200-1000} hồ sơ hộ tịch của xã trên phần mềm [dùng chung|của tỉnh]",
         ("Xong trước ngày {d}/{m}", "Không sai sót dữ liệu nào")),
        ("Đôn đốc thu thuế sử dụng đất phi nông nghiệp của {n:50-200} hộ ở thôn {village}",
         ("Thu đạt {n:95-100}% kế hoạch", "Xong trong quý {n:2-4}")),
    ),
    "nông dân": (
        ("Trồng {n:20-300} cây {tree} ở vườn nhà trước tháng {m}",
         ("Cây sống trên {n:85-98}%", "Thu bói vụ đầu vào năm sau")),
        ("Áp dụng kỹ thuật tưới nhỏ giọt cho {n:2-10} sào {crop}",
         ("Năng suất tăng {n:10-25}% so với năm trước", "Hướng dẫn lại cho {n:2-5} hộ lân cận")),
        ("Chuyển đổi {n:2-8} sào ruộng trũng sang mô hình lúa kết hợp nuôi cá",
         ("Thu nhập tăng {n:10-40} triệu đồng mỗi năm", "Xong trước vụ mùa tháng {n:5-7}")),
        ("Phun khử trùng chuồng trại {n:1-4} lần mỗi tháng để phòng dịch cho đàn {animal}",
         ("Đàn {animal} không bị dịch bệnh", "Tiêm phòng đủ {n:2-3} mũi vắc xin")),
        ("Không đốt rơm rạ sau thu hoạch, ủ làm phân hữu cơ bón cho {crop}",
         ("Ủ được {n:1-5} tấn phân mỗi vụ", "Vận động {n:3-10} hộ cùng làm")),
        ("Hướng dẫn {n:2-8} hộ nghèo trong thôn cách chăm sóc {animal} để thoát nghèo",
         ("Có {n:1-4} hộ thoát nghèo cuối năm", "Thăm các hộ {n:1-2} lần mỗi tháng")),
        ("Góp {n:5-20} ngày công làm đường bê tông [liên thôn|nội đồng] {village}",
         ("Hoàn thành trước ngày {d}/{m}", "Hiến {n:20-200} mét vuông đất làm đường")),
        ("Trồng {n:1-5} héc ta rừng {forest} trên đất đồi của gia đình",
         ("Trồng xong trong vụ xuân tháng {n:2-4}", "Không đốt nương làm rẫy")),
        ("Nuôi {n:5-40} đàn ong lấy mật ở vườn {tree}",
         ("Thu {n:50-300} lít mật mỗi năm", "Bán qua hợp tác xã của xã")),
        ("Sử dụng phân bón hữu cơ cho {n:2-10} sào {crop} theo tiêu chuẩn VietGAP",
         ("Được cấp giấy chứng nhận trước tháng {m}", "Không dùng thuốc trừ sâu cấm")),
    ),
    "công an": (
        ("Tuần tra bảo đảm an ninh trật tự thôn {village} {n:2-4} đêm mỗi tuần",
         ("Không để xảy ra trộm cắp tài sản", "Ghi nhật ký tuần tra đầy đủ")),
        ("Tuyên truyền pháp luật về phòng chống ma túy cho {n:50-300} lượt thanh niên",
         ("Tổ chức {n:3-8} buổi tại nhà văn hóa", "Không để phát sinh người nghiện mới")),
        ("Cập nhật {n:20-100} hồ sơ cư trú trên hệ thống mỗi tháng, nắm chắc nhân khẩu thôn {village}",
         ("Dữ liệu đúng, đủ, sạch, sống {n:95-100}%", "Kích hoạt {n:100-500} tài khoản định danh điện tử")),
        ("Giải quyết tin báo, tố giác tội phạm trong vòng {n:3-10} ngày",
         ("Không để tồn đọng tin báo nào", "Báo cáo kết quả hằng tháng")),
        ("Vận động người dân giao nộp {n:1-10} khẩu súng tự chế, vật liệu nổ",
         ("Xong trước ngày {d}/{m}", "Không để xảy ra vụ việc nào do vũ khí gây ra")),
        ("Kiểm tra phòng cháy chữa cháy tại {n:5-30} cơ sở kinh doanh trong quý {n:1-4}",
         ("Lập biên bản kiểm tra tất cả cơ sở", "Không để xảy ra cháy nổ")),
        ("Hướng dẫn {n:50-300} người dân thôn {village} kích hoạt tài khoản định danh điện tử mức 2",
         ("Xong trước tháng {m}", "Không để người dân phải đi lại nhiều lần")),
        ("Tuyên truyền an toàn giao thông cho {n:100-600} học sinh trường [tiểu học|trung học cơ sở] của xã",
         ("{n:95-100}% học sinh đội mũ bảo hiểm khi ngồi xe máy", "Tổ chức {n:2-4} buổi trong năm học")),
    ),
    "hưu trí": (
        ("Tham gia tổ hòa giải thôn {village}, hòa giải thành {n:2-8} vụ việc trong năm",
         ("Không để mâu thuẫn kéo dài thành đơn thư", "Báo cáo chi bộ hằng quý")),
        ("Kể chuyện về Bác cho thiếu nhi thôn {village} vào dịp hè, {n:3-8} buổi",
         ("Mỗi buổi có {n:15-40} cháu tham gia", "Xong trước ngày {n:15-31}/8")),
        ("Vận động con cháu không tổ chức cưới, tang linh đình, không mời quá {n:100-300} khách",
         ("Gia đình được công nhận gia đình văn hóa", "Không để con cháu vi phạm")),
        ("Tham gia quét dọn đường làng vào sáng Chủ nhật [hằng tuần|cuối tháng] cùng {club}",
         ("Đủ {n:12-52} buổi trong năm", "Trồng {n:20-100} mét hàng rào xanh")),
        ("Dạy chữ cho {n:3-12} người lớn tuổi chưa biết đọc, biết viết ở thôn {village}",
         ("{n:2-10} người đọc được báo", "Lớp học {n:2-3} tối mỗi tuần")),
        ("Kể lại truyền thống cách mạng của thôn {village} cho {n:20-80} đoàn viên thanh niên",
         ("Tổ chức {n:1-3} buổi vào dịp 22/12", "Ghi lại thành tập tư liệu của thôn")),
        ("Sáng tác {n:2-10} bài thơ về Bác [cùng câu lạc bộ thơ của xã|gửi bản tin của huyện]",
         ("Đăng được {n:1-3} bài trên bản tin xã", "Đọc thơ trong buổi sinh hoạt chi bộ tháng {m}")),
        ("Chăm sóc vườn cây tự quản {n:100-500} mét vuông ở nhà văn hóa thôn {village}",
         ("Tưới cây {n:2-4} lần mỗi tuần vào mùa khô", "Không để cây chết")),
    ),
}  # fmt: skip

# Short words a copier drops (among the short words of the text) or adds.
# Short words a copier drops, or adds where they read naturally: before the action, before its first number,
# after it.
DROPPED_WORDS = ("về", "ở", "tại", "cho", "trong", "để", "của", "và", "mỗi", "hằng", "các")
ADDED_BEFORE = ("Luôn", "Chủ động", "Tích cực", "Cố gắng")
ADDED_BEFORE_NUMBER = ("ít nhất", "từ", "khoảng", "đủ")
ADDED_AFTER = ("đầy đủ", "nghiêm túc", "trong năm", "cả năm", "nữa")

_CHOICE = re.compile(r"\[([^\[\]]+)\]")
_SLOT = re.compile(r"\{(\w+)(?::(\d+)-(\d+))?\}")
_NUMBER = re.compile(r"\d+")


def pool_size() -> int:
    """How many templates the pool is built from (all roles and the general ones)."""
    return len(GENERAL) + sum(len(t) for t in ROLES.values())


def _fill(rng: random.Random, template: str, pad: bool) -> str:
    template = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), template)

    def slot(m: re.Match) -> str:
        name, low, high = m.groups()
        if name == "n":
            value = rng.randint(int(low), int(high))
            return f"{value:02d}" if pad and value < 10 else str(value)
        if name == "d":
            return str(rng.randint(1, 28))
        if name == "m":
            return str(rng.randint(1, 12))
        return rng.choice(VOCAB[name])

    return _SLOT.sub(slot, template)


Commitment = list[tuple[str, str]]  # (action, target) pairs, in order


def draw_commitment(rng: random.Random) -> Commitment:
    """One commitment: a role, 3–7 actions of that role's and the general templates, each with a target."""
    role = rng.choice(sorted(ROLES))
    size = rng.randint(3, 7)
    general = rng.randint(1, min(3, size - 1))
    own = min(size - general, len(ROLES[role]))
    chosen = rng.sample(ROLES[role], own) + rng.sample(GENERAL, general)
    rng.shuffle(chosen)
    pad = rng.random() < 0.3  # "Đọc 02 cuốn sách": some write small numbers with a leading zero
    return [(_fill(rng, action, pad), _fill(rng, rng.choice(targets), pad)) for action, targets in chosen]


def texts_of(commitment: Commitment) -> list[str]:
    return [text for pair in commitment for text in pair]


# The edits a copier makes. Cosmetic ones leave the signature as it is; content ones change it a little.


def strip_marks(text: str) -> str:
    """The text typed without diacritics, capitals kept."""
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", text.replace("đ", "d").replace("Đ", "D"))


def _map_texts(c: Commitment, f) -> Commitment:
    return [(f(a), f(t)) for a, t in c]


def _punctuation(rng: random.Random, c: Commitment) -> Commitment:
    def one(text: str) -> str:
        choice = rng.randrange(5)
        if choice == 0:
            return text.rstrip(".;") + "."
        if choice == 1:
            return text.rstrip(".;") + ";"
        if choice == 2:
            return text.replace(", ", " - ")
        if choice == 3:
            return "- " + text
        return text.replace(", ", "; ").replace("“", '"').replace("”", '"')

    return _map_texts(c, one)


def _capitals(rng: random.Random, c: Commitment) -> Commitment:
    mode = rng.randrange(4)
    if mode == 0:
        return _map_texts(c, str.upper)
    if mode == 1:
        return _map_texts(c, str.lower)
    if mode == 2:
        return _map_texts(c, lambda t: t[:1].lower() + t[1:])
    return [(a.upper(), t) for a, t in c]  # actions in capitals, as a heading


def _spaces(rng: random.Random, c: Commitment) -> Commitment:
    """A double space here and there, a space left at the end."""

    def one(text: str) -> str:
        if rng.random() < 0.5:
            return text
        at = rng.randrange(max(1, text.count(" ")))
        return text.replace(" ", "\0", at).replace(" ", "  ", 1).replace("\0", " ") + " " * rng.randint(0, 1)

    return _map_texts(c, one)


def _zeros(rng: random.Random, c: Commitment) -> Commitment:
    def one(text: str) -> str:
        return _NUMBER.sub(
            lambda m: f"0{m.group(0)}" if len(m.group(0)) == 1 else m.group(0).lstrip("0") or "0", text
        )

    return _map_texts(c, one)


def _opening(rng: random.Random, c: Commitment) -> Commitment:
    (action, target), *rest = c
    opening = rng.choice(("Tôi cam kết ", "Tôi xin cam kết ", "Bản thân "))
    return [(opening + action[:1].lower() + action[1:], target), *rest]


def _swap(rng: random.Random, c: Commitment) -> Commitment:
    c = list(c)
    i, j = rng.sample(range(len(c)), 2)
    c[i], c[j] = c[j], c[i]
    return c


def _replace_text(rng: random.Random, c: Commitment, change) -> Commitment | None:
    """``change`` applied to one text of ``c`` that it can change, or None."""
    places = [(i, k) for i in range(len(c)) for k in range(2)]
    rng.shuffle(places)
    for i, k in places:
        changed = change(c[i][k])
        if changed is not None and changed != c[i][k]:
            pair = list(c[i])
            pair[k] = changed
            return [*c[:i], tuple(pair), *c[i + 1 :]]
    return None


def _number(rng: random.Random, c: Commitment) -> Commitment | None:
    def one(text: str) -> str | None:
        found = list(_NUMBER.finditer(text))
        if not found:
            return None
        m = rng.choice(found)
        value = int(m.group(0))
        new = max(1, value + rng.choice((-3, -2, -1, 1, 2, 3, 5, 10)))
        if new == value:
            new = value + 1
        return text[: m.start()] + str(new) + text[m.end() :]

    return _replace_text(rng, c, one)


def _drop_word(rng: random.Random, c: Commitment) -> Commitment | None:
    def one(text: str) -> str | None:
        words = text.split(" ")
        droppable = [i for i, w in enumerate(words) if i > 0 and w.lower() in DROPPED_WORDS]
        if len(words) < 5 or not droppable:
            return None
        del words[rng.choice(droppable)]
        return " ".join(words)

    return _replace_text(rng, c, one)


def _add_word(rng: random.Random, c: Commitment) -> Commitment | None:
    def one(text: str) -> str | None:
        if not text:
            return None
        where = rng.randrange(3)
        number = _NUMBER.search(text)
        if where == 0:
            return f"{rng.choice(ADDED_BEFORE)} {text[:1].lower()}{text[1:]}"
        if where == 1 and number and number.start() > 0:
            return f"{text[: number.start()]}{rng.choice(ADDED_BEFORE_NUMBER)} {text[number.start() :]}"
        return f"{text.rstrip('.;')} {rng.choice(ADDED_AFTER)}"

    return _replace_text(rng, c, one)


def _drop_action(rng: random.Random, c: Commitment) -> Commitment | None:
    if len(c) < 5:
        return None
    c = list(c)
    del c[rng.randrange(len(c))]
    return c


COSMETIC = (_punctuation, _capitals, _spaces, _zeros, _opening, _swap)
CONTENT = (_number, _number, _drop_word, _add_word, _drop_action)


def copy_of(rng: random.Random, source: Commitment) -> Commitment:
    """A copy with 0–3 content edits and 0–3 cosmetic ones (at least one edit), perhaps typed without
    diacritics or in NFD. Not checked here: see ``planted_org``."""
    c: Commitment = list(source)
    content = rng.choice((0, 1, 1, 1, 2, 2, 3))
    for edit in rng.sample(CONTENT, content):
        c = edit(rng, c) or c
    cosmetic = rng.randint(0 if content else 1, 3)
    for edit in rng.sample(COSMETIC, cosmetic):
        c = edit(rng, c)
    if rng.random() < 0.25:
        c = _map_texts(c, strip_marks)
    if rng.random() < 0.2:
        c = _map_texts(c, lambda t: unicodedata.normalize("NFD", t))
    return c


def cosmetic_copy(rng: random.Random, source: Commitment) -> Commitment:
    """A copy whose signature is the source's: what ``copy_of`` falls back to."""
    c = _capitals(rng, _swap(rng, source))
    return _map_texts(c, strip_marks) if rng.random() < 0.5 else c


@dataclass
class PlantedOrg:
    texts: dict[int, list[str]]  # key → the commitment's actions and targets, in order
    clusters: list[set[int]]  # the planted clusters (source and copies), each of 2 or more keys
    pairs: set[tuple[int, int]] = field(default_factory=set)  # every near-identical pair (smaller, larger)
    sources: dict[int, int] = field(default_factory=dict)  # copy → its source

    def signatures(self) -> dict[int, frozenset[str]]:
        return {k: signature(t) for k, t in self.texts.items()}


class _Bits:
    """Shingle sets as Python ints, one bit a shingle: their overlaps counted much faster than frozensets'."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def __call__(self, sig: frozenset[str]) -> int:
        bits = 0
        for s in sig:
            bits |= 1 << self.numbers.setdefault(s, len(self.numbers))
        return bits


def _near(bits: int, size: int, other_bits: int, other_size: int) -> bool:
    """``jaccard(sig, other) >= THRESHOLD`` on the bits, with the same arithmetic as ``jaccard``."""
    common = (bits & other_bits).bit_count()
    return common / (size + other_size - common) >= THRESHOLD


class _Drawn:
    """The commitments drawn so far, with their truth group, checked as they come."""

    def __init__(self) -> None:
        self.sigs: list[frozenset[str]] = []
        self.groups: list[int] = []
        self.commitments: list[Commitment] = []
        self.bits: list[int] = []
        self.sizes: list[int] = []
        self.to_bits = _Bits()

    def clashes(self, sig: frozenset[str], group: int) -> bool:
        """Whether ``sig`` is empty or near-identical to a commitment of another group."""
        if not sig:
            return True
        size, bits = len(sig), self.to_bits(sig)
        low, high = THRESHOLD * size, size / THRESHOLD  # Jaccard ≥ t needs sizes within a factor t
        groups, sizes = self.groups, self.sizes
        for i, other in enumerate(self.bits):
            n = sizes[i]
            if low <= n <= high and groups[i] != group:
                common = (bits & other).bit_count()
                if common / (size + n - common) >= THRESHOLD:  # as ``jaccard`` computes it
                    assert jaccard(sig, self.sigs[i]) >= THRESHOLD
                    return True
        return False

    def add(self, commitment: Commitment, sig: frozenset[str], group: int) -> int:
        self.commitments.append(commitment)
        self.sigs.append(sig)
        self.groups.append(group)
        self.bits.append(self.to_bits(sig))
        self.sizes.append(len(sig))
        return len(self.sigs) - 1


def planted_org(seed: int, size: int, clusters: int | None = None) -> PlantedOrg:
    """``size`` commitments of which ``clusters`` planted clusters (about one in ten by default) of a source
    and 1–5 copies each; the rest drawn independently. Keys are distinct ints in random order."""
    rng = random.Random(seed)
    if clusters is None:
        clusters = rng.randint(0, max(1, size // 8)) if size < 40 else round(size / 10)
    copies = [rng.randint(1, 5) for _ in range(clusters)]
    while clusters and sum(copies) + clusters > size:  # a small org: fewer copies
        i = max(range(clusters), key=copies.__getitem__)
        if copies[i] == 1:
            copies.pop(i)
            clusters -= 1
        else:
            copies[i] -= 1
    drawn = _Drawn()
    # Sources and independent commitments first, each its own group.
    for group in range(size - sum(copies)):
        while True:
            c = draw_commitment(rng)
            sig = signature(texts_of(c))
            if not drawn.clashes(sig, group):
                break
        drawn.add(c, sig, group)
    sources: dict[int, int] = {}
    for group, n in enumerate(copies):  # the first ``clusters`` commitments are the sources
        source = drawn.commitments[group]
        for _ in range(n):
            for attempt in range(50):
                c = copy_of(rng, source) if attempt < 49 else cosmetic_copy(rng, source)
                sig = signature(texts_of(c))
                if jaccard(sig, drawn.sigs[group]) >= THRESHOLD and not drawn.clashes(sig, group):
                    break
            else:  # pragma: no cover - the cosmetic copy has the source's signature
                raise AssertionError("no copy found")
            sources[drawn.add(c, sig, group)] = group

    keys = rng.sample(range(1, 20 * size + 1), size)
    texts = {keys[i]: texts_of(c) for i, c in enumerate(drawn.commitments)}
    members: dict[int, set[int]] = {}
    for i, g in enumerate(drawn.groups):
        members.setdefault(g, set()).add(keys[i])
    planted = [members[g] for g in range(clusters)]
    org = PlantedOrg(texts, planted, sources={keys[i]: keys[s] for i, s in sources.items()})
    # Every near-identical pair lies inside one planted cluster (checked while drawing): list them.
    for cluster in planted:
        for a, b in combinations(sorted(cluster), 2):
            if jaccard(signature(texts[a]), signature(texts[b])) >= THRESHOLD:
                org.pairs.add((a, b))
    check(org)
    return org


def all_pairs(sigs: dict[int, frozenset[str]]) -> set[tuple[int, int]]:
    """Every near-identical pair of ``sigs``, exactly, by prefix filtering: with the shingles of each set in
    one global order (rarest first), two sets with Jaccard at least t share a shingle among the first
    ``|x| - ceil(t·|x|) + 1`` of each. Independent of ``similar`` and much faster than every pair."""
    ratio = Fraction(THRESHOLD).limit_denominator(1000)
    counts: Counter[str] = Counter(s for sig in sigs.values() for s in sig)
    index: dict[str, list[int]] = {}
    candidates: set[tuple[int, int]] = set()
    for key in sorted(sigs):
        ordered = sorted(sigs[key], key=lambda s: (counts[s], s))
        prefix = len(ordered) - math.ceil(ratio * len(ordered)) + 1
        for s in ordered[:prefix]:
            for other in index.get(s, ()):
                candidates.add((other, key))
            index.setdefault(s, []).append(key)
    to_bits = _Bits()
    bits = {k: to_bits(v) for k, v in sigs.items()}
    near = {(a, b) for a, b in candidates if _near(bits[a], len(sigs[a]), bits[b], len(sigs[b]))}
    assert all(jaccard(sigs[a], sigs[b]) >= THRESHOLD for a, b in near)
    return near


def check(org: PlantedOrg) -> None:
    """The truth is consistent with the definition: each copy is near-identical to its source, clusters are
    disjoint, every commitment has text, and the near-identical pairs are exactly the truth pairs (so none
    crosses two truth groups)."""
    sigs = org.signatures()
    for copy, source in org.sources.items():
        assert jaccard(sigs[copy], sigs[source]) >= THRESHOLD, (copy, source)
    seen: set[int] = set()
    for cluster in org.clusters:
        assert len(cluster) >= 2 and not cluster & seen
        seen |= cluster
    assert all(sigs.values()), "every commitment has text"
    assert all_pairs(sigs) == org.pairs


def planted_orgs(seed: int, count: int, sizes: tuple[int, int] = (5, 60)) -> list[PlantedOrg]:
    """``count`` orgs of random sizes within ``sizes``, each from its own seed."""
    rng = random.Random(seed)
    return [planted_org(rng.randrange(2**32), rng.randint(*sizes)) for _ in range(count)]
