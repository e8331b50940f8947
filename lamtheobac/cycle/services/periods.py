"""Writes of a year (a period): open, update, close, reopen."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheobac.audit import services as audit
from lamtheobac.organisation.models import Org, OrgKind, PersonKind, subtree_q

from .. import registration as reg
from ..models import (
    DEFAULT_COMMITMENT_KINDS,
    DEFAULT_PLAN_KINDS,
    Breakthrough,
    InterimReviews,
    Period,
    PeriodEvent,
    Programme,
    Record,
    RecordState,
    RegistrationRules,
    Theme,
)
from ..rules import Rules
from ..selectors import check_year_open, rules_above
from ..workflow import Action
from .common import (
    ERR_ALREADY_CLOSED,
    ERR_FEWER_KINDS,
    ERR_LATER_DEADLINE,
    ERR_LOOSER_MIN,
    ERR_MIN_ACTIONS_RANGE,
    ERR_NOT_CLOSED,
    ERR_NOT_TOP,
    ERR_REASON_REQUIRED,
    ERR_YEAR_EXISTS,
    _move,
    plain,
)
from .themes import check_theme_for_year

# --- Years ------------------------------------------------------------------------------------


@dataclass
class PeriodInput:
    year: int
    theme: str = ""
    plan_deadline: datetime.date | None = None
    commitment_deadline: datetime.date | None = None
    midyear_deadline: datetime.date | None = None
    yearend_deadline: datetime.date | None = None
    min_actions: int = 3
    interim_reviews: str = InterimReviews.MIDYEAR
    reminder_days: list[int] = field(default_factory=lambda: [7, 1])  # days before each deadline
    plan_org_kinds: list[str] = field(default_factory=lambda: list(DEFAULT_PLAN_KINDS))
    commitment_person_kinds: list[str] = field(default_factory=lambda: list(DEFAULT_COMMITMENT_KINDS))
    programmes: Sequence[Programme] = ()
    breakthroughs: Sequence[str] = ()
    # the registration and rating rules (``cycle.registration``); None: those inherited from above (or, at
    # the top, the defaults of the year); their ``person_min`` is ``min_actions``
    registration: reg.RuleSet | None = None
    # a theme of the catalogue of an org on the path (its title becomes ``theme``); None: the free text
    catalogue_theme: Theme | None = None


def registration_of(data: PeriodInput, inherited: Rules, current: Period | None = None) -> reg.RuleSet:
    """The registration rules ``data`` sets: its own; when it names none, those ``current`` (the period being
    edited) has, or those it inherits."""
    if data.registration is not None:
        return replace(data.registration, person_min=data.min_actions)
    if current is not None:
        return replace(reg.from_period(current), person_min=data.min_actions)
    if inherited.periods:
        return reg.inherit(inherited.registration, person_min=data.min_actions)
    return reg.RuleSet(person_min=data.min_actions, scoring=reg.scoring_for_year(data.year))


def _check_tightens(data: PeriodInput, inherited: Rules, current: Period | None = None) -> None:
    """A lower org may tighten the rules it inherits, never loosen them; nothing is saved when any is."""
    if not 1 <= data.min_actions <= 20:
        raise ValidationError({"min_actions": ERR_MIN_ACTIONS_RANGE})
    mine = registration_of(data, inherited, current)
    errors: dict[str, list] = dict(reg.inconsistent(mine))
    if not inherited.periods:
        if errors:
            raise ValidationError(errors)
        return
    for name, messages in reg.loosened(mine, inherited.registration).items():
        errors.setdefault(name, []).extend(messages)
    if data.min_actions < inherited.min_actions:
        errors["min_actions"] = [ERR_LOOSER_MIN % {"n": inherited.min_actions}]
    for name in ("plan_deadline", "commitment_deadline", "midyear_deadline", "yearend_deadline"):
        mine, theirs = getattr(data, name), getattr(inherited, name)
        if mine and theirs and mine > theirs:
            errors[name] = [ERR_LATER_DEADLINE % {"date": theirs.strftime("%d/%m/%Y")}]
    dropped = inherited.plan_org_kinds - set(data.plan_org_kinds)
    if dropped:
        labels = ", ".join(str(OrgKind(k).label) for k in sorted(dropped))
        errors["plan_org_kinds"] = [ERR_FEWER_KINDS % {"kinds": labels}]
    dropped = inherited.commitment_person_kinds - set(data.commitment_person_kinds)
    if dropped:
        labels = ", ".join(str(PersonKind(k).label) for k in sorted(dropped))
        errors["commitment_person_kinds"] = [ERR_FEWER_KINDS % {"kinds": labels}]
    if errors:
        raise ValidationError(errors)


def _apply(period: Period, data: PeriodInput) -> None:
    """Copy ``data`` onto ``period``; a catalogue theme is checked against the period's path and year first."""
    if data.catalogue_theme is not None:
        check_theme_for_year(data.catalogue_theme, org=period.org, year=period.year)
        period.catalogue_theme = data.catalogue_theme
        period.theme = data.catalogue_theme.title
    else:
        period.catalogue_theme = None
        period.theme = plain(data.theme, 500)
    for name in ("plan_deadline", "commitment_deadline", "midyear_deadline", "yearend_deadline"):
        setattr(period, name, getattr(data, name))
    period.min_actions = data.min_actions
    period.interim_reviews = data.interim_reviews
    period.reminder_days = sorted({int(d) for d in data.reminder_days if 0 < int(d) <= 90}, reverse=True)
    period.plan_org_kinds = sorted(set(data.plan_org_kinds))
    period.commitment_person_kinds = sorted(set(data.commitment_person_kinds))


def _save_registration(period: Period, rules: reg.RuleSet) -> None:
    """Write the period's own registration rules (its row), checked by the database's constraints too."""
    row = RegistrationRules.objects.filter(period=period).first() or RegistrationRules(period=period)
    row.person_max = rules.person_max
    row.collective_min = rules.collective_min
    row.collective_max = rules.collective_max
    for name in reg.ITEM_FIELDS:
        setattr(row, name, rules.use(name))
    row.self_examination = rules.self_examination
    row.emulation = rules.emulation
    row.scoring = rules.scoring
    row.excellent_quota = rules.excellent_quota
    row.nonparty_min = rules.nonparty_min
    row.nonparty_max = rules.nonparty_max
    row.full_clean()
    row.save()


def _set_breakthroughs(period: Period, titles: Iterable[str]) -> None:
    wanted = [plain(t, 500) for t in titles if plain(t)]
    existing = list(period.breakthroughs.all())
    for i, title in enumerate(wanted):
        if i < len(existing):
            if existing[i].title != title or existing[i].sort_order != i:
                existing[i].title, existing[i].sort_order = title, i
                existing[i].save(update_fields=["title", "sort_order"])
        else:
            Breakthrough.objects.create(period=period, title=title, sort_order=i)
    # Items keep their link (SET_NULL) if a content is dropped; the edit is in the period's history.
    for extra in existing[len(wanted) :]:
        extra.delete()


@transaction.atomic
def period_open(*, actor: User | None, org: Org, data: PeriodInput) -> Period:
    """Open ``data.year`` at ``org`` for its whole subtree; below an opened year, only tighten; not below a
    year closed above ``org`` (its rules would change the closed year's figures)."""
    check_year_open(org=org, date_or_year=data.year, field="year")
    if Period.objects.filter(org=org, year=data.year).exists():
        raise ValidationError({"year": ERR_YEAR_EXISTS % {"year": data.year, "org": org.name}})
    inherited = rules_above(org, data.year)
    _check_tightens(data, inherited)
    period = Period(org=org, year=data.year, opened_by=actor)
    _apply(period, data)
    period.full_clean()
    period.save()
    _save_registration(period, registration_of(data, inherited))
    core = list(Programme.objects.filter(is_core=True))
    period.programmes.set({*data.programmes, *core})
    _set_breakthroughs(period, data.breakthroughs)
    PeriodEvent.objects.create(period=period, action="opened", actor=actor)
    return period


@transaction.atomic
def period_update(*, actor: User | None, period: Period, data: PeriodInput) -> Period:
    """Change a year's theme, contents, deadlines or rules (still only tightening what is inherited); not
    once it is closed, here or above."""
    check_year_open(org=period.org, date_or_year=period.year)
    inherited = rules_above(period.org, period.year)
    _check_tightens(data, inherited, period)
    rules = registration_of(data, inherited, period)
    _apply(period, data)
    period.full_clean()
    period.save()
    _save_registration(period, rules)
    core = list(Programme.objects.filter(is_core=True))
    period.programmes.set({*data.programmes, *core})
    _set_breakthroughs(period, data.breakthroughs)
    PeriodEvent.objects.create(period=period, action="edited", actor=actor)
    return period


def _records_under(period: Period):
    return Record.objects.filter(subtree_q(period.org.path, "org__path"), year=period.year)


@transaction.atomic
def period_close(*, actor: User | None, period: Period) -> int:
    """Close the year at the period's org: every record of its subtree for that year locks."""
    period = Period.objects.select_for_update().get(pk=period.pk)
    if period.state == Period.State.CLOSED:
        raise ValidationError(ERR_ALREADY_CLOSED)
    locked = 0
    for record in _records_under(period).exclude(state=RecordState.LOCKED).select_for_update():
        _move(
            record, Action.LOCK, actor=actor, comment=str(_("Kết thúc năm %(year)s") % {"year": period.year})
        )
        locked += 1
    period.state = Period.State.CLOSED
    period.closed_at, period.closed_by = timezone.now(), actor
    period.save(update_fields=["state", "closed_at", "closed_by"])
    PeriodEvent.objects.create(period=period, action="closed", actor=actor)
    return locked


@transaction.atomic
def period_reopen(*, actor: User | None, period: Period, reason: str) -> int:
    """Reopen a closed year (admins): records return to the state they had; the reason is kept."""
    period = Period.objects.select_for_update().get(pk=period.pk)
    reason = plain(reason, 2000)
    if period.state != Period.State.CLOSED:
        raise ValidationError(ERR_NOT_CLOSED)
    if not reason:
        raise ValidationError({"reason": ERR_REASON_REQUIRED})
    above = rules_above(period.org, period.year)
    if any(p.state == Period.State.CLOSED for p in above.periods):
        raise ValidationError(ERR_NOT_TOP)
    records = _records_under(period).filter(state=RecordState.LOCKED)
    # A lower org that closed its own year keeps its records locked until that year is reopened itself.
    closed_below = Period.objects.filter(
        subtree_q(period.org.path, "org__path"), year=period.year, state=Period.State.CLOSED
    ).exclude(pk=period.pk)
    for below in closed_below.select_related("org"):
        records = records.exclude(subtree_q(below.org.path, "org__path"))
    unlocked = 0
    for record in records.select_for_update():
        _move(record, Action.UNLOCK, actor=actor, comment=reason)
        unlocked += 1
    period.state = Period.State.OPEN
    period.closed_at = period.closed_by = None
    period.save(update_fields=["state", "closed_at", "closed_by"])
    PeriodEvent.objects.create(period=period, action="reopened", actor=actor, reason=reason)
    audit.record(
        audit.Action.PERIOD_REOPENED,
        actor=actor,
        org=period.org,
        target=str(period),
        detail={"reason": reason, "records_unlocked": unlocked},
    )
    return unlocked
