"""Guard: a model with a foreign-key path to Org or Person is queried only through its app's door.

The models and the modules are found, not listed (``tests/guard.py``): a new scoped model or a new view
module is guarded the day it is added."""

from pathlib import Path

import pytest

from tests import guard

pytestmark = pytest.mark.engine_neutral  # no database: runs in one stage of CI (conftest.py)

FIXTURES = Path(__file__).resolve().parent / "guard_fixtures"

# Modules that still query scoped models outside a door, each with the work that moves the queries out.
# strict: once a module is clean its test passes, the xfail fails, and the line must go.
PENDING: dict[str, str] = {}


def _params():
    for path in guard.guarded_modules():
        name = guard.module_name(path)
        marks = [pytest.mark.xfail(reason=PENDING[name], strict=True)] if name in PENDING else []
        yield pytest.param(path, id=name.removeprefix("lamtheobac."), marks=marks)


@pytest.mark.parametrize("path", list(_params()))
def test_module_reaches_scoped_models_only_through_a_door(path):
    found = guard.check_path(path)
    assert not found, (
        f"{guard.module_name(path)}: use the app's access / selectors / services instead of "
        + ("; ".join(map(str, found)))
    )


def test_pending_modules_exist():
    names = {guard.module_name(p) for p in guard.guarded_modules()}
    assert set(PENDING) <= names


def test_it_flags_the_planted_unscoped_query():
    source = (FIXTURES / "planted_view.py").read_text(encoding="utf-8")
    found = guard.check_source(source, "lamtheobac.activities.views.planted")
    assert [f.text for f in found] == ["Exemplar.objects"]
    assert not guard.is_door("lamtheobac.activities.views.planted")


def test_the_planted_view_would_be_guarded(tmp_path):
    """Dropped into the tree as a view, the planted module is found and fails the guard."""
    app = tmp_path / "lamtheobac" / "activities" / "views"
    app.mkdir(parents=True)
    (app / "planted.py").write_text((FIXTURES / "planted_view.py").read_text(encoding="utf-8"))
    root = tmp_path / "lamtheobac"
    [path] = guard.guarded_modules(root)
    assert guard.check_path(path, root)


@pytest.mark.parametrize(
    "source",
    [
        "from lamtheobac.activities.models import Exemplar as E\nE.objects.filter(year=2020)",
        "from lamtheobac.activities import models\nmodels.Exemplar.objects.get(pk=1)",
        "from ..models import Record\nRecord._default_manager.all()",
        "def f(o):\n    return type(o)._base_manager.all()",
        "from django.apps import apps\napps.get_model('cycle', 'Record')",
        "def f():\n    from lamtheobac.organisation.models import Person\n    return Person.objects.count()",
        # found by the walk through other models: RecordItem → Record → Org
        "from lamtheobac.cycle.models import RecordItem\nRecordItem.objects.all()",
    ],
    ids=[
        "alias",
        "module-attribute",
        "default-manager",
        "base-manager",
        "get-model",
        "inside-function",
        "deep",
    ],
)
def test_it_flags_every_way_to_a_manager(source):
    assert guard.check_source(source, "lamtheobac.cycle.views.x")


@pytest.mark.parametrize(
    "source",
    [
        "from lamtheobac.cycle.models import Record\nRecord.objects.none()",  # reads nothing
        "def f(org):\n    return org.children.filter(active=True)",  # a related manager of a scoped row
        "from django.contrib.auth.models import Group\nGroup.objects.all()",  # no path to Org or Person
    ],
    ids=["none", "related-manager", "unscoped-model"],
)
def test_it_lets_harmless_code_be(source):
    assert guard.check_source(source, "lamtheobac.cycle.views.x") == []


def test_it_finds_the_scoped_models_by_their_foreign_keys():
    scoped = guard.scoped_models()
    # direct (Record → Org), two steps (Evidence → ProgressNote → RecordItem → Record), through Person
    assert {"Org", "Person", "Record", "Evidence", "Attendance", "Exemplar", "Document"} <= set(scoped)
    assert "User" not in scoped and "Group" not in scoped


@pytest.mark.parametrize(
    ("name", "door"),
    [
        ("lamtheobac.cycle.views.records", False),
        ("lamtheobac.api.api", False),
        ("lamtheobac.reports.exports", False),
        ("lamtheobac.cycle.services", True),
        ("lamtheobac.activities.services.exemplars", True),
        ("lamtheobac.imports.management.commands.import_orgs", True),
        ("lamtheobac.demo.scale.builder", True),
        ("lamtheobac.reports.writer.selectors", True),
        ("lamtheobac.services", False),  # a module at the root is no app's door
    ],
)
def test_it_knows_the_doors(name, door):
    assert guard.is_door(name) is door
