"""Template helpers for the partner portal and the report review screens."""
from __future__ import annotations

from decimal import Decimal

from django import forms, template
from django.forms.utils import flatatt
from django.utils import formats, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

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


@register.simple_tag
def widget(bf):
    """Render a text, date, textarea or select field directly (the widget templates cost ~1.5 ms
    each, and a report form has hundreds); other widgets fall back to Django's rendering."""
    w = bf.field.widget
    attrs = bf.build_widget_attrs(dict(w.attrs))
    attrs["id"] = bf.auto_id
    if bf.errors:
        attrs["aria-invalid"] = "true"
    value = bf.value()
    if isinstance(w, forms.Textarea):
        return format_html('<textarea name="{}"{}>\n{}</textarea>', bf.html_name, flatatt(attrs),
                           w.format_value(value) or "")
    if isinstance(w, forms.Select) and not isinstance(w, forms.SelectMultiple):
        chosen = "" if value is None else str(value)
        options = format_html_join("", '<option value="{}"{}>{}</option>', (
            (key, mark_safe(" selected") if str(key) == chosen else "", label) for key, label in bf.field.choices))
        return format_html('<select name="{}"{}>{}</select>', bf.html_name, flatatt(attrs), options)
    if isinstance(w, (forms.TextInput, forms.DateInput)) and type(w).__name__ in ("TextInput", "DateInput"):
        formatted = w.format_value(value)
        if formatted not in (None, ""):
            attrs["value"] = formatted
        return format_html('<input type="{}" name="{}"{}>', w.input_type, bf.html_name, flatatt(attrs))
    return bf.as_widget()
