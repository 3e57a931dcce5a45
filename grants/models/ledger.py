"""The audit ledger: an append-only, hash-chained record of every state change and money movement.

Each entry's ``hash`` is SHA-256 over its canonical content and the previous entry's hash, so
changing, inserting or removing a row anywhere breaks the chain from there on
(``manage.py verify_audit_log`` finds the first broken link). The ORM refuses updates and
deletes; on PostgreSQL a trigger refuses them too (see the migration).
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portfolio.money import CurrencyField


class AppendOnlyError(Exception):
    pass


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The audit ledger is append-only.")

    def delete(self):
        raise AppendOnlyError("The audit ledger is append-only.")

    _raw_delete = delete


class AuditEntry(models.Model):
    seq = models.BigIntegerField(_("sequence"), unique=True, editable=False)
    at = models.DateTimeField(_("when"), editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    actor_label = models.CharField(_("who"), max_length=150, editable=False)
    action = models.CharField(_("what"), max_length=60, editable=False)
    object_type = models.CharField(_("object type"), max_length=60, editable=False)
    object_id = models.CharField(_("object id"), max_length=40, editable=False)
    object_label = models.CharField(_("object"), max_length=255, blank=True, editable=False)
    grant_id_ref = models.BigIntegerField(_("grant"), null=True, blank=True, db_index=True, editable=False)
    from_state = models.CharField(_("from"), max_length=40, blank=True, editable=False)
    to_state = models.CharField(_("to"), max_length=40, blank=True, editable=False)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=3, null=True, blank=True, editable=False)
    currency = CurrencyField(blank=True, editable=False)
    reason = models.TextField(_("reason"), blank=True, editable=False)
    data = models.JSONField(_("details"), default=dict, blank=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit ledger")

    def __str__(self):
        return f"#{self.seq} {self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.action} {self.object_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries cannot be deleted.")


class LedgerHead(models.Model):
    """The single row every append locks: it serialises appends so the chain never forks."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="single_ledger_head")]
