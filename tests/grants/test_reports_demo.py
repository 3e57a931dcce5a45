"""The demo seeder for progress reports: every state present, idempotent, evidence for the portal accounts."""
import datetime
import io

import pytest
from django.core import mail
from django.utils import timezone

from grants.models import Attachment, ProgressReport, ReportStatus, ReportVersion
from grants.reports_demo import seed_demo
from tests.factories import make_user
from tests.factories.reports import make_report_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_grants(db):
    today = timezone.localdate()
    worlds = [make_report_world(name="Municipality of Manta", username="partner"),
              make_report_world(name="Commune of Oujda", country="MA", username="partner2")]
    worlds += [make_report_world(name=f"Municipality {i}", country=c) for i, c in enumerate(("SN", "NP", "RS", "TN"))]
    for w in worlds:
        w.grant.start_date = today - datetime.timedelta(days=640)
        w.grant.end_date = today + datetime.timedelta(days=300)
        w.grant.save()
        w.report.delete()  # the seeder opens the reports itself, from the schedule
    make_user("grant_officer", username="officer")
    return worlds


def test_every_state_and_evidence(demo_grants, django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo(stdout=out)
    states = set(ProgressReport.objects.values_list("status", flat=True))
    assert {ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.RETURNED, ReportStatus.APPROVED} <= states
    manta = demo_grants[0].grant
    assert manta.progress_reports.filter(status=ReportStatus.SUBMITTED).exists()
    assert manta.progress_reports.filter(status=ReportStatus.APPROVED, version=2).exists()  # approved after a return
    assert demo_grants[1].grant.progress_reports.filter(status=ReportStatus.RETURNED).exists()
    assert Attachment.objects.filter(report__grant=manta).exists()
    assert ReportVersion.objects.filter(submitted_at__lt=timezone.now() - datetime.timedelta(days=5)).exists()
    assert "progress reports:" in out.getvalue()
    assert mail.outbox == []  # replaying years of reporting sends no email


def test_seeding_twice_creates_nothing_new(demo_grants):
    seed_demo(stdout=io.StringIO())
    counts = (ProgressReport.objects.count(), ReportVersion.objects.count(), Attachment.objects.count())
    states = list(ProgressReport.objects.order_by("pk").values_list("status", flat=True))
    out = io.StringIO()
    seed_demo(stdout=out)
    assert (ProgressReport.objects.count(), ReportVersion.objects.count(), Attachment.objects.count()) == counts
    assert list(ProgressReport.objects.order_by("pk").values_list("status", flat=True)) == states
    assert "already had reports" in out.getvalue()


def test_without_grants_it_says_so(db):
    make_user("grant_officer", username="officer")
    out = io.StringIO()
    assert seed_demo(stdout=out) == []
    assert "no active grant" in out.getvalue()
