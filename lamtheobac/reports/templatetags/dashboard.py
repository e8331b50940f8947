"""The dashboard's table of child orgs, built in Python: the country has 63 rows of eight cells, each with
two or three filters, and rendering them node by node took a third of the page's time."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lamtheobac.organisation.templatetags.vn import escaped, so, ty_le

from ..selectors import ChildGroup, ChildRow

register = template.Library()


def _labels() -> dict[str, str]:
    return {
        key: escape(text)
        for key, text in {
            "plans": _("Kế hoạch đã nộp"),
            "filed": _("Cam kết đã nộp"),
            "approved": _("Cam kết đã duyệt"),
            "concrete": _("Việc làm cụ thể"),
            "study": _("Chi bộ học chuyên đề"),
            "exemplars": _("Gương đề cử"),
            "inspections": _("Kiểm tra, giám sát"),
        }.items()
    }


def _row(name: str, f, mark: str, mark_label: str, label: dict[str, str], concrete: str) -> str:
    """One ``<tr>``: ``name`` (HTML, escaped by the caller) with its mark, then the figures ``f``;
    ``concrete`` the share of concrete actions (HTML: a link, or the bare share)."""
    clusters = overdue = nonparty = ""
    if f.people_required_nonparty:
        words = _("ngoài Đảng %(c)s/%(d)s") % {
            "c": so(f.commitments_filed_nonparty),
            "d": so(f.people_required_nonparty),
        }
        nonparty = f'<br><small class="party-split">{escape(words)}</small>'
    if f.clusters:
        n = ngettext("%(n)s nhóm giống nhau", "%(n)s nhóm giống nhau", f.clusters) % {"n": so(f.clusters)}
        clusters = f" <small>{escape(n)}</small>"
    if f.inspections_overdue:
        overdue = (
            f' <strong class="warn">{escape(_("%(n)s quá hạn") % {"n": so(f.inspections_overdue)})}</strong>'
        )
    return (
        f'<tr><td><span class="mark mark-{mark}" title="{mark_label}"><span class="visually-hidden">'
        f"{mark_label}</span></span> {name}</td>"
        f'<td class="num" data-label="{label["plans"]}">{so(f.plans_filed)}/{so(f.orgs_required)} '
        f"<small>{ty_le(f.plans_share)}</small></td>"
        f'<td class="num" data-label="{label["filed"]}">{so(f.commitments_filed)}/{so(f.people_required)} '
        f"<small>{ty_le(f.commitments_share)}</small>{nonparty}</td>"
        f'<td class="num" data-label="{label["approved"]}">{so(f.commitments_approved)}</td>'
        f'<td class="num" data-label="{label["concrete"]}">{concrete}{clusters}</td>'
        f'<td class="num" data-label="{label["study"]}">{so(f.cells_studied)}/{so(f.cells)}</td>'
        f'<td class="num" data-label="{label["exemplars"]}">{so(f.exemplars_nominated)}</td>'
        f'<td class="num" data-label="{label["inspections"]}">{so(f.inspections_done)}/'
        f"{so(f.inspections_planned)}{overdue}</td></tr>"
    )


@register.simple_tag
def child_rows(rows: list[ChildRow], year: int) -> SafeString:
    """The ``<tr>`` of each child org: its mark, a drill-down link keeping the year, the figures.

    Names and translated words are escaped; the figures are digits and separators from ``so``/``ty_le``.
    """
    label = _labels()
    quality, year = escape(reverse("reports:quality")), int(year)
    html, marks = [], {}  # the few marks' labels, translated once
    for row in rows:
        f, pk = row.figures, int(row.org.pk)
        mark_label = marks.get(row.mark) or marks.setdefault(row.mark, escaped(row.mark_label))
        name = f'<a href="?org={pk}&amp;year={year}">{escaped(row.org.name)}</a>'
        concrete = f'<a href="{quality}?org={pk}&amp;year={year}">{ty_le(f.concrete_share)}</a>'
        html.append(_row(name, f, escaped(row.mark), mark_label, label, concrete))
    return mark_safe("\n".join(html))  # noqa: S308 (names and words escaped above, figures are numbers)


@register.simple_tag
def child_groups(groups: list[ChildGroup]) -> SafeString:
    """The ``<tr>`` of each kind of child org: its name and number, the sum of their figures (escaped as
    ``child_rows``)."""
    label = _labels()
    html = []
    for group in groups:
        words = ngettext("%(kind)s (%(n)s đơn vị)", "%(kind)s (%(n)s đơn vị)", group.count) % {
            "kind": group.label,
            "n": so(group.count),
        }
        f = group.figures
        html.append(
            _row(
                escape(words),
                f,
                escaped(group.mark),
                escaped(group.mark_label),
                label,
                ty_le(f.concrete_share),
            )
        )
    return mark_safe("\n".join(html))  # noqa: S308 (as above)
