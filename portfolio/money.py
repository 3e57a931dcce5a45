"""Money: a ``Decimal`` amount with an ISO 4217 currency, never a float, never summed raw.

``Money`` is a small value object for services and selectors; models store an amount field
and a ``CurrencyField`` side by side. Amounts are quantised to the currency's minor unit;
more precision than that is an error, not a rounding.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Active ISO 4217 codes (2024 list) with their minor units.
ISO_4217 = {
    "AED": 2, "AFN": 2, "ALL": 2, "AMD": 2, "ANG": 2, "AOA": 2, "ARS": 2, "AUD": 2, "AWG": 2,
    "AZN": 2, "BAM": 2, "BBD": 2, "BDT": 2, "BGN": 2, "BHD": 3, "BIF": 0, "BMD": 2, "BND": 2,
    "BOB": 2, "BRL": 2, "BSD": 2, "BTN": 2, "BWP": 2, "BYN": 2, "BZD": 2, "CAD": 2, "CDF": 2,
    "CHF": 2, "CLP": 0, "CNY": 2, "COP": 2, "CRC": 2, "CUP": 2, "CVE": 2, "CZK": 2, "DJF": 0,
    "DKK": 2, "DOP": 2, "DZD": 2, "EGP": 2, "ERN": 2, "ETB": 2, "EUR": 2, "FJD": 2, "FKP": 2,
    "GBP": 2, "GEL": 2, "GHS": 2, "GIP": 2, "GMD": 2, "GNF": 0, "GTQ": 2, "GYD": 2, "HKD": 2,
    "HNL": 2, "HTG": 2, "HUF": 2, "IDR": 2, "ILS": 2, "INR": 2, "IQD": 3, "IRR": 2, "ISK": 0,
    "JMD": 2, "JOD": 3, "JPY": 0, "KES": 2, "KGS": 2, "KHR": 2, "KMF": 0, "KPW": 2, "KRW": 0,
    "KWD": 3, "KYD": 2, "KZT": 2, "LAK": 2, "LBP": 2, "LKR": 2, "LRD": 2, "LSL": 2, "LYD": 3,
    "MAD": 2, "MDL": 2, "MGA": 2, "MKD": 2, "MMK": 2, "MNT": 2, "MOP": 2, "MRU": 2, "MUR": 2,
    "MVR": 2, "MWK": 2, "MXN": 2, "MYR": 2, "MZN": 2, "NAD": 2, "NGN": 2, "NIO": 2, "NOK": 2,
    "NPR": 2, "NZD": 2, "OMR": 3, "PAB": 2, "PEN": 2, "PGK": 2, "PHP": 2, "PKR": 2, "PLN": 2,
    "PYG": 0, "QAR": 2, "RON": 2, "RSD": 2, "RUB": 2, "RWF": 0, "SAR": 2, "SBD": 2, "SCR": 2,
    "SDG": 2, "SEK": 2, "SGD": 2, "SHP": 2, "SLE": 2, "SOS": 2, "SRD": 2, "SSP": 2, "STN": 2,
    "SVC": 2, "SYP": 2, "SZL": 2, "THB": 2, "TJS": 2, "TMT": 2, "TND": 3, "TOP": 2, "TRY": 2,
    "TTD": 2, "TWD": 2, "TZS": 2, "UAH": 2, "UGX": 0, "USD": 2, "UYU": 2, "UZS": 2, "VES": 2,
    "VND": 0, "VUV": 0, "WST": 2, "XAF": 0, "XCD": 2, "XOF": 0, "XPF": 0, "YER": 2, "ZAR": 2,
    "ZMW": 2, "ZWG": 2,
}
CURRENCY_CHOICES = [(code, code) for code in sorted(ISO_4217)]
# Database columns hold up to 999 trillion with 3 decimals: enough for every currency.
AMOUNT_DIGITS = 18
AMOUNT_PLACES = 3


def validate_currency(value: str) -> None:
    if value not in ISO_4217:
        raise ValidationError(
            _("%(code)s is not an ISO 4217 currency code."), code="unknown_currency", params={"code": value}
        )


def to_decimal(value, *, field: str = "amount") -> Decimal:
    """Parse a user-supplied amount strictly: no floats, no NaN, no infinities."""
    if isinstance(value, float):
        raise ValidationError({field: _("Amounts must be decimals, not floating-point numbers.")})
    try:
        result = Decimal(str(value).strip().replace(",", "")) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("“%(value)s” is not a number.") % {"value": value}})
    if not result.is_finite():
        raise ValidationError({field: _("“%(value)s” is not a finite number.") % {"value": value}})
    return result


def validate_amount(amount: Decimal, currency: str, *, field: str = "amount", allow_zero: bool = False) -> Decimal:
    """Check an amount for a currency: positive (or zero if allowed), no more decimals than the currency has."""
    validate_currency(currency)
    amount = to_decimal(amount, field=field)
    if amount < 0 or (amount == 0 and not allow_zero):
        raise ValidationError({field: _("The amount must be greater than zero.") if not allow_zero
                               else _("The amount cannot be negative.")})
    places = ISO_4217[currency]
    if amount != amount.quantize(Decimal(1).scaleb(-places)):
        raise ValidationError(
            {field: _("%(currency)s amounts have at most %(places)s decimal places.")
             % {"currency": currency, "places": places}}
        )
    return amount


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self):
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money.amount must be a Decimal")
        validate_currency(self.currency)

    def __add__(self, other: "Money") -> "Money":
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: "Money") -> "Money":
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def _same(self, other: "Money") -> None:
        if not isinstance(other, Money) or other.currency != self.currency:
            raise ValueError(f"Cannot combine {self.currency} with {getattr(other, 'currency', other)!r}")

    @classmethod
    def zero(cls, currency: str) -> "Money":
        return cls(Decimal("0"), currency)

    def __str__(self) -> str:
        places = ISO_4217[self.currency]
        return f"{self.currency} {self.amount:,.{places}f}"


def format_amount(amount, places: int) -> str:
    """An amount for people to read, in the active language's style: 1,250,000.00 (en),
    1 250 000,00 (fr), 1.250.000,00 (es). Display only: messages, audit entries and exports keep
    ``Money.__str__``'s fixed form."""
    from django.utils import formats

    return formats.number_format(Decimal(amount), decimal_pos=places, use_l10n=True, force_grouping=True)


class CurrencyField(models.CharField):
    """A three-letter ISO 4217 code, validated."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 3)
        kwargs.setdefault("choices", CURRENCY_CHOICES)
        kwargs.setdefault("verbose_name", _("currency"))
        super().__init__(*args, **kwargs)
        self.validators.append(validate_currency)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)
        if kwargs.get("max_length") == 3:
            kwargs.pop("max_length")
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**kwargs)


def AmountField(verbose_name=None, **kwargs):  # noqa: N802 - a field factory reads like a field
    kwargs.setdefault("max_digits", AMOUNT_DIGITS)
    kwargs.setdefault("decimal_places", AMOUNT_PLACES)
    return models.DecimalField(verbose_name, **kwargs)
