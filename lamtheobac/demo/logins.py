"""The demo logins: one per role, all with the same password. Used by ``seed_demo`` and ``demo_logins``."""

from __future__ import annotations

from dataclasses import dataclass

from lamtheobac.organisation.models import PersonKind, Role

from .era import PROVINCE_CODE

DEMO_PASSWORD = "lamtheobac"

LUC_BINH = "BT-LB"
LUC_BINH_FIRST_CELL = "BT-LB-CB01"  # Chi bộ thôn Nà Pài, under Đảng bộ xã Phủ Thông since 1/7/2025
PHU_THONG = "TN-PT"  # Đảng bộ xã Phủ Thông, which took Lục Bình in
PROVINCE_BOARD = "TN-CQD-TGDV"  # Chi bộ Ban Tuyên giáo và Dân vận Tỉnh ủy


@dataclass(frozen=True)
class DemoLogin:
    """A login, the grants it gets (role, org code) and, optionally, who it is.

    The person is the first one (in creation order) with ``position`` (and ``person_kind`` when given)
    in the subtree of ``person_in``.
    """

    username: str
    grants: tuple[tuple[str, str], ...]
    person_in: str = ""
    position: str = ""
    person_kind: str = ""
    display_name: str = ""  # for a login without a person

    @property
    def role(self) -> str:
        """The role the login is meant to show off (its first grant)."""
        return self.grants[0][0]


# Grants at the orgs of today's tree (Đảng bộ tỉnh Thái Nguyên since 1/7/2025); the people are those of the
# district who went on (the secretary of Lục Bình leads Phủ Thông, which took it in) and of the province.
DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin("admin", ((Role.ADMIN, PROVINCE_CODE),), display_name="Quản trị hệ thống"),
    DemoLogin(
        "chuyenvien",
        ((Role.OFFICER, PROVINCE_CODE),),
        person_in=PROVINCE_BOARD,
        position="Chuyên viên Ban Tuyên giáo và Dân vận Tỉnh ủy",
    ),
    DemoLogin(
        "kiemtra",
        ((Role.INSPECTOR, PROVINCE_CODE),),
        person_in="BT-UBKT",
        position="Cán bộ Ủy ban Kiểm tra Huyện ủy",
    ),
    DemoLogin("bithu_xa", ((Role.LEADER, PHU_THONG),), person_in=LUC_BINH, position="Bí thư Đảng ủy xã"),
    DemoLogin(
        "bithu_chibo",
        ((Role.LEADER, LUC_BINH_FIRST_CELL), (Role.MEMBER, LUC_BINH_FIRST_CELL)),
        person_in=LUC_BINH_FIRST_CELL,
        position="Bí thư chi bộ",
    ),
    DemoLogin(
        "dangvien",
        ((Role.MEMBER, LUC_BINH_FIRST_CELL),),
        person_in=LUC_BINH_FIRST_CELL,
        position="Đảng viên",
        person_kind=PersonKind.MEMBER,
    ),
)

DEMO_USERNAMES: tuple[str, ...] = tuple(login.username for login in DEMO_LOGINS)
