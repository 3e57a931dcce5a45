"""Generate one donor report PDF from the command line, for people who script.

    python manage.py generate_report --scope programme --period 2026-Q3 --output report.pdf
    python manage.py generate_report --scope donor:12 --period 2026-H1 --output sdc.pdf --as-of 2026-07-15T09:00
    python manage.py generate_report --scope country:EC --period 2026-01-01:2026-03-31 --output ec.pdf
    python manage.py generate_report --snapshot-in report.json --output again.pdf   (re-render a saved snapshot)

Runs in the foreground (no worker needed). ``--archive`` also stores it as a generated report
(through the default storage), so it appears in the back office. ``--snapshot-out`` writes the
frozen snapshot as JSON; rendering that file again gives a byte-identical PDF.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portfolio.money import ISO_4217
from reporting import services
from reporting.models import ReportFormat
from reporting.pdf import render_pdf
from reporting.periods import PERIOD_FORMS, SCOPE_FORMS, parse_period, parse_scope
from reporting.snapshot import ScopeError, build_snapshot, digest


class Command(BaseCommand):
    help = "Generate a donor report PDF for a scope and period."

    def add_arguments(self, parser):
        parser.add_argument("--scope", help=f"One of: {SCOPE_FORMS}.")
        parser.add_argument("--period", help=f"One of: {PERIOD_FORMS}.")
        parser.add_argument("--output", required=True, help="Where to write the PDF.")
        parser.add_argument("--as-of", dest="as_of", help="Data as of this time (ISO 8601, UTC if no zone); default now.")
        parser.add_argument("--language", default="en", choices=["en", "fr", "es"])
        parser.add_argument("--currency", default="", help="Report currency (ISO 4217); default the programme's.")
        parser.add_argument("--format", default=ReportFormat.FULL, choices=[c for c, _l in ReportFormat.choices])
        parser.add_argument("--snapshot-out", dest="snapshot_out", help="Also write the frozen snapshot (JSON).")
        parser.add_argument("--snapshot-in", dest="snapshot_in", help="Render this saved snapshot instead of reading the database.")
        parser.add_argument("--archive", action="store_true", help="Also store it as a generated report (back office).")

    def handle(self, *args, **opts):
        started = time.perf_counter()
        if opts["snapshot_in"]:
            try:
                snapshot = json.loads(Path(opts["snapshot_in"]).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"--snapshot-in: cannot read {opts['snapshot_in']}: {exc}") from None
        else:
            snapshot = self._snapshot(opts)
        result = render_pdf(snapshot, format=opts["format"])
        output = Path(opts["output"])
        try:
            output.write_bytes(result.content)
        except OSError as exc:
            raise CommandError(f"--output: cannot write {output}: {exc}") from None
        if opts["snapshot_out"]:
            Path(opts["snapshot_out"]).write_text(json.dumps(snapshot, ensure_ascii=False, sort_keys=True, indent=1),
                                                  encoding="utf-8")
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(
            f"Wrote {output} ({result.page_count} pages, {len(result.content):,} bytes) in {elapsed:.2f} s; "
            f"snapshot {digest(snapshot)[:16]}, file {hashlib.sha256(result.content).hexdigest()[:16]}."
        ))
        if opts["archive"] and not opts["snapshot_in"]:
            meta = snapshot["meta"]
            report = services.report_request(
                spec=parse_scope(meta["scope"]["key"]), period=parse_period(meta["period"]["key"]),
                as_of=datetime.datetime.fromisoformat(meta["as_of"]), language=meta["language"],
                currency=meta["currency"], format=opts["format"], enqueue=False,
            )
            report.snapshot = snapshot
            report.snapshot_digest = digest(snapshot)
            report.save(update_fields=["snapshot", "snapshot_digest"])
            outcome = services.report_run(report_id=report.pk)
            self.stdout.write(f"Archived as generated report #{report.pk} ({outcome.state}).")

    def _snapshot(self, opts) -> dict:
        if not opts["scope"] or not opts["period"]:
            raise CommandError("Give --scope and --period (or --snapshot-in).")
        try:
            spec = parse_scope(opts["scope"])
        except ValueError as exc:
            raise CommandError(f"--scope: {exc}") from None
        try:
            period = parse_period(opts["period"])
        except ValueError as exc:
            raise CommandError(f"--period: {exc}") from None
        as_of = None
        if opts["as_of"]:
            try:
                as_of = datetime.datetime.fromisoformat(opts["as_of"])
            except ValueError:
                raise CommandError(f"--as-of: “{opts['as_of']}” is not an ISO 8601 date or time, e.g. 2026-07-15T09:00.") from None
            if timezone.is_naive(as_of):
                as_of = as_of.replace(tzinfo=datetime.timezone.utc)
        currency = (opts["currency"] or "").upper()
        if currency and currency not in ISO_4217:
            raise CommandError(f"--currency: {currency} is not an ISO 4217 currency code.")
        try:
            return build_snapshot(spec=spec, period=period, as_of=as_of, currency=currency or None,
                                  language=opts["language"])
        except ScopeError as exc:
            raise CommandError(f"--scope: {exc}") from None
