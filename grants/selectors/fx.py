"""Currency conversion at the rate of a value date.

A conversion uses the rate of the value date, or the latest rate before it that is at most
``settings.FX_MAX_RATE_AGE_DAYS`` old. A rate stored for the opposite direction is used
inverted. Nothing is ever converted through a guess: a missing rate is an error naming the
pair and the date. Results are rounded half-up to the target currency's minor unit.

``fx_convert`` converts one amount (one query). ``RateBook`` loads every rate a report needs in
one query and converts many (currency, date) subtotals in memory; it remembers which rates it
used so that every figure shown in a reporting currency can say which rate produced it.
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
    """All rates between some currencies and one target currency, loaded once, applied in memory."""

    def __init__(self, *, to_currency: str, currencies, until: datetime.date | None = None):
        validate_currency(to_currency)
        self.to_currency = to_currency
        self.used: dict[int, RateUsed] = {}
        self._dates: dict[str, list[datetime.date]] = defaultdict(list)
        self._rates: dict[str, list[tuple[ExchangeRate, bool]]] = defaultdict(list)
        others = sorted({c for c in currencies if c and c != to_currency})
        if not others:
            return
        qs = ExchangeRate.objects.filter(
            Q(base__in=others, quote=to_currency) | Q(base=to_currency, quote__in=others)
        )
        if until is not None:
            qs = qs.filter(date__lte=until)
        # Per currency and date, keep the direct rate when both directions exist.
        chosen: dict[tuple[str, datetime.date], tuple[ExchangeRate, bool]] = {}
        for rate in qs.order_by("date"):
            currency, inverse = (rate.base, False) if rate.quote == to_currency else (rate.quote, True)
            key = (currency, rate.date)
            if key not in chosen or not inverse:
                chosen[key] = (rate, inverse)
        for (currency, date), value in sorted(chosen.items(), key=lambda kv: (kv[0][0], kv[0][1])):
            self._dates[currency].append(date)
            self._rates[currency].append(value)

    def rate(self, currency: str, on: datetime.date) -> RateUsed:
        dates = self._dates.get(currency, [])
        i = bisect.bisect_right(dates, on) - 1
        if i < 0 or on - dates[i] > max_rate_age():
            raise RateMissing(currency, self.to_currency, on)
        rate, inverse = self._rates[currency][i]
        used = RateUsed(rate, inverse)
        self.used.setdefault(rate.pk, used)
        return used

    def convert(self, amount: Decimal, currency: str, on: datetime.date) -> Decimal:
        """Unrounded conversion (round once, after summing converted subtotals)."""
        if currency == self.to_currency:
            return Decimal(amount)
        return Decimal(amount) * self.rate(currency, on).factor

    def rates_used(self) -> list[RateUsed]:
        return sorted(self.used.values(), key=lambda u: (u.rate.base, u.rate.quote, u.rate.date))
