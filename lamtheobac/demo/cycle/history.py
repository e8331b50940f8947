"""A demo record's history: walked from draft to its target state along the workflow's transitions,
with dates in its year and never after yesterday."""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence

from django.contrib.auth.models import User

from lamtheobac.cycle.models import Rating, RecordState, Result
from lamtheobac.cycle.workflow import Action

from ..data.cycle import HALF_YEAR_NOTES, PROGRESS_NOTES, RATING_COMMENTS, SCORES, SELF_COMMENTS
from ..rows import day_between, moment
from .world import (
    P_INTERIM,
    P_PROGRESS,
    P_RETURN,
    P_RETURN_COPIED,
    Clock,
    Draft,
    Rules,
    advance,
    is_late,
    item_results,
    late_share,
    return_comment,
)


class History:
    """The record histories of ``CycleDemo``."""

    def play(
        self,
        rng: random.Random,
        draft: Draft,
        target: str,
        deadline: datetime.date,
        rules: Rules,
        ratings: Sequence[tuple[str, float]],
    ) -> None:
        """Walk the record from draft to ``target`` (past years: to rated, then locked at the close), setting
        its fields and the history rows, with dates in its year and never after yesterday."""
        rec, year = draft.record, rules.year
        past = year < self.today.year
        clock = Clock(rng)
        start = self.first_day(year)
        hi = datetime.date(year, 12, 31) if past else max(start, self.today - datetime.timedelta(days=1))
        w, ob, ap = draft.writer, draft.on_behalf, draft.approver
        S_ = RecordState

        def take(
            action: Action, at: datetime.datetime, actor: User | None, behalf: bool = False, comment: str = ""
        ) -> None:
            """One transition, as the workflow allows it (an illegal one raises), with its history row."""
            before = rec.state
            rec.state = advance(before, action)
            draft.steps.append((before, rec.state, at, actor, behalf, comment))

        if not past and target in (S_.SELF_ASSESSED, S_.RATED):
            if rules.yearend_deadline - datetime.timedelta(days=30) > hi:  # too early in the year
                target = S_.APPROVED
        version = 2 if draft.lines else 1
        if target == S_.DRAFT:
            day = (
                self.today - datetime.timedelta(days=6)
                if w is not None and w == self.member
                else day_between(rng, start, hi)
            )
            created = clock.at(max(start, min(day, hi)))
        else:
            created = clock.at(day_between(rng, start, min(deadline - datetime.timedelta(days=2), hi)))
        rec.created_at = created
        # Creation is no transition: the history's first row, from no state to draft.
        rec.state = S_.DRAFT
        draft.steps.append(("", S_.DRAFT, created, w, ob, ""))
        draft.revised_at, draft.revised_state = created, S_.DRAFT
        if target != S_.DRAFT:
            created_day = created.date()
            if target == S_.SUBMITTED and not past and self.today > deadline:
                submit_day = day_between(rng, max(created_day, hi - datetime.timedelta(days=40)), hi)
            elif rng.random() < late_share(year):
                submit_day = min(deadline + datetime.timedelta(days=rng.randint(1, 35)), hi)
            else:
                submit_day = day_between(rng, created_day, min(deadline, hi))
            submitted = clock.at(max(submit_day, created_day))
            take(Action.SUBMIT, submitted, w, ob)
            p_return = P_RETURN_COPIED if (draft.copied or draft.sloppy) else P_RETURN
            if target == S_.RETURNED or (target != S_.SUBMITTED and rng.random() < p_return):
                comment = return_comment(rng, draft.copied, draft.sloppy)
                day = submitted.date()
                returned = clock.at(day_between(rng, day, min(day + datetime.timedelta(days=5), hi)))
                take(Action.RETURN, returned, ap, comment=comment)
                if target == S_.RETURNED:
                    rec.return_comment = comment
                else:
                    day = returned.date()
                    submitted = clock.at(day_between(rng, day, min(day + datetime.timedelta(days=7), hi)))
                    version += 1
                    draft.revised_at, draft.revised_state = submitted, S_.RETURNED
                    take(Action.SUBMIT, submitted, w, ob)
            rec.submitted_at = submitted
            rec.is_late = is_late(submitted, deadline)
        if rec.state == S_.SUBMITTED and target not in (S_.SUBMITTED, S_.RETURNED):
            day = rec.submitted_at.date()
            approved = clock.at(day_between(rng, day, min(day + datetime.timedelta(days=10), hi)))
            take(Action.APPROVE, approved, ap)
            rec.approved_at, rec.approved_by = approved, ap
            if not past and rules.midyear_deadline and self.today > rules.midyear_deadline:
                self.halfway(rng, draft, rules)
            if not past and target == S_.APPROVED and rng.random() < P_PROGRESS * (5 if ap else 1):
                self.progress(rng, draft, hi)
        if target in (S_.SELF_ASSESSED, S_.RATED):
            rating = rng.choices([r for r, _ in ratings], weights=[w_ for _, w_ in ratings])[0]
            draft.results = item_results(rng, len(draft.lines), rating)
            if past:
                day = datetime.date(
                    year, 12, rng.randint(16, 22) if rng.random() < 0.04 else rng.randint(1, 14)
                )
            else:
                day = day_between(
                    rng, max(rec.approved_at.date(), rules.yearend_deadline - datetime.timedelta(days=30)), hi
                )
            assessed = clock.at(max(day, rec.approved_at.date()))
            version += 1
            rec.self_comment = rng.choice(SELF_COMMENTS)
            rec.self_assessed_at = assessed
            take(Action.SELF_ASSESS, assessed, w, ob)
            draft.revised_at, draft.revised_state = assessed, S_.SELF_ASSESSED
            if target == S_.RATED:
                day = assessed.date()
                last = datetime.date(year, 12, 31) if past else hi
                rated = clock.at(day_between(rng, day, min(day + datetime.timedelta(days=10), last)))
                score = rng.randint(*SCORES[rating])
                rec.rating, rec.score, rec.rated_at, rec.rated_by = rating, score, rated, ap
                rec.rating_comment = rng.choice(RATING_COMMENTS[rating])
                take(Action.RATE, rated, ap, comment=f"{Rating(rating).label} ({score} điểm)")
        if past:
            closed = self.closing(year)
            rec.state_before_lock = rec.state
            take(Action.LOCK, closed, self.officer, comment=f"Kết thúc năm {year}")
        rec.version = version
        rec.updated_at = draft.steps[-1][2]

    def halfway(self, rng: random.Random, draft: Draft, rules: Rules) -> None:
        """The mid-year self-assessment, for most approved records of the current year."""
        if draft.record.person_id is None or rng.random() > P_INTERIM:
            return
        mix = ((Result.DONE, 35), (Result.PARTLY, 58), (Result.NOT_DONE, 7))
        for _ in draft.lines:
            result = rng.choices([r for r, _ in mix], weights=[w for _, w in mix])[0]
            draft.interim.append((result.value, rng.choice(HALF_YEAR_NOTES[result])))
        day = rules.midyear_deadline + datetime.timedelta(days=rng.randint(-10, 5))
        day = max(day, draft.record.approved_at.date())
        draft.interim_at = moment(min(day, self.today - datetime.timedelta(days=1)), rng.randint(8, 16))

    def progress(self, rng: random.Random, draft: Draft, hi: datetime.date) -> None:
        if draft.record.person_id is None or not draft.lines:
            return
        day = day_between(rng, draft.record.approved_at.date(), hi)
        text = rng.choice(PROGRESS_NOTES).format(
            p=rng.choice((40, 50, 60, 70, 80, 90)), m=max(1, day.month - 1)
        )
        draft.note = (rng.randrange(len(draft.lines)), text, moment(day, rng.randint(8, 20)))
