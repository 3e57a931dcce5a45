"""Indicator progress, computed in the database.

The rule (shared with donor reports): an indicator's status comes from its latest period that
has both a target and an actual and ended on or before the as-of date. Achievement is the share
of the way from baseline (0 when none) to target that was covered:
    higher-is-better: (actual - baseline) / (target - baseline)
    lower-is-better:  (baseline - actual) / (baseline - target)
On track at 90 % or more, at risk from 60 % to 90 %, off track below 60 %. An indicator with no
such period has no status yet. When target equals baseline, reaching it counts as 100 %.
"""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    DecimalField,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.db.models.lookups import Exact, GreaterThanOrEqual, IsNull, LessThanOrEqual
from django.utils import timezone

from ..models import Indicator, IndicatorMeasure, IndicatorPeriod

ON_TRACK = Decimal("0.9")
AT_RISK = Decimal("0.6")
_DEC = DecimalField(max_digits=20, decimal_places=6)


class _Ratio(Func):
    """numerator / denominator as a decimal ratio.

    Exact numeric division on PostgreSQL. SQLite stores whole-number decimals as integers and
    divides integers as integers (240 / 250 = 0), so there the numerator is made REAL first.
    """

    arity = 2
    template = "(%(expressions)s)"
    arg_joiner = " / "
    output_field = _DEC

    def as_sqlite(self, compiler, connection, **extra_context):
        numerator, denominator = self.get_source_expressions()
        clone = self.copy()
        clone.set_source_expressions([Cast(numerator, FloatField()), denominator])
        return super(_Ratio, clone).as_sqlite(compiler, connection, **extra_context)


def _periods_with_data(indicator_ref, as_of: datetime.date):
    """The indicator's periods that count for progress, latest first."""
    return IndicatorPeriod.objects.filter(
        indicator=indicator_ref, period_end__lte=as_of,
        actual_value__isnull=False, target_value__isnull=False,
    ).order_by("-period_end", "-period_start")


def _latest(indicator_ref, field: str, as_of: datetime.date):
    return Subquery(_periods_with_data(indicator_ref, as_of).values(field)[:1], output_field=_DEC)


def _achievement(*, target, actual, baseline, ascending, measure):
    """The achievement rule (module docstring) over the given expressions: a ratio, or None."""
    base = Coalesce(baseline, Value(Decimal("0")), output_field=_DEC)
    up = _Ratio(actual - base, NullIf(target - base, Value(Decimal("0"))))
    down = _Ratio(base - actual, NullIf(base - target, Value(Decimal("0"))))
    reached = Case(
        When((Exact(ascending, True) & GreaterThanOrEqual(actual, target))
             | (Exact(ascending, False) & LessThanOrEqual(actual, target)), then=Value(Decimal("1"))),
        default=Value(Decimal("0")), output_field=_DEC,
    )
    return Case(
        When(IsNull(actual, True), then=Value(None)),
        When(Exact(measure, IndicatorMeasure.QUALITATIVE), then=Value(None)),
        When(Exact(ascending, True), then=Coalesce(up, reached)),
        default=Coalesce(down, reached),
        output_field=_DEC,
    )


def _status(achievement):
    return Case(
        When(IsNull(achievement, True), then=Value("no_data")),
        When(GreaterThanOrEqual(achievement, ON_TRACK), then=Value("on_track")),
        When(GreaterThanOrEqual(achievement, AT_RISK), then=Value("at_risk")),
        default=Value("off_track"),
    )


def with_progress(qs: QuerySet[Indicator], *, as_of: datetime.date | None = None) -> QuerySet[Indicator]:
    """Annotate indicators with latest_target, latest_actual, achievement (0..n) and progress_status.

    ``progress_status`` is one correlated subquery that applies the rule to the latest period
    itself (rather than a CASE over the other annotations, which would repeat their subqueries
    a dozen times per row): roll-ups group tens of thousands of indicators by it.
    """
    as_of = as_of or timezone.localdate()
    qs = qs.annotate(
        latest_target=_latest(OuterRef("pk"), "target_value", as_of),
        latest_actual=_latest(OuterRef("pk"), "actual_value", as_of),
    )
    qs = qs.annotate(achievement=_achievement(
        target=F("latest_target"), actual=F("latest_actual"), baseline=F("baseline_value"),
        ascending=F("ascending"), measure=F("measure"),
    ))
    # The indicator's own columns come from the outer row: no join per evaluation.
    latest_status = _periods_with_data(OuterRef("pk"), as_of).annotate(
        _status=_status(_achievement(
            target=F("target_value"), actual=F("actual_value"), baseline=OuterRef("baseline_value"),
            ascending=OuterRef("ascending"), measure=OuterRef("measure"),
        ))
    ).values("_status")[:1]
    return qs.annotate(
        progress_status=Coalesce(Subquery(latest_status, output_field=CharField()), Value("no_data")),
    )


STATUS_LABELS = {"on_track": "On track", "at_risk": "At risk", "off_track": "Off track", "no_data": "No data yet"}
