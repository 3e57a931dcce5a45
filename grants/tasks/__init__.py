"""Celery tasks of the grants app (autodiscovered as ``grants.tasks``); one module per concern."""
from .notifications import send_decision_notice  # noqa: F401,E402
from .reminders import generate_due_reports, report_notice, send_report_reminders  # noqa: F401,E402
