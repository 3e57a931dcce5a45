"""Demo data for the portfolio: ``seed_demo(*, stdout) -> list[DemoAccount]``.

The contract every app's seeder follows (see ``settings.DEMO_SEEDERS`` and the ``seed_demo``
command): idempotent by natural keys, so re-running creates no duplicates and keeps what people
edited; returns the demo accounts it is responsible for, which the command prints. Refuses to run
with production settings, as it creates accounts with a published password.

This seeder creates the programme (UNDP reporting, USD), its three phases, the donors (SDC in
CHF, the EU in EUR, Sida in SEK), the counterpart institutions of the 11 countries, about forty
initiatives with results frameworks, milestones and assistance activities, and one account per
role. The content lives in ``content`` and ``frameworks``, the writing in ``seed``.
"""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from ..models import Country, SdgTarget
from .accounts import DEMO_PASSWORD, DemoAccount, seed_accounts

__all__ = ["DEMO_PASSWORD", "DemoAccount", "seed_demo"]


def seed_demo(*, stdout) -> list[DemoAccount]:
    if getattr(settings, "IS_PRODUCTION", False):
        raise ImproperlyConfigured("The demo seeder refuses to run with production settings: it creates known passwords.")
    from ..services.reference import reference_data_load
    from .seed import seed_portfolio

    with transaction.atomic():
        if not SdgTarget.objects.exists() or not Country.objects.in_programme().exists():
            stdout.write("  reference data missing: loading it first")
            reference_data_load()
        organisations, created, existing = seed_portfolio()
        accounts = seed_accounts(organisations)
    stdout.write(f"  portfolio: {created} initiatives created, {existing} already present")
    return accounts
