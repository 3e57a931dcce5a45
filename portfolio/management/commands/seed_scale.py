"""python manage.py seed_scale --initiatives N: a large synthetic portfolio for benchmarks.

Runs settings.SCALE_SEEDERS in order; each is ``seed(*, initiatives, stdout, progress)``.
"""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Create N synthetic initiatives (10 indicators x 8 periods each) and what hangs off them, for "
        "benchmarks. Not idempotent by design: each run adds a new batch with its own unique codes "
        "(scale-r<run>-<n>); the synthetic organisations are created once and reused."
    )

    def add_arguments(self, parser):
        parser.add_argument("--initiatives", type=int, default=2000, help="How many initiatives to add (default 2000).")
        parser.add_argument("--no-progress", action="store_true", help="Do not print the progress bar.")

    def handle(self, *args, initiatives, no_progress, **options):
        if getattr(settings, "IS_PRODUCTION", False):
            raise CommandError("seed_scale refuses to run with production settings.")
        if initiatives < 1:
            raise CommandError("--initiatives must be at least 1.")
        for dotted in settings.SCALE_SEEDERS:
            import_string(dotted)(initiatives=initiatives, stdout=self.stdout, progress=not no_progress)
        # Every seeder bulk-loads: refresh the planner's statistics once they all have. Without
        # this PostgreSQL planned the public funding totals over 92,000 expenditure rows as if
        # there were 73 (nested loops: 171 ms instead of 43 ms, most of the home page's time).
        if connection.vendor in ("postgresql", "sqlite"):
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
