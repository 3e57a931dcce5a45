"""Indicator status at several dates from one read of the periods: the rule of
``portfolio.selectors.results``, applied in Python.

``with_progress`` states the rule in SQL, one correlated subquery per indicator and date; a
report needs the status at the report date and at six earlier period ends for up to 20,000
indicators, which as SQL took seconds per date. Here the periods that carry both a target and an
actual are read once (one query), the latest one by each date is found by bisection, and the
same formula and thresholds (imported from the selector module) give the status.
``tests/reporting/test_progress.py`` checks that both give the same status on the same data.
"""
from __future__ import annotations

import bisect
import datetime
import decimal
from collections import defaultdict
from decimal import Decimal

from django.db import connections

from portfolio.models import IndicatorMeasure, IndicatorPeriod
from portfolio.selectors.results import AT_RISK, ON_TRACK

ZERO, ONE = Decimal(0), Decimal(1)


def achievement(*, baseline, target, actual, ascending: bool, measure: str) -> Decimal | None:
    """Share of the way from baseline (0 when none) to target covered; None without data."""
    if actual is None or target is None or measure == IndicatorMeasure.QUALITATIVE:
        return None
    base = ZERO if baseline is None else Decimal(baseline)
    target, actual = Decimal(target), Decimal(actual)
    span = (target - base) if ascending else (base - target)
    if span != 0:
        return ((actual - base) if ascending else (base - actual)) / span
    reached = actual >= target if ascending else actual <= target
    return ONE if reached else ZERO


def status(value: Decimal | None) -> str:
    if value is None:
        return "no_data"
    if value >= ON_TRACK:
        return "on_track"
    if value >= AT_RISK:
        return "at_risk"
    return "off_track"


_CONTEXT = decimal.Context(prec=15)
_PLACES = Decimal("0.0001")  # IndicatorPeriod values have 4 decimal places


def _decimal(value) -> Decimal:
    """A raw database value as Django's converters would give it (SQLite hands back floats)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return _CONTEXT.create_decimal_from_float(value).quantize(_PLACES)
    return Decimal(str(value)).quantize(_PLACES)


class LatestPeriods:
    """The reported periods (target and actual both set) of a set of indicators, by indicator.

    Read through a plain cursor: at 100,000+ rows Django's per-value converters cost more than
    the query; values are converted (as Django would) only for the periods actually used.
    """

    def __init__(self, indicators, *, until: datetime.date):
        self.ends: dict[int, list] = defaultdict(list)
        self.values: dict[int, list[tuple]] = defaultdict(list)
        qs = (
            IndicatorPeriod.objects.filter(indicator__in=indicators, period_end__lte=until,
                                           actual_value__isnull=False, target_value__isnull=False)
            .order_by("indicator_id", "period_end", "pk")
            .values_list("indicator_id", "period_end", "target_value", "actual_value")
        )
        sql, params = qs.query.sql_with_params()
        with connections[qs.db].cursor() as cursor:
            cursor.execute(sql, params)
            while chunk := cursor.fetchmany(5000):
                for indicator_id, end, target, actual in chunk:
                    self.ends[indicator_id].append(end)
                    self.values[indicator_id].append((target, actual))
        # SQLite returns dates as ISO strings, PostgreSQL as dates: compare like with like.
        self._as_text = any(isinstance(ends[0], str) for ends in list(self.ends.values())[:1])
        self._memo: dict[tuple[int, int], tuple] = {}

    def _key(self, on: datetime.date):
        return on.isoformat() if self._as_text else on

    def _index(self, indicator_id: int, on: datetime.date) -> int:
        ends = self.ends.get(indicator_id)
        if not ends:
            return -1
        return bisect.bisect_right(ends, self._key(on)) - 1

    def latest(self, indicator_id: int, on: datetime.date) -> tuple | None:
        """(target, actual) of the latest reported period ended on or before ``on``."""
        i = self._index(indicator_id, on)
        if i < 0:
            return None
        target, actual = self.values[indicator_id][i]
        return _decimal(target), _decimal(actual)

    def reported_since(self, indicator_id: int, start: datetime.date, on: datetime.date) -> int:
        ends = self.ends.get(indicator_id, [])
        return bisect.bisect_right(ends, self._key(on)) - bisect.bisect_right(ends, self._key(start))

    def _evaluated(self, row: dict, i: int) -> tuple:
        key = (row["pk"], i)
        found = self._memo.get(key)
        if found is None:
            if i >= 0:
                raw_target, raw_actual = self.values[row["pk"]][i]
                target, actual = _decimal(raw_target), _decimal(raw_actual)
            else:
                target = actual = None
            value = achievement(baseline=row["baseline_value"], target=target, actual=actual,
                                ascending=row["ascending"], measure=row["measure"])
            found = self._memo[key] = (target, actual, value, status(value))
        return found

    def evaluate(self, row: dict, on: datetime.date) -> tuple[Decimal | None, Decimal | None, Decimal | None, str]:
        """(latest target, latest actual, achievement, status) of an indicator row at ``on``."""
        return self._evaluated(row, self._index(row["pk"], on))

    def statuses_at(self, rows: list[dict], dates: list[datetime.date]) -> list[list[str]]:
        """For each date (ascending), every row's status: one merge over each indicator's periods."""
        keys = [self._key(day) for day in dates]
        out: list[list[str]] = [[] for _ in dates]
        for row in rows:
            ends = self.ends.get(row["pk"], ())
            i, n = -1, len(ends)
            for d, key in enumerate(keys):
                while i + 1 < n and ends[i + 1] <= key:
                    i += 1
                out[d].append(self._evaluated(row, i)[3])
        return out
