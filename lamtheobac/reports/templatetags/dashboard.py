"""The dashboard's table of child orgs, built in Python: the country has 63 rows of eight cells, each with
two or three filters, and rendering them node by node took a third of the page's time."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lamtheobac.organisation.templatetags.vn import so, ty_le

from ..stats import ChildRow

register = template.Library()

_ROW = (
    '<tr><td><span class="mark mark-{mark}" title="{mark_label}"><span class="visually-hidden">{mark_label}'
    '</span></span> <a href="?org={pk}&amp;year={year}">{name}</a></td>'
    '<td class="num" data-label="{l_plans}">{plans_filed}/{orgs_required} <small>{plans_share}</small></td>'
    '<td class="num" data-label="{l_filed}">{filed}/{people_required} <small>{commitments_share}</small></td>'
    '<td class="num" data-label="{l_approved}">{approved}</td>'
    '<td class="num" data-label="{l_concrete}"><a href="{quality}?org={pk}&amp;year={year}">{concrete}</a>'
    "{clusters}</td>"
    '<td class="num" data-label="{l_study}">{cells_studied}/{cells}</td>'
    '<td class="num" data-label="{l_exemplars}">{exemplars}</td>'
    '<td class="num" data-label="{l_inspections}">{done}/{planned}{overdue}</td></tr>'
)


@register.simple_tag
def child_rows(rows: list[ChildRow], year: int) -> SafeString:
    """The ``<tr>`` of each child org: its mark, a drill-down link keeping the year, the figures."""
    labels = {
        "l_plans": _("Kế hoạch đã nộp"), "l_filed": _("Cam kết đã nộp"), "l_approved": _("Cam kết đã duyệt"),
        "l_concrete": _("Việc làm cụ thể"), "l_study": _("Chi bộ học chuyên đề"), "l_exemplars": _("Gương đề cử"),
        "l_inspections": _("Kiểm tra, giám sát"), "quality": reverse("reports:quality"), "year": year,
    }  # fmt: skip
    html = []
    for row in rows:
        f = row.figures
        clusters = ngettext("%(n)s nhóm giống nhau", "%(n)s nhóm giống nhau", f.clusters) % {"n": f.clusters}
        overdue = _("%(n)s quá hạn") % {"n": f.inspections_overdue}
        html.append(format_html(
            _ROW, **labels, mark=row.mark, mark_label=row.mark_label, pk=row.org.pk, name=row.org.name,
            plans_filed=so(f.plans_filed), orgs_required=so(f.orgs_required), plans_share=ty_le(f.plans_share),
            filed=so(f.commitments_filed), people_required=so(f.people_required),
            commitments_share=ty_le(f.commitments_share), approved=so(f.commitments_approved),
            concrete=ty_le(f.concrete_share),
            clusters=format_html(" <small>{}</small>", clusters) if f.clusters else "",
            cells_studied=so(f.cells_studied), cells=so(f.cells), exemplars=so(f.exemplars_nominated),
            done=so(f.inspections_done), planned=so(f.inspections_planned),
            overdue=format_html(' <strong class="warn">{}</strong>', overdue) if f.inspections_overdue else "",
        ))  # fmt: skip
    return mark_safe("\n".join(html))  # noqa: S308 (each part built by format_html)
