"""A synthetic record walked along the workflow's transitions, as the district demo walks one of the current
year; the unit's quality clusters; and exemplars with their commendations."""

from __future__ import annotations

import datetime
import random
import uuid
from bisect import bisect

from lamtheobac.activities import models as act
from lamtheobac.cycle import workflow
from lamtheobac.cycle.models import Record, RecordItem, RecordState, Transition
from lamtheobac.cycle.workflow import Action
from lamtheobac.organisation.models import OrgKind
from lamtheobac.quality.similar import EXACT_UP_TO, THRESHOLD

from ..cycle.world import P_RETURN, P_RETURN_COPIED, advance, item_results, return_comment
from ..data import activities as act_data
from ..data import cycle as cycle_data
from .lines import NO_RESULT, RATING_LABELS, THROUGH, Line
from .people import randint
from .shapes import Node

S = RecordState
# Plain strings: enum members are slower to reach and compare, millions of times.
DRAFT, SUBMITTED, APPROVED, RETURNED = S.DRAFT.value, S.SUBMITTED.value, S.APPROVED.value, S.RETURNED.value
SELF_ASSESSED, RATED = S.SELF_ASSESSED.value, S.RATED.value


class Records:
    """The records and exemplars of ``Builder``."""

    # --- A record ----------------------------------------------------------------------------------------

    def record(
        self,
        rng: random.Random,
        kind: str,
        org_id: int,
        person_id: int | None,
        lines: list[Line],
        target: str,
        deadline: int,
        ratings: tuple[list, list],
        writer: int | None,
        approver: int | None,
        copied: str,
        sloppy: bool,
        head: bool,
        quality: list,
        filed: dict,
    ) -> None:
        """One plan or commitment with its items, tags, transitions and quality counts, walked from draft to
        ``target`` the way the cycle demo's ``play`` walks a record of the current year."""
        rand = rng.random
        record_id = self.next_id(Record)
        hi, start, today = self.hi, self.first_day, self.today_ord
        clock: list[int] = []  # the record's moments, in minutes; each after the one before

        def at(day: int) -> int:
            m = day * 1440 + (7 + int(rand() * 10)) * 60 + int(rand() * 60)
            if clock and m <= clock[-1]:
                m = clock[-1] + 5 + int(rand() * 116)
            clock.append(m)
            return m

        def day(lo: int, top: int) -> int:
            return lo if top <= lo else lo + int(rand() * (top - lo + 1))

        steps: list[tuple[str, str, int, int | None, str]] = []
        state = DRAFT

        def go(action: Action, m: int, actor: int | None, comment: str = "") -> None:
            """One transition, as the workflow allows it (an illegal one raises), with its history row."""
            nonlocal state
            after = advance(state, action)
            steps.append((state, after, m, actor, comment))
            state = after

        if (target == SELF_ASSESSED or target == RATED) and self.yearend - 30 > hi:  # too early in the year
            target = APPROVED
        version = 2 if lines else 1
        submitted = approved = assessed = rated = None
        is_late, returned_with, self_comment, rating, score, rating_comment = False, "", "", "", None, ""
        if target == DRAFT:
            member = writer is not None and writer == self.users.get("dangvien")
            created = at(max(start, min(today - 6 if member else day(start, hi), hi)))
        else:
            created = at(day(start, min(deadline - 2, hi)))
        if target != DRAFT:
            created_day = created // 1440
            if target == SUBMITTED and today > deadline:
                submit_day = day(max(created_day, hi - 40), hi)
            elif rand() < self.late:
                submit_day = min(deadline + 1 + int(rand() * 35), hi)
            else:
                submit_day = day(created_day, min(deadline, hi))
            submitted = at(max(submit_day, created_day))
            go(Action.SUBMIT, submitted, writer)
            p_return = P_RETURN_COPIED if (copied or sloppy) else P_RETURN
            if target == RETURNED or (target != SUBMITTED and rand() < p_return):
                comment = return_comment(rng, copied, sloppy)
                d = submitted // 1440
                returned = at(day(d, min(d + 5, hi)))
                go(Action.RETURN, returned, approver, comment)
                if target == RETURNED:
                    returned_with = comment
                else:
                    d = returned // 1440
                    submitted = at(day(d, min(d + 7, hi)))
                    version += 1
                    go(Action.SUBMIT, submitted, writer)
            is_late = workflow.is_late(
                datetime.date.fromordinal(submitted // 1440), datetime.date.fromordinal(deadline)
            )
        if state == SUBMITTED and target != SUBMITTED and target != RETURNED:
            d = submitted // 1440
            approved = at(day(d, min(d + 10, hi)))
            go(Action.APPROVE, approved, approver)
        results: list[tuple[str, str]] = []
        if target == SELF_ASSESSED or target == RATED:
            drawn = ratings[0][bisect(ratings[1], rand() * ratings[1][-1])]
            results = item_results(rng, len(lines), drawn)
            d = day(max(approved // 1440, self.yearend - 30), hi)
            assessed = at(max(d, approved // 1440))
            version += 1
            comments = cycle_data.SELF_COMMENTS
            self_comment = comments[int(rand() * len(comments))]
            go(Action.SELF_ASSESS, assessed, writer)
            if target == RATED:
                d = assessed // 1440
                rated = at(day(d, min(d + 10, hi)))
                rating, score = drawn, randint(rand, *cycle_data.SCORES[drawn])
                rating_comment = rng.choice(cycle_data.RATING_COMMENTS[drawn])
                go(Action.RATE, rated, approver, f"{RATING_LABELS[drawn]} ({score} điểm)")
        dt = self.moment
        self.records.rows.append(
            (
                record_id,
                kind,
                self.year,
                org_id,
                person_id,
                state,
                version,
                writer,
                dt(created),
                dt(clock[-1]),
                dt(submitted),
                is_late,
                dt(approved),
                approver if approved is not None else None,
                returned_with,
                self_comment,
                dt(assessed),
                rating,
                score,
                rating_comment,
                dt(rated),
                approver if rated is not None else None,
            )
        )
        ids = self.ids
        transition_id = ids[Transition]
        add = self.transitions.rows.append
        for frm, to, m, actor, comment in steps:
            transition_id += 1
            add((transition_id, record_id, frm, to, actor, False, comment, dt(m)))
        ids[Transition] = transition_id
        # Items and tags; what the quality checks count (``quality.services``): an item is concrete with a
        # telling deadline (not the year's last day) or a signal in its action or target.
        commitment = person_id is not None
        concrete = 0
        item_id, tag_id = ids[RecordItem], ids[THROUGH]
        add_item, add_tag = self.items.rows.append, self.tags.rows.append
        for position, ln in enumerate(lines):
            item_id += 1
            result, note = results[position] if results else NO_RESULT
            content = ln.content if ln.content is not None and rand() < 0.85 else None
            add_item(
                (
                    item_id,
                    record_id,
                    position,
                    ln.action,
                    ln.target,
                    ln.timeframe,
                    ln.due if commitment else None,
                    ln.responsible,
                    ln.area,
                    content,
                    result,
                    note,
                )
            )
            for programme in ln.tags:
                tag_id += 1
                add_tag((tag_id, item_id, programme))
            if ln.nqtw4 is not None and rand() < 0.3:
                tag_id += 1
                add_tag((tag_id, item_id, ln.nqtw4))
            if head and ln.qd08 is not None and rand() < 0.5:
                tag_id += 1
                add_tag((tag_id, item_id, ln.qd08))
            concrete += ln.concrete or (commitment and ln.telling)
        ids[RecordItem], ids[THROUGH] = item_id, tag_id
        quality.append([record_id, len(lines), concrete, False, None])
        if commitment and workflow.is_filed(
            submitted_at=submitted, state=state
        ):  # a returned one is owed again
            signature = 0
            for ln in lines:
                signature |= ln.shingles
            filed[record_id] = signature
        (self.summary.commitments if commitment else self.summary.plans)[state] += 1

    def moment(self, minutes: int | None) -> str | None:
        """A moment as the database takes it: PostgreSQL an ISO text with its offset, SQLite the UTC text
        Django's adapter writes."""
        if minutes is None:
            return None
        found = self.moments.get(minutes)
        if found is None:
            d, m = divmod(minutes, 1440)
            value = datetime.datetime.combine(
                datetime.date.fromordinal(d), datetime.time(m // 60, m % 60), tzinfo=self.tz
            )
            found = self.moments[minutes] = self.sink.moment(value)
        return found

    # --- Exemplars -----------------------------------------------------------------------------------------

    def set_decisions(self, rng: random.Random, district: str, province: str, city: bool) -> None:
        """The year's commendation decisions of a district (of the province for its own units), as the
        activities demo's ``decisions``: (form, number, issuer, date)."""
        year = self.year
        level = "thành phố" if city else "tỉnh"
        if district:
            committee, people, suffix = f"Huyện ủy {district}", f"UBND huyện {district}", "HU"
        else:
            committee, people, suffix = (
                f"{'Thành ủy' if city else 'Tỉnh ủy'} {province}",
                f"UBND {level} {province}",
                "TU",
            )
        self.decisions = [
            (
                act.CommendationForm.PRAISE,
                f"{rng.randint(20, 980)}-QĐ/{suffix}",
                committee,
                datetime.date(year, 5, 19),
            ),
            (
                act.CommendationForm.CERTIFICATE,
                f"{rng.randint(1500, 3200)}/QĐ-UBND",
                people,
                datetime.date(year, 12, rng.randint(15, 26)),
            ),
            (
                act.CommendationForm.MERIT,
                f"{rng.randint(1800, 2600)}/QĐ-UBND",
                f"UBND {level} {province}",
                datetime.date(year, 12, rng.randint(10, 28)),
            ),
        ]

    def exemplars_of(
        self, rng: random.Random, node: Node, org_id: int, everyone: list[tuple[int, str]]
    ) -> None:
        """About one person in sixty a year, as in the district demo (40–60 for 3,000 people); a fifth of the
        draws in a cell or mass organisation honour the collective instead. Commended when the decision is
        already taken (the activities demo's ``exemplar``)."""
        if not everyone or not self.decisions:
            return
        officer = self.users.get("chuyenvien")
        collective = node.kind in (OrgKind.CELL, OrgKind.MASS_ORGANISATION)
        start = datetime.date(self.year, 1, 2)
        end = min(datetime.date(self.year, 12, 28), self.today - datetime.timedelta(days=1))
        for person_id, full in everyone:
            if rng.random() >= 1 / 60:
                continue
            if collective and rng.random() < 0.2:
                subject, who, title = node.name, None, act_data.COLLECTIVE_TITLE
                deed = rng.choice(act_data.COLLECTIVE_DEEDS)
            else:
                subject, who, title = full, person_id, rng.choice(act_data.PERSON_TITLES)
                deed = rng.choice(act_data.PERSON_DEEDS[node.group])
            form, number_, issuer, decided = rng.choices(self.decisions, weights=(0.45, 0.45, 0.10))[0]
            nominated = min(max(start, decided - datetime.timedelta(days=rng.randint(14, 75))), end)
            commended = decided <= end and rng.random() > 0.06
            verified = commended or (rng.random() < 0.5 and nominated + datetime.timedelta(days=7) <= end)
            verified_on = min(nominated + datetime.timedelta(days=rng.randint(2, 10)), decided, end)
            consent = commended and rng.random() < 0.12
            published = consent and rng.random() < 0.5
            story = (
                rng.choice(act_data.STORIES).format(name=subject, deed=deed[0].lower() + deed[1:])
                if consent
                else ""
            )
            exemplar_id = self.next_id(act.Exemplar)
            self.exemplars.add(
                (
                    exemplar_id,
                    org_id,
                    who,
                    title[:300],
                    f"{deed}.",
                    story,
                    "",
                    nominated,
                    self.year,
                    officer,
                    act.ExemplarState.VERIFIED if verified else act.ExemplarState.NOMINATED,
                    officer if verified else None,
                    self._at10(verified_on) if verified else None,
                    consent,
                    rng.choice(act_data.CONSENT_NOTES) if consent else "",
                    published,
                    self._at10(min(decided + datetime.timedelta(days=10), end)) if published else None,
                    uuid.UUID(int=rng.getrandbits(128), version=4).hex,
                )
            )
            if commended:
                self.commendations.add(
                    (self.next_id(act.Commendation), exemplar_id, form, number_, decided, issuer, officer)
                )

    def _at10(self, day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(10), tzinfo=self.tz)


def cluster_of(signatures: dict[int, int]) -> dict[int, int]:
    """Each record in a cluster of near-identical commitments → the cluster's smallest id: what
    ``similar.clusters`` finds on the same signatures, by its exact path (every pair, the same size filter, the
    same Jaccard against the same threshold, then connected groups joined under their smallest id). A signature
    is a bit mask of its shingles, so a pair costs one AND and one popcount. (A unit is never bigger than
    ``similar.EXACT_UP_TO``, where ``clusters`` would switch to MinHash.)"""
    keys = sorted(signatures)
    assert len(keys) <= EXACT_UP_TO
    masks = [signatures[k] for k in keys]
    sizes = [m.bit_count() for m in masks]
    root: dict[int, int] = {}

    def find(k: int) -> int:
        while root.get(k, k) != k:
            k = root[k]
        return k

    for i in range(len(keys)):
        mi, si = masks[i], sizes[i]
        if not si:
            continue
        for j in range(i + 1, len(keys)):
            sj = sizes[j]
            if not sj or min(si, sj) < THRESHOLD * max(si, sj):
                continue
            common = (mi & masks[j]).bit_count()
            if common / (si + sj - common) >= THRESHOLD:
                ra, rb = find(keys[i]), find(keys[j])
                if ra != rb:
                    root[max(ra, rb)] = min(ra, rb)
    members = {k for pair in root.items() for k in pair}
    return {k: find(k) for k in members}
