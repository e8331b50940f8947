"""What every demo generator shares: a unit's random stream, days and moments, and the bulk insert of plain
rows. No demo data here, and nothing that decides a rule of the product."""

from __future__ import annotations

import datetime
import random
from functools import partial

from django.db import connections, router
from django.db.models import Model
from django.utils import timezone


def unit_rng(seed: int, code: str) -> random.Random:
    """The generator for one unit's people: seeded by the run's seed and the unit's code.

    Each unit draws from its own stream, so adding or reordering units in the data leaves the people of
    every other unit unchanged for a given seed.
    """
    return random.Random(f"{seed}:{code}")


def local_tz() -> datetime.tzinfo:
    return timezone.get_default_timezone()


def day_between(rng: random.Random, lo: datetime.date, hi: datetime.date) -> datetime.date:
    """A day between ``lo`` and ``hi`` (``lo`` when the range is empty)."""
    if hi <= lo:
        return lo
    return lo + datetime.timedelta(days=rng.randint(0, (hi - lo).days))


def moment(day: datetime.date, hour: int = 8) -> datetime.datetime:
    """``day`` at ``hour`` o'clock, local time."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=local_tz())


def insert_rows(model: type[Model], rows: list[dict]) -> None:
    """Insert plain rows with one ``executemany``: for the hundreds of thousands of items, tags and history
    rows, building model instances would take most of the seed's time.

    Every concrete column is written: a value the row lacks takes the field's default (a timestamp: now), so
    a column added to the model later still gets a value. Values go through the backend's adapters.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    ops = connection.ops
    columns = []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        kind = f.get_internal_type()
        if kind == "DateTimeField":
            adapt = ops.adapt_datetimefield_value
        elif kind == "DateField":
            adapt = ops.adapt_datefield_value
        elif kind in PLAIN_COLUMNS:
            adapt = None
        else:
            adapt = partial(f.get_db_prep_save, connection=connection)
        now = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        default = timezone.now() if now else f.get_default()
        columns.append((f.attname, f.column, adapt, default))
    names = ", ".join(ops.quote_name(column) for _, column, _, _ in columns)
    marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    head = f"INSERT INTO {ops.quote_name(model._meta.db_table)} ({names}) VALUES "  # noqa: S608 (names from the model)
    values = []  # column by column: far fewer Python calls than row by row
    for attname, _, adapt, default in columns:
        column = [row.get(attname, default) for row in rows]
        if adapt is not None:
            column = [None if v is None else adapt(v) for v in column]
        values.append(column)
    params = list(zip(*values, strict=True))
    if connection.vendor == "postgresql":
        # COPY: one stream instead of a statement per row (five times faster for the seed's 650.000 rows).
        # Its INSERT triggers fire as for an INSERT (the page cache's stamp, lib.pagecache).
        table = ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in params:
                copy.write_row(row)
        connection.stamp_writes = getattr(connection, "stamp_writes", 0) + 1
        return
    # executemany: SQLite loops in C; and under DEBUG (which seed_demo requires) Django logs it as one line
    # instead of rendering a statement with thousands of parameters.
    with connection.cursor() as cursor:
        cursor.executemany(head + marks, params)


PLAIN_COLUMNS = {
    "CharField",
    "TextField",
    "BooleanField",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "BigIntegerField",
    "ForeignKey",
    "OneToOneField",
    "URLField",
    "EmailField",
    "SlugField",
}
