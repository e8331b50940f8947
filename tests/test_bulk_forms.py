"""Every form that acts on several records ticked in a list ties each tick to the record and the version the
page showed, and lets no browser restore ticks: after "Đã duyệt 3 hồ sơ", Back re-ticked other rows by
position and one tap approved records nobody chose.

The forms are found in the templates themselves (each include inlined): a POST form with a checkbox whose
value is an object's id is a bulk form, unless the form as a whole carries the ``version`` of the one record
it edits (the commitment form's programme boxes). A bulk form written tomorrow is checked the day it is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.engine_neutral  # no database: runs in one stage of CI (conftest.py)

FORM = re.compile(r"<form\b(?P<tag>[^>]*)>(?P<body>.*?)</form>", re.S | re.I)
CHECKBOX = re.compile(r"<input\b[^>]*\btype=\"checkbox\"[^>]*>", re.I)
INCLUDE = re.compile(r"{%\s*include\s+\"(?P<name>[^\"]+)\"[^%]*%}")
PICKS_AN_OBJECT = re.compile(r"\bvalue=\"{{\s*\w+\.(pk|id)\b")
ID_AND_VERSION = re.compile(r"\bvalue=\"{{\s*(?P<obj>\w+)\.pk\s*}}:{{\s*(?P=obj)\.version\s*}}\"")
AUTOCOMPLETE_OFF = re.compile(r"\bautocomplete=\"off\"", re.I)


def template_dirs() -> list[Path]:
    dirs = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    dirs += sorted((Path(settings.BASE_DIR) / "lamtheobac").glob("*/templates"))
    return [d for d in dirs if d.is_dir()]


def _source(name: str, depth: int = 0) -> str:
    for folder in template_dirs():
        path = folder / name
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            if depth > 5:
                return text
            return INCLUDE.sub(lambda m: _source(m.group("name"), depth + 1), text)
    return ""


def bulk_forms() -> list[tuple[str, str, str, list[str]]]:
    """(template, form tag, form body, the checkboxes that pick objects) for every bulk form."""
    found = []
    for folder in template_dirs():
        for path in sorted(folder.rglob("*.html")):
            name = path.relative_to(folder).as_posix()
            for form in FORM.finditer(_source(name)):
                tag, body = form.group("tag"), form.group("body")
                if not re.search(r"\bmethod=\"post\"", tag, re.I) or 'name="version"' in body:
                    continue
                picks = [box for box in CHECKBOX.findall(body) if PICKS_AN_OBJECT.search(box)]
                if picks:
                    found.append((name, tag, body, picks))
    return found


def test_the_approval_queue_is_among_the_bulk_forms_found():
    assert "cycle/_record_rows.html" in {name for name, *_rest in bulk_forms()}


def test_every_bulk_form_ties_each_tick_to_a_version_and_lets_no_browser_restore_ticks():
    for name, tag, _body, picks in bulk_forms():
        assert AUTOCOMPLETE_OFF.search(tag), f'{name}: the form needs autocomplete="off"'
        for box in picks:
            assert ID_AND_VERSION.search(box), f"{name}: {box} must carry the id and the version shown"
            assert AUTOCOMPLETE_OFF.search(box), f'{name}: {box} needs autocomplete="off"'
