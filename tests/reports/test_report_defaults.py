"""A new report's header and "Nơi nhận" read the two-level Party from the tree on the report's date."""

from __future__ import annotations

import datetime

import pytest

from lamtheobac.organisation.models import OrgKind
from lamtheobac.reports import services
from lamtheobac.reports.models import ReportKind
from tests.factories import OrgFactory

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 2, 5)


@pytest.fixture
def province():
    return OrgFactory(name="Đảng bộ tỉnh Thái Nguyên", kind=OrgKind.PROVINCE_COMMITTEE, code="TU-TN")


def defaults(org, on=ON):
    return services.report_defaults(org=org, kind=ReportKind.FINAL, year_from=2016, year_to=2026, on=on)


def test_a_new_commune_reports_as_its_dang_uy_to_the_tinh_uy(province):
    commune = OrgFactory(name="Đảng bộ xã Phủ Thông", kind=OrgKind.COMMUNE_COMMITTEE, parent=province)
    header = defaults(commune)
    assert (header.superior, header.issuer, header.place, header.issued_on) == (
        "ĐẢNG BỘ TỈNH THÁI NGUYÊN", "ĐẢNG ỦY XÃ PHỦ THÔNG", "Phủ Thông", ON,
    )  # fmt: skip
    assert (header.signer_authority, header.signer_title) == ("T/M BAN THƯỜNG VỤ", "BÍ THƯ")
    assert header.recipients.splitlines() == [
        "Ban Thường vụ Tỉnh ủy Thái Nguyên (b/c),",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên (b/c),",
        "Các đồng chí đảng ủy viên,",
        "Các chi, đảng bộ trực thuộc,",
        "Lưu Văn phòng Đảng ủy.",
    ]


def test_a_cell_of_the_provinces_party_agencies_names_its_dang_bo(province):
    agencies = OrgFactory(
        name="Đảng bộ các cơ quan Đảng tỉnh Thái Nguyên",
        kind=OrgKind.PARTY_AGENCIES_COMMITTEE,
        parent=province,
    )
    cell = OrgFactory(
        name="Chi bộ Ban Tuyên giáo và Dân vận Tỉnh ủy", kind=OrgKind.BASE_CELL, parent=agencies
    )
    header = defaults(cell)
    assert (header.superior, header.issuer) == (
        "ĐẢNG BỘ CÁC CƠ QUAN ĐẢNG TỈNH THÁI NGUYÊN", "CHI BỘ BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY",
    )  # fmt: skip
    assert header.recipients.splitlines() == [
        "Đảng ủy các cơ quan Đảng tỉnh Thái Nguyên (b/c),",
        "Lưu hồ sơ chi bộ.",
    ]


def test_before_the_boards_merged_the_recipient_is_the_ban_tuyen_giao(province):
    district = OrgFactory(name="Đảng bộ huyện Bạch Thông", kind=OrgKind.DISTRICT_COMMITTEE, parent=province)
    lines = defaults(district, on=datetime.date(2020, 12, 15)).recipients.splitlines()
    assert lines[:2] == [
        "Ban Thường vụ Tỉnh ủy Thái Nguyên (b/c),",
        "Ban Tuyên giáo Tỉnh ủy Thái Nguyên (b/c),",
    ]


def test_a_commune_before_the_two_level_party_lists_its_cells(province):
    district = OrgFactory(name="Đảng bộ huyện Bạch Thông", kind=OrgKind.DISTRICT_COMMITTEE, parent=province)
    commune = OrgFactory(name="Đảng bộ xã Lục Bình", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=district)
    header = defaults(commune, on=datetime.date(2020, 12, 15))
    assert (header.superior, header.issuer, header.signer_authority) == (
        "ĐẢNG BỘ HUYỆN BẠCH THÔNG", "ĐẢNG ỦY XÃ LỤC BÌNH", "T/M ĐẢNG ỦY",
    )  # fmt: skip
    assert header.recipients.splitlines() == [
        "Ban Thường vụ Huyện ủy Bạch Thông (b/c),",
        "Ban Tuyên giáo Huyện ủy Bạch Thông (b/c),",
        "Các đồng chí đảng ủy viên,",
        "Các chi bộ trực thuộc,",
        "Lưu Văn phòng Đảng ủy.",
    ]
