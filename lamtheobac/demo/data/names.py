"""Vietnamese name parts for generated people, weighted for Bắc Kạn (mostly Tày, Nùng, Dao and Kinh).

Data only. Every string is NFC with full diacritics. Weights are relative, not percentages.
"""

from __future__ import annotations

# Family names: Tày and Nùng families (Hoàng, Nông, Triệu, Ma, Bế, Lộc…) dominate in Bạch Thông,
# with the common Kinh families next.
FAMILY_NAMES: tuple[tuple[str, int], ...] = (
    ("Hoàng", 140),
    ("Nông", 100),
    ("Nguyễn", 90),
    ("Hà", 70),
    ("Triệu", 60),
    ("Ma", 50),
    ("Dương", 40),
    ("Lý", 40),
    ("Bế", 30),
    ("Lộc", 30),
    ("Đặng", 28),
    ("Trần", 28),
    ("Đàm", 20),
    ("Lưu", 20),
    ("Lục", 20),
    ("Chu", 18),
    ("Hứa", 15),
    ("Lê", 15),
    ("Phạm", 15),
    ("Mông", 12),
    ("La", 10),
    ("Lăng", 10),
    ("Lường", 8),
    ("Vi", 8),
    ("Vũ", 8),
    ("Đinh", 6),
    ("Bàn", 6),
    ("Đỗ", 5),
)

# Middle names: (name, weight for people born before MIDDLE_NAME_CUTOFF, weight for those born from it on).
# "Văn" and "Thị" were near-universal for older generations and much less so for younger ones.
MIDDLE_NAME_CUTOFF = 1980

MALE_MIDDLE_NAMES: tuple[tuple[str, int, int], ...] = (
    ("Văn", 70, 40),
    ("Đức", 6, 10),
    ("Minh", 4, 10),
    ("Quang", 3, 6),
    ("Thanh", 3, 5),
    ("Công", 3, 5),
    ("Hữu", 3, 4),
    ("Xuân", 3, 4),
    ("Trung", 2, 4),
    ("Ngọc", 2, 3),
    ("Mạnh", 1, 4),
    ("Tiến", 1, 3),
)

FEMALE_MIDDLE_NAMES: tuple[tuple[str, int, int], ...] = (
    ("Thị", 80, 50),
    ("Thu", 3, 8),
    ("Thanh", 3, 6),
    ("Ngọc", 2, 6),
    ("Hồng", 3, 5),
    ("Kim", 3, 4),
    ("Minh", 1, 5),
    ("Phương", 1, 4),
    ("Hoài", 1, 3),
    ("Thúy", 1, 3),
    ("Bích", 2, 2),
    ("Diệu", 0, 2),
)

# A second middle name after "Thị" ("Hoàng Thị Thu Hà"), used for some younger women.
FEMALE_SECOND_MIDDLE_NAMES: tuple[str, ...] = ("Thu", "Thanh", "Ngọc", "Hồng", "Minh", "Kim", "Phương")

MALE_GIVEN_NAMES: tuple[str, ...] = (
    "An", "Bình", "Chiến", "Chung", "Cường", "Dũng", "Duy", "Đạt", "Điệp", "Định", "Đông", "Giang",
    "Hà", "Hải", "Hậu", "Hiếu", "Hoan", "Hòa", "Hội", "Hùng", "Hưng", "Huy", "Khánh", "Khoa", "Kiên",
    "Lâm", "Long", "Lợi", "Luân", "Lực", "Mạnh", "Minh", "Nam", "Nghĩa", "Ngọc", "Nhân", "Pháp",
    "Phong", "Phúc", "Phương", "Quân", "Quang", "Quyết", "Sinh", "Sơn", "Tài", "Tâm", "Thái", "Thắng",
    "Thành", "Thịnh", "Thuận", "Tiến", "Toàn", "Trí", "Trọng", "Trung", "Tú", "Tuấn", "Tùng",
    "Tuyên", "Việt", "Vinh", "Vượng", "Xuân",
)  # fmt: skip

FEMALE_GIVEN_NAMES: tuple[str, ...] = (
    "Anh", "Ánh", "Bích", "Chinh", "Chuyên", "Diệp", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng",
    "Hiền", "Hoa", "Hòa", "Hồng", "Huệ", "Hương", "Hường", "Huyền", "Lan", "Lệ", "Liên", "Linh",
    "Loan", "Lụa", "Ly", "Mai", "Mến", "Nga", "Ngân", "Nguyệt", "Nhàn", "Nhung", "Oanh", "Phương",
    "Phượng", "Quyên", "Quỳnh", "Sen", "Tâm", "Thảo", "Thắm", "Thơm", "Thu", "Thủy", "Thúy", "Trang",
    "Tuyền", "Tuyết", "Tươi", "Vân", "Xuân", "Yến",
)  # fmt: skip

# Real people named in the source article (a commune secretary, a district leader, the journalist).
# The generator must never produce these names, alone or as the end of a longer name.
REAL_PEOPLE: tuple[str, ...] = ("Hoàng Văn Trí", "Nguyễn Thanh Hà", "Thanh Tuyền")
