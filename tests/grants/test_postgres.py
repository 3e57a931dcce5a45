"""Against a real PostgreSQL: concurrent approvals cannot overdraw a grant, and the triggers hold.

Run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name> (CI does); skipped on SQLite.
"""
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import Sum

from grants.models import AuditEntry, DisbursementRequest, Grant, GrantStatus, RequestStatus
from grants.services.disbursements import (
    disbursement_approve,
    disbursement_request_create,
    disbursement_review,
)
from grants.services.ledger import audit_verify
from tests.factories import make_user
from tests.factories.grants import make_active_grant, partner_of

pytestmark = pytest.mark.postgres


def _run_concurrently(jobs):
    """Start every job at the same moment, each thread on its own database connection."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def worker(i, job):
        try:
            barrier.wait(timeout=30)
            outcomes[i] = ("ok", job())
        except (ValidationError, PermissionDenied, IntegrityError) as exc:
            outcomes[i] = ("refused", exc)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcomes[i] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not [o for o in outcomes if o is None or o[0] == "error"], outcomes
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_never_exceed_the_ceiling(reference_data):
    # 16 tranches of 30,000 against a budget of 100,000: at most three approvals fit.
    grant = make_active_grant(committed=Decimal("100000"), tranches=(Decimal("30000"),) * 16)
    partner = partner_of(grant, username="race-partner")
    officers = [make_user("grant_officer", username=f"race-officer-{i}") for i in range(16)]
    requests = []
    for tranche in grant.tranches.order_by("number"):
        request = disbursement_request_create(grant=grant, tranche=tranche, amount=Decimal("30000"), by=partner)
        requests.append(disbursement_review(request=request, by=officers[0]))

    outcomes = _run_concurrently([
        (lambda r=r, o=o: disbursement_approve(request=r, by=o)) for r, o in zip(requests, officers)
    ])

    grant.refresh_from_db()
    approved = DisbursementRequest.objects.filter(grant=grant, status=RequestStatus.APPROVED)
    assert approved.count() == 3 == sum(1 for o in outcomes if o[0] == "ok")
    assert grant.obligated_amount == approved.aggregate(s=Sum("amount"))["s"] == Decimal("90000")
    assert grant.obligated_amount <= grant.committed_amount
    assert AuditEntry.objects.filter(action="request.approve").count() == 3
    assert audit_verify().ok


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_and_approvals_on_many_grants(reference_data):
    """Requests and approvals interleaved across grants: every grant stays within its budget."""
    grants = [make_active_grant(committed=Decimal("50000"), tranches=(Decimal("20000"),) * 4) for _ in range(4)]
    officers = [make_user("grant_officer", username=f"mix-officer-{i}") for i in range(2)]
    pending = []
    for grant in grants:
        partner = partner_of(grant)
        for tranche in grant.tranches.order_by("number")[:2]:
            r = disbursement_request_create(grant=grant, tranche=tranche, amount=Decimal("20000"), by=partner)
            pending.append(disbursement_review(request=r, by=officers[0]))
    jobs = [(lambda r=r: disbursement_approve(request=r, by=officers[1])) for r in pending]
    for grant in grants:
        partner = grant.grantee.users.first().user
        for tranche in grant.tranches.order_by("number")[2:]:
            jobs.append(lambda g=grant, t=tranche, p=partner:
                        disbursement_request_create(grant=g, tranche=t, amount=Decimal("20000"), by=p))
    _run_concurrently(jobs)
    for grant in grants:
        grant.refresh_from_db()
        assert grant.obligated_amount == Decimal("40000") <= grant.committed_amount
    assert audit_verify().ok


@pytest.mark.django_db
def test_ledger_refuses_update_and_delete_in_sql():
    grant = make_active_grant()
    with transaction.atomic():
        from grants.services.ledger import audit_record
        audit_record(actor=None, action="test", obj=grant)
    entry = AuditEntry.objects.get()
    for sql in ("UPDATE grants_auditentry SET reason = 'x' WHERE id = %s", "DELETE FROM grants_auditentry WHERE id = %s"):
        with pytest.raises(IntegrityError) as exc, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
        assert "append-only" in str(exc.value)
    assert AuditEntry.objects.get().reason == ""


@pytest.mark.django_db
def test_database_refuses_obligations_on_a_suspended_grant():
    grant = make_active_grant()
    Grant.objects.filter(pk=grant.pk).update(status=GrantStatus.SUSPENDED)
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        Grant.objects.filter(pk=grant.pk).update(obligated_amount=Decimal("10"))
    assert "accepts no disbursement" in str(exc.value)
    # Giving money back (a rejection after approval) stays possible.
    Grant.objects.filter(pk=grant.pk).update(status=GrantStatus.ACTIVE, obligated_amount=Decimal("10"))
    Grant.objects.filter(pk=grant.pk).update(status=GrantStatus.SUSPENDED)
    Grant.objects.filter(pk=grant.pk).update(obligated_amount=Decimal("0"))
