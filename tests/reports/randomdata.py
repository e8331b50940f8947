"""A random district for the dashboard's correctness tests, and a straightforward recount to check it by.

The recount is written the plain way on purpose (one filter per figure, ``path__startswith``), so it shares
nothing with ``reports.selectors`` but the definitions.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter

from django.utils import timezone

from lamtheobac.activities.models import (
    Attendance,
    AttendanceStatus,
    Commendation,
    CommendationForm,
    Exemplar,
    Inspection,
    InspectionKind,
    InspectionStatus,
    PilotModel,
    PilotStatus,
    StudyKind,
    StudySession,
)
from lamtheobac.cycle.models import Rating, Record, RecordItem, RecordKind, RecordState
from lamtheobac.cycle.selectors import rules_for
from lamtheobac.organisation import services as org_services
from lamtheobac.organisation.kinds import CELL_KINDS
from lamtheobac.organisation.models import Membership, Org, OrgKind, OrgSpan, Person, PersonKind
from lamtheobac.quality import services as quality
from lamtheobac.quality.similar import THRESHOLD, signature
from lamtheobac.quality.text import jaccard
from lamtheobac.quality.vague import assess
from lamtheobac.reports.selectors import Figures
from tests.cycle.builders import open_year
from tests.factories import OrgFactory, PersonFactory

YEAR = timezone.localdate().year
SUBMITTED_STATES = [  # submitted at least once
    RecordState.SUBMITTED,
    RecordState.RETURNED,
    RecordState.APPROVED,
    RecordState.SELF_ASSESSED,
    RecordState.RATED,
    RecordState.LOCKED,
]
APPROVED_STATES = {RecordState.APPROVED, RecordState.SELF_ASSESSED, RecordState.RATED}


def _filed(record: Record) -> bool:
    """Submitted and not back with its writer: a record returned for correction (locked so or not) is owed
    again."""
    back = {RecordState.DRAFT, RecordState.RETURNED}
    locked_back = record.state == RecordState.LOCKED and record.state_before_lock in back
    return record.submitted_at is not None and record.state not in back and not locked_back


def _moment(rng: random.Random, year: int) -> datetime.datetime:
    day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(300))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def _record(rng: random.Random, *, kind: str, year: int, org: Org, person: Person | None = None) -> Record:
    state = rng.choice([RecordState.DRAFT, *SUBMITTED_STATES])
    # a year closed: locked in the state it had, a rated one or one returned and never resubmitted
    before_lock = rng.choice([RecordState.RETURNED, RecordState.RATED]) if state == RecordState.LOCKED else ""
    filed = state != RecordState.DRAFT
    approved = (before_lock or state) in APPROVED_STATES
    return Record.objects.create(
        kind=kind,
        year=year,
        org=org,
        person=person,
        state=state,
        state_before_lock=before_lock,
        submitted_at=_moment(rng, year) if filed else None,
        approved_at=_moment(rng, year) if approved else None,
        is_late=filed and rng.random() < 0.2,
        rating=rng.choice(list(Rating.values)) if RecordState.RATED in (state, before_lock) else "",
    )


ACTIONS = [
    ("Đọc {n} cuốn sách viết về Chủ tịch Hồ Chí Minh", "Ghi chép điều tâm đắc"),
    ("Phụ đạo học sinh yếu {n} buổi mỗi tuần", "Không còn học sinh yếu cuối năm"),
    ("Trồng {n} cây keo trên đồi nhà trước tháng 9", "Tỷ lệ cây sống trên 85%"),
    ("Vận động {n} hộ tham gia bảo hiểm y tế", ""),
    ("Tiếp công dân sáng thứ Năm hằng tuần", "Trả lời kiến nghị trong {n} ngày"),
    ("Không uống rượu, bia trong giờ làm việc", "Không vi phạm lần nào"),
    ("Chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước", ""),
    ("Nâng cao ý thức trách nhiệm trong công việc", "Tốt"),
    ("Rèn luyện phẩm chất đạo đức, lối sống", ""),
    ("Hoàn thành tốt nhiệm vụ được giao", "Thường xuyên"),
    ("Tích cực tham gia các phong trào thi đua", ""),
    ("Góp {n} ngày công làm đường bê tông của thôn", ""),
    ("Giải quyết hồ sơ của dân đúng hẹn, không để trễ hẹn hồ sơ nào", ""),
    ("Đi làm đúng giờ", ""),
]


def _items(rng: random.Random, colleagues: list, last_year: list | None) -> list[tuple[str, str]]:
    """A commitment's (action, target) rows: a colleague's copied word for word, last year's again, or a
    fresh mix of concrete and vague actions."""
    roll = rng.random()
    if colleagues and roll < 0.25:
        return list(rng.choice(colleagues))
    if last_year and roll < 0.45:
        return list(last_year)
    rows = []
    for action, target in rng.sample(ACTIONS, k=rng.randint(2, 5)):
        n = str(rng.randint(1, 40))
        rows.append((action.format(n=n), target.format(n=n)))
    return rows


def _end_quietly(org: Org, on: datetime.date) -> None:
    """``org`` stopped from ``on``, written behind the services (as a repair script would)."""
    Org.objects.filter(pk=org.pk).update(active=False, ended_on=on - datetime.timedelta(days=1))
    org.refresh_from_db()
    org_services.sync_spans([org])


def build_district(seed: int, *, communes: int = 4) -> Org:
    """A district with communes, cells and agencies (some inactive), people of every kind (some inactive,
    one moved after filing), plans and commitments in every state for this year and last, and the
    activities the dashboard counts."""
    rng = random.Random(seed)
    district = OrgFactory(name=f"Đảng bộ huyện Ngẫu Nhiên {seed}", kind=OrgKind.DISTRICT_COMMITTEE)
    open_year(
        district,
        year=YEAR,
        plan_org_kinds=[OrgKind.CELL, OrgKind.GRASSROOTS_COMMITTEE],
        commitment_person_kinds=[PersonKind.MEMBER, PersonKind.PROBATIONARY],
    )
    orgs = [district]
    for c in range(communes):
        commune = OrgFactory(
            name=f"Đảng bộ xã Số {seed}-{c}", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=district
        )
        orgs.append(commune)
        for _ in range(rng.randint(1, 4)):
            kind = rng.choice([OrgKind.CELL, OrgKind.CELL, OrgKind.AGENCY, OrgKind.MASS_ORGANISATION])
            orgs.append(OrgFactory(kind=kind, parent=commune))
    # a commune that asks more than the district: its agencies file plans, its non-party civil servants,
    # workers and đoàn viên commit too (counted apart from the Party members)
    open_year(
        orgs[1],
        year=YEAR,
        plan_org_kinds=[OrgKind.CELL, OrgKind.GRASSROOTS_COMMITTEE, OrgKind.AGENCY],
        commitment_person_kinds=[
            PersonKind.MEMBER,
            PersonKind.PROBATIONARY,
            PersonKind.CIVIL_SERVANT,
            PersonKind.WORKER,
            PersonKind.UNION_MEMBER,
        ],
    )
    # stopped before last year began: counted in neither year (not the commune that opened this year: an org
    # opens no year it does not stand in)
    for org in rng.sample(orgs[2:], k=2):
        _end_quietly(org, datetime.date(YEAR - 1, 1, 1))

    people: list[Person] = []
    # the kinds drawn from the main stream as before; some quần chúng become workers or đoàn viên from a
    # stream of their own, so the rest of the district stays as it was
    drawn = [PersonKind.MEMBER, PersonKind.PROBATIONARY, PersonKind.CIVIL_SERVANT, PersonKind.PUBLIC_EMPLOYEE]
    drawn.append(PersonKind.OTHER)
    kind_rng = random.Random(seed + 2000)
    for org in orgs:
        for _ in range(rng.randint(0, 6)):
            kind = rng.choice(drawn)
            if kind == PersonKind.OTHER and kind_rng.random() < 0.7:
                kind = kind_rng.choice([PersonKind.WORKER, PersonKind.UNION_MEMBER])
            person = PersonFactory(org=org, kind=kind)
            if rng.random() < 0.08:  # left before last year began
                Person.objects.filter(pk=person.pk).update(active=False)
                org_services.sync_people([person.pk], datetime.date(YEAR - 1, 1, 1))
            people.append(person)

    written: dict[tuple[int, int], list[tuple[str, str]]] = {}  # (person, year) → items
    for year in (YEAR - 1, YEAR):
        for org in orgs:
            if rng.random() < 0.8:
                _record(rng, kind=RecordKind.PLAN, year=year, org=org)
        colleagues: dict[int, list[list[tuple[str, str]]]] = {}
        for person in people:
            if rng.random() < 0.85:
                record = _record(rng, kind=RecordKind.COMMITMENT, year=year, org=person.org, person=person)
                items = _items(
                    rng, colleagues.setdefault(person.org_id, []), written.get((person.pk, year - 1))
                )
                written[(person.pk, year)] = items
                colleagues[person.org_id].append(items)
                RecordItem.objects.bulk_create(
                    RecordItem(record=record, position=i, action=a, target=t)
                    for i, (a, t) in enumerate(items)
                )
    # someone filed in one org, then moved to another this year: the records stay where they were written,
    # and the person belongs to the old org last year, to the new one this year
    mover = rng.choice(people)
    Person.objects.filter(pk=mover.pk).update(org=rng.choice(orgs[1:]))
    org_services.sync_people([mover.pk], datetime.date(YEAR, 1, 1))
    quality.refresh_all()

    # what a session holds, drawn apart so the rest of the district stays as it was: minutes, someone
    # present, or neither (an empty entry, which does not count)
    held_rng = random.Random(seed + 1000)
    for org in orgs:
        for _ in range(rng.randint(0, 2)):
            session = StudySession.objects.create(
                org=org,
                held_on=datetime.date(rng.choice([YEAR - 1, YEAR]), rng.randint(1, 10), 5),
                kind=rng.choice(list(StudyKind.values)),
                topic="Học tập chuyên đề",
                minutes="Biên bản tóm tắt" if held_rng.random() < 0.4 else "",
            )
            here = Person.objects.filter(org=org).first()
            if here is not None and held_rng.random() < 0.5:
                status = held_rng.choice(list(AttendanceStatus.values))
                Attendance.objects.create(session=session, person=here, status=status)
        if rng.random() < 0.3:
            PilotModel.objects.create(
                org=org,
                name=f"Mô hình {org.pk}",
                started_on=datetime.date(rng.choice([YEAR - 2, YEAR - 1, YEAR]), 3, 1),
                status=rng.choice(list(PilotStatus.values)),
            )
        if rng.random() < 0.4:
            exemplar = Exemplar.objects.create(
                org=org,
                title="Gương sáng",
                achievements="Nhiều thành tích",
                nominated_on=datetime.date(rng.choice([YEAR - 1, YEAR]), 2, 1),
            )
            for _ in range(rng.randint(0, 2)):
                Commendation.objects.create(
                    exemplar=exemplar,
                    form=rng.choice(list(CommendationForm.values)),
                    decision_number=f"{rng.randint(1, 999)}-QĐ/HU",
                    decided_on=datetime.date(rng.choice([YEAR - 1, YEAR]), 5, 1),
                    issuer="Huyện ủy",
                )
        if rng.random() < 0.3 and org.parent_id:
            status = rng.choice(list(InspectionStatus.values))
            executed = None if status == InspectionStatus.PLANNED else datetime.date(YEAR, 1, 10)
            due = executed + datetime.timedelta(days=rng.choice([5, 400])) if executed else None
            Inspection.objects.create(
                org=org,
                target=rng.choice(orgs),
                year=YEAR,
                kind=rng.choice(list(InspectionKind.values)),
                planned_month=rng.randint(1, 12),
                status=status,
                executed_on=executed,
                follow_up_due=due,
            )
    return district


def recount(org: Org, year: int) -> Figures:
    """Every figure of ``org``'s subtree counted the plain way: org by org and person by person, each under
    the rules in force where it sits (``rules_for``)."""
    rules: dict[int, object] = {}

    def at(o: Org):
        if o.pk not in rules:
            rules[o.pk] = rules_for(o, year)
        return rules[o.pk]

    year_end = datetime.date(year, 12, 31)

    def in_force(rows):  # the row (span, membership) in force on the year's last day
        for row in rows:
            if (row.valid_from is None or row.valid_from <= year_end) and (
                row.valid_to is None or row.valid_to > year_end
            ):
                return row
        return None

    top = in_force(OrgSpan.objects.filter(org_id=org.pk))
    if top is None:
        return Figures()
    # the orgs under ``org`` as the tree stood on the year's last day, with their kind then
    spans = {
        o.pk: s for o in Org.objects.prefetch_related("spans") if (s := in_force(o.spans.all())) is not None
    }
    orgs = [o for o in Org.objects.filter(pk__in=list(spans)) if spans[o.pk].path.startswith(top.path)]
    for o in orgs:
        o.kind = spans[o.pk].kind

    def stood(o: Org) -> bool:
        return o.pk in spans

    def required_org(o: Org) -> bool:
        r = at(o)
        return o.kind in r.plan_org_kinds and (r.top is None or r.top.org_id != o.pk)

    def membership(p: Person) -> Membership | None:  # where the person belonged on the year's last day
        return in_force(p.memberships.all())

    def required_person(p: Person, where: Org) -> bool:
        m = membership(p)
        return m is not None and m.kind in at(where).commitment_person_kinds

    by_pk = {o.pk: o for o in orgs}
    required_orgs = [o for o in orgs if required_org(o)]
    people = [
        (m, by_pk[m.org_id])
        for p in Person.objects.prefetch_related("memberships")
        if (m := membership(p)) is not None and m.org_id in by_pk
    ]
    records = Record.objects.filter(year=year, org__in=orgs).select_related("org", "person")
    plans = [r for r in records if r.kind == RecordKind.PLAN and r.org_id in {o.pk for o in required_orgs}]
    commitments = [
        r for r in records if r.kind == RecordKind.COMMITMENT and required_person(r.person, by_pk[r.org_id])
    ]
    filed_plans = [r for r in plans if _filed(r)]
    filed = [r for r in commitments if _filed(r)]

    # non-party: anyone whose kind at the year's end is not a Party member's, written out here on purpose
    def outside(m: Membership | None) -> bool:
        return m is not None and m.kind not in ("member", "probationary")

    filed_outside = [r for r in filed if outside(membership(r.person))]
    under = {"org__in": [o.pk for o in orgs]}  # what an org that no longer stood did counts nowhere
    cells = [o for o in orgs if o.kind in CELL_KINDS]
    held = [
        s
        for s in StudySession.objects.filter(year=year, kind=StudyKind.THEMATIC).select_related("org")
        if s.minutes or s.attendance.filter(status=AttendanceStatus.PRESENT).exists()
    ]
    studied_ids = {s.org_id for s in held}
    quality = _recount_quality(filed, year)
    today = timezone.localdate()
    inspections = Inspection.objects.filter(year=year, **under)
    pilots = PilotModel.objects.filter(started_on__year__lte=year, **under)
    return Figures(
        orgs_required=len(required_orgs),
        plans_filed=len(filed_plans),
        plans_approved=sum(1 for r in filed_plans if r.approved_at),
        people_required=sum(1 for m, where in people if m.kind in at(where).commitment_person_kinds),
        commitments_filed=len(filed),
        commitments_approved=sum(1 for r in filed if r.approved_at),
        commitments_late=sum(1 for r in filed if r.is_late),
        ratings=Counter(r.rating for r in filed if r.rating),
        plan_ratings=Counter(r.rating for r in filed_plans if r.rating),
        cells=len(cells),
        cells_studied=sum(1 for o in cells if o.pk in studied_ids),
        study_sessions=sum(1 for s in held if s.org_id in under["org__in"]),
        pilots=pilots.count(),
        pilots_new=pilots.filter(started_on__year=year).count(),
        pilots_replicated=pilots.filter(status=PilotStatus.REPLICATED).count(),
        exemplars_nominated=Exemplar.objects.filter(year=year, **under).count(),
        exemplars_commended=Exemplar.objects.filter(commendations__decided_on__year=year, **under)
        .distinct()
        .count(),
        inspections_planned=inspections.count(),
        inspections_done=inspections.exclude(status=InspectionStatus.PLANNED).count(),
        inspections_overdue=inspections.filter(follow_up_due__lt=today)
        .exclude(status__in=[InspectionStatus.FIXED, InspectionStatus.CLOSED])
        .count(),
        people_required_nonparty=sum(
            1 for m, where in people if m.kind in at(where).commitment_person_kinds and outside(m)
        ),
        commitments_filed_nonparty=len(filed_outside),
        commitments_approved_nonparty=sum(1 for r in filed_outside if r.approved_at),
        actions_nonparty=sum(r.items.count() for r in filed_outside),
        rated_nonparty=sum(1 for r in filed_outside if r.rating),
        rated_good_nonparty=sum(1 for r in filed_outside if r.rating in ("excellent", "good")),
        **quality,
    )


def _signature(record: Record) -> frozenset[str]:
    texts = []
    for item in record.items.all():
        texts += [item.action, item.target]
    return signature(texts)


def _recount_quality(counted: list[Record], year: int) -> dict[str, int]:
    """The quality figures the slow way: every item judged, every commitment compared with the writer's
    record of the year before, and every pair of filed commitments of an org compared (clusters by
    following near-identical pairs)."""
    actions = sum(r.items.count() for r in counted)
    concrete = sum(not assess(i.action, i.target, i.deadline).vague for r in counted for i in r.items.all())
    copied = 0
    for r in counted:
        before = Record.objects.filter(kind=r.kind, person=r.person, year=year - 1).first()
        mine, theirs = _signature(r), _signature(before) if before else frozenset()
        copied += bool(mine and theirs and jaccard(mine, theirs) >= THRESHOLD)
    cluster_of: dict[int, int] = {}
    for org_id in {r.org_id for r in counted}:
        everyone = [
            r
            for r in Record.objects.filter(org_id=org_id, year=year, kind=RecordKind.COMMITMENT)
            if _filed(r)
        ]
        group = {r.pk: {r.pk} for r in everyone}
        sigs = {r.pk: _signature(r) for r in everyone}
        for a in everyone:
            for b in everyone:
                if a.pk < b.pk and sigs[a.pk] and sigs[b.pk] and jaccard(sigs[a.pk], sigs[b.pk]) >= THRESHOLD:
                    merged = group[a.pk] | group[b.pk]
                    for pk in merged:
                        group[pk] = merged
        for pk, members in group.items():
            if len(members) > 1:
                cluster_of[pk] = min(members)
    members = [r for r in counted if r.pk in cluster_of]
    clusters = {(r.org_id, cluster_of[r.pk]) for r in members}
    return {
        "actions": actions,
        "actions_concrete": concrete,
        "copied_last_year": copied,
        "clusters": len(clusters),
        "clustered": len(members),
    }
