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
