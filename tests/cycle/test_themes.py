"""The catalogue of chuyên đề: themes owned by the org that issued them, a yearly one under a whole-term one,
and a year that picks its theme from the catalogue of an org on its path (Kết luận 01-KL/TW, 18/5/2021: one
theme for the whole term, the yearly ones under it)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from lamtheobac.cycle import selectors, services
from lamtheobac.cycle.models import Period, Programme, Theme, ThemeKind
from lamtheobac.cycle.services import PeriodInput

from .builders import YEAR, messages, open_year

pytestmark = pytest.mark.django_db

# Kết luận 01-KL/TW (18/5/2021): the whole-term theme of 2021–2025.
TERM_TITLE = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường và khát vọng "
    "phát triển đất nước phồn vinh, hạnh phúc"
)


def term(org, *, first=YEAR, last=YEAR + 4, title="Chuyên đề toàn khóa thử nghiệm"):
    return services.theme_create(
        actor=None, org=org, kind=ThemeKind.TERM, title=title, first_year=first, last_year=last
    )


def yearly(org, parent, *, year=YEAR, title="Chuyên đề năm của tỉnh"):
    return services.theme_create(
        actor=None,
        org=org,
        kind=ThemeKind.YEARLY,
        title=title,
        first_year=year,
        last_year=year,
        parent=parent,
    )


def test_it_files_a_yearly_theme_under_the_whole_term_one_of_a_superior(cast):
    whole = term(cast.province)
    mine = yearly(cast.commune_a1, whole, title="  Làm theo Bác  về  chuyển đổi số ")
    assert mine.parent == whole and mine.org == cast.commune_a1
    assert mine.title == "Làm theo Bác về chuyển đổi số"
    assert list(selectors.themes_usable_at(cast.cell_a1, YEAR)) == [mine, whole]  # the nearest issuer first
    assert list(selectors.themes_usable_at(cast.cell_b1, YEAR)) == [whole]


def test_a_yearly_theme_stands_alone_only_while_no_whole_term_one_is_in_force(cast):
    alone = yearly(cast.province, None, year=YEAR - 1, title="Chuyên đề năm trước khóa mới")
    assert alone.parent is None
    whole = term(cast.province)
    with pytest.raises(ValidationError) as exc:
        yearly(cast.commune_a1, None)
    assert messages(exc) == [str(services.ERR_THEME_PARENT_NEEDED) % {"title": whole.title}]
    assert Theme.objects.count() == 2


def test_it_refuses_a_whole_term_theme_of_another_branch_or_outside_its_years(cast):
    other = term(cast.district_b, title="Chuyên đề của huyện Bắc Sơn")
    with pytest.raises(ValidationError) as exc:
        yearly(cast.commune_a1, other)
    assert messages(exc) == [
        str(services.ERR_THEME_PARENT_OFF_PATH)
        % {"title": other.title, "org": cast.district_b.name, "here": cast.commune_a1.name}
    ]
    whole = term(cast.province)
    with pytest.raises(ValidationError) as exc:
        yearly(cast.province, whole, year=YEAR + 5)
    assert messages(exc) == [
        str(services.ERR_THEME_PARENT_YEARS) % {"title": whole.title, "years": whole.years}
    ]
    with pytest.raises(ValidationError) as exc:
        term(cast.province, first=YEAR, last=YEAR - 1)
    assert messages(exc) == [str(services.ERR_THEME_YEARS)]
    assert Theme.objects.count() == 2


def test_a_year_picks_its_theme_from_the_catalogue_of_an_org_on_its_path(cast):
    whole = term(cast.province)
    province_year = yearly(cast.province, whole)
    open_year(cast.district_a, actor=cast.officer)
    period = services.period_open(
        actor=cast.officer,
        org=cast.commune_a1,
        data=PeriodInput(year=YEAR, theme="ignored", catalogue_theme=province_year),
    )
    assert period.catalogue_theme == province_year
    assert period.theme == province_year.title
    assert selectors.rules_for(cast.cell_a1, YEAR).theme == province_year.title


def test_a_theme_from_an_org_not_on_the_path_is_refused_and_nothing_is_saved(cast):
    other = yearly(cast.district_b, term(cast.district_b), title="Chuyên đề của huyện Bắc Sơn")
    with pytest.raises(ValidationError) as exc:
        services.period_open(
            actor=cast.officer,
            org=cast.commune_a1,
            data=PeriodInput(year=YEAR, catalogue_theme=other, breakthroughs=["Chuyển đổi số"]),
        )
    assert messages(exc) == [
        str(services.ERR_THEME_OFF_PATH)
        % {"title": other.title, "org": cast.district_b.name, "here": cast.commune_a1.name}
    ]
    assert not Period.objects.filter(org=cast.commune_a1).exists()


def test_a_theme_not_in_force_that_year_is_refused_on_edit_and_the_year_keeps_its_theme(cast):
    period = open_year(cast.district_a, actor=cast.officer, theme="Chuyên đề đã ghi")
    later = term(cast.province, first=YEAR + 1, last=YEAR + 5)
    with pytest.raises(ValidationError) as exc:
        services.period_update(
            actor=cast.officer, period=period, data=PeriodInput(year=YEAR, catalogue_theme=later)
        )
    assert messages(exc) == [
        str(services.ERR_THEME_NOT_IN_YEAR) % {"title": later.title, "years": later.years, "year": YEAR}
    ]
    period.refresh_from_db()
    assert period.theme == "Chuyên đề đã ghi" and period.catalogue_theme is None


def test_past_texts_become_the_catalogue_of_the_org_that_wrote_them(cast):
    """The data migration: each distinct text of an org, over the years it was used; the text is kept."""
    for year in (2021, 2022, 2023):
        open_year(cast.district_a, year=year, actor=cast.officer, theme=TERM_TITLE)
    open_year(cast.district_a, year=2020, actor=cast.officer, theme="Chuyên đề năm 2020")
    migration = importlib.import_module("lamtheobac.cycle.migrations.0009_themes_from_period_texts")
    Theme.objects.all().delete()
    migration.forward(apps, None)
    whole = Theme.objects.get(title=TERM_TITLE)
    assert (whole.org, whole.kind, whole.first_year, whole.last_year) == (cast.district_a, "term", 2021, 2023)
    assert set(
        Period.objects.filter(year__in=(2021, 2022, 2023)).values_list("catalogue_theme", flat=True)
    ) == {whole.pk}
    assert Period.objects.get(year=2020).catalogue_theme.kind == "yearly"
    assert Period.objects.get(year=2021).theme == TERM_TITLE
    # Chỉ thị 01-CT/TW (23/01/2026) on the 14th Congress's resolution: a programme a year may serve
    assert Programme.objects.get(code="CT01-2026").name.startswith("Chỉ thị số 01-CT/TW, ngày 23/01/2026")


# --- the pages --------------------------------------------------------------------------------------------


def test_the_catalogue_page_lists_the_path_and_lets_an_officer_add(cast, client_for):
    whole = term(cast.province)
    term(cast.district_b, title="Chuyên đề của huyện Bắc Sơn")
    url = reverse("cycle:theme-list", args=[cast.commune_a1.pk]) + f"?year={YEAR}"
    page = client_for(cast.officer).get(url).content.decode()
    assert whole.title in page and "Bắc Sơn" not in page.split("<h1>")[1]
    response = client_for(cast.officer).post(
        url,
        {"kind": "yearly", "title": "Chuyên đề năm của xã", "first_year": YEAR, "last_year": YEAR,
         "parent": whole.pk},
    )  # fmt: skip
    assert response.status_code == 302
    assert Theme.objects.get(title="Chuyên đề năm của xã").org == cast.commune_a1


def test_the_catalogue_page_is_404_outside_and_403_to_add_for_a_reader(cast, client_for):
    url = reverse("cycle:theme-list", args=[cast.commune_a1.pk])
    assert client_for(cast.outsider).get(url).status_code == 404
    assert client_for(cast.inspector).get(url).status_code == 200
    data = {"kind": "term", "title": "X", "first_year": YEAR, "last_year": YEAR}
    assert client_for(cast.inspector).post(url, data).status_code == 403
    assert not Theme.objects.exists()


def test_the_year_form_offers_the_catalogue_of_the_path_only(cast, client_for):
    whole = term(cast.province)
    foreign = term(cast.district_b, title="Chuyên đề của huyện Bắc Sơn")
    url = reverse("cycle:period-open") + f"?org={cast.district_a.pk}&year={YEAR}"
    page = client_for(cast.officer).get(url).content.decode()
    assert f'<option value="{whole.pk}">{whole.title}' in page
    assert f'<option value="{foreign.pk}"' not in page
