"""The demo's years: opened at the district (the province from 2025) and at the communes adding their own content (through
``cycle.services.period_open``), their directing documents, and their close."""

from __future__ import annotations

import datetime
import random

from lamtheobac.cycle import services
from lamtheobac.cycle.models import Document, DocumentKind, FieldUse, Period, PeriodEvent, Theme, ThemeKind
from lamtheobac.cycle.registration import RuleSet
from lamtheobac.cycle.services import PeriodInput

from ..data.cycle import (
    BREAKTHROUGHS,
    COMMUNE_CONTENTS,
    FIRST_YEAR,
    NEW_TERM_THEMES,
    OTHER_CONTENTS,
    OWN,
    district_breakthroughs,
    programmes_for,
    theme_for,
)
from ..data.deeds import WORK
from ..logins import PHU_THONG
from ..rows import insert_rows, moment
from .world import PLAN_ORG_KINDS, Line, Rules, deadlines

# From 2026 the province asks each person for at least one concrete action and each collective for one content
# at least, and leaves the "tự soi, tự sửa" section to the member; Phủ Thông, which took Lục Bình in, asks
# for two actions per person and three key contents per collective (a province's guidance of 2026: "1-2 việc
# làm cụ thể" per person, "ít nhất 3 nội dung trọng tâm" per collective).
RULES_FROM = 2026
PROVINCE_RULES = RuleSet(person_min=1, collective_min=1, self_examination=FieldUse.OPTIONAL)
COMMUNE_RULES = {PHU_THONG: RuleSet(person_min=2, collective_min=3, self_examination=FieldUse.OPTIONAL)}


TERM_FROM, TERM_TO = 2021, 2025  # Kết luận 01-KL/TW (18/5/2021): one theme for the whole term
TERM_DOCUMENT = "Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị"


class Years:
    """The years of ``CycleDemo``: opening, documents, closing."""

    def catalogue_theme(self, year: int) -> Theme | None:
        """The year's theme in the catalogue of the org opening it: the whole term's from 2021 (filed once by
        each root), the province's own yearly theme in 2026 (alone: no whole-term theme of 2026–2030 is issued
        yet); none before 2021 (those years keep their text only)."""
        if year < TERM_FROM:
            return None
        title = theme_for(year)
        found = Theme.objects.filter(
            org=self.root, title=title, first_year__lte=year, last_year__gte=year
        ).first()
        if found is not None:
            return found
        new_term = year in NEW_TERM_THEMES
        return services.theme_create(
            actor=self.officer,
            org=self.root,
            kind=ThemeKind.YEARLY if new_term else ThemeKind.TERM,
            title=title,
            first_year=year,
            last_year=year if new_term else max(year, TERM_TO),
            document="" if new_term else TERM_DOCUMENT,
        )

    def opened_on(self, year: int) -> datetime.date:
        """The district opens its year in early January (2016: ten days after Chỉ thị 05); never after today."""
        day = datetime.date(2016, 5, 25) if year == FIRST_YEAR else datetime.date(year, 1, 8)
        return min(day, self.today)

    def first_day(self, year: int) -> datetime.date:
        """The first day plans and commitments are written: the day after the year opens."""
        return self.opened_on(year) + datetime.timedelta(days=1)

    def open_year(self, year: int) -> dict[int | None, Rules]:
        """Open the year at the district and at the communes adding their own content; the rules per unit."""
        rng = self.rng(year, f"{self.era.root_code}:periods")
        dates = deadlines(year, self.today)
        codes = programmes_for(year)
        programmes = [self.programmes[c] for c in codes if c in self.programmes]
        topics = district_breakthroughs(year)
        ruled = year >= RULES_FROM
        district = services.period_open(
            actor=self.officer,
            org=self.root,
            data=PeriodInput(
                year=year,
                theme=theme_for(year),
                catalogue_theme=self.catalogue_theme(year),
                min_actions=PROVINCE_RULES.person_min if ruled else 3,
                registration=PROVINCE_RULES if ruled else None,
                plan_org_kinds=list(PLAN_ORG_KINDS),
                programmes=programmes,
                breakthroughs=[BREAKTHROUGHS[t] for t in topics],
                **dates,
            ),
        )
        contents = dict(zip(topics, district.breakthroughs.order_by("sort_order"), strict=True))
        base = Rules(
            year=year,
            min_actions=3,
            plan_deadline=dates["plan_deadline"],
            commitment_deadline=dates["commitment_deadline"],
            midyear_deadline=dates["midyear_deadline"],
            yearend_deadline=dates["yearend_deadline"],
            programmes=codes,
            contents=contents,
        )
        rules: dict[int | None, Rules] = {None: base}
        periods = [district]
        communes = {u.org.code: u for u in self.units if u.is_commune}
        own = [
            (c.code, c.min_actions, c.titles[(year - c.since) % len(c.titles)])
            for c in COMMUNE_CONTENTS
            if c.since <= year and c.code in communes
        ]
        others = sorted(set(communes) - {code for code, _, _ in own})
        drawn = rng.sample(others, k=min(2, len(others)))
        for code in drawn:
            own.append((code, 3, rng.choice(OTHER_CONTENTS)))
        if ruled and PHU_THONG in communes and PHU_THONG not in drawn:
            own.append((PHU_THONG, 3, OTHER_CONTENTS[0]))
        for code, min_actions, title in own:
            unit = communes[code]
            earlier = datetime.timedelta(days=rng.choice((3, 5, 7, 10)))
            yearend = dates["yearend_deadline"] - datetime.timedelta(days=rng.choice((0, 0, 3, 5)))
            if year == self.today.year and yearend < self.today + datetime.timedelta(days=7):
                yearend = dates["yearend_deadline"]
            mine = {
                **dates,
                "plan_deadline": dates["plan_deadline"] - earlier,
                "commitment_deadline": dates["commitment_deadline"] - earlier,
                "yearend_deadline": yearend,
            }
            actor = (
                self.commune_leader if self.luc_binh is not None and unit.org.pk == self.luc_binh.pk else None
            )
            registration = COMMUNE_RULES.get(code) if ruled else None
            if registration is not None:
                min_actions = registration.person_min
            period = services.period_open(
                actor=actor,
                org=unit.org,
                data=PeriodInput(
                    year=year,
                    min_actions=min_actions,
                    registration=registration,
                    plan_org_kinds=list(PLAN_ORG_KINDS),
                    programmes=programmes,
                    breakthroughs=[title],
                    **mine,
                ),
            )
            periods.append(period)
            content = period.breakthroughs.get()
            commune = unit.org.name.replace("Đảng bộ", "Đảng ủy", 1)
            rules[unit.org.pk] = Rules(
                year=year,
                min_actions=max(3, min_actions),
                plan_deadline=mine["plan_deadline"],
                commitment_deadline=mine["commitment_deadline"],
                midyear_deadline=dates["midyear_deadline"],
                yearend_deadline=yearend,
                programmes=codes,
                contents={**contents, OWN: content},
                own_line=Line(
                    f"Thực hiện nội dung đột phá của {commune}: {title[0].lower()}{title[1:]}",
                    "Hoàn thành phần việc được chi bộ phân công",
                    WORK,
                    OWN,
                    due="year",
                ),
            )
        opened = moment(self.opened_on(year))
        ids = [p.pk for p in periods]
        Period.objects.filter(pk__in=ids).update(opened_at=opened)
        PeriodEvent.objects.filter(period_id__in=ids).update(at=opened)
        self.documents(year, district, rng)
        self.periods = periods
        return rules

    def documents(self, year: int, period: Period, rng: random.Random) -> None:
        """The directing documents of the year: the Politburo's texts, the district's plan and report."""
        kh = f"{rng.randint(20, 60)}-KH/{self.era.suffix}"
        docs = []
        if year == FIRST_YEAR:
            docs.append(
                (
                    "05-CT/TW",
                    DocumentKind.DIRECTIVE,
                    datetime.date(2016, 5, 15),
                    "Bộ Chính trị",
                    "Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                )
            )
            docs.append(
                (
                    kh,
                    DocumentKind.PLAN,
                    self.opened_on(year),
                    self.era.committee,
                    "Kế hoạch thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị",
                )
            )
        else:
            docs.append(
                (
                    kh,
                    DocumentKind.PLAN,
                    self.opened_on(year),
                    self.era.committee,
                    f"Kế hoạch học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm {year}",
                )
            )
        if year == 2021:
            docs.append(
                (
                    "01-KL/TW",
                    DocumentKind.CONCLUSION,
                    datetime.date(2021, 5, 18),
                    "Bộ Chính trị",
                    "Kết luận về tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị khóa XII",
                )
            )
        if year < self.today.year:
            docs.append(
                (
                    f"{rng.randint(150, 260)}-BC/{self.era.suffix}",
                    DocumentKind.REPORT,
                    datetime.date(year, 12, 20),
                    self.era.committee,
                    f"Báo cáo kết quả thực hiện Chỉ thị số 05-CT/TW năm {year}",
                )
            )
        officer = self.officer.pk if self.officer else None
        insert_rows(
            Document,
            [
                {
                    "org_id": self.root.pk,
                    "period_id": period.pk,
                    "number": number,
                    "kind": kind,
                    "issued_on": issued,
                    "issuer": issuer,
                    "title": title,
                    "uploaded_by_id": officer,
                    "uploaded_at": moment(issued, 15),
                }
                for number, kind, issued, issuer, title in docs
            ],
        )

    def close_year(self, year: int) -> None:
        closed = self.closing(year)
        Period.objects.filter(pk__in=[p.pk for p in self.periods]).update(
            state=Period.State.CLOSED, closed_at=closed, closed_by=self.officer
        )
        officer = self.officer.pk if self.officer else None
        insert_rows(
            PeriodEvent,
            [
                {"period_id": p.pk, "action": "closed", "actor_id": officer, "at": closed}
                for p in self.periods
            ],
        )

    def closing(self, year: int) -> datetime.datetime:
        return moment(datetime.date(year + 1, 1, 12), 15)
