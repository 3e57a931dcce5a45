"""Demo exchange rates: monthly rates against the US dollar for every currency the demo uses.

Values are round, plausible figures with a small monthly drift (not market data); the source
says so. Strong currencies are stored as "1 CHF = x USD", weak ones as "1 USD = x XOF", so the
demo exercises both a direct and an inverted rate. Imported through the CSV import service
(all or nothing, idempotent: a second run finds every row already present).
"""
from __future__ import annotations

import datetime
import io
import math
from decimal import ROUND_HALF_UP, Decimal

from ..services.fx import exchange_rates_import

SOURCE = "UN operational rates of exchange (demo values)"
FIRST_MONTH = datetime.date(2024, 1, 1)

# currency: (base, quote, mid value, decimal places of the published rate)
PAIRS = {
    "CHF": ("CHF", "USD", Decimal("1.12"), 4),
    "EUR": ("EUR", "USD", Decimal("1.08"), 4),
    "SEK": ("USD", "SEK", Decimal("10.60"), 4),
    "XOF": ("USD", "XOF", Decimal("607"), 2),
    "MAD": ("USD", "MAD", Decimal("9.95"), 4),
    "KGS": ("USD", "KGS", Decimal("87.20"), 3),
    "BDT": ("USD", "BDT", Decimal("119.5"), 3),
    "JMD": ("USD", "JMD", Decimal("157.0"), 3),
    "MDL": ("USD", "MDL", Decimal("17.80"), 4),
    "NPR": ("USD", "NPR", Decimal("134.0"), 3),
    "PHP": ("USD", "PHP", Decimal("57.50"), 3),
    "RSD": ("USD", "RSD", Decimal("108.0"), 3),
    "TND": ("USD", "TND", Decimal("3.12"), 4),
}


def months(until: datetime.date, first: datetime.date = FIRST_MONTH):
    day = first
    while day <= until:
        yield day
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def rate_on(currency: str, month: datetime.date) -> Decimal:
    """The demo rate of ``currency`` for ``month`` in its stored direction."""
    _, _, mid, places = PAIRS[currency]
    index = (month.year - FIRST_MONTH.year) * 12 + month.month - 1
    drift = Decimal(str(round(math.sin(index / 3 + len(currency)) * 0.025, 6)))
    return (mid * (1 + drift)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def usd_per_unit(currency: str, day: datetime.date) -> Decimal:
    """How many USD one unit of ``currency`` is worth in the month of ``day`` (for sizing grants)."""
    if currency == "USD":
        return Decimal(1)
    base, _, _, _ = PAIRS[currency]
    value = rate_on(currency, day.replace(day=1))
    return value if base == currency else 1 / value


def seed_rates(*, by, until: datetime.date) -> int:
    lines = ["base,quote,date,rate,source"]
    for month in months(until):
        for currency, (base, quote, _, _) in PAIRS.items():
            lines.append(f"{base},{quote},{month.isoformat()},{rate_on(currency, month)},{SOURCE}")
    result = exchange_rates_import(file=io.StringIO("\n".join(lines) + "\n"), by=by, file_name="demo-rates.csv")
    if not result.ok:
        raise RuntimeError("Demo rates did not import: " + "; ".join(result.errors[:5]))
    return result.created
