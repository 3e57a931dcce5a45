"""Roll-up, coherence matrix and headline figures checked against values computed by hand.

The fixture (as of 31 December 2025):

  A  Ecuador, local, USD 200,000, 10.7 60 % / 8.8 40 %, labour + local planning, implementation
     a1 higher-is-better, baseline 0:   H2 target 200, actual 150  -> 150/200 = 0.75      at risk
     a2 lower-is-better, baseline 50:   H2 target 30, actual 31    -> (50-31)/(50-30) = 0.95  on track
     a3 percentage, no baseline (0):    H1 target 50, actual 20 (H2 not reported; a 2026 period
                                        with an actual lies after as_of)  -> 20/50 = 0.4  off track
  B  Ecuador, national, EUR 100,000, 10.7 100 %, labour, implementation
     b1 baseline 10 = target 10, actual 10 -> reached = 1.0          on track
     b2 targets only                                                 no data
  C  Morocco, regional, USD 50,005, 8.8 30 % / 10.c 70 %, local planning, implementation
     c1 lower-is-better, baseline 20: target 10, actual 14 -> 6/10 = 0.6 (the boundary)  at risk
     c2 qualitative                                                  no data
  D  Ecuador, local, no budget, 10.7 100 %, health, pipeline, NOT published
     d1 periods in 2026 only                                         no data
  E  Morocco, multi-country (also Ecuador), no targets, migration governance, finalisation

Attributed budgets: 8.8 = 200,000 x 40 % + 50,005 x 30 % = USD 95,001.50; 10.7 = USD 120,000 and
EUR 100,000 (never added together); 10.c = 50,005 x 70 % = USD 35,003.50. The odd 50,005 makes
SQLite's integer division visible (it would give 15,001 and 35,003).
"""
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portfolio import models as m
from portfolio.selectors.initiatives import people_trained, portfolio_summary
from portfolio.selectors.results import with_progress
from portfolio.selectors.rollups import Progress, coherence_matrix, coherence_overview, sdg_rollup
from tests.factories import (
    AssistanceActivityFactory,
    IndicatorFactory,
    IndicatorPeriodFactory,
    InitiativeFactory,
    ResultFactory,
    UserFactory,
    country,
    make_user,
)

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2025, 12, 31)
H1 = (datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
H2 = (datetime.date(2025, 7, 1), datetime.date(2025, 12, 31))
NEXT = (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))


def indicator(initiative, *, periods, **kwargs):
    """An indicator with periods given as (span, target, actual)."""
    ind = IndicatorFactory(result=ResultFactory(initiative=initiative), **kwargs)
    for (start, end), target, actual in periods:
        IndicatorPeriodFactory(
            indicator=ind, period_start=start, period_end=end,
            target_value=None if target is None else Decimal(target),
            actual_value=None if actual is None else Decimal(actual),
        )
    return ind


@pytest.fixture
def portfolio():
    ec, ma = country("EC"), country("MA")
    a = InitiativeFactory(code="A", title="A", country=ec, level="local", planned_budget=Decimal("200000"),
                          targets={"10.7": 60, "8.8": 40}, sectors=["labour", "local-planning"])
    b = InitiativeFactory(code="B", title="B", country=ec, level="national", planned_budget=Decimal("100000"),
                          planned_budget_currency="EUR", targets={"10.7": 100}, sectors=["labour"])
    c = InitiativeFactory(code="C", title="C", country=ma, level="regional", planned_budget=Decimal("50005"),
                          targets={"8.8": 30, "10.c": 70}, sectors=["local-planning"])
    d = InitiativeFactory(code="D", title="D", country=ec, level="local", planned_budget=None,
                          status=m.ActivityStatus.PIPELINE, is_published=False, targets={"10.7": 100},
                          sectors=["health"])
    e = InitiativeFactory(code="E", title="E", country=ma, level="multi_country", planned_budget=None,
                          status=m.ActivityStatus.FINALISATION, sectors=["migration-governance"])
    e.other_countries.add(ec)

    ind = {
        "a1": indicator(a, baseline_value=Decimal("0"), periods=[(H1, "100", "96"), (H2, "200", "150")]),
        "a2": indicator(a, ascending=False, baseline_value=Decimal("50"),
                        periods=[(H1, "40", "42"), (H2, "30", "31")]),
        "a3": indicator(a, measure=m.IndicatorMeasure.PERCENTAGE, baseline_value=None,
                        periods=[(H1, "50", "20"), (H2, "60", None), (NEXT, "80", "90")]),
        "b1": indicator(b, baseline_value=Decimal("10"), periods=[(H1, "10", "10")]),
        "b2": indicator(b, periods=[(H1, "10", None), (H2, "20", None)]),
        "c1": indicator(c, ascending=False, baseline_value=Decimal("20"), periods=[(H2, "10", "14")]),
        "c2": indicator(c, measure=m.IndicatorMeasure.QUALITATIVE, baseline_value=None,
                        periods=[(H2, None, None)]),
        "d1": indicator(d, periods=[(NEXT, "5", None)]),
    }
    AssistanceActivityFactory(initiative=a, participants_female=12, participants_male=9, participants_other=1)
    AssistanceActivityFactory(initiative=c, participants_female=5, participants_male=7)
    AssistanceActivityFactory(initiative=b, type=m.AssistanceType.EXPERT_MISSION, participants_female=3,
                              participants_male=3)
    for initiative in (a, a, e):
        AssistanceActivityFactory(initiative=initiative, type=m.AssistanceType.COORDINATION_MEETING)
    return {"A": a, "B": b, "C": c, "D": d, "E": e, **ind}


def fresh(user):
    """The user as a new request sees it: its access profile not yet cached."""
    return type(user).objects.get(pk=user.pk)


def by_code(rollup):
    goals = {g.goal.number: g for g in rollup}
    targets = {t.target.code: t for g in rollup for t in g.targets}
    return goals, targets


# ---- indicator progress -----------------------------------------------------------------------

def test_indicator_status_follows_the_documented_rule(portfolio):
    rows = {i.pk: i for i in with_progress(m.Indicator.objects.all(), as_of=AS_OF)}
    expected = {
        "a1": ("0.75", "at_risk"), "a2": ("0.95", "on_track"), "a3": ("0.4", "off_track"),
        "b1": ("1", "on_track"), "b2": (None, "no_data"), "c1": ("0.6", "at_risk"),
        "c2": (None, "no_data"), "d1": (None, "no_data"),
    }
    for key, (achievement, status) in expected.items():
        row = rows[portfolio[key].pk]
        assert row.progress_status == status, key
        if achievement is None:
            assert row.achievement is None, key
        else:
            assert Decimal(row.achievement).quantize(Decimal("0.0001")) == Decimal(achievement), key


def test_as_of_moves_the_latest_period(portfolio):
    """On 30 June 2025 a1's latest reported period is H1: 96/100 = 0.96, on track."""
    row = with_progress(m.Indicator.objects.filter(pk=portfolio["a1"].pk), as_of=H1[1]).get()
    assert (row.latest_target, row.latest_actual, row.progress_status) == (Decimal("100"), Decimal("96"), "on_track")
    a3 = with_progress(m.Indicator.objects.filter(pk=portfolio["a3"].pk), as_of=NEXT[1]).get()
    assert a3.progress_status == "on_track"  # 90 of 80 once the 2026 period counts


# ---- SDG roll-up --------------------------------------------------------------------------------

def test_sdg_rollup_figures(portfolio, officer):
    goals, targets = by_code(sdg_rollup(user=officer, as_of=AS_OF))

    assert list(goals) == [8, 10]
    assert [t.target.code for t in goals[10].targets] == ["10.7", "10.c"]
    assert {code: t.initiatives for code, t in targets.items()} == {"8.8": 2, "10.7": 3, "10.c": 1}
    assert goals[8].initiatives == 2 and goals[10].initiatives == 4

    assert targets["8.8"].planned_budget == {"USD": Decimal("95001.50")}
    assert targets["10.7"].planned_budget == {"USD": Decimal("120000.00"), "EUR": Decimal("100000.00")}
    assert targets["10.c"].planned_budget == {"USD": Decimal("35003.50")}
    assert goals[10].planned_budget == {"USD": Decimal("155003.50"), "EUR": Decimal("100000.00")}

    assert targets["8.8"].progress == Progress(indicators=5, on_track=1, at_risk=2, off_track=1, no_data=1)
    assert targets["10.7"].progress == Progress(indicators=6, on_track=2, at_risk=1, off_track=1, no_data=2)
    assert targets["10.c"].progress == Progress(indicators=2, on_track=0, at_risk=1, off_track=0, no_data=1)
    # A goal counts each indicator once even when its initiative serves two of the goal's targets.
    assert goals[10].progress == Progress(indicators=8, on_track=2, at_risk=2, off_track=1, no_data=3)
    assert goals[10].progress.on_track_share == Decimal("0.4000")
    assert goals[8].progress.with_data == 4


def test_sdg_rollup_for_one_goal(portfolio, officer):
    goals, targets = by_code(sdg_rollup(user=officer, as_of=AS_OF, goal_number=8))
    assert list(goals) == [8] and list(targets) == ["8.8"]
    assert targets["8.8"].planned_budget == {"USD": Decimal("95001.50")}
    assert targets["8.8"].progress.indicators == 5


def test_sdg_rollup_is_scoped(portfolio):
    coordinator = make_user("country_coordinator", countries=[country("MA")])
    goals, targets = by_code(sdg_rollup(user=coordinator, as_of=AS_OF))
    assert {code: t.initiatives for code, t in targets.items()} == {"8.8": 1, "10.c": 1}
    assert targets["8.8"].planned_budget == {"USD": Decimal("15001.50")}
    assert goals[10].progress == Progress(indicators=2, on_track=0, at_risk=1, off_track=0, no_data=1)


def test_sdg_rollup_runs_a_constant_number_of_queries(portfolio, officer):
    with CaptureQueriesContext(connection) as small:
        sdg_rollup(user=fresh(officer), as_of=AS_OF)
    for n in range(6):
        ini = InitiativeFactory(planned_budget=Decimal("1000"), planned_budget_currency=["USD", "EUR", "CHF"][n % 3],
                                targets={["4.b", "5.2", "16.2"][n % 3]: 50, "17.18": 50})
        indicator(ini, periods=[(H1, "10", str(n)), (H2, "20", None)])
    with CaptureQueriesContext(connection) as large:
        rollup = sdg_rollup(user=fresh(officer), as_of=AS_OF)
    assert len(by_code(rollup)[0]) == 6  # goals 4, 5, 8, 10, 16, 17
    assert len(large) == len(small)


# ---- coherence matrix ----------------------------------------------------------------------------

def cells(matrix):
    return {(cell.sector.code, cell.level): [title for _, title in cell.initiatives]
            for row in matrix.rows for cell in row if not cell.is_gap}


def test_coherence_matrix_cells_and_gaps(portfolio, officer):
    matrix = coherence_matrix(user=officer, country=country("EC"))
    assert [code for code, _ in matrix.levels] == ["local", "regional", "national"]
    assert cells(matrix) == {
        ("labour", "local"): ["A"], ("local-planning", "local"): ["A"], ("labour", "national"): ["B"],
        ("health", "local"): ["D"], ("migration-governance", "national"): ["E"],  # multi-country shows as national
    }
    sectors = m.GovernanceSector.objects.count()
    assert matrix.covered == 5
    assert len(matrix.gaps) == sectors * 3 - 5


def test_coherence_matrix_published_only_hides_pipeline(portfolio, officer):
    matrix = coherence_matrix(user=officer, country=country("EC"), published_only=True)
    assert ("health", "local") not in cells(matrix)
    assert matrix.covered == 4


def test_coherence_matrix_is_scoped(portfolio):
    """An Ecuador coordinator sees E in Morocco's matrix (it extends to Ecuador) but not C."""
    coordinator = make_user("country_coordinator", countries=[country("EC")])
    assert cells(coherence_matrix(user=coordinator, country=country("MA"))) == {
        ("migration-governance", "national"): ["E"],
    }


def test_coherence_matrix_query_count_is_constant(portfolio, officer):
    ecuador = country("EC")
    with CaptureQueriesContext(connection) as small:
        coherence_matrix(user=fresh(officer), country=ecuador)
    for n in range(5):
        InitiativeFactory(country=country("EC"), level=["local", "regional", "national"][n % 3],
                          sectors=["housing", "gender"])
    with CaptureQueriesContext(connection) as large:
        matrix = coherence_matrix(user=fresh(officer), country=ecuador)
    assert len(large) == len(small)
    assert matrix.covered == 5 + 6  # housing and gender at 3 levels; none of them was covered before


def test_coherence_overview_counts_covered_cells(portfolio, officer):
    overview = coherence_overview(user=officer)
    assert overview[country("EC").pk]["covered_cells"] == 4  # A x2, B, D (E is filed under Morocco)
    assert overview[country("MA").pk]["covered_cells"] == 2


# ---- headline figures ----------------------------------------------------------------------------

def test_portfolio_summary(portfolio, officer):
    summary = portfolio_summary(user=officer)
    assert summary["initiatives"] == 5
    assert summary["countries"] == 2
    assert summary["by_status"] == {"2": 3, "1": 1, "3": 1}
    assert summary["sdg_targets"] == 3
    assert summary["coordination_meetings"] == 3
    assert summary["people_trained"] == {"female": 17, "male": 16, "other": 1, "trainings": 2}


def test_people_trained_scoped_and_filtered(portfolio, officer):
    coordinator = make_user("country_coordinator", countries=[country("MA")])
    assert people_trained(user=coordinator) == {"female": 5, "male": 7, "other": 0, "trainings": 1}
    only_a = m.Initiative.objects.filter(code="A")
    assert people_trained(user=officer, initiatives=only_a) == {"female": 12, "male": 9, "other": 1, "trainings": 1}
    summary = portfolio_summary(user=coordinator)
    assert (summary["initiatives"], summary["coordination_meetings"]) == (2, 1)


def test_nothing_for_a_user_without_a_role(portfolio):
    nobody = UserFactory()
    assert sdg_rollup(user=nobody, as_of=AS_OF) == []
    assert portfolio_summary(user=nobody)["initiatives"] == 0
