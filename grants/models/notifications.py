"""E-mails to grantees about decisions on their disbursement requests, one row per decision.

The row is written in the decision's transaction (keyed by the audit entry that records the
decision), and the Celery task that sends the mail marks it sent: a retried or duplicated task
finds ``sent_at`` set and sends nothing twice.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

from .disbursements import DisbursementRequest


class DecisionNotice(models.Model):
    request = models.ForeignKey(DisbursementRequest, on_delete=models.CASCADE, related_name="notices")
    key = models.CharField(_("key"), max_length=60, unique=True, help_text=_("The decision's audit entry."))
    decision = models.CharField(_("decision"), max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("decision notice")
        verbose_name_plural = _("decision notices")

    def __str__(self):
        return f"{self.request_id}: {self.decision} ({'sent' if self.sent_at else 'pending'})"
