"""python manage.py verify_audit_log: walk the hash chain; exit 1 at the first broken link."""
import sys

from django.core.management.base import BaseCommand

from grants.services.ledger import audit_verify


class Command(BaseCommand):
    help = "Verify the audit ledger's hash chain and report the first broken link."

    def handle(self, *args, **options):
        check = audit_verify()
        if check.ok:
            self.stdout.write(self.style.SUCCESS(f"Audit ledger intact: {check.checked} entries verified."))
            return
        self.stdout.write(self.style.ERROR(
            f"Audit ledger BROKEN at entry #{check.broken_seq}: {check.problem} "
            f"({check.checked} entries before it verified)."
        ))
        sys.exit(1)
