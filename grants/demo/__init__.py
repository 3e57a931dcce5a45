"""Demo grants: ``seed_demo(*, stdout) -> list[DemoAccount]`` (settings.DEMO_SEEDERS, after portfolio).

Builds on the portfolio demo's initiatives and accounts: monthly exchange rates; a grant for
most initiatives (local ones of USD 150,000-300,000, national technical assistance of USD
50,000-500,000; agreements in USD, CHF, EUR, XOF, MAD and KGS; SDC the majority funder, the EU
and Sida co-funding some); budgets with an approved top-up, an approved no-cost extension and a
revision waiting for approval; tranches with release conditions; disbursement requests in every
state (requested, under review, returned, approved, paid, rejected, withdrawn); a suspended
grant; expenditure by cost category and quarter, one grant overspending and one lagging.

Two steps, both listed in settings.DEMO_SEEDERS: ``seed_demo`` right after the portfolio (the
progress-report seeder needs active grants) and ``seed_disbursements`` after the progress reports
(release conditions read approved reports). Everything goes through the services, replayed on
the dates it would have happened, so the audit ledger is the one real use would have written
and ``verify_audit_log`` passes.
Idempotent: a grant whose reference exists is left alone; rates already present are skipped.
The demo accounts themselves belong to the portfolio seeder; this one returns none.
"""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _refuse_in_production():
    if getattr(settings, "IS_PRODUCTION", False):
        raise ImproperlyConfigured("The demo seeder refuses to run with production settings.")


def seed_demo(*, stdout) -> list:
    """Step 1, right after the portfolio: rates, agreements, budgets, tranches, amendments."""
    _refuse_in_production()
    from .story import seed_grants

    seed_grants(stdout=stdout)
    return []


def seed_disbursements(*, stdout) -> list:
    """Step 2, after the progress reports (tranche conditions read them): requests, payments, spending."""
    _refuse_in_production()
    from .story import seed_disbursements as replay

    return replay(stdout=stdout)
