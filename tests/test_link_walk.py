"""No dead ends: every link and every GET form a page offers opens for the role it was offered to.

For each demo login the walk starts at the home page and follows, breadth first, every ``<a href>`` and the
action of every GET form on every page it reaches on the site (three clicks deep at most, a bounded number
of pages per role). A link the page itself offered that answers 403, 404 or 500 is a dead end: the page
should not have offered it (hiding what a role may not use is asked of ``access``, not decided by the
template). Downloads, signing out and links off the site are not followed; of the many links of one kind
(the record pages of a list, ``?page=`` of a list) a few are enough.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

import pytest
from django.contrib.auth.models import User
from django.urls import Resolver404, resolve

from .conftest import sign_in

pytestmark = pytest.mark.django_db

ROLES = ("admin", "chuyenvien", "kiemtra", "bithu_xa", "bithu_chibo", "dangvien")
PASSWORD = "lamtheobac"
DEPTH = 3  # clicks from the home page
PAGES = 150  # per role
SAME_KIND = 3  # pages of one route with the same query keys
DEAD = {403, 404, 500}
# Not pages: signing out ends the walk, files download, the API answers JSON to programs.
SKIPPED_ROUTES = {"logout"}
SKIPPED_PREFIXES = ("/static/", "/media/", "/api/", "/admin/")
DOWNLOAD_KEYS = {"format", "download"}


class _Links(HTMLParser):
    """The hrefs of the links and the actions of the GET forms of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href") and "download" not in a:
            self.found.append(a["href"] or "")
        elif tag == "form" and (a.get("method") or "get").lower() == "get":
            self.found.append(a.get("action") or "")


@dataclass(frozen=True)
class Dead:
    url: str
    status: int
    offered_by: str

    def __str__(self) -> str:
        return f"{self.url} → {self.status} (offered by {self.offered_by})"


def _kind(url: str) -> tuple | None:
    """What makes two links the same kind (the route and the query's keys), None for what is not walked."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    query = dict(parse_qsl(parts.query))
    if DOWNLOAD_KEYS & set(query):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return ("unknown", parts.path)  # a link to nowhere is walked, and found dead
    if match.url_name in SKIPPED_ROUTES or (match.url_name or "").endswith("download"):
        return None
    return (match.view_name, tuple(sorted(query)))


def _walk(client, start: str = "/") -> tuple[list[Dead], int]:
    """Breadth-first from ``start``: the dead ends found and how many pages were opened."""
    seen: set[str] = {start}
    kinds: Counter = Counter()
    queue: deque[tuple[str, int, str]] = deque([(start, 0, "")])
    dead: list[Dead] = []
    opened = 0
    while queue and opened < PAGES:
        url, depth, offered_by = queue.popleft()
        try:
            response = client.get(url)
        except Exception:  # a view that raises is what a user sees as a 500
            dead.append(Dead(url, 500, offered_by))
            continue
        opened += 1
        if response.status_code in DEAD:
            dead.append(Dead(url, response.status_code, offered_by))
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            links = [response["Location"]]
        elif response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            parser = _Links()
            parser.feed(response.content.decode())
            links = parser.found
        else:
            continue  # a file, JSON: nothing to follow
        if depth >= DEPTH:
            continue
        for href in links:
            link = urldefrag(urljoin(url, href.replace("&amp;", "&"))).url
            kind = _kind(link)
            if kind is None or link in seen or kinds[kind] >= SAME_KIND:
                continue
            seen.add(link)
            kinds[kind] += 1
            queue.append((link, depth + 1, url))
    return dead, opened


@pytest.fixture(scope="module")
def seeded(demo_db) -> None:
    """The session's demo (tests/demo_db.py), copied into the database for this module."""


@pytest.mark.parametrize("username", ROLES)
def test_every_link_a_page_offers_opens(seeded, client, username):
    user = User.objects.get(username=username)
    assert user.is_active and user.check_password(PASSWORD), f"the demo login {username} does not sign in"
    dead, opened = _walk(sign_in(client, user))
    assert opened >= 5, f"{username}: the walk opened only {opened} pages"
    assert not dead, f"{username}: dead ends\n" + "\n".join(map(str, dead))


def test_the_walk_finds_a_dead_end_offered_by_a_page(seeded, client, monkeypatch):
    """The walk itself can fail: a page offering a link the role cannot open is found."""
    user = User.objects.get(username="dangvien")
    planted = '<a href="/cham-tien-do/">chậm tiến độ</a><a href="/khong-co-trang-nay/">không có</a>'
    original = _Links.feed

    def feed(self, data: str) -> None:
        original(self, data + planted)

    monkeypatch.setattr(_Links, "feed", feed)
    dead, _opened = _walk(sign_in(client, user))
    assert {(d.url, d.status) for d in dead} == {("/cham-tien-do/", 403), ("/khong-co-trang-nay/", 404)}


def test_links_of_one_kind_are_sampled_and_files_and_sign_out_are_not_followed():
    assert _kind("/tai-khoan/dang-xuat/") is None
    assert _kind("/cham-tien-do/?org=1&year=2026&format=xlsx") is None
    assert _kind("https://example.vn/") is None and _kind("mailto:a@b.vn") is None
    assert _kind("/nam/1/") == _kind("/nam/2/") != _kind("/nam/1/?page=2")
    assert _kind("/van-ban/1/") is None  # a file
    assert _kind("/khong-co-trang-nay/") == ("unknown", "/khong-co-trang-nay/")
