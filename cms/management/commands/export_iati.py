"""Write the published initiatives as an IATI 2.03 activity file and check it against the XSD."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.opendata.iati import validate, write_activities


class Command(BaseCommand):
    help = "Export published initiatives as IATI 2.03 activities (validated against the official schema)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", default="-", help="File to write; '-' for standard output.")
        parser.add_argument("--no-validate", action="store_true", help="Skip the XSD check.")

    def handle(self, *args, output, no_validate, **options):
        if output == "-":
            import io

            buffer, warnings = io.BytesIO(), []
            count = write_activities(buffer, warnings=warnings)
            data = buffer.getvalue()
            self._check(data, no_validate)
            self.stdout.write(data.decode("utf-8"), ending="")
            self.stderr.write(f"{count} activities.")
            self._warn(warnings)
            return
        path = Path(output)
        if path.parent and not path.parent.exists():
            raise CommandError(f"--output: the folder {path.parent} does not exist.")
        warnings = []
        with path.open("wb") as fh:
            count = write_activities(fh, warnings=warnings)
        self._check(path.read_bytes(), no_validate)
        self.stdout.write(self.style.SUCCESS(f"Wrote {count} activities to {path}."))
        self._warn(warnings)

    def _warn(self, warnings: list[str]) -> None:
        for line in warnings:
            self.stderr.write(self.style.WARNING(f"Check: {line}"))

    def _check(self, data: bytes, skip: bool) -> None:
        if skip:
            return
        errors = validate(data)
        if errors:
            raise CommandError("The export does not validate against the IATI 2.03 schema:\n" + "\n".join(errors[:20]))
