"""The demo district's activities, every year from 2016 to the current one: thematic study and cell meetings,
pilot models, exemplars and their commendations, the district's and the communes' inspections, and the
yearly study guidance of the district's propaganda board.

2016–2020 follow the article: study in nearly every cell from the first year and in every cell by 2020
(Lục Bình: 10/10 cells), hundreds of exemplars commended, the 2020 "Ngày hội thầy thuốc trẻ làm theo lời Bác"
in Vũ Muộn and the district's commendation of the exemplars of 2015–2020. The current year is partial:
sessions up to today, inspections still planned, follow-ups overdue.

Rows are written with the cycle demo's bulk insert (fields set directly, timestamps in the past). Each org
draws from its own ``random.Random`` per year, seeded by the run's seed, the year and the org's code (and
what is drawn), so a seed and a date always give the same data.
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Max, Model
from django.utils import timezone

from lamtheobac.activities.models import (
    Attendance,
    AttendanceStatus,
    Commendation,
    CommendationForm,
    Exemplar,
    ExemplarState,
    Inspection,
    InspectionKind,
    InspectionResponse,
    InspectionStatus,
    PilotModel,
    PilotStatus,
    StudyKind,
    StudySession,
)
from lamtheobac.cycle.models import Document, DocumentKind, Period
from lamtheobac.lib.formatting import number
from lamtheobac.organisation.kinds import CELL_KINDS, COMMITTEE_KINDS, STANDING_KINDS
from lamtheobac.organisation.models import Org, OrgKind, PersonKind

from .cycle.world import group_of
from .data import activities as data
from .data.bach_thong import ROOT_CODE
from .data.cycle import FIRST_YEAR, theme_for
from .data.names import REAL_PEOPLE
from .era import DISTRICT, Era, eras, orgs_in_year, people_in_year
from .logins import LUC_BINH, LUC_BINH_FIRST_CELL
from .rows import day_between, insert_rows, moment

# Share of cells holding the year's thematic study; every cell from 2020.
COVERAGE = {2016: 0.92, 2017: 0.95, 2018: 0.97, 2019: 0.99}
MEMBER_KINDS = (PersonKind.MEMBER, PersonKind.PROBATIONARY)
# The article's officials are not demo people.
REAL_NAMES = frozenset(REAL_PEOPLE)
PERIOD_DECISION = datetime.date(2020, 8, 14)  # UBND huyện: điển hình tiên tiến giai đoạn 2015 – 2020
EVENT_DAY = datetime.date(2020, 3, 26)


@dataclass
class ActivityYear:
    """What one year holds after the seed."""

    year: int
    sessions: int = 0
    attendance: int = 0
    cells: int = 0
    cells_studied: int = 0
    luc_binh_cells: int = 0
    luc_binh_studied: int = 0
    pilots: int = 0
    exemplars: int = 0
    commended: int = 0
    inspections: int = 0
    district_inspections: int = 0  # those of the year's top org (the district until 2024, then the province)
    top: str = "huyện"  # which org that is, as the line names it
    overdue: int = 0

    def line(self) -> str:
        text = (
            f"Năm {self.year}: {number(self.sessions)} buổi học tập, sinh hoạt; "
            f"{self.luc_binh_studied}/{self.luc_binh_cells} chi bộ Lục Bình học chuyên đề; "
            f"{number(self.pilots)} mô hình mới; {number(self.commended)} gương điển hình được khen trong năm; "
            f"{number(self.inspections)} cuộc kiểm tra, giám sát ({number(self.district_inspections)} của {self.top})"
        )
        if self.overdue:
            text += f"; {number(self.overdue)} cuộc quá hạn báo cáo khắc phục"
        return text


def _new_ids(model: type[Model], after: int, count: int) -> list[int]:
    """The ids of the ``count`` rows just inserted after id ``after``, in insertion order."""
    ids = list(model.objects.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True))
    assert len(ids) == count, (model, len(ids), count)
    return ids


def _max_id(model: type[Model]) -> int:
    return model.objects.aggregate(m=Max("pk"))["m"] or 0


def _place(org: Org) -> str:
    return org.name.removeprefix("Đảng bộ ").removeprefix("Chi bộ ")


class ActivitiesDemo:
    """Loads the district once, then writes one year's activities after the other."""

    def __init__(self, seed: int, today: datetime.date, era: Era = DISTRICT, year: int | None = None) -> None:
        self.seed, self.today, self.era = seed, today, era
        self.issuers = data.ISSUERS[era.suffix]
        self.orgs = orgs_in_year(Org.objects.get(code=era.root_code), year or era.first)
        self.root = self.orgs[0]
        self.by_id = {o.pk: o for o in self.orgs}
        self.cells = [o for o in self.orgs if o.kind in CELL_KINDS]
        self.committees = [o for o in self.orgs if o.kind in COMMITTEE_KINDS - STANDING_KINDS]
        # Communes: committees with a Fatherland Front and mass organisations under them.
        mass_parents = {o.parent_id for o in self.orgs if o.kind == OrgKind.MASS_ORGANISATION}
        self.communes = [o for o in self.committees if o.pk in mass_parents]
        self.cells_of: dict[int, list[Org]] = defaultdict(list)
        for cell in self.cells:
            self.cells_of[cell.parent_id].append(cell)
        self.people: dict[int, list[tuple[int, str]]] = defaultdict(list)
        self.everyone: list[tuple[int, int, str]] = []
        for pk, org_id, kind, name in (
            (p.pk, p.org_id, p.kind, p.full_name) for p in people_in_year(self.orgs, year or era.first)
        ):
            self.people[org_id].append((pk, kind))
            if name not in REAL_NAMES:
                self.everyone.append((pk, org_id, name))
        users = {u.username: u.pk for u in User.objects.filter(username__in=["admin", "chuyenvien", "kiemtra",
                                                                              "bithu_xa", "bithu_chibo"])}  # fmt: skip
        self.officer = users.get("chuyenvien") or users.get("admin")
        self.inspector = users.get("kiemtra") or self.officer
        self.author = {era.commune_code: users.get("bithu_xa"), LUC_BINH_FIRST_CELL: users.get("bithu_chibo")}
        self.periods = dict(Period.objects.filter(org=self.root).values_list("year", "pk"))
        self.pilot_keys: set[tuple[int, int]] = set()

    def rng(self, year: int, code: str, what: str) -> random.Random:
        return random.Random(f"{self.seed}:{year}:{code}:{what}")

    def start(self, year: int) -> datetime.date:
        """The first day of the campaign's year (2016: after Chỉ thị 05-CT/TW of 15/5/2016)."""
        return datetime.date(2016, 6, 1) if year == FIRST_YEAR else datetime.date(year, 1, 2)

    def end(self, year: int) -> datetime.date:
        """The last day with activity: the year's end, or yesterday in the current year."""
        return min(datetime.date(year, 12, 28), self.today - datetime.timedelta(days=1))

    def year(self, year: int) -> ActivityYear:
        summary = ActivityYear(year=year, top=self.era.committee)
        self.study(year, summary)
        self.pilots(year, summary)
        self.exemplars(year, summary)
        self.inspections(year, summary)
        self.guidance(year)
        return summary

    # --- Study ---------------------------------------------------------------------------------

    def study(self, year: int, summary: ActivityYear) -> None:
        theme = theme_for(year)
        start, end = self.start(year), self.end(year)
        sessions: list[dict] = []
        attendees: list[list[tuple[int, str]]] = []  # per session, parallel to ``sessions``

        def add(org: Org, day: datetime.date, kind: str, topic: str, minutes: str, people=()) -> None:
            author = self.author.get(org.code)
            sessions.append({
                "org_id": org.pk, "held_on": day, "year": year, "kind": kind, "topic": topic, "minutes": minutes,
                "created_by_id": author, "created_at": moment(day, 17),
            })  # fmt: skip
            attendees.append(list(people))

        # The district's and the committees' conferences on the year's theme.
        for org in [self.root, *self.committees]:
            rng = self.rng(year, org.code, "conference")
            lo = max(start, datetime.date(year, 2, 10))
            day = day_between(rng, lo, lo + datetime.timedelta(days=40))
            if day <= end:
                host = self.era.board if org.pk == self.root.pk else org.name
                add(org, day, StudyKind.THEMATIC, theme,
                    data.COMMITTEE_THEMATIC_MINUTES.format(org=host, theme=theme))  # fmt: skip
        coverage = COVERAGE.get(year, 1.0)
        summary.cells = len(self.cells)
        for cell in self.cells:
            rng = self.rng(year, cell.code, "study")
            members = [(pk, kind) for pk, kind in self.people[cell.pk] if kind in MEMBER_KINDS]
            members = members or self.people[cell.pk]
            studies = rng.random() < coverage
            lo = max(start, datetime.date(year, 3, 1))
            day = day_between(rng, lo, lo + datetime.timedelta(days=120))
            if studies and day <= end:
                marks = []
                for pk, _kind in members:
                    draw = rng.random()
                    status = (
                        AttendanceStatus.PRESENT if draw < 0.9
                        else AttendanceStatus.EXCUSED if draw < 0.97 else AttendanceStatus.ABSENT
                    )  # fmt: skip
                    marks.append((pk, status))
                present = sum(1 for _, s in marks if s == AttendanceStatus.PRESENT)
                minutes = rng.choice(data.THEMATIC_MINUTES).format(
                    year=year, present=present, total=len(marks)
                )
                add(cell, day, StudyKind.THEMATIC, theme, minutes, marks)
                summary.cells_studied += 1
                if cell.code.startswith(LUC_BINH + "-"):
                    summary.luc_binh_studied += 1
            if cell.code.startswith(LUC_BINH + "-"):
                summary.luc_binh_cells += 1
            # Cell meetings with content on following Bác: a few months a year, more as the campaign settles.
            months = [m for m in range(start.month, 13) if datetime.date(year, m, 1) <= end]
            count = min(len(months), rng.randint(2, 3) if year == FIRST_YEAR else rng.randint(3, 6))
            for month in sorted(rng.sample(months, count)):
                meeting = datetime.date(year, month, rng.randint(3, 25))
                if meeting > end:
                    continue
                topic = data.CELL_MEETING_PREFIX + rng.choice(data.CELL_MEETING_TOPICS)
                add(cell, meeting, StudyKind.CELL_MEETING, topic,
                    rng.choice(data.CELL_MEETING_MINUTES).format(month=month))  # fmt: skip
        if year == 2020 and EVENT_DAY <= end:
            vu_muon = next((o for o in self.committees if o.code == data.VU_MUON), None)
            if vu_muon is not None:
                add(vu_muon, EVENT_DAY, StudyKind.THEMATIC, data.EVENT_TITLE, data.EVENT_MINUTES)
        after = _max_id(StudySession)
        insert_rows(StudySession, sessions)
        ids = _new_ids(StudySession, after, len(sessions))
        rows = [
            {"session_id": sid, "person_id": pk, "status": status}
            for sid, marks in zip(ids, attendees, strict=True)
            for pk, status in marks
        ]
        insert_rows(Attendance, rows)
        summary.sessions, summary.attendance = len(sessions), len(rows)

    # --- Pilot models ----------------------------------------------------------------------------

    def pilots(self, year: int, summary: ActivityYear) -> None:
        rng = self.rng(year, ROOT_CODE, "pilots")
        count = 3 if year == FIRST_YEAR else 5 if year <= 2020 else rng.randint(2, 3)
        start, end = self.start(year), self.end(year)
        age = self.today.year - year
        pilots, targets = [], []
        for _ in range(count):
            for _attempt in range(20):
                template = rng.randrange(len(data.PILOTS))
                host = rng.choice(self.communes)
                if (template, host.pk) not in self.pilot_keys:
                    break
            self.pilot_keys.add((template, host.pk))
            name, field, description, results = data.PILOTS[template]
            started = day_between(rng, start, min(end, datetime.date(year, 10, 31)))
            if started > end:
                continue
            if age >= 3:
                status = PilotStatus.REPLICATED if rng.random() < 0.6 else PilotStatus.EFFECTIVE
            elif age >= 1:
                status = PilotStatus.EFFECTIVE if rng.random() < 0.6 else PilotStatus.PILOTING
            else:
                status = PilotStatus.PILOTING
            to = []
            if status == PilotStatus.REPLICATED:
                others = [c for c in self.communes if c.pk != host.pk]
                to = sorted(rng.sample(others, min(len(others), rng.randint(2, 5))), key=lambda o: o.path)
            note = data.STATUS_NOTES[status].format(to=", ".join(_place(o) for o in to))
            pilots.append({
                "org_id": host.pk, "name": name.format(place=_place(host)), "field": field,
                "description": description, "started_on": started, "status": status,
                "results": note if status == PilotStatus.PILOTING else f"{results} {note}",
                "created_by_id": self.officer, "created_at": moment(started, 9),
                "updated_at": moment(min(end, started + datetime.timedelta(days=365 * max(age, 0))), 9),
            })  # fmt: skip
            targets.append(to)
        after = _max_id(PilotModel)
        insert_rows(PilotModel, pilots)
        ids = _new_ids(PilotModel, after, len(pilots))
        insert_rows(
            PilotModel.replicated_to.through,
            [{"pilotmodel_id": pk, "org_id": o.pk} for pk, to in zip(ids, targets, strict=True) for o in to],
        )
        summary.pilots = len(pilots)

    # --- Exemplars -------------------------------------------------------------------------------

    def decisions(self, year: int, rng: random.Random) -> list[tuple[str, str, str, datetime.date, float]]:
        """The year's commendation decisions: (form, number, issuer, date, share of the exemplars)."""
        praise_day = datetime.date(2016, 12, 20) if year == FIRST_YEAR else datetime.date(year, 5, 19)
        by = self.issuers
        return [
            (CommendationForm.PRAISE, f"{rng.randint(20, 980)}{by.praise[1]}", by.praise[0], praise_day, 0.45),
            (CommendationForm.CERTIFICATE, f"{rng.randint(1500, 3200)}{by.certificate[1]}", by.certificate[0],
             datetime.date(year, 12, rng.randint(15, 26)), 0.45),
            (CommendationForm.MERIT, f"{rng.randint(1800, 2600)}{by.merit[1]}", by.merit[0],
             datetime.date(year, 12, rng.randint(10, 28)), 0.10),
        ]  # fmt: skip

    def exemplars(self, year: int, summary: ActivityYear) -> None:
        rng = self.rng(year, ROOT_CODE, "exemplars")
        start, end = self.start(year), self.end(year)
        decisions = self.decisions(year, rng)
        count = 45 if year == FIRST_YEAR else rng.randint(70, 85) if year <= 2020 else rng.randint(40, 60)
        collectives = [o for o in self.orgs if o.kind in (OrgKind.CELL, OrgKind.MASS_ORGANISATION)]
        chosen_people = rng.sample(self.everyone, count)
        drafts: list[tuple[dict, tuple | None]] = []
        for person_pk, org_id, name in chosen_people:
            decision = rng.choices(decisions, weights=[d[4] for d in decisions])[0]
            if rng.random() < 0.2:  # a collective instead of a person
                org = rng.choice(collectives)
                subject, person_pk, title = org.name, None, data.COLLECTIVE_TITLE
                deed = rng.choice(data.COLLECTIVE_DEEDS)
            else:
                org = self.by_id[org_id]
                subject, title = name, rng.choice(data.PERSON_TITLES)
                deed = rng.choice(data.PERSON_DEEDS[group_of(org)])
            drafts.append(
                self.exemplar(rng, year, org, person_pk, subject, title, deed, decision, start, end)
            )
        if year == 2020:
            # The article: the district commends the exemplary collectives and individuals of 2015–2020.
            decision = (CommendationForm.PRAISE, f"{rng.randint(1300, 1600)}/QĐ-UBND", data.DISTRICT_PEOPLE,
                        PERIOD_DECISION, 0.0)  # fmt: skip
            for org in rng.sample(self.communes + [c for c in self.cells if c.parent_id == self.root.pk], 12):
                drafts.append(self.exemplar(rng, year, org, None, org.name, data.PERIOD_TITLE,
                                            data.PERIOD_DEED, decision, start, end))  # fmt: skip
            for person_pk, org_id, name in rng.sample(self.everyone, 28):
                drafts.append(self.exemplar(rng, year, self.by_id[org_id], person_pk, name, data.PERIOD_TITLE,
                                            data.PERIOD_DEED, decision, start, end))  # fmt: skip
            health = next((c for c in self.cells if c.code == data.HEALTH_CELL), None)
            if health is not None and EVENT_DAY <= end:
                event = (CommendationForm.CERTIFICATE, f"{rng.randint(800, 1200)}/QĐ-UBND", data.DISTRICT_PEOPLE,
                         datetime.date(2020, 5, 19), 0.0)  # fmt: skip
                row, commendation = self.exemplar(rng, year, health, None, health.name, data.EVENT_EXEMPLAR_TITLE,
                                                  data.EVENT_EXEMPLAR_ACHIEVEMENTS, event, start, end)  # fmt: skip
                nominated = EVENT_DAY + datetime.timedelta(days=5)
                commendation = event[:4]
                row.update(nominated_on=nominated, state=ExemplarState.VERIFIED, verified_by_id=self.officer,
                           verified_at=moment(nominated + datetime.timedelta(days=7), 10))  # fmt: skip
                row.update(consent=True, consent_note=data.CONSENT_NOTES[2], story=data.EVENT_EXEMPLAR_STORY,
                           published=True, published_at=moment(datetime.date(2020, 6, 1), 10))  # fmt: skip
                drafts.append((row, commendation))
        after = _max_id(Exemplar)
        insert_rows(Exemplar, [row for row, _ in drafts])
        ids = _new_ids(Exemplar, after, len(drafts))
        commendations = [
            {"exemplar_id": pk, "form": form, "decision_number": number, "decided_on": day, "issuer": issuer,
             "recorded_by_id": self.officer}
            for pk, (_, c) in zip(ids, drafts, strict=True) if c is not None
            for form, number, issuer, day in [c]
        ]  # fmt: skip
        insert_rows(Commendation, commendations)
        summary.exemplars, summary.commended = len(drafts), len(commendations)

    def exemplar(self, rng, year, org, person_pk, subject, title, deed, decision, start, end):
        """One exemplar's row and its commendation (None while the decision is still to come)."""
        form, number, issuer, decided, _share = decision
        nominated = max(start, decided - datetime.timedelta(days=rng.randint(14, 75)))
        nominated = min(nominated, end)
        commended = decided <= end and rng.random() > 0.06
        verified = commended or (rng.random() < 0.5 and nominated + datetime.timedelta(days=7) <= end)
        verified_on = min(nominated + datetime.timedelta(days=rng.randint(2, 10)), decided, end)
        consent = commended and rng.random() < 0.12
        published = consent and rng.random() < 0.5
        row = {
            "org_id": org.pk, "person_id": person_pk, "title": title[:300],
            "achievements": f"{deed}.", "nominated_on": nominated, "year": year,
            "nominated_by_id": self.officer,
            "state": ExemplarState.VERIFIED if verified else ExemplarState.NOMINATED,
            "verified_by_id": self.officer if verified else None,
            "verified_at": moment(verified_on, 10) if verified else None,
            "consent": consent, "consent_note": rng.choice(data.CONSENT_NOTES) if consent else "",
            "story": rng.choice(data.STORIES).format(name=subject, deed=deed[0].lower() + deed[1:]) if consent else "",
            "published": published,
            "published_at": moment(min(decided + datetime.timedelta(days=10), end), 10) if published else None,
            "public_id": uuid.UUID(int=rng.getrandbits(128), version=4),
            "photo": "",
        }  # fmt: skip
        return row, ((form, number, issuer, decided) if commended else None)

    # --- Inspections -----------------------------------------------------------------------------

    def inspections(self, year: int, summary: ActivityYear) -> None:
        rng = self.rng(year, ROOT_CODE, "inspections")
        first = 7 if year == FIRST_YEAR else 3
        count = rng.randint(18, 22) if year == FIRST_YEAR else rng.randint(28, 32)
        committees = rng.sample(self.committees, min(10, len(self.committees)))
        cells = rng.sample(self.cells, count - len(committees))
        plan = [(self.root, target, rng) for target in committees + cells]
        for commune in self.communes:
            crng = self.rng(year, commune.code, "inspections")
            own = self.cells_of[commune.pk]
            for target in crng.sample(own, min(len(own), crng.randint(1, 2))):
                plan.append((commune, target, crng))
        rows, responses = [], []
        for n, (org, target, r) in enumerate(plan):
            month = r.randint(first, 11)
            kind = InspectionKind.INSPECTION if r.random() < 0.55 else InspectionKind.SUPERVISION
            district = org.pk == self.root.pk
            team = (self.issuers.team.format(n=n % 6 + 1) if district
                    else data.COMMUNE_TEAM.format(commune=_place(org)))  # fmt: skip
            row = {
                "org_id": org.pk, "target_id": target.pk, "year": year, "kind": kind, "planned_month": month,
                "status": InspectionStatus.PLANNED, "team": team,
                "content": r.choice(data.CONTENTS).format(year=year),
                "created_by_id": self.inspector if district else None,
                "created_at": moment(self.start(year), 9), "updated_at": moment(self.start(year), 9),
            }  # fmt: skip
            executed = datetime.date(year, month, r.randint(5, 25))
            postponed = year == self.today.year and r.random() < 0.08
            response = None
            if executed <= self.end(year) and not postponed:
                due = executed + datetime.timedelta(days=r.randint(30, 60))
                good = r.random() < 0.3
                row.update(
                    status=InspectionStatus.DONE, executed_on=executed, follow_up_due=due,
                    findings=" ".join(r.sample(data.STRENGTHS, 2)) + " Hạn chế: "
                    + " ".join(r.sample(data.WEAKNESSES, 1 if good else 2)),
                    conclusion=data.CONCLUSIONS[1] if good else r.choice(data.CONCLUSIONS[::2]),
                    recommendations=r.choice(data.RECOMMENDATIONS).format(board=self.issuers.board), updated_at=moment(executed, 16),
                )  # fmt: skip
                if year < self.today.year:
                    last = min(due, self.today - datetime.timedelta(days=1))
                    answered = day_between(r, min(executed + datetime.timedelta(days=10), last), last)
                    closed = year < self.today.year - 1 or r.random() < 0.7
                    row["status"] = InspectionStatus.CLOSED if closed else InspectionStatus.FIXED
                    response = answered
                else:
                    overdue = due < self.today
                    if r.random() < (0.55 if overdue else 0.2):
                        answered = day_between(
                            r, executed + datetime.timedelta(days=10), min(due, self.end(year))
                        )
                        if answered <= self.end(year):
                            row["status"] = InspectionStatus.FIXED
                            response = answered
                    if response is None and overdue:
                        summary.overdue += 1
                if response is not None:
                    row["updated_at"] = moment(response, 16)
            rows.append(row)
            responses.append((response, r.choice(data.RESPONSES).format(board=self.issuers.board)))
        after = _max_id(Inspection)
        insert_rows(Inspection, rows)
        ids = _new_ids(Inspection, after, len(rows))
        insert_rows(InspectionResponse, [
            {"inspection_id": pk, "text": text, "responded_by_id": None, "responded_at": moment(day, 15)}
            for pk, (day, text) in zip(ids, responses, strict=True) if day is not None
        ])  # fmt: skip
        summary.inspections = len(rows)
        summary.district_inspections = sum(1 for r in rows if r["org_id"] == self.root.pk)

    # --- Documents -------------------------------------------------------------------------------

    def guidance(self, year: int) -> None:
        """The propaganda board's guidance on the year's thematic study (the cycle demo has the rest)."""
        rng = self.rng(year, ROOT_CODE, "guidance")
        issued = (
            datetime.date(2016, 6, 8) if year == FIRST_YEAR else datetime.date(year, 1, rng.randint(15, 28))
        )
        if issued > self.end(year):
            return
        insert_rows(Document, [{
            "org_id": self.root.pk, "period_id": self.periods.get(year),
            "number": f"{rng.randint(10, 60)}{self.issuers.guidance[1]}", "kind": DocumentKind.GUIDANCE,
            "issued_on": issued, "issuer": self.issuers.guidance[0],
            "title": data.GUIDANCE_TITLE.format(year=year, theme=theme_for(year))[:500],
            "uploaded_by_id": self.officer, "uploaded_at": moment(issued, 15),
        }])  # fmt: skip


def build_activities(
    seed: int, today: datetime.date | None = None, *, first: int = FIRST_YEAR, last: int | None = None
) -> list[ActivityYear]:
    """Every year's activities from ``first`` to ``last`` (default: ``today``'s), each on the tree of its era
    (``demo.era``), built with its cycle already.

    The caller holds the transaction.
    """
    today = today or timezone.localdate()
    last = min(today.year, last if last is not None else today.year)
    found: list[ActivityYear] = []
    for era, start, end in eras(max(first, FIRST_YEAR), last):
        demo = ActivitiesDemo(seed, today, era, start)
        found += [demo.year(year) for year in range(start, end + 1)]
    return found
