"""Subscriptions in step with beat; one report per subscription and period; one email per recipient."""
import datetime
import json

import pytest
from django.core import mail
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from reporting import services
from reporting.models import GeneratedReport, ReportDelivery, ReportStatus, ReportSubscription
from reporting.periods import parse_period
from reporting.tasks import generate_subscription_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscription(world, officer):
    return services.subscription_save(subscription=ReportSubscription(
        name="SDC quarterly", donor=world.sdc, scope_kind="donor", period_type="quarterly",
        recipients="desk@sdc.example, Head@SDC.example", send_day=15, send_hour=6,
    ), by=officer)


def test_saving_a_subscription_creates_its_beat_task(subscription):
    task = PeriodicTask.objects.get(pk=subscription.periodic_task_id)
    assert task.task == services.TASK_NAME and task.enabled
    assert json.loads(task.kwargs) == {"subscription_id": subscription.pk}
    assert (task.crontab.day_of_month, task.crontab.month_of_year, task.crontab.hour) == ("15", "1,4,7,10", "6")


def test_changing_pausing_and_deleting_keep_beat_in_step(subscription, officer):
    subscription.period_type = "annual"
    subscription.is_active = False
    services.subscription_save(subscription=subscription, by=officer)
    task = PeriodicTask.objects.get(pk=subscription.periodic_task_id)
    assert task.crontab.month_of_year == "1" and not task.enabled
    assert PeriodicTask.objects.filter(task=services.TASK_NAME).count() == 1
    services.subscription_delete(subscription=subscription, by=officer)
    assert not PeriodicTask.objects.filter(task=services.TASK_NAME).exists()


def test_bad_subscription_input_names_the_field_and_saves_nothing(world, officer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as err:
        services.subscription_save(subscription=ReportSubscription(
            name="x", donor=world.sdc, scope_kind="country", recipients="not-an-address", send_day=31), by=officer)
    assert {"scope_country", "recipients", "send_day"} <= set(err.value.message_dict)
    assert not ReportSubscription.objects.exists() and not PeriodicTask.objects.filter(task=services.TASK_NAME).exists()


def test_beat_firing_twice_makes_one_report_and_one_email_per_recipient(subscription):
    generate_subscription_report.apply(kwargs={"subscription_id": subscription.pk, "period": "2026-Q2"})
    generate_subscription_report.apply(kwargs={"subscription_id": subscription.pk, "period": "2026-Q2"})
    report = GeneratedReport.objects.get()
    assert report.status == ReportStatus.DONE and report.progress == 100
    assert report.page_count > 3 and report.byte_size == report.file.size and report.generation_ms is not None
    assert len(report.snapshot_digest) == 64 and report.code_version
    assert report.donor == subscription.donor and report.scope_kind == "donor"
    assert sorted(m.to[0] for m in mail.outbox) == ["Head@SDC.example", "desk@sdc.example"]
    assert ReportDelivery.objects.filter(sent_at__isnull=False).count() == 2
    assert "/reports/link/" in mail.outbox[0].body


def test_beat_without_a_period_reports_the_last_complete_one(subscription):
    generate_subscription_report.apply(kwargs={"subscription_id": subscription.pk})
    from reporting.periods import last_complete_period

    expected = last_complete_period("quarterly", today=timezone.localdate())
    assert GeneratedReport.objects.get().period_key == expected.key


def test_a_stored_report_regenerates_byte_identical(subscription):
    generate_subscription_report.apply(kwargs={"subscription_id": subscription.pk, "period": "2026-Q2"})
    report = GeneratedReport.objects.get()
    stored = report.file.read()
    again, _pages = services.report_render(report=report)
    assert again == stored


def test_a_report_another_worker_is_making_is_left_alone_until_it_goes_stale(subscription, settings):
    report, _ = services.report_for_subscription(subscription=subscription, period=parse_period("2026-Q2"))
    GeneratedReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, heartbeat_at=timezone.now())
    assert services.report_run(report_id=report.pk).state == "busy"
    # The worker died: no heartbeat for longer than the stale window, so the next delivery takes over.
    GeneratedReport.objects.filter(pk=report.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=services.stale_after() + 1))
    assert services.report_run(report_id=report.pk).state == "done"
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.attempts == 1


def test_tasks_acknowledge_late_and_requeue_when_the_worker_dies():
    from reporting.tasks import generate_report

    for task in (generate_report, generate_subscription_report):
        assert task.acks_late and task.reject_on_worker_lost and task.max_retries >= 3


def test_mail_failure_retries_then_next_run_sends_without_duplicates(subscription, monkeypatch, eager_retries):
    import smtplib

    real_send = services._send
    calls = {"n": 0}

    def flaky(report, recipient):
        calls["n"] += 1
        if recipient == "desk@sdc.example":
            raise smtplib.SMTPServerDisconnected("mail server went away")
        real_send(report, recipient)

    monkeypatch.setattr(services, "_send", flaky)
    generate_subscription_report.apply(kwargs={"subscription_id": subscription.pk, "period": "2026-Q2"})
    report = GeneratedReport.objects.get()
    assert report.status == ReportStatus.DONE and "SMTPServerDisconnected" in report.error
    assert [m.to[0] for m in mail.outbox] == ["Head@SDC.example"]
    monkeypatch.setattr(services, "_send", real_send)
    generate_subscription_report.apply(kwargs={"subscription_id": subscription.pk, "period": "2026-Q2"})
    assert sorted(m.to[0] for m in mail.outbox) == ["Head@SDC.example", "desk@sdc.example"]
    assert GeneratedReport.objects.count() == 1
    report.refresh_from_db()
    assert report.error == ""


def test_signed_link_round_trip_and_expiry(subscription, settings):
    from django.core import signing

    report, _ = services.report_for_subscription(subscription=subscription, period=parse_period("2026-Q2"))
    token = services.download_token(report=report, recipient="desk@sdc.example")
    assert services.download_token_read(token) == (report.pk, "desk@sdc.example")
    with pytest.raises(signing.BadSignature):
        services.download_token_read(token[:-2] + "xx")
    settings.REPORTING_LINK_MAX_AGE_DAYS = 0
    with pytest.raises(signing.SignatureExpired):
        services.download_token_read(signing.dumps({"r": report.pk, "e": "x"}, salt=services.LINK_SALT))


def test_only_one_run_can_claim_a_report(subscription):
    report, _ = services.report_for_subscription(subscription=subscription, period=parse_period("2026-Q2"))
    assert services._claim(report.pk).state == "claimed"
    assert services._claim(report.pk).state == "busy"  # a second worker (beat fired twice) backs off
    report.refresh_from_db()
    assert report.status == ReportStatus.RUNNING and report.attempts == 1
