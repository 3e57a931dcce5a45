"""Scale seeding: grants for the synthetic initiatives, the transaction total, a ledger that verifies."""
import io

import pytest

from grants.models import AuditEntry, DisbursementRequest, Expenditure, Grant
from grants.scale import seed_scale
from grants.services.ledger import audit_verify
from portfolio.scale import seed_scale as portfolio_seed_scale

pytestmark = pytest.mark.django_db


def test_scale_grants_hold_the_requested_transactions_and_a_valid_chain():
    portfolio_seed_scale(initiatives=12, stdout=io.StringIO(), progress=False)
    seed_scale(initiatives=12, stdout=io.StringIO(), progress=False, transactions=600)
    assert Grant.objects.filter(reference__startswith="GA-scale-r").count() == 12
    made = DisbursementRequest.objects.count() + Expenditure.objects.count()
    assert 550 <= made <= 600
    assert {"paid"} <= set(DisbursementRequest.objects.values_list("status", flat=True))
    for grant in Grant.objects.all():
        assert grant.obligated_amount <= grant.committed_amount
    check = audit_verify()
    assert check.ok and check.checked == AuditEntry.objects.count() > made
    out = io.StringIO()
    seed_scale(initiatives=12, stdout=out, progress=False, transactions=600)
    assert "already has a grant" in out.getvalue() and Grant.objects.count() == 12
