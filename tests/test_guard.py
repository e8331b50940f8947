"""Guard: views and other request-facing modules reach scoped models only through access.py."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.engine_neutral  # no database: runs in one stage of CI (conftest.py)

ROOT = Path(__file__).resolve().parent.parent / "lamtheobac"
SCOPED = (
    "Org", "Person", "RoleGrant", "PersonMove", "OrgEvent",
    "Period", "PeriodEvent", "Breakthrough", "Document", "Record", "RecordItem", "InterimAssessment",
    "Transition", "Revision", "ProgressNote", "Evidence", "OrgSpan", "Membership", "Lineage", "Reorganisation",
)  # fmt: skip
FACING = ["views.py", "api.py", "exports.py", "forms.py"]


def _facing_modules():
    return sorted(p for name in FACING for p in ROOT.rglob(name)) + sorted(
        p for p in ROOT.rglob("views/*.py")
    )


@pytest.mark.parametrize("path", _facing_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_unscoped_manager_in_request_facing_code(path):
    source = path.read_text(encoding="utf-8")
    pattern = re.compile(r"\b(" + "|".join(SCOPED) + r")\.objects\b")
    bad = [m.group(0) for m in pattern.finditer(source)]
    # forms may name a model for an empty default queryset; the view always replaces it
    bad = [
        b for b in bad if not (path.name == "forms.py" and re.search(re.escape(b) + r"\.none\(\)", source))
    ]
    assert not bad, f"{path}: use access.*_visible_to / access_* instead of {bad}"
