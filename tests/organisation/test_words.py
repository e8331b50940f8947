"""The Party's words for an org: organisation vs committee, header lines, boards, terms; and the kind groups."""

from __future__ import annotations

import datetime

import pytest

from lamtheobac.activities.selectors.study import study_coverage
from lamtheobac.organisation import kinds, words
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation.models import OrgKind
from tests.factories import OrgFactory

K = OrgKind
BEFORE = datetime.date(2024, 12, 31)
AFTER = datetime.date(2026, 2, 5)


@pytest.mark.parametrize(
    ("name", "kind", "organisation", "committee", "area"),
    [
        ("Đảng bộ xã Lục Bình", K.GRASSROOTS_COMMITTEE, "Đảng bộ xã Lục Bình", "Đảng ủy xã Lục Bình", "toàn xã"),
        ("Đảng bộ xã Phủ Thông", K.COMMUNE_COMMITTEE, "Đảng bộ xã Phủ Thông", "Đảng ủy xã Phủ Thông", "toàn xã"),
        ("Đảng bộ phường Phan Đình Phùng", K.COMMUNE_COMMITTEE, "Đảng bộ phường Phan Đình Phùng",
         "Đảng ủy phường Phan Đình Phùng", "toàn phường"),
        ("Đảng bộ đặc khu Vân Đồn", K.COMMUNE_COMMITTEE, "Đảng bộ đặc khu Vân Đồn", "Đảng ủy đặc khu Vân Đồn",
         "toàn đặc khu"),
        ("Đảng bộ tỉnh Thái Nguyên", K.PROVINCE_COMMITTEE, "Đảng bộ tỉnh Thái Nguyên", "Tỉnh ủy Thái Nguyên",
         "toàn tỉnh"),
        ("Tỉnh ủy Thái Nguyên", K.PROVINCE_COMMITTEE, "Đảng bộ tỉnh Thái Nguyên", "Tỉnh ủy Thái Nguyên",
         "toàn tỉnh"),
        ("Đảng bộ huyện Bạch Thông", K.DISTRICT_COMMITTEE, "Đảng bộ huyện Bạch Thông", "Huyện ủy Bạch Thông",
         "toàn huyện"),
        ("Đảng bộ các cơ quan Đảng tỉnh Thái Nguyên", K.PARTY_AGENCIES_COMMITTEE,
         "Đảng bộ các cơ quan Đảng tỉnh Thái Nguyên", "Đảng ủy các cơ quan Đảng tỉnh Thái Nguyên", "toàn Đảng bộ"),
        ("Đảng bộ Ủy ban nhân dân tỉnh Thái Nguyên", K.GOVERNMENT_COMMITTEE,
         "Đảng bộ Ủy ban nhân dân tỉnh Thái Nguyên", "Đảng ủy Ủy ban nhân dân tỉnh Thái Nguyên", "toàn Đảng bộ"),
        ("Đảng bộ bộ phận Khoa Nội", K.PARTIAL_COMMITTEE, "Đảng bộ bộ phận Khoa Nội", "Đảng ủy bộ phận Khoa Nội",
         "toàn Đảng bộ"),
        ("Chi bộ thôn Nà Pài", K.CELL, "Chi bộ thôn Nà Pài", "Chi bộ thôn Nà Pài", "toàn chi bộ"),
        ("Chi bộ Ban Tuyên giáo và Dân vận Tỉnh ủy", K.BASE_CELL, "Chi bộ Ban Tuyên giáo và Dân vận Tỉnh ủy",
         "Chi bộ Ban Tuyên giáo và Dân vận Tỉnh ủy", "toàn chi bộ"),
    ],
)  # fmt: skip
def test_it_tells_the_organisation_from_its_committee(name, kind, organisation, committee, area):
    found = words.words_for(name, kind)
    assert (found.organisation, found.committee, found.area) == (organisation, committee, area)
    assert found.committee_upper == committee.upper() and found.organisation_upper == organisation.upper()


def test_capitals_keep_their_vietnamese_letters():
    assert (
        words.words_for("Đảng bộ xã Phủ Thông", K.COMMUNE_COMMITTEE).committee_upper == "ĐẢNG ỦY XÃ PHỦ THÔNG"
    )


@pytest.mark.django_db
def test_the_header_names_the_superior_organisation_above_the_issuing_committee():
    province = OrgFactory(name="Đảng bộ tỉnh Thái Nguyên", kind=K.PROVINCE_COMMITTEE, code="TU-TN")
    commune = OrgFactory(name="Đảng bộ xã Phủ Thông", kind=K.COMMUNE_COMMITTEE, parent=province, code="TN-PT")
    cell = OrgFactory(name="Chi bộ thôn Nà Pài", kind=K.CELL, parent=commune, code="TN-PT-CB01")
    assert org_selectors.header_for(commune, on=AFTER) == words.Header(
        "ĐẢNG BỘ TỈNH THÁI NGUYÊN", "ĐẢNG ỦY XÃ PHỦ THÔNG"
    )
    assert org_selectors.header_for(cell, on=AFTER) == words.Header(
        "ĐẢNG BỘ XÃ PHỦ THÔNG", "CHI BỘ THÔN NÀ PÀI"
    )
    assert org_selectors.header_for(province, on=AFTER) == words.Header("", "TỈNH ỦY THÁI NGUYÊN")
    who = org_selectors.org_on(cell, on=AFTER)
    assert (who.name, who.parent.name, who.parent.parent) == (
        "Chi bộ thôn Nà Pài",
        "Đảng bộ xã Phủ Thông",
        None,
    )


@pytest.mark.parametrize(
    ("name", "kind", "on", "board"),
    [
        ("Đảng bộ tỉnh Thái Nguyên", K.PROVINCE_COMMITTEE, AFTER, "Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên"),
        ("Đảng bộ tỉnh Bắc Kạn", K.PROVINCE_COMMITTEE, BEFORE, "Ban Tuyên giáo Tỉnh ủy Bắc Kạn"),
        ("Đảng bộ huyện Bạch Thông", K.DISTRICT_COMMITTEE, BEFORE, "Ban Tuyên giáo Huyện ủy Bạch Thông"),
        ("Đảng bộ xã Phủ Thông", K.COMMUNE_COMMITTEE, AFTER, "Ban Xây dựng Đảng Đảng ủy xã Phủ Thông"),
        ("Đảng bộ đặc khu Vân Đồn", K.COMMUNE_COMMITTEE, AFTER, "Ban Tuyên giáo và Dân vận Đảng ủy đặc khu Vân Đồn"),
        ("Đảng bộ xã Lục Bình", K.GRASSROOTS_COMMITTEE, BEFORE, ""),
        ("Chi bộ thôn Nà Pài", K.CELL, AFTER, ""),
    ],
)  # fmt: skip
def test_it_names_the_board_that_follows_the_campaign(name, kind, on, board):
    assert words.board_for(words.OrgOn(name, kind, None), on=on) == board


@pytest.mark.parametrize(
    ("year", "term"), [(2016, (2015, 2020)), (2020, (2020, 2025)), (2025, (2025, 2030)), (2026, (2025, 2030))]
)
def test_the_term_is_the_committees_that_closes_the_year(year, term):
    assert words.term_of(year) == term
    assert words.term_text(year) == f"nhiệm kỳ {term[0]} – {term[1]}"


def test_every_kind_is_a_committee_a_cell_or_neither_and_only_one():
    others = {K.AGENCY, K.MASS_ORGANISATION}
    for kind in K:
        assert [kind in kinds.COMMITTEE_KINDS, kind in kinds.CELL_KINDS, kind in others].count(True) == 1, (
            kind
        )
    assert kinds.UPPER_GRASSROOTS_KINDS <= kinds.COMMITTEE_KINDS


@pytest.mark.django_db
def test_a_chi_bo_co_so_counts_among_the_cells_that_study():
    commune = OrgFactory(name="Đảng bộ xã Phủ Thông", kind=K.COMMUNE_COMMITTEE)
    OrgFactory(name="Chi bộ thôn Nà Pài", kind=K.CELL, parent=commune)
    OrgFactory(name="Chi bộ Trường THPT Phủ Thông", kind=K.BASE_CELL, parent=commune)
    OrgFactory(name="Hội Nông dân xã Phủ Thông", kind=K.MASS_ORGANISATION, parent=commune)
    assert study_coverage(commune, 2026).cells == 2


@pytest.mark.django_db
def test_the_dashboard_counts_both_kinds_of_chi_bo_as_cells():
    from lamtheobac.cycle.selectors import rules_for
    from lamtheobac.reports import selectors as reports_selectors

    province = OrgFactory(name="Đảng bộ tỉnh Thái Nguyên", kind=K.PROVINCE_COMMITTEE)
    agencies = OrgFactory(
        name="Đảng bộ các cơ quan Đảng tỉnh", kind=K.PARTY_AGENCIES_COMMITTEE, parent=province
    )
    OrgFactory(name="Chi bộ Ban Tuyên giáo và Dân vận Tỉnh ủy", kind=K.BASE_CELL, parent=agencies)
    commune = OrgFactory(name="Đảng bộ xã Phủ Thông", kind=K.COMMUNE_COMMITTEE, parent=province)
    OrgFactory(name="Chi bộ thôn Nà Pài", kind=K.CELL, parent=commune)
    orgs = reports_selectors.year_subtree(province, 2026)
    totals = reports_selectors.roll_up(
        orgs, reports_selectors.own_figures(2026, rules_for(province, 2026), orgs)
    )
    assert (totals[province.path].cells, totals[agencies.path].cells, totals[commune.path].cells) == (2, 1, 1)
