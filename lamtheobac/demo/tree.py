"""Writes the demo district to the database, and wipes it again. Callers hold the transaction."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db.models import QuerySet

from lamtheobac.lib import text
from lamtheobac.organisation import services
from lamtheobac.organisation.models import Org, OrgEvent, Person, PersonMove, RoleGrant, subtree_q

from .data import bach_thong
from .logins import DEMO_LOGINS, DEMO_PASSWORD, DemoLogin
from .people import PersonDraft, draw_roster


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


def unit_rng(seed: int, code: str) -> random.Random:
    """The generator for one unit's people: seeded by the run's seed and the unit's code.

    Each unit draws from its own stream, so adding or reordering units in the data leaves the people of
    every other unit unchanged for a given seed.
    """
    return random.Random(f"{seed}:{code}")


def build_district(seed: int) -> Summary:
    """Create the Bạch Thông demo tree, its ~3,000 people and the demo logins."""
    summary = Summary()
    orgs: dict[str, Org] = {}
    people: list[Person] = []
    siblings: Counter[str] = Counter()
    for unit, parent in bach_thong.walk(bach_thong.district()):
        parent_org = orgs[parent.code] if parent else None
        siblings[parent.code if parent else ""] += 1
        # org_create sets the materialised path and writes the "created" history row.
        org = services.org_create(
            actor=None,
            parent=parent_org,
            kind=unit.kind,
            name=unit.name,
            code=unit.code,
            sort_order=siblings[parent.code if parent else ""] * 10,
        )
        orgs[unit.code] = org
        if parent is not None:
            summary.orgs_by_kind[unit.kind] += 1
        if unit.roster is not None:
            for draft in draw_roster(unit_rng(seed, unit.code), unit.roster):
                people.append(_person(draft, org))
                summary.people_by_kind[draft.kind] += 1
    # Person.save() is bypassed by bulk_create: _person() fills the derived name columns the same way.
    Person.objects.bulk_create(people, batch_size=500)
    summary.logins = create_logins(orgs)
    return summary


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


def wipe() -> dict[str, int]:
    """Delete the maintained counts, every import log, every report, every activity (study, pilot model, exemplar, inspection), every year, plan and commitment,
    every org, person, grant and history row, and every user except superusers.

    Years and records protect orgs and people, and orgs protect each other (``parent``, ``merged_into``)
    and are protected by people, grants and moves, so the rows that point at orgs go first and the
    self-references are cleared before the orgs go.
    """
    # Imported here: the cycle and activities apps build on this one, not the other way round.
    from lamtheobac.imports.models import ImportJob
    from lamtheobac.reports import counters
    from lamtheobac.reports.models import Report

    from .activities import wipe_activities
    from .cycle import wipe_cycle

    counters.forget()  # first: with no year built, the deletions below recount nothing
    ImportJob.objects.all().delete()
    Report.objects.all().delete()
    wipe_activities()
    cycle = wipe_cycle()
    deleted = {
        "records": cycle["records"],
        "periods": cycle["periods"],
        "grants": _delete(RoleGrant.objects.all()),
        "moves": _delete(PersonMove.objects.all()),
        "people": _delete(Person.objects.all()),
        "events": _delete(OrgEvent.objects.all()),
    }
    Org.objects.update(parent=None, merged_into=None)
    deleted["orgs"] = _delete(Org.objects.all())
    deleted["users"] = _delete(User.objects.filter(is_superuser=False))
    return deleted


def _delete(queryset: QuerySet) -> int:
    """Delete and count the rows of the queryset's own model (not the cascaded ones)."""
    return queryset.delete()[1].get(queryset.model._meta.label, 0)
