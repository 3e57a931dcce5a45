"""Exchange rates: one rate per currency pair and date, with its source.

``rate`` converts one unit of ``base`` into ``quote``. Conversion looks for the rate of the value
date, or the latest one before it within ``settings.FX_MAX_RATE_AGE_DAYS`` (monthly operational
rates are the norm); otherwise it fails with a message naming the pair and the date.
"""
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portfolio.money import CurrencyField


class ExchangeRate(models.Model):
    base = CurrencyField(verbose_name=_("from currency"))
    quote = CurrencyField(verbose_name=_("to currency"))
    date = models.DateField(_("date"))
    rate = models.DecimalField(_("rate"), max_digits=20, decimal_places=10)
    source = models.CharField(_("source"), max_length=120, help_text=_("e.g. UN operational rates of exchange"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "base", "quote"]
        constraints = [
            models.UniqueConstraint(fields=["base", "quote", "date"], name="one_rate_per_pair_and_date"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="rate_positive",
                                   violation_error_message=_("A rate must be greater than zero.")),
            models.CheckConstraint(condition=~Q(base=F("quote")), name="rate_between_two_currencies",
                                   violation_error_message=_("A rate converts between two different currencies.")),
        ]
        indexes = [models.Index(fields=["base", "quote", "-date"])]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")

    def __str__(self):
        rate = self.rate.normalize() if self.rate is not None else self.rate
        return f"1 {self.base} = {rate:f} {self.quote} on {self.date} ({self.source})"
