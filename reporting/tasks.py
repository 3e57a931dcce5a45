"""Celery tasks for donor reports: ids in, the services do the work, safe to run twice.

``generate_subscription_report`` is what django-celery-beat fires for a subscription: it
finds or creates THE report of the last complete period (one per subscription and period) and
runs it; it also picks up that subscription's earlier reports that failed, so a run after an
outage completes them. ``generate_report`` runs one queued report (ad-hoc, or a retry from the
admin).

Both acknowledge late and are rejected back to the queue when the worker dies, so a killed
worker's report is generated again; a report another worker is still making (fresh heartbeat)
is retried later rather than made twice. Storage (S3) and mail errors are retried with
exponential backoff; after the last retry the report is marked failed with the error.
"""
from __future__ import annotations

import logging
import smtplib

from botocore.exceptions import BotoCoreError, ClientError
from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from . import services
from .models import GeneratedReport, ReportStatus, ReportSubscription
from .periods import last_complete_period

logger = logging.getLogger(__name__)

# Errors worth waiting for: S3 and SMTP (OSError covers sockets and files), and a database that is
# momentarily busy (SQLite's lock between concurrent workers, a dropped connection).
RETRYABLE = (BotoCoreError, ClientError, smtplib.SMTPException, OSError, OperationalError)
MAX_RETRIES = 5
BACKOFF_BASE = 30  # seconds: 30, 60, 120, 240, 480


def backoff(retries: int) -> int:
    return min(BACKOFF_BASE * (2 ** retries), 3600)


def _run(task, report_id: int, retry_kwargs: dict | None = None) -> str:
    try:
        outcome = services.report_run(report_id=report_id)
    except RETRYABLE as exc:
        error = f"{type(exc).__name__}: {exc}"
        if task.request.retries < task.max_retries:
            services.report_mark(report_id=report_id, status=ReportStatus.QUEUED,
                                 error=f"Attempt {task.request.retries + 1} failed, retrying: {error}")
            raise task.retry(exc=exc, countdown=backoff(task.request.retries), kwargs=retry_kwargs)
        services.report_mark(report_id=report_id, status=ReportStatus.FAILED, error=error)
        logger.error("Report %s failed after %s attempts: %s", report_id, task.request.retries + 1, error)
        return "failed"
    except Exception as exc:
        # A bug or bad data: no point retrying; fail visibly and let the worker log the traceback.
        services.report_mark(report_id=report_id, status=ReportStatus.FAILED, error=f"{type(exc).__name__}: {exc}")
        raise
    if outcome.state == "busy":
        raise task.retry(countdown=services.stale_after(), kwargs=retry_kwargs)
    return outcome.state


@shared_task(bind=True, name="reporting.generate_report", acks_late=True, reject_on_worker_lost=True,
             max_retries=MAX_RETRIES)
def generate_report(self, report_id: int) -> str:
    return _run(self, report_id)


@shared_task(bind=True, name=services.TASK_NAME, acks_late=True, reject_on_worker_lost=True,
             max_retries=MAX_RETRIES)
def generate_subscription_report(self, subscription_id: int, period: str | None = None) -> str:
    subscription = ReportSubscription.objects.filter(pk=subscription_id, is_active=True).first()
    if subscription is None:
        return "inactive"
    if period:
        from .periods import parse_period

        target = parse_period(period)
    else:
        target = last_complete_period(subscription.period_type, today=timezone.localdate())
    report, _created = services.report_for_subscription(subscription=subscription, period=target)
    # Earlier periods of this subscription that failed (e.g. during an S3 outage) are queued again.
    for earlier in GeneratedReport.objects.filter(subscription=subscription, status=ReportStatus.FAILED).exclude(pk=report.pk):
        services.report_retry(report=earlier, by=None)
    # Retries name the period explicitly, so a retry after a quarter turns still makes this report.
    return _run(self, report.pk, {"subscription_id": subscription_id, "period": target.key})
