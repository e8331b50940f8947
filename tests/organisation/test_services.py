import unicodedata

import pytest
from django.core.exceptions import ValidationError

from lamtheobac.organisation import selectors, services, timeline
from lamtheobac.organisation.models import (
    Org,
    OrgEvent,
    OrgEventKind,
    OrgKind,
    Person,
    PersonMove,
    Role,
    RoleGrant,
    segment,
    subtree_q,
)

from ..factories import OrgFactory

pytestmark = pytest.mark.django_db


def _messages(exc: pytest.ExceptionInfo) -> str:
    return " ".join(exc.value.messages)


# --- org_create -------------------------------------------------------------------------------


def test_it_creates_an_org_with_its_path(cast):
    org = services.org_create(actor=None, parent=cast.cell_a1, kind=OrgKind.CELL, name="Tổ 1", code="T1")
    assert org.path == cast.cell_a1.path + segment(org.pk)
    assert org.depth == cast.cell_a1.depth + 1
    assert OrgEvent.objects.filter(org=org, kind=OrgEventKind.CREATED).exists()


def test_it_normalises_names_on_save(cast):
    nfd = unicodedata.normalize("NFD", "  Chi bộ   thôn  Bản Cậu ")
    org = services.org_create(actor=None, parent=cast.commune_a1, kind=OrgKind.CELL, name=nfd, code=" BC ")
    org.refresh_from_db()
    assert org.name == "Chi bộ thôn Bản Cậu"
    assert unicodedata.is_normalized("NFC", org.name)
    assert org.code == "BC"
    assert org.name_folded == "chi bo thon ban cau"


def test_it_refuses_an_unknown_kind(cast):
    with pytest.raises(ValidationError) as exc:
        services.org_create(actor=None, parent=cast.commune_a1, kind="club", name="Câu lạc bộ", code="CLB")
    assert "Loại tổ chức “club” không có trong danh mục." in _messages(exc)
    assert not Org.objects.filter(code="CLB").exists()


def test_it_refuses_a_duplicate_code_whatever_the_case(cast):
    with pytest.raises(ValidationError) as exc:
        services.org_create(
            actor=None, parent=cast.commune_a1, kind=OrgKind.CELL, name="Chi bộ mới", code="a1c1"
        )
    assert "đã được dùng cho tổ chức khác" in _messages(exc)
    assert Org.objects.filter(code__iexact="a1c1").count() == 1


def test_it_refuses_an_empty_name(cast):
    with pytest.raises(ValidationError) as exc:
        services.org_create(actor=None, parent=cast.commune_a1, kind=OrgKind.CELL, name="   ", code="EMPTY")
    assert "Tên không được để trống." in _messages(exc)
    assert not Org.objects.filter(code="EMPTY").exists()


def test_it_refuses_a_child_under_an_inactive_org(cast):
    services.org_deactivate(actor=None, org=OrgFactory(parent=cast.commune_a2, code="GONE"))
    gone = Org.objects.get(code="GONE")
    with pytest.raises(ValidationError):
        services.org_create(actor=None, parent=gone, kind=OrgKind.CELL, name="Con", code="CON")


# --- org_update -------------------------------------------------------------------------------


def test_it_renames_and_keeps_the_old_name_in_history(cast):
    services.org_update(actor=cast.officer, org=cast.cell_a1, name="Chi bộ thôn Nà Pài mới", code="A1C1",
                        kind=OrgKind.CELL, sort_order=2)  # fmt: skip
    event = OrgEvent.objects.get(org=cast.cell_a1, kind=OrgEventKind.UPDATED)
    assert event.detail["changed"]["name"] == ["Chi bộ thôn Nà Pài", "Chi bộ thôn Nà Pài mới"]
    assert event.actor == cast.officer


# --- org_move ---------------------------------------------------------------------------------


def test_it_moves_an_org_with_its_whole_subtree(cast):
    sub = OrgFactory(parent=cast.cell_a1, code="SUB")
    services.org_move(actor=cast.officer, org=cast.commune_a1, new_parent=cast.district_b)
    for org in (cast.commune_a1, cast.cell_a1, sub):
        org.refresh_from_db()
    assert cast.commune_a1.parent == cast.district_b
    assert cast.commune_a1.path == cast.district_b.path + segment(cast.commune_a1.pk)
    assert cast.cell_a1.path == cast.commune_a1.path + segment(cast.cell_a1.pk)
    assert sub.path == cast.cell_a1.path + segment(sub.pk)
    assert sub.depth == 4
    in_b = set(Org.objects.filter(subtree_q(cast.district_b.path)).values_list("code", flat=True))
    assert {"A1", "A1C1", "SUB"} <= in_b
    in_a = set(Org.objects.filter(subtree_q(cast.district_a.path)).values_list("code", flat=True))
    assert in_a == {"A", "A2"}


def test_it_refuses_to_move_an_org_under_its_own_descendant(cast):
    before = Org.objects.get(pk=cast.district_a.pk).path
    for target in (cast.cell_a1, cast.district_a):
        with pytest.raises(ValidationError) as exc:
            services.org_move(actor=None, org=cast.district_a, new_parent=target)
        assert "tổ chức cấp dưới của nó" in _messages(exc)
    assert Org.objects.get(pk=cast.district_a.pk).path == before


def test_subtree_ranges_do_not_catch_siblings_with_a_longer_id(db):
    """Segment 1's range must not include segment 10 or 100: fixed-width segments guarantee it."""
    root = OrgFactory(kind=OrgKind.PROVINCE_COMMITTEE, code="R")
    kids = [OrgFactory(parent=root, code=f"K{i}") for i in range(12)]
    first = kids[0]
    assert list(Org.objects.filter(subtree_q(first.path))) == [first]


# --- deactivate, reactivate -------------------------------------------------------------------


def test_it_refuses_to_stop_an_org_with_active_people(cast):
    with pytest.raises(ValidationError) as exc:
        services.org_deactivate(actor=None, org=cast.cell_a1)
    assert "2 người đang sinh hoạt" in _messages(exc)
    assert Org.objects.get(pk=cast.cell_a1.pk).active


def test_it_stops_and_restarts_an_empty_org(cast):
    org = OrgFactory(parent=cast.commune_a2, code="EMPTYCELL")
    services.org_deactivate(actor=None, org=org)
    assert not Org.objects.get(pk=org.pk).active
    services.org_reactivate(actor=None, org=org)
    assert Org.objects.get(pk=org.pk).active


# --- merge ------------------------------------------------------------------------------------


def test_it_merges_communes_like_the_2025_mergers(cast):
    new = services.org_create(actor=None, parent=cast.district_a, kind=OrgKind.GRASSROOTS_COMMITTEE,
                              name="Đảng bộ xã Bạch Thông", code="BTNEW")  # fmt: skip
    services.org_merge(actor=cast.officer, sources=[cast.commune_a1, cast.commune_a2], target=new)

    for org in (cast.commune_a1, cast.commune_a2, cast.cell_a1):
        org.refresh_from_db()
    # the old communes ended, pointing at the new one: today they sit under it (their past carried into it),
    # and where they stood before stays in their spans
    assert not cast.commune_a1.active and cast.commune_a1.merged_into == new
    assert cast.commune_a1.parent == new and cast.commune_a1.path.startswith(new.path)
    last_year = timeline.today().year - 1
    assert selectors.span_in(cast.commune_a1, last_year).parent_id == cast.district_a.pk
    # their children and people moved to the new commune
    assert cast.cell_a1.parent == new
    assert cast.cell_a1.path.startswith(new.path)
    assert Person.objects.get(pk=cast.person_a2.pk).org == new
    move = PersonMove.objects.get(person=cast.person_a2)
    assert move.from_org == cast.commune_a2 and move.to_org == new
    # people of the moved cell stay in their cell
    assert Person.objects.get(pk=cast.member_person.pk).org == cast.cell_a1


def test_it_refuses_to_merge_an_org_with_its_descendant(cast):
    with pytest.raises(ValidationError):
        services.org_merge(actor=None, sources=[cast.cell_a1], target=cast.commune_a1)
    assert Org.objects.get(pk=cast.cell_a1.pk).active


# --- people -----------------------------------------------------------------------------------


def test_it_moves_a_person_and_keeps_history(cast):
    services.person_move(
        actor=cast.officer, person=cast.colleague, to_org=cast.commune_a2, reason="Chuyển công tác"
    )
    cast.colleague.refresh_from_db()
    assert cast.colleague.org == cast.commune_a2
    move = PersonMove.objects.get(person=cast.colleague)
    assert (move.from_org, move.to_org, move.moved_by, move.reason) == (
        cast.cell_a1, cast.commune_a2, cast.officer, "Chuyển công tác"
    )  # fmt: skip


def test_it_refuses_to_move_a_person_into_an_inactive_org(cast):
    org = OrgFactory(parent=cast.commune_a2, code="STOPPED")
    services.org_deactivate(actor=None, org=org)
    with pytest.raises(ValidationError) as exc:
        services.person_move(actor=None, person=cast.colleague, to_org=Org.objects.get(pk=org.pk))
    assert "đã ngừng hoạt động, không thể chuyển người vào" in _messages(exc)
    assert Person.objects.get(pk=cast.colleague.pk).org == cast.cell_a1
    assert not PersonMove.objects.exists()


def test_it_normalises_a_person_name(cast):
    person = services.person_create(
        actor=None,
        org=cast.cell_a1,
        full_name=unicodedata.normalize("NFD", " LÝ  thị   hồng "),
        kind="member",
    )
    assert person.full_name == "Lý Thị Hồng"
    assert person.name_folded == "ly thi hong"


# --- grants and accounts ----------------------------------------------------------------------


def test_it_refuses_a_duplicate_grant(cast):
    with pytest.raises(ValidationError):
        services.grant_create(actor=None, user=cast.leader, org=cast.commune_a1, role=Role.LEADER)
    assert RoleGrant.objects.filter(user=cast.leader).count() == 1


def test_it_opens_an_account_with_the_member_role(cast):
    user = services.account_create(
        actor=cast.officer, person=cast.colleague, username="NongDung", password="x8!kq2Lp"
    )
    assert user.username == "nongdung"
    assert user.check_password("x8!kq2Lp")
    assert RoleGrant.objects.filter(user=user, org=cast.cell_a1, role=Role.MEMBER).exists()
    with pytest.raises(ValidationError):
        services.account_create(actor=None, person=cast.person_a2, username="nongdung", password="x8!kq2Lp")


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("12345678", "password_entirely_numeric"),
        ("password123", "password_too_common"),
        ("Ab1!", "password_too_short"),
        ("nongdung2026", "password_too_similar"),
    ],
)
def test_it_refuses_an_initial_password_the_validators_refuse(cast, password, code):
    with pytest.raises(ValidationError) as exc:
        services.account_create(
            actor=cast.officer, person=cast.colleague, username="nongdung2026", password=password
        )
    assert code in [e.code for e in exc.value.error_dict["password"]]
    cast.colleague.refresh_from_db()
    assert cast.colleague.user_id is None


def test_an_initial_password_must_be_changed_at_the_first_sign_in(cast):
    user = services.account_create(
        actor=cast.officer, person=cast.colleague, username="nongdung", password="x8!kq2Lp"
    )
    assert user.account.must_change_password
    assert selectors.account_must_change_password(user)
    services.account_password_changed(user=user)
    assert not selectors.account_must_change_password(user)
    assert not selectors.account_must_change_password(cast.member)  # accounts made otherwise: no row, no rule
