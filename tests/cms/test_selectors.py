"""Public selectors: published initiatives only, and the same figures as the portfolio's own selectors."""
import datetime
from decimal import Decimal

import pytest

from cms import selectors
from portfolio.models import AssistanceType, Country, IndicatorMeasure, SdgTarget
from portfolio.money import Money
from portfolio.selectors.initiatives import portfolio_summary
from portfolio.selectors.rollups import coherence_matrix
from tests.factories import (
    AssistanceActivityFactory,
    IndicatorFactory,
    IndicatorPeriodFactory,
    InitiativeFactory,
    ResultFactory,
    country,
)


@pytest.fixture
def portfolio_data(db):
    ec, ma = country("EC"), country("MA")
    published = [
        InitiativeFactory(country=ec, level="local", sectors=["labour", "education"], targets={"10.7": 60, "8.8": 40}),
        InitiativeFactory(country=ec, level="national", sectors=["labour"], targets={"10.7": 100},
                          planned_budget=Decimal("50000.00"), planned_budget_currency="EUR"),
        InitiativeFactory(country=ma, level="regional", sectors=["health"], targets={"3.c": 100}),
    ]
    hidden = InitiativeFactory(country=ec, level="regional", sectors=["housing"], targets={"11.1": 100},
                               is_published=False, planned_budget=Decimal("999999.00"))
    AssistanceActivityFactory(initiative=published[0], participants_female=10, participants_male=5)
    AssistanceActivityFactory(initiative=published[1], type=AssistanceType.COORDINATION_MEETING)
    AssistanceActivityFactory(initiative=hidden, participants_female=100, participants_male=100)
    return {"published": published, "hidden": hidden, "ec": ec, "ma": ma}


def test_headline_figures_count_published_initiatives_only(portfolio_data, admin_user):
    figures = selectors.headline_figures()
    assert figures["initiatives"] == 3
    assert figures["local_initiatives"] == 1
    assert figures["sdg_targets"] == 3  # 10.7, 8.8, 3.c; not the unpublished 11.1
    assert figures["people_trained"] == 15
    assert figures["coordination_meetings"] == 1
    assert figures["countries"] == Country.objects.in_programme().count() == 11
    # The same figures as the portfolio's dashboard, once it ignores the unpublished initiative.
    summary = portfolio_summary(user=admin_user)
    assert summary["initiatives"] == figures["initiatives"] + 1


def test_country_matrix_matches_the_portfolio_selector_on_published_data(portfolio_data, admin_user):
    ec = portfolio_data["ec"]
    ours = selectors.public_coherence_matrix(ec)
    theirs = coherence_matrix(user=admin_user, country=ec, published_only=True)
    as_cells = lambda m: [[(c.sector.code, c.level, sorted(t for _, t in c.initiatives)) for c in row] for row in m.rows]  # noqa: E731
    assert as_cells(ours) == as_cells(theirs)
    assert ours.covered == 3  # labour local + education local + labour national
    housing = next(row for row in ours.rows if row[0].sector.code == "housing")
    assert all(cell.is_gap for cell in housing), "the unpublished housing initiative must leave a gap"


def test_targets_addressed_per_country(portfolio_data):
    targets = {t.code: t.initiative_count for t in selectors.targets_addressed(selectors.country_initiatives(portfolio_data["ec"]))}
    assert targets == {"10.7": 2, "8.8": 1}


def test_funding_comes_from_grants_converted_and_planned_budgets_stay_per_currency(portfolio_data):
    from django.utils import timezone

    from tests.factories.grants import ExchangeRateFactory, make_active_grant

    published_usd, published_eur = portfolio_data["published"][:2]
    make_active_grant(initiative=published_usd, committed=Decimal("200000"))
    make_active_grant(initiative=published_eur, committed=Decimal("50000"), currency="EUR",
                      tranches=(Decimal("50000"),))
    make_active_grant(initiative=portfolio_data["hidden"], committed=Decimal("999999"))
    from grants.models import BudgetVersion

    BudgetVersion.objects.update(approved_at=timezone.now())
    ExchangeRateFactory(base="EUR", quote="USD", date=timezone.localdate(), rate=Decimal("1.1"))
    funding = selectors.public_funding_totals(portfolio_data["ec"])
    assert funding.committed == Money(Decimal("255000.00"), "USD")
    assert funding.complete and funding.rates
    assert funding.planned == [Money(Decimal("200000.00"), "USD"), Money(Decimal("50000.00"), "EUR")]
    everything = selectors.public_funding_totals()
    assert everything.committed == Money(Decimal("255000.00"), "USD"), "the unpublished initiative's grant is left out"
    assert Money(Decimal("400000.00"), "USD") in everything.planned
    assert everything.planned[0].currency == "USD"


def test_multi_country_initiatives_appear_in_each_country(portfolio_data):
    regional = InitiativeFactory(country=portfolio_data["ma"], level="multi_country", sectors=["diaspora"])
    regional.other_countries.add(portfolio_data["ec"])
    codes = set(selectors.country_initiatives(portfolio_data["ec"]).values_list("code", flat=True))
    assert regional.code in codes
    matrix = selectors.public_coherence_matrix(portfolio_data["ec"])
    diaspora = next(row for row in matrix.rows if row[0].sector.code == "diaspora")
    assert [c.level for c in diaspora if not c.is_gap] == ["national"]


def test_target_indicators_with_progress_published_only_and_without_duplicates(portfolio_data):
    target = SdgTarget.objects.get(code="10.7")
    linked = IndicatorFactory(result=ResultFactory(initiative=portfolio_data["published"][0]),
                              sdg_indicator=target.indicators.first())
    unlinked_principal = IndicatorFactory(result=ResultFactory(initiative=portfolio_data["published"][1]))
    IndicatorFactory(result=ResultFactory(initiative=portfolio_data["hidden"]), sdg_indicator=target.indicators.first())
    IndicatorPeriodFactory(indicator=linked, target_value=Decimal("100"), actual_value=Decimal("95"),
                           period_end=datetime.date(2025, 6, 30))
    rows = list(selectors.target_indicators(target, as_of=datetime.date(2025, 12, 31)))
    assert sorted(i.pk for i in rows) == sorted([linked.pk, unlinked_principal.pk])
    by_pk = {i.pk: i for i in rows}
    assert by_pk[linked.pk].progress_status == "on_track"
    assert by_pk[unlinked_principal.pk].progress_status == "no_data"


def test_qualitative_indicators_have_no_achievement(portfolio_data):
    target = SdgTarget.objects.get(code="10.7")
    qualitative = IndicatorFactory(result=ResultFactory(initiative=portfolio_data["published"][1]),
                                   measure=IndicatorMeasure.QUALITATIVE, baseline_value=None)
    IndicatorPeriodFactory(indicator=qualitative, target_value=Decimal("1"), actual_value=Decimal("1"))
    row = next(i for i in selectors.target_indicators(target, as_of=datetime.date(2026, 1, 1)) if i.pk == qualitative.pk)
    assert row.achievement is None


def test_progress_reads_below_zero_not_a_large_negative_and_the_bar_stays_in_bounds():
    from decimal import Decimal

    from cms.templatetags.cms_tags import achieved, bar_width

    assert achieved(Decimal("-2")) == "< 0%" and bar_width(Decimal("-2")) == "0"
    assert achieved(Decimal("0.55")) == "55%" and bar_width(Decimal("0.55")) == "55"
    assert achieved(Decimal("1.3")) == "130%" and bar_width(Decimal("1.3")) == "100"
    assert achieved(None) == "" and bar_width(None) == "0"


@pytest.mark.parametrize("lang, whole, short, admin", [
    ("en", "USD 1,250,000", "USD 12.4 million", "USD\u00a0480,000.00"),
    ("fr", "USD 1\u00a0250\u00a0000", "12,4 millions USD", "USD\u00a0480\u00a0000,00"),
    ("es", "USD 1\u00a0250\u00a0000", "12,4 millones USD", "USD\u00a0480\u00a0000,00"),
])
def test_amounts_are_written_as_the_reader_s_language_writes_numbers(lang, whole, short, admin):
    from decimal import Decimal

    from django.utils import translation

    from cms.templatetags.cms_tags import money, money_short
    from grants.templatetags.grants_admin import money as admin_money
    from portfolio.money import Money

    with translation.override(lang):
        assert money(Money(Decimal("1250000"), "USD")) == whole
        assert money_short(Money(Decimal("12400000"), "USD")) == short
        assert admin_money(Decimal("480000"), "USD") == admin
    assert str(Money(Decimal("480000"), "USD")) == "USD 480,000.00", "messages and audit entries keep one fixed form"
