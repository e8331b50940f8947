"""The quality checks at the size they are meant for, measured side by side in one run.

    python bench/quality.py [--db sqlite|postgres] [--people 300000 | --quick] [--profile] [--json PATH]

Sets up a throwaway database of its own (a SQLite file in a temporary folder, or a PostgreSQL database
created on 127.0.0.1:5432 as user postgres and dropped at the end), migrates it, builds the data in bulk
(``executemany`` in one transaction on SQLite, ``COPY`` on PostgreSQL) and, with DEBUG off, measures:

1. **The check while typing**: a cell of 500 members (and a few sibling cells), each with a filed
   commitment of 5 actions this year and last year; one member, whose commitment is still a draft, types
   ~50 actions (copies of colleagues', last year's own, vague, new). Timed: ``checks.record_findings``
   alone and the whole view (``quality:check``, POST through the Django test client, logged in as that
   member): p50/p95 warm, the first call of the process noted, and per call with the text caches emptied.
   Measured on the small database, then again once the province below is loaded. Target: ≤ 50 ms.
2. **The province**: ``--people`` commitments filed this year (default 300,000) and the same people's
   commitments of the year before (counted apart; ``--no-previous`` leaves them out), in a tree like a
   province (province → 10 districts → communes → cells of 5–60 people, ≈ 15,000 orgs), with common
   actions shared province-wide, planted clusters of near-copies in cells, vague actions and
   commitments copied from last year. Timed, each in a fresh process of its own so that its peak memory
   and its caches are its own: ``services.refresh_all()`` end to end (read, compute, write
   ``RecordQuality``); the same steps one by one (read, then the pure computation split by what it
   does, then the write); with ``--profile``, ``refresh_all`` under cProfile (top 15 by cumulative
   time, and by own time). Target: ≤ 60 s for 300,000 commitments on one core.

Prints a table of the figures and the machine; ``--json`` writes them too.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from string import Formatter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Production settings: with DEBUG on, Django keeps and formats every statement it runs.
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-only")

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
TYPING_CELL = 500
SIBLING_CELLS = (30, 45, 20)
ACTIONS_PER_RECORD = 5
DISTRICTS = 10
QUICK_PEOPLE = 30_000

# --- Words ------------------------------------------------------------------------------------

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Hà", "Lục", "Triệu", "Nông", "Ma", "Đinh", "Bế", "Lường",
            "Hứa", "Lý", "Đàm", "Vi", "Sầm"]  # fmt: skip
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Hồng", "Quang", "Ngọc", "Thanh", "Xuân"]
GIVEN = ["Bình", "Mai", "Hùng", "Lan", "Tuấn", "Hoa", "Dũng", "Hương", "Sơn", "Thảo", "Khoa", "Nhung", "Vàng",
         "Chiến", "Thắng", "Quyên", "Pản", "Sình", "Diệp", "Tâm"]  # fmt: skip
VILLAGES = ["Nà Pài", "Khuổi Coóng", "Bản Cáu", "Nà Hin", "Phja Đén", "Cốc Phấy", "Nà Vài", "Pác Ngòi",
            "Bản Chang", "Khuổi Tẩu", "Nà Mòn", "Bó Lếch", "Tổng Chảo", "Nà Ngăm", "Cốc Sâu", "Nà Cà",
            "Bản Piềng", "Đông Xá", "Yên Thịnh", "Đồng Tâm", "Tân Tiến", "Hợp Thành", "Quang Trung",
            "Phiêng Phàng", "Khau Vạc", "Thôm Mò", "Lủng Vài", "Pù Mắt", "Nặm Dất", "Nà Lẹng", "Khuổi Khí",
            "Bản Lạn", "Nà Đon", "Pác Nặm", "Cốc Lùng", "Nà Khu", "Tà Han", "Bản Mới", "Nà Hiu", "Vằng Kheo"]  # fmt: skip
DISTRICT_NAMES = ["Bạch Thông", "Chợ Đồn", "Ngân Sơn", "Ba Bể", "Pác Nặm", "Na Rì", "Chợ Mới", "Định Hóa",
                  "Bảo Lạc", "Nguyên Bình", "Hà Quảng", "Trùng Khánh"]  # fmt: skip
AGENCIES = ["Phòng Tài chính - Kế hoạch", "Phòng Giáo dục và Đào tạo", "Trung tâm Y tế", "Hạt Kiểm lâm",
            "Phòng Nông nghiệp", "Công an huyện", "Trường THPT", "Ban Quản lý dự án"]  # fmt: skip
SUBJECTS = ["Toán", "Tiếng Việt", "Tiếng Anh", "Ngữ văn", "Vật lý", "Tin học"]
TOPICS = ["phòng chống tham nhũng", "chuyển đổi số", "xây dựng nông thôn mới", "an toàn giao thông",
          "phòng chống ma túy", "bảo vệ rừng", "tấm gương đạo đức Hồ Chí Minh"]  # fmt: skip
DATA = ["hộ nghèo", "dân số", "đất đai", "bảo hiểm y tế", "tiêm chủng", "đảng viên"]
LANGS = ["Tày", "Nùng", "Dao", "Mông"]
WEEKDAYS = ["Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy"]

# Concrete actions, written the way members write them: a number, a place, a frequency or a deadline.
CONCRETE = [
    "Đọc {n} cuốn sách về Chủ tịch Hồ Chí Minh, viết thu hoạch trước {day}/{month}",
    "Phụ đạo học sinh yếu môn {subject} lớp {grade}A{cls} {n} buổi/tuần",
    "Trồng {big} cây keo tại {place} trước tháng {month}",
    "Vận động {n} hộ ở {place} tham gia bảo hiểm y tế tự nguyện",
    "Tiếp công dân sáng thứ {weekday} hằng tuần tại trụ sở xã",
    "Giải quyết {pct}% hồ sơ thủ tục hành chính đúng hạn, không để hồ sơ trễ hẹn",
    "Dọn vệ sinh đường làng {place} vào sáng Chủ nhật cuối tháng",
    "Vận động {n} hộ gia đình ở {place} làm nhà tiêu hợp vệ sinh trong năm",
    "Nuôi {n} con lợn đen bản địa theo hướng an toàn sinh học, xuất chuồng trước Tết",
    "Thăm hỏi {n} hộ nghèo, hộ có hoàn cảnh khó khăn ở {place} trong quý {quarter}",
    "Hướng dẫn {n} hộ dân {place} cài đặt và kích hoạt VNeID trước {day}/{month}",
    "Ủng hộ Quỹ Vì người nghèo {money} đồng",
    "Hoàn thành {n} chuyên đề sinh hoạt chi bộ về {topic} trong quý {quarter}",
    "Cập nhật số liệu {data} lên phần mềm trước ngày {day} hằng tháng",
    "Soạn giáo án điện tử cho {n} tiết dạy môn {subject}",
    "Tuần tra bảo vệ rừng tại {place} {n} lần/tháng",
    "Hướng dẫn bà con {place} ủ phân vi sinh cho {n} ha lúa",
    "Tổ chức {n} buổi tuyên truyền về {topic} cho thanh niên {place}",
    "Kiểm tra {n} cơ sở kinh doanh thực phẩm trên địa bàn trước Tết Nguyên đán",
    "Viết {n} tin, bài về gương người tốt việc tốt ở {place} đăng trên trang thông tin điện tử của huyện",
    "Đưa đón {n} cháu mầm non ở {place} đến lớp đầy đủ trong học kỳ {term}",
    "Làm {big} mét đường bê tông ngõ xóm tại {place} bằng ngày công của gia đình",
    "Thu gom rác thải nhựa tại {place} vào thứ Bảy hằng tuần",
    "Hòa giải thành {n} vụ việc mâu thuẫn trong khu dân cư {place}",
    "Học thêm tiếng {lang} mỗi tuần {n} buổi để nói chuyện với bà con",
    "Giúp {n} đảng viên mới viết bản cam kết trước tháng {month}",
    "Trồng và chăm sóc {big} gốc cam tại vườn nhà, năng suất trên {n} tấn",
    "Mỗi tháng kể {n} câu chuyện về Bác trong buổi sinh hoạt chi bộ",
    "Tiết kiệm {pct2}% chi phí văn phòng phẩm của phòng so với năm trước",
    "Hiến máu tình nguyện {n} lần trong năm",
    "Vận động {n} em học sinh bỏ học ở {place} trở lại lớp trong học kỳ I",
    "Khám sức khỏe miễn phí cho {big} người cao tuổi ở {place}",
    "Đo huyết áp cho người cao tuổi {place} vào sáng thứ {weekday} hằng tuần",
    "Trả kết quả {data} cho {n} hộ trong {n} ngày làm việc",
    "Không để học sinh lớp {grade}A{cls} nghỉ học không phép buổi nào",
    "Mở {n} lớp xóa mù chữ cho phụ nữ {place} trong quý {quarter}",
    "Làm {n} sáng kiến cải tiến quy trình tiếp nhận hồ sơ trước {day}/{month}",
    "Dạy {n} tiết chuyên đề về {topic} cho học sinh khối {grade}",
    "Đo mưa, báo lũ cho bà con {place} mỗi ngày trong mùa mưa",
    "Phát quang {n} km đường lên nương ở {place} trước tháng {month}",
]
# Vague ones: intentions with nothing to check at the end of the year.
VAGUE = [
    "Chấp hành tốt chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước",
    "Nâng cao ý thức trách nhiệm trong thực hiện nhiệm vụ được giao",
    "Thường xuyên học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Giữ gìn phẩm chất đạo đức, lối sống lành mạnh, giản dị",
    "Hoàn thành tốt nhiệm vụ được giao",
    "Tích cực tham gia các phong trào thi đua của {unit}",
    "Rèn luyện tác phong làm việc khoa học, gần dân, sát dân ở {place}",
    "Thực hiện nghiêm túc quy chế dân chủ ở cơ sở",
    "Đoàn kết, giúp đỡ đồng nghiệp trong công việc",
    "Đi làm đúng giờ",
    "Đọc sách về Bác",
    "Không ngừng tu dưỡng, rèn luyện đạo đức cách mạng",
    "Hoàn thành 100% nhiệm vụ được giao",
    "Gương mẫu thực hiện nếp sống văn minh ở {place}",
    "Tự giác nêu gương trong công tác {field}",
    "Tuyên truyền vận động nhân dân {place} thực hiện tốt chủ trương của Đảng",
    "Nâng cao chất lượng công tác {field}",
    "Tích cực học tập nâng cao trình độ chuyên môn, nghiệp vụ",
    "Thực hành tiết kiệm, chống lãng phí trong cơ quan",
    "Giữ mối liên hệ với chi ủy và nhân dân nơi cư trú",
]
FIELDS = ["chuyên môn", "tuyên truyền", "dân vận", "văn phòng", "giảng dạy", "y tế", "địa chính"]
UNITS = ["cơ quan", "xã", "nhà trường", "chi bộ", "huyện", "thôn"]
# Actions that a province has everywhere, word for word.
COMMON = [
    "Không hút thuốc lá trong phòng làm việc",
    "Tham gia đầy đủ các buổi sinh hoạt chi bộ, đóng đảng phí đầy đủ, đúng quy định",
    "Chấp hành tốt chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước",
    "Đọc 02 cuốn sách về Chủ tịch Hồ Chí Minh trong năm",
    "Không uống rượu, bia trong giờ làm việc",
    "Tắt điện, tắt quạt khi ra khỏi phòng làm việc",
    "Đội mũ bảo hiểm khi đi xe máy, không vượt đèn đỏ",
    "Giữ gìn phẩm chất đạo đức, lối sống trong sạch, lành mạnh",
    "Không ngừng học tập, nâng cao trình độ chuyên môn, nghiệp vụ, lý luận chính trị",
    "Hoàn thành tốt nhiệm vụ được giao",
    "Đi làm đúng giờ, không về sớm",
    "Gương mẫu thực hiện nghĩa vụ công dân nơi cư trú",
    "Không đăng, chia sẻ tin chưa kiểm chứng trên mạng xã hội",
    "Thực hiện tốt các quy định về những điều đảng viên không được làm",
    "Hiến máu tình nguyện 01 lần trong năm",
    "Ủng hộ Quỹ Vì người nghèo 01 ngày lương",
    "Thực hành tiết kiệm, chống lãng phí trong công việc và sinh hoạt hằng ngày",
    "Đoàn kết, giúp đỡ đồng nghiệp cùng tiến bộ",
    "Đạt danh hiệu Gia đình văn hóa",
    "Học tập và làm theo tấm gương đạo đức Hồ Chí Minh",
]
TARGETS = ["Hoàn thành trước 31/12", "Đạt {pct}%", "{n} hộ đăng ký", "Có sổ ghi chép", "Không vi phạm lần nào",
           "Được chi bộ công nhận", "{n} lượt", "Tỷ lệ đạt trên {pct}%"]  # fmt: skip
VAGUE_TARGETS = ["Tốt", "Hoàn thành", "Đạt yêu cầu", "Xuất sắc", "Thường xuyên"]
AI_TYPED = [
    "Không ngừng nỗ lực, phát huy tối đa năng lực bản thân để lan tỏa những giá trị tích cực",
    "Chủ động, sáng tạo và linh hoạt trong công việc, góp phần thúc đẩy sự phát triển bền vững của xã",
]


def _slots(template: str) -> tuple[str, ...]:
    return tuple(name for _lit, name, _spec, _conv in Formatter().parse(template) if name)


def _place(rng: random.Random, home: str) -> str:
    r = rng.random()
    if r < 0.5:
        return home
    if r < 0.8:
        return f"{rng.choice(['thôn', 'bản', 'xóm'])} {rng.choice(VILLAGES)}"
    return f"tổ dân phố số {rng.randint(1, 12)}"


SLOT_VALUES = {
    "n": lambda r, h: rng_number(r),
    "big": lambda r, h: str(r.choice([50, 100, 150, 200, 300, 500, 1000, 1500])),
    "pct": lambda r, h: str(r.choice([80, 85, 90, 95, 100])),
    "pct2": lambda r, h: str(r.choice([5, 10, 15, 20])),
    "money": lambda r, h: f"{r.choice([100, 200, 300, 500])}.000",
    "place": _place,
    "month": lambda r, h: str(r.randint(3, 11)),
    "day": lambda r, h: str(r.choice([10, 15, 20, 30])),
    "quarter": lambda r, h: r.choice(["I", "II", "III", "IV"]),
    "term": lambda r, h: r.choice(["I", "II"]),
    "subject": lambda r, h: r.choice(SUBJECTS),
    "grade": lambda r, h: str(r.randint(1, 12)),
    "cls": lambda r, h: str(r.randint(1, 4)),
    "weekday": lambda r, h: r.choice(WEEKDAYS),
    "topic": lambda r, h: r.choice(TOPICS),
    "data": lambda r, h: r.choice(DATA),
    "lang": lambda r, h: r.choice(LANGS),
    "unit": lambda r, h: r.choice(UNITS),
    "field": lambda r, h: r.choice(FIELDS),
}


def rng_number(rng: random.Random) -> str:
    n = rng.randint(1, 12)
    return f"{n:02d}" if rng.random() < 0.4 else str(n)  # "02" and "2" are the same to the checks


_CONCRETE = [(t, _slots(t)) for t in CONCRETE]
_VAGUE = [(t, _slots(t)) for t in VAGUE]
_TARGETS = [(t, _slots(t)) for t in TARGETS]


def fill(rng: random.Random, template: tuple[str, tuple[str, ...]], home: str) -> str:
    text, slots = template
    return text.format(**{s: SLOT_VALUES[s](rng, home) for s in slots}) if slots else text


class Texts:
    """Commitments as members write them; ``kinds`` counts what was generated."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.kinds: Counter = Counter()

    def item(self, home: str, year: int) -> tuple[str, str, datetime.date | None]:
        rng = self.rng
        r = rng.random()
        if r < 0.18:
            self.kinds["common"] += 1
            return rng.choice(COMMON), "", None
        if r < 0.40:
            self.kinds["vague"] += 1
            target = rng.choice(VAGUE_TARGETS) if rng.random() < 0.15 else ""
            return fill(rng, rng.choice(_VAGUE), home), target, None
        self.kinds["concrete"] += 1
        action = fill(rng, rng.choice(_CONCRETE), home)
        target = fill(rng, rng.choice(_TARGETS), home) if rng.random() < 0.35 else ""
        deadline = (
            datetime.date(year, rng.randint(3, 12), rng.choice([15, 28])) if rng.random() < 0.15 else None
        )
        return action, target, deadline

    def commitment(self, home: str, year: int) -> list[tuple[str, str, datetime.date | None]]:
        return [self.item(home, year) for _ in range(ACTIONS_PER_RECORD)]

    def near_copy(self, items: list, year: int) -> list:
        """The same commitment, word for word or with one action touched up (a few words added)."""
        items = [(a, t, d.replace(year=year) if d else None) for a, t, d in items]
        r = self.rng.random()
        if r < 0.5:
            return items
        i = self.rng.randrange(len(items))
        action, target, deadline = items[i]
        if r < 0.75:
            action += " trong năm"
        else:
            action = self.rng.choice(["Tích cực ", "Luôn "]) + action[:1].lower() + action[1:]
        items[i] = (action, target, deadline)
        return items


# --- Building the data --------------------------------------------------------------------------


class Loader:
    """Rows of one table written the fastest way the database has: ``executemany`` of one prepared INSERT
    on SQLite, ``COPY … FROM STDIN`` on PostgreSQL. Columns not given get their model default once."""

    def __init__(self, model, columns: list[str]) -> None:
        from django.db import connection
        from django.utils import timezone

        self.connection = connection
        fields = {f.attname: f for f in model._meta.concrete_fields}
        now = timezone.now()
        names = [fields[c].column for c in columns]
        tail = []
        for f in model._meta.concrete_fields:
            if f.attname in columns or (f.primary_key and f.attname not in columns and f.auto_created):
                continue
            value = (
                now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
            )
            if value is None and not f.null:
                raise ValueError(f"{model.__name__}.{f.attname} needs a value")
            names.append(f.column)
            tail.append(f.get_db_prep_save(value, connection))
        self.tail = tuple(tail)
        q = connection.ops.quote_name
        self.table = q(model._meta.db_table)
        self.names = ", ".join(q(n) for n in names)
        self.width = len(names)

    def insert(self, rows) -> None:
        tail = self.tail
        if self.connection.vendor == "sqlite":
            marks = ", ".join("?" * self.width)
            raw = self.connection.connection.cursor()
            sql = f"INSERT INTO {self.table} ({self.names}) VALUES ({marks})"  # noqa: S608 — names from models
            raw.executemany(sql, (r + tail for r in rows))
        else:
            with self.connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY {self.table} ({self.names}) FROM STDIN") as copy:
                    for r in rows:
                        copy.write_row(r + tail)


class Build:
    """Orgs, people, commitments and their actions, collected as rows, written parents first."""

    def __init__(self, rng: random.Random, year: int, start_ids: dict[str, int]) -> None:
        from django.db import connection

        from lamtheobac.lib.text import fold, name_sort_key

        self.rng = rng
        self.year = year
        self.ids = dict(start_ids)
        self.texts = Texts(rng)
        self.orgs: list[tuple] = []
        self.people: list[tuple] = []
        self.records: list[tuple] = []
        self.items: list[tuple] = []
        self.planted: Counter = Counter()
        self.fold = fold
        self._names: dict[str, tuple[str, str]] = {}
        self._name_sort = name_sort_key
        ops = connection.ops
        self.date = ops.adapt_datefield_value
        self._moments: dict[tuple[int, int], object] = {}
        self._datetime = ops.adapt_datetimefield_value

    def take(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table] - 1

    def moment(self, year: int, day: int):
        """A filing moment (9:00 on one of the year's first 300 days), ready for the database."""
        key = (year, day)
        if key not in self._moments:
            from django.utils import timezone

            when = datetime.datetime.combine(
                datetime.date(year, 1, 1) + datetime.timedelta(days=day), datetime.time(9)
            )
            self._moments[key] = self._datetime(timezone.make_aware(when))
        return self._moments[key]

    def org(self, parent: tuple | None, kind: str, name: str) -> tuple[int, str, int]:
        from lamtheobac.organisation.models import segment

        pk = self.take("org")
        path = (parent[1] if parent else "") + segment(pk)
        depth = parent[2] + 1 if parent else 0
        self.orgs.append(
            (pk, parent[0] if parent else None, path, depth, kind, name, self.fold(name), f"BQ{pk}")
        )
        return pk, path, depth

    def person(self, org_id: int) -> int:
        rng = self.rng
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        if name not in self._names:
            self._names[name] = (self.fold(name), self._name_sort(name))
        folded, sort = self._names[name]
        pk = self.take("person")
        gender = "female" if " Thị " in name else rng.choice(["male", "female"])
        self.people.append((pk, name, folded, sort, gender, rng.randint(1955, 2003), "member", org_id))
        return pk

    def record(self, org_id: int, person_id: int, year: int, items: list, *, filed: bool) -> int:
        from lamtheobac.cycle.models import RecordKind, RecordState

        pk = self.take("record")
        if year < self.year:
            state, submitted = RecordState.RATED, self.moment(year, self.rng.randrange(300))
        elif filed:
            state = self.rng.choice([RecordState.SUBMITTED, RecordState.APPROVED, RecordState.APPROVED])
            submitted = self.moment(year, self.rng.randrange(120))
        else:
            state, submitted = RecordState.DRAFT, None
        self.records.append(
            (pk, RecordKind.COMMITMENT.value, year, org_id, person_id, state.value, submitted)
        )
        date = self.date
        for position, (action, target, deadline) in enumerate(items):
            self.items.append((pk, position, action, target, date(deadline) if deadline else None))
        return pk

    def cell(self, org_id: int, home: str, size: int, *, previous: bool, drafts: int | None = None) -> dict:
        """A cell of ``size`` members with this year's commitments (about 8% still drafts, or the first
        ``drafts``), last year's when ``previous``, copies of last year's and planted near-copy clusters.
        ``planted`` counts what the checks should find: copies of last year's, and clusters of two or more
        filed commitments (drafts are not clustered). Unplanted ones arise too: two members of last
        year's cluster who both copy their own commitment make a cluster this year."""
        rng, texts, year = self.rng, self.texts, self.year
        people = [self.person(org_id) for _ in range(size)]
        filed = {
            p: (i >= drafts if drafts is not None else rng.random() >= 0.08) for i, p in enumerate(people)
        }
        before = {p: texts.commitment(home, year - 1) for p in people} if previous else {}
        if previous:
            self.plant(before, people, year - 1, dict.fromkeys(people, True))
        now = {}
        copied = set()
        for p in people:
            if previous and rng.random() < 0.15:
                now[p] = texts.near_copy(before[p], year)
                copied.add(p)
            else:
                now[p] = texts.commitment(home, year)
        copied -= self.plant(now, people, year, filed)
        self.planted["copied from last year"] += len(copied)
        records = {}
        for p in people:
            if previous:
                self.record(org_id, p, year - 1, before[p], filed=True)
            records[p] = self.record(org_id, p, year, now[p], filed=filed[p])
        return {"people": people, "now": now, "before": before, "records": records}

    def plant(self, written: dict, people: list[int], year: int, filed: dict[int, bool]) -> set[int]:
        """Sometimes (35% of cells of 4 or more) make 1–7 members near-copy another's commitment: the
        members changed."""
        size = len(people)
        if size < 4 or self.rng.random() >= 0.35:
            return set()
        members = self.rng.sample(people, self.rng.randint(2, max(2, min(8, size // 3))))
        for m in members[1:]:
            written[m] = self.texts.near_copy(written[members[0]], year)
        counted = sum(filed[m] for m in members)
        if counted >= 2:
            self.planted[f"clusters {year}"] += 1
            self.planted[f"clustered {year}"] += counted
        return set(members[1:])

    def typing_tree(self) -> dict:
        """A district of its own: a commune whose first cell has ``TYPING_CELL`` members, with sibling
        cells; the first member of the big cell is still writing (a draft)."""
        from lamtheobac.organisation.models import OrgKind

        district = self.org(None, OrgKind.DISTRICT_COMMITTEE, "Đảng bộ huyện Thử Nghiệm")
        commune = self.org(district, OrgKind.GRASSROOTS_COMMITTEE, "Đảng bộ xã Quân Hà")
        home = "thôn Nà Pài"
        cell = self.org(commune, OrgKind.CELL, f"Chi bộ {home}")
        made = self.cell(cell[0], home, TYPING_CELL, previous=True, drafts=1)
        for i, size in enumerate(SIBLING_CELLS):
            sibling = self.org(commune, OrgKind.CELL, f"Chi bộ thôn {VILLAGES[i + 1]}")
            self.cell(sibling[0], f"thôn {VILLAGES[i + 1]}", size, previous=True)
        me = made["people"][0]
        return {"person": me, "record": made["records"][me], "typed": self.typed(made, me, home)}

    def typed(self, made: dict, me: int, home: str) -> list[str]:
        """~50 actions the member types: copies of colleagues' (as they are or touched up), last year's
        own, vague ones, boilerplate, and new concrete ones."""
        rng = random.Random(7)
        others = [p for p in made["people"] if p != me]
        found = []
        for i in range(15):
            action = rng.choice(made["now"][rng.choice(others)])[0]
            found.append(action if i % 2 else action + " trong năm")
        found += [a for a, _t, _d in made["before"][me]]
        for _ in range(10):
            found.append(fill(rng, rng.choice(_VAGUE), home))
        found += AI_TYPED
        while len(found) < 50:
            found.append(
                fill(rng, rng.choice(_CONCRETE), rng.choice(["bản Nặm Đăm", "thôn Khuổi Đăm", home]))
            )
        rng.shuffle(found)
        return found

    def province(self, people: int, *, previous: bool) -> dict:
        """Province → ``DISTRICTS`` districts → communes of 8–20 cells (and some agencies' cells right
        under a district) → cells of 5–60 members, until ``people`` members are placed."""
        from lamtheobac.organisation.models import OrgKind

        rng = self.rng
        root = self.org(None, OrgKind.PROVINCE_COMMITTEE, "Đảng bộ tỉnh Bắc Sơn")
        districts = [
            self.org(root, OrgKind.DISTRICT_COMMITTEE, f"Đảng bộ huyện {n}")
            for n in DISTRICT_NAMES[:DISTRICTS]
        ]
        placed = cells = communes = 0
        turn = 0

        def size() -> int:
            return min(5 + int(rng.betavariate(1.4, 3.4) * 56), people - placed)

        while placed < people:
            district = districts[turn % len(districts)]
            turn += 1
            if rng.random() < 0.08:
                cell = self.org(district, OrgKind.CELL, f"Chi bộ {rng.choice(AGENCIES)} {turn}")
                n = size()
                self.cell(cell[0], f"tổ dân phố số {rng.randint(1, 12)}", n, previous=previous)
                placed += n
                cells += 1
                continue
            communes += 1
            commune = self.org(
                district, OrgKind.GRASSROOTS_COMMITTEE, f"Đảng bộ xã {rng.choice(VILLAGES)} {turn}"
            )
            for _ in range(rng.randint(8, 20)):
                if placed >= people:
                    break
                home = f"{rng.choice(['thôn', 'bản'])} {rng.choice(VILLAGES)}"
                cell = self.org(commune, OrgKind.CELL, f"Chi bộ {home}")
                n = size()
                self.cell(cell[0], home, n, previous=previous)
                placed += n
                cells += 1
        return {"root": root[0], "districts": len(districts), "communes": communes, "cells": cells}

    def write(self) -> dict[str, float]:
        """Everything collected so far, parents first, in one transaction; then emptied."""
        from django.db import transaction

        from lamtheobac.cycle.models import Record, RecordItem
        from lamtheobac.organisation.models import Org, Person

        seconds = {}
        with transaction.atomic():
            for name, model, columns, rows in (
                ("orgs", Org, ["id", "parent_id", "path", "depth", "kind", "name", "name_folded", "code"], self.orgs),
                ("people", Person, ["id", "full_name", "name_folded", "name_sort", "gender", "birth_year", "kind",
                                    "org_id"], self.people),
                ("records", Record, ["id", "kind", "year", "org_id", "person_id", "state", "submitted_at"],
                 self.records),
                ("items", RecordItem, ["record_id", "position", "action", "target", "deadline"], self.items),
            ):  # fmt: skip
                start = time.perf_counter()
                Loader(model, columns).insert(rows)
                seconds[name] = time.perf_counter() - start
            start = time.perf_counter()
        seconds["commit"] = time.perf_counter() - start
        self.orgs, self.people, self.records, self.items = [], [], [], []
        return seconds


def next_ids() -> dict[str, int]:
    from django.db.models import Max

    from lamtheobac.cycle.models import Record
    from lamtheobac.organisation.models import Org, Person

    return {
        name: (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        for name, model in (("org", Org), ("person", Person), ("record", Record))
    }


def after_load() -> float:
    """Sequences past the ids given; on PostgreSQL, ANALYZE (what autovacuum does after such a load)."""
    from django.core.management.color import no_style
    from django.db import connection

    from lamtheobac.cycle.models import Record, RecordItem
    from lamtheobac.organisation.models import Org, Person

    start = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Org, Person, Record, RecordItem]):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    return time.perf_counter() - start


# --- Measuring ----------------------------------------------------------------------------------


def percentiles(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    return {
        "p50": statistics.median(samples),
        "p95": samples[int(0.95 * (len(samples) - 1))],
        "max": samples[-1],
        "n": len(samples),
    }


def clear_text_caches() -> None:
    """Empty the per-process caches of shingles and verdicts (as in a worker that has just started, or
    whose caches other orgs' texts have pushed this org's out of)."""
    from lamtheobac.quality import text, vague

    text.tokens.cache_clear()
    text.shingles.cache_clear()
    vague.signals_of.cache_clear()
    vague.checkable.cache_clear()
    vague._assess.cache_clear()


def ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def typing_check(setup: dict, runs: int, *, first_of_process: bool) -> dict:
    """``record_findings`` alone, then the whole view through the test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from lamtheobac.cycle.models import Record
    from lamtheobac.quality.checks import record_findings

    def load():
        return Record.objects.select_related("org", "person").get(pk=setup["record"])

    record = load()
    typed = setup["typed"]
    started_load = os.getloadavg()[0]
    found: dict = {
        "first_call": "first call of the process" if first_of_process else "text caches emptied",
        "first_request": "first request of the process, text caches warm"
        if first_of_process
        else "text caches emptied",
    }
    if not first_of_process:
        clear_text_caches()
    found["direct_first_ms"] = ms(lambda: record_findings(load(), typed[0]))
    found["direct"] = percentiles(
        [ms(lambda t=t: record_findings(record, t)) for _ in range(runs) for t in typed]
    )
    kinds: Counter = Counter()
    for t in typed:
        kinds.update({f.kind for f in record_findings(record, t)})
    found["findings"] = dict(sorted(kinds.items()))
    cold = []
    for t in typed:
        clear_text_caches()
        cold.append(ms(lambda t=t: record_findings(record, t)))
    found["direct_caches_emptied"] = percentiles(cold)
    with CaptureQueriesContext(connection) as queries:
        record_findings(load(), typed[0])
    found["direct_queries"] = len(queries)

    client = Client()
    client.force_login(setup["user"])
    url = reverse("quality:check", args=[setup["record"]])

    def post(text: str) -> None:
        response = client.post(url, {"check": "r1", "action-r1": text, "target-r1": "", "deadline-r1": ""})
        assert response.status_code == 200, response.status_code

    if not first_of_process:
        clear_text_caches()
    found["http_first_ms"] = ms(lambda: post(typed[0]))
    found["http"] = percentiles([ms(lambda t=t: post(t)) for _ in range(runs) for t in typed])
    cold = []
    for t in typed:
        clear_text_caches()
        cold.append(ms(lambda t=t: post(t)))
    found["http_caches_emptied"] = percentiles(cold)
    with CaptureQueriesContext(connection) as queries:
        post(typed[0])
    found["http_queries"] = len(queries)
    others = record.__class__.objects.filter(org_id=record.org_id, year=record.year, kind=record.kind)
    found["load"] = [started_load, os.getloadavg()[0]]
    found["colleague_actions"] = sum(1 for _ in others.exclude(pk=record.pk).values_list("items__id"))
    return found


class GcTimer:
    """Time spent in the garbage collector while it is installed."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.collections: Counter = Counter()
        self._start = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._start
            self.collections[info["generation"]] += 1

    def __enter__(self):
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc) -> None:
        gc.callbacks.remove(self)


def peak_mb() -> float:
    """This process's peak resident memory. VmHWM starts afresh at exec; ru_maxrss would keep the peak of
    the parent the child was forked from."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# Each of these runs in a fresh process (``--child STEP``): its caches and its peak memory are its own.


def child_year() -> dict:
    """The analysis as the issue counts it: this year's commitments of the province (last year's are read
    to compare with, not judged), on an empty ``RecordQuality``: every row is inserted."""
    from lamtheobac.cycle.models import Record

    return child_refresh(Record.objects.filter(year=int(os.environ["BENCH_QUALITY_YEAR"])))


def child_refresh(records=None) -> dict:
    from dataclasses import asdict

    from lamtheobac.quality.models import RecordQuality
    from lamtheobac.quality.services import refresh_all

    before = peak_mb()
    load = os.getloadavg()[0]
    with GcTimer() as gc_timer:
        start, cpu = time.perf_counter(), time.process_time()
        summary = refresh_all(records)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "load": [load, os.getloadavg()[0]],
        "gc_seconds": gc_timer.seconds,
        "gc_collections": dict(gc_timer.collections),
        "summary": asdict(summary),
        "rows": RecordQuality.objects.count(),
        "peak_mb": peak_mb(),
        "start_mb": before,
    }


def child_parts() -> dict:
    """``refresh_all``'s steps one at a time, in its order (read, compute, write), so that the database
    and the computation are timed apart. Built from the pieces ``services`` exposes (``concrete_count``,
    ``record_signature``, ``is_copy``, ``similar.clusters``, the writer); the collector is off during the
    steps when ``refresh_all`` turns it off. Keep in step with ``services.refresh_all``."""
    import inspect
    from collections import defaultdict

    from django.db import transaction

    from lamtheobac.cycle.models import Record, RecordItem, RecordKind
    from lamtheobac.quality import services, text, vague
    from lamtheobac.quality.models import RecordQuality
    from lamtheobac.quality.similar import clusters

    t: dict[str, float] = {}
    cpu_t: dict[str, float] = {}
    clock, cpu_clock = time.perf_counter(), time.process_time()
    load = os.getloadavg()[0]

    def lap(name: str) -> None:
        nonlocal clock, cpu_clock
        now, cpu_now = time.perf_counter(), time.process_time()
        t[name], cpu_t[name] = now - clock, cpu_now - cpu_clock
        clock, cpu_clock = now, cpu_now

    gc_off = "gc.disable()" in inspect.getsource(services.refresh_all)
    with GcTimer() as gc_timer:
        if gc_off:
            gc.disable()
        try:
            records = Record.objects.all()
            rows = list(
                records.order_by().values_list("id", "kind", "year", "org_id", "person_id", "submitted_at")
            )
            ids = [r[0] for r in rows]
            lap("read records")
            items: dict = defaultdict(list)
            if hasattr(services, "_read_items"):  # the rows as refresh_all reads them
                services._read_items(records, items)
            else:
                item_rows = RecordItem.objects.filter(record__in=records).order_by(
                    "record_id", "position", "id"
                )
                for record_id, action, target, deadline in item_rows.values_list(
                    "record_id", "action", "target", "deadline"
                ).iterator(chunk_size=20_000):
                    items[record_id].append((action, target, deadline))
            lap("read items")
            signatures = {pk: services.record_signature(items[pk]) for pk in ids}
            lap("signatures (shingles)")
            counts = {pk: services.concrete_count(items[pk]) for pk in ids}
            lap("concrete_count (vague rules)")
            writer_year = {(kind, person or org, year): pk for pk, kind, year, org, person, _s in rows}
            copied = {}
            for pk, kind, year, org, person, _s in rows:
                previous = writer_year.get((kind, person or org, year - 1))
                copied[pk] = previous is not None and services.is_copy(signatures[pk], signatures[previous])
            lap("copied_last_year (jaccard)")
            groups: dict = defaultdict(dict)
            for pk, kind, year, org, _person, submitted in rows:
                if kind == RecordKind.COMMITMENT and submitted is not None:
                    groups[(org, year)][pk] = signatures[pk]
            cluster_of = {}
            for group in groups.values():
                for members in clusters(group):
                    for pk in members:
                        cluster_of[pk] = members[0]
            lap("clusters")
            if hasattr(services, "_write"):  # rows written without a model instance each
                result = {pk: [*counts[pk], copied[pk], cluster_of.get(pk)] for pk in ids}
                lap("rows to write")
                services._write(result, 5000)
            else:
                result = [
                    RecordQuality(record_id=pk, actions=counts[pk][0], concrete=counts[pk][1],
                                  copied_last_year=copied[pk], cluster=cluster_of.get(pk))
                    for pk in ids
                ]  # fmt: skip
                lap("rows to write")
                with transaction.atomic():
                    RecordQuality.objects.bulk_create(
                        result, batch_size=5000, update_conflicts=True, unique_fields=["record"],
                        update_fields=services.UPDATE_FIELDS,
                    )  # fmt: skip
            lap("write (upsert)")
        finally:
            if gc_off:
                gc.enable()
    actions = [a for found in items.values() for a, _t, _d in found]
    caches = {"shingles": text.shingles.cache_info()._asdict()}
    for name in ("checkable", "signals_of", "_assess"):
        if hasattr(getattr(vague, name, None), "cache_info"):
            caches[name] = getattr(vague, name).cache_info()._asdict()
    return {
        "steps": t,
        "cpu_steps": cpu_t,
        "gc_off": gc_off,
        "load": [load, os.getloadavg()[0]],
        "gc_seconds": gc_timer.seconds,
        "records": len(ids),
        "actions": len(actions),
        "distinct_actions": len(set(actions)),
        "distinct_action_target": len({(a, tg, bool(d)) for f in items.values() for a, tg, d in f}),
        "groups": len(groups),
        "largest_group": max((len(g) for g in groups.values()), default=0),
        "caches": caches,
        "peak_mb": peak_mb(),
    }


def child_profile() -> dict:
    import cProfile
    import io
    import pstats

    from lamtheobac.quality.services import refresh_all

    profile = cProfile.Profile()
    start = time.perf_counter()
    profile.runcall(refresh_all)
    seconds = time.perf_counter() - start
    out = {"seconds": seconds}
    for key in ("cumulative", "tottime"):
        stream = io.StringIO()
        stats = pstats.Stats(profile, stream=stream)
        stats.strip_dirs().sort_stats(key).print_stats(15)
        text = stream.getvalue()
        out[key] = text[text.index("   ncalls") :].rstrip() if "   ncalls" in text else text
    return out


CHILDREN = {"year": child_year, "refresh": child_refresh, "parts": child_parts, "profile": child_profile}


CHILD_TIMEOUT = 1800.0  # seconds; ``--child-timeout``


def in_child(step: str) -> dict:
    """Run ``step`` in a fresh process. A failure or a timeout is reported as ``{"error": …}`` and the run
    goes on (on PostgreSQL, the statements the child left running are ended first)."""
    try:
        out = subprocess.run(  # noqa: S603 — this same script, in a process of its own
            [sys.executable, __file__, "--child", step],
            capture_output=True,
            text=True,
            env=os.environ.copy(),
            timeout=CHILD_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        error = f"did not finish within {CHILD_TIMEOUT:.0f} s"
    else:
        if out.returncode == 0:
            return json.loads(out.stdout.strip().splitlines()[-1])
        last = [line for line in out.stderr.strip().splitlines() if line.strip()][-1:] or [""]
        error = f"exit {out.returncode}: {last[0][:300]}"
        sys.stderr.write(out.stderr[-4000:])
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
    print(f"  child {step} FAILED: {error}", flush=True)
    return {"error": error}


def said(found: dict) -> str:
    return f"{found['seconds']:.1f} s" if "seconds" in found else f"failed ({found['error']})"


# --- The run ------------------------------------------------------------------------------------


def code_version() -> dict:
    """Which code was measured: the commit, the files changed since, a digest of the quality code."""
    import hashlib

    def git(*args: str) -> str:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)  # noqa: S603, S607
        return out.stdout.strip()

    digest = hashlib.sha256()
    for path in sorted([*ROOT.glob("lamtheobac/quality/*.py"), ROOT / "lamtheobac/lib/text.py"]):
        digest.update(path.read_bytes())
    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "changed": git("status", "--porcelain", "--", "lamtheobac").splitlines(),
        "quality_digest": digest.hexdigest()[:12],
    }


def machine() -> dict:
    from django.db import connection

    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            db = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            cursor.execute("SELECT sqlite_version()")
            db = f"SQLite {cursor.fetchone()[0]}"
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "django": __import__("django").get_version(),
        "database": db,
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
    }


def run(args) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.utils import timezone

    from lamtheobac.cycle.models import Record, RecordItem
    from lamtheobac.organisation.models import Org, Person

    settings.ALLOWED_HOSTS = ["*"]
    results: dict = {"args": {"db": args.db, "people": args.people, "previous": not args.no_previous}}
    start = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    results["migrate_s"] = time.perf_counter() - start
    results["machine"] = machine()
    results["code"] = code_version()
    year = timezone.localdate().year

    # 1. The check while typing, on a database holding only the typing district.
    build = Build(random.Random(1), year, next_ids())
    typing = build.typing_tree()
    typing_planted = build.planted
    build.write()
    after_load()
    user = User.objects.create_user("bench-typist")
    Person.objects.filter(pk=typing["person"]).update(user=user)
    typing["user"] = user
    typing_orgs = Org.objects.count()
    typing_records = Record.objects.count()
    print(
        f"typing check: {TYPING_CELL} members in the cell, {typing_orgs} orgs, {typing_records} records",
        flush=True,
    )
    results["typing_small"] = typing_check(typing, args.runs, first_of_process=True)

    # 2. The province.
    build = Build(random.Random(2), year, next_ids())
    start = time.perf_counter()
    shape = build.province(args.people, previous=not args.no_previous)
    generate_s = time.perf_counter() - start
    counts = {"orgs": len(build.orgs), "people": len(build.people), "records": len(build.records),
              "items": len(build.items)}  # fmt: skip
    counts["records this year"] = sum(1 for r in build.records if r[2] == year)
    counts["filed this year"] = sum(1 for r in build.records if r[2] == year and r[6] is not None)
    counts["records last year"] = counts["records"] - counts["records this year"]
    generated = dict(build.texts.kinds)
    planted = dict(build.planted + typing_planted)
    print(f"province: {counts['orgs']:,} orgs, {counts['people']:,} people, {counts['records']:,} records, "
          f"{counts['items']:,} actions generated in {generate_s:.1f} s; writing…", flush=True)  # fmt: skip
    load = build.write()
    load["sequences and analyze"] = after_load()
    del build
    gc.collect()
    results["province_data"] = {
        "shape": shape, "counts": counts, "generated": generated, "planted": planted, "generate_s": generate_s,
        "load_s": load, "totals": {"records": Record.objects.count(), "items": RecordItem.objects.count(),
                                   "orgs": Org.objects.count()},
    }  # fmt: skip
    print(
        f"  written in {sum(load.values()):.1f} s ({', '.join(f'{k} {v:.1f}' for k, v in load.items())})",
        flush=True,
    )

    os.environ["BENCH_QUALITY_YEAR"] = str(year)
    print("refresh_all of this year's commitments, end to end (fresh process)…", flush=True)
    results["refresh_year"] = in_child("year")
    print(f"  {said(results['refresh_year'])}; both years, end to end (fresh process)…", flush=True)
    results["refresh_all"] = in_child("refresh")
    print(f"  {said(results['refresh_all'])}; step by step (fresh process)…", flush=True)
    results["parts"] = in_child("parts")
    if args.profile:
        print("  under cProfile (fresh process)…", flush=True)
        results["profile"] = in_child("profile")

    # 3. The check while typing again, now beside the province's tables.
    results["typing_province"] = typing_check(typing, args.runs, first_of_process=False)
    return results


def report(r: dict) -> None:
    m = r["machine"]
    line = "-" * 100
    print()
    print(line)
    print(f"Machine: {m['cores']} cores, {m['cpu']}, {m['memory_gb']} GB; Python {m['python']}, Django {m['django']}, "
          f"{m['database']}; DEBUG off")  # fmt: skip
    code = r["code"]
    print(f"Code: commit {code['commit']}, quality code digest {code['quality_digest']}, changed since: "
          f"{', '.join(c.split()[-1] for c in code['changed']) or 'nothing'}")  # fmt: skip
    print(line)
    print(f"1. Check while typing: one member of a cell of {TYPING_CELL} (5 actions each, this year and last), "
          f"{TYPED}; target ≤ 50 ms")  # fmt: skip
    for key, label in (("typing_small", "typing district only"), ("typing_province", "province loaded too")):
        t = r.get(key)
        if not t:
            continue
        print(f"  [{label}] load average {t['load'][0]:.1f}→{t['load'][1]:.1f}; {t['colleague_actions']} colleague actions compared, "
              f"{t['direct_queries']} queries direct, {t['http_queries']} per request; findings {t['findings']}")  # fmt: skip
        print(f"    {'':34s} {'p50 ms':>8s} {'p95 ms':>8s} {'max ms':>8s} {'n':>5s}")
        for name, k in (("record_findings, warm", "direct"), ("record_findings, caches emptied", "direct_caches_emptied"),
                        ("view via test client, warm", "http"), ("view, caches emptied", "http_caches_emptied")):  # fmt: skip
            p = t[k]
            print(f"    {name:34s} {p['p50']:8.1f} {p['p95']:8.1f} {p['max']:8.1f} {p['n']:5d}")
        print(f"    first record_findings ({t['first_call']}) {t['direct_first_ms']:.1f} ms; "
              f"first view ({t['first_request']}) {t['http_first_ms']:.1f} ms")  # fmt: skip
    d = r["province_data"]
    c = d["counts"]
    print(line)
    print(f"2. Province: {c['orgs']:,} orgs ({d['shape']['districts']} districts, {d['shape']['communes']:,} communes, "
          f"{d['shape']['cells']:,} cells), {c['people']:,} people")  # fmt: skip
    print(f"   commitments this year {c['records this year']:,} (filed {c['filed this year']:,}), last year "
          f"{c['records last year']:,}; actions {c['items']:,}; in the database in all: {d['totals']['records']:,} "
          f"records, {d['totals']['items']:,} actions (the typing district included)")  # fmt: skip
    print(f"   generated actions {d['generated']}; planted (typing district included) {d['planted']}")
    print(f"   data: generated in {d['generate_s']:.1f} s, written in {sum(d['load_s'].values()):.1f} s "
          f"({', '.join(f'{k} {v:.1f}' for k, v in d['load_s'].items())})")  # fmt: skip
    y = r.get("refresh_year")
    if y and "error" in y:
        print(
            f"   THIS YEAR, as the target counts it — refresh_all(this year's records): FAILED, {y['error']}"
        )
    elif y:
        print(f"   THIS YEAR, as the target counts it — refresh_all(this year's {y['summary']['records']:,} records; "
              f"last year's read to compare): {y['seconds']:.1f} s wall, {y['cpu_seconds']:.1f} s CPU, peak RSS "
              f"{y['peak_mb']:.0f} MB; target ≤ 60 s for 300,000 commitments")  # fmt: skip
    a = r["refresh_all"]
    if "error" in a:
        print(f"   both years, refresh_all() end to end: FAILED, {a['error']}")
    else:
        s = a["summary"]
        print(f"   both years, refresh_all() end to end: {a['seconds']:.1f} s wall, {a['cpu_seconds']:.1f} s CPU of this process "
              f"(GC pauses {a['gc_seconds']:.1f} s), peak RSS {a['peak_mb']:.0f} MB, load average "
              f"{a['load'][0]:.1f}→{a['load'][1]:.1f}; target ≤ 60 s for 300,000 commitments")  # fmt: skip
        print(f"     summary: {s['records']:,} records, {s['actions']:,} actions, {s['concrete']:,} concrete, "
              f"{s['copied_last_year']:,} copied from last year, {s['clusters']:,} clusters of {s['clustered']:,}; "
              f"RecordQuality rows {a['rows']:,}")  # fmt: skip
    p = r["parts"]
    if "error" in p:
        print(f"   step by step: FAILED, {p['error']}")
    else:
        total = sum(p["steps"].values())
        print(f"   step by step (second run, rows exist: the write is an upsert; collector "
              f"{'off, as refresh_all has it' if p['gc_off'] else 'on'}), {total:.1f} s in all, "
              f"GC pauses {p['gc_seconds']:.1f} s, peak RSS {p['peak_mb']:.0f} MB, load average "
              f"{p['load'][0]:.1f}→{p['load'][1]:.1f}:")  # fmt: skip
        print(f"     {'':32s} {'wall':>7s}    {'share':>6s} {'CPU':>7s}")
        for name, seconds in p["steps"].items():
            print(
                f"     {name:32s} {seconds:7.1f} s  {100 * seconds / total:5.1f}% {p['cpu_steps'][name]:7.1f} s"
            )
        pure = [k for k in p["steps"] if not k.startswith(("read", "write"))]
        compute, compute_cpu = sum(p["steps"][k] for k in pure), sum(p["cpu_steps"][k] for k in pure)
        print(
            f"     {'= pure computation (no DB)':32s} {compute:7.1f} s  {100 * compute / total:5.1f}% {compute_cpu:7.1f} s"
        )
        print(f"     distinct actions {p['distinct_actions']:,} of {p['actions']:,}; (org, year) groups {p['groups']:,}, "
              f"largest {p['largest_group']}; distinct (action, target, deadline) {p['distinct_action_target']:,}; "
              f"caches {p['caches']}")  # fmt: skip
    if "profile" in r and "error" in r["profile"]:
        print(f"   cProfile of refresh_all: FAILED, {r['profile']['error']}")
    elif "profile" in r:
        print(
            f"   cProfile of refresh_all ({r['profile']['seconds']:.1f} s with the profiler), top 15 by cumulative time:"
        )
        print("     " + r["profile"]["cumulative"].replace("\n", "\n     "))
        print("   top 15 by own time:")
        print("     " + r["profile"]["tottime"].replace("\n", "\n     "))
    print(line)


TYPED = "50 typed actions (15 colleagues' copied, 5 own from last year, 10 vague, 2 AI-phrased, 18 new)"


def main() -> None:
    global CHILD_TIMEOUT
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--people", type=int, default=300_000, help="commitments filed this year in the province"
    )
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_PEOPLE:,} people")
    parser.add_argument("--no-previous", action="store_true", help="leave out last year's commitments")
    parser.add_argument("--runs", type=int, default=3, help="passes over the typed actions")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--child-timeout",
        type=float,
        default=CHILD_TIMEOUT,
        help="seconds a timed step may take (default 1800)",
    )
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        import django

        django.setup()
        print(json.dumps(CHILDREN[args.child]()))
        return
    if args.quick:
        args.people = QUICK_PEOPLE
    CHILD_TIMEOUT = args.child_timeout

    tmp = None
    pg_name = None
    if args.db == "sqlite":
        tmp = tempfile.mkdtemp(prefix="bench-quality-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    else:
        import psycopg

        pg_name = f"lamtheobac_bench_quality_{os.getpid()}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{pg_name}"')
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{pg_name}"
    try:
        results = run(args)
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
        if pg_name:
            import psycopg

            with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
        print(f"written to {args.json}")


if __name__ == "__main__":
    main()
