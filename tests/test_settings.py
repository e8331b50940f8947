"""Settings that are safe by default: each case imports the settings module in a fresh interpreter."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent


def _load(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "TESTING"}}
    clean.update(env)
    code = "import config.settings as s; print(s.DEBUG, bool(s.SECRET_KEY))"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_debug_is_off_unless_asked_and_then_a_secret_key_is_required():
    result = _load()
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_it_starts_without_debug_when_given_a_secret_key():
    result = _load(SECRET_KEY="a-real-secret")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False True"


def test_debug_can_be_asked_for():
    result = _load(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True True"


def test_vietnamese_language_time_zone_and_dates():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    import datetime

    from django.utils import formats, translation

    with translation.override("vi"):
        assert formats.date_format(datetime.date(2020, 5, 15)) == "15/05/2020"
        assert formats.date_format(datetime.date(2020, 5, 15), "SHORT_DATE_FORMAT") == "15/05/2020"


def test_passwords_are_hashed_with_argon2id_as_owasp_configures_it():
    from django.contrib.auth.hashers import (
        Argon2PasswordHasher,
        check_password,
        get_hasher,
        identify_hasher,
        make_password,
    )

    import config.settings as configured

    with override_settings(PASSWORD_HASHERS=configured.PASSWORD_HASHERS):
        hasher = get_hasher()
        assert (hasher.algorithm, hasher.memory_cost, hasher.time_cost, hasher.parallelism) == (
            "argon2",
            19 * 1024,
            2,
            1,
        )
        stored = make_password("Bac Ho kinh yeu")
        assert stored.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
        assert check_password("Bac Ho kinh yeu", stored) and not check_password("bac ho kinh yeu", stored)
        # a password stored with Django's own parameters still signs in, and is then stored anew with these
        older = Argon2PasswordHasher().encode("Bac Ho kinh yeu", "muoisaukytu12345")
        assert "m=102400,t=2,p=8" in older
        assert identify_hasher(older).must_update(older)
        rehashed = []
        assert check_password("Bac Ho kinh yeu", older, setter=rehashed.append) and rehashed


def test_login_failures_are_throttled():
    assert "axes" in settings.INSTALLED_APPS
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert 3 <= settings.AXES_FAILURE_LIMIT <= 10


@pytest.mark.parametrize("folder", ["templates", "static/css", "static/js", "lamtheobac"])
def test_nothing_is_loaded_from_another_server(folder):
    """The system must work on an intranet with no internet: no CDN, no remote fonts or scripts."""
    remote = re.compile(r"""(src|href)\s*=\s*["']?(https?:)?//|@import\s+url\(\s*["']?(https?:)?//""", re.I)
    for path in (ROOT / folder).rglob("*"):
        if path.suffix in {".html", ".css", ".js"}:
            assert not remote.search(path.read_text(encoding="utf-8")), path


def test_vendored_libraries_carry_their_licence():
    for lib in (ROOT / "static" / "vendor").iterdir():
        assert (lib / "LICENSE").exists() or (lib / "LICENSE.md").exists(), lib


# The environment of a production server, as the README's deployment section gives it.
PRODUCTION = {
    "SECRET_KEY": "k8Jq2v-Xr9Lw3mZt7Yb1Nc5Hd0Fg6Ps4Ue8Ai2Oo9Rl3Tk7Wy1Qx5Vz0Mn4Bj8Ch2Dp6Gs",
    "ALLOWED_HOSTS": "lamtheobac.tinhuy.vn",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
}


def test_the_deployment_check_is_clean_with_production_settings():
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "TESTING", "SECURE_COOKIES"}
    }
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    result = subprocess.run(command, cwd=ROOT, env=clean | PRODUCTION, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_every_page_carries_a_content_security_policy_without_inline_scripts(client):
    policy = client.get("/tai-khoan/dang-nhap/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval', no other server
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_cookies_are_secure_httponly_and_same_site():
    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.CSRF_COOKIE_SAMESITE == "Lax"
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"],
        cwd=ROOT, env={k: v for k, v in os.environ.items() if k not in {"DEBUG", "TESTING"}} | PRODUCTION,
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.stdout.strip() == "True True", result.stderr
