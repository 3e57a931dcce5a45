"""A small, complete portfolio for report tests: two donors, three countries, grants with money.

``report_world()`` builds it with known figures so that tests can check report totals against
the database; grant rows are written directly (the grants services are not under test here)
while respecting the grants app's constraints.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from grants import models as g
from portfolio import models as m
from tests.factories import (
    AssistanceActivityFactory,
    DonorFactory,
    IndicatorFactory,
    IndicatorPeriodFactory,
    InitiativeFactory,
    MilestoneFactory,
    OrganisationFactory,
    ProgrammeFactory,
    ResultFactory,
    country,
    make_user,
)

D = Decimal


@dataclass
class World:
    programme: m.Programme
    sdc: m.Organisation
    other_donor: m.Organisation
    initiatives: list[m.Initiative] = field(default_factory=list)
    grants: list[g.Grant] = field(default_factory=list)
    officer: object = None


def rate(base: str, quote: str, value: str, day=datetime.date(2026, 6, 30)):
    return g.ExchangeRate.objects.get_or_create(
        base=base, quote=quote, date=day, defaults={"rate": D(value), "source": "UN operational rates"}
    )[0]


def monthly_rates(base: str, quote: str, value: str, *, first=datetime.date(2024, 12, 1), last=datetime.date(2026, 7, 1)):
    """The same rate on the first of every month (operational rates are monthly)."""
    day = first
    while day <= last:
        rate(base, quote, value, day)
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def make_grant(world: World, initiative, *, reference: str, currency: str, lines: dict, paid: list, spent: list,
               funders: dict | None = None, status=g.GrantStatus.ACTIVE) -> g.Grant:
    """lines={(category, year): amount}; paid=[(date, amount)]; spent=[(category, period_end, amount)]."""
    committed = sum(lines.values(), D(0))
    grant = g.Grant.objects.create(
        initiative=initiative, grantee=initiative.lead_organisation, reference=reference,
        title=f"Grant for {initiative.title}", start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2026, 12, 31),
        currency=currency, status=status, committed_amount=committed,
        obligated_amount=sum((a for _d, a in paid), D(0)), paid_amount=sum((a for _d, a in paid), D(0)),
    )
    version = g.BudgetVersion.objects.create(
        grant=grant, number=1, status=g.BudgetVersionStatus.APPROVED,
        approved_at=timezone.make_aware(datetime.datetime(2025, 1, 10, 12, 0)))
    for (category, year), amount in lines.items():
        g.BudgetLine.objects.create(version=version, category=category, year=year, amount=amount, currency=currency)
    for number, (day, amount) in enumerate(paid, start=1):
        tranche = g.Tranche.objects.create(grant=grant, number=number, amount=amount, currency=currency, planned_date=day)
        g.DisbursementRequest.objects.create(
            grant=grant, tranche=tranche, amount=amount, currency=currency, status=g.RequestStatus.PAID,
            requested_by=world.officer, approved_at=timezone.now(), payment_reference=f"PAY-{reference}-{number}",
            paid_date=day,
        )
    for category, end, amount in spent:
        g.Expenditure.objects.create(grant=grant, category=category, period_start=end.replace(day=1) - datetime.timedelta(days=60),
                                     period_end=end, amount=amount, currency=currency,
                                     status=g.ExpenditureStatus.OFFICIAL)
    for donor, share in (funders or {}).items():
        g.GrantFunder.objects.create(grant=grant, donor=donor, share=D(share))
    world.grants.append(grant)
    return grant


def _indicator(initiative, title, *, baseline, targets_actuals, unit="people", ascending=True):
    result = ResultFactory(initiative=initiative, title=f"{title} result")
    indicator = IndicatorFactory(result=result, title=title, unit=unit, baseline_value=D(baseline), ascending=ascending)
    for (start, end), (target, actual) in targets_actuals.items():
        IndicatorPeriodFactory(indicator=indicator, period_start=start, period_end=end,
                               target_value=D(target), actual_value=None if actual is None else D(actual))
    return indicator


Q1 = (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
Q2 = (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
H2_25 = (datetime.date(2025, 7, 1), datetime.date(2025, 12, 31))


def report_world() -> World:
    """Three initiatives in Ecuador, Morocco and Serbia; SDC funds two of them."""
    programme = ProgrammeFactory(name="Joint Migration and Development Programme", short_name="JMDP")
    sdc = DonorFactory(name="Swiss Agency for Development and Cooperation", acronym="SDC", currency="CHF")
    other = DonorFactory(name="Other Donor Agency", acronym="ODA", currency="EUR")
    world = World(programme=programme, sdc=sdc, other_donor=other)
    world.officer = make_user("grant_officer", username="world-officer")
    monthly_rates("CHF", "USD", "1.1200")
    monthly_rates("EUR", "USD", "1.0800")

    manta = OrganisationFactory(name="Municipality of Manta", country=country("EC"))
    oujda = OrganisationFactory(name="Municipality of Oujda", country=country("MA"))
    svilajnac = OrganisationFactory(name="Municipality of Svilajnac", country=country("RS"))

    ec = InitiativeFactory(programme=programme, code="EC-MANTA-JOBS", title="Manta municipal job board",
                           country=country("EC"), lead_organisation=manta, location="Manta",
                           planned_budget=D("250000"), sectors=["labour", "local-planning"], targets={"10.7": 60, "8.8": 40})
    ma = InitiativeFactory(programme=programme, code="MA-OUJDA-PLAN", title="Oujda municipal action plan",
                           country=country("MA"), lead_organisation=oujda, location="Oujda", level=m.GovernanceLevel.LOCAL,
                           planned_budget=D("180000"), sectors=["migration-governance", "health"], targets={"10.7": 100})
    rs = InitiativeFactory(programme=programme, code="RS-SVI-COUNCIL", title="Svilajnac local migration council",
                           country=country("RS"), lead_organisation=svilajnac, location="Svilajnac",
                           level=m.GovernanceLevel.NATIONAL, planned_budget=D("120000"),
                           sectors=["social-protection"], targets={"17.18": 100})
    world.initiatives = [ec, ma, rs]
    for initiative in (ec, ma):
        m.InitiativeOrganisation.objects.create(initiative=initiative, organisation=sdc, role=m.OrganisationRole.FUNDING)
    m.InitiativeOrganisation.objects.create(initiative=rs, organisation=other, role=m.OrganisationRole.FUNDING)

    # Ecuador on track, Morocco at risk, Serbia off track (rule: 90 % / 60 % of the way to target).
    _indicator(ec, "People placed in jobs through the municipal job board",
               baseline="0", targets_actuals={H2_25: ("50", "48"), Q1: ("100", "95"), Q2: ("150", "140")})
    _indicator(ma, "Migrants served by the municipal one-stop shop",
               baseline="0", targets_actuals={Q1: ("200", "120"), Q2: ("300", "210")})
    _indicator(rs, "Local action plans adopted", unit="plans",
               baseline="0", targets_actuals={Q2: ("4", "1")})
    _indicator(rs, "Council meetings held", unit="meetings", baseline="0", targets_actuals={Q2: ("6", None)})

    MilestoneFactory(initiative=ec, title="Job board launched", due_date=datetime.date(2026, 5, 15),
                     status=m.MilestoneStatus.ACHIEVED, achieved_on=datetime.date(2026, 5, 10))
    MilestoneFactory(initiative=ma, title="Action plan adopted by the council", due_date=datetime.date(2026, 6, 1),
                     status=m.MilestoneStatus.DELAYED)
    AssistanceActivityFactory(initiative=ec, start_date=datetime.date(2026, 4, 20), end_date=datetime.date(2026, 4, 22),
                              participants_female=14, participants_male=10)
    AssistanceActivityFactory(initiative=ma, start_date=datetime.date(2025, 10, 1), end_date=datetime.date(2025, 10, 3),
                              participants_female=6, participants_male=9)

    S = g.CostCategory
    make_grant(world, ec, reference="GR-EC-001", currency="USD",
               lines={(S.STAFF, 2025): D("60000"), (S.TRAINING, 2025): D("40000"), (S.STAFF, 2026): D("60000"),
                      (S.TRAINING, 2026): D("40000")},
               paid=[(datetime.date(2025, 2, 1), D("80000")), (datetime.date(2026, 4, 15), D("60000"))],
               spent=[(S.STAFF, datetime.date(2025, 12, 31), D("55000")), (S.TRAINING, datetime.date(2026, 3, 31), D("20000")),
                      (S.STAFF, datetime.date(2026, 6, 30), D("25000"))],
               funders={sdc: "100"})
    make_grant(world, ma, reference="GR-MA-001", currency="CHF",
               lines={(S.EVENTS, 2025): D("50000"), (S.EVENTS, 2026): D("50000")},
               paid=[(datetime.date(2025, 3, 1), D("40000"))],
               spent=[(S.EVENTS, datetime.date(2026, 6, 30), D("30000"))],
               funders={sdc: "60", other: "40"})
    make_grant(world, rs, reference="GR-RS-001", currency="EUR",
               lines={(S.SERVICES, 2026): D("90000")},
               paid=[(datetime.date(2026, 5, 1), D("30000"))],
               spent=[(S.SERVICES, datetime.date(2026, 6, 30), D("10000"))],
               funders={other: "100"})
    return world


# The figures report_world() implies for Q2 2026 in USD (CHF at 1.12, EUR at 1.08):
#   committed 200,000 + 112,000 + 97,200 = 409,200.00
#   disbursed 140,000 + 44,800 + 32,400 = 217,200.00
#   spent     100,000 + 33,600 + 10,800 = 144,400.00
WORLD_Q2_USD = {"committed": D("409200.00"), "disbursed": D("217200.00"), "spent": D("144400.00")}
