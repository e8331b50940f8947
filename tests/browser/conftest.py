"""Browser journeys: Playwright drives Debian's Chromium against a live server holding the demo district.

They run in a pytest process of their own (``make test`` starts it after the rest): the demo is seeded once
into the test database and committed, which the other tests, each inside a rolled-back transaction, must not
see. Run with the others, they are skipped with that reason; without Playwright or Chromium, they are skipped
with the reason printed (``make test`` shows skip reasons), unless ``REQUIRE_BROWSER=1`` (CI) makes that an
error.

Chromium runs as root on machines with no internet: no sandbox, no background networking, no component
updates, no sync, no first-run page, and a fresh user-data directory (Playwright makes a new one for every
launch). Playwright is pointed at ``/usr/bin/chromium`` (or ``$CHROMIUM``) and never downloads a browser.

Each journey runs on a desktop viewport and on a 360×740 phone; any console error or uncaught script error
fails it, and a screenshot of its last step is written to ``var/screenshots/<run>/``.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
VIEWPORTS = {"desktop": {"width": 1366, "height": 860}, "phone": {"width": 360, "height": 740}}
ROOT = Path(__file__).resolve().parents[2]
# One folder for the run, named when it starts (the processes of a parallel run inherit the name).
RUN = os.environ.setdefault("JOURNEYS_RUN", datetime.now().strftime("%Y%m%d-%H%M%S"))
SCREENSHOTS = ROOT / "var" / "screenshots" / RUN
HERE = Path(__file__).resolve().parent

# Playwright's synchronous API runs an event loop in the test's thread; the tests' own ORM calls are plain
# synchronous code all the same.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def missing() -> str | None:
    """Why the journeys cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[dev]')"
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def pytest_collection_modifyitems(config, items) -> None:
    ours = [item for item in items if Path(str(item.path)).is_relative_to(HERE)]
    if not ours:
        return
    reason = missing()
    if reason and os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but the browser journeys cannot run: {reason}")
    if reason is None and len(ours) < len(items):
        reason = (
            "browser journeys run in a pytest process of their own: pytest tests/browser (make test does)"
        )
    if reason:
        for item in ours:
            item.add_marker(pytest.mark.skip(reason=reason))


def pytest_terminal_summary(terminalreporter) -> None:
    if SCREENSHOTS.exists():
        terminalreporter.write_line(f"Ảnh chụp màn hình (screenshots): {SCREENSHOTS.relative_to(ROOT)}/")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(tmp_path_factory) -> None:
    """A file for the SQLite test database: the live server's threads and the import's worker thread each
    open their own connection, which an in-memory database does not share reliably. On PostgreSQL, one
    database for each process of a parallel run."""
    from django.db import connections

    settings = connections["default"].settings_dict
    if settings["ENGINE"].endswith("sqlite3"):
        settings.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "browser.sqlite3")
    elif worker := os.environ.get("PYTEST_XDIST_WORKER"):
        # journeys in several processes (make test): a test database, and a demo, for each
        settings.setdefault("TEST", {})["NAME"] = f"test_{settings['NAME']}_{worker}"


@pytest.fixture(scope="session")
def django_db_setup(
    django_test_environment, django_db_modify_db_settings, django_db_blocker
) -> Iterator[None]:
    """The test database, made for these tests although none of them asks for pytest-django's ``db`` (which
    would roll back or flush what the live server must see)."""
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        made = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    yield
    with django_db_blocker.unblock():
        teardown_databases(made, verbosity=0)


@pytest.fixture(scope="session")
def media_root(tmp_path_factory) -> Path:
    """One folder for the whole run: the demo's photos are stored at the start and served all along."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, media_root) -> None:
    settings.MEDIA_ROOT = media_root


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """New people of a journey get a fast hash; the demo's logins keep their Argon2 hash, which must open."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "lamtheobac.accounts.hashers.Argon2id",
    ]


@pytest.fixture(scope="session")
def server(django_db_setup, django_db_blocker, media_root) -> Iterator[str]:
    """The demo district behind a live server; its base URL."""
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings
    from pytest_django.live_server_helper import LiveServer

    name = connection.settings_dict["NAME"]
    assert "test" in name or name.endswith("browser.sqlite3"), f"never seed a real database: {name}"
    with (
        django_db_blocker.unblock(),
        override_settings(DEBUG=True, MEDIA_ROOT=media_root),
    ):  # no demo without DEBUG
        call_command("seed_demo", stdout=io.StringIO())
    live = LiveServer("127.0.0.1:0")
    yield live.url
    live.stop()


@pytest.fixture(autouse=True)
def _database(django_db_blocker) -> Iterator[None]:
    """The tests read and prepare data directly; what they write stays (the live server must see it)."""
    with django_db_blocker.unblock():
        yield


def menu(page):
    """The main menu, unfolded first where it is folded behind its button (a phone)."""
    button = page.locator("button.menu-button")
    if button.is_visible() and button.get_attribute("aria-expanded") != "true":
        button.click()
    return page.locator("nav.topnav")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request) -> str:
    return request.param


class Visit:
    """One person's browser window in a journey: signs in, records console errors, takes the last picture."""

    def __init__(self, browser, base: str, viewport: str, journey: str) -> None:
        self.base, self.viewport, self.journey = base, viewport, journey
        self.context = browser.new_context(
            viewport=VIEWPORTS[viewport],
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            accept_downloads=True,
            is_mobile=viewport == "phone",
            has_touch=viewport == "phone",
        )
        self.context.set_default_timeout(15_000)
        self.errors: list[str] = []
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"script: {e}"))
        self.page.on(
            "dialog", lambda d: d.accept()
        )  # "Nhập toàn bộ tệp này?" and the like: the user says yes

    def go(self, path: str):
        self.page.goto(self.base + path)
        return self.page

    def sign_in(self, username: str, password: str | None = None):
        from django.urls import reverse

        from lamtheobac.demo.logins import DEMO_PASSWORD

        page = self.go(reverse("accounts:login"))
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password or DEMO_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
        assert "dang-nhap" not in page.url, page.locator("main").inner_text()
        return page

    def sideways(self) -> int:
        """How many pixels the page is wider than the window (0: nothing to scroll sideways)."""
        return self.page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")

    def screenshot(self, step: str = "") -> Path:
        """The page as it stands (the journey's last step), after checking it does not scroll sideways."""
        assert self.sideways() <= 0, f"{self.page.url} is {self.sideways()} px wider than the window"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^a-z0-9-]+", "-", f"{self.journey}-{step}".strip("-").lower()).strip("-")
        path = SCREENSHOTS / f"{name}-{self.viewport}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, server, viewport, request) -> Iterator:
    """``visit()`` → a new browser window on the live server, at this test's viewport. Console errors in any
    window opened this way fail the test."""
    journey = request.node.originalname.removeprefix("test_").replace("_", "-")
    opened: list[Visit] = []

    def open_window() -> Visit:
        window = Visit(browser, server, viewport, journey)
        opened.append(window)
        return window

    yield open_window
    errors = [e for w in opened for e in w.errors]
    for window in opened:
        window.close()
    assert not errors, "\n".join(errors)
