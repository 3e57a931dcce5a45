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


def status_board(*, user, country_id: int | None = None, now: datetime.datetime | None = None) -> list[CountryBlock]:
    now = now or timezone.now()
    grants = scope_queryset(Grant.objects.filter(status__in=REPORTING_GRANT_STATES), user, "initiative")
    if country_id:
        grants = grants.filter(initiative__country_id=country_id)
    grants = list(grants.select_related("initiative__country", "grantee", "reporting_schedule")
                  .order_by("initiative__country__name", "reference"))
    rows = {g.pk: GrantRow(g) for g in grants}
    todays = {g.pk: now.astimezone(country_zone(g.initiative.country.iso2)).date() for g in grants}

    reports = (
        ProgressReport.objects.filter(grant_id__in=list(rows)).annotate(first_submitted=Min("versions__submitted_at"))
        .order_by("due_date")
    )
    for r in reports:
        row, today = rows[r.grant_id], todays[r.grant_id]
        if r.period_start > today:
            continue
        zone = country_zone(row.grant.initiative.country.iso2)
        if r.first_submitted is not None:
            if r.first_submitted.astimezone(zone).date() <= r.due_date:
                row.reports.on_time += 1
            else:
                row.reports.late += 1
        elif r.due_date < today:
            row.reports.missing += 1
            row.overdue.append(r)
        else:
            row.reports.open += 1

    by_initiative = defaultdict(list)
    for g in grants:
        by_initiative[g.initiative_id].append(g)
    latest_today = max(todays.values(), default=now.date())
    periods = list(IndicatorPeriod.objects.filter(
        indicator__result__initiative_id__in=list(by_initiative), period_end__lt=latest_today,
    ).values_list("pk", "indicator__result__initiative_id", "period_end"))
    # When each period's value was first reported: the first submission of a report carrying it.
    first_reported = dict(
        IndicatorUpdate.objects.filter(
            indicator_period__indicator__result__initiative_id__in=list(by_initiative),
            indicator_period__period_end__lt=latest_today, report__versions__isnull=False,
        ).values_list("indicator_period_id").annotate(first=Min("report__versions__submitted_at")).order_by()
    )
    for pk, initiative_id, period_end in periods:
        for g in by_initiative[initiative_id]:
            deadline = period_end + datetime.timedelta(days=schedule_for(g).days_to_report)
            if deadline >= todays[g.pk]:
                continue
            counts = rows[g.pk].indicators
            reported = first_reported.get(pk)
            if reported is None:
                counts.missing += 1
            elif reported.astimezone(country_zone(g.initiative.country.iso2)).date() > deadline:
                counts.late += 1
            else:
                counts.on_time += 1

    blocks: dict[int, CountryBlock] = {}
    for g in grants:
        country = g.initiative.country
        blocks.setdefault(country.pk, CountryBlock(country, [])).rows.append(rows[g.pk])
    return list(blocks.values())
