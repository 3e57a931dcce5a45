"""Schedules, generated reports and reminders: periods, idempotence, once-only emails, local dates."""
import datetime
from importlib import import_module

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError

from grants.models import Frequency, ProgressReport, Reminder, ReminderKind, ReportingSchedule, ReportStatus
from grants.services.reminders import reminders_deliver, reminders_plan, reminders_send
from grants.services.reports import report_save_draft, report_submit
from grants.services.schedules import local_today, reporting_schedule_set, reports_generate, schedule_periods
from grants.tasks.reminders import send_report_reminders
from portfolio.models import AccessProfile
from tests.factories.reports import other, reviewer, world  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
UTC = datetime.timezone.utc


def at(y, m, d, hh=12, mm=0):
    return datetime.datetime(y, m, d, hh, mm, tzinfo=UTC)


def test_quarterly_periods_follow_the_calendar_and_end_with_the_final_report(world):
    periods = schedule_periods(world.grant)  # grant runs 2024-07-01 .. 2026-06-30
    assert [(p.start.isoformat(), p.end.isoformat()) for p in periods[:2]] == [
        ("2024-07-01", "2024-09-30"), ("2024-10-01", "2024-12-31")]
    assert len(periods) == 8 and [p.is_final for p in periods].count(True) == 1
    final = periods[-1]
    assert final.is_final and final.end == datetime.date(2026, 6, 30) and final.due == datetime.date(2026, 8, 29)
    assert periods[0].due == datetime.date(2024, 10, 30)


def test_other_frequencies_and_a_grant_starting_mid_period(world):
    world.grant.start_date = datetime.date(2024, 8, 15)
    for frequency, expected_first_end, count in (
        (Frequency.SEMI_ANNUAL, datetime.date(2024, 12, 31), 4),
        (Frequency.ANNUAL, datetime.date(2024, 12, 31), 3),
    ):
        schedule = ReportingSchedule(grant=world.grant, frequency=frequency)
        periods = schedule_periods(world.grant, schedule)
        assert periods[0].start == datetime.date(2024, 8, 15) and periods[0].end == expected_first_end
        assert len(periods) == count and periods[-1].end == world.grant.end_date


def test_custom_dates_and_bad_input(world, reviewer):
    schedule = reporting_schedule_set(grant=world.grant, by=reviewer, frequency=Frequency.CUSTOM,
                                      custom_period_ends=[datetime.date(2025, 2, 28), datetime.date(2025, 11, 30)])
    periods = schedule_periods(world.grant, schedule)
    assert [p.end for p in periods] == [datetime.date(2025, 2, 28), datetime.date(2025, 11, 30), world.grant.end_date]
    with pytest.raises(ValidationError) as exc:
        reporting_schedule_set(grant=world.grant, by=reviewer, frequency=Frequency.CUSTOM, custom_period_ends=["2025-02-30"])
    assert "custom_period_ends" in exc.value.message_dict
    with pytest.raises(ValidationError):
        reporting_schedule_set(grant=world.grant, by=reviewer, frequency="weekly")
    assert ReportingSchedule.objects.get(grant=world.grant).frequency == Frequency.CUSTOM


def test_generation_opens_started_periods_once(world):
    ProgressReport.objects.all().delete()
    created = reports_generate(now=at(2025, 2, 10))
    reports = ProgressReport.objects.filter(grant=world.grant).order_by("period_start")
    assert created == 3 and [r.period_start.isoformat() for r in reports] == ["2024-07-01", "2024-10-01", "2025-01-01"]
    assert reports_generate(now=at(2025, 2, 10)) == 0
    assert reports_generate(now=at(2025, 4, 1)) == 1
    assert all(r.status == ReportStatus.DRAFT for r in reports)


def test_drafted_grants_get_no_reports(world):
    world.grant.status = "draft"
    world.grant.save()
    ProgressReport.objects.all().delete()
    assert reports_generate(now=at(2025, 2, 10)) == 0


def test_reminder_before_due_is_sent_once(world):
    # Due 30 April; reminders start 7 days before.
    assert reminders_send(now=at(2025, 4, 20)) == (0, 0)
    assert reminders_send(now=at(2025, 4, 24)) == (1, 1)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [world.partner.email]
    assert "due soon" in mail.outbox[0].subject and "/portal/reports/" in mail.outbox[0].body
    for day in (24, 25, 28, 30):
        reminders_send(now=at(2025, 4, day, 18))
    assert len(mail.outbox) == 1
    assert Reminder.objects.get().key == "2025-04-30"


def test_overdue_reminders_once_per_round(world):
    reminders_send(now=at(2025, 5, 1))
    reminders_send(now=at(2025, 5, 3))
    assert Reminder.objects.filter(kind=ReminderKind.OVERDUE).count() == 1
    reminders_send(now=at(2025, 5, 8))  # 8 days late: second round (every 7 days)
    reminders_send(now=at(2025, 5, 8, 20))
    assert list(Reminder.objects.filter(kind=ReminderKind.OVERDUE).values_list("key", flat=True).order_by("key")) == [
        "2025-04-30#0", "2025-04-30#1"]
    assert len(mail.outbox) == 2 and "Overdue" in mail.outbox[0].subject


def test_submitted_reports_are_not_reminded(world):
    report_save_draft(report=world.report, draft=world.complete_draft(), by=world.partner)
    report_submit(report=world.report, by=world.partner)
    assert reminders_send(now=at(2025, 5, 10)) == (0, 0)


def test_local_date_decides_not_utc(world, other):
    """30 April 18:30 UTC is 1 May in Kathmandu but still 30 April in Guayaquil."""
    from portfolio.models import Country

    other.initiative.country = Country.objects.get(iso2="NP")
    other.initiative.save()
    instant = at(2025, 4, 30, 18, 30)
    assert local_today("NP", now=instant) == datetime.date(2025, 5, 1)
    assert local_today("EC", now=instant) == datetime.date(2025, 4, 30)
    reminders_plan(now=instant)
    kinds = dict(Reminder.objects.values_list("report__grant_id", "kind"))
    assert kinds == {other.grant.pk: ReminderKind.OVERDUE, world.grant.pk: ReminderKind.BEFORE_DUE}


def test_a_failed_send_is_retried_without_duplicates(world, monkeypatch):
    from grants.services import reminders as module

    calls = {"n": 0}
    real = module.send_mail

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("SMTP down")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "send_mail", flaky)
    with pytest.raises(OSError):
        reminders_send(now=at(2025, 4, 25))
    reminder = Reminder.objects.get()
    assert reminder.sent_at is None and len(mail.outbox) == 0
    assert reminders_send(now=at(2025, 4, 25, 13)) == (0, 1)  # the retry sends the recorded one
    assert reminders_send(now=at(2025, 4, 25, 14)) == (0, 0)
    assert len(mail.outbox) == 1


def test_a_concurrent_second_planner_records_nothing(world):
    assert reminders_plan(now=at(2025, 4, 25)) == 1
    assert reminders_plan(now=at(2025, 4, 25)) == 0
    assert reminders_deliver(now=at(2025, 4, 25)) == 1
    assert reminders_deliver(now=at(2025, 4, 25)) == 0


def test_reminder_in_the_partners_language(world):
    AccessProfile.objects.filter(user=world.partner).update(language="fr")
    reminders_send(now=at(2025, 4, 25))
    assert mail.outbox[0].subject.startswith("Rappel")


def test_the_task_runs_the_service(world, monkeypatch):
    from grants.tasks import reminders as tasks

    monkeypatch.setattr(tasks, "reminders_send", lambda: (2, 1))
    assert send_report_reminders.delay().get() == {"recorded": 2, "sent": 1}


def test_beat_entries_are_created_once():
    migration = import_module("grants.migrations.0005_reporting_beat_schedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    migration.create(apps, None)
    migration.create(apps, None)
    tasks = dict(PeriodicTask.objects.filter(task__startswith="grants.tasks.reminders.").values_list("task", "enabled"))
    assert tasks == {"grants.tasks.reminders.generate_due_reports": True,
                     "grants.tasks.reminders.send_report_reminders": True}
    assert PeriodicTask.objects.filter(task__startswith="grants.tasks.reminders.").count() == 2


def test_report_notices_by_email(world, reviewer, django_capture_on_commit_callbacks):
    from grants.services.reports import report_approve

    reviewer.email = "officer@example.org"
    reviewer.save()
    report_save_draft(report=world.report, draft=world.complete_draft(), by=world.partner)
    with django_capture_on_commit_callbacks(execute=True):
        report_submit(report=world.report, by=world.partner)
    assert mail.outbox[-1].to == ["officer@example.org"] and "New progress report" in mail.outbox[-1].subject
    assert "/admin/progress-reports/" in mail.outbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        report_approve(report=world.report, by=reviewer)
    assert mail.outbox[-1].to == [world.partner.email] and "approved" in mail.outbox[-1].subject


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_send_each_reminder_once(reference_data):
    """Four workers run the reminder job at the same instant on PostgreSQL: one email."""
    import threading

    from django.db import connection

    from tests.factories.reports import make_report_world

    make_report_world(username="partner-race")
    barrier = threading.Barrier(4)
    errors = []

    def worker():
        try:
            barrier.wait()
            reminders_send(now=at(2025, 4, 25))
        except Exception as exc:  # collected: a thread's failure must fail the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Reminder.objects.count() == 1 and Reminder.objects.get().sent_at is not None
    assert len(mail.outbox) == 1
