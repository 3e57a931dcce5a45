"""Template helpers for the partner portal and the report review screens."""
from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import formats, translation

from portfolio.money import ISO_4217

register = template.Library()


@register.simple_tag
def bound(form, kind, ident, name):
    """The bound field of one value of a report row (``None`` when the row has no such field)."""
    return form.bound(kind, ident, name)


@register.filter
def amount(value, currency: str = ""):
    """A money amount with grouping and the currency's decimals: ``12,500.00`` (localised)."""
    if value is None or value == "":
        return "—"
    places = ISO_4217.get(currency, 2)
    return formats.number_format(Decimal(value), decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def number(value):
    """An indicator value without trailing zeros: 120, 35.5 (localised)."""
    if value is None or value == "":
        return "—"
    value = Decimal(value).normalize()
    places = max(0, -value.as_tuple().exponent)
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def title_in(obj):
    """A reference item's title in the active language, where the reference data has it."""
    language = translation.get_language() or "en"
    if hasattr(obj, "title_in"):
        return obj.title_in(language)
    return getattr(obj, "title", str(obj))


@register.filter
def get(mapping, key):
    return (mapping or {}).get(key)


@register.filter
def bound_comment(form, section):
    """The review form's comment field for ``section``."""
    return form.comment_field(section)
