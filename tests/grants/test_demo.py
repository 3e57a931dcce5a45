"""The grants demo: replayed through the services, every request state, several currencies,
a ledger that verifies, and a second run that changes nothing."""
import io

import pytest
from django.db import transaction
from django.db.models import Count

from grants.models import AuditEntry, DecisionNotice, DisbursementRequest, Expenditure, Grant, RequestStatus
from grants.selectors.dashboard import officer_queue
from grants.services.ledger import audit_verify

pytestmark = pytest.mark.django_db

SEEDERS = ("portfolio.demo.seed_demo", "grants.demo.seed_demo", "grants.reports_demo.seed_demo",
           "grants.demo.seed_disbursements")


def run_seeders():
    from django.utils.module_loading import import_string

    out = io.StringIO()
    for dotted in SEEDERS:
        with transaction.atomic():
            import_string(dotted)(stdout=out)
    return out.getvalue()


def test_demo_grants_show_real_work_and_run_twice():
    run_seeders()
    states = set(DisbursementRequest.objects.values_list("status", flat=True))
    assert states == set(RequestStatus.values), f"missing: {set(RequestStatus.values) - states}"
    assert {"USD", "CHF", "EUR", "XOF", "MAD", "KGS"} <= set(Grant.objects.values_list("currency", flat=True))
    assert set(Expenditure.objects.values_list("currency", flat=True)) >= {"USD", "CHF", "EUR", "XOF"}
    assert Grant.objects.filter(amendments__status="approved", amendments__type="top_up").exists()
    assert Grant.objects.annotate(n=Count("funders")).filter(n__gt=1).exists()
    assert DisbursementRequest.objects.filter(status="paid", rate__isnull=False).exists()
    assert audit_verify().ok
    assert not DecisionNotice.objects.exists(), "replaying history mails nobody"
    from django.contrib.auth import get_user_model

    queue = officer_queue(user=get_user_model().objects.get(username="officer"))
    assert queue.to_review.count and queue.overdue_tranches.count and queue.spending.count and queue.amendments.count
    assert officer_queue(user=get_user_model().objects.get(username="finance")).releases_due.count
    counts = (Grant.objects.count(), DisbursementRequest.objects.count(), Expenditure.objects.count(),
              AuditEntry.objects.count())
    run_seeders()
    assert counts == (Grant.objects.count(), DisbursementRequest.objects.count(), Expenditure.objects.count(),
                      AuditEntry.objects.count())
