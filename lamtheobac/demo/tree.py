"""Writes the demo district to the database: its orgs, its people and the demo logins. Callers hold the
transaction (``wipe`` deletes it all again)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User

from lamtheobac.lib import text
from lamtheobac.organisation import services, timeline
from lamtheobac.organisation.models import Org, Person, subtree_q

from .data import bach_thong
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
    """Create the Bạch Thông demo tree, its ~3,000 people and the demo logins."""
    summary = Summary()
    units = list(bach_thong.walk(bach_thong.district()))
    orgs = create_orgs(units)
    for unit, parent in units:
        if parent is not None:
            summary.orgs_by_kind[unit.kind] += 1
    people = create_people(seed, units, orgs)
    for person in people:
        summary.people_by_kind[person.kind] += 1
    summary.logins = create_logins(orgs)
    return summary


def create_orgs(units: list[tuple[bach_thong.Unit, bach_thong.Unit | None]]) -> dict[str, Org]:
    """Every org of the demo tree (parents before children), by code: the one place the district's orgs are
    created."""
    orgs: dict[str, Org] = {}
    siblings: Counter[str] = Counter()
    for unit, parent in units:
        parent_code = parent.code if parent else ""
        siblings[parent_code] += 1
        # org_create sets the materialised path and writes the "created" history row.
        orgs[unit.code] = services.org_create(
            actor=None,
            parent=orgs[parent_code] if parent else None,
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
        _person(draft, orgs[unit.code])
        for unit, _parent in units
        if unit.roster is not None
        for draft in draw_roster(unit_rng(seed, unit.code), unit.roster)
    ]
    # Person.save() is bypassed by bulk_create: _person() fills the derived name columns the same way.
    Person.objects.bulk_create(people, batch_size=500)
    timeline.open_missing()  # bulk_create bypasses save(): each person's membership, from the start
    return people


def _person(draft: PersonDraft, org: Org) -> Person:
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


def create_logins(orgs: dict[str, Org]) -> list[str]:
    """Create the demo users, link each to its person and give it its grants."""
    check_logins_free()
    # Argon2 is slow on purpose: hash the shared password once and give every demo user the same hash.
    password_hash = make_password(DEMO_PASSWORD)
    for login in DEMO_LOGINS:
        person = _login_person(login, orgs) if login.person_in else None
        user = User.objects.create(
            username=login.username,
            password=password_hash,
            first_name=(person.full_name if person else login.display_name)[:150],
        )
        if person is not None:
            person.user = user
            person.save(update_fields=["user", "updated_at"])
        for role, code in login.grants:
            services.grant_create(actor=None, user=user, org=orgs[code], role=role)
    return [login.username for login in DEMO_LOGINS]


def _login_person(login: DemoLogin, orgs: dict[str, Org]) -> Person:
    people = Person.objects.filter(
        subtree_q(orgs[login.person_in].path, "org__path"), position=login.position, user__isnull=True
    )
    if login.person_kind:
        people = people.filter(kind=login.person_kind)
    person = people.order_by("id").first()
    if person is None:
        raise DemoDataError(
            f"Không tìm thấy người có chức vụ “{login.position}” cho tài khoản “{login.username}”."
        )
    return person
