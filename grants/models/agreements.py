"""Grant agreements and their funders.

A grant funds one initiative through one implementing organisation (the grantee), in one
currency. Its ceiling is ``committed_amount`` (the total of its current approved budget) and
``obligated_amount`` is what is approved or paid against it; both are maintained by the
services under a row lock and the database refuses ``obligated > committed`` outright.
"""
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portfolio.models import Initiative, Organisation
from portfolio.money import AmountField, CurrencyField


class GrantStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class GrantQuerySet(models.QuerySet):
    def open_for_payment(self):
        return self.filter(status=GrantStatus.ACTIVE)


class Grant(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="grants", verbose_name=_("initiative"))
    grantee = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="grants_received", verbose_name=_("grantee")
    )
    reference = models.CharField(_("agreement reference"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=255)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    currency = CurrencyField(verbose_name=_("agreement currency"))
    status = models.CharField(_("status"), max_length=20, choices=GrantStatus.choices, default=GrantStatus.DRAFT)
    committed_amount = AmountField(
        _("committed budget"), default=0, editable=False,
        help_text=_("Total of the current approved budget, in the agreement currency."),
    )
    obligated_amount = AmountField(
        _("approved and paid"), default=0, editable=False,
        help_text=_("Disbursements approved or paid, in the agreement currency."),
    )
    paid_amount = AmountField(_("paid"), default=0, editable=False)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="grant_end_after_start",
                violation_error_message=_("The grant cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(obligated_amount__lte=F("committed_amount")), name="grant_obligations_within_budget",
                violation_error_message=_("Approved and paid disbursements cannot exceed the committed budget."),
            ),
            models.CheckConstraint(
                condition=Q(paid_amount__lte=F("obligated_amount")) & Q(paid_amount__gte=0),
                name="grant_paid_within_obligations",
            ),
            models.CheckConstraint(condition=Q(committed_amount__gte=0), name="grant_committed_not_negative"),
        ]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")

    def __str__(self):
        return f"{self.reference} – {self.title}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The grant cannot end before it starts.")})


class GrantFunder(models.Model):
    """A donor's share of a grant (shares of one grant add up to 100)."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="funders")
    donor = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="grants_funded", verbose_name=_("donor"))
    share = models.DecimalField(
        _("share (%)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["grant", "donor"], name="grant_funder_unique"),
            models.CheckConstraint(condition=Q(share__gt=0) & Q(share__lte=100), name="grant_funder_share_range"),
        ]
        verbose_name = _("funder")
        verbose_name_plural = _("funders")

    def __str__(self):
        return f"{self.donor} {self.share}%"
