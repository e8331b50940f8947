"""Rows for the synthetic trees, written in chunks: COPY from a writer thread on PostgreSQL, executemany on
SQLite; the big tables' indexes dropped for the load and rebuilt after it."""

from __future__ import annotations

import datetime
import functools
import io
import json
import queue
import threading
from collections.abc import Callable, Sequence

from django.db.models import Model
from django.utils import timezone

# --- Writing rows ---------------------------------------------------------------------------------------------


class Table:
    """Rows waiting for one table: tuples of ``columns`` (attnames); every other column gets its default."""

    def __init__(self, sink: Sink, model: type[Model], columns: Sequence[str]) -> None:
        self.model, self.rows, self.written = model, [], 0
        fields = {f.attname: f for f in model._meta.concrete_fields}
        now = timezone.now()
        rest = [f for f in model._meta.concrete_fields if f.attname not in columns and not f.primary_key]
        self.tail = tuple(_default(f, now) for f in rest)
        order = [fields[c] for c in columns] + rest
        self.columns = [f.column for f in order]
        ops = sink.connection.ops
        quoted = ", ".join(ops.quote_name(c) for c in self.columns)
        self.table = ops.quote_name(model._meta.db_table)
        self.copy_sql = f"COPY {self.table} ({quoted}) FROM STDIN"
        self.insert_sql = f"INSERT INTO {self.table} ({quoted}) VALUES ({', '.join(['%s'] * len(order))})"  # noqa: S608
        # SQLite stores what Django's adapters make of dates, datetimes, UUIDs; PostgreSQL's COPY takes them as is.
        self.adapters: list[tuple[int, Callable]] = []
        # The generator passes datetimes already as text (``Sink.moment``) and UUIDs as hex.
        if not sink.postgres:
            for i, f in enumerate(order):
                kind = f.get_internal_type()
                if kind == "DateTimeField":
                    self.adapters.append((i, _cached(ops.adapt_datetimefield_value)))
                elif kind == "DateField":
                    self.adapters.append((i, ops.adapt_datefield_value))

    def add(self, row: tuple) -> None:
        self.rows.append(row)


def _default(field, now: datetime.datetime):
    """What a column the generator does not fill gets: the time of the load, or the field's default (a JSON
    field's as its JSON text, which both databases take as a plain value)."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.get_internal_type() == "JSONField":
        return json.dumps(field.get_default())
    return field.get_default()


def _cached(adapt: Callable) -> Callable:
    """Datetimes repeat (a minute's resolution): adapt each distinct one once."""
    return functools.lru_cache(maxsize=1 << 20)(adapt)


class Sink:
    """Tables of pending rows, flushed in chunks: on PostgreSQL with COPY from a writer thread (the database
    takes one chunk while the next is generated; a few chunks wait at most), on SQLite with executemany."""

    CHUNK = 100_000
    QUEUED = 4

    def __init__(self, connection) -> None:
        self.connection = connection
        self.postgres = connection.vendor == "postgresql"
        self.tables: list[Table] = []
        self.queue: queue.Queue | None = None
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None
        self.format_cursor = None

    def table(self, model: type[Model], columns: Sequence[str]) -> Table:
        table = Table(self, model, columns)
        self.tables.append(table)
        return table

    def flush(self, everything: bool = False) -> None:
        # All tables at once, in the order they were declared (parents first): a row never waits for the row it
        # refers to. (SQLite keeps a deferred foreign key's orphans in a counter, and while it is not zero
        # every new parent row scans its child table, whose index is dropped for the load.)
        if not everything and all(len(table.rows) < self.CHUNK for table in self.tables):
            return
        for table in self.tables:
            if table.rows:
                rows, table.rows = table.rows, []
                table.written += len(rows)
                if self.postgres:
                    self._send(table, rows)
                else:
                    self._insert(table, rows)

    def drain(self) -> None:
        """Wait until the writer thread has written everything (before the connection is used again)."""
        if self.thread is not None:
            self.queue.put(None)
            self.thread.join()
            self.thread = self.queue = None
            self.format_cursor.close()
        if self.error is not None:
            raise self.error

    def close(self) -> None:
        """Stop the writer thread after a failure elsewhere (its own error, if any, is dropped)."""
        self.error = self.error or RuntimeError("stopped")
        try:
            self.drain()
        except BaseException:  # noqa: S110 (the failure being raised is the one that matters)
            pass

    def _send(self, table: Table, rows: list[tuple]) -> None:
        if self.error is not None:
            raise self.error
        if self.thread is None:
            # The raw psycopg connection: Django's wrapper belongs to this thread. Same session, same transaction;
            # the main thread does not touch the database until ``drain`` (its cursor only formats).
            self.connection.ensure_connection()
            self.format_cursor = self.connection.connection.cursor()
            self.queue = queue.Queue(maxsize=self.QUEUED)
            self.thread = threading.Thread(
                target=self._copy_loop,
                args=(self.connection.connection, self.queue),
                name="seed-copy",
                daemon=True,
            )
            self.thread.start()
        self.queue.put((table.copy_sql, self._copy_text(rows, table.tail)))

    def _copy_text(self, rows: list[tuple], tail: tuple) -> bytes:
        """Rows in COPY's text format, formatted here by psycopg (``Copy`` with a ``FileWriter``: no I/O), sent
        by the writer thread."""
        from psycopg import Copy
        from psycopg.copy import FileWriter

        buffer = io.BytesIO()
        with Copy(self.format_cursor, writer=FileWriter(buffer)) as copy:
            write = copy.write_row
            for row in rows:
                write(row + tail)
        return buffer.getvalue()

    def _copy_loop(self, raw, work: queue.Queue) -> None:
        while (item := work.get()) is not None:
            if self.error is not None:
                continue  # keep taking chunks so that the generator never blocks on a full queue
            sql, data = item
            try:
                with raw.cursor() as cursor, cursor.copy(sql) as copy:
                    copy.write(data)
            except BaseException as exc:  # handed to the main thread by ``drain``
                self.error = exc

    def _insert(self, table: Table, rows: list[tuple]) -> None:
        adapters, tail = table.adapters, table.tail
        prepared = []
        for row in rows:
            row = list(row + tail)
            for i, adapt in adapters:
                value = row[i]
                if value is not None and not isinstance(value, str):
                    row[i] = adapt(value)
            prepared.append(row)
        with self.connection.cursor() as cursor:
            cursor.executemany(table.insert_sql, prepared)

    def moment(self, value: datetime.datetime) -> str:
        """An aware datetime as text the database stores exactly as Django would: PostgreSQL parses the ISO
        text with its offset; SQLite gets the UTC text of Django's adapter."""
        if self.postgres:
            return value.isoformat(sep=" ")
        return self.connection.ops.adapt_datetimefield_value(value)


class IndexLoad:
    """Drop the secondary indexes of the big tables before the load and create them again afterwards: sorting
    once is much faster than keeping millions of index entries in order row by row. On PostgreSQL their unique
    and foreign-key constraints too (validated again in one pass each); SQLite keeps its foreign keys (checked
    at commit) and the unique indexes of its table definitions. Everything runs inside the caller's
    transaction: a failure leaves the schema as it was."""

    def __init__(self, connection, models: Sequence[type[Model]]) -> None:
        self.connection = connection
        self.tables = [m._meta.db_table for m in models]
        self.restore: list[str] = []

    def drop(self) -> None:
        if self.connection.vendor != "postgresql":
            with self.connection.cursor() as cursor:
                marks = ", ".join(["%s"] * len(self.tables))
                cursor.execute(
                    f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "  # noqa: S608
                    f"AND tbl_name IN ({marks}) ORDER BY name",
                    self.tables,
                )
                indexes = cursor.fetchall()
                for name, _definition in indexes:
                    cursor.execute(f"DROP INDEX {self.connection.ops.quote_name(name)}")
            self.restore = [definition for _name, definition in indexes]
            return
        with self.connection.cursor() as cursor:
            # A table with deferred foreign-key checks still pending (the wipe's deletes) cannot be altered:
            # run them now, then defer again.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
                "WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u') ORDER BY contype, conname",
                [self.tables],
            )
            constraints = cursor.fetchall()
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary AND NOT EXISTS ("
                "SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x')) "
                "ORDER BY 1",
                [self.tables],
            )
            indexes = cursor.fetchall()
            q = self.connection.ops.quote_name
            for table, name, _definition, _kind in constraints:  # foreign keys ('f') sort before unique ('u')
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {q(name)}")
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {name}")
        self.restore = [definition for _name, definition in indexes]
        self.restore += [
            f"ALTER TABLE {t} ADD CONSTRAINT {q(n)} {d}" for t, n, d, k in constraints if k == "u"
        ]
        self.restore += [
            f"ALTER TABLE {t} ADD CONSTRAINT {q(n)} {d}" for t, n, d, k in constraints if k == "f"
        ]

    def create(self) -> int:
        with self.connection.cursor() as cursor:
            for statement in self.restore:
                cursor.execute(statement)
        return len(self.restore)
