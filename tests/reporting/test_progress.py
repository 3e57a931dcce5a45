"""The report's status evaluation gives what the documented SQL rule (with_progress) gives."""
import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio.models import Indicator, IndicatorMeasure
from portfolio.selectors.results import with_progress
from reporting.snapshot.progress import LatestPeriods
from tests.factories import IndicatorFactory, IndicatorPeriodFactory, InitiativeFactory, ResultFactory

pytestmark = pytest.mark.django_db

values = st.one_of(st.none(), st.integers(min_value=0, max_value=200).map(Decimal))
period = st.tuples(values, values)  # (target, actual)
indicator = st.fixed_dictionaries({
    "baseline": values, "ascending": st.booleans(),
    "measure": st.sampled_from([IndicatorMeasure.UNIT, IndicatorMeasure.PERCENTAGE, IndicatorMeasure.QUALITATIVE]),
    "periods": st.lists(period, min_size=0, max_size=4),
})
ENDS = [datetime.date(2025, 6, 30), datetime.date(2025, 12, 31), datetime.date(2026, 6, 30), datetime.date(2026, 12, 31)]
DATES = [datetime.date(2025, 9, 30), datetime.date(2026, 3, 31), datetime.date(2026, 6, 30), datetime.date(2027, 1, 1)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(indicator, min_size=1, max_size=6))
def test_python_evaluation_matches_with_progress(reference_data, specs):
    Indicator.objects.all().delete()
    result = ResultFactory(initiative=InitiativeFactory())
    for spec in specs:
        ind = IndicatorFactory(result=result, baseline_value=spec["baseline"], ascending=spec["ascending"],
                               measure=spec["measure"])
        for end, (target, actual) in zip(ENDS, spec["periods"]):
            IndicatorPeriodFactory(indicator=ind, period_start=end.replace(day=1), period_end=end,
                                   target_value=target, actual_value=actual)
    indicators = Indicator.objects.filter(result=result)
    rows = list(indicators.values("pk", "baseline_value", "ascending", "measure"))
    periods = LatestPeriods(indicators, until=max(DATES))
    ours = periods.statuses_at(rows, DATES)
    for d, day in enumerate(DATES):
        expected = dict(with_progress(indicators, as_of=day).values_list("pk", "progress_status"))
        assert {row["pk"]: ours[d][n] for n, row in enumerate(rows)} == expected
