"""Currency conversion for a report, through the grants app's ``RateBook`` so finance screens and
reports convert alike.

Flows (commitments, disbursements, expenditure) are converted at the rate of their value date
(``grants.selectors.rollups``' convention: a commitment on the day its budget was approved, a
disbursement on its paid date, expenditure at the end of its period). Stocks without a value
date (planned budgets, a grant's budget in the annex) use the rate of the report's effective
date. Amounts are summed unrounded and rounded once, per figure.

Amounts that cannot be converted are never added raw: they are left out of the totals, their
currency is recorded in ``missing`` and the report names it. Every rate applied is listed.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError

from grants.selectors.fx import RateBook

CENT = Decimal("0.01")
ZERO = Decimal(0)


class Rates:
    def __init__(self, *, currency: str, on: datetime.date, currencies=()):
        self.currency, self.on = currency, on
        self.book = RateBook(to_currency=currency, currencies=set(currencies) | {currency})
        self.missing: set[str] = set()
        self._steps: dict[tuple[str, datetime.date], list[Decimal] | None] = {}

    def value(self, amount: Decimal, currency: str, day: datetime.date) -> Decimal | None:
        """``amount`` in the report currency at ``day``'s rate, unrounded (None, and noted, without a rate).

        The same arithmetic as ``RateBook.convert`` (each step's factor in turn), with the steps
        remembered per currency and day: a report converts tens of thousands of flows.
        """
        if currency == self.currency:
            return Decimal(amount)
        key = (currency, day)
        if key not in self._steps:
            try:
                self._steps[key] = [step.factor for step in self.book.path(currency, day)]
            except ValidationError:
                self._steps[key] = None
        steps = self._steps[key]
        if steps is None:
            self.missing.add(currency)
            return None
        result = Decimal(amount)
        for factor in steps:
            result *= factor
        return result

    def _raw(self, amount, currency: str, day: datetime.date | None) -> Decimal | None:
        try:
            return self.book.convert(Decimal(amount), currency, day or self.on)
        except ValidationError:
            self.missing.add(currency)
            return None

    def convert(self, amount, currency: str, day: datetime.date | None = None) -> Decimal | None:
        """One amount in the report currency (2 places), at ``day``'s rate (default: the report date)."""
        if amount is None:
            return None
        value = self._raw(amount, currency, day)
        return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP)

    def total(self, per_currency: dict[str, Decimal], day: datetime.date | None = None) -> Decimal:
        """Amounts kept per currency, converted at one date and summed (unconvertible ones left out)."""
        result = ZERO
        for currency in sorted(per_currency):
            value = self._raw(per_currency[currency], currency, day)
            if value is not None:
                result += value
        return result.quantize(CENT, rounding=ROUND_HALF_UP)

    def sum_flows(self, rows, key=lambda row: None) -> dict:
        """Rows of {"cur", "day", "total", ...} -> {key(row): amount}, each row at its own value date."""
        sums: dict = defaultdict(lambda: ZERO)
        for row in rows:
            if row["total"] is None:
                continue
            value = self.value(Decimal(row["total"]), row["cur"], row["day"])
            if value is not None:
                sums[key(row)] += value
        return {k: v.quantize(CENT, rounding=ROUND_HALF_UP) for k, v in sums.items()}

    def rates_listing(self) -> list[dict]:
        """Every rate applied, grouped per currency pair: how many, from when to when, the range."""
        pairs: dict[tuple[str, str], list] = defaultdict(list)
        for used in self.book.rates_used():
            rate = used.rate
            pairs[(rate.base, rate.quote)].append(used)
        listing = []
        for (base, quote), used in sorted(pairs.items()):
            values = [u.rate.rate for u in used]
            dates = [u.rate.date for u in used]
            listing.append({
                "base": base, "quote": quote, "count": len(used),
                "rate": str(values[-1].normalize()) if len(used) == 1 else "",
                "low": str(min(values).normalize()), "high": str(max(values).normalize()),
                "first": min(dates).isoformat(), "last": max(dates).isoformat(),
                "date": max(dates).isoformat(),
                "source": ", ".join(sorted({u.rate.source for u in used})),
                "inverted": any(u.inverse for u in used),
            })
        return listing

    def missing_listing(self) -> list[str]:
        return sorted(self.missing)
