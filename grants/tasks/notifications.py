"""Send a decision notice to the grantee (ids in; the service does the work and is idempotent).

Retries with exponential backoff only around SMTP, the external I/O; a notice already sent is
not sent again, so a redelivered task is harmless.
"""
import smtplib

from celery import shared_task

from ..services.notifications import decision_notice_send


@shared_task(
    bind=True, autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError), retry_backoff=30,
    retry_backoff_max=3600, retry_jitter=True, max_retries=8, acks_late=True,
)
def send_decision_notice(self, notice_id: int) -> bool:
    notice = decision_notice_send(notice_id=notice_id)
    return bool(notice and notice.sent_at)
