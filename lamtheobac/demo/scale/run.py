"""Running the synthetic build: the steps, timed; the demo logins' grants; the wipe for any size; the summary."""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model
from django.utils import timezone

from lamtheobac.activities import models as act
from lamtheobac.cycle.models import Document, Evidence, Record, RecordItem, Transition
from lamtheobac.lib.formatting import number
from lamtheobac.organisation import services
from lamtheobac.organisation.models import Org, OrgEvent, OrgKind, Person, PersonKind
from lamtheobac.quality.models import RecordQuality
from lamtheobac.reports.services import counters

from ..logins import DEMO_LOGINS, DEMO_PASSWORD
from ..tree import DemoDataError, check_logins_free
from ..wipe import wipe
from .builder import Builder
from .lines import ScaleSummary
from .records import S
from .shapes import (
    HOME_PROVINCE,
    MIN_PEOPLE,
    NATIONAL_ROOT,
    PROVINCES,
    SCALES,
    Node,
    plan_for,
    province_node,
    provinces_of,
)
from .sink import IndexLoad, Sink

# --- Running it -----------------------------------------------------------------------------------------------

# The tables written by the million: their secondary indexes and constraints are rebuilt after the load.
BIG_MODELS: tuple[type[Model], ...] = (
    Org,
    OrgEvent,
    Person,
    Record,
    RecordItem,
    RecordItem.programmes.through,
    Transition,
    RecordQuality,
)


def duration(seconds: float) -> str:
    if seconds < 60:
        return f"{number(seconds, 1)} giây"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} phút {rest:02d} giây"


class Steps:
    """Prints a step, then the time it took; keeps the times for the summary."""

    def __init__(self, summary: ScaleSummary, say: Callable[[str], None]) -> None:
        self.summary, self.say, self.started = summary, say, time.monotonic()

    def run(self, label: str, work: Callable[[], object]) -> object:
        self.say(f"{label}…")
        began = time.monotonic()
        result = work()
        took = time.monotonic() - began
        self.summary.steps.append((label, took))
        self.say(f"  xong sau {duration(took)}")
        return result

    @property
    def elapsed(self) -> str:
        return duration(time.monotonic() - self.started)


def build_scale(
    scale: str,
    *,
    seed: int,
    people: int | None = None,
    today: datetime.date | None = None,
    say: Callable[[str], None] = print,
) -> ScaleSummary:
    """Write the ``scale`` tree (``SCALES``), shrunk to about ``people`` people, on an empty database.

    The caller holds the transaction and has wiped the database (``wipe_scale``).
    """
    shape = SCALES[scale]
    target = people or shape.people
    if target < MIN_PEOPLE:
        raise DemoDataError(
            f"--people {target}: quá nhỏ, cần ít nhất {number(MIN_PEOPLE)} cá nhân (cây nhỏ nhất: các cơ quan cấp "
            "tỉnh, một huyện, một xã, khoảng 1.400 cá nhân)."
        )
    plan = plan_for(shape, target)
    today = today or timezone.localdate()
    connection = connections[DEFAULT_DB_ALIAS]
    check_logins_free()
    password = make_password(DEMO_PASSWORD)  # one hash for every demo user (Argon2 is slow on purpose)
    users = {
        login.username: User.objects.create(
            username=login.username, password=password, first_name=login.display_name[:150]
        )
        for login in DEMO_LOGINS
    }
    sink = Sink(connection)
    builder = Builder(
        sink, seed=seed, today=today, shape=shape, users={u: user.pk for u, user in users.items()}
    )
    summary = builder.summary
    steps = Steps(summary, say)
    load = IndexLoad(connection, BIG_MODELS)
    if sink.postgres:
        with connection.cursor() as cursor:
            # Sorting for the index builds and hashing for the foreign-key checks, this transaction only.
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            cursor.execute("SET LOCAL work_mem = '256MB'")
    steps.run("Bỏ tạm chỉ mục và ràng buộc của các bảng lớn", load.drop)

    if scale == "national":
        root_node = Node(NATIONAL_ROOT[0], NATIONAL_ROOT[1], OrgKind.PROVINCE_COMMITTEE, role="root")
        provinces = provinces_of(plan)
    else:
        root_node = province_node(
            next(i for i, (n, _c) in enumerate(PROVINCES) if n == HOME_PROVINCE), plan, shape, seed
        )
        root_node.role = "root"
        provinces = []
    summary.root_name = root_node.name

    def tree() -> None:
        root = builder.write_org(root_node, None, 0, 0)
        sink.flush(everything=True)
        sink.drain()
        builder.open_year(Org.objects.get(pk=root[0]), users.get("chuyenvien"))
        done = [0]

        def progress(label: str, total: int) -> Callable[[Node], None]:
            def report(child: Node) -> None:
                if child.kind not in (OrgKind.PROVINCE_COMMITTEE, OrgKind.DISTRICT_COMMITTEE):
                    return
                done[0] += 1
                say(
                    f"  {label} {done[0]}/{total}: {child.name} — tổng {number(summary.orgs)} tổ chức, "
                    f"{number(summary.people)} cá nhân ({steps.elapsed})"
                )

            return report

        if scale == "national":
            report = progress("Tỉnh, thành phố", len(provinces))
            for n, index in enumerate(provinces, start=1):
                node = province_node(index, plan, shape, seed)
                builder.emit_province(node, root, 1, n * 10)
                report(node)
        else:
            districts = sum(1 for c in root_node.children if c.kind == OrgKind.DISTRICT_COMMITTEE)
            builder.unit(root_node, root[0], False)
            for i, child in enumerate(root_node.children, start=1):
                rng = random.Random(f"{seed}:{builder.year}:{child.code}:decisions")
                where = child.where if child.kind == OrgKind.DISTRICT_COMMITTEE else ""
                builder.set_decisions(rng, where, root_node.where, root_node.city)
                builder.emit(child, root, 1, i * 10)
                progress("Huyện", districts)(child)
        sink.flush(everything=True)
        sink.drain()

    try:
        steps.run("Sinh cây tổ chức, cá nhân, kế hoạch, bản cam kết và gương điển hình", tree)
    except BaseException:
        sink.close()
        raise
    label = "Tạo lại chỉ mục và ràng buộc (kiểm tra khóa ngoại)" if sink.postgres else "Tạo lại chỉ mục"
    count = steps.run(label, load.create)
    say(f"  {count} chỉ mục và ràng buộc")

    def finish() -> None:
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(
                no_style(), [*BIG_MODELS, act.Exemplar, act.Commendation]
            ):
                cursor.execute(statement)
        _logins(builder, users)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    steps.run("Tài khoản dùng thử, bộ đếm khóa chính và thống kê (ANALYZE)", finish)
    steps.run("Mốc thời gian của tổ chức và cá nhân", services.open_missing)
    steps.run("Số liệu cộng dồn của mọi tổ chức (reconcile)", counters.reconcile)
    summary.rows = {t.model._meta.db_table: t.written for t in sink.tables}
    return summary


def _logins(builder: Builder, users: dict[str, User]) -> None:
    """Grants of the demo logins on the scaled tree; each user named after its person."""
    codes = {**builder.login_orgs}
    orgs = {o.code: o for o in Org.objects.filter(code__in=codes.values())}
    missing = []
    for login in builder.logins:
        user = users[login.username]
        for role, where in login.grants:
            services.grant_create(actor=None, user=user, org=orgs[codes[where]], role=role)
        if login.where:
            found = builder.login_people.get(login.username)
            if found is None:
                missing.append(login.username)
                continue
            user.first_name = found[1][:150]
            user.save(update_fields=["first_name"])
    if missing:
        raise DemoDataError(f"Không tìm thấy người cho tài khoản: {', '.join(missing)}.")
    builder.summary.logins = [login.username for login in builder.logins]


def wipe_scale() -> dict[str, int]:
    """``build.wipe`` for a database of any size. The org table and every table that refers to it, directly or
    not (people, years, records and their items, activities, grants, history: what ``wipe`` deletes) are
    emptied first, in bulk: TRUNCATE … CASCADE on PostgreSQL, a DELETE per table on SQLite (its foreign keys are
    checked at commit); the uploaded files of those rows are removed once the transaction commits, as ``wipe``
    does. Then ``wipe`` deletes what is left (the users but superusers). Callers hold the transaction."""
    connection = connections[DEFAULT_DB_ALIAS]
    counted = {
        "orgs": Org.objects.count(),
        "people": Person.objects.count(),
        "records": Record.objects.count(),
        "users": User.objects.filter(is_superuser=False).count(),
    }
    files = [(e.file.storage, e.file.name) for e in Evidence.objects.exclude(file="")]
    files += [(d.file.storage, d.file.name) for d in Document.objects.exclude(file="")]
    files += [
        (f.file.storage, f.file.name)
        for m in (act.StudyFile, act.PilotFile, act.InspectionFile)
        for f in m.objects.all()
    ]
    files += [(e.photo.storage, e.photo.name) for e in act.Exemplar.objects.exclude(photo="")]
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks still pending in this transaction would forbid the truncation: run them.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(f"TRUNCATE {q(Org._meta.db_table)} CASCADE")
        else:
            for model in _referring(Org):
                cursor.execute(f"DELETE FROM {q(model._meta.db_table)}")  # noqa: S608 (names from the models)
    wipe()
    if files:
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    return counted


def _referring(target: type[Model]) -> list[type[Model]]:
    """``target`` and every model whose rows refer to it, directly or through others (M2M tables included):
    what ``TRUNCATE target CASCADE`` empties."""
    found: list[type[Model]] = []
    todo = [target]
    while todo:
        model = todo.pop()
        if model in found:
            continue
        found.append(model)
        for f in model._meta.get_fields(include_hidden=True):
            if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one):
                todo.append(f.related_model)
        todo += [f.remote_field.through for f in model._meta.many_to_many]
    return found


def summary_lines(summary: ScaleSummary, seed: int, people: int | None) -> list[str]:
    """What the command prints at the end, in the district demo's words."""
    size = f", --people {people}" if people else ""
    lines = [
        f"Đã tạo dữ liệu dùng thử quy mô {summary.scale} “{summary.root_name}” (--seed {seed}{size}):",
        f"  Tổ chức: {number(summary.orgs - 1)} tập thể trực thuộc (cộng tổ chức gốc là {number(summary.orgs)}), "
        f"{summary.max_depth + 1} cấp",
    ]
    lines += [
        f"    {kind.label}: {number(summary.orgs_by_kind[kind])}"
        for kind in OrgKind
        if summary.orgs_by_kind[kind]
    ]
    lines.append(f"  Cá nhân: {number(summary.people)}")
    lines += [
        f"    {kind.label}: {number(summary.people_by_kind[kind])}"
        for kind in PersonKind
        if summary.people_by_kind[kind]
    ]
    for label, counts, required in (
        ("Kế hoạch", summary.plans, summary.required_orgs),
        ("Bản cam kết", summary.commitments, summary.required_people),
    ):
        states = ", ".join(f"{S(s).label.lower()} {number(n)}" for s, n in sorted(counts.items()) if n)
        lines.append(
            f"  {label}: {number(sum(counts.values()))} / {number(required)} phải nộp "
            f"(chưa bắt đầu {number(required - sum(counts.values()))}); {states}"
        )
    rows = ", ".join(f"{table} {number(n)}" for table, n in summary.rows.items())
    lines.append(f"  Số dòng đã ghi: {rows}")
    lines.append(
        f"  Tài khoản dùng thử: {len(summary.logins)} ({', '.join(summary.logins)}), mật khẩu: {DEMO_PASSWORD}"
    )
    lines.append(
        "  Thời gian: " + "; ".join(f"{label.lower()} {duration(took)}" for label, took in summary.steps)
    )
    return lines
