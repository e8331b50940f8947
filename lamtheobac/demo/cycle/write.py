"""Writing a demo year: its records with their items, programme tags, history, revision, mid-year
assessments and progress notes, in bulk."""

from __future__ import annotations

from lamtheobac.cycle.models import (
    InterimAssessment,
    ProgressNote,
    Record,
    RecordItem,
    RecordState,
    Revision,
    Transition,
)

from ..rows import insert_rows
from .world import Draft, YearSummary, due_date


class Writer:
    """The bulk writes of ``CycleDemo``."""

    def write(self, year: int, drafts: list[Draft], past: bool) -> YearSummary:
        """Insert the year's records with their items, programme tags, history and revision."""
        summary = YearSummary(
            year=year, closed=past, required_orgs=self.required_orgs, required_people=self.required_people
        )
        if not drafts:
            return summary
        # A record's instance dict holds every column by its attname; ids are read back by natural key.
        insert_rows(Record, [d.record.__dict__ for d in drafts])
        record_ids = {
            (kind, org, person): pk
            for pk, kind, org, person in Record.objects.filter(year=year).values_list(
                "pk", "kind", "org_id", "person_id"
            )
        }
        for d in drafts:
            rec = d.record
            rec.pk = record_ids[rec.kind, rec.org_id, rec.person_id]
            rec._state.adding = False
        items = []
        for d in drafts:
            for position, line in enumerate(d.lines):
                result, note = d.results[position] if d.results else ("", "")
                content = d.contents[position]
                items.append(
                    {
                        "record_id": d.record.pk,
                        "position": position,
                        "action": line.action,
                        "target": line.target,
                        "timeframe": line.timeframe,
                        "deadline": due_date(year, line.due) if d.record.person_id else None,
                        "responsible": line.responsible,
                        "area": line.area,
                        "breakthrough_id": content.pk if content else None,
                        "result": result,
                        "result_note": note,
                    }
                )
        insert_rows(RecordItem, items)
        ids = [d.record.pk for d in drafts]
        item_ids = {
            (record, position): pk
            for pk, record, position in RecordItem.objects.filter(
                record_id__gte=min(ids), record_id__lte=max(ids)
            )
            .values_list("pk", "record_id", "position")
            .iterator(chunk_size=5000)
        }
        programme = {code: p.pk for code, p in self.programmes.items()}
        short = {code: p.short_name for code, p in self.programmes.items()}
        tags, transitions, revisions, interims, notes = [], [], [], [], []
        for d in drafts:
            rec = d.record
            mine = [item_ids[rec.pk, position] for position in range(len(d.lines))]
            for item, codes in zip(mine, d.codes, strict=True):
                tags += [
                    {"recorditem_id": item, "programme_id": programme[c]} for c in codes if c in programme
                ]
            transitions += [
                {
                    "record_id": rec.pk,
                    "from_state": frm,
                    "to_state": to,
                    "actor_id": actor.pk if actor else None,
                    "on_behalf": behalf,
                    "comment": comment,
                    "at": at,
                }
                for frm, to, at, actor, behalf, comment in d.steps
            ]
            assessed = d.revised_state == RecordState.SELF_ASSESSED
            results = d.results if assessed else [("", "")] * len(d.lines)
            snapshot = {
                "state": d.revised_state,
                "self_comment": rec.self_comment if assessed else "",
                "items": [
                    {
                        "action": line.action,
                        "target": line.target,
                        "timeframe": line.timeframe,
                        "deadline": due.isoformat()
                        if (due := due_date(year, line.due)) and rec.person_id
                        else None,
                        "responsible": line.responsible,
                        "area": line.area,
                        "breakthrough": content.title if content else None,
                        "programmes": sorted(short[c] for c in codes if c in short),
                        "result": result,
                        "result_note": note,
                    }
                    for line, codes, content, (result, note) in zip(
                        d.lines, d.codes, d.contents, results, strict=True
                    )
                ],
            }
            writer = d.writer.pk if d.writer else None
            revisions.append(
                {
                    "record_id": rec.pk,
                    "version": rec.version,
                    "snapshot": snapshot,
                    "actor_id": writer,
                    "on_behalf": d.on_behalf,
                    "at": d.revised_at,
                }
            )
            interims += [
                {
                    "item_id": item,
                    "stage": "h1",
                    "result": result,
                    "note": note,
                    "created_by_id": writer,
                    "created_at": d.interim_at,
                }
                for item, (result, note) in zip(mine, d.interim, strict=False)
            ]
            if d.note is not None:
                position, text, at = d.note
                notes.append(
                    {"item_id": mine[position], "text": text, "created_by_id": writer, "created_at": at}
                )
            if rec.person_id:
                summary.commitments += 1
            else:
                summary.plans += 1
        insert_rows(RecordItem.programmes.through, tags)
        insert_rows(Transition, transitions)
        insert_rows(Revision, revisions)
        insert_rows(InterimAssessment, interims)
        insert_rows(ProgressNote, notes)
        return summary
