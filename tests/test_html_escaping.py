"""Text typed by users reaches no page or feed as markup.

Django escapes what templates print; the danger is where that is switched off or bypassed: ``mark_safe``,
``SafeString``, ``format_html``, HTML built in f-strings, ``|safe`` and ``{% autoescape off %}`` in
templates, and feeds (Atom's ``<summary type="html">`` is read as HTML by feed readers).
``test_every_unescaped_output_is_reviewed`` finds each of them in the code and the templates; each is in
REVIEWED with a test below that feeds it hostile text, so a new one fails the day it is written.
"""

from __future__ import annotations

import ast
import datetime
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.html import escape
from django_otp.plugins.otp_totp.models import TOTPDevice

import lamtheobac
from lamtheobac.accounts import two_factor
from lamtheobac.activities.services import exemplars as exemplar_services
from lamtheobac.organisation.models import Org, OrgSpan
from lamtheobac.organisation.templatetags.vn import chart_rows

from .cycle.builders import YEAR, open_year
from .factories import UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ATOM = "{http://www.w3.org/2005/Atom}"


def assert_inert(html: str) -> None:
    """No hostile string survives as markup; each is there, escaped."""
    assert "<script" not in html and "<img" not in html, html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html or "&#x27;" in html or "&#34;" in html


# --- The code and the templates, read ----------------------------------------------------------

UNSAFE_CALLS = {"mark_safe", "SafeString", "SafeText", "format_html", "format_html_join", "html_safe"}
HTML_TAG = re.compile(r"(?<!\?P)<(?:[a-zA-Z][a-zA-Z0-9-]*[\s>/]|/[a-zA-Z])")  # not a regex's (?P<name>)
TEMPLATE_UNSAFE = re.compile(r"{{[^}]*\|\s*(?:safe|safeseq)\b[^}]*}}|{%\s*autoescape\s+off\s*%}")

# (file, function or class, or the template's expression) → the test below that proves it escapes.
REVIEWED = {
    ("lamtheobac/activities/feeds.py", "ExemplarFeed"): "test_the_exemplar_feed_escapes_what_users_wrote",
    ("lamtheobac/organisation/templatetags/vn.py", "chart_rows"): "test_a_charts_table_escapes_its_labels",
    (
        "lamtheobac/reports/templatetags/dashboard.py",
        "child_rows",
    ): "test_the_dashboards_child_rows_escape_org_names",
    (
        "lamtheobac/reports/templatetags/dashboard.py",
        "_row",
    ): "test_the_dashboards_child_rows_escape_org_names",
    (
        "lamtheobac/reports/templatetags/dashboard.py",
        "child_groups",
    ): "test_the_dashboards_kinds_of_child_orgs_escape_their_names",
    ("templates/accounts/two_factor_setup.html", "{{ qr|safe }}"): "test_the_qr_code_carries_no_markup",
    ("lamtheobac/accounts/slips.py", "qr_svg"): "test_the_sign_in_slips_qr_code_carries_no_markup",
}


def python_outputs(source: str, module: str) -> set[tuple[str, str]]:
    """(module, function or class) of each unsafe call, HTML-building f-string and Feed class."""
    found: set[tuple[str, str]] = set()

    def visit(node: ast.AST, where: str) -> None:
        if isinstance(node, ast.ClassDef):
            where = node.name
            if any(getattr(b, "id", getattr(b, "attr", None)) == "Feed" for b in node.bases):
                found.add((module, where))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and where == "<module>":
            where = node.name
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) in UNSAFE_CALLS
        ):
            found.add((module, where))
        if isinstance(node, ast.JoinedStr) and any(
            isinstance(v, ast.Constant) and HTML_TAG.search(str(v.value)) for v in node.values
        ):
            found.add((module, where))
        for child in ast.iter_child_nodes(node):
            visit(child, where)

    visit(ast.parse(source), "<module>")
    return found


def template_outputs(text: str, name: str) -> set[tuple[str, str]]:
    return {(name, re.sub(r"\s+", " ", m.group(0))) for m in TEMPLATE_UNSAFE.finditer(text)}


def _all_outputs() -> set[tuple[str, str]]:
    root = Path(lamtheobac.__file__).parent.parent
    found: set[tuple[str, str]] = set()
    for path in sorted((root / "lamtheobac").rglob("*.py")):
        if "migrations" not in path.parts:
            found |= python_outputs(path.read_text(encoding="utf-8"), str(path.relative_to(root)))
    template_dirs = [Path(d) for t in settings.TEMPLATES for d in t["DIRS"]] + list(
        (root / "lamtheobac").glob("*/templates")
    )
    for folder in template_dirs:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".html", ".txt", ".xml", ".svg"):
                found |= template_outputs(path.read_text(encoding="utf-8"), str(path.relative_to(root)))
    return found


def test_the_reader_finds_planted_unescaped_output():
    planted = (
        "def a(x):\n    return mark_safe(x)\n"
        "def b(x):\n    return f'<td>{x}</td>'\n"
        "class C(Feed):\n    pass\n"
        "def d(x):\n    return f'{x} < 3'\n"
        "def e(x):\n    return format_html('<b>{}</b>', x)\n"
        "def f(x):\n    return re.compile(f'(?P<onset>{x})')\n"
    )
    assert python_outputs(planted, "m.py") == {("m.py", "a"), ("m.py", "b"), ("m.py", "C"), ("m.py", "e")}
    assert template_outputs("<p>{{ story|safe }}</p>{% autoescape off %}{{ x }}", "t.html") == {
        ("t.html", "{{ story|safe }}"), ("t.html", "{% autoescape off %}")
    }  # fmt: skip


def test_every_unescaped_output_is_reviewed():
    found = _all_outputs()
    unreviewed = found - set(REVIEWED)
    assert not unreviewed, (
        f"markup made outside Django's escaping, without an escaping test here: {unreviewed}"
    )
    assert not set(REVIEWED) - found, "REVIEWED names outputs that no longer exist"
    for test in REVIEWED.values():
        assert callable(globals().get(test)), test


def _feeds(resolver: URLResolver) -> list[Feed]:
    feeds = []
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            feeds += _feeds(p)
        elif isinstance(p, URLPattern) and isinstance(p.callback, Feed):
            feeds.append(p.callback)
    return feeds


def test_every_feed_served_is_reviewed():
    served = {
        (f"lamtheobac/{type(f).__module__.split('.', 1)[1].replace('.', '/')}.py", type(f).__name__)
        for f in _feeds(get_resolver())
    }
    assert served and served <= set(REVIEWED)


# --- Each reviewed output, with hostile text ----------------------------------------------------


def test_the_exemplar_feed_escapes_what_users_wrote(cast, client):
    person = cast.member_person
    person.position = HOSTILE[0]
    person.save()
    Org.objects.filter(pk=person.org_id).update(name=HOSTILE[1])
    exemplar = exemplar_services.exemplar_nominate(
        actor=None, org=person.org, person=person, title=HOSTILE[1], achievements="Hiến 500 m² đất",
        story=" ".join(HOSTILE), nominated_on=datetime.date(2026, 3, 1), consent=True,
        photo=SimpleUploadedFile("a.png", PNG),
    )  # fmt: skip
    exemplar_services.exemplar_verify(actor=None, exemplar=exemplar)
    exemplar_services.commendation_add(
        actor=None, exemplar=exemplar, form="certificate", decision_number="12-QĐ/HU",
        decided_on=datetime.date(2026, 5, 19), issuer=HOSTILE[0],
    )  # fmt: skip
    exemplar_services.exemplar_publish(actor=None, exemplar=exemplar)

    feed = client.get(reverse("activities:public-feed"))
    (entry,) = ET.fromstring(feed.content).findall(f"{ATOM}entry")  # still well-formed XML
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    html = summary.text  # what a feed reader renders as HTML
    assert "<script" not in html and "<img" not in html
    assert html.startswith(f"{escape(HOSTILE[0])}, {escape(HOSTILE[1])}.")  # the position, the org
    assert entry.find(f"{ATOM}title").get("type") in (None, "text")  # the title is plain text


def test_a_charts_table_escapes_its_labels():
    chart = {"unit": "", "labels": HOSTILE, "series": [{"name": "x", "data": HOSTILE}]}
    html = str(chart_rows(chart))
    assert "<script" not in html and "<img" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2
    assert html.count("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;") == 2


def test_the_dashboards_child_rows_escape_org_names(cast, client_for):
    open_year(cast.district_a)
    children = list(Org.objects.filter(parent=cast.district_a).order_by("pk")[:2])
    for org, name in zip(children, HOSTILE, strict=True):  # as stored, whatever the form would have cleaned
        Org.objects.filter(pk=org.pk).update(name=name)
        OrgSpan.objects.filter(org=org).update(name=name)
    page = client_for(cast.officer).get(
        reverse("reports:dashboard"), {"org": cast.district_a.pk, "year": YEAR}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "<script>alert" not in html and "<img src=x" not in html
    for name in HOSTILE:  # the link of the org's row
        assert f'year={YEAR}">{escape(name)}</a></td>' in html


def test_the_dashboards_kinds_of_child_orgs_escape_their_names():
    """A province's hundreds of child orgs are shown by kind (``child_groups``): the kind's name escaped
    (the kinds' names are the product's own words today; a kind named from data must stay text)."""
    from lamtheobac.reports.selectors import MARK_LABELS, ChildGroup, Figures
    from lamtheobac.reports.templatetags.dashboard import child_groups

    mark = next(iter(MARK_LABELS))
    html = child_groups(
        [ChildGroup(kind="x", label=name, count=2, figures=Figures(), mark=mark) for name in HOSTILE]
    )
    assert_inert(html)
    assert html.count("<tr>") == 2


def test_the_sign_in_slips_qr_code_carries_no_markup():
    from lamtheobac.accounts.slips import qr_svg

    svg = qr_svg(f"https://x.vn/tai-khoan/dang-nhap-bang-ma/?u={HOSTILE[1]}{HOSTILE[0]}")
    assert "alert" not in svg and "onerror" not in svg and "script" not in svg
    assert set(re.findall(r"</?([a-zA-Z]+)", svg)) == {"svg", "g", "path"}


def test_the_qr_code_carries_no_markup(settings, client_for):
    settings.OTP_TOTP_ISSUER = HOSTILE[0]
    user = UserFactory(username=HOSTILE[1])
    svg = two_factor.qr_svg(TOTPDevice.objects.create(user=user, name="x", confirmed=False))
    assert "alert" not in svg and "onerror" not in svg
    assert set(re.findall(r"</?([a-zA-Z]+)", svg)) == {"svg", "g", "path"}
