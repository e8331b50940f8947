"""Which org kinds behave alike: the cells that study, the committees that lead, the levels above them.

Every place that branches on a kind asks these sets instead of naming kinds one by one, so a kind added
to ``OrgKind`` is counted everywhere it belongs by adding it here once.
"""

from __future__ import annotations

from .models import OrgKind

# A chi bộ, whether it is a tổ chức cơ sở đảng itself or a cell of a larger đảng bộ: what "cells studied
# the year's theme" counts, and whose documents are issued in the chi bộ's own name.
CELL_KINDS = frozenset({OrgKind.CELL, OrgKind.BASE_CELL})

# Đảng bộ cấp trên cơ sở since 1/7/2025, directly under the Tỉnh ủy (Quy định 298-QĐ/TW, 09/6/2025).
UPPER_GRASSROOTS_KINDS = frozenset(
    {
        OrgKind.COMMUNE_COMMITTEE,
        OrgKind.PARTY_AGENCIES_COMMITTEE,
        OrgKind.GOVERNMENT_COMMITTEE,
        OrgKind.UPPER_COMMITTEE,
    }
)

# Levels whose committee has a Ban Thường vụ and boards of its own (a Văn phòng, Ban Tuyên giáo…).
STANDING_KINDS = frozenset({OrgKind.PROVINCE_COMMITTEE, OrgKind.DISTRICT_COMMITTEE})

# A đảng bộ with an elected đảng ủy (or Tỉnh ủy, Huyện ủy) that leads the units under it.
COMMITTEE_KINDS = (
    STANDING_KINDS | UPPER_GRASSROOTS_KINDS | {OrgKind.GRASSROOTS_COMMITTEE, OrgKind.PARTIAL_COMMITTEE}
)

# Party organisations that report on the campaign to the level above: every committee and every cell.
PARTY_KINDS = COMMITTEE_KINDS | CELL_KINDS

# The orgs a unit's leaders write their own report for (a commune, a grassroots committee, a cell), as
# opposed to the levels whose reports are written by the officers of their boards.
LEADER_REPORT_KINDS = (COMMITTEE_KINDS - STANDING_KINDS) | CELL_KINDS
