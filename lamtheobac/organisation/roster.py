"""The roster format: the columns of the organisation tree and of people in Excel, the same going out (every
export of orgs and people) and coming in (templates and imports), so that an export imports back unchanged.

A column has a key (the model field or a derived value), the Vietnamese header printed in row 1, a width,
and for choice columns the labels the drop-down list offers. Import matching is documented in
``lamtheobac.imports``: an org by its code, a person by party card number or citizen ID when given, else by
name + birth year + org.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Gender, Org, OrgKind, Person, PersonKind

YES, NO = _("Có"), _("Không")


@dataclass(frozen=True)
class RosterColumn:
    key: str
    header: str
    width: int
    choices: tuple[str, ...] = ()  # labels offered in the template's drop-down list
    required: bool = False
    sensitive: bool = False  # only for users who may see identifiers (Cap.VIEW_SENSITIVE)
    example: str | int = ""


def _labels(choices) -> tuple[str, ...]:
    return tuple(str(label) for _value, label in choices)


ORG_COLUMNS = (
    RosterColumn("code", str(_("Mã tổ chức")), 16, required=True, example="BT-LB-CB01"),
    RosterColumn("name", str(_("Tên tổ chức")), 44, required=True, example="Chi bộ thôn Nà Pài"),
    RosterColumn(
        "kind",
        str(_("Loại tổ chức")),
        30,
        _labels(OrgKind.choices),
        required=True,
        example=str(OrgKind.CELL.label),
    ),
    RosterColumn("parent_code", str(_("Mã tổ chức cấp trên")), 18, example="BT-LB"),
    RosterColumn("sort_order", str(_("Thứ tự")), 8, example=1),
    RosterColumn("active", str(_("Đang hoạt động")), 10, (str(YES), str(NO)), example=str(YES)),
)

PEOPLE_COLUMNS = (
    RosterColumn("full_name", str(_("Họ và tên")), 28, required=True, example="Nguyễn Văn Bình"),
    RosterColumn("gender", str(_("Giới tính")), 9, _labels(Gender.choices), example=str(Gender.MALE.label)),
    RosterColumn("birth_year", str(_("Năm sinh")), 9, example=1978),
    RosterColumn(
        "kind",
        str(_("Đối tượng")),
        24,
        _labels(PersonKind.choices),
        required=True,
        example=str(PersonKind.MEMBER.label),
    ),
    RosterColumn("position", str(_("Chức vụ")), 26, example="Bí thư chi bộ"),
    RosterColumn("org_code", str(_("Mã tổ chức")), 16, required=True, example="BT-LB-CB01"),
    RosterColumn("org_name", str(_("Tên tổ chức (để đối chiếu)")), 36, example="Chi bộ thôn Nà Pài"),
    RosterColumn("phone", str(_("Điện thoại")), 14, example="0987 123 456"),
    RosterColumn("email", str(_("Thư điện tử")), 26),
    RosterColumn("party_card_number", str(_("Số thẻ đảng viên")), 16, sensitive=True),
    RosterColumn("citizen_id", str(_("Số căn cước công dân")), 16, sensitive=True),
    RosterColumn("active", str(_("Đang sinh hoạt, công tác")), 10, (str(YES), str(NO)), example=str(YES)),
)


def org_row(org: Org, parent_code: str | None) -> list:
    """An org as its roster row (``parent_code`` given by the caller, who knows the codes in one query)."""
    return [
        org.code,
        org.name,
        str(org.get_kind_display()),
        parent_code or "",
        org.sort_order,
        str(YES if org.active else NO),
    ]


def person_row(person: Person, *, sensitive: bool) -> list:
    """A person as their roster row; identifiers only with ``sensitive`` (left empty otherwise)."""
    return [
        person.full_name,
        str(person.get_gender_display()) if person.gender else "",
        person.birth_year,
        str(person.get_kind_display()),
        person.position,
        person.org.code,
        person.org.name,
        person.phone,
        person.email,
        person.party_card_number if sensitive else "",
        person.citizen_id if sensitive else "",
        str(YES if person.active else NO),
    ]
