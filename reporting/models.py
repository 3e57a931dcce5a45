"""Donor report subscriptions, the reports generated for them, and who downloaded what.

A ``ReportSubscription`` says which donor receives which report (scope, period type, format,
language, currency) and who gets the email; ``reporting.services`` keeps one django-celery-beat
``PeriodicTask`` in step with each subscription. A ``GeneratedReport`` is one PDF for one scope
and period: it keeps its frozen snapshot and digest, how it was made (as-of time, code version,
generation time, pages, bytes) and its status (queued -> running with progress -> done, or
failed with the error). The database holds one report per subscription and period, so a task
run twice (a retry, beat firing twice) finds the report instead of making another;
``ReportDelivery`` likewise holds one email per report and recipient. ``DownloadLog`` records
every download, whether from the portal, the admin or an emailed link.
"""
from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portfolio.money import CurrencyField

from .periods import PeriodType, ScopeKind, ScopeSpec


class ReportFormat(models.TextChoices):
    FULL = "full", _("Full report pack (PDF)")
    SUMMARY = "summary", _("Summary: basic data, key figures and finance (PDF)")


def split_recipients(text: str) -> list[str]:
    parts = [p.strip() for p in (text or "").replace(";", ",").replace("\n", ",").split(",")]
    return [p for p in parts if p]


def validate_recipients(text: str) -> None:
    bad = []
    for address in split_recipients(text):
        try:
            validate_email(address)
        except ValidationError:
            bad.append(address)
    if bad:
        raise ValidationError(_("Not an email address: %(bad)s") % {"bad": ", ".join(bad)})


SCHEDULE_PERIOD_TYPES = [(v, l) for v, l in PeriodType.choices if v != PeriodType.CUSTOM]


class ReportSubscription(models.Model):
    name = models.CharField(_("name"), max_length=150, help_text=_("e.g. “SDC quarterly programme report”."))
    donor = models.ForeignKey(
        "portfolio.Organisation", on_delete=models.PROTECT, related_name="report_subscriptions",
        verbose_name=_("donor"), help_text=_("The donor's viewers find these reports in the portal."),
    )
    scope_kind = models.CharField(_("scope"), max_length=20, choices=ScopeKind.choices, default=ScopeKind.DONOR)
    scope_country = models.ForeignKey(
        "portfolio.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        limit_choices_to={"in_programme": True}, verbose_name=_("country"), help_text=_("For a country scope."),
    )
    scope_grant = models.ForeignKey(
        "grants.Grant", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("grant"), help_text=_("For a grant scope."),
    )
    period_type = models.CharField(_("period"), max_length=20, choices=SCHEDULE_PERIOD_TYPES, default=PeriodType.QUARTERLY)
    format = models.CharField(_("format"), max_length=20, choices=ReportFormat.choices, default=ReportFormat.FULL)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="en")
    currency = CurrencyField(
        blank=True, default="", verbose_name=_("report currency"),
        help_text=_("Leave empty for the programme currency."),
    )
    recipients = models.TextField(
        _("recipients"), blank=True, validators=[validate_recipients],
        help_text=_("Email addresses, separated by commas or new lines."),
    )
    send_day = models.PositiveSmallIntegerField(
        _("day of the month"), default=15,
        help_text=_("Reports are generated on this day of the month after each period ends (1–28)."),
    )
    send_hour = models.PositiveSmallIntegerField(_("hour (UTC)"), default=6)
    is_active = models.BooleanField(_("active"), default=True)
    periodic_task = models.OneToOneField(
        "django_celery_beat.PeriodicTask", on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        related_name="report_subscription",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["donor__name", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(send_day__gte=1) & Q(send_day__lte=28), name="subscription_send_day_1_28",
                                   violation_error_message=_("The day of the month must lie between 1 and 28.")),
            models.CheckConstraint(condition=Q(send_hour__lte=23), name="subscription_send_hour_0_23",
                                   violation_error_message=_("The hour must lie between 0 and 23.")),
            models.CheckConstraint(
                condition=~Q(scope_kind="country") | Q(scope_country__isnull=False), name="country_scope_names_country",
                violation_error_message=_("A country report needs its country."),
            ),
            models.CheckConstraint(
                condition=~Q(scope_kind="grant") | Q(scope_grant__isnull=False), name="grant_scope_names_grant",
                violation_error_message=_("A grant report needs its grant."),
            ),
        ]
        verbose_name = _("report subscription")
        verbose_name_plural = _("report subscriptions")

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.scope_kind == ScopeKind.COUNTRY and not self.scope_country_id:
            errors["scope_country"] = _("A country report needs its country.")
        if self.scope_kind == ScopeKind.GRANT and not self.scope_grant_id:
            errors["scope_grant"] = _("A grant report needs its grant.")
        if self.send_day is not None and not 1 <= self.send_day <= 28:
            errors["send_day"] = _("The day of the month must lie between 1 and 28.")
        if self.send_hour is not None and self.send_hour > 23:
            errors["send_hour"] = _("The hour must lie between 0 and 23.")
        if errors:
            raise ValidationError(errors)

    @property
    def scope_spec(self) -> ScopeSpec:
        if self.scope_kind == ScopeKind.DONOR:
            return ScopeSpec(ScopeKind.DONOR, str(self.donor_id))
        if self.scope_kind == ScopeKind.COUNTRY:
            return ScopeSpec(ScopeKind.COUNTRY, self.scope_country.iso2)
        if self.scope_kind == ScopeKind.GRANT:
            return ScopeSpec(ScopeKind.GRANT, str(self.scope_grant_id))
        return ScopeSpec(ScopeKind.PROGRAMME)

    @property
    def recipient_list(self) -> list[str]:
        return split_recipients(self.recipients)


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


def report_upload_to(instance, filename):
    # A random part keeps report URLs unguessable on any storage; files are private anyway.
    return f"reports/{instance.period_end:%Y}/{instance.pk}-{secrets.token_hex(8)}/{filename}"


class GeneratedReport(models.Model):
    subscription = models.ForeignKey(ReportSubscription, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="reports", verbose_name=_("subscription"))
    donor = models.ForeignKey(
        "portfolio.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="donor_reports",
        verbose_name=_("donor"), help_text=_("Whose viewers see this report in the portal."),
    )
    scope_kind = models.CharField(_("scope"), max_length=20, choices=ScopeKind.choices)
    scope_ref = models.CharField(_("scope reference"), max_length=20, blank=True)
    scope_label = models.CharField(_("scope name"), max_length=255, blank=True)
    period_type = models.CharField(_("period type"), max_length=20, choices=PeriodType.choices)
    period_key = models.CharField(_("period"), max_length=30)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    format = models.CharField(_("format"), max_length=20, choices=ReportFormat.choices, default=ReportFormat.FULL)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="en")
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    as_of = models.DateTimeField(_("data as of"))
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    snapshot = models.JSONField(_("snapshot"), null=True, blank=True, editable=False)
    snapshot_digest = models.CharField(_("snapshot digest (SHA-256)"), max_length=64, blank=True)
    file = models.FileField(_("file"), upload_to=report_upload_to, max_length=255, blank=True)
    file_digest = models.CharField(_("file digest (SHA-256)"), max_length=64, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    byte_size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    generation_ms = models.PositiveIntegerField(_("generation time (ms)"), null=True, blank=True)
    code_version = models.CharField(_("code version"), max_length=64, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-period_end", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "period_start", "period_end"], condition=Q(subscription__isnull=False),
                name="one_report_per_subscription_period",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_max_100"),
        ]
        indexes = [models.Index(fields=["donor", "-period_end"]), models.Index(fields=["status"])]
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")

    def __str__(self):
        return f"{self.scope_label or self.scope_kind} · {self.period_key}"

    @property
    def scope_spec(self) -> ScopeSpec:
        return ScopeSpec(self.scope_kind, self.scope_ref)

    @property
    def filename(self) -> str:
        from django.utils.text import slugify

        return f"{slugify(self.scope_label or self.scope_kind)[:60]}-{self.period_key.replace(':', '_')}.pdf"


class ReportDelivery(models.Model):
    """One email for one report to one recipient; unique, so a re-run never sends it twice."""

    report = models.ForeignKey(GeneratedReport, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.EmailField(_("recipient"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "recipient"], name="one_delivery_per_recipient")]
        verbose_name = _("report delivery")
        verbose_name_plural = _("report deliveries")

    def __str__(self):
        return f"{self.recipient}: {self.report}"


class DownloadChannel(models.TextChoices):
    PORTAL = "portal", _("Portal")
    ADMIN = "admin", _("Back office")
    EMAIL_LINK = "email", _("Emailed link")


class DownloadLog(models.Model):
    report = models.ForeignKey(GeneratedReport, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recipient = models.EmailField(_("link recipient"), blank=True)
    channel = models.CharField(_("via"), max_length=10, choices=DownloadChannel.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=255, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("report download")
        verbose_name_plural = _("report downloads")

    def __str__(self):
        return f"{self.report} · {self.at:%Y-%m-%d %H:%M}"
