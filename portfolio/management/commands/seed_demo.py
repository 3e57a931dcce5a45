"""python manage.py seed_demo: the demo programme, idempotent; prints the demo accounts.

Runs the seeders named in settings.DEMO_SEEDERS in order (portfolio first, then grants,
reporting, cms). Each is ``seed(*, stdout) -> list[DemoAccount]`` and must be idempotent:
re-running keeps existing data. Refuses to run with production settings.
"""
import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Load the demo programme (11 countries, initiatives, grants, reports, site) and demo accounts."

    def handle(self, *args, **options):
        if getattr(settings, "IS_PRODUCTION", False):
            raise CommandError("seed_demo refuses to run with production settings: it creates known passwords.")
        accounts = []
        # Hundreds of pages and tasks log one INFO line each: noise for a bulk load.
        logging.disable(logging.INFO)
        try:
            for dotted in settings.DEMO_SEEDERS:
                self.stdout.write(f"Seeding {dotted} ...")
                with transaction.atomic():
                    accounts.extend(import_string(dotted)(stdout=self.stdout) or [])
        finally:
            logging.disable(logging.NOTSET)
        if accounts:
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS("Demo accounts (username / password — role, scope):"))
            for account in accounts:
                self.stdout.write(f"  {account.username:<14} / {account.password:<16} — {account.role}, {account.scope}")
