"""Demo donor reporting: subscriptions for the demo donors and the first reports, ready to open.

``seed_demo(*, stdout)`` follows the project's seeder contract (idempotent, returns accounts;
it adds none). It gives each demo donor a quarterly subscription to the report on what it
funds, gives SDC a semi-annual programme-wide report in CHF (in French, as its desk reads it),
and generates SDC's reports for the last complete periods in the foreground, so the donor
account finds them in the portal (/reports/) and programme staff in the back office at once.
Re-running finds the same subscriptions and reports. Seeding sends no email: when beat next
fires for these periods, the reports are found done and delivered then, once.
"""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from portfolio.models import Organisation, OrganisationKind

from . import services
from .models import ReportStatus, ReportSubscription
from .periods import last_complete_period


def _subscription(donor, *, name: str, **fields) -> tuple[ReportSubscription, bool]:
    existing = ReportSubscription.objects.filter(donor=donor, name=name).first()
    if existing:
        return existing, False
    return services.subscription_save(subscription=ReportSubscription(donor=donor, name=name, **fields), by=None), True


def seed_demo(*, stdout) -> list:
    if getattr(settings, "IS_PRODUCTION", False):
        raise ImproperlyConfigured("The demo seeder refuses to run with production settings.")
    donors = list(Organisation.objects.filter(kind=OrganisationKind.DONOR).order_by("name"))
    created = 0
    first_reports = []
    for donor in donors:
        slug = (donor.acronym or donor.name.split()[0]).lower().replace(" ", "")
        subscription, new = _subscription(
            donor, name=f"{donor.acronym or donor.name}: quarterly report on what it funds", scope_kind="donor",
            period_type="quarterly", format="full", language="en", currency="",
            recipients=f"reports@{slug}.example.org", send_day=15, send_hour=6,
        )
        created += new
        if donor.acronym == "SDC":
            first_reports.append(subscription)
            programme_wide, new = _subscription(
                donor, name="SDC: semi-annual programme report", scope_kind="programme", period_type="semi_annual",
                format="full", language="fr", currency="CHF", recipients="reports@sdc.example.org",
                send_day=20, send_hour=6,
            )
            created += new
            first_reports.append(programme_wide)
    made = 0
    today = timezone.localdate()
    for subscription in first_reports:
        period = last_complete_period(subscription.period_type, today=today)
        report, _new = services.report_for_subscription(subscription=subscription, period=period)
        if report.status != ReportStatus.DONE:
            # Quiet: the demo's first reports are not emailed at seed time (beat delivers them later).
            outcome = services.report_run(report_id=report.pk, deliver=False)
            made += outcome.state == "done"
    stdout.write(f"  reporting: {created} subscriptions created, {made} reports generated "
                 f"({ReportSubscription.objects.count()} subscriptions in all)")
    return []
