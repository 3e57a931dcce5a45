"""The snapshot: figures checked against the database, scopes kept apart, digest stable."""
import datetime
from decimal import Decimal

import pytest

from grants.models import DisbursementRequest, Expenditure, ExpenditureStatus, Grant, RequestStatus
from reporting.periods import parse_period, parse_scope
from reporting.snapshot import ScopeError, build_snapshot, digest
from tests.factories.reporting import WORLD_Q2_USD, monthly_rates

pytestmark = pytest.mark.django_db


def snap(spec, period, as_of, **kwargs):
    return build_snapshot(spec=parse_scope(spec), period=period, as_of=as_of, **kwargs)


def test_programme_totals_match_the_database_converted_at_the_listed_rates(world, q2, as_of):
    data = snap("programme", q2, as_of)
    totals = {k: Decimal(v) for k, v in data["finance"]["totals"].items()}
    assert totals["committed"] == WORLD_Q2_USD["committed"]
    assert totals["disbursed"] == WORLD_Q2_USD["disbursed"]
    assert totals["spent"] == WORLD_Q2_USD["spent"]
    # Recomputed independently from the rows and the rates the report lists.
    rates = {r["base"]: Decimal(r["high"]) for r in data["meta"]["rates"]}
    assert all(r["low"] == r["high"] for r in data["meta"]["rates"])  # the world's rates are constant
    rates["USD"] = Decimal(1)
    paid = sum(r.amount * rates[r.currency] for r in DisbursementRequest.objects.filter(status=RequestStatus.PAID))
    spent = sum(e.amount * rates[e.currency] for e in Expenditure.objects.filter(status=ExpenditureStatus.OFFICIAL))
    committed = sum(g.committed_amount * rates[g.currency] for g in Grant.objects.all())
    assert (paid, spent, committed) == (totals["disbursed"], totals["spent"], totals["committed"])
    assert {r["base"] for r in data["meta"]["rates"]} == {"CHF", "EUR"}
    assert data["finance"]["burn_rate"] == "0.3529"


def test_in_period_figures_only_count_the_period(world, q2, as_of):
    totals = snap("programme", q2, as_of)["finance"]["totals"]
    # Q2 2026: 60,000 USD (EC) + 30,000 EUR (RS) paid; 25,000 USD + 30,000 CHF + 10,000 EUR spent.
    assert Decimal(totals["disbursed_in_period"]) == Decimal("60000") + Decimal("32400")
    assert Decimal(totals["spent_in_period"]) == Decimal("25000") + Decimal("33600") + Decimal("10800")


def test_indicator_status_follows_the_documented_rule(world, q2, as_of):
    data = snap("programme", q2, as_of)
    counts = data["summary"]["indicators"]
    assert (counts["on_track"], counts["at_risk"], counts["off_track"], counts["no_data"]) == (1, 1, 1, 1)
    assert counts["on_track_share"] == "0.3333"
    statuses = {i["title"]: i["status"] for block in data["results"]["results"] for i in block["indicators"]}
    assert statuses["People placed in jobs through the municipal job board"] == "on_track"  # 140/150 = 93 %
    assert statuses["Migrants served by the municipal one-stop shop"] == "at_risk"  # 210/300 = 70 %
    assert statuses["Local action plans adopted"] == "off_track"  # 1/4 = 25 %
    assert statuses["Council meetings held"] == "no_data"


def test_donor_scope_holds_only_what_the_donor_funds(world, q2, as_of):
    data = snap(f"donor:{world.sdc.pk}", q2, as_of)
    assert data["basics"]["countries"] == ["Ecuador", "Morocco"]
    assert {g["reference"] for g in data["annex"]["grants"]} == {"GR-EC-001", "GR-MA-001"}
    assert "Serbia" not in str(data)
    assert Decimal(data["finance"]["totals"]["committed"]) == Decimal("200000") + Decimal("112000")
    shares = {d["name"]: Decimal(d["committed"]) for d in data["finance"]["by_donor"]}
    # The Moroccan grant is 60 % SDC, 40 % the other donor.
    assert shares["Swiss Agency for Development and Cooperation"] == Decimal("200000") + Decimal("67200")
    assert shares["Other Donor Agency"] == Decimal("44800")


def test_country_and_grant_scopes(world, q2, as_of):
    ec = snap("country:EC", q2, as_of)
    assert [c["country"] for c in ec["coherence"]] == ["Ecuador"]
    assert ec["basics"]["initiatives"] == 1 and ec["annex"]["grant_detail"] is None
    grant = Grant.objects.get(reference="GR-MA-001")
    g = snap(f"grant:{grant.pk}", q2, as_of)
    detail = g["annex"]["grant_detail"]
    assert [t["number"] for t in detail["tranches"]] == [1]
    assert {t["type"] for t in detail["transactions"]} == {"Disbursement", "Expenditure"}
    assert [f["share"] for f in detail["funders"]] == ["60.00", "40.00"]


def test_report_currency_converts_everything_and_lists_its_rates(world, q2, as_of):
    monthly_rates("USD", "CHF", "0.8900")
    data = snap(f"donor:{world.sdc.pk}", q2, as_of, currency="CHF")
    assert data["meta"]["currency"] == "CHF"
    # 200,000 USD at 0.89 + 100,000 CHF as is.
    assert Decimal(data["finance"]["totals"]["committed"]) == Decimal("178000.00") + Decimal("100000.00")
    assert [r["base"] for r in data["meta"]["rates"]] == ["USD"]


def test_a_missing_rate_is_left_out_and_named_never_added_raw(world, q2, as_of):
    from grants.models import ExchangeRate

    ExchangeRate.objects.filter(base="EUR").delete()
    data = snap("programme", q2, as_of)
    assert data["meta"]["missing_rates"] == ["EUR"]
    assert Decimal(data["finance"]["totals"]["committed"]) == Decimal("200000") + Decimal("112000")


def test_unknown_scopes_raise_a_clear_error(world, q2, as_of):
    with pytest.raises(ScopeError, match="No donor with id 999999"):
        snap("donor:999999", q2, as_of)
    with pytest.raises(ScopeError, match="No programme country with ISO code ZZ"):
        snap("country:ZZ", q2, as_of)
    with pytest.raises(ScopeError, match="No grant with id 999999"):
        snap("grant:999999", q2, as_of)


def test_an_empty_scope_says_so(world, as_of):
    data = snap("country:NP", parse_period("2026-Q2"), as_of)
    assert data["empty"] is True and data["finance"] is None


def test_same_data_same_digest_and_changes_change_it(world, q2, as_of):
    first = snap("programme", q2, as_of)
    assert digest(first) == digest(snap("programme", q2, as_of))
    Expenditure.objects.filter(grant__reference="GR-EC-001").update(amount=Decimal("1"))
    assert digest(first) != digest(snap("programme", q2, as_of))


def test_snapshot_is_cut_at_the_as_of_date(world, q2):
    early = snap("programme", q2, datetime.datetime(2026, 4, 20, tzinfo=datetime.timezone.utc))
    assert early["meta"]["effective_date"] == "2026-04-20"
    # The 2026-04-15 payment is in, the 2026-05-01 one is not; no expenditure period had ended yet in Q2.
    assert Decimal(early["finance"]["totals"]["disbursed_in_period"]) == Decimal("60000")
    assert Decimal(early["finance"]["totals"]["spent_in_period"]) == Decimal("0")


def test_snapshot_queries_do_not_grow_with_the_portfolio(world, q2, as_of):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import IndicatorFactory, IndicatorPeriodFactory, InitiativeFactory, ResultFactory, country
    from tests.factories.reporting import make_grant

    with CaptureQueriesContext(connection) as before:
        snap("programme", q2, as_of)
    for n in range(4):
        initiative = InitiativeFactory(programme=world.programme, country=country("EC"), sectors=["health"],
                                       targets={"10.7": 100})
        indicator = IndicatorFactory(result=ResultFactory(initiative=initiative))
        IndicatorPeriodFactory(indicator=indicator, period_start=datetime.date(2026, 4, 1),
                               period_end=datetime.date(2026, 6, 30), actual_value=Decimal("50"))
        make_grant(world, initiative, reference=f"GR-EXTRA-{n}", currency="USD",
                   lines={("staff", 2026): Decimal("1000")}, paid=[(datetime.date(2026, 5, 1), Decimal("500"))],
                   spent=[("staff", datetime.date(2026, 6, 30), Decimal("100"))], funders={world.sdc: "100"})
    with CaptureQueriesContext(connection) as after:
        snap("programme", q2, as_of)
    assert len(after) == len(before)


@pytest.mark.parametrize("scope", ["programme", "country:MA"])
def test_finance_matches_the_grants_finance_screens(world, q2, as_of, scope, admin_user):
    """Same scope, same figures as grants.selectors.rollups.funding_totals (no second set of numbers)."""
    from grants.selectors.rollups import funding_totals
    from reporting.snapshot.scope import resolve_scope

    data = snap(scope, q2, as_of)
    theirs = funding_totals(user=admin_user, currency="USD", period_end=q2.end,
                            initiatives=resolve_scope(parse_scope(scope)).initiatives)
    ours = {r["name"]: r for r in data["finance"]["by_country"]}
    assert {row.label for row in theirs.rows} == set(ours)
    for row in theirs.rows:
        for measure in ("committed", "disbursed", "spent"):
            assert Decimal(ours[row.label][measure]) == getattr(row, measure), (row.label, measure)
    for measure in ("committed", "disbursed", "spent"):
        assert Decimal(data["finance"]["totals"][measure]) == getattr(theirs.total, measure)


def test_money_on_a_grant_without_funders_is_shown_as_not_attributed(world, q2, as_of):
    from tests.factories.reporting import make_grant

    make_grant(world, world.initiatives[0], reference="GR-EC-NOFUNDER", currency="USD",
               lines={("staff", 2026): Decimal("5000")}, paid=[(datetime.date(2026, 5, 2), Decimal("1000"))],
               spent=[("staff", datetime.date(2026, 6, 30), Decimal("400"))])
    data = snap("programme", q2, as_of)
    rows = {r["name"]: r for r in data["finance"]["by_donor"]}
    assert rows["Not attributed to a donor"] == {"name": "Not attributed to a donor", "committed": "5000.00",
                                                 "disbursed": "1000.00", "spent": "400.00"}
    attributed = sum(Decimal(r["committed"]) for r in data["finance"]["by_donor"])
    assert attributed == Decimal(data["finance"]["totals"]["committed"])


def test_a_commitment_without_an_approval_time_counts_on_the_signing_day(world, q2, as_of):
    """A budget version marked approved without its time (an import, old data) used to crash the
    snapshot ("Invalid isoformat string: 'None'") and drop out of the roll-ups: it now counts on
    the day the grant was signed, everywhere."""
    from grants.models import BudgetVersion, BudgetVersionStatus
    from grants.selectors import funding_totals
    from tests.factories import make_user

    before = snap("programme", q2, as_of)["finance"]["totals"]["committed"]
    officer = make_user("grant_officer", username="officer-no-time")
    usd_before = funding_totals(user=officer, currency="USD").total.committed
    grant = Grant.objects.filter(currency="USD").order_by("pk").first()
    BudgetVersion.objects.filter(grant=grant, status=BudgetVersionStatus.APPROVED).update(approved_at=None)
    Grant.objects.filter(pk=grant.pk).update(signed_on=datetime.date(2026, 1, 5))
    data = snap("programme", q2, as_of)
    assert data["finance"]["totals"]["committed"] == before
    after = funding_totals(user=officer, currency="USD")
    assert after.total.committed == usd_before and after.complete
