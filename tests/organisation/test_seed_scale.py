"""``seed_demo --scale province|national``: the large synthetic trees, checked on a small province.

The module seeds once (3,000 people, committed, wiped at the end) with the date pinned late in the year, so that
every state of the cycle is present; tests that change the database run in their own rolled-back transaction.
"""

from __future__ import annotations

import datetime
import io
import itertools
from collections import Counter
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Q
from django.test import override_settings

from lamtheobac.activities.models import Commendation, Exemplar
from lamtheobac.cycle import workflow
from lamtheobac.cycle.models import (
    DEFAULT_COMMITMENT_KINDS,
    Period,
    Record,
    RecordItem,
    RecordKind,
    RecordState,
    Transition,
)
from lamtheobac.demo import scale
from lamtheobac.demo.cycle import PLAN_ORG_KINDS
from lamtheobac.demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from lamtheobac.demo.wipe import wipe
from lamtheobac.lib import text
from lamtheobac.organisation import services
from lamtheobac.organisation.models import SEGMENT, Org, OrgEvent, OrgKind, Person, PersonKind, Role, segment
from lamtheobac.quality.models import RecordQuality
from lamtheobac.quality.services import refresh_all
from lamtheobac.reports.selectors import dashboard
from tests.demo_login import demo_sign_in

pytestmark = pytest.mark.django_db

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PEOPLE = 3000
YEAR = datetime.date.today().year
TODAY = datetime.date(YEAR, 11, 28)  # after the year-end review opens: every state is in the mix
S = RecordState


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker) -> Iterator[scale.ScaleSummary]:
    # The same fast hasher as every test (conftest): a hash made with Argon2 would not check under it.
    with django_db_blocker.unblock(), override_settings(DEBUG=True, PASSWORD_HASHERS=FAST_HASHERS):
        with transaction.atomic():
            summary = scale.build_scale("province", seed=2020, people=PEOPLE, today=TODAY, say=lambda _: None)
    yield summary
    with django_db_blocker.unblock(), transaction.atomic():
        wipe()


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def _seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


# --- The tree ------------------------------------------------------------------------------------


def test_it_builds_a_province_of_districts_communes_and_cells(seeded):
    root = Org.objects.get(parent=None)
    assert (root.name, root.kind, root.depth) == ("Đảng bộ tỉnh Bắc Kạn", OrgKind.PROVINCE_COMMITTEE, 0)
    assert Org.objects.exclude(path__startswith=root.path).count() == 0
    assert max(Org.objects.values_list("depth", flat=True)) == 3 == seeded.max_depth
    districts = Org.objects.filter(kind=OrgKind.DISTRICT_COMMITTEE)
    assert districts.exists() and all(d.parent_id == root.pk for d in districts)
    assert all(d.name.startswith("Đảng bộ huyện ") for d in districts)
    communes = Org.objects.filter(kind=OrgKind.GRASSROOTS_COMMITTEE, name__startswith="Đảng bộ xã ")
    assert communes.count() >= 3
    for commune in communes:
        assert commune.parent.kind == OrgKind.DISTRICT_COMMITTEE and commune.depth == 2
        cells = commune.children.filter(kind=OrgKind.CELL)
        assert cells.filter(name__startswith="Chi bộ thôn ").count() >= 8
        assert commune.children.filter(kind=OrgKind.MASS_ORGANISATION).count() == 5
        assert [c.code for c in cells.order_by("sort_order")] == [
            f"{commune.code}-CB{n:02d}" for n in range(1, cells.count() + 1)
        ]
    assert Org.objects.filter(kind=OrgKind.CELL, depth=3).exists()
    assert Org.objects.filter(
        parent=root, kind=OrgKind.AGENCY, name="Ban Tuyên giáo Tỉnh ủy Bắc Kạn"
    ).exists()
    # the demo's own places, where the logins sit
    assert Org.objects.get(name="Đảng bộ xã Lục Bình").parent.name == "Đảng bộ huyện Bạch Thông"
    assert (
        Org.objects.get(name="Đảng bộ xã Lục Bình").children.order_by("sort_order")[0].name
        == "Chi bộ thôn Nà Pài"
    )


def test_paths_depths_and_folded_names_are_what_the_models_compute(seeded):
    orgs = {o.pk: o for o in Org.objects.all()}
    assert [o.pk for o in sorted(orgs.values(), key=lambda o: o.path)] == sorted(
        orgs
    )  # created parents first
    for org in orgs.values():
        parent_path = orgs[org.parent_id].path if org.parent_id else ""
        assert org.path == parent_path + segment(org.pk), org.code
        assert org.depth == len(org.path) // SEGMENT - 1, org.code
        assert (org.name, org.code) == (text.clean(org.name), text.clean(org.code))
        assert org.name_folded == text.fold(org.name), org.code
        assert org.active and org.merged_into_id is None
    assert len({o.code for o in orgs.values()}) == len(orgs)
    # saving through the model changes nothing; a new org takes the next id and the path org_create gives it
    cell = Org.objects.filter(kind=OrgKind.CELL).order_by("-pk").first()
    before = (cell.name, cell.name_folded, cell.code, cell.path, cell.depth)
    cell.save()
    cell.refresh_from_db()
    assert (cell.name, cell.name_folded, cell.code, cell.path, cell.depth) == before
    with transaction.atomic():
        child = services.org_create(
            actor=None, parent=cell, kind=OrgKind.CELL, name="Tổ  đảng thử", code="X-1"
        )
        assert child.pk > max(orgs)  # the next automatic id never collides with a generated one
        assert child.path == cell.path + segment(child.pk) and child.depth == cell.depth + 1
        assert child.name_folded == "to dang thu"
        transaction.set_rollback(True)
    # one "created" history row per org, naming its parent
    events = dict(OrgEvent.objects.values_list("org_id", "detail"))
    assert len(events) == len(orgs)
    assert all(
        events[pk] == {"parent": orgs[o.parent_id].name if o.parent_id else None} for pk, o in orgs.items()
    )


def test_people_have_the_derived_columns_person_save_would_write(seeded):
    people = list(Person.objects.all())
    for p in people:
        assert p.full_name == text.title_name(p.full_name)
        assert p.name_folded == text.fold(p.full_name)
        assert p.name_sort == text.name_sort_key(p.full_name)
        assert p.position == text.clean(p.position) != ""
    person = people[-1]
    before = (person.full_name, person.name_folded, person.name_sort, person.position)
    person.save()
    person.refresh_from_db()
    assert (person.full_name, person.name_folded, person.name_sort, person.position) == before
    kinds = Counter(p.kind for p in people)
    assert all(kinds[k] for k in PersonKind.values) and kinds[PersonKind.MEMBER] > len(people) / 2
    assert not Person.objects.filter(
        org__kind__in=[OrgKind.PROVINCE_COMMITTEE, OrgKind.DISTRICT_COMMITTEE, OrgKind.GRASSROOTS_COMMITTEE]
    ).exists()
    # a new person gets an id of its own: the sequences were set after the bulk load
    new = Person.objects.create(full_name="nguyễn  văn thử", kind=PersonKind.MEMBER, org=person.org)
    assert new.pk > max(p.pk for p in people) and new.full_name == "Nguyễn Văn Thử"


def test_counts_are_in_proportion_to_the_size_asked_for(seeded):
    people, orgs = Person.objects.count(), Org.objects.count()
    assert 0.75 * PEOPLE <= people <= 1.3 * PEOPLE
    assert 14 <= people / orgs <= 26  # ~20 people per org, as at full size (300,000 for ~15,000)
    assert (people, orgs) == (seeded.people, seeded.orgs)
    assert seeded.rows["organisation_person"] == people
    plan = scale.plan_for(scale.SCALES["province"], 300_000)
    assert (plan.provinces, plan.districts) == (1, 10) and 40 <= plan.communes <= 80
    national = scale.plan_for(scale.SCALES["national"], 5_600_000)
    assert (national.provinces, national.districts) == (63, 11) and 10 <= national.communes <= 25


# --- The year --------------------------------------------------------------------------------------


def test_one_year_is_open_at_the_root_with_the_demo_defaults(seeded):
    period = Period.objects.get()
    assert (period.org.parent_id, period.year, period.state, period.min_actions) == (None, YEAR, "open", 3)
    assert set(period.plan_org_kinds) == set(PLAN_ORG_KINDS)
    assert set(period.commitment_person_kinds) == set(DEFAULT_COMMITMENT_KINDS)
    assert (period.plan_deadline, period.commitment_deadline) == (
        datetime.date(YEAR, 3, 31),
        datetime.date(YEAR, 4, 15),
    )
    assert period.breakthroughs.count() == 3 and period.programmes.filter(code="CT05").exists()


def test_every_person_who_must_file_has_one_commitment_unless_not_started(seeded):
    required = set(
        Person.objects.filter(active=True, kind__in=DEFAULT_COMMITMENT_KINDS).values_list("pk", flat=True)
    )
    rows = list(
        Record.objects.filter(kind=RecordKind.COMMITMENT, year=YEAR).values_list(
            "person_id", "org_id", "person__org_id"
        )
    )
    writers = [person for person, _org, _home in rows]
    assert len(writers) == len(set(writers))  # never two
    assert set(writers) <= required and all(org == home for _p, org, home in rows)
    not_started = required - set(writers)
    assert len(required) == seeded.required_people
    assert len(not_started) == seeded.required_people - sum(seeded.commitments.values())
    assert 0 < len(not_started) < 0.05 * len(required)  # the cycle demo's mix: 1.5 % have not started
    # plans: one per collective of the kinds that file (never the root or a district committee)
    plans = list(Record.objects.filter(kind=RecordKind.PLAN).values_list("org_id", "org__kind", "person_id"))
    assert len(plans) == len({org for org, _k, _p in plans}) == sum(seeded.plans.values())
    assert all(kind in PLAN_ORG_KINDS and person is None for _o, kind, person in plans)
    assert len(plans) > 0.9 * Org.objects.filter(kind__in=PLAN_ORG_KINDS).count()


def test_records_are_in_mixed_states_with_items_and_ratings(seeded):
    states = Counter(Record.objects.filter(kind=RecordKind.COMMITMENT).values_list("state", flat=True))
    assert set(states) == {S.DRAFT, S.SUBMITTED, S.APPROVED, S.RETURNED, S.SELF_ASSESSED, S.RATED}
    assert states[S.APPROVED] > sum(states.values()) / 2
    rated = Record.objects.filter(state=S.RATED)
    assert rated.exists() and not rated.filter(rating="").exists() and not rated.filter(score=None).exists()
    assert not Record.objects.exclude(state=S.RATED).exclude(rating="").exists()
    assert not Record.objects.filter(state=S.RETURNED, return_comment="").exists()
    sizes = Counter(
        RecordItem.objects.filter(record__kind=RecordKind.COMMITMENT).values_list("record_id", flat=True)
    )
    commitments = Record.objects.filter(kind=RecordKind.COMMITMENT).count()
    assert len(sizes) == commitments
    assert sum(1 for n in sizes.values() if not 3 <= n <= 5) <= 1  # the demo member's half-written draft
    assessed = RecordItem.objects.filter(record__state__in=[S.SELF_ASSESSED, S.RATED])
    assert not assessed.filter(result="").exists()
    assert (
        not RecordItem.objects.exclude(record__state__in=[S.SELF_ASSESSED, S.RATED])
        .exclude(result="")
        .exists()
    )
    assert not RecordItem.objects.filter(action="").exists()
    assert not RecordItem.objects.filter(programmes=None).exists()  # Chỉ thị 05 at least
    assert RecordItem.objects.filter(breakthrough__isnull=False).exists()


def test_transitions_tell_how_each_record_reached_its_state(seeded):
    legal = {(frm, to) for moves in workflow.TRANSITIONS.values() for frm, to in moves.items()}
    records = Record.objects.filter(year=YEAR).prefetch_related("transitions")
    for record in records:
        chain = sorted(record.transitions.all(), key=lambda t: (t.at, t.pk))
        if record.state == S.DRAFT:
            assert chain == [] and record.submitted_at is None
            continue
        assert chain[0].from_state == S.DRAFT and chain[-1].to_state == record.state
        assert all((t.from_state, t.to_state) in legal for t in chain)
        assert all(a.to_state == b.from_state for a, b in itertools.pairwise(chain))
        assert record.created_at < chain[0].at and record.updated_at == chain[-1].at
        submits = [t.at for t in chain if t.to_state == S.SUBMITTED]
        assert record.submitted_at == submits[-1]
        assert record.is_late == (
            record.submitted_at.date()
            > datetime.date(YEAR, 3 if record.kind == "plan" else 4, 31 if record.kind == "plan" else 15)
        )
        found = {t.to_state: t.at for t in chain}
        assert record.approved_at == found.get(S.APPROVED) and record.rated_at == found.get(S.RATED)
        assert record.self_assessed_at == found.get(S.SELF_ASSESSED)
    assert Transition.objects.filter(from_state="").count() == 0  # no creation rows (documented)


def test_the_dashboard_counts_what_a_plain_count_of_the_records_gives(seeded):
    root = Org.objects.get(parent=None)
    total = dashboard(root, YEAR).total
    records = Record.objects.filter(year=YEAR)
    plans, commitments = records.filter(kind=RecordKind.PLAN), records.filter(kind=RecordKind.COMMITMENT)
    # filed: submitted and not back with the writer (a returned record is owed again); the scale seed locks nothing
    filed = Q(submitted_at__isnull=False) & ~Q(state__in=[RecordState.DRAFT, RecordState.RETURNED])
    assert not records.filter(state=RecordState.LOCKED).exists()
    assert total.plans_filed == plans.filter(filed).count() > 0
    assert total.plans_approved == plans.filter(approved_at__isnull=False).count() > 0
    assert total.commitments_filed == commitments.filter(filed).count() > 0
    assert total.commitments_approved == commitments.filter(approved_at__isnull=False).count() > 0
    assert total.people_required == seeded.required_people
    assert total.orgs_required == seeded.required_orgs
    assert sum(total.ratings.values()) == commitments.filter(state=S.RATED).count()
    assert total.exemplars_nominated == Exemplar.objects.count() > 0


def test_quality_rows_are_what_the_quality_refresh_computes(seeded):
    def rows():
        return {
            r.record_id: (r.actions, r.concrete, r.copied_last_year, r.cluster)
            for r in RecordQuality.objects.all()
        }

    written = rows()
    assert len(written) == Record.objects.count()
    assert any(cluster for _a, _c, _copied, cluster in written.values())
    refresh_all()
    assert rows() == written


def test_exemplars_and_commendations_are_in_the_district_demos_proportion(seeded):
    exemplars = Exemplar.objects.count()
    assert PEOPLE / 120 <= exemplars <= PEOPLE / 30  # the district demo: 40–60 a year for 3,000 people
    assert (
        Exemplar.objects.filter(person=None).exists()
        and Exemplar.objects.filter(person__isnull=False).exists()
    )
    assert 0 < Commendation.objects.count() <= exemplars
    assert len(set(Exemplar.objects.values_list("public_id", flat=True))) == exemplars
    assert not Exemplar.objects.filter(published=True, consent=False).exists()
    assert all(e.year == YEAR for e in Exemplar.objects.all())


# --- Logins ------------------------------------------------------------------------------------------


def test_the_demo_logins_exist_with_their_grants_and_people(seeded):
    root = Org.objects.get(parent=None)
    commune = Org.objects.get(name="Đảng bộ xã Lục Bình")
    cell = commune.children.get(name="Chi bộ thôn Nà Pài")
    where = {"TU-TN": root, "TN-PT": commune, "BT-LB-CB01": cell}  # the demo's codes, on the scaled tree
    for login in DEMO_LOGINS:
        user = User.objects.get(username=login.username)
        assert user.check_password(DEMO_PASSWORD) and not user.is_superuser
        grants = {(g.role, g.org_id) for g in user.grants.all()}
        assert grants == {(str(role), where[code].pk) for role, code in login.grants}, login.username
        if login.person_in:
            assert user.first_name == user.person.full_name
    person = {u.username: u.person for u in User.objects.exclude(username="admin")}
    assert person["chuyenvien"].org.name == "Ban Tuyên giáo Tỉnh ủy Bắc Kạn"
    assert person["kiemtra"].org.name == "Ủy ban Kiểm tra Tỉnh ủy Bắc Kạn"
    assert person["bithu_xa"].org.parent == commune and person["bithu_xa"].position == "Bí thư Đảng ủy xã"
    assert person["bithu_chibo"].org == cell and person["bithu_chibo"].position == "Bí thư chi bộ"
    assert person["dangvien"].org == cell and person["dangvien"].kind == PersonKind.MEMBER
    draft = Record.objects.get(person=person["dangvien"], year=YEAR)
    assert draft.state == S.DRAFT and draft.created_by.username == "dangvien"
    waiting = Record.objects.filter(org=cell, kind=RecordKind.COMMITMENT, state=S.SUBMITTED)
    assert waiting.count() >= 4  # a queue for the cell's secretary
    assert Record.objects.filter(org__parent=commune, kind=RecordKind.PLAN, state=S.SUBMITTED).count() >= 2
    assert User.objects.get(username="bithu_chibo").grants.filter(role=Role.MEMBER).exists()


@pytest.mark.parametrize("username", ["admin", "chuyenvien", "bithu_xa", "bithu_chibo", "dangvien"])
def test_each_demo_login_signs_in_and_lands_on_its_home_page(seeded, client, username):
    response = demo_sign_in(client, username)  # the admin types a recovery code printed by demo_logins
    assert response.redirect_chain[-1][0] == "/"
    assert response.context["user"].username == username
    if username == "dangvien":
        assert response.context["me"].org.name == "Chi bộ thôn Nà Pài"
    else:
        assert response.context["sections"]


def test_demo_logins_prints_the_scaled_logins(seeded):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    printed = out.getvalue()
    assert (
        "Đảng bộ tỉnh Bắc Kạn" in printed
        and "Đảng bộ xã Lục Bình" in printed
        and "Chi bộ thôn Nà Pài" in printed
    )
    assert all(f"{login.username} " in printed for login in DEMO_LOGINS)


# --- The command --------------------------------------------------------------------------------------


def test_the_command_refuses_a_database_that_has_orgs_without_force(seeded, debug):
    with pytest.raises(CommandError, match="--force"):
        _seed("--scale", "province", "--people", "1000")
    assert Person.objects.count() == seeded.people


def test_the_command_refuses_people_without_a_scale_and_too_small_a_size(seeded, debug):
    with pytest.raises(CommandError, match="--people"):
        _seed("--people", "1000", "--force")
    with pytest.raises(CommandError, match=r"ít nhất 1\.000 cá nhân"):
        _seed("--scale", "province", "--people", "100", "--force")
    assert Person.objects.count() == seeded.people


def test_force_wipes_and_seeds_again_the_same_for_the_same_seed(seeded, debug, settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    User.objects.create_superuser("quantri", password="mat-khau-quan-tri")
    output = _seed("--scale", "province", "--people", "1000", "--force", "--seed", "7")
    assert f"Đã xóa dữ liệu cũ: {seeded.orgs} tổ chức" in output.replace(".", "")
    assert (
        "Đã tạo dữ liệu dùng thử quy mô province “Đảng bộ tỉnh Bắc Kạn” (--seed 7, --people 1000)" in output
    )
    assert "Huyện 1/1: Đảng bộ huyện Bạch Thông" in output and "xong sau" in output
    assert "Tài khoản dùng thử: 6" in output
    first = list(Person.objects.order_by("pk").values_list("full_name", "org__code"))
    assert 1000 <= len(first) <= 2000  # the smallest tree: the province's units, a district, a commune
    assert User.objects.filter(username="quantri", is_superuser=True).exists()
    _seed("--scale", "province", "--people", "1000", "--force", "--seed", "7")
    assert list(Person.objects.order_by("pk").values_list("full_name", "org__code")) == first
    _seed("--scale", "province", "--people", "1000", "--force", "--seed", "8")
    assert list(Person.objects.order_by("pk").values_list("full_name", "org__code")) != first
