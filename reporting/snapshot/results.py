"""Results framework data: result -> indicator -> baseline, target, actual, status.

Status follows the documented rule in ``portfolio.selectors.results`` (``with_progress``: latest
period with both a target and an actual, ended on or before the report's date; on track at
90 % of the way from baseline to target, at risk from 60 %, off track below). Everything is
computed in the database with a fixed number of queries, whatever the portfolio size.

A scope with up to ``DETAIL_LIMIT`` indicators lists every indicator with its periods; a wider
scope summarises (status by country and by result type) and lists the indicators that need
attention (lowest achievement first), so a 2,000-initiative report stays readable.
"""
from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from portfolio.models import Indicator, IndicatorPeriod, ResultType
from portfolio.selectors.results import AT_RISK, ON_TRACK, with_progress

from ..periods import Period, period_containing
from .data import dec, ratio

DETAIL_LIMIT = 200
ATTENTION_LIMIT = 25
HEADLINE_LIMIT = 4
TREND_POINTS = 6
STATUSES = ("on_track", "at_risk", "off_track", "no_data")


def status_labels() -> dict[str, str]:
    return {"on_track": _("On track"), "at_risk": _("At risk"), "off_track": _("Off track"),
            "no_data": _("No data yet")}


def _tally(statuses) -> dict:
    """Counts by status (and the on-track share among indicators with data) from a list of statuses."""
    counter = Counter(statuses)
    counts = {s: counter.get(s, 0) for s in STATUSES}
    counts["total"] = sum(counter.values())
    counts["on_track_share"] = ratio(counts["on_track"], counts["total"] - counts["no_data"])
    return counts


def _statuses(scope, on: datetime.date) -> list[str]:
    # One row per indicator: the rule's SQL expression is compiled once, counting happens here
    # (filtered aggregates would repeat the whole expression once per status).
    indicators = Indicator.objects.filter(result__initiative__in=scope.initiative_ids)
    return list(with_progress(indicators, as_of=on).values_list("progress_status", flat=True))


def indicator_status(scope, on: datetime.date) -> dict:
    """Counts by status for the executive summary."""
    return _tally(_statuses(scope, on))


def _trend(scope, on: datetime.date, period_type: str) -> list[dict]:
    """Status counts at the last period ends up to the report date: how the picture moved."""
    ends = []
    current = period_containing(on, period_type if period_type != "custom" else "quarterly")
    day = current.end if current.end <= on else current.start - datetime.timedelta(days=1)
    while len(ends) < TREND_POINTS:
        ends.append(day)
        day = period_containing(day, period_type if period_type != "custom" else "quarterly").start - datetime.timedelta(days=1)
    points = []
    for end in reversed(ends):
        counts = _tally(_statuses(scope, end))
        points.append({"date": end.isoformat(), **{k: counts[k] for k in (*STATUSES, "total", "on_track_share")}})
    return points


def _indicator_row(row: dict, labels: dict) -> dict:
    return {
        "id": row["pk"],
        "title": row["title"],
        "unit": row["unit"] or "",
        "measure": row["measure"],
        "ascending": row["ascending"],
        "baseline": dec(row["baseline_value"]),
        "baseline_year": row["baseline_year"],
        "target": dec(row["latest_target"]),
        "actual": dec(row["latest_actual"]),
        "achievement": dec(row["achievement"], "0.0001"),
        "status": row["progress_status"],
        "status_label": labels[row["progress_status"]],
    }


FIELDS = ("pk", "title", "unit", "measure", "ascending", "baseline_value", "baseline_year",
          "latest_target", "latest_actual", "achievement", "progress_status")


def _series(indicator_ids: list[int], until: datetime.date) -> dict[int, list[dict]]:
    """Target and actual per period for these indicators, up to the report's end (last 8 each)."""
    rows = (
        IndicatorPeriod.objects.filter(indicator_id__in=indicator_ids, period_start__lte=until)
        .order_by("indicator_id", "period_end")
        .values_list("indicator_id", "period_end", "target_value", "actual_value")
    )
    series: dict[int, list[dict]] = defaultdict(list)
    for indicator_id, end, target, actual in rows:
        series[indicator_id].append({"end": end.isoformat(), "target": dec(target), "actual": dec(actual)})
    return {k: v[-8:] for k, v in series.items()}


def _headline_ids(scope, period: Period) -> list[int]:
    """Quantitative indicators with the most reported periods in the two years to the period's end."""
    window_start = period.end.replace(year=period.end.year - 2)
    rows = (
        IndicatorPeriod.objects.filter(
            indicator__result__initiative__in=scope.initiative_ids, actual_value__isnull=False,
            target_value__isnull=False, period_end__lte=period.end, period_end__gt=window_start,
        ).exclude(indicator__measure="5")
        .values("indicator_id").annotate(n=Count("pk")).filter(n__gte=2).order_by("-n", "indicator_id")
    )
    return [r["indicator_id"] for r in rows[:HEADLINE_LIMIT]]


def results_section(scope, period: Period, on: datetime.date) -> dict:
    labels = status_labels()
    indicators = with_progress(Indicator.objects.filter(result__initiative__in=scope.initiative_ids), as_of=on)
    rows = list(indicators.order_by(
        "result__initiative__country__name", "result__initiative__title", "result__order", "result_id", "order", "pk"
    ).values(*FIELDS, "result_id", "result__title", "result__type", "result__initiative__title",
             "result__initiative__country__name"))
    total = len(rows)
    section = {
        "rule": _(
            "Status compares the latest period with both a target and an actual, ended by %(date)s: "
            "the share of the way from baseline to target covered. On track at %(on)s %% or more, "
            "at risk from %(risk)s %%, off track below; indicators without such a period have no status yet."
        ) % {"date": on.isoformat(), "on": int(ON_TRACK * 100), "risk": int(AT_RISK * 100)},
        "total": total,
        "counts": _tally(r["progress_status"] for r in rows),
        "detail": total <= DETAIL_LIMIT,
        "trend": _trend(scope, on, period.type),
        "results": [], "by_country": [], "by_type": [], "attention": [], "headline": [],
    }
    if total == 0:
        return section

    if section["detail"]:
        series = _series([r["pk"] for r in rows], period.end)
        by_result: dict[int, dict] = {}
        for row in rows:
            block = by_result.get(row["result_id"])
            if block is None:
                block = by_result[row["result_id"]] = {
                    "title": row["result__title"],
                    "type": str(ResultType(row["result__type"]).label) if row["result__type"] else "",
                    "initiative": row["result__initiative__title"],
                    "country": row["result__initiative__country__name"],
                    "indicators": [],
                }
                section["results"].append(block)
            item = _indicator_row(row, labels)
            item["periods"] = series.get(row["pk"], [])
            block["indicators"].append(item)

    by_country: dict[str, Counter] = defaultdict(Counter)
    by_type: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        by_country[row["result__initiative__country__name"]][row["progress_status"]] += 1
        by_type[row["result__type"]][row["progress_status"]] += 1
    section["by_country"] = [{"country": name, **{s: counts.get(s, 0) for s in STATUSES}}
                             for name, counts in sorted(by_country.items())]
    section["by_type"] = [{"type": str(ResultType(code).label), **{s: counts.get(s, 0) for s in STATUSES}}
                          for code, counts in sorted(by_type.items())]
    attention = sorted(
        (r for r in rows if r["progress_status"] in ("off_track", "at_risk")),
        key=lambda r: (Decimal(r["achievement"]), r["pk"]),
    )[:ATTENTION_LIMIT]
    section["attention"] = [
        {**_indicator_row(r, labels), "initiative": r["result__initiative__title"],
         "country": r["result__initiative__country__name"]}
        for r in attention
    ]
    headline_ids = _headline_ids(scope, period)
    if headline_ids:
        heads = {r["pk"]: r for r in rows if r["pk"] in set(headline_ids)}
        series = _series(headline_ids, period.end)
        section["headline"] = [
            {**_indicator_row(heads[pk], labels), "initiative": heads[pk]["result__initiative__title"],
             "country": heads[pk]["result__initiative__country__name"], "periods": series.get(pk, [])}
            for pk in headline_ids if pk in heads
        ]
    return section
