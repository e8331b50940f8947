import html

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.safestring import mark_safe

from lamtheobac.lib import formatting

register = template.Library()


@register.filter
def so(value, decimals=0):
    """Number with Vietnamese separators: {{ 3124|so }} → 3.124."""
    try:
        return formatting.number(value, int(decimals))
    except (TypeError, ValueError):
        return value


@register.simple_tag
def phantram(part, whole, decimals=1):
    """{% phantram 197 200 %} → 98,5%."""
    return formatting.percent(part or 0, whole or 0, int(decimals))


@register.filter
def opens_for(org, user) -> bool:
    """Whether ``user`` may open ``org``'s page: a breadcrumb above the user's scope is no link (it would
    answer 404); ``access`` decides."""
    from lamtheobac.organisation import access
    from lamtheobac.organisation.roles import Cap

    return access.can(user, Cap.VIEW_ORGS, org)


@register.filter
def indent(depth):
    """Em spaces for an org's depth, so a long select of orgs still reads as a tree."""
    try:
        return "\u2003" * int(depth)
    except (TypeError, ValueError):
        return ""


@register.filter
def ty_le(value, decimals=1):
    """A share given as a fraction: {{ 0.985|ty_le }} → 98,5%; None → —."""
    if value is None or value == "":
        return "—"
    try:
        value = round(100 * float(value), int(decimals))
    except (TypeError, ValueError):
        return value
    return f"{int(value)}%" if value == int(value) else formatting.number(value, int(decimals)) + "%"


@register.filter
def chart_value(value, unit=""):
    """A chart's number for its table: 3.124, or 98,5% when the chart's unit is a percentage."""
    if value is None:
        return "—"
    if unit == "%":
        return ty_le(float(value) / 100)
    return so(value)


def escaped(value) -> str:
    """What Django's ``escape`` gives, without its lazy-text wrapper (hundreds of calls in a long table)."""
    return html.escape(str(value))


@register.filter
def chart_rows(chart):
    """The body of a chart's number table: a row per label, a cell per series, built at once (the country's
    chart of 63 provinces was 126 template cells with two filters each)."""
    unit, series = chart["unit"], chart["series"]
    rows = (
        f'<tr><th scope="row">{escaped(label)}</th>'
        + "".join(f'<td class="num">{escaped(chart_value(s["data"][i], unit))}</td>' for s in series)
        + "</tr>"
        for i, label in enumerate(chart["labels"])
    )
    return mark_safe("".join(rows))  # noqa: S308 (every label and value escaped)


def _url_of(name: str):
    """A filter giving the URL named ``name`` for an object's pk: the pattern reversed once (per script
    prefix) and the pk put in, where a ``{% url %}`` in each row of a long table walks the resolver each."""
    marker = "999999999"
    patterns: dict[str, tuple[str, str]] = {}

    def url(obj) -> str:
        prefix = get_script_prefix()
        if prefix not in patterns:
            patterns[prefix] = tuple(reverse(name, args=[marker]).split(marker, 1))
        head, tail = patterns[prefix]
        return f"{head}{int(obj.pk)}{tail}"

    return url


person_url = register.filter("person_url", _url_of("organisation:person-detail"))
record_url = register.filter("record_url", _url_of("cycle:record-detail"))
