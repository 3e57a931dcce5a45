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
)


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
