"""The grantee side: reporting schedules, progress reports and what they carry.

A progress report covers one grant and period. Its lifecycle (draft -> submitted -> returned ->
resubmitted -> approved) is a transitions table in the portal's services; every submission is
frozen as a ``ReportVersion`` so officers can compare versions. Indicator actuals and expenditure
typed into a report stay drafts until approval makes them official figures.
"""
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portfolio.models import IndicatorPeriod, Milestone, MilestoneStatus

from .agreements import Grant
from .disbursements import DisbursementRequest, Tranche


class Frequency(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly")
    SEMI_ANNUAL = "semi_annual", _("Semi-annual")
    ANNUAL = "annual", _("Annual")
    CUSTOM = "custom", _("Custom dates")


class ReportingSchedule(models.Model):
    grant = models.OneToOneField(Grant, on_delete=models.CASCADE, related_name="reporting_schedule")
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY)
    custom_period_ends = models.JSONField(
        _("custom period end dates"), default=list, blank=True, help_text=_("ISO dates, for custom schedules.")
    )
    days_to_report = models.PositiveSmallIntegerField(_("days after period end to report"), default=30)
    final_report_days = models.PositiveSmallIntegerField(_("days after grant end for the final report"), default=60)
    remind_days_before = models.PositiveSmallIntegerField(_("remind this many days before the due date"), default=7)
    remind_overdue_every_days = models.PositiveSmallIntegerField(_("repeat overdue reminders every"), default=7)

    class Meta:
        verbose_name = _("reporting schedule")
        verbose_name_plural = _("reporting schedules")

    def __str__(self):
        return f"{self.grant.reference}: {self.get_frequency_display()}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    APPROVED = "approved", _("Approved")


class ProgressReport(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="progress_reports")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    due_date = models.DateField(_("due date"))
    is_final = models.BooleanField(_("final report"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    progress = models.TextField(_("progress"), blank=True)
    challenges = models.TextField(_("challenges"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    requested_tranche = models.ForeignKey(
        Tranche, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("request this tranche on approval"),
    )
    disbursement_request = models.OneToOneField(
        DisbursementRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="progress_report"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["grant", "period_start"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "period_start", "period_end"], name="one_report_per_grant_period"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="report_period_order"),
        ]
        indexes = [models.Index(fields=["status", "due_date"])]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self):
        return f"{self.grant.reference} {self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"

    @property
    def is_locked(self) -> bool:
        return self.status in (ReportStatus.SUBMITTED, ReportStatus.RESUBMITTED, ReportStatus.APPROVED)


class ReportVersion(models.Model):
    """A frozen copy of a report as submitted (the content the officer reviewed)."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    content = models.JSONField(_("content"))
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_version_unique")]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")


class ReportSection(models.TextChoices):
    PROGRESS = "progress", _("Progress")
    CHALLENGES = "challenges", _("Challenges")
    LESSONS = "lessons", _("Lessons learned")
    NEXT_STEPS = "next_steps", _("Next steps")
    INDICATORS = "indicators", _("Indicators")
    MILESTONES = "milestones", _("Milestones")
    EXPENDITURE = "expenditure", _("Expenditure")
    ATTACHMENTS = "attachments", _("Attachments")
    GENERAL = "general", _("General")


class SectionComment(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="comments")
    version = models.PositiveSmallIntegerField(_("on version"))
    section = models.CharField(_("section"), max_length=20, choices=ReportSection.choices)
    comment = models.TextField(_("comment"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "version", "section", "created_at"]
        verbose_name = _("section comment")
        verbose_name_plural = _("section comments")


class IndicatorUpdate(models.Model):
    """An actual value reported for an indicator period; official once the report is approved."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="indicator_updates")
    indicator_period = models.ForeignKey(IndicatorPeriod, on_delete=models.PROTECT, related_name="updates")
    value = models.DecimalField(_("actual"), max_digits=16, decimal_places=4, null=True, blank=True)
    female = models.DecimalField(_("women"), max_digits=16, decimal_places=4, null=True, blank=True)
    male = models.DecimalField(_("men"), max_digits=16, decimal_places=4, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator_period"], name="indicator_update_unique"),
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=0), name="indicator_update_not_negative"),
        ]
        verbose_name = _("indicator update")
        verbose_name_plural = _("indicator updates")


class MilestoneUpdate(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="milestone_updates")
    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="updates")
    status = models.CharField(_("status"), max_length=20, choices=MilestoneStatus.choices)
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "milestone"], name="milestone_update_unique")]
        verbose_name = _("milestone update")
        verbose_name_plural = _("milestone updates")


def attachment_path(instance, filename):
    # Private prefix; files are served only through expiring, authorised links.
    return f"private/reports/{instance.report.grant_id}/{instance.report_id}/{filename}"


class Attachment(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="attachments")
    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    description = models.CharField(_("description"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class ReminderKind(models.TextChoices):
    BEFORE_DUE = "before_due", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class Reminder(models.Model):
    """One reminder sent (or being sent); the unique key makes a re-run send no duplicate."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    key = models.CharField(max_length=40, help_text=_("Which reminder: e.g. the due date, or the overdue round."))
    recipients = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "kind", "key"], name="reminder_once")]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
