"""Beat entries for reporting: generate due reports daily, send reminders hourly.

Rows of django-celery-beat (the DatabaseScheduler), so production gets them with ``migrate``
and admins can see, pause or re-time them; created idempotently by task name (a row an admin
changed is left as it is). Hourly reminders catch each country's change of date within the
hour; the reminder service's unique keys make the repeated runs harmless.
"""
from django.db import migrations

TASKS = (
    # (name, task, crontab minute, hour, description)
    ("Reporting: open due progress reports", "grants.tasks.reminders.generate_due_reports", "15", "2",
     "Creates the draft report of every reporting period that has started (idempotent)."),
    ("Reporting: send report reminders", "grants.tasks.reminders.send_report_reminders", "5", "*",
     "Emails partners before a report is due and when it is overdue, each reminder once."),
)


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minute, hour, description in TASKS:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC",
        )
        PeriodicTask.objects.create(name=name, task=task, crontab=crontab, description=description, enabled=True)


def remove(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[t[0] for t in TASKS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0004_postgresql_guards"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
