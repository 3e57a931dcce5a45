"""Finance selectors: budget vs actual, burn rates, flags, roll-ups in a reporting currency, queues."""
import datetime
from decimal import Decimal

import pytest
from django.db.models import F
from django.utils import timezone

from grants.models import (
    Amendment,
    AmendmentType,
    BudgetVersion,
    DisbursementRequest,
    Expenditure,
    ExpenditureStatus,
    Grant,
    GrantFunder,
    GrantSettings,
    RequestStatus,
)
from grants.selectors.dashboard import officer_queue
from grants.selectors.finance import budget_vs_actual, grant_finance
from grants.selectors.lists import grant_list
from grants.selectors.rollups import funding_rollup, funding_totals, public_funding_totals, sdg_funding_rollup
from tests.factories import DonorFactory, InitiativeFactory, country, make_user
from tests.factories.grants import ExchangeRateFactory, coordinator_for, make_active_grant, partner_of

pytestmark = pytest.mark.django_db
D = Decimal


def spend(grant, amount, *, category="training", start=None, end=None, status=ExpenditureStatus.OFFICIAL):
    start = start or grant.start_date
    return Expenditure.objects.create(grant=grant, category=category, period_start=start,
                                      period_end=end or start + datetime.timedelta(days=89), amount=D(amount),
                                      currency=grant.currency, status=status)


def pay(grant, amount, day, number=1):
    tranche = grant.tranches.get(number=number)
    r = DisbursementRequest.objects.create(grant=grant, tranche=tranche, amount=D(amount), currency=grant.currency,
                                           status=RequestStatus.PAID, requested_by=make_user("partner", organisation=grant.grantee),
                                           approved_at=timezone.now(), paid_date=day, payment_reference="P")
    Grant.objects.filter(pk=grant.pk).update(obligated_amount=F("obligated_amount") + r.amount,
                                             paid_amount=F("paid_amount") + r.amount)
    return r


def test_budget_vs_actual_and_burn_rates(officer):
    grant = make_active_grant(committed=D("200000"))
    year = grant.start_date.year
    spend(grant, "30000")
    spend(grant, "5000", category="travel")
    spend(grant, "99999", status=ExpenditureStatus.DRAFT)  # drafts do not count
    pay(grant, "50000", grant.start_date)
    grant.refresh_from_db()
    lines = budget_vs_actual(grant=grant)
    assert [(line.category, line.year, line.budget, line.spent) for line in lines] == [
        ("training", year, D("200000"), D("30000")), ("travel", year, D(0), D("5000"))]
    finance = grant_finance(grant=grant)
    assert (finance.disbursed, finance.spent, finance.remaining) == (D("50000"), D("35000"), D("150000"))
    assert finance.spent_of_disbursed == D("0.7000") and finance.disbursed_of_committed == D("0.2500")
    assert any("spending without a budget line" in f.message for f in finance.flags)
    assert grant_list(user=officer).get(pk=grant.pk).spent_amount == D("35000")


def test_overspend_and_underspend_flags():
    grant = make_active_grant(committed=D("100000"))
    spend(grant, "120000")
    kinds = [f.kind for f in grant_finance(grant=grant).flags]
    assert kinds.count("overspend") == 2  # the grant and its only line
    quiet = make_active_grant(committed=D("100000"))
    today = quiet.start_date + (quiet.end_date - quiet.start_date) / 2
    flags = grant_finance(grant=quiet, today=today).flags
    assert [f.kind for f in flags] == ["underspend"]
    rules = GrantSettings.load()
    rules.underspend_threshold_pct = 0
    rules.save()
    assert grant_finance(grant=quiet, today=today).flags == []


@pytest.fixture
def portfolio_in_two_currencies():
    """Ecuador: a USD grant; Senegal: a EUR grant, with monthly EUR rates."""
    jan, feb = datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)
    ExchangeRateFactory(base="EUR", quote="USD", date=jan, rate=D("1.10"))
    ExchangeRateFactory(base="EUR", quote="USD", date=feb, rate=D("1.20"))
    sdc, eu = DonorFactory(name="SDC"), DonorFactory(name="EU")
    ec = make_active_grant(committed=D("100000"), initiative=InitiativeFactory(country=country("EC")), donor=sdc)
    sn = make_active_grant(committed=D("200000"), currency="EUR", donor=sdc,
                           initiative=InitiativeFactory(country=country("SN"), is_published=False))
    GrantFunder.objects.filter(grant=sn).update(share=D("60"))
    GrantFunder.objects.create(grant=sn, donor=eu, share=D("40"))
    BudgetVersion.objects.filter(grant__in=[ec, sn]).update(approved_at=datetime.datetime(2026, 1, 15, tzinfo=datetime.UTC))
    pay(ec, "10000", datetime.date(2026, 2, 10))
    pay(sn, "50000", datetime.date(2026, 1, 20))
    pay(sn, "10000", datetime.date(2026, 2, 20), number=2)
    spend(sn, "20000", start=datetime.date(2026, 1, 1), end=datetime.date(2026, 2, 28))
    return ec, sn, sdc, eu


def test_country_totals_convert_at_each_value_date_and_list_the_rates(portfolio_in_two_currencies, officer):
    totals = funding_totals(user=officer, currency="USD")
    rows = {r.key.iso2: r for r in totals.rows}
    # EUR 200,000 committed on 15 January at 1.10; paid 50,000 at 1.10 and 10,000 at 1.20; spent 20,000 at 1.20.
    assert (rows["SN"].committed, rows["SN"].disbursed, rows["SN"].spent) == (D("220000.00"), D("67000.00"), D("24000.00"))
    assert (rows["EC"].committed, rows["EC"].disbursed) == (D("100000.00"), D("10000.00"))
    assert totals.total.committed == D("320000.00") and totals.complete
    assert totals.rates_described() == ["1 EUR = 1.1 USD on 2026-01-01 (Test rates)",
                                        "1 EUR = 1.2 USD on 2026-02-01 (Test rates)"]


def test_missing_rates_are_reported_not_guessed(portfolio_in_two_currencies, officer):
    totals = funding_totals(user=officer, currency="CHF")
    assert not totals.complete
    assert {(m.currency, m.measure) for m in totals.missing} >= {("EUR", "committed"), ("USD", "disbursed")}
    assert totals.total.committed == 0


def test_scoped_and_public_totals(portfolio_in_two_currencies):
    coordinator = coordinator_for("EC")
    assert [r.key.iso2 for r in funding_totals(user=coordinator).rows] == ["EC"]
    assert [r.key.iso2 for r in public_funding_totals().rows] == ["EC"], "unpublished Senegal stays private"
    partner = partner_of(portfolio_in_two_currencies[1])
    assert [r.key.iso2 for r in funding_totals(user=partner).rows] == ["SN"]


def test_donor_rollup_credits_each_funder_with_its_share(portfolio_in_two_currencies, officer):
    ec, sn, sdc, eu = portfolio_in_two_currencies
    rows = {r.key: r for r in funding_rollup(user=officer, by="donor", currency="USD").rows}
    assert rows[eu].committed == D("88000.00")  # 40 % of EUR 200,000 at 1.10
    assert rows[sdc].committed == D("232000.00")  # USD 100,000 + 60 % of EUR 200,000 at 1.10
    assert rows[eu].disbursed == D("26800.00")


def test_sdg_rollup_gets_committed_budget_by_share(officer):
    initiative = InitiativeFactory(targets={"10.7": 60, "8.8": 40})
    grant = make_active_grant(committed=D("200000"), initiative=initiative)
    BudgetVersion.objects.filter(grant=grant).update(approved_at=timezone.now())
    result = sdg_funding_rollup(user=officer, currency="USD")
    targets = {t.target.code: t.committed for g in result.goals for t in g.targets}
    assert targets == {"10.7": D("120000.00"), "8.8": D("80000.00")}
    goals = {g.goal.number: g.committed for g in result.goals}
    assert goals == {10: D("120000.00"), 8: D("80000.00")}


def test_officer_queue_and_constant_queries(officer, finance, django_assert_max_num_queries):
    def build(n):
        for _ in range(n):
            grant = make_active_grant(committed=D("100000"))
            partner = partner_of(grant)
            tranche = grant.tranches.get(number=1)
            DisbursementRequest.objects.create(grant=grant, tranche=tranche, amount=D("100"), currency="USD",
                                               requested_by=partner)
            r2 = DisbursementRequest.objects.create(grant=grant, tranche=grant.tranches.get(number=2), amount=D("100"),
                                                    currency="USD", requested_by=partner, status=RequestStatus.APPROVED,
                                                    approved_at=timezone.now())
            Grant.objects.filter(pk=grant.pk).update(obligated_amount=r2.amount)
            spend(grant, "150000")
            Amendment.objects.create(grant=grant, type=AmendmentType.NO_COST_EXTENSION, reason="x",
                                     status="submitted", new_end_date=grant.end_date + datetime.timedelta(days=9),
                                     requested_by=make_user("grant_officer"))

    build(2)
    with django_assert_max_num_queries(20) as small:
        queue = officer_queue(user=officer)
    assert queue.to_review.count == 2 and queue.amendments.count == 2 and queue.spending.count == 2
    assert queue.overdue_tranches.count >= 2 and queue.releases_due.count == 0
    assert officer_queue(user=finance).releases_due.count == 2
    build(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        big = officer_queue(user=officer)
    assert big.to_review.count == 12 and len(big.to_review.items) == 8


def test_public_totals_narrowed_to_a_country_read_as_money(portfolio_in_two_currencies):
    from grants.selectors import public_funding_totals as from_package
    from portfolio.models import Initiative

    totals = from_package(initiatives=Initiative.objects.filter(country=country("EC")))
    assert [str(m) for m in totals["committed"]] == ["USD 100,000.00"]
    assert totals.money("disbursed").amount == D("10000.00")
    empty = from_package(initiatives=Initiative.objects.filter(country=country("SN")))
    assert empty.rows == [] and empty["committed"][0].amount == 0


def test_public_totals_query_only_the_measures_asked_for(portfolio_in_two_currencies):
    """The public site shows committed and disbursed: spending is not queried, and a spending
    amount without a rate does not mark the shown figures incomplete."""
    ec = portfolio_in_two_currencies[0]
    Expenditure.objects.create(grant=ec, category="training", period_start=datetime.date(2026, 3, 1),
                               period_end=datetime.date(2026, 3, 31), amount=D("500"), currency="XOF",
                               status=ExpenditureStatus.OFFICIAL)
    everything = public_funding_totals(currency="USD")
    assert not everything.complete and {m.measure for m in everything.missing} == {"spent"}
    shown = public_funding_totals(currency="USD", measures=("committed", "disbursed"))
    assert shown.complete and shown.total.spent == 0
    assert (shown.total.committed, shown.total.disbursed) == (everything.total.committed, everything.total.disbursed)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    with CaptureQueriesContext(connection) as all_three:
        public_funding_totals(currency="USD")
    with CaptureQueriesContext(connection) as two:
        public_funding_totals(currency="USD", measures=("committed", "disbursed"))
    assert any("grants_expenditure" in q["sql"] for q in all_three.captured_queries)
    assert not any("grants_expenditure" in q["sql"] for q in two.captured_queries)
    assert len(two) < len(all_three)
    with pytest.raises(ValueError, match="unknown measures"):
        public_funding_totals(measures=("comitted",))
