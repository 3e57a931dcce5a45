"""Report reminders and notices by email, each reminder sent once.

``reminders_send(now=...)`` finds the draft reports that are due soon or overdue *in their own
country's calendar* (``schedules.local_today``), records one ``Reminder`` row per (report, kind,
key) and then sends the rows not yet sent. The key names the occasion: the due date for the
"due soon" reminder, the due date plus the overdue round (one round every
``remind_overdue_every_days``) for overdue ones. The unique key means a second run, a retried
task or two workers at once never send the same reminder twice; a row whose email failed
stays unsent and is sent by the next run (the row is locked while it is sent, so at most one
worker sends it).

Emails go to the grantee's active partner users (each in the language of their profile) and,
when none has an address, to the organisation's contact email. ``report_notice_send`` tells
officers about a submission and the grantee about a return or an approval.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from portfolio.models import Role

from ..models import ProgressReport, Reminder, ReminderKind, ReportingSchedule, ReportStatus
from .schedules import local_today, schedule_for

REMINDABLE = (ReportStatus.DRAFT,)
# No schedule reminds more than this long before the due date.
MAX_LEAD_DAYS = 60


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str


def partner_recipients(report: ProgressReport) -> list[Recipient]:
    users = get_user_model().objects.filter(
        is_active=True, access_profile__role=Role.PARTNER, access_profile__organisation_id=report.grant.grantee_id,
    ).exclude(email="").values_list("email", "access_profile__language").order_by("pk")
    recipients = [Recipient(email, lang or settings.LANGUAGE_CODE) for email, lang in users]
    if not recipients and report.grant.grantee.email:
        recipients.append(Recipient(report.grant.grantee.email, settings.LANGUAGE_CODE))
    return recipients


def officer_recipients(report: ProgressReport) -> list[Recipient]:
    country = report.grant.initiative.country_id
    users = get_user_model().objects.filter(is_active=True).filter(
        Q(access_profile__role=Role.GRANT_OFFICER)
        | Q(access_profile__role=Role.COUNTRY_COORDINATOR, access_profile__countries=country)
    ).exclude(email="").values_list("email", "access_profile__language").distinct().order_by("email")
    return [Recipient(email, lang or settings.LANGUAGE_CODE) for email, lang in users]


def occasion(report: ProgressReport, schedule: ReportingSchedule, today: datetime.date) -> tuple[str, str] | None:
    """(kind, key) of the reminder ``report`` is due for on local date ``today``, if any."""
    days_left = (report.due_date - today).days
    if 0 <= days_left <= schedule.remind_days_before:
        return ReminderKind.BEFORE_DUE, report.due_date.isoformat()
    if days_left < 0:
        every = max(1, schedule.remind_overdue_every_days)
        return ReminderKind.OVERDUE, f"{report.due_date.isoformat()}#{(-days_left - 1) // every}"
    return None


def reminders_plan(*, now: datetime.datetime | None = None) -> int:
    """Record the reminders due at ``now``; returns how many new ones were recorded."""
    now = now or timezone.now()
    horizon = now.date() + datetime.timedelta(days=MAX_LEAD_DAYS + 2)
    reports = ProgressReport.objects.filter(status__in=REMINDABLE, due_date__lte=horizon).select_related(
        "grant__reporting_schedule", "grant__initiative__country", "grant__grantee"
    )
    created = 0
    for report in reports.iterator(chunk_size=500):
        today = local_today(report.grant.initiative.country.iso2, now=now)
        found = occasion(report, schedule_for(report.grant), today)
        if found is None:
            continue
        kind, key = found
        try:
            with transaction.atomic():
                Reminder.objects.create(report=report, kind=kind, key=key)
            created += 1
        except IntegrityError:
            pass  # recorded by an earlier run: that run (or the next) sends it
    return created


def _send(recipients: list[Recipient], template: str, context: dict) -> list[str]:
    sent = []
    for recipient in recipients:
        with translation.override(recipient.language):
            subject = " ".join(render_to_string(f"portal/email/{template}_subject.txt", context).split())
            body = render_to_string(f"portal/email/{template}.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
        sent.append(recipient.email)
    return sent


def report_url(report: ProgressReport) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("portal:report", kwargs={"pk": report.pk})


def reminders_deliver(*, now: datetime.datetime | None = None) -> int:
    """Send every recorded reminder not sent yet; returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for pk in Reminder.objects.filter(sent_at__isnull=True).order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            reminder = (
                Reminder.objects.select_for_update(skip_locked=True, of=("self",)).filter(pk=pk, sent_at__isnull=True)
                .select_related("report__grant__grantee", "report__grant__initiative__country").first()
            )
            if reminder is None:
                continue  # sent meanwhile, or being sent by another worker
            report = reminder.report
            if report.status in REMINDABLE:
                today = local_today(report.grant.initiative.country.iso2, now=now)
                context = {"report": report, "grant": report.grant, "kind": reminder.kind, "url": report_url(report),
                           "days_left": (report.due_date - today).days,
                           "days_late": (today - report.due_date).days}
                reminder.recipients = _send(partner_recipients(report), "reminder", context)
                sent += 1
            # A report submitted since the reminder was recorded needs no email: closed unsent.
            reminder.sent_at = now
            reminder.save(update_fields=["recipients", "sent_at"])
    return sent


def reminders_send(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Plan then deliver: (recorded, sent)."""
    return reminders_plan(now=now), reminders_deliver(now=now)


def report_notice_send(*, report_id: int, action: str) -> list[str]:
    """Email about a lifecycle step: submissions to officers, decisions to the grantee."""
    report = ProgressReport.objects.select_related("grant__grantee", "grant__initiative__country").get(pk=report_id)
    context = {"report": report, "grant": report.grant, "action": action, "url": report_url(report),
               "review_url": settings.SITE_URL.rstrip("/") + reverse("grants_reports:review", kwargs={"pk": report.pk}),
               "comments": list(report.comments.filter(version=report.version))}
    if action in ("submit", "resubmit"):
        return _send(officer_recipients(report), "report_submitted", context)
    return _send(partner_recipients(report), "report_decision", context)
