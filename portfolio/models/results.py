"""Results framework: result -> indicator -> baseline -> periods with target and actual.

Values are Decimals. A percentage indicator's values lie in 0-100; a unit indicator's are not
negative; a qualitative indicator carries text instead. Sex-disaggregated indicators record
women and men beside the total. Actuals here are the official figures: the partner portal
writes them only when a progress report is approved.
"""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .initiatives import Initiative
from .reference import SdgIndicator


class ResultType(models.TextChoices):
    """IATI ResultType codelist."""

    OUTPUT = "1", _("Output")
    OUTCOME = "2", _("Outcome")
    IMPACT = "3", _("Impact")


class Result(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="results")
    type = models.CharField(_("type"), max_length=1, choices=ResultType.choices)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["initiative", "order", "id"]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self):
        return self.title


class IndicatorMeasure(models.TextChoices):
    """IATI IndicatorMeasure codelist subset."""

    UNIT = "1", _("Unit")
    PERCENTAGE = "2", _("Percentage")
    QUALITATIVE = "5", _("Qualitative")


VALUE_FIELDS = ("value", "female", "male")


class Indicator(models.Model):
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="indicators")
    title = models.CharField(_("title"), max_length=255)
    measure = models.CharField(_("measure"), max_length=1, choices=IndicatorMeasure.choices, default=IndicatorMeasure.UNIT)
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("e.g. people, plans, %"))
    ascending = models.BooleanField(_("higher is better"), default=True)
    sdg_indicator = models.ForeignKey(
        SdgIndicator, on_delete=models.PROTECT, null=True, blank=True, related_name="project_indicators",
        verbose_name=_("SDG indicator"),
    )
    disaggregated_by_sex = models.BooleanField(_("disaggregated by sex"), default=False)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.DecimalField(_("baseline"), max_digits=16, decimal_places=4, null=True, blank=True)
    baseline_comment = models.TextField(_("baseline comment"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["result", "order", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.title

    def check_value(self, value, field: str) -> None:
        """Raise a ValidationError naming ``field`` when ``value`` does not fit this indicator."""
        check_indicator_value(self.measure, value, field)

    def clean(self):
        if self.baseline_value is not None:
            self.check_value(self.baseline_value, "baseline_value")


def check_indicator_value(measure: str, value, field: str) -> None:
    if value is None:
        return
    if not isinstance(value, Decimal):
        try:
            value = Decimal(str(value))
        except Exception:
            raise ValidationError({field: _("“%(value)s” is not a number.") % {"value": value}})
    if not value.is_finite():
        raise ValidationError({field: _("“%(value)s” is not a number.") % {"value": value}})
    if measure == IndicatorMeasure.PERCENTAGE and not (0 <= value <= 100):
        raise ValidationError({field: _("A percentage must lie between 0 and 100 (got %(value)s).") % {"value": value}})
    if value < 0:
        raise ValidationError({field: _("The value cannot be negative (got %(value)s).") % {"value": value}})


class IndicatorPeriod(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="periods")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    target_value = models.DecimalField(_("target"), max_digits=16, decimal_places=4, null=True, blank=True)
    target_female = models.DecimalField(_("target (women)"), max_digits=16, decimal_places=4, null=True, blank=True)
    target_male = models.DecimalField(_("target (men)"), max_digits=16, decimal_places=4, null=True, blank=True)
    target_comment = models.TextField(_("target comment"), blank=True)
    actual_value = models.DecimalField(_("actual"), max_digits=16, decimal_places=4, null=True, blank=True)
    actual_female = models.DecimalField(_("actual (women)"), max_digits=16, decimal_places=4, null=True, blank=True)
    actual_male = models.DecimalField(_("actual (men)"), max_digits=16, decimal_places=4, null=True, blank=True)
    actual_comment = models.TextField(_("actual comment"), blank=True)
    actual_updated_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["indicator", "period_start"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period_start"], name="indicator_period_unique"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="indicator_period_end_after_start",
                violation_error_message=_("A period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(target_value__isnull=True) | Q(target_value__gte=0), name="indicator_target_not_negative",
                violation_error_message=_("A target cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(actual_value__isnull=True) | Q(actual_value__gte=0), name="indicator_actual_not_negative",
                violation_error_message=_("An actual value cannot be negative."),
            ),
        ]
        indexes = [models.Index(fields=["period_end"])]
        verbose_name = _("indicator period")
        verbose_name_plural = _("indicator periods")

    def __str__(self):
        return f"{self.indicator} {self.period_start}–{self.period_end}"

    def clean(self):
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("A period cannot end before it starts.")
        measure = self.indicator.measure if self.indicator_id else IndicatorMeasure.UNIT
        for prefix in ("target", "actual"):
            for suffix in VALUE_FIELDS:
                name = f"{prefix}_{suffix}"
                try:
                    check_indicator_value(measure, getattr(self, name), name)
                except ValidationError as exc:
                    errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)
