"""Currency conversion at the rate of a value date.

A conversion uses the rate of the value date, or the latest rate before it that is at most
``settings.FX_MAX_RATE_AGE_DAYS`` old. A rate stored for the opposite direction is used
inverted. Nothing is ever converted through a guess: a missing rate is an error naming the
pair and the date. Results are rounded half-up to the target currency's minor unit.

``fx_convert`` converts one amount (one query) with the pair's own rate. ``RateBook`` loads every
rate a report needs in one query and converts many (currency, date) subtotals in memory, through
the programme currency when a pair has no rate of its own; it remembers which rates it used so
that every figure shown in a reporting currency can say which rates produced it.
"""
from __future__ import annotations

import bisect
import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portfolio.money import ISO_4217, validate_currency

from ..models import ExchangeRate


def max_rate_age() -> datetime.timedelta:
    return datetime.timedelta(days=getattr(settings, "FX_MAX_RATE_AGE_DAYS", 31))


def quantize_money(amount: Decimal, currency: str) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-ISO_4217[currency]), rounding=ROUND_HALF_UP)


class RateMissing(ValidationError):
    """No usable rate for a pair on a date; the message names both."""

    def __init__(self, from_currency: str, to_currency: str, on: datetime.date, field: str = "rate"):
        self.pair = (from_currency, to_currency)
        self.on = on
        message = _(
            "No exchange rate from %(base)s to %(quote)s on %(date)s or in the %(days)s days before it. "
            "Add the rate (Grants › Exchange rates) or import a rates file."
        ) % {"base": from_currency, "quote": to_currency, "date": on.isoformat(), "days": max_rate_age().days}
        super().__init__({field: message})


@dataclass(frozen=True)
class RateUsed:
    """A rate as applied: the stored row, and whether it was used inverted."""

    rate: ExchangeRate
    inverse: bool

    @property
    def factor(self) -> Decimal:
        return (Decimal(1) / self.rate.rate) if self.inverse else self.rate.rate

    def describe(self) -> str:
        r = self.rate
        text = f"1 {r.base} = {r.rate.normalize():f} {r.quote} on {r.date.isoformat()} ({r.source})"
        return f"{text}, inverted" if self.inverse else text


def _pair_q(a: str, b: str) -> Q:
    return Q(base=a, quote=b) | Q(base=b, quote=a)


def rate_lookup(*, from_currency: str, to_currency: str, on: datetime.date) -> RateUsed:
    """The rate to use for a pair on a date (direct preferred over inverse on the same date)."""
    validate_currency(from_currency)
    validate_currency(to_currency)
    candidates = (
        ExchangeRate.objects.filter(_pair_q(from_currency, to_currency), date__lte=on, date__gte=on - max_rate_age())
        .order_by("-date")[:2]
    )
    best = None
    for rate in candidates:
        if best is None or (rate.date == best.date and rate.base == from_currency):
            best = rate
    if best is None:
        raise RateMissing(from_currency, to_currency, on)
    return RateUsed(best, inverse=best.base != from_currency)


def fx_convert(
    *, amount: Decimal, from_currency: str, to_currency: str, on: datetime.date
) -> tuple[Decimal, ExchangeRate | None]:
    """Convert ``amount`` at the rate of ``on``; returns the result and the rate row (None if no conversion)."""
    if not isinstance(amount, Decimal):
        raise TypeError("fx_convert needs a Decimal amount")
    if from_currency == to_currency:
        validate_currency(from_currency)
        return amount, None
    used = rate_lookup(from_currency=from_currency, to_currency=to_currency, on=on)
    return quantize_money(amount * used.factor, to_currency), used.rate


class RateBook:
    """All rates a report needs, loaded in one query and applied in memory.

    Converts to ``to_currency`` with the direct (or inverted) rate of the value date; when the
    pair has none, through the programme currency (``settings.PROGRAMME_CURRENCY``): e.g. XOF to
    CHF as XOF to USD, then USD to CHF, both of that date. Every rate applied is remembered.
    """

    def __init__(self, *, to_currency: str, currencies, until: datetime.date | None = None, pivot: str | None = None):
        validate_currency(to_currency)
        self.to_currency = to_currency
        self.pivot = pivot or getattr(settings, "PROGRAMME_CURRENCY", "USD")
        self.used: dict[int, RateUsed] = {}
        self._dates: dict[tuple[str, str], list[datetime.date]] = defaultdict(list)
        self._rates: dict[tuple[str, str], list[tuple[ExchangeRate, bool]]] = defaultdict(list)
        others = sorted({c for c in currencies if c and c != to_currency})
        if not others:
            return
        hub = {to_currency, self.pivot}
        qs = ExchangeRate.objects.filter(
            Q(base__in=others, quote__in=hub) | Q(base__in=hub, quote__in=others) | Q(base__in=hub, quote__in=hub)
        )
        if until is not None:
            qs = qs.filter(date__lte=until)
        # Per direction and date, keep the stored direction over an inverted one.
        chosen: dict[tuple[str, str, datetime.date], tuple[ExchangeRate, bool]] = {}
        for rate in qs.order_by("date"):
            for (a, b), inverse in (((rate.base, rate.quote), False), ((rate.quote, rate.base), True)):
                key = (a, b, rate.date)
                if key not in chosen or not inverse:
                    chosen[key] = (rate, inverse)
        for (a, b, date), value in sorted(chosen.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2])):
            self._dates[(a, b)].append(date)
            self._rates[(a, b)].append(value)

    def _find(self, a: str, b: str, on: datetime.date) -> RateUsed | None:
        dates = self._dates.get((a, b), [])
        i = bisect.bisect_right(dates, on) - 1
        if i < 0 or on - dates[i] > max_rate_age():
            return None
        rate, inverse = self._rates[(a, b)][i]
        return RateUsed(rate, inverse)

    def path(self, currency: str, on: datetime.date) -> list[RateUsed]:
        """The rates that take ``currency`` to the target on ``on``: one, or two through the pivot."""
        direct = self._find(currency, self.to_currency, on)
        if direct:
            steps = [direct]
        elif self.pivot not in (currency, self.to_currency):
            first, second = self._find(currency, self.pivot, on), self._find(self.pivot, self.to_currency, on)
            if not (first and second):
                raise RateMissing(currency, self.to_currency, on)
            steps = [first, second]
        else:
            raise RateMissing(currency, self.to_currency, on)
        for step in steps:
            self.used.setdefault(step.rate.pk, step)
        return steps

    def rate(self, currency: str, on: datetime.date) -> RateUsed:
        """The single rate for a pair (no pivot); raises RateMissing when there is none."""
        found = self._find(currency, self.to_currency, on)
        if found is None:
            raise RateMissing(currency, self.to_currency, on)
        self.used.setdefault(found.rate.pk, found)
        return found

    def convert(self, amount: Decimal, currency: str, on: datetime.date) -> Decimal:
        """Unrounded conversion (round once, after summing converted subtotals)."""
        if currency == self.to_currency:
            return Decimal(amount)
        result = Decimal(amount)
        for step in self.path(currency, on):
            result *= step.factor
        return result

    def rates_used(self) -> list[RateUsed]:
        return sorted(self.used.values(), key=lambda u: (u.rate.base, u.rate.quote, u.rate.date))
