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

from django.db.models import Case, DecimalField, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from ..models import Indicator, IndicatorMeasure, IndicatorPeriod

ON_TRACK = Decimal("0.9")
AT_RISK = Decimal("0.6")
_DEC = DecimalField(max_digits=20, decimal_places=6)


def _latest(indicator_ref, field: str, as_of: datetime.date):
    return Subquery(
        IndicatorPeriod.objects.filter(
            indicator=indicator_ref, period_end__lte=as_of,
            actual_value__isnull=False, target_value__isnull=False,
        ).order_by("-period_end").values(field)[:1],
        output_field=_DEC,
    )


def with_progress(qs: QuerySet[Indicator], *, as_of: datetime.date | None = None) -> QuerySet[Indicator]:
    """Annotate indicators with latest_target, latest_actual, achievement (0..n) and status."""
    as_of = as_of or timezone.localdate()
    qs = qs.annotate(
        latest_target=_latest(OuterRef("pk"), "target_value", as_of),
        latest_actual=_latest(OuterRef("pk"), "actual_value", as_of),
    )
    base = Coalesce(F("baseline_value"), Value(Decimal("0")), output_field=_DEC)
    up = ExpressionWrapper((F("latest_actual") - base) / NullIf(F("latest_target") - base, Value(Decimal("0"))), output_field=_DEC)
    down = ExpressionWrapper((base - F("latest_actual")) / NullIf(base - F("latest_target"), Value(Decimal("0"))), output_field=_DEC)
    reached = Case(
        When(Q(ascending=True, latest_actual__gte=F("latest_target")) | Q(ascending=False, latest_actual__lte=F("latest_target")),
             then=Value(Decimal("1"))),
        default=Value(Decimal("0")), output_field=_DEC,
    )
    qs = qs.annotate(
        achievement=Case(
            When(latest_actual__isnull=True, then=Value(None)),
            When(measure=IndicatorMeasure.QUALITATIVE, then=Value(None)),
            When(ascending=True, then=Coalesce(up, reached)),
            default=Coalesce(down, reached),
            output_field=_DEC,
        )
    )
    return qs.annotate(
        progress_status=Case(
            When(achievement__isnull=True, then=Value("no_data")),
            When(achievement__gte=ON_TRACK, then=Value("on_track")),
            When(achievement__gte=AT_RISK, then=Value("at_risk")),
            default=Value("off_track"),
        )
    )


STATUS_LABELS = {"on_track": "On track", "at_risk": "At risk", "off_track": "Off track", "no_data": "No data yet"}
