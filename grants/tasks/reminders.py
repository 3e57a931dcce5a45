"""Beat tasks for reporting: generate due reports, send reminders; and report notices.

Thin and idempotent: they call ``grants.services.schedules`` / ``grants.services.reminders``,
which make a re-run harmless (one report per period, one reminder per occasion). The beat
entries are ``django_celery_beat`` rows created by the migration
``grants/migrations/*_reporting_beat_schedule.py`` (so production gets them and admins can see
and change them): reports are generated daily and reminders checked hourly, which catches each
country's change of date within the hour.
"""
from celery import shared_task

from ..services.reminders import reminders_send, report_notice_send
from ..services.schedules import reports_generate

GENERATE_TASK = "grants.tasks.reminders.generate_due_reports"
REMIND_TASK = "grants.tasks.reminders.send_report_reminders"


@shared_task(name=GENERATE_TASK)
def generate_due_reports() -> int:
    return reports_generate()


@shared_task(name=REMIND_TASK, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def send_report_reminders() -> dict:
    recorded, sent = reminders_send()
    return {"recorded": recorded, "sent": sent}


@shared_task(name="grants.tasks.reminders.report_notice", autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def report_notice(report_id: int, action: str) -> int:
    return len(report_notice_send(report_id=report_id, action=action))
