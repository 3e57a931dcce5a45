"""Expenditure the grantee reports, by budget category and period, in the agreement currency.

Draft figures come from a progress report in preparation; they become official when the
report is approved (the portal's review service flips them).
"""
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portfolio.money import AmountField, CurrencyField

from .agreements import Grant
from .budgets import CostCategory


class ExpenditureStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OFFICIAL = "official", _("Official")


class Expenditure(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="expenditures")
    category = models.CharField(_("cost category"), max_length=20, choices=CostCategory.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    amount = AmountField(_("amount"))
    currency = CurrencyField()
    status = models.CharField(_("status"), max_length=10, choices=ExpenditureStatus.choices, default=ExpenditureStatus.DRAFT)
    progress_report = models.ForeignKey(
        "grants.ProgressReport", on_delete=models.PROTECT, null=True, blank=True, related_name="expenditures"
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["grant", "period_start", "category"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="expenditure_not_negative",
                                   violation_error_message=_("Expenditure cannot be negative.")),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="expenditure_period_order"),
        ]
        indexes = [models.Index(fields=["grant", "status"])]
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")

    def __str__(self):
        return f"{self.grant.reference} {self.get_category_display()} {self.period_start}: {self.currency} {self.amount}"
