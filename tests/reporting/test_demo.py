"""The demo seeder: subscriptions for every donor, SDC's first reports ready to open, twice is once."""
import io

import pytest
from django.core import mail
from django_celery_beat.models import PeriodicTask

from reporting.demo import seed_demo
from reporting.models import GeneratedReport, ReportSubscription

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_quiet(world):
    out = io.StringIO()
    assert seed_demo(stdout=out) == []
    subscriptions = ReportSubscription.objects.count()
    assert subscriptions == 3  # one per donor, plus SDC's programme-wide report
    assert PeriodicTask.objects.filter(task="reporting.generate_subscription_report").count() == subscriptions
    reports = list(GeneratedReport.objects.all())
    assert len(reports) == 2 and all(r.status == "done" and r.file for r in reports)
    assert {r.donor for r in reports} == {world.sdc}
    assert not mail.outbox
    seed_demo(stdout=out)
    assert ReportSubscription.objects.count() == subscriptions and GeneratedReport.objects.count() == 2
    assert "0 subscriptions created, 0 reports generated" in out.getvalue()
