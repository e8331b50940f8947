"""No address in a request can send a user to another site: every redirect target read from a request
(``next=``, ``back=``, the Referer) goes through ``lib.web.local_url``.

``test_every_redirect_target_from_a_request_is_reviewed`` reads the code and finds each place a redirect
target comes from a request; each one is in REVIEWED with the test below that sends it hostile addresses,
so a new one fails the day it is written. ``test_no_url_redirects_off_site`` walks every URL of the
project with hostile ``next`` and ``back`` in the query and the body.
"""

from __future__ import annotations

import ast
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.urls import NoReverseMatch, reverse

import lamtheobac
from lamtheobac.cycle.models import Record

from .cycle.builders import YEAR
from .factories import PASSWORD
from .test_scope import ADMIN, ROUTES, cast, scope_world  # noqa: F401  (the scope walk's cast, both districts)

pytestmark = pytest.mark.django_db

HOSTILE = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "http:evil.example",
    " //evil.example/",
    "https://testserver.evil.example/",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
]


def off_site(location: str) -> bool:
    """A Location a browser would follow away from this site."""
    location = location.strip()
    parts = urlsplit(location.replace("\\", "/"))
    if location.startswith(("//", "/\\")):
        return True
    return bool(parts.scheme or parts.netloc) and parts.netloc != "testserver"


def test_off_site_knows_an_address_of_another_site():
    assert all(off_site(h) for h in HOSTILE)
    assert not off_site("/cam-ket/cua-toi/") and not off_site("http://testserver/thong-ke/")


# --- The code, read ----------------------------------------------------------------------------

# Request parameters that name where to go next.
REDIRECT_KEYS = {"next", "back", "return", "return_to", "redirect", "redirect_to", "continue", "url",
                 "HTTP_REFERER", "Referer", "referer"}  # fmt: skip
REQUEST_DATA = {"GET", "POST", "META", "headers", "COOKIES", "data"}
REDIRECTS = {"redirect", "HttpResponseRedirect", "HttpResponsePermanentRedirect", "HttpResponseClientRedirect",
             "HttpResponseLocation", "resolve_url"}  # fmt: skip
SANITISERS = {"local_url", "next_url"}  # next_url: two_factor's, itself through local_url
# The request's own path resolved to the view answering it, so it is a path of this site: a page may send
# the browser back to itself (``redirect(f"{request.path}?org=…")``).
OWN_PATH = {"path", "path_info", "get_full_path"}

# (module, function) → the test below that sends it hostile addresses, and why it is safe.
REVIEWED = {
    ("lamtheobac/accounts/two_factor.py", "next_url"): "test_the_second_step_goes_only_to_pages_of_this_site",
    (
        "lamtheobac/cycle/views/records.py",
        "record_start",
    ): "test_starting_a_record_goes_back_only_to_this_site",
    # ``next`` is only compared with "queue"
    ("lamtheobac/cycle/views/records.py", "record_approve"): "test_approving_goes_to_the_queue_or_the_record",
}


def _is_request_data(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr in REQUEST_DATA


def _key(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _mentions_request_outside_sanitiser(node: ast.AST) -> bool:
    if (
        isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", None)) in SANITISERS
    ):
        return False
    if (
        isinstance(node, ast.Attribute)
        and node.attr in OWN_PATH
        and getattr(node.value, "id", None) == "request"
    ):
        return False
    if isinstance(node, ast.Name) and node.id == "request":
        return True
    return any(_mentions_request_outside_sanitiser(child) for child in ast.iter_child_nodes(node))


def redirect_sources(source: str, module: str) -> set[tuple[str, str]]:
    """(module, function) of each read of a redirect parameter from a request, and of each redirect whose
    target is made from the request without ``local_url``."""
    found: set[tuple[str, str]] = set()

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function = node.name
        if isinstance(node, ast.Call):
            func = node.func
            name = getattr(func, "id", getattr(func, "attr", None))
            if (
                isinstance(func, ast.Attribute)
                and func.attr in ("get", "getlist", "pop")
                and _is_request_data(func.value)
                and node.args
                and _key(node.args[0]) in REDIRECT_KEYS
            ):
                found.add((module, function))
            if name in REDIRECTS and any(_mentions_request_outside_sanitiser(a) for a in node.args):
                found.add((module, function))
        if (
            isinstance(node, ast.Subscript)
            and _is_request_data(node.value)
            and _key(node.slice) in REDIRECT_KEYS
        ):
            found.add((module, function))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(ast.parse(source), "<module>")
    return found


def test_the_reader_finds_a_planted_redirect_from_the_request():
    planted = (
        "def a(request):\n    return redirect(request.GET.get('next'))\n"
        "def b(request):\n    return HttpResponseRedirect(request.META['HTTP_REFERER'])\n"
        "def c(request):\n    return redirect(request.session['goto'])\n"
        "def d(request):\n    return redirect(local_url(request, request.POST.get('x')))\n"
        "def e(request):\n    return redirect(f'{request.path}?org=1')\n"
        "def f(request):\n    return redirect(request.GET['redirect_to'])\n"
    )
    assert redirect_sources(planted, "m.py") == {("m.py", "a"), ("m.py", "b"), ("m.py", "c"), ("m.py", "f")}


def test_every_redirect_target_from_a_request_is_reviewed():
    root = Path(lamtheobac.__file__).parent
    found: set[tuple[str, str]] = set()
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = str(path.relative_to(root.parent))
        found |= redirect_sources(path.read_text(encoding="utf-8"), module)
    unreviewed = found - set(REVIEWED)
    assert not unreviewed, (
        f"redirect targets read from a request, not through lib.web.local_url: {unreviewed}"
    )
    assert not set(REVIEWED) - found, "REVIEWED names places that no longer read a redirect target"
    for test in REVIEWED.values():
        assert callable(globals().get(test)), test


# --- Each reviewed place, with hostile addresses ------------------------------------------------


def test_starting_a_record_goes_back_only_to_this_site(cast, client_for):  # noqa: F811
    client = client_for(cast.member)
    data = {"kind": "commitment", "year": YEAR + 5, "person": cast.member_person.pk}  # a year not opened
    for target in HOSTILE:
        response = client.post(reverse("cycle:record-start"), data | {"back": target})
        assert response.status_code == 302 and response["Location"] == reverse("home"), target
    response = client.post(reverse("cycle:record-start"), data | {"back": reverse("cycle:my-commitment")})
    assert response["Location"] == reverse("cycle:my-commitment")


def test_the_second_step_goes_only_to_pages_of_this_site(cast, client_for):  # noqa: F811
    client = client_for(cast.member)  # no authenticator: the code page sends them on at once
    for target in HOSTILE:
        response = client.get(reverse("accounts:two-factor-verify"), {"next": target})
        assert response["Location"] == reverse("home"), target
        page = client.get(reverse("accounts:two-factor"), {"next": target}).content.decode()
        assert "evil.example" not in page and "javascript:" not in page, target
    response = client.get(reverse("accounts:two-factor-verify"), {"next": "/thong-ke/?year=2026"})
    assert response["Location"] == "/thong-ke/?year=2026"


def test_approving_goes_to_the_queue_or_the_record(cast, client_for):  # noqa: F811
    record = Record.objects.get(pk=cast.a.record.pk)  # submitted, in the leader's queue
    response = client_for(cast.leader).post(
        reverse("cycle:record-approve", args=[record.pk]), {"next": "//evil.example/", "comment": ""}
    )
    assert response.status_code == 302 and not off_site(response["Location"])


def test_a_page_sent_back_to_itself_stays_on_this_site(cast, client_for):  # noqa: F811
    url = reverse("cycle:queue") + "?next=%2F%2Fevil.example%2F"
    response = client_for(cast.leader).post(url, {"ids": [], "next": "//evil.example/"})
    assert response.status_code == 302 and response["Location"] == url


def test_signing_in_goes_only_to_pages_of_this_site(cast, client):  # noqa: F811
    for target in HOSTILE:
        response = client.post(
            reverse("accounts:login") + "?next=" + target,
            {"username": "member", "password": PASSWORD, "next": target},
        )
        assert response.status_code == 302 and response["Location"] == reverse("home"), target
        client.logout()


# --- Every URL ---------------------------------------------------------------------------------


def test_no_url_redirects_off_site(cast, client_for):  # noqa: F811
    """Every URL of the project, GET and POST, with hostile ``next``, ``back`` and Referer: no answer sends
    the browser to another site (as the district-B officer, on district B's objects; the admin's pages as
    the admin)."""
    walked, unwalked = 0, set()
    for name, rule in sorted(ROUTES.items(), key=lambda kv: kv[0]):
        user = cast.admin if rule == ADMIN else cast.outsider
        try:
            url = reverse(name, kwargs=rule(cast) if callable(rule) else None)
        except NoReverseMatch:
            unwalked.add(name)
            continue
        for target in ("//evil.example/", "https://evil.example/"):
            params = {"next": target, "back": target}
            for method in ("get", "post"):
                client = client_for(user)
                client.raise_request_exception = False  # server errors are the fuzz tests' concern
                response = getattr(client, method)(f"{url}?{urlencode(params)}", params, HTTP_REFERER=target)
                for header in ("Location", "HX-Redirect", "HX-Location"):
                    assert not off_site(response.get(header, "")), (method, url, header, response.get(header))
        walked += 1
    # the public exemplar pages take an unguessable id and only show (tests/activities/test_public_exemplars.py)
    assert unwalked == {"activities:public-exemplar", "activities:public-photo"}
    assert walked == len(ROUTES) - 2
