"""Results framework data: result -> indicator -> baseline, target, actual, status.

Status follows the documented rule of ``portfolio.selectors.results`` (latest period with both
a target and an actual, ended on or before the report's date; on track at 90 % of the way from
baseline to target, at risk from 60 %, off track below), evaluated by ``progress.LatestPeriods``
from one read of the reported periods, at the report date and at the six period ends before it.
A fixed number of queries, whatever the portfolio size.

A scope with up to ``DETAIL_LIMIT`` indicators lists every indicator with its periods; a wider
scope summarises (status by country and by result level) and lists the indicators that need
attention (lowest achievement first), so a 2,000-initiative report stays readable.
"""
from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from django.utils.translation import gettext as _

from portfolio.models import Indicator, IndicatorPeriod, ResultType
from portfolio.selectors.results import AT_RISK, ON_TRACK

from ..periods import Period, PeriodType, period_containing
from .data import dec, ratio
from .progress import LatestPeriods

DETAIL_LIMIT = 200
ATTENTION_LIMIT = 25
HEADLINE_LIMIT = 4
TREND_POINTS = 6
STATUSES = ("on_track", "at_risk", "off_track", "no_data")
ROW_FIELDS = ("pk", "title", "unit", "measure", "ascending", "baseline_value", "baseline_year", "result_id",
              "result__title", "result__type", "result__initiative__title", "result__initiative__country__name")


def status_labels() -> dict[str, str]:
    return {"on_track": _("On track"), "at_risk": _("At risk"), "off_track": _("Off track"),
            "no_data": _("No data yet")}


def _tally(statuses) -> dict:
    """Counts by status (and the on-track share among indicators with data)."""
    counter = Counter(statuses)
    counts = {s: counter.get(s, 0) for s in STATUSES}
    counts["total"] = sum(counter.values())
    counts["on_track_share"] = ratio(counts["on_track"], counts["total"] - counts["no_data"])
    return counts


def trend_dates(on: datetime.date, period_type: str) -> list[datetime.date]:
    """The last ``TREND_POINTS`` period ends up to ``on`` (quarters for custom periods), oldest first."""
    kind = period_type if period_type != PeriodType.CUSTOM else PeriodType.QUARTERLY
    current = period_containing(on, kind)
    day = current.end if current.end <= on else current.start - datetime.timedelta(days=1)
    ends = []
    while len(ends) < TREND_POINTS:
        ends.append(day)
        day = period_containing(day, kind).start - datetime.timedelta(days=1)
    return list(reversed(ends))


def _indicator_item(row: dict, evaluated, labels: dict) -> dict:
    target, actual, value, state = evaluated
    return {
        "id": row["pk"], "title": row["title"], "unit": row["unit"] or "", "measure": row["measure"],
        "ascending": row["ascending"], "baseline": dec(row["baseline_value"]), "baseline_year": row["baseline_year"],
        "target": dec(target), "actual": dec(actual), "achievement": dec(value, "0.0001"),
        "status": state, "status_label": labels[state],
        "initiative": row["result__initiative__title"], "country": row["result__initiative__country__name"],
    }


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


def results_section(scope, period: Period, on: datetime.date) -> dict:
    labels = status_labels()
    indicators = Indicator.objects.filter(result__initiative__in=scope.initiative_ids)
    rows = list(indicators.order_by(
        "result__initiative__country__name", "result__initiative__title", "result__order", "result_id", "order", "pk"
    ).values(*ROW_FIELDS))
    periods = LatestPeriods(indicators, until=max(on, period.end))
    dates = trend_dates(on, period.type)
    *trend_statuses, current = periods.statuses_at(rows, [*dates, on])

    def item(row: dict) -> dict:
        return _indicator_item(row, periods.evaluate(row, on), labels)

    section = {
        "rule": _(
            "Status compares the latest period with both a target and an actual, ended by %(date)s: "
            "the share of the way from baseline to target covered. On track at %(on)s %% or more, "
            "at risk from %(risk)s %%, off track below; indicators without such a period have no status yet."
        ) % {"date": on.isoformat(), "on": int(ON_TRACK * 100), "risk": int(AT_RISK * 100)},
        "total": len(rows),
        "counts": _tally(current),
        "detail": len(rows) <= DETAIL_LIMIT,
        "trend": [{"date": day.isoformat(), **_tally(statuses)} for day, statuses in zip(dates, trend_statuses)],
        "results": [], "by_country": [], "by_type": [], "attention": [], "headline": [],
    }
    if not rows:
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
            block["indicators"].append({**item(row), "periods": series.get(row["pk"], [])})

    by_country: dict[str, Counter] = defaultdict(Counter)
    by_type: dict[str, Counter] = defaultdict(Counter)
    for row, state in zip(rows, current):
        by_country[row["result__initiative__country__name"]][state] += 1
        by_type[row["result__type"]][state] += 1
    section["by_country"] = [{"country": name, **{s: counts.get(s, 0) for s in STATUSES}}
                             for name, counts in sorted(by_country.items())]
    section["by_type"] = [{"type": str(ResultType(code).label), **{s: counts.get(s, 0) for s in STATUSES}}
                          for code, counts in sorted(by_type.items())]
    needing = [row for row, state in zip(rows, current) if state in ("off_track", "at_risk")]
    needing.sort(key=lambda row: (periods.evaluate(row, on)[2], row["pk"]))
    section["attention"] = [item(row) for row in needing[:ATTENTION_LIMIT]]

    # Headline charts: the quantitative indicators reported most often in the two years to the period's end.
    window_start = period.end.replace(year=period.end.year - 2)
    reported = sorted(
        ((periods.reported_since(row["pk"], window_start, period.end), row["pk"]) for row in rows
         if row["measure"] != "5"),
        key=lambda pair: (-pair[0], pair[1]),
    )
    headline_ids = [pk for n, pk in reported[:HEADLINE_LIMIT] if n >= 2]
    if headline_ids:
        by_id = {row["pk"]: row for row in rows}
        series = _series(headline_ids, period.end)
        section["headline"] = [{**item(by_id[pk]), "periods": series.get(pk, [])} for pk in headline_ids]
    return section
