"""Tranches (planned disbursements) with their release conditions, and disbursement requests.

A request moves through the transitions table in ``grants.services.disbursements``. The
database refuses a second live request for the same tranche (a tranche is never paid twice),
and the grant's own check constraint refuses obligations above the committed budget.
"""
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portfolio.models import IndicatorPeriod, Milestone
from portfolio.money import AmountField, CurrencyField, Money

from .agreements import Grant
from .fx import ExchangeRate


class Tranche(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="tranches")
    number = models.PositiveSmallIntegerField(_("number"))
    amount = AmountField(_("amount"))
    currency = CurrencyField()
    planned_date = models.DateField(_("planned date"))
    description = models.CharField(_("description"), max_length=255, blank=True)

    class Meta:
        ordering = ["grant", "number"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "number"], name="tranche_number_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="tranche_amount_positive",
                                   violation_error_message=_("A tranche must be greater than zero.")),
        ]
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")

    def __str__(self):
        return f"{self.grant.reference} tranche {self.number}"


class ConditionKind(models.TextChoices):
    REPORT_APPROVED = "report_approved", _("Progress report approved for a period")
    MILESTONE_ACHIEVED = "milestone_achieved", _("Milestone achieved")
    INDICATOR_TARGET_MET = "indicator_target_met", _("Indicator target met")


class TrancheCondition(models.Model):
    """One release condition of a tranche; all of a tranche's conditions must hold."""

    tranche = models.ForeignKey(Tranche, on_delete=models.CASCADE, related_name="conditions")
    kind = models.CharField(_("kind"), max_length=30, choices=ConditionKind.choices)
    period_start = models.DateField(_("report period start"), null=True, blank=True)
    period_end = models.DateField(_("report period end"), null=True, blank=True)
    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    indicator_period = models.ForeignKey(IndicatorPeriod, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="condition_has_its_subject",
                condition=(
                    Q(kind="report_approved", period_start__isnull=False, period_end__isnull=False)
                    | Q(kind="milestone_achieved", milestone__isnull=False)
                    | Q(kind="indicator_target_met", indicator_period__isnull=False)
                ),
                violation_error_message=_("A condition names its report period, milestone or indicator period."),
            ),
        ]
        verbose_name = _("release condition")
        verbose_name_plural = _("release conditions")

    def __str__(self):
        return self.get_kind_display()


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    UNDER_REVIEW = "under_review", _("Under review")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# States in which a request holds money against the grant's ceiling.
OBLIGATING_STATES = (RequestStatus.APPROVED, RequestStatus.PAID)
# States in which a request still claims its tranche (only one such request per tranche).
LIVE_STATES = (RequestStatus.REQUESTED, RequestStatus.UNDER_REVIEW, RequestStatus.RETURNED,
               RequestStatus.APPROVED, RequestStatus.PAID)


class DisbursementRequest(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="disbursement_requests")
    tranche = models.ForeignKey(Tranche, on_delete=models.PROTECT, null=True, blank=True, related_name="requests")
    amount = AmountField(_("amount"))
    currency = CurrencyField()
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.REQUESTED)
    justification = models.TextField(_("justification"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    on_behalf_of_grantee = models.BooleanField(_("entered by an officer for the grantee"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("reviewing officer"),
    )
    reviewed_at = models.DateTimeField(_("review started"), null=True, blank=True)
    round = models.PositiveSmallIntegerField(
        _("submission round"), default=1,
        help_text=_("Raised each time a returned request is resubmitted; approvals count within a round."),
    )
    approvals_required = models.PositiveSmallIntegerField(
        _("approvals required"), default=1,
        help_text=_("Two above the dual-approval threshold (converted at the rate of the day of approval)."),
    )
    # Set when the needed approvals are complete (one, or two above the threshold).
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # Finance release
    payment_reference = models.CharField(_("payment reference"), max_length=80, blank=True)
    paid_date = models.DateField(_("paid date"), null=True, blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    rate = models.ForeignKey(
        ExchangeRate, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("rate used"), help_text=_("Agreement currency to the programme currency on the paid date."),
    )
    decision_reason = models.TextField(_("reason for return or rejection"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("returned or rejected by"),
    )
    decided_at = models.DateTimeField(_("returned or rejected at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="request_amount_positive",
                                   violation_error_message=_("A request must be greater than zero.")),
            models.UniqueConstraint(
                fields=["tranche"], condition=Q(status__in=[s.value for s in LIVE_STATES]),
                name="one_live_request_per_tranche",
                violation_error_message=_("This tranche already has a request in progress or paid."),
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | (Q(paid_date__isnull=False) & ~Q(payment_reference="")),
                name="paid_request_has_payment",
                violation_error_message=_("A paid request needs a payment reference and a paid date."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "paid"]) | Q(approved_at__isnull=False),
                name="approved_request_has_approval_time",
            ),
            models.CheckConstraint(
                condition=Q(approvals_required__gte=1) & Q(approvals_required__lte=2),
                name="request_one_or_two_approvals",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["returned", "rejected"]) | ~Q(decision_reason=""),
                name="returned_or_rejected_request_has_reason",
                violation_error_message=_("Say why the request is returned or rejected."),
            ),
        ]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["grant", "status"])]
        verbose_name = _("disbursement request")
        verbose_name_plural = _("disbursement requests")

    def __str__(self):
        tranche = f" · {_('tranche')} {self.tranche.number}" if self.tranche_id else ""
        return f"{self.grant.reference}{tranche}: {Money(self.amount, self.currency)}"


class Approval(models.Model):
    """One approver's decision on a request; above the threshold two different approvers are needed.

    ``requester`` copies the request's requester so that the database itself can refuse an
    approval by the person who asked for the money (separation of duties).
    """

    request = models.ForeignKey(DisbursementRequest, on_delete=models.PROTECT, related_name="approvals")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(_("submission round"), default=1)
    approved_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["request", "approved_at"]
        constraints = [
            models.UniqueConstraint(fields=["request", "round", "approver"], name="one_approval_per_approver",
                                    violation_error_message=_("You have already approved this request.")),
            models.CheckConstraint(condition=~Q(approver=F("requester")), name="approver_is_not_requester",
                                   violation_error_message=_("The person who requested may not approve.")),
        ]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
