"""Pages served again from memory while nothing behind them changed.

The main pages cost 12–30 ms to build (queries, then hundreds of template nodes) where Django needs under
1 ms to answer at all; people open the same dashboard, list and form again and again between two writes.
``cached_page`` keeps the HTML a view returned for a GET and serves it again as long as:

- the **data stamp** is the same: it grows with every insert, update or delete on a table of the
  application, in the same transaction as the write, so a write by any worker or command, by the ORM, a bulk
  import or plain SQL changes the stamp the moment it is committed. On PostgreSQL a trigger on each table
  does it, whatever program writes, once per transaction (the first write statement; the others return at
  once: a seed's half a million single-row inserts had each paid for it), and the key also counts the
  write statements the worker's own connection sent, so a page read later in that same transaction is not
  the one kept before its writes; on SQLite, whose triggers run once per row and
  made every row of a bulk insert open a statement journal (a seed of the demo ran for minutes instead of
  seconds), the application adds one to the stamp after each write statement it sends;
- it is the **same user in the same browser** (the user, the CSRF secret of the browser: the forms in the
  page carry a token for that browser), the same URL with the same htmx headers, the same language and the
  same day (deadlines and "late" marks depend on the date), within ``TTL`` seconds.

A page is kept only when it was a plain 200 HTML page that showed no one-off message, set no cookie and did
not touch the session. Nothing else is cached: a POST, an export, a redirect, a refusal.

The stamp is read first and the data after it, so a page can at worst be stored with data newer than its
stamp (harmless: the next write moves the stamp on), never with data older than it.
"""

from __future__ import annotations

# The SQL here is built from this module's constants and the models' own table names, never from input.
# ruff: noqa: S608
import functools
import hashlib
import re
import sqlite3

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

TTL = 600
STAMP_TABLE = "reports_datastamp"
SHARDS = 64

# --- The stamp --------------------------------------------------------------------------------------------


def stamp() -> tuple[int, int]:
    """The committed stamp, and the write statements this connection sent itself (PostgreSQL moves the
    stamp once per transaction: a page read later in the same transaction must still see the change)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(SUM(n), 0) FROM {STAMP_TABLE}")
        return int(cursor.fetchone()[0]), getattr(connection, "stamp_writes", 0)


def _model_tables() -> set[str]:
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        own = meta.app_config.name.startswith("lamtheobac.") or meta.label in (
            "auth.User",
            "auth.User_groups",
        )
        # the audit log is on no cached page (its list is built each time): a sign-in moves nothing; nor are
        # the task queue's workers, whose heartbeats would otherwise empty the cache twice a minute
        if (
            own
            and meta.managed
            and not meta.proxy
            and meta.db_table != STAMP_TABLE
            and meta.app_label not in ("audit", "jobs")
        ):
            tables.add(meta.db_table)
    return tables


def stamped_tables(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Every table whose rows a page may show: the application's own, their many-to-many tables and the
    accounts (not the sessions, not the login attempts)."""
    return sorted(_model_tables() & set(connections[using].introspection.table_names()))


_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION data_stamp_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s integer := NULLIF(current_setting('lamtheobac.stamp_shard', true), '')::integer;
BEGIN
  IF s IS NOT NULL THEN
    -- this transaction moved the stamp already: readers see its writes and the new stamp at its commit
    RETURN NULL;
  END IF;
  -- the transaction's first write takes a row no other open transaction holds
  SELECT shard INTO s FROM {STAMP_TABLE} ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED;
  IF s IS NULL THEN
    s := floor(random() * {SHARDS})::integer;
  END IF;
  PERFORM set_config('lamtheobac.stamp_shard', s::text, true);
  INSERT INTO {STAMP_TABLE} (shard, n) VALUES (s, 1) ON CONFLICT (shard) DO UPDATE SET n = {STAMP_TABLE}.n + 1;
  RETURN NULL;
END $$;
"""


def install_triggers(using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """PostgreSQL: create (or recreate) the stamp's trigger on every stamped table; run after each
    ``migrate``."""
    conn = connections[using]
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        cursor.execute(_PG_FUNCTION)
        for table in stamped_tables(using):
            cursor.execute(
                f'CREATE OR REPLACE TRIGGER data_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
                "FOR EACH STATEMENT EXECUTE FUNCTION data_stamp_bump()"
            )


def triggered_tables(using: str = DEFAULT_DB_ALIAS) -> set[str]:
    """PostgreSQL: the tables that have the stamp's trigger, as the database reports them."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = 'data_stamp'"
        )
        return {row[0] for row in cursor.fetchall()}


_WRITE = re.compile(
    r'\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE
)
_SQLITE_BUMP = (
    f"INSERT INTO {STAMP_TABLE} (shard, n) VALUES (0, 1) ON CONFLICT (shard) DO UPDATE SET n = n + 1"
)
_tables: set[str] = set()


def _follow_writes(execute, sql, params, many, context):
    """After a write statement on a stamped table: count it on the connection and, on SQLite, add one to the
    stamp on the same connection, so in the same transaction (or, outside one, right after the write: a page
    may then be stored with data newer than its stamp, never older)."""
    result = execute(sql, params, many, context)
    found = _WRITE.match(sql)
    if found:
        if not _tables:
            _tables.update(_model_tables())
        if found.group(1) in _tables:
            conn = context["connection"]
            conn.stamp_writes = getattr(conn, "stamp_writes", 0) + 1
            if conn.vendor == "sqlite":
                # a cursor of its own: the write's cursor still holds what the caller reads next (RETURNING…)
                try:
                    conn.connection.execute(_SQLITE_BUMP)
                except sqlite3.OperationalError:
                    if _has_stamp(conn):
                        raise  # the stamp is there and could not be written: the write must not pass unseen
                    # migrating a new database: the stamp's table comes with the reports app's migrations
    return result


def _has_stamp(conn) -> bool:
    return STAMP_TABLE in conn.introspection.table_names()


def watch_writes(sender, connection, **kwargs) -> None:
    """On each new connection (``connection_created``): the stamp follows its writes."""
    if _follow_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_follow_writes)


# --- The pages --------------------------------------------------------------------------------------------


def _key(request: HttpRequest, view) -> str | None:
    if request.method != "GET" or not request.user.is_authenticated:
        return None
    secret = request.META.get("CSRF_COOKIE")
    messages = getattr(request, "_messages", None)
    if not secret or (messages is not None and len(messages)):
        return None
    htmx = sorted(
        (k, v)
        for k, v in request.headers.items()
        if k.lower().startswith("hx-") and k.lower() != "hx-current-url"
    )
    parts = (
        f"{view.__module__}.{view.__qualname__}",
        request.user.pk,
        request.get_full_path(),
        htmx,
        get_language(),
        secret,
        timezone.localdate().isoformat(),
        stamp(),
    )
    return "page:" + hashlib.blake2b(repr(parts).encode(), digest_size=20).hexdigest()


def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and not response.has_header("Content-Disposition")
        and not (messages is not None and (messages.used or len(messages)))
        and not request.session.modified
    )


def cached_page(view):
    """Serve the view's GET page again from the cache while the data, the user and the browser are the same
    (see the module's text). Put it under ``login_required``, so that the view's own checks ran once for this
    very user and URL on the same data."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = _key(request, view) if settings.PAGE_CACHE else None
        if key is None:
            return view(request, *args, **kwargs)
        html = cache.get(key)
        if html is not None:
            return HttpResponse(html)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if _keepable(request, response):
            cache.set(key, response.content, TTL)
        return response

    return wrapper
