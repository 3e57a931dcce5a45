"""python manage.py import_rates rates.csv [--source NAME] [--user USERNAME]

Imports exchange rates (header ``base,quote,date,rate,source``) all-or-nothing: any wrong row
means nothing is imported, and every wrong row is listed by number. The ledger records who
imported (``--user``, a finance or grant officer; defaults to the first programme admin).
"""
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from grants.services.fx import exchange_rates_import
from portfolio.models import Role


class Command(BaseCommand):
    help = "Import exchange rates from a CSV file (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--source", default="", help="Source for rows that leave it empty.")
        parser.add_argument("--user", default="", help="Username recorded in the audit ledger.")

    def handle(self, *args, path, source, user, **options):
        users = get_user_model().objects
        if user:
            actor = users.filter(username=user).first()
            if actor is None:
                raise CommandError(f"No user {user!r}.")
        else:
            actor = (users.filter(is_superuser=True, is_active=True).order_by("pk").first()
                     or users.filter(access_profile__role=Role.PROGRAMME_ADMIN).order_by("pk").first())
            if actor is None:
                raise CommandError("Name the importing user with --user.")
        try:
            with open(path, "rb") as handle:
                result = exchange_rates_import(file=handle, by=actor, default_source=source, file_name=str(path))
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}")
        if not result.ok:
            raise CommandError("Nothing imported:\n  " + "\n  ".join(str(e) for e in result.errors))
        self.stdout.write(self.style.SUCCESS(
            f"{result.created} rates imported, {result.unchanged} already present."))
