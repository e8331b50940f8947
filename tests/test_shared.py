"""A world built once for a module (tests/shared.py), as the cast is (conftest.py): each test finds it as
built, whatever the test before it wrote in the database, changed in memory or stored as a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from lamtheobac.organisation.models import Org, Person

from .shared import World


# Two runs of the same test: the second fails if the first one's changes leaked into it.
@pytest.mark.parametrize("run", [1, 2])
def test_each_test_finds_the_world_as_built_and_may_change_it(cast, settings, run):
    member = Person.objects.get(pk=cast.member_person.pk)
    assert member.full_name == cast.member_person.full_name == "Hoàng Thị Mai"
    assert Person.objects.filter(pk=cast.secret_person.pk).exists()
    assert Org.objects.filter(code__in=["T", "A", "B"]).count() == 3
    assert not hasattr(cast, "changed")
    assert not list(Path(settings.MEDIA_ROOT).glob("changed-*"))

    cast.member_person.full_name = "Tên đã đổi"
    cast.member_person.save()
    Person.objects.filter(pk=cast.secret_person.pk).delete()
    Org.objects.filter(code="B1C1").update(name="Đã đổi")
    cast.changed = run
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    (Path(settings.MEDIA_ROOT) / f"changed-{run}.txt").write_text("x")


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_finds_the_modules_world_rolled_back(request, settings):
    """Run alone, pytest-django puts this test after every module; split by module among processes, it runs
    right after this module's shared-world tests. Either way the world is gone: the database is empty."""
    assert not Org.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_is_refused_a_shared_world(request, settings, tmp_path):
    with pytest.raises(pytest.UsageError, match="transaction=True"):
        World(objects=None, media=tmp_path, closed=[False]).fresh(request, settings)
