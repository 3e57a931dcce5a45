"""Currency conversion for a report: one rate per currency pair, every rate used is listed.

A report converts every amount into its currency at one rate per pair: the rate of the report's
effective date, or the latest before it within ``FX_MAX_RATE_AGE_DAYS`` (the rule of
``grants.models.ExchangeRate``). A direct rate is preferred, then the inverse of the opposite
rate, then a cross rate through the programme currency. When grants' own ``fx_convert`` service
exists it is used for the lookup, so finance and reports agree; otherwise the same rule is
applied here on ``ExchangeRate`` rows.

Amounts that cannot be converted are never added raw: they are left out of the totals, their
currency is recorded in ``missing`` and the report says which pairs had no rate.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from grants.models import ExchangeRate

CENT = Decimal("0.01")


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
    _cache: dict[tuple[str, str], tuple[Decimal, datetime.date, str] | None] = field(default_factory=dict)

    @property
    def max_age(self) -> int:
        return int(getattr(settings, "FX_MAX_RATE_AGE_DAYS", 45))

    def _lookup(self, base: str, quote: str):
        key = (base, quote)
        if key not in self._cache:
            row = (
                ExchangeRate.objects.filter(
                    base=base, quote=quote, date__lte=self.on,
                    date__gte=self.on - datetime.timedelta(days=self.max_age),
                ).order_by("-date").values_list("rate", "date", "source").first()
            )
            self._cache[key] = row
        return self._cache[key]

    def rate(self, base: str) -> Decimal | None:
        """Units of the report currency per unit of ``base``; None when no rate is on record."""
        if base == self.currency:
            return Decimal("1")
        if base in self.used:
            return self.used[base].rate
        found = self._find(base)
        if found is not None:
            self.used[base] = found
            return found.rate
        return None

    def _find(self, base: str) -> RateUsed | None:
        quote = self.currency
        if row := self._lookup(base, quote):
            return RateUsed(base, quote, row[0], row[1], row[2], "direct")
        if row := self._lookup(quote, base):
            return RateUsed(base, quote, (Decimal(1) / row[0]).quantize(Decimal("0.0000000001")), row[1], row[2], "inverse")
        pivot = self.pivot
        if pivot not in (base, quote):
            first = self._leg(base, pivot)
            second = self._leg(pivot, quote)
            if first and second:
                rate = (first[0] * second[0]).quantize(Decimal("0.0000000001"))
                date = min(first[1], second[1])
                return RateUsed(base, quote, rate, date, f"{first[2]}", f"cross via {pivot}")
        return None

    def _leg(self, base: str, quote: str):
        if row := self._lookup(base, quote):
            return row
        if row := self._lookup(quote, base):
            return (Decimal(1) / row[0], row[1], row[2])
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
