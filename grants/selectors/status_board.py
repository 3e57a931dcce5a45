"""The data-entry status board: per country and grant, which reports and indicator updates are
on time, late or missing.

Reports (periods that have started): *on time* when first submitted on or before the due date,
*late* when first submitted after it, *missing* when not submitted and the due date has passed,
*open* when not submitted and not yet due. The first submission is version 1's date, so a
report returned and resubmitted keeps its original punctuality. Dates are compared in the
country's calendar (``schedules.local_today``).

Indicator updates: the indicator periods of the grant's initiative whose reporting deadline
(period end + the schedule's days to report) has passed: *on time* when a report carrying a
value for the period was first submitted by the deadline, *late* when only after it, *missing*
when no submitted report carries one (the officer's review time does not count against the
partner).

A fixed handful of queries, whatever the number of grants.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Min
from django.utils import timezone

from portfolio.access import scope_queryset
from portfolio.models import IndicatorPeriod

from ..models import Grant, IndicatorUpdate, ProgressReport
from ..services.schedules import REPORTING_GRANT_STATES, country_zone, schedule_for


@dataclass
class Counts:
    on_time: int = 0
    late: int = 0
    missing: int = 0
    open: int = 0

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.missing + self.open


@dataclass
class GrantRow:
    grant: Grant
    reports: Counts = field(default_factory=Counts)
    indicators: Counts = field(default_factory=Counts)
    overdue: list[ProgressReport] = field(default_factory=list)


@dataclass
class CountryBlock:
    country: object
    rows: list[GrantRow]

    @property
    def reports(self) -> Counts:
        return _sum(r.reports for r in self.rows)

    @property
    def indicators(self) -> Counts:
        return _sum(r.indicators for r in self.rows)


def _sum(items) -> Counts:
    total = Counts()
    for c in items:
        total.on_time += c.on_time
        total.late += c.late
        total.missing += c.missing
        total.open += c.open
    return total


def status_board(*, user, country_id: int | None = None, now: datetime.datetime | None = None,
                 with_indicators: bool = True) -> list[CountryBlock]:
    """Blocks per country with a row per grant; ``with_indicators=False`` counts reports only (the
    whole-portfolio summary, cheap at any size; indicator updates are counted per country)."""
    now = now or timezone.now()
    scoped = scope_queryset(Grant.objects.filter(status__in=REPORTING_GRANT_STATES), user, "initiative")
    if country_id:
        scoped = scoped.filter(initiative__country_id=country_id)
    grants = list(scoped.select_related("initiative__country", "grantee", "reporting_schedule")
                  .order_by("initiative__country__name", "reference"))
    rows = {g.pk: GrantRow(g) for g in grants}
    zones = {iso2: country_zone(iso2) for iso2 in {g.initiative.country.iso2 for g in grants}}
    zone_of = {g.pk: zones[g.initiative.country.iso2] for g in grants}
    todays = {g.pk: now.astimezone(zone_of[g.pk]).date() for g in grants}

    reports = (
        ProgressReport.objects.filter(grant__in=scoped.values("pk"))
        .annotate(first_submitted=Min("versions__submitted_at"))
        .values("grant_id", "period_start", "period_end", "due_date", "first_submitted").order_by("due_date")
    )
    for r in reports:
        row, today = rows[r["grant_id"]], todays[r["grant_id"]]
        if r["period_start"] > today:
            continue
        if r["first_submitted"] is not None:
            if r["first_submitted"].astimezone(zone_of[r["grant_id"]]).date() <= r["due_date"]:
                row.reports.on_time += 1
            else:
                row.reports.late += 1
        elif r["due_date"] < today:
            row.reports.missing += 1
            row.overdue.append(r)
        else:
            row.reports.open += 1

    if with_indicators:
        _count_indicator_updates(grants, scoped, rows, todays, zone_of, now)

    blocks: dict[int, CountryBlock] = {}
    for g in grants:
        country = g.initiative.country
        blocks.setdefault(country.pk, CountryBlock(country, [])).rows.append(rows[g.pk])
    return list(blocks.values())


def _count_indicator_updates(grants, scoped, rows, todays, zone_of, now) -> None:
    by_initiative = defaultdict(list)
    for g in grants:
        # (counts, days to report, local today, zone) once per grant, not per period.
        by_initiative[g.initiative_id].append(
            (rows[g.pk].indicators, datetime.timedelta(days=schedule_for(g).days_to_report), todays[g.pk], zone_of[g.pk]))
    latest_today = max(todays.values(), default=now.date())
    initiatives = scoped.values("initiative_id")
    periods = IndicatorPeriod.objects.filter(
        indicator__result__initiative_id__in=initiatives, period_end__lt=latest_today,
    ).values_list("pk", "indicator__result__initiative_id", "period_end")
    # When each period's value was first reported: the first submission of a report carrying it.
    first_reported = dict(
        IndicatorUpdate.objects.filter(
            indicator_period__indicator__result__initiative_id__in=initiatives,
            indicator_period__period_end__lt=latest_today, report__versions__isnull=False,
        ).values_list("indicator_period_id").annotate(first=Min("report__versions__submitted_at")).order_by()
    )
    for pk, initiative_id, period_end in periods.iterator(chunk_size=5000):
        reported = first_reported.get(pk)
        for counts, days, today, zone in by_initiative[initiative_id]:
            deadline = period_end + days
            if deadline >= today:
                continue
            if reported is None:
                counts.missing += 1
            elif reported.astimezone(zone).date() > deadline:
                counts.late += 1
            else:
                counts.on_time += 1
