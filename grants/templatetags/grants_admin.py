"""Template helpers for the officers' screens: money with its currency, shares as percentages."""
from decimal import Decimal

from django import template

from portfolio.money import ISO_4217

register = template.Library()


@register.filter
def money(amount, currency):
    """``{{ grant.committed_amount|money:grant.currency }}`` -> "XOF 150,000,000" (the currency's decimals).

    A no-break space joins code and figure, so a narrow column never splits them.
    """
    if amount is None or amount == "":
        return "—"
    places = ISO_4217.get(currency, 2)
    return f"{currency}\u00a0{Decimal(amount):,.{places}f}"


@register.filter
def pct(ratio):
    """0.4567 -> "45.7 %"; None -> "—"."""
    if ratio is None:
        return "—"
    return f"{Decimal(ratio) * 100:.1f} %"
