"""Tranches and their release conditions: what holds, what is missing, in words."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from grants.models import ConditionKind, ProgressReport, ReportStatus, Tranche
from grants.services.tranches import ConditionInput, tranche_conditions_status, tranche_create
from tests.factories import IndicatorFactory, IndicatorPeriodFactory, MilestoneFactory, ResultFactory
from tests.factories.grants import make_active_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def grant():
    return make_active_grant(committed=Decimal("200000"), tranches=())


def report(grant, start, end, status):
    return ProgressReport.objects.create(grant=grant, period_start=start, period_end=end,
                                         due_date=end + datetime.timedelta(days=30), status=status)


def test_tranche_within_budget_and_dates(grant, officer):
    with pytest.raises(ValidationError) as exc:
        tranche_create(grant=grant, amount="200000.01", planned_date=grant.start_date, by=officer)
    assert "more than the committed budget" in " ".join(exc.value.message_dict["amount"])
    with pytest.raises(ValidationError) as exc:
        tranche_create(grant=grant, amount="100", planned_date=grant.end_date + datetime.timedelta(days=1), by=officer)
    assert "outside the grant" in " ".join(exc.value.message_dict["planned_date"])
    t1 = tranche_create(grant=grant, amount="120000", planned_date=grant.start_date, by=officer)
    t2 = tranche_create(grant=grant, amount="80000", planned_date=grant.end_date, by=officer)
    assert (t1.number, t2.number) == (1, 2)
    with pytest.raises(ValidationError):
        tranche_create(grant=grant, amount="1", planned_date=grant.end_date, by=officer)


def test_report_condition(grant, officer):
    start = grant.start_date
    end = start + datetime.timedelta(days=180)
    tranche = tranche_create(grant=grant, amount="50000", planned_date=end, by=officer, conditions=[
        ConditionInput(kind=ConditionKind.REPORT_APPROVED, period_start=start, period_end=end)])
    [status] = tranche_conditions_status(tranche=tranche)
    assert not status.met and "no progress report for this period" in status.missing
    assert start.isoformat() in status.label
    r = report(grant, start, end, ReportStatus.SUBMITTED)
    [status] = tranche_conditions_status(tranche=tranche)
    assert not status.met and "submitted" in status.missing
    r.status = ReportStatus.APPROVED
    r.save()
    [status] = tranche_conditions_status(tranche=tranche)
    assert status.met and status.missing == ""


def test_report_of_another_grant_does_not_count(grant, officer):
    other = make_active_grant(tranches=())
    start, end = grant.start_date, grant.start_date + datetime.timedelta(days=90)
    tranche = tranche_create(grant=grant, amount="1000", planned_date=end, by=officer, conditions=[
        {"kind": ConditionKind.REPORT_APPROVED, "period_start": start, "period_end": end}])
    report(other, start, end, ReportStatus.APPROVED)
    assert not tranche_conditions_status(tranche=tranche)[0].met


def test_milestone_and_indicator_conditions(grant, officer):
    milestone = MilestoneFactory(initiative=grant.initiative, title="Local action plan adopted")
    result = ResultFactory(initiative=grant.initiative)
    up = IndicatorPeriodFactory(indicator=IndicatorFactory(result=result, title="Job seekers placed"),
                                target_value=Decimal("100"))
    down = IndicatorPeriodFactory(indicator=IndicatorFactory(result=result, title="Days to register", ascending=False),
                                  target_value=Decimal("10"))
    tranche = tranche_create(grant=grant, amount="1000", planned_date=grant.end_date, by=officer, conditions=[
        ConditionInput(kind=ConditionKind.MILESTONE_ACHIEVED, milestone=milestone),
        ConditionInput(kind=ConditionKind.INDICATOR_TARGET_MET, indicator_period=up),
        ConditionInput(kind=ConditionKind.INDICATOR_TARGET_MET, indicator_period=down),
    ])
    statuses = tranche_conditions_status(tranche=tranche)
    assert [s.met for s in statuses] == [False, False, False]
    assert "Local action plan adopted" in statuses[0].label and "planned" in statuses[0].missing
    assert "no actual value" in statuses[1].missing and "≤ target 10" in statuses[2].label
    milestone.status, milestone.achieved_on = "achieved", grant.start_date
    milestone.save()
    up.actual_value, down.actual_value = Decimal("99"), Decimal("10")
    up.save(), down.save()
    statuses = tranche_conditions_status(tranche=tranche)
    assert [s.met for s in statuses] == [True, False, True]
    assert "the actual value is 99" in statuses[1].missing
    up.actual_value = Decimal("100")
    up.save()
    assert all(s.met for s in tranche_conditions_status(tranche=tranche))


def test_conditions_must_belong_to_the_grant(grant, officer):
    foreign = MilestoneFactory()
    with pytest.raises(ValidationError) as exc:
        tranche_create(grant=grant, amount="1000", planned_date=grant.end_date, by=officer,
                       conditions=[ConditionInput(kind=ConditionKind.MILESTONE_ACHIEVED, milestone=foreign)])
    assert "another initiative" in " ".join(exc.value.message_dict["conditions"])
    with pytest.raises(ValidationError) as exc:
        tranche_create(grant=grant, amount="1000", planned_date=grant.end_date, by=officer, conditions=[
            ConditionInput(kind=ConditionKind.REPORT_APPROVED, period_start=grant.start_date,
                           period_end=grant.end_date + datetime.timedelta(days=1))])
    assert "outside the grant" in " ".join(exc.value.message_dict["conditions"])
    assert not Tranche.objects.exists()
