"""python manage.py load_reference_data [--data-dir DIR]: idempotent upsert of reference data."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portfolio.services.reference import DATA_DIR, reference_data_load


class Command(BaseCommand):
    help = "Load SDG goals/targets/indicators, GCM objectives and IATI codelists (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=DATA_DIR)

    def handle(self, *args, data_dir, **options):
        if not data_dir.is_dir():
            raise CommandError(f"{data_dir} is not a folder with reference data.")
        try:
            summary = reference_data_load(data_dir=data_dir)
        except (KeyError, ValueError, FileNotFoundError) as exc:
            raise CommandError(f"Reference data not loaded (nothing was changed): {exc!r}") from exc
        for line in summary.lines():
            self.stdout.write(line)
