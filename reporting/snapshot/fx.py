"""Currency conversion for a report: one rate per currency pair, every rate used is listed.

A report converts every amount into its currency at one rate per pair: the rate of the report's
effective date, or the latest before it within ``FX_MAX_RATE_AGE_DAYS``, looked up with
``grants.selectors.fx.rate_lookup`` (direct preferred, else the opposite rate inverted) so that
finance screens and reports agree. Where no rate between the pair exists, a cross rate through
the programme currency (two looked-up legs) is used and labelled as such.

Amounts that cannot be converted are never added raw: they are left out of the totals, their
currency is recorded in ``missing`` and the report says which pairs had no rate.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from grants.selectors.fx import RateMissing, rate_lookup

CENT = Decimal("0.01")
PLACES = Decimal("0.0000000001")


@dataclass
class RateUsed:
    base: str
    quote: str
    rate: Decimal
    date: datetime.date | None
    source: str
    how: str  # "direct", "inverse", "cross via USD"


@dataclass
class RateBook:
    currency: str
    on: datetime.date
    pivot: str = "USD"
    used: dict[str, RateUsed] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)

    def rate(self, base: str) -> Decimal | None:
        """Units of the report currency per unit of ``base``; None when no rate is on record."""
        if base == self.currency:
            return Decimal("1")
        if base in self.used:
            return self.used[base].rate
        if base in self.missing:
            return None
        found = self._find(base)
        if found is not None:
            self.used[base] = found
            return found.rate
        return None

    def _leg(self, base: str, quote: str):
        try:
            return rate_lookup(from_currency=base, to_currency=quote, on=self.on)
        except RateMissing:
            return None

    def _find(self, base: str) -> RateUsed | None:
        quote = self.currency
        if used := self._leg(base, quote):
            return RateUsed(base, quote, used.factor.quantize(PLACES), used.rate.date, used.rate.source,
                            "inverse" if used.inverse else "direct")
        pivot = self.pivot
        if pivot not in (base, quote):
            first, second = self._leg(base, pivot), self._leg(pivot, quote)
            if first and second:
                return RateUsed(base, quote, (first.factor * second.factor).quantize(PLACES),
                                min(first.rate.date, second.rate.date),
                                first.rate.source, f"cross via {pivot}")
        return None

    def convert(self, amount: Decimal | None, base: str) -> Decimal | None:
        """``amount`` in ``base`` -> the report currency (2 places); None (and noted) when no rate."""
        if amount is None:
            return None
        amount = Decimal(amount)
        rate = self.rate(base)
        if rate is None:
            self.missing.add(base)
            return None
        return (amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)

    def total(self, per_currency: dict[str, Decimal]) -> Decimal:
        """Sum amounts kept per currency, each converted first; unconvertible ones are noted, not added."""
        result = Decimal("0")
        for currency in sorted(per_currency):
            converted = self.convert(per_currency[currency], currency)
            if converted is not None:
                result += converted
        return result.quantize(CENT)

    def rates_listing(self) -> list[dict]:
        return [
            {"base": r.base, "quote": r.quote, "rate": str(r.rate.normalize()), "date": r.date.isoformat() if r.date else "",
             "source": r.source, "how": r.how}
            for r in sorted(self.used.values(), key=lambda r: r.base)
        ]

    def missing_listing(self) -> list[str]:
        return sorted(self.missing)
