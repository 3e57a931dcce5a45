"""Template helpers for the officers' screens: money with its currency, shares as percentages."""
from decimal import Decimal

from django import template

from portfolio.money import ISO_4217, format_amount

register = template.Library()


@register.filter
def money(amount, currency):
    """``{{ grant.committed_amount|money:grant.currency }}`` -> "XOF 150,000,000" (the currency's decimals,
    grouped as the active language writes numbers: "USD 1 250,00" in French).

    A no-break space joins code and figure, so a narrow column never splits them.
    """
    if amount is None or amount == "":
        return "—"
    return f"{currency}\u00a0{format_amount(amount, ISO_4217.get(currency, 2))}"


@register.filter
def pct(ratio):
    """0.4567 -> "45.7 %"; None -> "—"."""
    if ratio is None:
        return "—"
    return f"{Decimal(ratio) * 100:.1f} %"
