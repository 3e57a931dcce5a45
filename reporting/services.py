"""Writes for donor reports: subscriptions and their schedules, generation, storage, delivery.

- ``subscription_save`` / ``subscription_delete`` keep exactly one django-celery-beat
  ``PeriodicTask`` per subscription in step (schedule, enabled flag, arguments); nothing else
  writes those rows.
- ``report_for_subscription`` finds or creates THE report of a subscription and period (the
  database allows one), so beat firing twice or a task retried never makes a second report.
- ``report_run`` claims a report (a report already being made elsewhere, with a recent
  heartbeat, is left alone and reported as busy; one whose worker died goes stale and is taken
  over), builds or reuses its frozen snapshot, renders the PDF, stores it through the default
  storage (S3 in production) and delivers it. Storage and mail errors propagate so the task can
  retry; a re-run reuses the stored snapshot and file, and never emails a recipient twice.
- ``report_request`` queues an ad-hoc report (CLI, back office) for the generation task.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import logging
import smtplib
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Greatest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from .models import DownloadLog, GeneratedReport, ReportDelivery, ReportStatus, ReportSubscription
from .pdf import render_pdf
from .periods import SCHEDULE_MONTHS, Period, ScopeSpec
from .snapshot import build_snapshot, digest, resolve_scope

logger = logging.getLogger(__name__)

TASK_NAME = "reporting.generate_subscription_report"
LINK_SALT = "reporting.download-link"


def stale_after() -> int:
    """Seconds without a heartbeat after which a running report counts as abandoned."""
    return int(getattr(settings, "REPORTING_STALE_SECONDS", 120))


def link_max_age() -> int:
    return int(getattr(settings, "REPORTING_LINK_MAX_AGE_DAYS", 14)) * 86400


_code_version: str | None = None


def code_version() -> str:
    """The deployed code's version: CODE_VERSION from the environment, else the git commit."""
    global _code_version
    if _code_version is None:
        version = getattr(settings, "CODE_VERSION", "") or ""
        if not version:
            git = Path(settings.BASE_DIR) / ".git"
            try:
                head = (git / "HEAD").read_text().strip()
                if head.startswith("ref: "):
                    ref = head[5:]
                    ref_file = git / ref
                    if ref_file.exists():
                        version = ref_file.read_text().strip()
                    else:
                        packed = (git / "packed-refs").read_text().splitlines()
                        version = next((line.split()[0] for line in packed if line.endswith(ref)), "")
                else:
                    version = head
            except OSError:
                version = ""
        _code_version = (version[:12] or "unknown")
    return _code_version


# ---------------------------------------------------------------- subscriptions and schedules


def _crontab(subscription: ReportSubscription) -> CrontabSchedule:
    schedule, _created = CrontabSchedule.objects.get_or_create(
        minute="0", hour=str(subscription.send_hour), day_of_week="*",
        day_of_month=str(subscription.send_day), month_of_year=SCHEDULE_MONTHS[subscription.period_type],
        timezone="UTC",
    )
    return schedule


def subscription_sync_schedule(*, subscription: ReportSubscription) -> PeriodicTask:
    """Create or update the subscription's PeriodicTask so beat fires it after each period."""
    fields = {
        "name": f"Donor report subscription #{subscription.pk}: {subscription.name}"[:200],
        "task": TASK_NAME,
        "crontab": _crontab(subscription),
        "interval": None,
        "kwargs": json.dumps({"subscription_id": subscription.pk}),
        "enabled": subscription.is_active,
        "description": _("Kept in step with the report subscription; edit the subscription, not this task."),
    }
    task = subscription.periodic_task
    if task is None:
        task = PeriodicTask.objects.create(**fields)
        subscription.periodic_task = task
        subscription.save(update_fields=["periodic_task"])
    else:
        for name, value in fields.items():
            setattr(task, name, value)
        task.save()
    return task


def subscription_save(*, subscription: ReportSubscription, by) -> ReportSubscription:
    """Validate and save a new or changed subscription, and bring its beat schedule in step."""
    subscription.full_clean()
    with transaction.atomic():
        if subscription.pk is None and by is not None and getattr(by, "pk", None):
            subscription.created_by = by
        subscription.save()
        subscription_sync_schedule(subscription=subscription)
    return subscription


def subscription_delete(*, subscription: ReportSubscription, by) -> None:
    """Delete a subscription and its schedule; its generated reports stay in the archive."""
    with transaction.atomic():
        task = subscription.periodic_task
        subscription.delete()
        if task is not None:
            task.delete()


# ---------------------------------------------------------------- reports


def _scope_fields(spec: ScopeSpec) -> dict:
    scope = resolve_scope(spec)
    donor = scope.donor
    return {"scope_kind": spec.kind, "scope_ref": spec.ref, "scope_label": scope.label[:255],
            "donor": donor}


def report_for_subscription(*, subscription: ReportSubscription, period: Period) -> tuple[GeneratedReport, bool]:
    """The one report of this subscription and period: found, or created queued."""
    existing = GeneratedReport.objects.filter(
        subscription=subscription, period_start=period.start, period_end=period.end).first()
    if existing:
        return existing, False
    fields = _scope_fields(subscription.scope_spec)
    fields["donor"] = subscription.donor
    try:
        with transaction.atomic():
            report = GeneratedReport.objects.create(
                subscription=subscription, period_type=period.type, period_key=period.key,
                period_start=period.start, period_end=period.end, format=subscription.format,
                language=subscription.language, currency=subscription.currency, as_of=timezone.now(), **fields,
            )
        return report, True
    except IntegrityError:
        # Another worker created it between our look and our insert (beat fired twice).
        return GeneratedReport.objects.get(
            subscription=subscription, period_start=period.start, period_end=period.end), False


def report_request(
    *, spec: ScopeSpec, period: Period, by=None, as_of: datetime.datetime | None = None, language: str = "en",
    currency: str = "", format: str = "full", donor=None, enqueue: bool = True,  # noqa: A002
) -> GeneratedReport:
    """Queue an ad-hoc report (no subscription); the generation task runs after commit."""
    fields = _scope_fields(spec)
    if donor is not None:
        fields["donor"] = donor
    with transaction.atomic():
        report = GeneratedReport.objects.create(
            period_type=period.type, period_key=period.key, period_start=period.start, period_end=period.end,
            format=format, language=language, currency=currency, as_of=(as_of or timezone.now()).replace(microsecond=0),
            requested_by=by if getattr(by, "pk", None) else None, **fields,
        )
        if enqueue:
            from .tasks import generate_report

            generate_report.delay_on_commit(report.pk)
    return report


def _progress(report: GeneratedReport, pct: int) -> None:
    now = timezone.now()
    GeneratedReport.objects.filter(pk=report.pk).update(progress=pct, heartbeat_at=now)
    report.progress, report.heartbeat_at = pct, now


@dataclass
class RunOutcome:
    state: str  # "done", "already_done", "busy", "missing"
    report: GeneratedReport | None = None


def _claim(report_id: int) -> RunOutcome:
    """Take the report for this run with one conditional UPDATE (no read-then-write window): it
    succeeds for a queued or failed report, or a running one whose heartbeat went stale."""
    now = timezone.now()
    claimable = Q(status__in=[ReportStatus.QUEUED, ReportStatus.FAILED]) | Q(
        status=ReportStatus.RUNNING) & (Q(heartbeat_at__isnull=True)
                                        | Q(heartbeat_at__lt=now - datetime.timedelta(seconds=stale_after())))
    claimed = GeneratedReport.objects.filter(claimable, pk=report_id).update(
        status=ReportStatus.RUNNING, attempts=F("attempts") + 1, started_at=now, heartbeat_at=now, error="",
        progress=Greatest(F("progress"), Value(1)),
    )
    report = GeneratedReport.objects.filter(pk=report_id).first()
    if report is None:
        return RunOutcome("missing")
    if claimed:
        return RunOutcome("claimed", report)
    if report.status == ReportStatus.DONE:
        return RunOutcome("already_done", report)
    return RunOutcome("busy", report)


def report_snapshot(*, report: GeneratedReport) -> dict:
    """The report's frozen snapshot: built once (as of the report's as-of time), then reused."""
    if report.snapshot is not None:
        return report.snapshot
    snapshot = build_snapshot(
        spec=report.scope_spec, period=Period(report.period_start, report.period_end, report.period_type),
        as_of=report.as_of, currency=report.currency or None, language=report.language,
        progress=lambda pct: _progress(report, pct),
    )
    report.snapshot = snapshot
    report.snapshot_digest = digest(snapshot)
    report.currency = snapshot["meta"]["currency"]
    GeneratedReport.objects.filter(pk=report.pk).update(
        snapshot=snapshot, snapshot_digest=report.snapshot_digest, currency=report.currency)
    return snapshot


def report_render(*, report: GeneratedReport) -> tuple[bytes, int]:
    """Render the stored snapshot (byte-identical every time for the same snapshot)."""
    result = render_pdf(report_snapshot(report=report), format=report.format)
    return result.content, result.page_count


def report_store(*, report: GeneratedReport, content: bytes) -> None:
    """Save the PDF through the default storage unless this exact file is already stored."""
    file_digest = hashlib.sha256(content).hexdigest()
    if report.file and report.file_digest == file_digest and report.file.storage.exists(report.file.name):
        return
    report.file.save(report.filename, ContentFile(content), save=False)
    report.file_digest = file_digest
    GeneratedReport.objects.filter(pk=report.pk).update(file=report.file.name, file_digest=file_digest)


def report_run(*, report_id: int, deliver: bool = True) -> RunOutcome:
    """Generate, store and (unless ``deliver`` is False) deliver one report; see the module docstring."""
    outcome = _claim(report_id)
    if outcome.state in ("missing", "busy"):
        return outcome
    report = outcome.report
    if outcome.state == "already_done":
        if deliver:
            report_deliver(report=report)
        return outcome
    started = time.perf_counter()
    content, pages = report_render(report=report)
    _progress(report, 80)
    report_store(report=report, content=content)
    _progress(report, 90)
    elapsed = int((time.perf_counter() - started) * 1000)
    GeneratedReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.DONE, progress=100, page_count=pages, byte_size=len(content), generation_ms=elapsed,
        code_version=code_version(), finished_at=timezone.now(), error="",
    )
    report.refresh_from_db()
    if deliver:
        report_deliver(report=report)
    return RunOutcome("done", report)


def report_mark(*, report_id: int, status: str, error: str) -> None:
    """Record a pending retry (queued) or a final failure, with its error, visible in the admin.

    A report already done keeps its status (only its delivery failed) but shows the error.
    """
    qs = GeneratedReport.objects.filter(pk=report_id)
    now = timezone.now()
    qs.filter(status=ReportStatus.DONE).update(error=error[:2000])
    qs.exclude(status=ReportStatus.DONE).update(
        status=status, error=error[:2000], heartbeat_at=None,
        finished_at=now if status == ReportStatus.FAILED else None,
    )


def report_retry(*, report: GeneratedReport, by) -> GeneratedReport:
    """Queue a failed report again (from the admin): the snapshot and any stored file are reused."""
    with transaction.atomic():
        GeneratedReport.objects.filter(pk=report.pk, status=ReportStatus.FAILED).update(status=ReportStatus.QUEUED, error="")
        from .tasks import generate_report

        generate_report.delay_on_commit(report.pk)
    report.refresh_from_db()
    return report


# ---------------------------------------------------------------- delivery and downloads


def download_token(*, report: GeneratedReport, recipient: str) -> str:
    return signing.dumps({"r": report.pk, "e": recipient}, salt=LINK_SALT, compress=True)


def download_token_read(token: str) -> tuple[int, str]:
    """(report id, recipient) of a valid, unexpired link; raises signing.BadSignature otherwise."""
    data = signing.loads(token, salt=LINK_SALT, max_age=link_max_age())
    return int(data["r"]), str(data.get("e", ""))


def report_deliver(*, report: GeneratedReport) -> int:
    """Email each recipient of the report's subscription once; returns how many were sent now."""
    if report.subscription_id is None or report.status != ReportStatus.DONE:
        return 0
    sent = 0
    failures: list[Exception] = []
    for recipient in report.subscription.recipient_list:
        delivery, _created = ReportDelivery.objects.get_or_create(report=report, recipient=recipient)
        if delivery.sent_at:
            continue
        # Claim the email with one conditional UPDATE: a second run (or worker) finds it taken.
        if not ReportDelivery.objects.filter(pk=delivery.pk, sent_at__isnull=True).update(sent_at=timezone.now()):
            continue
        try:
            _send(report, recipient)
            sent += 1
        except (smtplib.SMTPException, OSError) as exc:
            # Not sent: release the claim so the retry sends it. One unreachable address must not
            # hold up the others; the task retries the rest.
            ReportDelivery.objects.filter(pk=delivery.pk).update(sent_at=None)
            failures.append(exc)
    if failures:
        raise failures[0]
    if report.error:
        # A delivery that failed before has now gone through: the report no longer shows it.
        GeneratedReport.objects.filter(pk=report.pk).update(error="")
        report.error = ""
    return sent


def _send(report: GeneratedReport, recipient: str) -> None:
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    link = base + reverse("reporting:link_download", args=[download_token(report=report, recipient=recipient)])
    with translation.override(report.language):
        context = {"report": report, "link": link, "days": link_max_age() // 86400,
                   "portal": base + reverse("reporting:portal_list")}
        subject = _("Donor report %(period)s: %(scope)s") % {"period": report.period_key, "scope": report.scope_label}
        text = render_to_string("reporting/email/report_ready.txt", context)
        html = render_to_string("reporting/email/report_ready.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [recipient])
    message.attach_alternative(html, "text/html")
    message.send()


def download_record(*, report: GeneratedReport, user=None, channel: str, recipient: str = "",
                    ip_address: str | None = None, user_agent: str = "") -> DownloadLog:
    return DownloadLog.objects.create(
        report=report, user=user if getattr(user, "pk", None) else None, channel=channel, recipient=recipient,
        ip_address=ip_address or None, user_agent=(user_agent or "")[:255],
    )

