"""The catalogue of chuyên đề: add a theme to an org's catalogue; check the theme a year picks.

A yearly theme serves the whole-term theme in force on its issuer's path (Kết luận 01-KL/TW, 18/5/2021: one
theme for the whole term, the yearly ones under it), which must cover all its years; stands alone only while
none is in force (2026, before the 2026–2030 one is issued); a year's period picks a
theme issued by an org on its own path (the province's, its khối's, its commune's, its own) and in force
that year. Anything else is refused whole, with its message.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lamtheobac.organisation.models import Org, path_ids

from ..models import Theme, ThemeKind
from ..selectors import path_of
from .common import plain

ERR_THEME_TITLE = _("Hãy ghi tên chuyên đề.")
ERR_THEME_YEARS = _(
    "Năm kết thúc phải từ năm bắt đầu trở về sau, và chuyên đề không quá 5 năm (một nhiệm kỳ)."
)
ERR_THEME_PARENT_NEEDED = _(
    "Chuyên đề toàn khóa “%(title)s” đang áp dụng trong các năm này: chuyên đề năm phải thuộc chuyên đề toàn khóa."
)
ERR_THEME_PARENT_KIND = _("Chỉ chuyên đề năm mới thuộc một chuyên đề toàn khóa.")
ERR_THEME_PARENT_OFF_PATH = _(
    "Chuyên đề toàn khóa “%(title)s” do %(org)s ban hành, không phải cấp trên của %(here)s."
)
ERR_THEME_PARENT_YEARS = _(
    "Chuyên đề toàn khóa “%(title)s” áp dụng %(years)s; chuyên đề năm phải nằm trong các năm đó."
)
ERR_THEME_OFF_PATH = _(
    "Chuyên đề “%(title)s” do %(org)s ban hành, không thuộc cấp trên của %(here)s: chỉ chọn chuyên đề của "
    "chính đơn vị hoặc của cấp trên."
)
ERR_THEME_NOT_IN_YEAR = _("Chuyên đề “%(title)s” áp dụng %(years)s, không áp dụng cho năm %(year)s.")
TERM_YEARS = 5


@transaction.atomic
def theme_create(
    *,
    actor: User | None,
    org: Org,
    kind: str,
    title: str,
    first_year: int,
    last_year: int,
    parent: Theme | None = None,
    document: str = "",
) -> Theme:
    """Add a theme to ``org``'s catalogue (the caller holds the right to open years there)."""
    title = plain(title, 500)
    if not title:
        raise ValidationError({"title": ERR_THEME_TITLE})
    if last_year < first_year or last_year - first_year >= TERM_YEARS:
        raise ValidationError({"last_year": ERR_THEME_YEARS})
    if kind == ThemeKind.YEARLY and parent is not None:
        _check_parent(parent, org=org, first_year=first_year, last_year=last_year)
    elif kind == ThemeKind.YEARLY:
        # before a whole-term theme is issued (2026, until the one of 2026–2030 is) a yearly one stands alone
        term = (
            Theme.objects.filter(
                org_id__in=path_ids(path_of(org, first_year)),
                kind=ThemeKind.TERM,
                first_year__lte=first_year,
                last_year__gte=last_year,
            )
            .order_by("-org__path")
            .first()
        )
        if term is not None:
            raise ValidationError({"parent": ERR_THEME_PARENT_NEEDED % {"title": term.title}})
    elif parent is not None:
        raise ValidationError({"parent": ERR_THEME_PARENT_KIND})
    theme = Theme(
        org=org,
        kind=kind,
        parent=parent,
        title=title,
        first_year=first_year,
        last_year=last_year,
        document=plain(document, 200),
        created_by=actor,
    )
    theme.full_clean()
    theme.save()
    return theme


def _check_parent(parent: Theme, *, org: Org, first_year: int, last_year: int) -> None:
    if parent.kind != ThemeKind.TERM:
        raise ValidationError({"parent": ERR_THEME_PARENT_KIND})
    if parent.org_id not in path_ids(path_of(org, first_year)):
        raise ValidationError(
            {
                "parent": ERR_THEME_PARENT_OFF_PATH
                % {"title": parent.title, "org": parent.org.name, "here": org.name}
            }
        )
    if first_year < parent.first_year or last_year > parent.last_year:
        raise ValidationError(
            {"parent": ERR_THEME_PARENT_YEARS % {"title": parent.title, "years": parent.years}}
        )


def check_theme_for_year(theme: Theme, *, org: Org, year: int) -> None:
    """Refuse a theme ``year`` at ``org`` may not pick: issued off its path that year, or not in force."""
    if theme.org_id not in path_ids(path_of(org, year)):
        raise ValidationError(
            {
                "catalogue_theme": ERR_THEME_OFF_PATH
                % {"title": theme.title, "org": theme.org.name, "here": org.name}
            }
        )
    if not theme.first_year <= year <= theme.last_year:
        raise ValidationError(
            {
                "catalogue_theme": ERR_THEME_NOT_IN_YEAR
                % {"title": theme.title, "years": theme.years, "year": year}
            }
        )
