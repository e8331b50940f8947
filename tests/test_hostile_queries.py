"""Hostile numbers in the query string: every page without an argument, for each role of the cast, is read
for the keys its own filter forms and links use (``<form method="get">`` fields, ``?key=`` in its links),
and each key is then sent with digits of other scripts ('²', '٣', '１２') and numbers past the database's
integer column. No answer may be a server error.

The pages and keys are discovered, not listed: a page or a filter added tomorrow is walked the day it is
written."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .cycle.builders import bring_to, make_commitment, open_year

pytestmark = [pytest.mark.django_db, pytest.mark.long]

HOSTILE = ["²", "٣", "１２", "3²", "9" * 25, "-" + "9" * 25, str(2**63), str(-(2**63) - 1)]
SKIP = ("admin:", "djdt:", "api:", "accounts:logout")


def _pages(resolver: URLResolver, prefix: str = ""):
    """Names of the URL patterns that take no argument."""
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _pages(p, f"{prefix}{p.namespace}:" if p.namespace else prefix)
        elif isinstance(p, URLPattern) and p.name and not p.pattern.converters and not p.pattern.regex.groups:
            yield prefix + p.name


def query_keys(page: str) -> set[str]:
    """The keys a page sends in its query strings: fields of its GET forms and keys of its links."""
    keys = set()
    for form in re.findall(r"<form\b(?:(?!>).)*\bmethod=\"get\"[^>]*>(.*?)</form>", page, re.S | re.I):
        keys |= set(re.findall(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"', form))
    for href in re.findall(r'href="([^"]*\?[^"]*)"', page):
        keys |= {k for k, _v in parse_qsl(urlsplit(html.unescape(href)).query, keep_blank_values=True)}
    return keys - {"csrfmiddlewaretoken"}


def _cause(response) -> str:
    info = getattr(response, "exc_info", None)
    return f"{info[0].__name__}: {str(info[1])[:60]}" if info else str(response.status_code)


@pytest.fixture
def world(cast):
    from .test_scope import AREAS

    open_year(cast.district_a, actor=cast.officer)
    open_year(cast.district_b, actor=cast.outsider)
    for area in AREAS:
        area.build(cast)
    make_commitment(person=cast.member_person, actor=cast.member)
    bring_to(make_commitment(person=cast.colleague, actor=cast.leader, on_behalf=True), "submitted",
             writer=cast.leader, leader=cast.leader)  # fmt: skip
    return cast


def test_no_query_key_takes_a_hostile_number_badly(world, client_for):
    cast = world
    names = sorted(n for n in _pages(get_resolver()) if not n.startswith(SKIP))
    failures, sent, walked = [], 0, set()
    for user in (cast.admin, cast.officer, cast.leader, cast.member):
        client = client_for(user)
        client.raise_request_exception = False  # every failure counted, not only the first
        for name in names:
            url = reverse(name)
            page = client.get(url)
            if page.status_code != 200 or page.streaming or "html" not in page.get("Content-Type", ""):
                continue
            keys = query_keys(page.content.decode()) | {"org", "year", "page"}
            walked.add(name)
            for key in sorted(keys):
                for value in HOSTILE:
                    response = client.get(url, {key: value})
                    sent += 1
                    if response.status_code >= 500:
                        failures.append((user.username, name, key, value, _cause(response)))
    assert len(walked) > 20 and sent > 1000, (len(walked), sent)
    assert not failures, f"{len(failures)} of {sent}:\n" + "\n".join(map(repr, failures[:60]))
