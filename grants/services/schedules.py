"""Reporting schedules: which periods a grant reports on, when each report is due, in whose time.

Periods follow the calendar (quarters, half-years, years) or the custom end dates an officer
set, clipped to the grant's dates. The last period, ending on the grant's end date, is the
one-off *final report*, due ``final_report_days`` after the end instead of ``days_to_report``.
A grant with no schedule row reports quarterly with the defaults of ``ReportingSchedule``.

Dates are local: a report is due at the end of its due date *where the work happens* (the
initiative's country, ``COUNTRY_TIMEZONES``; ``settings.TIME_ZONE`` for others). ``local_today``
gives that date for an instant, so a reminder job running at 23:30 UTC treats Kathmandu (already
tomorrow) and Guayaquil (still today) correctly.

``reports_generate(today=...)`` creates the draft report of every period that has started, for
every active grant; it is idempotent (the unique period per grant makes a re-run a no-op).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Frequency, Grant, GrantStatus, ProgressReport, ReportingSchedule
from .ledger import audit_record

COUNTRY_TIMEZONES = {
    "BD": "Asia/Dhaka", "EC": "America/Guayaquil", "JM": "America/Jamaica", "KG": "Asia/Bishkek",
    "MD": "Europe/Chisinau", "MA": "Africa/Casablanca", "NP": "Asia/Kathmandu", "PH": "Asia/Manila",
    "SN": "Africa/Dakar", "RS": "Europe/Belgrade", "TN": "Africa/Tunis",
}
MONTHS_PER_PERIOD = {Frequency.QUARTERLY: 3, Frequency.SEMI_ANNUAL: 6, Frequency.ANNUAL: 12}
REPORTING_GRANT_STATES = (GrantStatus.ACTIVE, GrantStatus.SUSPENDED)


def country_zone(iso2: str | None) -> ZoneInfo:
    return ZoneInfo(COUNTRY_TIMEZONES.get((iso2 or "").upper(), settings.TIME_ZONE))


def local_today(iso2: str | None, *, now: datetime.datetime | None = None) -> datetime.date:
    """The calendar date in the country ``iso2`` at instant ``now`` (default: this instant)."""
    return (now or timezone.now()).astimezone(country_zone(iso2)).date()


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    due: datetime.date
    is_final: bool


def _month_end(year: int, month: int) -> datetime.date:
    first_next = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first_next - datetime.timedelta(days=1)


def _calendar_ends(start: datetime.date, end: datetime.date, months: int):
    """Ends of the calendar periods of ``months`` months that overlap [start, end]."""
    month = ((start.month - 1) // months + 1) * months  # last month of start's period
    year = start.year
    while True:
        period_end = _month_end(year, month)
        yield min(period_end, end)
        if period_end >= end:
            return
        month += months
        if month > 12:
            month -= 12
            year += 1


def _parse_custom(schedule: ReportingSchedule, grant: Grant) -> list[datetime.date]:
    ends = []
    for raw in schedule.custom_period_ends or []:
        try:
            day = datetime.date.fromisoformat(str(raw))
        except ValueError:
            raise ValidationError({"custom_period_ends": _("“%(value)s” is not a date (use YYYY-MM-DD).") % {"value": raw}})
        if grant.start_date <= day < grant.end_date:
            ends.append(day)
    return sorted(set(ends)) + [grant.end_date]


def schedule_for(grant: Grant) -> ReportingSchedule:
    """The grant's schedule, or the default one (not saved) when none was set."""
    try:
        return grant.reporting_schedule
    except ReportingSchedule.DoesNotExist:
        return ReportingSchedule(grant=grant)


def schedule_periods(grant: Grant, schedule: ReportingSchedule | None = None) -> list[Period]:
    """Every reporting period of the grant, in order; the last one is the final report."""
    schedule = schedule or schedule_for(grant)
    if schedule.frequency == Frequency.CUSTOM:
        ends = _parse_custom(schedule, grant)
    else:
        ends = list(_calendar_ends(grant.start_date, grant.end_date, MONTHS_PER_PERIOD[schedule.frequency]))
    periods, start = [], grant.start_date
    for i, end in enumerate(ends):
        final = i == len(ends) - 1
        due = end + datetime.timedelta(days=schedule.final_report_days if final else schedule.days_to_report)
        periods.append(Period(start, end, due, final))
        start = end + datetime.timedelta(days=1)
    return periods


@transaction.atomic
def reporting_schedule_set(*, grant: Grant, by, frequency: str, custom_period_ends=(), days_to_report: int = 30,
                           final_report_days: int = 60, remind_days_before: int = 7,
                           remind_overdue_every_days: int = 7) -> ReportingSchedule:
    """Set (or change) a grant's schedule; periods already reported on are not touched."""
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Choose quarterly, semi-annual, annual or custom dates.")})
    if frequency == Frequency.CUSTOM and not custom_period_ends:
        raise ValidationError({"custom_period_ends": _("Give at least one period end date for a custom schedule.")})
    for name, value in (("days_to_report", days_to_report), ("final_report_days", final_report_days),
                        ("remind_overdue_every_days", remind_overdue_every_days)):
        if not 1 <= int(value) <= 365:
            raise ValidationError({name: _("Use a number of days between 1 and 365.")})
    values = {
        "frequency": frequency, "custom_period_ends": [str(d) for d in custom_period_ends],
        "days_to_report": days_to_report, "final_report_days": final_report_days,
        "remind_days_before": remind_days_before, "remind_overdue_every_days": remind_overdue_every_days,
    }
    _parse_custom(ReportingSchedule(grant=grant, **values), grant)
    schedule, _created = ReportingSchedule.objects.update_or_create(grant=grant, defaults=values)
    audit_record(actor=by, action="reporting_schedule.set", obj=schedule, grant_id=grant.pk, to_state=frequency)
    return schedule


def report_create_for_period(*, grant: Grant, period: Period) -> tuple[ProgressReport, bool]:
    """The grant's report for ``period`` (created as a draft if missing); never duplicates."""
    existing = ProgressReport.objects.filter(grant=grant, period_start=period.start, period_end=period.end).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            return ProgressReport.objects.create(
                grant=grant, period_start=period.start, period_end=period.end, due_date=period.due,
                is_final=period.is_final,
            ), True
    except IntegrityError:  # created by a concurrent run
        return ProgressReport.objects.get(grant=grant, period_start=period.start, period_end=period.end), False


def reports_generate(*, now: datetime.datetime | None = None, grants=None) -> int:
    """Create the draft report of every started period of every reporting grant; returns how many."""
    qs = grants if grants is not None else Grant.objects.filter(status__in=REPORTING_GRANT_STATES)
    created = 0
    for grant in qs.select_related("reporting_schedule", "initiative__country"):
        today = local_today(grant.initiative.country.iso2, now=now)
        for period in schedule_periods(grant):
            if period.start > today:
                break
            created += report_create_for_period(grant=grant, period=period)[1]
    return created
