"""Writes the demo district to the database: its orgs, its people and the demo logins. Callers hold the
transaction (``wipe`` deletes it all again)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db.models import Q

from lamtheobac.lib import text
from lamtheobac.organisation import services
from lamtheobac.organisation.models import Org, OrgKind, Person, subtree_q

from .data import bach_thong
from .era import OLD_PROVINCE_CODE, OLD_PROVINCE_NAME
from .logins import DEMO_LOGINS, DEMO_PASSWORD, DemoLogin
from .people import PersonDraft, draw_roster
from .rows import unit_rng


class DemoDataError(Exception):
    """The demo cannot be built as described (a data mistake, or a login name already taken)."""


@dataclass
class Summary:
    """What ``build_district`` created."""

    orgs_by_kind: Counter[str] = field(default_factory=Counter)  # the root not included
    people_by_kind: Counter[str] = field(default_factory=Counter)
    logins: list[str] = field(default_factory=list)

    @property
    def collectives(self) -> int:
        """Every org but the root: the article's "gần 250 tập thể"."""
        return sum(self.orgs_by_kind.values())

    @property
    def people(self) -> int:
        return sum(self.people_by_kind.values())


def build_district(seed: int) -> Summary:
    """Create Đảng bộ tỉnh Bắc Kạn with the Bạch Thông demo tree under it, its ~3,000 people and the demo users
    (their grants come after the reorganisation: ``grant_logins``)."""
    summary = Summary()
    units = list(bach_thong.walk(bach_thong.district()))
    province = services.org_create(
        actor=None,
        parent=None,
        kind=OrgKind.PROVINCE_COMMITTEE,
        name=OLD_PROVINCE_NAME,
        code=OLD_PROVINCE_CODE,
    )
    orgs = create_orgs(units, province)
    for unit, parent in units:
        if parent is not None:
            summary.orgs_by_kind[unit.kind] += 1
    people = create_people(seed, units, orgs)
    for person in people:
        summary.people_by_kind[person.kind] += 1
    summary.logins = create_logins()
    return summary


def create_orgs(
    units: list[tuple[bach_thong.Unit, bach_thong.Unit | None]], above: Org | None = None
) -> dict[str, Org]:
    """Every org of the demo tree (parents before children, the top one under ``above``), by code: the one place
    the district's orgs are created."""
    orgs: dict[str, Org] = {}
    siblings: Counter[str] = Counter()
    for unit, parent in units:
        parent_code = parent.code if parent else ""
        siblings[parent_code] += 1
        # org_create sets the materialised path and writes the "created" history row.
        orgs[unit.code] = services.org_create(
            actor=None,
            parent=orgs[parent_code] if parent else above,
            kind=unit.kind,
            name=unit.name,
            code=unit.code,
            sort_order=siblings[parent_code] * 10,
        )
    return orgs


def create_people(
    seed: int, units: list[tuple[bach_thong.Unit, bach_thong.Unit | None]], orgs: dict[str, Org]
) -> list[Person]:
    """The people of every unit with a roster, drawn from the unit's own stream and inserted in one bulk
    insert, in tree order: the one place the district's people are created."""
    people = [
        person_row(draft, orgs[unit.code])
        for unit, _parent in units
        if unit.roster is not None
        for draft in draw_roster(unit_rng(seed, unit.code), unit.roster)
    ]
    # Person.save() is bypassed by bulk_create: person_row() fills the derived name columns the same way.
    Person.objects.bulk_create(people, batch_size=500)
    services.open_missing()  # bulk_create bypasses save(): each person's membership, from the start
    return people


def person_row(draft: PersonDraft, org: Org) -> Person:
    """An unsaved person for a bulk insert, with the derived name columns ``Person.save`` would fill."""
    full_name = text.title_name(draft.full_name)
    return Person(
        full_name=full_name,
        name_folded=text.fold(full_name),
        name_sort=text.name_sort_key(full_name),
        gender=draft.gender,
        birth_year=draft.birth_year,
        kind=draft.kind,
        position=text.clean(draft.position),
        org=org,
    )


def check_logins_free() -> None:
    """Refuse when a demo login name is already taken (e.g. by a superuser that a wipe keeps)."""
    taken = list(
        User.objects.filter(username__in=[login.username for login in DEMO_LOGINS]).values_list(
            "username", flat=True
        )
    )
    if taken:
        listed = ", ".join(f"“{name}”" for name in sorted(taken))
        raise DemoDataError(
            f"Tên đăng nhập {listed} đã có người dùng; hãy đổi tên hoặc xóa các tài khoản đó rồi chạy lại."
        )


def create_logins() -> list[str]:
    """Create the demo users and link each to its person when that person exists already (the others are
    linked by ``grant_logins``): the users exist before the years are built, since they write and approve in
    them."""
    check_logins_free()
    # Argon2 is slow on purpose: hash the shared password once and give every demo user the same hash.
    password_hash = make_password(DEMO_PASSWORD)
    for login in DEMO_LOGINS:
        user = User.objects.create(
            username=login.username, password=password_hash, first_name=login.display_name
        )
        _link_person(login, user)
    return [login.username for login in DEMO_LOGINS]


def grant_logins() -> None:
    """After the reorganisation: link the users whose person came with it, and give every user its grants at
    the orgs of today's tree (grants at an org that ends would end with it)."""
    users = {
        u.username: u for u in User.objects.filter(username__in=[login.username for login in DEMO_LOGINS])
    }
    for login in DEMO_LOGINS:
        user = users[login.username]
        if login.person_in and not Person.objects.filter(user=user).exists():
            if _link_person(login, user) is None:
                raise DemoDataError(
                    f"Không tìm thấy người có chức vụ “{login.position}” cho tài khoản “{login.username}”."
                )
        for role, code in login.grants:
            services.grant_create(actor=None, user=user, org=Org.objects.get(code=code), role=role)


def _link_person(login: DemoLogin, user: User) -> Person | None:
    """Tie ``user`` to the login's person, if the org it is looked for in has them already."""
    if not login.person_in:
        return None
    org = Org.objects.filter(code=login.person_in).first()
    people = Person.objects.filter(
        subtree_q(org.path, "org__path") if org else Q(pk__in=[]), position=login.position, user__isnull=True
    )
    if login.person_kind:
        people = people.filter(kind=login.person_kind)
    person = people.order_by("id").first()
    if person is None:
        return None
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    user.first_name = person.full_name[:150]
    user.save(update_fields=["first_name"])
    return person
