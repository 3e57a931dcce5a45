"""Budgets: versions (IATI budget type 1 original, 2 revised) of lines by cost category and year.

Lines are in the agreement's currency. An approved version is never edited: a revision is a
new version, proposed by an amendment, and the previous version stays readable.
"""
from django.conf import settings
from django.db import models
from django.db.models import DateField, F, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from portfolio.money import AmountField, CurrencyField

from .agreements import Grant


class BudgetType(models.TextChoices):
    ORIGINAL = "1", _("Original")
    REVISED = "2", _("Revised")


class BudgetVersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Current")
    SUPERSEDED = "superseded", _("Superseded")
    REJECTED = "rejected", _("Rejected")


class CostCategory(models.TextChoices):
    STAFF = "staff", _("Staff and personnel")
    TRAINING = "training", _("Training and capacity building")
    EVENTS = "events", _("Meetings and coordination events")
    TRAVEL = "travel", _("Travel")
    EQUIPMENT = "equipment", _("Equipment and supplies")
    SERVICES = "services", _("Contractual services")
    GRANTS = "subgrants", _("Sub-grants to communities")
    COMMUNICATION = "communication", _("Communication and visibility")
    MONITORING = "monitoring", _("Monitoring and evaluation")
    INDIRECT = "indirect", _("Indirect costs")


class BudgetVersion(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="budget_versions")
    number = models.PositiveSmallIntegerField(_("version"))
    type = models.CharField(_("IATI budget type"), max_length=1, choices=BudgetType.choices, default=BudgetType.ORIGINAL)
    status = models.CharField(_("status"), max_length=20, choices=BudgetVersionStatus.choices, default=BudgetVersionStatus.DRAFT)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("prepared by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["grant", "number"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "number"], name="budget_version_unique"),
            models.UniqueConstraint(
                fields=["grant"], condition=Q(status="approved"), name="one_current_budget_per_grant",
                violation_error_message=_("A grant has exactly one current budget."),
            ),
        ]
        verbose_name = _("budget version")
        verbose_name_plural = _("budget versions")

    def __str__(self):
        return f"{self.grant.reference} v{self.number} ({self.get_status_display()})"


def commitment_value_date(path: str = ""):
    """The day a budget version's money counts as committed, as a query expression: the day it
    was approved; for a version approved outside the services (an import, old data) without that
    time, the day the grant was signed, else its start. ``path`` leads from the queried model to
    the version (e.g. "version__" from a budget line). Every roll-up, report and export uses this
    one definition, so none drops or dates a commitment differently."""
    return Coalesce(TruncDate(f"{path}approved_at"), F(f"{path}grant__signed_on"), F(f"{path}grant__start_date"),
                    output_field=DateField())


class BudgetLine(models.Model):
    version = models.ForeignKey(BudgetVersion, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("cost category"), max_length=20, choices=CostCategory.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    amount = AmountField(_("amount"))
    currency = CurrencyField()
    description = models.CharField(_("description"), max_length=255, blank=True)

    class Meta:
        ordering = ["version", "year", "category"]
        constraints = [
            models.UniqueConstraint(fields=["version", "category", "year"], name="budget_line_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_not_negative",
                                   violation_error_message=_("A budget line cannot be negative.")),
        ]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self):
        return f"{self.get_category_display()} {self.year}: {self.currency} {self.amount}"


class AmendmentType(models.TextChoices):
    BUDGET_REVISION = "budget_revision", _("Budget revision")
    NO_COST_EXTENSION = "no_cost_extension", _("No-cost extension")
    TOP_UP = "top_up", _("Top-up")


class AmendmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Amendment(models.Model):
    """A change to an agreement with its own approval; the old budget version stays readable."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="amendments")
    type = models.CharField(_("type"), max_length=30, choices=AmendmentType.choices)
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=20, choices=AmendmentStatus.choices, default=AmendmentStatus.DRAFT)
    proposed_budget = models.OneToOneField(
        BudgetVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="amendment",
        verbose_name=_("proposed budget version"),
    )
    new_end_date = models.DateField(_("new end date"), null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")

    def __str__(self):
        return f"{self.grant.reference}: {self.get_type_display()}"
