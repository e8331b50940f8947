from django import template

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


@register.filter
def at(sequence, index):
    """The item at ``index`` of a list, for tables built from parallel lists."""
    try:
        return sequence[int(index)]
    except (IndexError, TypeError, ValueError):
        return None
