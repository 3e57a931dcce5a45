"""Open data: the IATI file validates against the 2.03 XSD and keeps IATI's further rules; CSV/JSON."""
import csv
import datetime
import io
import json
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from cms.opendata import iati
from portfolio.models import CodelistEntry, IndicatorMeasure, OrganisationRole, SdgTarget
from tests.factories import (
    DonorFactory,
    IndicatorFactory,
    IndicatorPeriodFactory,
    InitiativeFactory,
    ParticipationFactory,
    ResultFactory,
    country,
    make_user,
)
from tests.factories.grants import make_active_grant


@pytest.fixture
def initiatives(db):
    first = InitiativeFactory(
        country=country("EC"), level="local", location="Manta", latitude=Decimal("-0.96"), longitude=Decimal("-80.71"),
        planned_start=datetime.date(2024, 3, 1), planned_end=datetime.date(2026, 8, 31),
        actual_start=datetime.date(2024, 3, 15), planned_budget=Decimal("250000.00"),
        targets={"10.7": 50, "8.8": 30, "8.5": 20},
    )
    first.dac_purposes.add(*CodelistEntry.objects.filter(codelist="Sector")[:2])
    ParticipationFactory(initiative=first, organisation=DonorFactory(iati_ref="CH-4"), role=OrganisationRole.FUNDING)
    result = ResultFactory(initiative=first)
    measured = IndicatorFactory(result=result, sdg_indicator=SdgTarget.objects.get(code="10.7").indicators.first())
    IndicatorPeriodFactory(indicator=measured, target_value=Decimal("100"), actual_value=Decimal("80"))
    IndicatorPeriodFactory(indicator=measured, period_start=datetime.date(2025, 7, 1), period_end=datetime.date(2025, 12, 31))
    qualitative = IndicatorFactory(result=result, measure=IndicatorMeasure.QUALITATIVE, baseline_value=None,
                                   baseline_year=None)
    IndicatorPeriodFactory(indicator=qualitative, target_value=None, target_comment="A plan adopted")
    IndicatorFactory(result=result)  # no period: must be left out
    ResultFactory(initiative=first)  # no indicators: must be left out
    second = InitiativeFactory(
        country=country("MA"), level="multi_country", planned_budget=Decimal("120000.000"),
        planned_budget_currency="TND", targets={"10.7": 33.33, "10.c": 33.33}, actual_start=datetime.date(2099, 1, 1),
    )
    second.other_countries.add(country("TN"), country("SN"))
    hidden = InitiativeFactory(is_published=False, title="Secret pilot")
    return {"first": first, "second": second, "hidden": hidden}


def parse(xml: bytes):
    return etree.fromstring(xml)


def test_export_validates_against_the_iati_203_schema(initiatives):
    xml = iati.activities_xml()
    assert iati.validate(xml) == []
    root = parse(xml)
    assert root.get("version") == "2.03"
    identifiers = root.xpath("//iati-identifier/text()")
    assert sorted(identifiers) == sorted([initiatives["first"].iati_identifier, initiatives["second"].iati_identifier])
    assert b"Secret pilot" not in xml


def test_a_broken_file_does_not_validate():
    assert iati.validate(b"<iati-activities version='2.03'><iati-activity/></iati-activities>")


def test_rules_beyond_the_schema(initiatives):
    root = parse(iati.activities_xml())
    today = datetime.date.today()
    for activity in root.iter("iati-activity"):
        identifier = activity.findtext("iati-identifier")
        assert identifier.startswith(activity.find("reporting-org").get("ref"))
        dates = {d.get("type"): datetime.date.fromisoformat(d.get("iso-date")) for d in activity.iter("activity-date")}
        assert dates["1"] <= dates["3"]
        assert all(dates[t] <= today for t in ("2", "4") if t in dates), "actual dates are never in the future"
        budgets = [(datetime.date.fromisoformat(b.find("period-start").get("iso-date")),
                    datetime.date.fromisoformat(b.find("period-end").get("iso-date"))) for b in activity.iter("budget")]
        assert budgets, "a planned budget becomes budget elements"
        for start, end in budgets:
            assert start <= end and (end - start).days < 366
        for (_, end), (next_start, _) in zip(budgets, budgets[1:]):
            assert next_start > end, "budgets do not overlap"
        shares = defaultdict(Decimal)
        for sector in activity.iter("sector"):
            shares[sector.get("vocabulary")] += Decimal(sector.get("percentage"))
        assert set(shares) == {"1", "7", "8"}
        assert all(total == 100 for total in shares.values()), shares
        countries = [Decimal(c.get("percentage")) for c in activity.iter("recipient-country")]
        assert sum(countries) == 100
        for indicator in activity.iter("indicator"):
            assert indicator.find("baseline") is not None and indicator.find("baseline").get("year")
            assert indicator.findall("period")


def test_budget_amounts_add_up_to_the_planned_budget_in_its_currency(initiatives):
    root = parse(iati.activities_xml())
    for key in ("first", "second"):
        initiative = initiatives[key]
        activity = next(a for a in root.iter("iati-activity") if a.findtext("iati-identifier") == initiative.iati_identifier)
        values = [b.find("value") for b in activity.iter("budget")]
        assert {v.get("currency") for v in values} == {initiative.planned_budget_currency}
        assert sum(Decimal(v.text) for v in values) == initiative.planned_budget


def test_results_leave_out_indicators_without_periods_and_qualitative_values(initiatives):
    root = parse(iati.activities_xml())
    activity = next(a for a in root.iter("iati-activity")
                    if a.findtext("iati-identifier") == initiatives["first"].iati_identifier)
    results = activity.findall("result")
    assert len(results) == 1
    indicators = results[0].findall("indicator")
    assert len(indicators) == 2
    qualitative = next(i for i in indicators if i.get("measure") == "5")
    assert qualitative.find("baseline").get("value") is None
    assert qualitative.find("period/target/comment/narrative").text == "A plan adopted"
    measured = next(i for i in indicators if i.get("measure") == "1")
    assert measured.find("reference").get("vocabulary") == "9"
    assert len(measured.findall("period")) == 2


def test_export_command_writes_a_valid_file(initiatives, tmp_path):
    out = tmp_path / "activities.xml"
    stdout = io.StringIO()
    call_command("export_iati", "--output", str(out), stdout=stdout)
    assert "Wrote 2 activities" in stdout.getvalue()
    assert iati.validate(out.read_bytes()) == []


def test_public_urls_serve_published_initiatives_only(client, initiatives):
    response = client.get(reverse("cms:iati-activities"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    assert b"Secret pilot" not in response.content
    rows = list(csv.DictReader(io.StringIO(b"".join(client.get(reverse("cms:initiatives-csv")).streaming_content).decode())))
    assert sorted(r["code"] for r in rows) == sorted([initiatives["first"].code, initiatives["second"].code])
    first = next(r for r in rows if r["code"] == initiatives["first"].code)
    assert first["planned_budget"] == "250000.000" and first["planned_budget_currency"] == "USD"
    assert first["sdg_targets"] == "10.7:50.00;8.8:30.00;8.5:20.00"
    data = json.loads(b"".join(client.get(reverse("cms:initiatives-json")).streaming_content))
    assert {i["code"] for i in data["initiatives"]} == {r["code"] for r in rows}
    assert all("Secret" not in i["title"] for i in data["initiatives"])


@given(st.lists(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100"), places=2), min_size=1, max_size=12))
def test_shares_always_add_up_to_exactly_100(weights):
    shares = iati.shares_to_100(weights)
    assert sum(shares) == 100
    assert all(s >= 0 for s in shares)


@given(st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2040, 1, 1)),
       st.integers(min_value=0, max_value=2000),
       st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000000"), places=2))
def test_budget_periods_cover_the_dates_without_overlap_and_keep_the_total(start, days, amount):
    end = start + datetime.timedelta(days=days)
    periods = iati.budget_periods(start, end)
    assert periods[0][0] == start and periods[-1][1] == end
    for (s, e), (next_s, _) in zip(periods, periods[1:]):
        assert next_s == e + datetime.timedelta(days=1)
    assert all((e - s).days < 366 for s, e in periods)
    assert sum(iati.split_budget(amount, periods)) == amount


# --- Transactions from the grants ---------------------------------------------------------------

def _pay(grant, amount, day, *, reference, tranche=1):
    from django.utils import timezone

    from grants.models import DisbursementRequest, RequestStatus
    return DisbursementRequest.objects.create(
        grant=grant, tranche=grant.tranches.get(number=tranche), amount=Decimal(amount), currency=grant.currency,
        status=RequestStatus.PAID, requested_by=make_user("partner", organisation=grant.grantee),
        approved_at=timezone.now(), paid_date=day, payment_reference=reference, justification="Internal: bank letter")


def _spend(grant, amount, start, end, *, official=True, category="training"):
    from grants.models import Expenditure, ExpenditureStatus
    return Expenditure.objects.create(
        grant=grant, category=category, period_start=start, period_end=end, amount=Decimal(amount),
        currency=grant.currency, status=ExpenditureStatus.OFFICIAL if official else ExpenditureStatus.DRAFT,
        note="Partner-internal note")


def _amend(grant, new_total, approved_at):
    from grants.models import BudgetLine, BudgetVersion, BudgetVersionStatus, CostCategory
    BudgetVersion.objects.filter(grant=grant, status=BudgetVersionStatus.APPROVED).update(
        status=BudgetVersionStatus.SUPERSEDED)
    number = grant.budget_versions.count() + 1
    version = BudgetVersion.objects.create(grant=grant, number=number, status=BudgetVersionStatus.APPROVED,
                                           type="2", approved_at=approved_at)
    BudgetLine.objects.create(version=version, category=CostCategory.TRAINING, year=grant.start_date.year,
                              amount=Decimal(new_total), currency=grant.currency)
    type(grant).objects.filter(pk=grant.pk).update(committed_amount=Decimal(new_total))


@pytest.fixture
def funded(initiatives):
    """A grant on the first initiative with an amendment, payments and expenditure; money that must stay out."""
    from django.utils import timezone

    from grants.models import BudgetVersion, GrantStatus

    today = timezone.localdate()
    first = initiatives["first"]
    grant = make_active_grant(initiative=first, committed=Decimal("200000.00"), currency="USD",
                              signed_on=today - datetime.timedelta(days=400))
    # Signed before the initiative started (planned start 2024-03-01): the usual order of things.
    BudgetVersion.objects.filter(grant=grant).update(
        approved_at=datetime.datetime(2024, 2, 10, 9, 0, tzinfo=datetime.UTC))
    _amend(grant, "230000.00", timezone.now() - datetime.timedelta(days=30))
    _pay(grant, "50000.00", today - datetime.timedelta(days=300), reference="PAY-REF-SECRET-1")
    _pay(grant, "60000.00", today - datetime.timedelta(days=100), reference="PAY-REF-SECRET-2", tranche=2)
    q_start, q_end = today - datetime.timedelta(days=200), today - datetime.timedelta(days=110)
    _spend(grant, "12000.50", q_start, q_end)
    _spend(grant, "8000.25", q_start, q_end, category="travel")
    _spend(grant, "999.99", q_end + datetime.timedelta(days=1), today - datetime.timedelta(days=20), official=False)
    _spend(grant, "777.77", today - datetime.timedelta(days=10), today + datetime.timedelta(days=20))
    # Money that is not public: a draft grant on the same initiative, a grant on an unpublished one.
    make_active_grant(initiative=first, committed=Decimal("5555.00"), status=GrantStatus.DRAFT, reference="GR-DRAFT-1")
    hidden = make_active_grant(initiative=initiatives["hidden"], committed=Decimal("4444.00"), reference="GR-HIDDEN-1")
    _pay(hidden, "1000.00", today - datetime.timedelta(days=5), reference="PAY-HIDDEN")
    return grant


def _transactions(root, initiative):
    activity = next(a for a in root.iter("iati-activity") if a.findtext("iati-identifier") == initiative.iati_identifier)
    return [
        {"type": t.find("transaction-type").get("code"),
         "date": datetime.date.fromisoformat(t.find("transaction-date").get("iso-date")),
         "value": Decimal(t.find("value").text), "currency": t.find("value").get("currency"),
         "value_date": t.find("value").get("value-date"), "description": t.findtext("description/narrative"),
         "provider": t.findtext("provider-org/narrative"), "receiver": t.findtext("receiver-org/narrative")}
        for t in activity.iter("transaction")
    ]


def test_grants_become_commitment_disbursement_and_expenditure_transactions(initiatives, funded):
    xml = iati.activities_xml()
    assert iati.validate(xml) == []
    root = parse(xml)
    rows = _transactions(root, initiatives["first"])
    by_type = defaultdict(list)
    for row in rows:
        by_type[row["type"]].append(row)
    assert [r["value"] for r in by_type["2"]] == [Decimal("200000.00"), Decimal("30000.00")], \
        "the first budget commits its total; the amendment adds the difference"
    funded.refresh_from_db()
    assert sum(r["value"] for r in by_type["2"]) == funded.committed_amount == Decimal("230000.00")
    assert [r["value"] for r in by_type["3"]] == [Decimal("50000.00"), Decimal("60000.00")]
    assert [r["value"] for r in by_type["4"]] == [Decimal("20000.75")], \
        "official expenditure per period, summed over categories; drafts and unfinished periods stay out"
    today = datetime.date.today()
    start = datetime.date(2024, 3, 1)
    assert all(start <= r["date"] <= today for r in rows), "inside the activity's dates, never in the future"
    signed = by_type["2"][0]
    assert (signed["date"], signed["value_date"]) == (start, "2024-02-10"), "the real date stays the value date"
    assert "made on 2024-02-10, before the activity started" in signed["description"]
    assert all(r["value_date"] == r["date"].isoformat() for r in rows if r is not signed)
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert {r["currency"] for r in rows} == {"USD"}
    grantee = funded.grantee.name
    assert all(r["receiver"] == grantee for r in by_type["2"] + by_type["3"])
    assert all(r["provider"] == grantee and r["receiver"] is None for r in by_type["4"])
    assert not _transactions(root, initiatives["second"]), "no grant, no transactions"
    for secret in (b"PAY-REF-SECRET", b"PAY-HIDDEN", b"GR-HIDDEN-1", b"GR-DRAFT-1", b"5555", b"Internal: bank letter",
                   b"Partner-internal note", b"999.99", b"777.77"):
        assert secret not in xml, secret


def test_export_tells_editors_about_money_after_the_planned_end(initiatives, funded, tmp_path):
    """The amendment (30 days ago) comes after the first initiative's planned end (2026-08-31)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("export_iati", "--output", str(tmp_path / "a.xml"), stdout=stdout, stderr=stderr)
    warnings = [line for line in stderr.getvalue().splitlines() if line.startswith("Check:")]
    assert len(warnings) == 1 and initiatives["first"].iati_identifier in warnings[0]
    assert "extend the initiative's planned end date" in warnings[0]
    assert iati.validate((tmp_path / "a.xml").read_bytes()) == []


def test_transactions_cost_the_same_queries_for_more_initiatives(initiatives, funded):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        iati.activities_xml()
    for _ in range(3):
        more = InitiativeFactory(country=country("SN"))
        grant = make_active_grant(initiative=more)
        _pay(grant, "1000.00", datetime.date.today() - datetime.timedelta(days=3), reference="P")
        _spend(grant, "10.00", grant.start_date, grant.start_date + datetime.timedelta(days=30))
    with CaptureQueriesContext(connection) as large:
        xml = iati.activities_xml()
    assert iati.validate(xml) == []
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]
