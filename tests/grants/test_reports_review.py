"""Officers' review in the Wagtail admin: queue, review beside the previous period, return, approve,
diff between versions, the status board, schedules; scope and roles."""
import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from grants.models import AuditEntry, ProgressReport, ReportingSchedule, ReportStatus, ReportVersion
from grants.selectors.status_board import status_board
from grants.services.reports import ExpenditureEntry, IndicatorEntry, report_approve, report_return, report_save_draft, report_submit
from tests.factories import make_user
from tests.factories.grants import coordinator_for
from tests.factories.reports import other, reviewer, world  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def _submit(w):
    report_save_draft(report=w.report, draft=w.complete_draft(), by=w.partner)
    return report_submit(report=w.report, by=w.partner)


@pytest.fixture
def officer_client(reviewer):
    c = Client()
    c.force_login(reviewer)
    return c


def test_queue_lists_reports_waiting_for_review(world, other, officer_client):
    _submit(world)
    page = officer_client.get(reverse("grants_reports:index")).content.decode()
    assert world.grant.reference in page and other.grant.reference not in page  # other is still a draft
    everything = officer_client.get(reverse("grants_reports:index") + "?status=").content.decode()
    assert other.grant.reference in everything
    filtered = officer_client.get(reverse("grants_reports:index") + f"?status=&country={other.initiative.country_id}")
    assert world.grant.reference not in filtered.content.decode()


def test_dashboard_panel_counts_waiting_reports(world, officer_client):
    _submit(world)
    page = officer_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 progress report waiting for review" in page


def test_review_page_shows_report_previous_period_and_targets(world, reviewer, officer_client):
    first = _submit(world)
    report_approve(report=first, by=reviewer)
    second = ProgressReport.objects.create(grant=world.grant, period_start=datetime.date(2025, 4, 1),
                                           period_end=datetime.date(2025, 6, 30), due_date=datetime.date(2025, 7, 30))
    report_save_draft(report=second, draft=world.complete_draft(
        progress="Second quarter: 160 placed.", milestones=[],
        indicators=[IndicatorEntry(world.people.pk, Decimal("160"), Decimal("90"), Decimal("70")),
                    IndicatorEntry(world.story.pk, comment="Joint plan drafted.")]), by=world.partner)
    report_submit(report=second, by=world.partner)
    page = officer_client.get(reverse("grants_reports:review", args=[second.pk])).content.decode()
    assert "Second quarter: 160 placed." in page
    assert "Municipal job board opened in Manta" in page  # previous period's narrative beside it
    assert "160" in page and "80 %" in page  # 160 of a 200 target
    assert 'value="approve"' in page and 'value="return"' in page


def test_return_then_approve_through_the_screens(world, reviewer, officer_client):
    report = _submit(world)
    url = reverse("grants_reports:review", args=[report.pk])
    empty = officer_client.post(url, {"decision": "return"})
    assert empty.status_code == 400 and "at least one section" in empty.content.decode()
    response = officer_client.post(url, {"decision": "return", "comment_progress": "How many women?",
                                         "comment_expenditure": "Staff line looks high."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert dict(report.comments.values_list("section", "comment")) == {
        "progress": "How many women?", "expenditure": "Staff line looks high."}

    draft = world.complete_draft(progress="Municipal job board opened in Manta; 70 of 120 were women.")
    draft.expenditure = [ExpenditureEntry("staff", Decimal("6000"))]
    report_save_draft(report=report, draft=draft, by=world.partner)
    report_submit(report=report, by=world.partner)

    diff = officer_client.get(reverse("grants_reports:diff", args=[report.pk])).content.decode()
    assert "<ins>70 of </ins>" in diff and "<del>people</del><ins>were</ins>" in diff
    assert "8000" in diff and "6000" in diff

    response = officer_client.post(url, {"decision": "approve", "note": "Thorough."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    entry = AuditEntry.objects.get(action="report.approve")
    assert entry.actor == reviewer and entry.reason == "Thorough."


def test_coordinator_sees_own_countries_read_only(world, other):
    _submit(world)
    ecuador = coordinator_for("EC", username="coord-ec")
    morocco = coordinator_for("MA", username="coord-ma")
    c = Client()
    c.force_login(ecuador)
    page = c.get(reverse("grants_reports:review", args=[world.report.pk]))
    assert page.status_code == 200 and 'value="approve"' not in page.content.decode()
    # Refused by the service (Wagtail turns PermissionDenied into a redirect with a message).
    assert c.post(reverse("grants_reports:review", args=[world.report.pk]),
                  {"decision": "approve"}).status_code in (302, 403)
    assert ProgressReport.objects.get(pk=world.report.pk).status == ReportStatus.SUBMITTED
    c.force_login(morocco)
    for name in ("review", "diff"):
        assert c.get(reverse(f"grants_reports:{name}", args=[world.report.pk])).status_code == 404
    assert c.get(reverse("grants_reports:schedule", args=[world.grant.pk])).status_code == 404
    assert world.grant.reference not in c.get(reverse("grants_reports:index") + "?status=").content.decode()


def test_partners_do_not_get_the_review_screens(world):
    c = Client()
    c.force_login(world.partner)
    response = c.get(reverse("grants_reports:index"))
    assert response.status_code in (302, 403)


def test_diff_needs_two_versions(world, officer_client):
    _submit(world)
    assert officer_client.get(reverse("grants_reports:diff", args=[world.report.pk])).status_code == 404


def test_index_query_count_is_constant(world, officer_client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.reports import make_report_world

    url = reverse("grants_reports:index") + "?status="
    officer_client.get(url)
    with CaptureQueriesContext(connection) as few:
        officer_client.get(url)
    for i in range(4):
        make_report_world(name=f"Municipality {i}")
    with CaptureQueriesContext(connection) as many:
        officer_client.get(url)
    assert len(many) == len(few)


def test_status_board_on_time_late_missing(world, reviewer):
    from tests.factories import IndicatorPeriodFactory

    now = timezone.make_aware(datetime.datetime(2025, 9, 1, 12))
    # An indicator period of Q4 2024 that no report carries: missing once its deadline (30 January) passed.
    IndicatorPeriodFactory(indicator=world.share.indicator, period_start=datetime.date(2024, 10, 1),
                           period_end=datetime.date(2024, 12, 31), target_value=Decimal("30"))
    # Q1 report: first submitted on time (20 April, due 30 April), then returned and resubmitted late.
    report = _submit(world)
    ReportVersion.objects.filter(report=report).update(submitted_at=timezone.make_aware(datetime.datetime(2025, 4, 20)))
    report_return(report=report, comments={"general": "Check the totals."}, by=reviewer)
    report_save_draft(report=report, draft=world.complete_draft(), by=world.partner)
    report_submit(report=report, by=world.partner)
    # Q2 report: submitted late, carrying a value for a period that ended in June (due 30 July).
    late = ProgressReport.objects.create(grant=world.grant, period_start=datetime.date(2025, 4, 1),
                                         period_end=datetime.date(2025, 6, 30), due_date=datetime.date(2025, 7, 30))
    june = IndicatorPeriodFactory(indicator=world.story.indicator.result.indicators.first(),
                                  period_start=datetime.date(2025, 4, 1), period_end=datetime.date(2025, 6, 29),
                                  target_value=Decimal("10"))
    report_save_draft(report=late, draft=world.complete_draft(indicators=[
        IndicatorEntry(world.people.pk, Decimal("150"), Decimal("80"), Decimal("70")),
        IndicatorEntry(world.story.pk, comment="Met again."), IndicatorEntry(june.pk, Decimal("12"), Decimal("6"), Decimal("6"))],
        milestones=[]), by=world.partner)
    report_submit(report=late, by=world.partner)
    ReportVersion.objects.filter(report=late).update(submitted_at=timezone.make_aware(datetime.datetime(2025, 8, 10)))
    # An older period never submitted: missing; a current one: open.
    ProgressReport.objects.create(grant=world.grant, period_start=datetime.date(2024, 10, 1),
                                  period_end=datetime.date(2024, 12, 31), due_date=datetime.date(2025, 1, 30))
    ProgressReport.objects.create(grant=world.grant, period_start=datetime.date(2025, 7, 1),
                                  period_end=datetime.date(2025, 9, 30), due_date=datetime.date(2025, 10, 30))

    blocks = status_board(user=reviewer, now=now)
    row = [r for b in blocks for r in b.rows if r.grant == world.grant][0]
    # The resubmission does not make the Q1 report late: its first submission was on time.
    assert (row.reports.on_time, row.reports.late, row.reports.missing, row.reports.open) == (1, 1, 1, 1)
    assert [r["period_end"] for r in row.overdue] == [datetime.date(2024, 12, 31)]
    # Periods past their deadline on 1 September: people (ends 30 June, first reported 20 April) and
    # share (Q1, 20 April) on time; the June period reported only on 10 August: late; the
    # uncarried Q4 2024 period: missing. The story period ends in December: not due yet.
    assert (row.indicators.on_time, row.indicators.late, row.indicators.missing) == (2, 1, 1)


def test_status_board_page_and_scope(world, other, officer_client):
    summary = officer_client.get(reverse("grants_reports:board")).content.decode()
    ec, ma = world.initiative.country_id, other.initiative.country_id
    assert f'href="?country={ec}"' in summary and f'href="?country={ma}"' in summary  # a row per country
    assert world.grant.reference not in summary
    ecuador = officer_client.get(reverse("grants_reports:board") + f"?country={world.initiative.country_id}")
    page = ecuador.content.decode()
    assert world.grant.reference in page and other.grant.reference not in page
    assert "Indicator updates on time" in page
    c = Client()
    c.force_login(coordinator_for("MA", username="coord-ma"))
    assert f'href="?country={ec}"' not in c.get(reverse("grants_reports:board")).content.decode()
    assert world.grant.reference not in c.get(
        reverse("grants_reports:board") + f"?country={world.initiative.country_id}").content.decode()


def test_schedule_screen_sets_the_schedule_and_opens_reports(world, officer_client):
    url = reverse("grants_reports:schedule", args=[world.grant.pk])
    bad = officer_client.post(url, {"frequency": "custom", "custom_period_ends": "2025-13-01", "days_to_report": 30,
                                    "final_report_days": 60, "remind_days_before": 7, "remind_overdue_every_days": 7})
    assert bad.status_code == 400 and "is not a date" in bad.content.decode()
    response = officer_client.post(url, {"frequency": "semi_annual", "custom_period_ends": "", "days_to_report": 45,
                                         "final_report_days": 90, "remind_days_before": 10,
                                         "remind_overdue_every_days": 14})
    assert response.status_code == 302
    schedule = ReportingSchedule.objects.get(grant=world.grant)
    assert (schedule.frequency, schedule.days_to_report) == ("semi_annual", 45)
    assert ProgressReport.objects.filter(grant=world.grant, period_start=datetime.date(2024, 7, 1),
                                         period_end=datetime.date(2024, 12, 31)).exists()


def test_finance_officer_can_read_but_not_decide(world):
    finance = make_user("finance_officer", username="fin")
    report = _submit(world)
    c = Client()
    c.force_login(finance)
    page = c.get(reverse("grants_reports:review", args=[report.pk]))
    assert page.status_code == 200 and 'value="approve"' not in page.content.decode()
    with pytest.raises(Exception):
        report_return(report=report, comments={"general": "no"}, by=finance)
