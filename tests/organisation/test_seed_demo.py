"""The demo district (``seed_demo``) and the demo logins table (``demo_logins``).

The module reads the demo seeded once for the whole run and copied into its database (``demo_db``,
tests/demo_db.py); tests that change the database run inside their own rolled-back transaction.
"""

from __future__ import annotations

import datetime
import io
import random
import re
import unicodedata
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db.models import ProtectedError

from lamtheobac.demo.data.bach_thong import ROOT_CODE, ROOT_NAME
from lamtheobac.demo.data.names import REAL_PEOPLE
from lamtheobac.demo.era import OLD_PROVINCE_CODE, PROVINCE_CODE, REORGANISED_ON
from lamtheobac.demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from lamtheobac.demo.management.commands import seed_demo
from lamtheobac.demo.people import FEMALE, MALE, NAMES, is_real_person
from lamtheobac.demo.wipe import wipe
from lamtheobac.lib import text
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation import services, timeline
from lamtheobac.organisation.models import (
    SEGMENT,
    Gender,
    Membership,
    Org,
    OrgKind,
    Person,
    PersonKind,
    Role,
    segment,
)
from tests.demo_login import demo_sign_in

pytestmark = pytest.mark.django_db

COMMUNE_PLACES = (
    "Cẩm Giàng", "Cao Sơn", "Đôn Phong", "Dương Phong", "Hà Vị", "Lục Bình", "Mỹ Thanh",
    "Nguyên Phúc", "Quân Bình", "Quang Thuận", "Sĩ Bình", "Tân Tú", "Vi Hương", "Vũ Muộn",
)  # fmt: skip
COMMUNES = {"Đảng bộ thị trấn Phủ Thông", *(f"Đảng bộ xã {place}" for place in COMMUNE_PLACES)}
MASS_ORGANISATIONS = (
    "Ủy ban Mặt trận Tổ quốc",
    "Hội Nông dân",
    "Hội Liên hiệp Phụ nữ",
    "Đoàn Thanh niên",
    "Hội Cựu chiến binh",
)


def _roster() -> list[tuple[str, str]]:
    """Everyone, in creation order, with their org's code: what a seed must reproduce exactly."""
    return list(Person.objects.order_by("id").values_list("full_name", "org__code"))


LAST_DISTRICT_YEAR = REORGANISED_ON.year - 1


def _as_it_was(code: str) -> tuple[int | None, str, str]:
    """(parent's id, name, kind) of the org ``code`` in the district's last year (2024)."""
    span = org_selectors.span_in(Org.objects.get(code=code), LAST_DISTRICT_YEAR)
    return span.parent_id, span.name, span.kind


def _children_then(code: str, **filters):
    """The orgs directly under ``code`` in 2024's tree."""
    parent = Org.objects.get(code=code)
    ids = org_selectors.children_in_year(parent.pk, LAST_DISTRICT_YEAR).values("org_id")
    return Org.objects.filter(pk__in=ids, **filters)


def _seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@dataclass(frozen=True)
class Seeded:
    output: str
    roster: list[tuple[str, str]]


@pytest.fixture(scope="module")
def seeded(demo_db, django_db_blocker) -> Seeded:
    # The session's demo (tests/demo_db.py), copied into the database for this module.
    with django_db_blocker.unblock():
        return Seeded(output=demo_db.output, roster=_roster())


# The tests that seed again check the district and its people, which come first and whole; the years and the
# activities that follow them are built up to this day only (two years instead of all since 2016).
SMALL_TODAY = datetime.date(2017, 6, 15)


@pytest.fixture
def small(monkeypatch):
    """``seed_demo`` as it is, with the years and the activities built up to SMALL_TODAY."""
    build_cycle, build_activities = seed_demo.build_cycle, seed_demo.build_activities
    # (built in two calls, before and after the reorganisation: the second has nothing left to build)
    monkeypatch.setattr(
        seed_demo, "build_cycle", lambda seed, today, **years: build_cycle(seed, today=SMALL_TODAY, **years)
    )
    monkeypatch.setattr(
        seed_demo,
        "build_activities",
        lambda seed, today, **years: build_activities(seed, SMALL_TODAY, **years),
    )


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


# --- The district ------------------------------------------------------------------------------


def test_it_builds_about_250_collectives_and_3000_people(seeded):
    root = Org.objects.get(parent=None)
    assert root.code == PROVINCE_CODE and root.kind == OrgKind.PROVINCE_COMMITTEE
    assert (
        Org.objects.count() == 1 + Org.objects.exclude(pk=root.pk).filter(path__startswith=root.path).count()
    )
    district = Org.objects.get(code=ROOT_CODE)
    assert (district.name, district.kind) == (ROOT_NAME, OrgKind.DISTRICT_COMMITTEE)
    assert district.ended_on == REORGANISED_ON - datetime.timedelta(days=1)
    assert _as_it_was(ROOT_CODE)[0] == Org.objects.get(code=OLD_PROVINCE_CODE).pk  # under Bắc Kạn until then
    tree = org_selectors.tree_in_year(org_selectors.path_in(district, LAST_DISTRICT_YEAR), LAST_DISTRICT_YEAR)
    collectives = len(tree) - 1
    people = Person.objects.filter(memberships__in=Membership.objects.filter(
        timeline.year_q(LAST_DISTRICT_YEAR), org_id__in=[pk for pk, *_ in tree]
    )).count()  # fmt: skip
    assert 240 <= collectives <= 260
    assert 2900 <= people <= 3150
    assert f"Tổ chức: {collectives} tập thể" in seeded.output
    assert f"Cá nhân: {people:,}".replace(",", ".") in seeded.output


def _figure(words: str) -> int:
    return int(words.replace(".", ""))


def test_it_prints_each_stage_with_the_seconds_elapsed(seeded):
    stages = re.findall(r"^\[\s*(\d+\.\d) s\] (.+)$", seeded.output, re.M)
    assert len(stages) >= 6
    assert stages[0][1].startswith("Cây tổ chức") and stages[-1][1] == "Xong."
    seconds = [float(s) for s, _ in stages]
    assert seconds == sorted(seconds)


def test_its_summary_counts_one_year_where_it_names_one(seeded):
    from lamtheobac.activities.models import Inspection
    from lamtheobac.cycle.models import Record, RecordKind
    from lamtheobac.demo.era import era_of

    years = re.findall(r"^ {4}Năm (\d{4}): ([\d.]+) kế hoạch, ([\d.]+) bản cam kết", seeded.output, re.M)
    assert len(years) >= 10
    for year, plans, commitments in years:
        records = Record.objects.filter(year=int(year))
        assert _figure(plans) == records.filter(kind=RecordKind.PLAN).count(), year
        assert _figure(commitments) == records.filter(kind=RecordKind.COMMITMENT).count(), year
    checks = re.findall(
        r"^ {4}Năm (\d{4}): .*?([\d.]+) cuộc kiểm tra, giám sát \(([\d.]+) của ([^)]+)\)", seeded.output, re.M
    )
    assert len(checks) == len(years)
    for year, total, top, who in checks:
        era = era_of(int(year))
        assert who == era.committee, year  # the district's until 2024, the province's after
        assert _figure(total) == Inspection.objects.filter(year=int(year)).count(), year
        assert _figure(top) == Inspection.objects.filter(year=int(year), org__code=era.root_code).count(), (
            year
        )


def test_its_quality_line_says_it_adds_up_every_year(seeded):
    from django.db.models import Sum

    from lamtheobac.cycle.models import Record
    from lamtheobac.quality.models import RecordQuality

    line = next(line for line in seeded.output.splitlines() if line.startswith("  Chất lượng"))
    first, last = Record.objects.order_by("year").first().year, Record.objects.order_by("-year").first().year
    assert f"cộng cả {first}–{last}" in line
    sums = RecordQuality.objects.aggregate(actions=Sum("actions"))

    def n(value: int) -> str:
        return f"{value:,}".replace(",", ".")

    assert (
        f"trên {n(sums['actions'])} việc làm của {n(Record.objects.count())} kế hoạch, bản cam kết)" in line
    )
    copied = RecordQuality.objects.filter(copied_last_year=True).count()
    assert f"; {n(copied)} kế hoạch, bản cam kết giống bản năm trước" in line


def test_the_fifteen_communes_have_their_names_cells_and_mass_organisations(seeded):
    communes = Org.objects.filter(name__in=COMMUNES, code__startswith="BT-")  # Cẩm Giàng again since 2025
    assert communes.count() == len(COMMUNES) == 15
    district = Org.objects.get(code=ROOT_CODE)
    for commune in communes:
        assert commune.kind == OrgKind.GRASSROOTS_COMMITTEE and _as_it_was(commune.code)[0] == district.pk
        assert commune.ended_on == REORGANISED_ON - datetime.timedelta(days=1) and commune.merged_into_id
        unit = "thị trấn" if commune.name.startswith("Đảng bộ thị trấn") else "xã"
        place = commune.name.split(f"Đảng bộ {unit} ", 1)[1]
        mass = _children_then(commune.code, kind=OrgKind.MASS_ORGANISATION)
        assert sorted(m.name for m in mass) == sorted(f"{m} {unit} {place}" for m in MASS_ORGANISATIONS)
        cells = _children_then(commune.code, kind=OrgKind.CELL)
        assert cells.filter(name__startswith="Chi bộ thôn").exists() or unit == "thị trấn"
        assert cells.filter(name__startswith="Chi bộ Trường Tiểu học").exists()
        assert [c.code for c in cells.order_by("sort_order")] == [
            f"{commune.code}-CB{n:02d}" for n in range(1, cells.count() + 1)
        ]


def test_luc_binh_has_exactly_ten_cells(seeded):
    luc_binh = Org.objects.get(name="Đảng bộ xã Lục Bình")
    assert luc_binh.code == "BT-LB"
    cells = _children_then("BT-LB", kind=OrgKind.CELL)
    assert cells.count() == 10
    assert cells.get(code="BT-LB-CB01").name == "Chi bộ thôn Nà Pài"
    assert _children_then("BT-LB").get(code="BT-LB-MT").name == "Ủy ban Mặt trận Tổ quốc xã Lục Bình"
    # since 1/7/2025 its cells are Phủ Thông's, the commune that took it in
    assert set(cells) <= set(Org.objects.get(code="TN-PT").children.all())
    assert luc_binh.merged_into.code == "TN-PT"


def test_district_level_units_sit_directly_under_the_district(seeded):
    direct = _children_then(ROOT_CODE).exclude(name__in=COMMUNES)
    assert 8 <= direct.count() <= 12
    names = set(direct.values_list("name", flat=True))
    assert {"Văn phòng Huyện ủy", "Ban Tuyên giáo Huyện ủy", "Chi bộ Công an huyện"} <= names
    assert _children_then("BT-CQCQ", kind=OrgKind.CELL).count() >= 3


def test_every_org_path_is_what_org_create_would_write(seeded):
    orgs = {o.pk: o for o in Org.objects.all()}
    for org in orgs.values():
        parent_path = orgs[org.parent_id].path if org.parent_id else ""
        assert org.path == parent_path + segment(org.pk), org.code
        assert org.depth == len(org.path) // SEGMENT - 1, org.code
        assert org.active == (org.ended_on is None)
        assert (
            org.merged_into_id is None or org.parent_id == org.merged_into_id
        )  # an ended org under its successor


def test_people_are_a_plausible_mix(seeded):
    people = list(Person.objects.all())
    kinds = {k: sum(p.kind == k for p in people) for k in PersonKind.values}
    assert all(kinds.values()), kinds
    assert kinds[PersonKind.MEMBER] > len(people) / 2
    assert {p.gender for p in people} == set(Gender.values)
    assert all(1950 <= p.birth_year <= 2000 for p in people)
    assert all(p.position for p in people)
    assert not any(p.party_card_number or p.citizen_id or p.phone or p.email for p in people)
    # people live in cells, agencies and mass organisations, never directly in a committee
    assert not Person.objects.filter(
        org__kind__in=[OrgKind.DISTRICT_COMMITTEE, OrgKind.GRASSROOTS_COMMITTEE]
    ).exists()
    village = Org.objects.filter(name__startswith="Chi bộ thôn")
    per_village = Person.objects.filter(org__in=village).count() / village.count()
    assert 15 <= per_village <= 25


def test_names_are_nfc_with_their_derived_columns_and_never_real_people(seeded):
    real = {text.fold(n) for n in REAL_PEOPLE}
    for p in Person.objects.all():
        assert unicodedata.is_normalized("NFC", p.full_name), p.full_name
        assert p.full_name == text.title_name(p.full_name)
        assert p.name_folded == text.fold(p.full_name)
        assert p.name_sort == text.name_sort_key(p.full_name)
        assert unicodedata.is_normalized("NFC", p.position)
        assert text.fold(p.full_name) not in real
        assert not is_real_person(p.full_name), p.full_name
    assert not Person.objects.filter(full_name__in=["Hoàng Văn Trí", "Nguyễn Thanh Hà"]).exists()
    assert all(unicodedata.is_normalized("NFC", name) for name in Org.objects.values_list("name", flat=True))


def test_the_name_drawer_refuses_real_people_it_would_otherwise_produce():
    rng = random.Random(2020)
    composed = {NAMES.compose(rng, gender, 1970) for _ in range(20_000) for gender in (MALE, FEMALE)}
    assert "Hoàng Văn Trí" in composed  # the filter below has something to catch
    rng = random.Random(2020)
    drawn = [NAMES.draw(rng, gender, 1970) for _ in range(20_000) for gender in (MALE, FEMALE)]
    assert not any(is_real_person(n) for n in drawn)
    assert is_real_person("hoàng văn trí") and is_real_person("Hoàng Văn Tri")
    assert is_real_person("Lý Thanh Tuyền") and is_real_person("Nguyễn Thanh Hà")
    assert not is_real_person("Nguyễn Thị Thanh Hà") and not is_real_person("Hoàng Văn Trọng")


# --- Logins ----------------------------------------------------------------------------------


def test_every_demo_login_has_its_grants_person_and_password(seeded):
    for login in DEMO_LOGINS:
        user = User.objects.get(username=login.username)
        assert user.check_password(DEMO_PASSWORD), login.username
        assert not user.is_superuser and not user.is_staff
        grants = {(g.role, g.org.code) for g in user.grants.select_related("org")}
        assert grants == {(str(role), code) for role, code in login.grants}, login.username
        if login.person_in:
            assert user.person.position == login.position
            assert user.first_name == user.person.full_name
        else:
            assert not Person.objects.filter(user=user).exists()


def test_the_demo_people_sit_where_their_roles_are(seeded):
    person = {
        login.username: Person.objects.filter(user__username=login.username).first() for login in DEMO_LOGINS
    }
    assert person["admin"] is None
    assert person["chuyenvien"].org.code == "TN-CQD-TGDV"
    assert person["chuyenvien"].position == "Chuyên viên Ban Tuyên giáo và Dân vận Tỉnh ủy"
    assert person["kiemtra"].position == "Cán bộ Ủy ban Kiểm tra Huyện ủy"
    # the district's inspector and Lục Bình's secretary went on with the units that took theirs in
    assert person["kiemtra"].memberships.get(timeline.year_q(LAST_DISTRICT_YEAR)).org.code == "BT-UBKT"
    assert person["bithu_xa"].position == "Bí thư Đảng ủy xã"
    assert person["bithu_xa"].org.parent.code == "TN-PT"
    was = person["bithu_xa"].memberships.get(timeline.year_q(LAST_DISTRICT_YEAR)).org
    assert org_selectors.span_in(was, LAST_DISTRICT_YEAR).parent.code == "BT-LB"
    cell = Org.objects.get(code="BT-LB-CB01")
    assert cell.parent.code == "TN-PT"
    assert person["bithu_chibo"].org == cell and person["bithu_chibo"].position == "Bí thư chi bộ"
    assert person["dangvien"].org == cell and person["dangvien"].position == "Đảng viên"
    assert person["dangvien"].kind == PersonKind.MEMBER
    assert set(User.objects.get(username="bithu_chibo").grants.values_list("role", flat=True)) == {
        Role.LEADER,
        Role.MEMBER,
    }


def test_demo_logins_prints_the_table(seeded):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    printed = out.getvalue()
    assert printed.startswith("Tài khoản dùng thử (mật khẩu: lamtheobac)")
    for login in DEMO_LOGINS:
        line = next(line for line in printed.splitlines() if line.startswith(f"{login.username} "))
        assert line.endswith(DEMO_PASSWORD)
    for label in ("Quản trị hệ thống", "Chuyên viên theo dõi", "Kiểm tra viên", "Lãnh đạo cấp ủy", "Cá nhân"):
        assert label in printed
    assert "Đảng bộ xã Phủ Thông" in printed and "Chi bộ thôn Nà Pài" in printed
    assert "Đảng bộ tỉnh Thái Nguyên" in printed
    assert User.objects.get(username="dangvien").first_name in printed


def test_demo_logins_says_so_when_there_are_none(seeded):
    wipe()
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert "Chưa có tài khoản dùng thử" in out.getvalue()


def test_demo_logins_does_not_vouch_for_a_changed_password(seeded):
    user = User.objects.get(username="kiemtra")
    user.set_password("mat-khau-rieng-cua-toi")
    user.save()
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    line = next(line for line in out.getvalue().splitlines() if line.startswith("kiemtra "))
    assert "(đã đổi)" in line and DEMO_PASSWORD not in line


def test_demo_logins_keeps_the_demo_admin_able_to_sign_in(seeded):
    """The demo admin must use two-factor sign-in: demo_logins gives it an authenticator and prints its key
    and three unused recovery codes, topped up once they are used; never for a password no longer the demo's."""
    from django_otp.plugins.otp_static.models import StaticToken

    def printed_codes() -> list[str]:
        out = io.StringIO()
        call_command("demo_logins", stdout=out)
        line = next(ln for ln in out.getvalue().splitlines() if ln.startswith("admin dùng xác thực hai lớp"))
        return [c.replace(" ", "") for c in re.findall(r"\b\d{4} \d{4}\b", line)]

    first = printed_codes()
    assert len(first) == 3
    assert printed_codes() == first  # unused codes stay
    StaticToken.objects.filter(token__in=first).delete()  # used up
    fresh = printed_codes()
    assert len(fresh) == 3 and not set(fresh) & set(first)
    assert StaticToken.objects.filter(device__user__username="admin", token__in=fresh).count() == 3

    admin = User.objects.get(username="admin")
    admin.set_password("mat-khau-rieng-cua-toi")
    admin.save()
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert "xác thực hai lớp" not in out.getvalue()


# --- Safety and determinism -------------------------------------------------------------------


def test_it_refuses_to_run_without_debug(seeded, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        _seed("--force")
    assert _roster() == seeded.roster


def test_it_refuses_a_database_that_has_orgs_without_force(seeded, debug):
    with pytest.raises(CommandError, match="--force"):
        _seed()
    assert _roster() == seeded.roster


def test_if_empty_leaves_a_database_that_has_orgs_unchanged(seeded, debug):
    orgs = list(Org.objects.order_by("id").values_list("id", "code"))
    output = _seed("--if-empty", "--seed", "7")
    assert "giữ nguyên" in output
    assert list(Org.objects.order_by("id").values_list("id", "code")) == orgs
    assert _roster() == seeded.roster
    assert User.objects.count() == len(DEMO_LOGINS)


def test_if_empty_seeds_an_empty_database(seeded, debug, small):
    wipe()
    _seed("--if-empty")
    assert _roster() == seeded.roster


def test_the_same_seed_gives_the_same_people_and_another_seed_other_people(seeded, debug, small):
    # A used database: a merger leaves inactive orgs, merged_into links, moves and history rows, all of
    # which protect orgs from deletion; a superuser must survive --force.
    services.org_merge(
        actor=None,
        sources=[Org.objects.get(code="BT-LB-CB06")],
        target=Org.objects.get(code="BT-LB-CB05"),
    )
    User.objects.create_superuser("quantri", password="mat-khau-quan-tri")

    output = _seed("--force", "--seed", "2020")
    assert "Đã xóa dữ liệu cũ" in output
    assert _roster() == seeded.roster
    assert User.objects.filter(username="quantri", is_superuser=True).exists()

    _seed("--force", "--seed", "7")
    other = _roster()
    assert other != seeded.roster
    assert [name for name, _ in other] != [name for name, _ in seeded.roster]
    # the tree is the same for every seed; only the people differ
    assert {code for _, code in other} == {code for _, code in seeded.roster}
    assert _children_then("BT-LB", kind=OrgKind.CELL).count() == 10


def test_force_refuses_when_a_kept_superuser_holds_a_demo_login_name(seeded, debug):
    User.objects.filter(username="admin").update(is_superuser=True)
    with pytest.raises(CommandError, match="“admin”"):
        _seed("--force")
    # the whole run is one transaction: the wipe it started is undone
    assert _roster() == seeded.roster


def test_force_explains_records_it_may_not_delete(seeded, debug, monkeypatch):
    def blocked_wipe():
        raise ProtectedError("protected", {Person.objects.first()})

    monkeypatch.setattr(seed_demo, "wipe", blocked_wipe)
    with pytest.raises(CommandError, match=r"Không xóa được dữ liệu cũ.*cá nhân"):
        _seed("--force")
    assert _roster() == seeded.roster


# --- The demo as its users meet it --------------------------------------------------------------

HOME_SECTIONS = {
    "admin": [("admin", PROVINCE_CODE)],
    "chuyenvien": [("officer", PROVINCE_CODE)],
    "kiemtra": [("inspector", PROVINCE_CODE)],
    "bithu_xa": [("leader", "TN-PT")],
    "bithu_chibo": [("leader", "BT-LB-CB01")],
    "dangvien": [],
}


@pytest.mark.parametrize("username", sorted(HOME_SECTIONS))
def test_each_demo_login_lands_on_its_own_home_page(seeded, client, username):
    response = demo_sign_in(client, username)  # the admin types a recovery code printed by demo_logins
    assert response.redirect_chain[-1][0] == "/"
    sections = [(s.role, s.org.code) for s in response.context["sections"]]
    assert sections == HOME_SECTIONS[username]
    me = response.context["me"]
    if username == "dangvien":
        assert me is not None and me.org.code == "BT-LB-CB01"
        assert "Hồ sơ của tôi" in response.content.decode()


def test_the_commune_secretary_gets_404_for_a_person_of_another_commune(seeded, client):
    client.post("/tai-khoan/dang-nhap/", {"username": "bithu_xa", "password": DEMO_PASSWORD})
    other = Person.objects.filter(org__path__startswith=Org.objects.get(code="TN-VT").path).first()
    own = Person.objects.filter(org__code="BT-LB-CB01").first()
    assert client.get(f"/ca-nhan/{other.pk}/").status_code == 404
    assert client.get(f"/ca-nhan/{own.pk}/").status_code == 200


def test_the_searches_work_on_the_demo(seeded, client):
    client.post("/tai-khoan/dang-nhap/", {"username": "chuyenvien", "password": DEMO_PASSWORD})
    response = client.get("/tim-kiem/", {"q": "luc binh"})
    assert "Đảng bộ xã Lục Bình" in [o.name for o in response.context["orgs"]]  # ended, still found
    target = Person.objects.filter(name_folded__startswith="nguyen thi h").order_by("id").first()
    query = " ".join(target.name_folded.split()[:3])
    found = client.get("/tim-kiem/", {"q": query}).context["page"].paginator.object_list
    assert target in found
    assert all(all(word in p.name_folded for word in query.split()) for p in found)
