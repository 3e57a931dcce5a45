"""Template filters that format snapshot figures exactly as the PDF does (same functions)."""
from django import template

from ..pdf import theme

register = template.Library()


@register.filter
def money(value, language="en"):
    return theme.money(value, language or "en")


@register.filter
def num(value, language="en"):
    return theme.number(value, 0, language or "en")


@register.filter
def pct(value, language="en"):
    return theme.percent(value, language or "en")


@register.filter
def width_pct(value, total):
    """A bar width in percent (0-100) for simple CSS bars."""
    try:
        v, t = float(value or 0), float(total or 0)
    except (TypeError, ValueError):
        return 0
    return 0 if t <= 0 else max(0, min(100, round(100 * v / t, 1)))


@register.filter
def get(mapping, key):
    return (mapping or {}).get(key)
