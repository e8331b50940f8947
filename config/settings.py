"""The one settings file. Everything that differs between machines comes from the environment.

Safe by default: DEBUG is off unless asked for, and without DEBUG a SECRET_KEY must be given.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. Set the SECRET_KEY environment variable "
            "(for example: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "lamtheobac.jobs",
    "lamtheobac.organisation",
    "lamtheobac.accounts",
    "lamtheobac.cycle",
    "lamtheobac.activities",
    "lamtheobac.reports",
    "lamtheobac.imports",
    "lamtheobac.quality",
    "lamtheobac.audit",
    "lamtheobac.backups",
    "lamtheobac.api",
    "lamtheobac.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lamtheobac.accounts.middleware.SlidingSession",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lamtheobac.audit.services.RequestContext",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "lamtheobac.accounts.two_factor.Gate",
    "lamtheobac.accounts.passwords.Gate",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lamtheobac.accounts.context_processors.roles",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------------------------
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'lamtheobac.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; writers queue instead of failing at once.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Pages kept in each worker's memory and served again while the data stamp, the user and the browser are
# the same (lamtheobac.lib.pagecache); PAGE_CACHE=0 builds every page afresh.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", "500"))},
    }
}

# --- Authentication --------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "lamtheobac.accounts.codes.SignInCodeBackend",  # one-time codes of the sign-in slips (behind axes too)
]
PASSWORD_HASHERS = [
    "lamtheobac.accounts.hashers.Argon2id",  # the OWASP configuration: see the module
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Two-factor sign-in (django-otp): the name authenticator apps show; wrong codes lock a device for 1, 2,
# 4, 8… seconds.
OTP_TOTP_ISSUER = os.environ.get("TWO_FACTOR_ISSUER", "Làm theo Bác")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Lock a user name from a client address after repeated failures, and an address across all names after
# more (password spraying); the address is the audit log's (behind the proxy, from X-Forwarded-For).
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = float(os.environ.get("LOGIN_COOLOFF_HOURS", "0.25"))  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "lamtheobac.audit.services.client_ip"
AXES_HANDLER = "lamtheobac.accounts.lockout.LockoutHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["code"]  # the one-time code of a sign-in slip, masked like a password

# A one-time sign-in code printed on a slip works once, for this many days after it is issued.
SIGN_IN_CODE_DAYS = int(os.environ.get("SIGN_IN_CODE_DAYS", "30"))
# The address printed on the sign-in slips and in their QR codes (e.g. https://lamtheobac.tinhuy.vn); empty:
# the address the slip page was opened at.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
# LibreOffice, to offer a record's papers as PDF beside the Word file (unset: ``soffice`` on the path; empty:
# Word only).
OFFICE_BIN = os.environ.get("OFFICE_BIN")

# API tokens work this many days after they are made or renewed by their user (account page).
API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "90"))

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
# The age counts from the last use (expiry after inactivity): accounts.middleware.SlidingSession writes the
# session back at most once a minute while it is used.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy: scripts only from this server's own files (no inline script, no eval); the few
# inline styles of the templates are allowed. Nothing is loaded from elsewhere: the system runs on intranets.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF, csp.UNSAFE_INLINE],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    }
}

# --- Language, time, formats -----------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

# --- Static files (vendored, served by WhiteNoise: no CDN, works on an intranet) --------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Without collectstatic (development, tests) WhiteNoise serves straight from the app's static folders.
WHITENOISE_USE_FINDERS = DEBUG or env_bool("TESTING")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and not env_bool("TESTING")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Where ``manage.py backup`` writes (a folder per backup: the database and the uploaded files).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "var" / "backups"))

# --- Background work: Django's tasks API (django-tasks) on the app's own database ----------------
# ``manage.py worker`` runs the queued tasks (imports, quality refresh, reminders); ``make run`` starts one
# beside the server, production runs one or more per host (README). The tests run each task in the test
# process as it is queued (the immediate backend); a test may ask for the database backend itself.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env_bool("TESTING")
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A worker writes a heartbeat every WORKER_BEAT_SECONDS; a task it was running when its beat has been silent
# for TASK_STALLED_AFTER_SECONDS (a killed worker, a crashed host) is queued again, up to TASK_MAX_ATTEMPTS
# attempts in all, then marked failed with a message. A dead worker of the same host is known at once.
WORKER_BEAT_SECONDS = int(os.environ.get("WORKER_BEAT_SECONDS", "30"))
TASK_STALLED_AFTER_SECONDS = int(
    os.environ.get("TASK_STALLED_AFTER_SECONDS", os.environ.get("IMPORT_STALLED_AFTER_SECONDS", str(10 * 60)))
)
TASK_MAX_ATTEMPTS = int(os.environ.get("TASK_MAX_ATTEMPTS", "2"))
# A people list of more rows than this is written by a worker and downloaded when ready (a province's
# 300,000 rows are too many to write while a request waits); a smaller one is written in the request.
EXPORT_QUEUE_FROM = int(os.environ.get("EXPORT_QUEUE_FROM", "5000"))
# The draft of a report of an org with more orgs than this in its subtree is written by a worker (the report
# is there at once, its page says "đang soạn dự thảo" until the draft is in); a smaller one, in the request.
# The draft costs about 0.36 s + 0.9 ms per org of CPU (app and PostgreSQL) on the synthetic province: 2 s near
# 1,800 orgs on an idle host, 1.4 s for its smallest district (1,087 orgs), several seconds on a busy host; so
# every district and above goes to a worker, communes (up to ~100 orgs) stay in the request
# (bench/report_draft.py; README, Performance).
REPORT_QUEUE_FROM = int(os.environ.get("REPORT_QUEUE_FROM", "1000"))
# Tasks the workers queue by themselves once a day, from DAILY_TASKS_AT (local time) on; cron or a systemd
# timer may run ``manage.py send_due_reminders`` instead or as well: a second run that day sends nothing.
DAILY_TASKS = env_list("DAILY_TASKS", "lamtheobac.cycle.tasks.send_due_reminders")
DAILY_TASKS_AT = os.environ.get("DAILY_TASKS_AT", "07:00")
# What an uploaded file may hold, checked before it is opened (an .xlsx of 1 MB can unpack to gigabytes): the
# workbook unpacked, the ratio of any part of it to its compressed size, its shared strings (held in memory
# whole), the rows and cells of a sheet (as declared and as read), and a CSV file (read whole). Together they
# keep an import under 500 MB of memory (tests/imports/test_reader.py measures it).
IMPORT_MAX_UNZIPPED_BYTES = int(os.environ.get("IMPORT_MAX_UNZIPPED_BYTES", str(200 * 1024 * 1024)))
IMPORT_MAX_ZIP_RATIO = int(os.environ.get("IMPORT_MAX_ZIP_RATIO", "100"))
IMPORT_MAX_SHARED_STRINGS = int(os.environ.get("IMPORT_MAX_SHARED_STRINGS", "1000000"))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "150000"))
IMPORT_MAX_CELLS = int(os.environ.get("IMPORT_MAX_CELLS", "5000000"))
IMPORT_MAX_CSV_BYTES = int(os.environ.get("IMPORT_MAX_CSV_BYTES", str(20 * 1024 * 1024)))

# --- E-mail ----------------------------------------------------------------------------------
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "lamtheobac@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

PAGE_SIZE = 25
