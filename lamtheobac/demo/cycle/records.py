"""The demo's plans and commitments of a year: who writes one, in which state, with which lines."""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence

from lamtheobac.cycle.models import Record, RecordKind, RecordState
from lamtheobac.organisation.kinds import CELL_KINDS, COMMITTEE_KINDS, STANDING_KINDS
from lamtheobac.organisation.models import OrgKind, Person

from ..data.cycle import COMMITMENT_RATINGS, CT05, NQTW4, OWN, PLAN_RATINGS, QD08, VAGUE_RATINGS
from ..data.deeds import COMMON, ETHICS, GROUP_POOLS, HEAD, STYLE, THOUGHT, VAGUE, VAGUE_TARGETS, WORK
from ..data.steps import (
    AGENCY_STEPS,
    CELL_STEPS,
    COMMITTEE_STEPS,
    COMMUNE_STEPS,
    GROUP_STEPS,
    MASS_STEPS,
    PROGRAMME_STEP,
    Step,
)
from .world import (
    P_COPY_LAST_YEAR,
    P_COPY_SAMPLE,
    P_SAMPLE_CELL,
    PERSON_COVERAGE,
    PLAN_COVERAGE,
    PLAN_ORG_KINDS,
    SIZES,
    STATES_BEFORE_DEADLINE,
    Draft,
    Line,
    Rules,
    Unit,
    YearSummary,
    fill,
    is_head,
    sloppiness,
    states_after_deadline,
)


class Records:
    """The records of ``CycleDemo``: one year's drafts, unit by unit."""

    def year(self, year: int) -> YearSummary:
        rules_by_top = self.open_year(year)
        past = year < self.today.year
        drafts: list[Draft] = []
        # Nothing is written the day a year opens; on the current year's first days there may be nothing yet.
        units = self.units if past or self.first_day(year) < self.today else []
        for unit in units:
            rules = rules_by_top.get(unit.top_id) or rules_by_top[None]
            rng = self.rng(year, unit.org.code)
            if unit.org.kind in PLAN_ORG_KINDS:
                draft = self.plan(rng, unit, rules, past)
                if draft is not None:
                    drafts.append(draft)
            drafts += self.commitments(rng, unit, rules, past)
        summary = self.write(year, drafts, past)
        summary.yearend_deadline = rules_by_top[None].yearend_deadline
        if past:
            self.close_year(year)
        self.last_year = {d.record.person_id: d.lines for d in drafts if d.record.person_id}
        self.last_plans = {d.record.org_id: d.lines for d in drafts if not d.record.person_id}
        return summary

    def plan(self, rng: random.Random, unit: Unit, rules: Rules, past: bool) -> Draft | None:
        year = rules.year
        if past and rng.random() > PLAN_COVERAGE.get(year, 1.0):
            return None
        state = RecordState.RATED if past else self.current_state(rng, rules.plan_deadline, rules)
        code = unit.org.code
        if not past and self.luc_binh is not None and unit.top_id == self.luc_binh.pk:
            # The commune secretary has plans waiting: two submitted, one returned.
            state = {
                "BT-LB-CB01": RecordState.APPROVED,
                "BT-LB-CB02": RecordState.SUBMITTED,
                "BT-LB-CB03": RecordState.SUBMITTED,
                "BT-LB-CB04": RecordState.RETURNED,
            }.get(code, state)
        if state is None:
            return None
        last = self.last_plans.get(unit.org.pk)
        copied = ""
        if last and rng.random() < P_COPY_LAST_YEAR:
            lines, copied = list(last), "last_year"
        else:
            lines = self.plan_lines(rng, unit, rules)
        writer = None
        if self.first_cell is not None and unit.org.pk == self.first_cell.pk:
            writer = self.cell_leader
        elif self.luc_binh is not None and unit.org.pk == self.luc_binh.pk:
            writer = self.commune_leader
        approver = None
        if self.luc_binh is not None and unit.top_id == self.luc_binh.pk and unit.org.pk != self.luc_binh.pk:
            approver = self.commune_leader
        record = Record(kind=RecordKind.PLAN, year=year, org=unit.org, created_by=writer)
        draft = Draft(record, lines, writer, False, approver, copied=copied)
        self.tag(rng, draft, rules, person_head=False)
        self.play(rng, draft, state, rules.plan_deadline, rules, PLAN_RATINGS)
        return draft

    def plan_lines(self, rng: random.Random, unit: Unit, rules: Rules) -> list[Line]:
        year, kind = rules.year, unit.org.kind

        def valid(steps: Sequence[Step]) -> list[Step]:
            return [s for s in steps if s.since <= year]

        def some(steps: Sequence[Step], k: int) -> list[Step]:
            steps = valid(steps)
            favoured = [s for s in steps if s.topic in rules.contents]
            picked = rng.sample(favoured, k=min(len(favoured), rng.randint(0, 2)))
            rest = [s for s in steps if s not in picked]
            picked += rng.sample(rest, k=max(0, min(k - len(picked), len(rest))))
            return sorted(picked, key=steps.index)

        head = {"head": unit.head_title}
        lines: list[Line] = []
        if kind in COMMITTEE_KINDS - STANDING_KINDS:
            chosen = some(COMMITTEE_STEPS, rng.randint(3, 4))
            if unit.is_commune:
                chosen.insert(1, COMMUNE_STEPS[0])
            district = [t for t in rules.contents if t != OWN]
            topics = rng.sample(district, k=min(2, len(district)))
            topics += [OWN] if OWN in rules.contents else []
            for topic in topics:
                content = rules.contents[topic]
                lines.append(self.step_line(rng, PROGRAMME_STEP, unit, title=content.title, topic=topic))
        elif kind in CELL_KINDS:
            chosen = some(CELL_STEPS, 3) + some(GROUP_STEPS[unit.group], rng.randint(2, 3))
        elif kind == OrgKind.MASS_ORGANISATION:
            chosen = some(MASS_STEPS, rng.randint(3, 4))
        else:
            chosen = some(AGENCY_STEPS, 3)
        lines = [self.step_line(rng, s, unit, **head) for s in chosen[:1]] + lines
        lines += [self.step_line(rng, s, unit, **head) for s in chosen[1:]]
        return lines

    def step_line(
        self, rng: random.Random, step: Step, unit: Unit, *, title: str = "", topic: str = "", head: str = ""
    ) -> Line:
        n = rng.choice(step.nums) if step.nums else ""
        values = {"head": head or unit.head_title, "n": n, "k": str(unit.cells), "title": title}
        return Line(
            action=fill(step.action, **values),
            target=fill(step.target, **values),
            area=step.area,
            topic=topic or step.topic,
            extra=step.extra,
            timeframe=step.timeframe,
            responsible=fill(step.responsible, **values),
        )

    def commitments(self, rng: random.Random, unit: Unit, rules: Rules, past: bool) -> list[Draft]:
        if not unit.people:
            return []
        year = rules.year
        sample = None
        if rng.random() < P_SAMPLE_CELL:
            size = max(4, rules.min_actions)
            sample = self.commitment_lines(rng, unit, rules, size, head=False, sloppy=rng.random() < 0.3)
        forced = self.forced_states(rng, unit, rules) if not past else {}
        drafts = []
        for person in unit.people:
            if past:
                too_young = person.birth_year is not None and person.birth_year > year - 19
                missed = rng.random() > PERSON_COVERAGE.get(year, 1.0)
                if (too_young or missed) and person.pk not in self.user_of:
                    continue
                state = RecordState.RATED
            else:
                state = forced.get(person.pk, self.current_state(rng, rules.commitment_deadline, rules))
            if state is None:
                continue
            drafts.append(self.commitment(rng, unit, person, rules, state, sample))
        return drafts

    def forced_states(self, rng: random.Random, unit: Unit, rules: Rules) -> dict[int, str | None]:
        """The current year in the demo cell: the member's draft, a queue for the cell's leader."""
        if self.first_cell is None or unit.org.pk != self.first_cell.pk:
            return {}
        forced: dict[int, str | None] = {}
        if "dangvien" in self.person_of:
            forced[self.person_of["dangvien"]] = RecordState.DRAFT
        if "bithu_chibo" in self.person_of:
            forced[self.person_of["bithu_chibo"]] = RecordState.APPROVED
        others = [p.pk for p in unit.people if p.pk not in forced and p.pk not in self.on_behalf]
        behalf = sorted(self.on_behalf)
        waiting = behalf[:1] + rng.sample(others, k=min(4, len(others)))
        for pk in waiting:
            forced[pk] = RecordState.SUBMITTED
        rest = [pk for pk in others + behalf if pk not in forced]
        returned = rng.choice(rest) if rest else None
        assessing = self.today >= rules.yearend_deadline - datetime.timedelta(days=30)
        for pk in rest:
            done = (RecordState.APPROVED,) * 6 + ((RecordState.SELF_ASSESSED,) if assessing else ())
            forced[pk] = RecordState.RETURNED if pk == returned else rng.choice(done)
        return forced

    def current_state(self, rng: random.Random, deadline: datetime.date, rules: Rules) -> str | None:
        """A state for the current year, by where today falls in it (None: not started)."""
        if self.today <= deadline:
            mix = STATES_BEFORE_DEADLINE
        else:
            mix = states_after_deadline(self.today, rules.yearend_deadline)
        return rng.choices([s for s, _ in mix], weights=[w for _, w in mix])[0]

    def commitment(
        self,
        rng: random.Random,
        unit: Unit,
        person: Person,
        rules: Rules,
        state: str,
        sample: list[Line] | None,
    ) -> Draft:
        head = is_head(person.position)
        size = max(rules.min_actions, rng.choices([n for n, _ in SIZES], weights=[w for _, w in SIZES])[0])
        sloppy = rng.random() < sloppiness(rules.year)
        last = self.last_year.get(person.pk)
        copied = ""
        if person.pk == self.person_of.get("dangvien") and state == RecordState.DRAFT:
            lines = self.commitment_lines(rng, unit, rules, 2, head=head, sloppy=False)  # half-written
        elif last and rng.random() < P_COPY_LAST_YEAR:
            lines, copied = list(last), "last_year"
        elif sample and rng.random() < P_COPY_SAMPLE:
            lines, copied = list(sample), "colleague"
        else:
            lines = self.commitment_lines(rng, unit, rules, size, head=head, sloppy=sloppy)
        if state != RecordState.DRAFT and len(lines) < rules.min_actions:
            more = self.commitment_lines(rng, unit, rules, 5, head=head, sloppy=False)
            have = {line.action for line in lines}
            lines += [line for line in more if line.action not in have][: rules.min_actions - len(lines)]
        sloppy = sloppy or sum(not line.target or line.target in VAGUE_TARGETS for line in lines) >= 2
        writer, on_behalf = self.user_of.get(person.pk), False
        if writer is None and person.pk in self.on_behalf:
            writer, on_behalf = self.cell_leader, True
        approver = None
        if self.first_cell is not None and unit.org.pk == self.first_cell.pk:
            approver = (
                self.commune_leader if person.pk == self.person_of.get("bithu_chibo") else self.cell_leader
            )
        record = Record(
            kind=RecordKind.COMMITMENT,
            year=rules.year,
            org=unit.org,
            person=person,
            created_by=writer,
            entered_on_behalf=on_behalf,
        )
        draft = Draft(record, lines, writer, on_behalf, approver, copied=copied, sloppy=sloppy)
        self.tag(rng, draft, rules, person_head=head)
        ratings = VAGUE_RATINGS if sloppy else COMMITMENT_RATINGS
        self.play(rng, draft, state, rules.commitment_deadline, rules, ratings)
        return draft

    def commitment_lines(
        self, rng: random.Random, unit: Unit, rules: Rules, n: int, *, head: bool, sloppy: bool
    ) -> list[Line]:
        """Usually one action each for thought, ethics or style, and work, then more: concrete with a
        measurable target, or (the sloppy, and now and then anyone) vague."""
        year = rules.year
        pool = [d for d in GROUP_POOLS[unit.group] + COMMON if d.since <= year <= d.until]
        slots: list[tuple[str, ...] | str] = [(THOUGHT,), (ETHICS, STYLE), (WORK,)]
        for i in range(n - 3):
            if i == 0 and head and rng.random() < 0.8:
                slots.append("head")
            elif rules.own_line is not None and "own" not in slots and rng.random() < 0.4:
                slots.append("own")
            else:
                slots.append((THOUGHT, ETHICS, STYLE, WORK))
        lines: list[Line] = []
        seen: set[str] = set()
        for slot in slots[:n]:
            if slot == "own" and rules.own_line is not None:
                lines.append(rules.own_line)
                continue
            areas = (STYLE, ETHICS, WORK) if slot == "head" else slot
            if rng.random() < (0.75 if sloppy else 0.06):
                cands = [d for d in VAGUE if d.area in areas and d.action not in seen] or [
                    d for d in VAGUE if d.action not in seen
                ]
                deed = rng.choice(cands)
                seen.add(deed.action)
                lines.append(Line(deed.action, rng.choice(VAGUE_TARGETS), deed.area, due="year"))
                continue
            source = HEAD if slot == "head" else pool
            cands = [d for d in source if d.area in areas and d.action not in seen] or [
                d for d in pool if d.action not in seen
            ]
            favoured = [d for d in cands if d.topic and d.topic in rules.contents]
            deed = rng.choice(favoured if favoured and rng.random() < 0.5 else cands)
            seen.add(deed.action)
            n_ = rng.choice(deed.nums) if deed.nums else ""
            lines.append(
                Line(
                    fill(deed.action, n=n_, place=unit.place),
                    fill(deed.target, n=n_, place=unit.place),
                    deed.area,
                    deed.topic,
                    deed.extra,
                    deed.due,
                    deed.timeframe,
                )
            )
        return lines

    def tag(self, rng: random.Random, draft: Draft, rules: Rules, *, person_head: bool) -> None:
        """Programmes and breakthrough contents per item, as the writer would tick them."""
        for line in draft.lines:
            codes = {CT05} | (set(line.extra) & set(rules.programmes))
            if NQTW4 in rules.programmes and line.area in (THOUGHT, ETHICS) and rng.random() < 0.3:
                codes.add(NQTW4)
            if QD08 in rules.programmes and person_head and rng.random() < 0.5:
                codes.add(QD08)
            draft.codes.append(tuple(sorted(codes)))
            content = rules.contents.get(line.topic) if line.topic else None
            draft.contents.append(content if content is not None and rng.random() < 0.85 else None)
