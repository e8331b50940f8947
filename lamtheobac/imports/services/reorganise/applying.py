"""Checking the lines of a reorganisation against the tree and applying them in one transaction, measured
before and after (``run``): see the package's description."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lamtheobac.cycle.models import Record, RecordKind
from lamtheobac.cycle.selectors import closed_period
from lamtheobac.lib import text as vn
from lamtheobac.lib.formatting import date as fmt_date
from lamtheobac.organisation import access, services, timeline
from lamtheobac.organisation import selectors as org_selectors
from lamtheobac.organisation.models import SEGMENT, Org, Person, Reorganisation, RoleGrant
from lamtheobac.organisation.roles import Cap
from lamtheobac.reports import selectors as reports_selectors
from lamtheobac.reports.services import counters

from ...values import Problem
from .reading import (
    COLUMNS,
    CREATE,
    END,
    MERGE,
    MOVE,
    OPERATION_WORDS,
    RENAME,
    SPLIT,
    Change,
    Line,
    Outcome,
    Totals,
)

ERR_FUTURE = _lazy("Ngày hiệu lực %(date)s chưa đến; chỉ ghi thay đổi đã có hiệu lực.")
ERR_NEEDED = _lazy("Thao tác “%(op)s” cần cột “%(column)s”.")
ERR_UNKNOWN_CODE = _lazy("Không có tổ chức mã “%(code)s” (kể cả các dòng thành lập phía trên).")
ERR_CODE_TAKEN = _lazy("Mã “%(code)s” đã được dùng.")
# names the code as typed, never the org: outside the scope, a code and an unknown code read alike
ERR_OUT_OF_SCOPE = _lazy("Không có tổ chức mã “%(code)s” trong phạm vi anh/chị được sắp xếp.")
ERR_ROOT = _lazy("Chỉ quản trị hệ thống được thành lập tổ chức không trực thuộc tổ chức nào.")
ERR_CLOSED = _lazy(
    "Năm %(year)s tại “%(name)s” đã khóa sổ; chỉ quản trị hệ thống được ghi thay đổi có hiệu lực trong năm này, "
    "kèm lý do."
)
ERR_ENDED = _lazy("Tổ chức “%(name)s” đã kết thúc hoạt động (ngày %(date)s).")
ERR_ENDED_IN_FILE = _lazy("Tổ chức mã “%(code)s” đã kết thúc ở dòng %(row)s.")
ERR_TOTALS = _lazy(
    "Số liệu năm %(year)s thay đổi sau khi sắp xếp (%(what)s: %(before)s → %(after)s); không ghi gì. Sắp xếp "
    "tổ chức không được làm đổi số liệu các năm trước."
)
ERR_EMPTY = _lazy("Tệp không có dòng thay đổi nào.")
ERR_SAME = _lazy("“Mã mới” phải khác “Mã”.")


# --- Checking and applying -----------------------------------------------------------------------


class _Refused(Exception):
    """Raised inside the savepoint to roll it back (a dry run, or a refusal)."""


def _check(lines: list[Line], *, actor, reason: str, problems: list[Problem]) -> dict[str, Org]:
    """Every row against the tree as it stands and the rows above it: the orgs named, by code."""
    codes = (
        {line.code for line in lines}
        | {line.new_code for line in lines}
        | {line.parent_code for line in lines}
    )
    codes.discard("")
    known = {o.code: o for o in Org.objects.filter(code__in=codes)}
    created: set[str] = set()
    ended: dict[str, int] = {}
    admin = actor is None or access.is_admin(actor)
    today = timeline.today()

    def existing(number: int, column: str, code: str) -> Org | None:
        if code in created:
            return None
        if code in ended:
            problems.append(Problem(number, column, ERR_ENDED_IN_FILE % {"code": code, "row": ended[code]}))
            return None
        org = known.get(code)
        if not admin and (org is None or not access.can(actor, Cap.MANAGE_ORGS, org)):
            # the scope first: nothing of an org outside it (its name, its end, its closed years) is told
            problems.append(Problem(number, column, ERR_OUT_OF_SCOPE % {"code": code}))
            return None
        if org is None:
            problems.append(Problem(number, column, ERR_UNKNOWN_CODE % {"code": code}))
        elif not org.active:
            problems.append(
                Problem(number, column, ERR_ENDED % {"name": org.name, "date": fmt_date(org.ended_on)})
            )
        return org

    def closed(number: int, org: Org | None, on: datetime.date | None) -> None:
        if org is None or on is None or (admin and reason):
            return
        period = closed_period(org, on.year)
        if period is not None:
            problems.append(
                Problem(number, COLUMNS["date"], ERR_CLOSED % {"year": on.year, "name": period.org.name})
            )

    needs = {
        CREATE: ("new_code", "new_name", "new_kind"),
        MERGE: ("code", "new_code"),
        MOVE: ("code", "parent_code"),
        RENAME: ("code", "new_name"),
        SPLIT: ("code", "new_code"),
        END: ("code",),
    }
    for line in lines:
        n = line.number
        missing = [k for k in needs[line.op] if not getattr(line, k)]
        for key in missing:
            problems.append(
                Problem(
                    n, COLUMNS[key], ERR_NEEDED % {"op": OPERATION_WORDS[line.op], "column": COLUMNS[key]}
                )
            )
        if missing:
            continue
        if line.on is not None and line.on > today:
            problems.append(Problem(n, COLUMNS["date"], ERR_FUTURE % {"date": line.on.strftime("%d/%m/%Y")}))
        if line.op == CREATE:
            if line.new_code in known or line.new_code in created:
                problems.append(Problem(n, COLUMNS["new_code"], ERR_CODE_TAKEN % {"code": line.new_code}))
            if line.parent_code:
                closed(n, existing(n, COLUMNS["parent_code"], line.parent_code), line.on)
            elif not admin:
                problems.append(Problem(n, COLUMNS["parent_code"], str(ERR_ROOT)))
            created.add(line.new_code)
            continue
        if line.new_code and line.new_code == line.code:
            problems.append(Problem(n, COLUMNS["new_code"], str(ERR_SAME)))
        org = existing(n, COLUMNS["code"], line.code)
        closed(n, org, line.on)
        if line.op in (MERGE, SPLIT):
            existing(n, COLUMNS["new_code"], line.new_code)
        if line.op == MOVE:
            existing(n, COLUMNS["parent_code"], line.parent_code)
        if line.op in (MERGE, END):
            ended[line.code] = n
    return known


def _apply(lines: list[Line], batch: Reorganisation, actor, outcome: Outcome) -> None:
    """The rows in file order through the organisation services; the first refusal is its row's problem.

    A run of merges effective on one day, none touching another's subtree, is written together
    (``services.org_merge_many``): the rows between them that create orgs do not wait for it, the other
    rows and a merge that depends on the run do. A run refused as a whole is replayed row by row to name
    the row at fault."""
    by_code = {
        o.code: o
        for o in Org.objects.filter(
            code__in={x for line in lines for x in (line.code, line.new_code, line.parent_code) if x}
        )
    }

    def org(code: str, *, fresh: bool = True) -> Org:
        found = by_code.get(code) or Org.objects.get(code=code)
        if fresh:
            found.refresh_from_db()
        return found

    run: list[tuple[Line, Org, Org]] = []  # merges not yet written

    def flush() -> None:
        if not run:
            return
        pending = list(run)
        run.clear()
        counted = (outcome.people_moving, outcome.records_moving, len(outcome.people_examples))
        _count_moving(pending, outcome)
        on = pending[0][0].on
        assert on is not None  # only dated merges join a run
        try:
            with transaction.atomic():
                services.org_merge_many(
                    actor=actor, pairs=[(s, t) for _l, s, t in pending], on=on, batch=batch
                )
        except (ValidationError, Org.DoesNotExist):
            # the row at fault: the run again, row by row (its writes were rolled back)
            outcome.people_moving, outcome.records_moving = counted[:2]
            del outcome.people_examples[counted[2] :]
            for line, _s, _t in pending:
                one(line)

    def joins(line: Line) -> tuple[Org, Org]:
        """The merge's source and target, read as they stand; the run written first when the merge may
        not join it."""
        source, target = org(line.code), org(line.new_code)
        if run and not (
            line.on == run[0][0].on and services.independent([(s, t) for _l, s, t in run], source, target)
        ):
            flush()
            source, target = org(line.code), org(line.new_code)
        return source, target

    def one(line: Line) -> None:
        try:
            _apply_line(line, org, by_code, batch, actor, outcome)
        except ValidationError as exc:
            outcome.problems.append(Problem(line.number, "", "; ".join(exc.messages)))
            raise _Refused from exc
        except Org.DoesNotExist as exc:
            outcome.problems.append(
                Problem(line.number, "", ERR_UNKNOWN_CODE % {"code": line.code or line.new_code})
            )
            raise _Refused from exc

    for line in lines:
        if line.op == MERGE and line.on is not None:
            try:
                run.append((line, *joins(line)))
                continue
            except Org.DoesNotExist:
                flush()  # the row names an unknown code: refused below
        elif line.op == CREATE and line.parent_code and run:
            # created under an org the run moves or ends (or one not read yet): after the run
            parent = org(line.parent_code) if line.parent_code in by_code else None
            if parent is None or any(parent.path.startswith(s.path) for _l, s, _t in run):
                flush()
        else:
            flush()
        one(line)
    flush()


def _count_moving(pending: list[tuple[Line, Org, Org]], outcome: Outcome) -> None:
    """The people and open commitments the merges of ``pending`` move (the preview's figures)."""
    sources = [s.pk for _l, s, _t in pending]
    people = dict(
        Person.objects.filter(org_id__in=sources, active=True)
        .values("org_id")
        .annotate(n=Count("id"))
        .values_list("org_id", "n")
    )
    year = pending[0][0].on.year  # type: ignore[union-attr]  # a run shares its date
    records = dict(
        Record.objects.filter(
            org_id__in=sources, kind=RecordKind.COMMITMENT, person__active=True, year__gte=year
        )
        .values("org_id")
        .annotate(n=Count("id"))
        .values_list("org_id", "n")
    )
    for _line, source, target in pending:
        outcome.people_moving += people.get(source.pk, 0)
        outcome.records_moving += records.get(source.pk, 0)
        if people.get(source.pk):
            outcome.people_examples += [
                f"{p.full_name}: {source.name} → {target.name}" for p in source.people.filter(active=True)[:5]
            ]


def _apply_line(
    line: Line, org, by_code: dict[str, Org], batch: Reorganisation, actor, outcome: Outcome
) -> None:
    """One row through the organisation services."""
    if line.op == CREATE:
        parent = org(line.parent_code) if line.parent_code else None
        by_code[line.new_code] = services.org_create(
            actor=actor,
            parent=parent,
            kind=line.new_kind,
            name=line.new_name,
            code=line.new_code,
            began_on=line.on,
            batch=batch,
        )
    elif line.op == MERGE:
        # ``org_merge`` reads both again (locked): only their ids are used before
        source, target = org(line.code, fresh=False), org(line.new_code, fresh=False)
        assert line.on is not None  # a line without a date was refused by the check
        _count_moving([(line, source, target)], outcome)
        services.org_merge(actor=actor, sources=[source], target=target, on=line.on, batch=batch)
    elif line.op == MOVE:
        services.org_move(
            actor=actor, org=org(line.code), new_parent=org(line.parent_code), on=line.on, batch=batch
        )
    elif line.op == SPLIT:
        services.org_move(
            actor=actor,
            org=org(line.code),
            new_parent=org(line.new_code),
            on=line.on,
            batch=batch,
            split=True,
        )
    elif line.op == RENAME:
        target = org(line.code)
        services.org_update(
            actor=actor,
            org=target,
            name=line.new_name,
            code=target.code,
            kind=line.new_kind or target.kind,
            sort_order=target.sort_order,
            on=line.on,
            batch=batch,
        )
    elif line.op == END:
        services.org_end(actor=actor, org=org(line.code), on=line.on, batch=batch)


def _totals_year(lines: list[Line]) -> int:
    """The last year wholly before the earliest change: its figures must not move."""
    return min(line.on for line in lines if line.on).year - 1


def _roots_of(codes: Iterable[str]) -> list[Org]:
    """Today's roots above the orgs named (the whole affected part of the tree)."""
    paths = Org.objects.filter(code__in=list(codes)).values_list("path", flat=True)
    tops = {p[:SEGMENT] for p in paths}
    return list(Org.objects.filter(path__in=tops).order_by("path"))


SHOWN_FIGURES = (
    "orgs_required",
    "plans_filed",
    "people_required",
    "commitments_filed",
    "commitments_approved",
)


def _scope_tops(actor) -> list[Org] | None:
    """The tops of the subtrees ``actor`` reorganises (None for an admin or the command line: the whole tree).
    Every org a scoped actor's file names lies under them, so their figures must hold as the roots' do, and
    they are all the figures the actor may read."""
    if actor is None or access.is_admin(actor):
        return None
    return list(Org.objects.filter(path__in=access.scope_paths(actor, Cap.MANAGE_ORGS)).order_by("path"))


def _totals(
    codes: set[str], year: int, tops: list[Org] | None = None
) -> tuple[dict[str, int], dict[str, int]]:
    """The affected part's figures of ``year``: carried into today's roots, and as it was (the roots of the
    year's tree that held any org named); within ``tops`` alone when given (a scoped actor's subtrees)."""
    if tops is not None:
        return _sum(tops, year, lineage=True), _sum(tops, year, lineage=False)
    carried = dict.fromkeys(SHOWN_FIGURES, 0)
    for root in _roots_of(codes):
        board = reports_selectors.dashboard(root, year, lineage=True)
        for name in SHOWN_FIGURES:
            carried[name] += getattr(board.total, name)
    was = dict.fromkeys(SHOWN_FIGURES, 0)
    orgs = Org.objects.filter(code__in=list(codes))
    heads = {p[:SEGMENT] for p in org_selectors.paths_in_year([o.pk for o in orgs], year).values()}
    for root in Org.objects.filter(pk__in=[int(t) for t in heads]):
        board = reports_selectors.dashboard(root, year)
        for name in SHOWN_FIGURES:
            was[name] += getattr(board.total, name)
    return carried, was


def _sum(tops: list[Org], year: int, *, lineage: bool) -> dict[str, int]:
    found = dict.fromkeys(SHOWN_FIGURES, 0)
    for top in tops:
        top.refresh_from_db()  # measured again after the rows: one of them may have renamed it
        board = reports_selectors.dashboard(top, year, lineage=lineage)
        for name in SHOWN_FIGURES:
            found[name] += getattr(board.total, name)
    return found


def _describe(org: Org | None) -> str:
    if org is None:
        return "—"
    where = f" — {_('thuộc')} {org.parent.name}" if org.parent else ""
    if not org.active:
        successor = f" {_('vào')} {org.merged_into.name}" if org.merged_into else ""
        return f"{org.name}{where} ({_('kết thúc')} {fmt_date(org.ended_on)}{successor})"
    return f"{org.name} [{org.get_kind_display()}]{where}"


def _snapshot(codes: set[str]) -> dict[str, str]:
    return {
        o.code: _describe(o)
        for o in Org.objects.filter(code__in=list(codes)).select_related("parent", "merged_into")
    }


def _tree(codes: set[str], actor, limit: int = 400) -> list[tuple[int, str, str]]:
    """Today's tree around the orgs named, as far as ``actor`` sees it (None: all of it), depth from its top."""
    rows: list[tuple[int, str, str]] = []
    for root in _roots_of(codes):
        orgs = Org.objects.filter(path__startswith=root.path, active=True)
        if actor is not None:
            orgs = orgs.filter(pk__in=access.orgs_visible_to(actor).values("pk"))
        found = list(orgs.order_by("path")[:limit])
        top = min((o.depth for o in found), default=0)
        rows += [(o.depth - top, o.name, o.code) for o in found]
    return rows[:limit]


def run(
    lines: list[Line],
    *,
    actor,
    dry_run: bool,
    reason: str = "",
    source: str = "",
    problems: list[Problem] | None = None,
) -> Outcome:
    """Check ``lines``, apply them in one transaction and measure the result; keep it only when nothing was
    refused and this is not a dry run. ``actor`` None: the command line (an administrator)."""
    outcome = Outcome(lines=lines, problems=list(problems or []))
    if not lines and not outcome.problems:
        outcome.problems.append(Problem(0, "", str(ERR_EMPTY)))
    _check(lines, actor=actor, reason=vn.clean(reason), problems=outcome.problems)  # every row, at once
    if outcome.problems:
        outcome.problems.sort(key=lambda p: p.row)
        return outcome
    codes = {x for line in lines for x in (line.code, line.new_code, line.parent_code) if x}
    ending = [line.code for line in lines if line.op in (MERGE, END)]
    outcome.grants_ending = [
        f"{g.user.get_username()} — {g.get_role_display()} — {g.org.name}"
        for g in RoleGrant.objects.filter(org__code__in=ending).select_related("user", "org")
    ]
    year = _totals_year(lines)
    before_snapshot = _snapshot(codes)
    tops = _scope_tops(actor)
    carried_before, was_before = _totals(codes, year, tops)
    try:
        with transaction.atomic():
            user = actor if getattr(actor, "is_authenticated", False) else None
            batch = Reorganisation.objects.create(
                source=vn.clean(source)[:255],
                lines=[line.as_dict() for line in lines],
                reason=vn.clean(reason)[:500],
                applied_by=user,
            )
            # the maintained counts move once for the whole file, not once per row
            changed = Org.objects.filter(
                code__in={line.code for line in lines if line.op != CREATE and line.code}
            )
            first = min(line.on for line in lines if line.on).year
            with counters.reshaping(list(changed), first):
                _apply(lines, batch, user, outcome)
                # the units created hold what moved into them: measured after as whole subtrees (not org by org)
                created = Org.objects.filter(code__in=[line.new_code for line in lines if line.op == CREATE])
                with counters.reshaping(list(created), first):
                    pass
            after_snapshot = _snapshot(codes)
            outcome.changes = [
                Change(code, before_snapshot.get(code, "—"), after_snapshot.get(code, "—"))
                for code in sorted(codes)
            ]
            carried_after, was_after = _totals(codes, year, tops)
            outcome.totals = [
                Totals(
                    _("Năm %(year)s, tính cả tổ chức tiền thân") % {"year": year},
                    carried_before,
                    carried_after,
                ),
                Totals(_("Năm %(year)s, theo tổ chức năm đó") % {"year": year}, was_before, was_after),
            ]
            for totals in outcome.totals:
                for name in SHOWN_FIGURES:
                    if totals.before[name] != totals.after[name]:
                        outcome.problems.append(
                            Problem(
                                0,
                                "",
                                ERR_TOTALS
                                % {
                                    "year": year,
                                    "what": name,
                                    "before": totals.before[name],
                                    "after": totals.after[name],
                                },
                            )
                        )
            outcome.tree_after = _tree(codes, user)
            if dry_run or outcome.problems:
                raise _Refused
            outcome.reorganisation = batch
            outcome.applied = True
    except _Refused:
        outcome.applied = False
        outcome.reorganisation = None
    return outcome
