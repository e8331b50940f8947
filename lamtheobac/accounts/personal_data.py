"""Everything the system holds about one person, to hand to them: as JSON (complete, machine-readable) or as
an Excel workbook (a sheet per kind of data). The person asks for it on their own account page; an admin
produces it on request from the person's page. It reads every app's rows about the person, so it lives here,
above them all. Each export is written to the audit log."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Model, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheobac.audit import services as audit
from lamtheobac.lib import xlsx
from lamtheobac.organisation.models import Person

from . import selectors


@dataclass
class Section:
    title: str
    columns: list[tuple[str, str]]  # (attribute, heading)
    rows: list[dict]


def _value(obj: Model, name: str):
    field = next((f for f in obj._meta.get_fields() if f.name == name), None)
    if field is not None and getattr(field, "choices", None):
        return getattr(obj, f"get_{name}_display")()
    value = obj
    for part in name.split("__"):
        value = getattr(value, part, None) if value is not None else None
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _section(title: str, objects: QuerySet | list, columns: list[tuple[str, str]]) -> Section:
    return Section(title, columns, [{name: _value(o, name) for name, _h in columns} for o in objects])


def collect(person: Person | None, user: User | None = None) -> list[Section]:
    """The person's data, and their account's when they have one (``user`` for an account without a
    person)."""
    user = user or (person.user if person is not None else None)
    sections: list[Section] = []
    if person is not None:
        held = selectors.person_held_data(person)
        sections.append(
            _section(
                _("Thông tin cá nhân"),
                [person],
                [
                    ("full_name", _("Họ và tên")),
                    ("gender", _("Giới tính")),
                    ("birth_year", _("Năm sinh")),
                    ("kind", _("Đối tượng")),
                    ("position", _("Chức vụ")),
                    ("org", _("Sinh hoạt tại")),
                    ("active", _("Đang sinh hoạt, công tác")),
                    ("phone", _("Điện thoại")),
                    ("email", _("Thư điện tử")),
                    ("party_card_number", _("Số thẻ đảng viên")),
                    ("citizen_id", _("Số căn cước công dân")),
                    ("created_at", _("Ngày ghi vào hệ thống")),
                    ("updated_at", _("Lần sửa gần nhất")),
                ],
            )
        )
        sections.append(
            _section(
                _("Chuyển sinh hoạt"),
                person.moves.select_related("from_org", "to_org"),
                [
                    ("moved_at", _("Ngày")),
                    ("from_org", _("Từ")),
                    ("to_org", _("Đến")),
                    ("reason", _("Lý do")),
                ],
            )
        )
        sections.append(
            _section(
                _("Bản cam kết"),
                held.records,
                [
                    ("year", _("Năm")),
                    ("org", _("Tổ chức")),
                    ("state", _("Trạng thái")),
                    ("submitted_at", _("Ngày nộp")),
                    ("is_late", _("Nộp muộn")),
                    ("entered_on_behalf", _("Nhập hộ")),
                    ("approved_at", _("Ngày duyệt")),
                    ("return_comment", _("Ý kiến khi trả lại")),
                    ("self_comment", _("Tự đánh giá chung")),
                    ("rating", _("Xếp loại")),
                    ("score", _("Điểm")),
                    ("rating_comment", _("Nhận xét của cấp ủy")),
                ],
            )
        )
        sections.append(
            _section(
                _("Việc làm đã đăng ký"),
                held.items,
                [
                    ("record__year", _("Năm")),
                    ("action", _("Việc làm")),
                    ("target", _("Chỉ tiêu")),
                    ("timeframe", _("Thời gian")),
                    ("deadline", _("Thời hạn")),
                    ("result", _("Kết quả")),
                    ("result_note", _("Giải trình")),
                ],
            )
        )
        sections.append(
            Section(
                _("Tiến độ và minh chứng"),
                [
                    ("created_at", _("Ngày")),
                    ("text", _("Nội dung")),
                    ("link", _("Đường dẫn")),
                    ("files", _("Tệp")),
                ],
                [
                    {
                        "created_at": _value(n, "created_at"),
                        "text": n.text,
                        "link": n.link,
                        "files": "; ".join(e.original_name for e in n.evidence.all()),
                    }
                    for n in held.notes
                ],
            )
        )
        sections.append(
            _section(
                _("Lịch sử bản cam kết"),
                held.transitions,
                [
                    ("at", _("Thời điểm")),
                    ("record__year", _("Năm")),
                    ("from_state", _("Từ trạng thái")),
                    ("to_state", _("Sang trạng thái")),
                    ("actor__username", _("Người thực hiện")),
                    ("comment", _("Ý kiến")),
                ],
            )
        )
        sections.append(
            _section(
                _("Sinh hoạt chuyên đề"),
                held.attendance,
                [
                    ("session__held_on", _("Ngày")),
                    ("session__topic", _("Chủ đề")),
                    ("status", _("Tình trạng")),
                ],
            )
        )
        sections.append(
            _section(
                _("Gương điển hình"),
                held.exemplars,
                [
                    ("year", _("Năm")),
                    ("title", _("Tiêu đề")),
                    ("achievements", _("Thành tích")),
                    ("nominated_on", _("Ngày đề cử")),
                    ("state", _("Trạng thái")),
                ],
            )
        )
    if user is not None:
        sections.append(
            _section(
                _("Tài khoản"),
                [user],
                [
                    ("username", _("Tên đăng nhập")),
                    ("email", _("Thư điện tử")),
                    ("is_active", _("Đang dùng")),
                    ("date_joined", _("Ngày mở")),
                    ("last_login", _("Lần đăng nhập gần nhất")),
                ],
            )
        )
        sections.append(
            _section(
                _("Vai trò"),
                user.grants.select_related("org").order_by("granted_at"),
                [
                    ("role", _("Vai trò")),
                    ("org", _("Tổ chức")),
                    ("granted_at", _("Ngày cấp")),
                ],
            )
        )
        sections.append(
            _section(
                _("Nhật ký đăng nhập và thao tác"),
                selectors.audit_entries_of(user),
                [
                    ("at", _("Thời điểm")),
                    ("action", _("Việc")),
                    ("ip", _("Địa chỉ IP")),
                    ("target", _("Nội dung")),
                ],
            )
        )
    return sections


def _jsonable(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def as_json(sections: list[Section], filename: str) -> HttpResponse:
    data = {
        s.title: [{heading: _jsonable(row[name]) for name, heading in s.columns} for row in s.rows]
        for s in sections
    }
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def as_xlsx(sections: list[Section], filename: str) -> HttpResponse:
    sheets = [
        xlsx.Sheet(
            s.title,
            [xlsx.Column(heading, 24, wrap=True) for _name, heading in s.columns],
            [[row[name] for name, _heading in s.columns] for row in s.rows],
            plain=True,  # a copy of one's own data to keep or take elsewhere, not a list to print
        )
        for s in sections
    ]
    return xlsx.response(xlsx.build_workbook(sheets), filename)


def download(request, person: Person | None, user: User | None = None) -> HttpResponse:
    """``?format=json`` or the workbook, named after the person; written to the audit log."""
    name = person.full_name if person is not None else (user.get_username() if user else "")
    wants_json = request.GET.get("format") == "json"
    filename = xlsx.file_name("du-lieu-ca-nhan", name, suffix=".json" if wants_json else ".xlsx")
    audit.exported(
        _("Toàn bộ dữ liệu cá nhân của %(name)s") % {"name": name},
        filename,
        org=person.org if person is not None else None,
    )
    sections = collect(person, user)
    return as_json(sections, filename) if wants_json else as_xlsx(sections, filename)
