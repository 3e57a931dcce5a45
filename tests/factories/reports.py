"""Factories for progress reports: a grant with a results framework, budget and a report to fill.

``make_report_world()`` builds one organisation's active grant with three indicators (a unit
indicator disaggregated by sex, a percentage, a qualitative one) with periods overlapping the
report's quarter, two open milestones, a budget in three cost categories, a partner user and the
draft report. Fixtures at the bottom are imported by the report test modules.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import factory
import pytest

from grants import models as g
from grants.services.reports import ExpenditureEntry, IndicatorEntry, MilestoneEntry, ReportDraft
from portfolio import models as m
from tests.factories import (
    IndicatorFactory,
    IndicatorPeriodFactory,
    InitiativeFactory,
    MilestoneFactory,
    OrganisationFactory,
    ResultFactory,
    make_user,
)
from tests.factories.grants import GrantFactory

PERIOD_START = datetime.date(2025, 1, 1)
PERIOD_END = datetime.date(2025, 3, 31)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = g.ProgressReport

    grant = factory.SubFactory(GrantFactory)
    period_start = PERIOD_START
    period_end = PERIOD_END
    due_date = factory.LazyAttribute(lambda o: o.period_end + datetime.timedelta(days=30))


@dataclass
class ReportWorld:
    organisation: m.Organisation
    initiative: m.Initiative
    grant: g.Grant
    report: g.ProgressReport
    partner: object
    people: m.IndicatorPeriod      # unit, by sex
    share: m.IndicatorPeriod       # percentage
    story: m.IndicatorPeriod       # qualitative
    milestone: m.Milestone
    milestone2: m.Milestone

    def complete_draft(self, **overrides) -> ReportDraft:
        """A draft that passes the submission check."""
        values = dict(
            progress="Municipal job board opened in Manta; 120 people registered.",
            challenges="Late transfer of municipal co-funding.",
            lessons="Returnees trust the diaspora desk more than the town hall.",
            next_steps="Second training cycle in May.",
            indicators=[
                IndicatorEntry(self.people.pk, Decimal("120"), Decimal("70"), Decimal("50"), "From the job-board register."),
                IndicatorEntry(self.share.pk, Decimal("35.5")),
                IndicatorEntry(self.story.pk, comment="Local migration council met twice."),
            ],
            milestones=[MilestoneEntry(self.milestone.pk, m.MilestoneStatus.ACHIEVED, datetime.date(2025, 3, 15),
                                       "Signed decree No. 12-2025.")],
            expenditure=[ExpenditureEntry("training", Decimal("12500.00"), "Two workshops"),
                         ExpenditureEntry("staff", Decimal("8000")), ExpenditureEntry("travel", Decimal("0"))],
        )
        values.update(overrides)
        return ReportDraft(**values)


def make_report_world(*, name: str = "Municipality of Manta", country: str = "EC", username: str | None = None,
                      status=g.ReportStatus.DRAFT, grant_status=g.GrantStatus.ACTIVE) -> ReportWorld:
    org = OrganisationFactory(name=name, country=m.Country.objects.get(iso2=country))
    initiative = InitiativeFactory(lead_organisation=org, country=m.Country.objects.get(iso2=country),
                                   planned_start=datetime.date(2024, 7, 1), planned_end=datetime.date(2026, 6, 30))
    grant = GrantFactory(initiative=initiative, grantee=org, status=grant_status, currency="USD",
                         start_date=datetime.date(2024, 7, 1), end_date=datetime.date(2026, 6, 30),
                         committed_amount=Decimal("200000"))
    version = g.BudgetVersion.objects.create(grant=grant, number=1, status=g.BudgetVersionStatus.APPROVED)
    for category, amount in (("staff", "80000"), ("training", "90000"), ("travel", "30000")):
        g.BudgetLine.objects.create(version=version, category=category, year=2025, amount=Decimal(amount), currency="USD")
    result = ResultFactory(initiative=initiative, title="Migrants find decent work locally")
    people = IndicatorPeriodFactory(
        indicator=IndicatorFactory(result=result, title="People placed in jobs", disaggregated_by_sex=True),
        period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 6, 30), target_value=Decimal("200"),
        target_female=Decimal("100"), target_male=Decimal("100"))
    share = IndicatorPeriodFactory(
        indicator=IndicatorFactory(result=result, title="Share of returnees registered", measure=m.IndicatorMeasure.PERCENTAGE,
                                   unit="%"),
        period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 3, 31), target_value=Decimal("40"))
    story = IndicatorPeriodFactory(
        indicator=IndicatorFactory(result=result, title="Coordination with the national level",
                                   measure=m.IndicatorMeasure.QUALITATIVE, unit=""),
        period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 12, 31), target_value=None)
    milestone = MilestoneFactory(initiative=initiative, title="Municipal decree on the job board",
                                 due_date=datetime.date(2025, 3, 31))
    milestone2 = MilestoneFactory(initiative=initiative, title="Second training cycle", due_date=datetime.date(2025, 5, 31))
    report = g.ProgressReport.objects.create(grant=grant, period_start=PERIOD_START, period_end=PERIOD_END,
                                             due_date=datetime.date(2025, 4, 30), status=status)
    partner = make_user("partner", username=username, organisation=org)
    return ReportWorld(org, initiative, grant, report, partner, people, share, story, milestone, milestone2)


# --- fixtures (import them into a test module: ``from tests.factories.reports import world, other``) ---

@pytest.fixture
def world(db):
    return make_report_world(username="partner-manta")


@pytest.fixture
def other(db):
    """A second organisation with its own grant and report, in another country."""
    return make_report_world(name="Commune of Oujda", country="MA", username="partner-oujda")


@pytest.fixture
def reviewer(db):
    return make_user("grant_officer", username="reviewer")
