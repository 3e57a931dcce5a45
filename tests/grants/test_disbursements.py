"""The disbursement workflow: every rule, through the services and against the database."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from grants.models import (
    Approval,
    AuditEntry,
    ConditionKind,
    DisbursementRequest,
    Grant,
    GrantSettings,
    GrantStatus,
    RequestStatus,
    Tranche,
    TrancheCondition,
)
from grants.services.disbursements import (
    disbursement_approve,
    disbursement_reject,
    disbursement_release,
    disbursement_request_create,
    disbursement_resubmit,
    disbursement_return,
    disbursement_review,
    disbursement_withdraw,
    request_actions_for,
)
from grants.services.ledger import audit_verify
from tests.factories import MilestoneFactory, OrganisationFactory, make_user
from tests.factories.grants import TrancheFactory, make_active_grant, partner_of

pytestmark = pytest.mark.django_db


def messages(exc) -> str:
    return " ".join(exc.value.messages)


def field_errors(exc) -> dict:
    return exc.value.message_dict


def requested(grant, partner, amount="50000", tranche_number=1):
    tranche = grant.tranches.get(number=tranche_number)
    return disbursement_request_create(grant=grant, tranche=tranche, amount=amount, by=partner)


def approved(grant, partner, officer, amount="50000", tranche_number=1):
    request = requested(grant, partner, amount, tranche_number)
    disbursement_review(request=request, by=officer)
    return disbursement_approve(request=request, by=officer)


# --- requesting -------------------------------------------------------------------------------

def test_partner_requests_a_tranche(grant, partner):
    request = requested(grant, partner)
    assert request.status == RequestStatus.REQUESTED
    assert request.currency == "USD" and not request.on_behalf_of_grantee
    entry = AuditEntry.objects.get(action="request.create")
    assert entry.actor_id == partner.pk and entry.amount == Decimal("50000") and entry.currency == "USD"


def test_officer_requests_on_behalf(grant, officer):
    tranche = grant.tranches.get(number=1)
    request = disbursement_request_create(grant=grant, tranche=tranche, amount=Decimal("100"), by=officer, on_behalf=True)
    assert request.on_behalf_of_grantee


def test_partner_of_another_organisation_may_not_request(grant):
    stranger = make_user("partner", username="stranger", organisation=OrganisationFactory())
    with pytest.raises(PermissionDenied):
        requested(grant, stranger)
    assert not DisbursementRequest.objects.exists()


@pytest.mark.parametrize("amount, needle", [
    ("-10", "cannot be negative"), ("0", "greater than zero"), ("10.001", "at most 2 decimal places"),
    ("abc", "is not a number"), ("50000.01", "more than tranche 1"),
])
def test_bad_amounts_name_the_field_and_save_nothing(grant, partner, amount, needle):
    with pytest.raises(ValidationError) as exc:
        requested(grant, partner, amount)
    assert needle in " ".join(field_errors(exc)["amount"])
    assert not DisbursementRequest.objects.exists() and not AuditEntry.objects.exists()


def test_float_amounts_are_refused(grant, partner):
    with pytest.raises(ValidationError) as exc:
        disbursement_request_create(grant=grant, tranche=grant.tranches.first(), amount=100.5, by=partner)
    assert "amount" in field_errors(exc)


def test_request_larger_than_the_remaining_balance(partner, officer):
    grant = make_active_grant(committed=Decimal("80000"), tranches=(Decimal("50000"), Decimal("50000")),
                              grantee=partner.access_profile.organisation)
    approved(grant, partner, officer, "50000", 1)
    with pytest.raises(ValidationError) as exc:
        requested(grant, partner, "40000", 2)
    assert "remaining balance (USD 30,000.00)" in " ".join(field_errors(exc)["amount"])


def test_tranche_of_another_grant(grant, partner):
    other = TrancheFactory()
    with pytest.raises(ValidationError) as exc:
        disbursement_request_create(grant=grant, tranche=other, amount=Decimal("10"), by=partner)
    assert "does not belong" in " ".join(field_errors(exc)["tranche"])


@pytest.mark.parametrize("status", [GrantStatus.SUSPENDED, GrantStatus.CLOSED, GrantStatus.APPROVED])
def test_grant_not_active_accepts_no_request(grant, partner, status):
    Grant.objects.filter(pk=grant.pk).update(status=status)
    with pytest.raises(ValidationError) as exc:
        requested(grant, partner)
    assert "accepts no disbursement request" in messages(exc)


def test_one_live_request_per_tranche(grant, partner):
    requested(grant, partner, "100")
    with pytest.raises(ValidationError) as exc:
        requested(grant, partner, "100")
    assert "already has a request" in " ".join(field_errors(exc)["tranche"])
    # And the database refuses it even when the service is bypassed.
    with pytest.raises(IntegrityError), transaction.atomic():
        DisbursementRequest.objects.create(grant=grant, tranche=grant.tranches.get(number=1), amount=1, currency="USD",
                                           requested_by=partner)


def test_tranche_can_be_requested_again_after_rejection(grant, partner, officer):
    request = requested(grant, partner)
    disbursement_reject(request=request, by=officer, reason="Wrong bank account")
    again = requested(grant, partner)
    assert again.status == RequestStatus.REQUESTED


# --- conditions -------------------------------------------------------------------------------

def test_unmet_conditions_block_request_and_approval_naming_the_condition(grant, partner, officer):
    tranche = grant.tranches.get(number=1)
    milestone = MilestoneFactory(initiative=grant.initiative, title="Municipal job board opened")
    TrancheCondition.objects.create(tranche=tranche, kind=ConditionKind.MILESTONE_ACHIEVED, milestone=milestone)
    with pytest.raises(ValidationError) as exc:
        requested(grant, partner)
    text = " ".join(field_errors(exc)["tranche"])
    assert "Municipal job board opened" in text and "planned" in text
    milestone.status, milestone.achieved_on = "achieved", datetime.date(2025, 3, 1)
    milestone.save()
    request = requested(grant, partner)
    disbursement_review(request=request, by=officer)
    # The milestone is reopened before approval: approval is refused, naming it.
    milestone.status, milestone.achieved_on = "delayed", None
    milestone.save()
    with pytest.raises(ValidationError) as exc:
        disbursement_approve(request=request, by=officer)
    assert "Municipal job board opened" in messages(exc)
    request.refresh_from_db()
    assert request.status == RequestStatus.UNDER_REVIEW and not request.approvals.exists()


# --- approval ---------------------------------------------------------------------------------

def test_review_then_single_approval_obligates(grant, partner, officer):
    request = approved(grant, partner, officer, "50000")
    grant.refresh_from_db()
    assert request.status == RequestStatus.APPROVED and request.approved_at
    assert grant.obligated_amount == Decimal("50000")
    assert request.approvals.get().approver == officer


def test_approval_needs_review_first(grant, partner, officer):
    request = requested(grant, partner)
    with pytest.raises(ValidationError) as exc:
        disbursement_approve(request=request, by=officer)
    assert "requested cannot be approved" in messages(exc)


def test_requester_may_not_approve(grant, officer):
    request = disbursement_request_create(grant=grant, tranche=grant.tranches.first(), amount=Decimal("10"),
                                          by=officer, on_behalf=True)
    disbursement_review(request=request, by=officer)
    with pytest.raises(PermissionDenied) as exc:
        disbursement_approve(request=request, by=officer)
    assert "someone else must approve" in str(exc.value)
    assert "approve" not in request_actions_for(request=request, user=officer)


def test_database_refuses_an_approval_by_the_requester(grant, officer):
    request = disbursement_request_create(grant=grant, tranche=grant.tranches.first(), amount=Decimal("10"),
                                          by=officer, on_behalf=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Approval.objects.create(request=request, approver=officer, requester=officer)


def test_partner_and_finance_may_not_approve(grant, partner, officer, finance):
    request = requested(grant, partner)
    disbursement_review(request=request, by=officer)
    for user in (partner, finance):
        with pytest.raises(PermissionDenied):
            disbursement_approve(request=request, by=user)


def test_above_threshold_two_different_approvers(partner, officer, officer2, admin_user):
    grant = make_active_grant(committed=Decimal("500000"), tranches=(Decimal("250000"),),
                              grantee=partner.access_profile.organisation)
    request = requested(grant, partner, "150000")
    disbursement_review(request=request, by=officer)
    request = disbursement_approve(request=request, by=officer)
    assert request.status == RequestStatus.UNDER_REVIEW and request.approvals_required == 2
    grant.refresh_from_db()
    assert grant.obligated_amount == 0
    assert "approve" not in request_actions_for(request=request, user=officer), "one approval per person"
    assert "approve" in request_actions_for(request=request, user=officer2)
    with pytest.raises(PermissionDenied) as exc:
        disbursement_approve(request=request, by=officer)
    assert "second approver" in str(exc.value)
    request = disbursement_approve(request=request, by=officer2)
    assert request.status == RequestStatus.APPROVED
    grant.refresh_from_db()
    assert grant.obligated_amount == Decimal("150000")
    first = AuditEntry.objects.get(action="request.approve_first")
    assert first.data["threshold"] == "USD 100,000.00"


def test_threshold_is_compared_in_its_currency_at_the_rate_of_the_day(partner, officer, rates):
    # EUR 95,000 at 1.08 is USD 102,600: above the USD 100,000 threshold.
    grant = make_active_grant(committed=Decimal("300000"), currency="EUR", tranches=(Decimal("95000"),),
                              grantee=partner.access_profile.organisation)
    request = requested(grant, partner, "95000")
    disbursement_review(request=request, by=officer)
    request = disbursement_approve(request=request, by=officer)
    assert request.approvals_required == 2 and request.status == RequestStatus.UNDER_REVIEW
    entry = AuditEntry.objects.get(action="request.approve_first")
    assert entry.data["amount_in_threshold_currency"] == "102600.00"
    assert "1 EUR = 1.08 USD" in entry.data["rate"]


def test_threshold_setting_is_editable(partner, officer):
    settings = GrantSettings.load()
    settings.dual_approval_threshold = Decimal("1000")
    settings.save()
    request = requested(make_active_grant(grantee=partner.access_profile.organisation), partner, "1000.01")
    disbursement_review(request=request, by=officer)
    assert disbursement_approve(request=request, by=officer).approvals_required == 2


def test_missing_rate_for_the_threshold_names_pair_and_date(partner, officer, today):
    grant = make_active_grant(currency="KGS", committed=Decimal("9000000"), tranches=(Decimal("100000"),),
                              grantee=partner.access_profile.organisation)
    request = requested(grant, partner, "100000")
    disbursement_review(request=request, by=officer)
    with pytest.raises(ValidationError) as exc:
        disbursement_approve(request=request, by=officer)
    text = " ".join(field_errors(exc)["rate"])
    assert "KGS to USD" in text and today.isoformat() in text
    assert not Approval.objects.exists()


def test_approval_above_remaining_balance_is_refused(partner, officer):
    # Tranches that over-plan the budget (built directly) cannot overdraw it.
    grant = make_active_grant(committed=Decimal("100000"), tranches=(Decimal("60000"), Decimal("60000")),
                              grantee=partner.access_profile.organisation)
    first, second = requested(grant, partner, "60000", 1), requested(grant, partner, "60000", 2)
    for r in (first, second):
        disbursement_review(request=r, by=officer)
    disbursement_approve(request=first, by=officer)
    with pytest.raises(ValidationError) as exc:
        disbursement_approve(request=second, by=officer)
    assert "remaining balance (USD 40,000.00)" in " ".join(field_errors(exc)["amount"])
    grant.refresh_from_db()
    assert grant.obligated_amount == Decimal("60000")


def test_database_refuses_obligations_above_the_budget(grant):
    with pytest.raises(IntegrityError), transaction.atomic():
        Grant.objects.filter(pk=grant.pk).update(obligated_amount=grant.committed_amount + 1)


def test_suspended_grant_accepts_no_approval(grant, partner, officer):
    request = requested(grant, partner)
    disbursement_review(request=request, by=officer)
    Grant.objects.filter(pk=grant.pk).update(status=GrantStatus.SUSPENDED)
    with pytest.raises(ValidationError) as exc:
        disbursement_approve(request=request, by=officer)
    assert "suspended" in messages(exc)


# --- return, resubmit, reject, withdraw -------------------------------------------------------

def test_return_needs_a_reason_and_resubmission_restarts_approvals(partner, officer, officer2):
    grant = make_active_grant(committed=Decimal("500000"), tranches=(Decimal("200000"),),
                              grantee=partner.access_profile.organisation)
    request = requested(grant, partner, "200000")
    disbursement_review(request=request, by=officer)
    disbursement_approve(request=request, by=officer)  # first of two
    with pytest.raises(ValidationError) as exc:
        disbursement_return(request=request, by=officer2, reason="  ")
    assert "reason" in field_errors(exc)
    request = disbursement_return(request=request, by=officer2, reason="Attach the bank letter")
    assert request.status == RequestStatus.RETURNED and request.decision_reason == "Attach the bank letter"
    request = disbursement_resubmit(request=request, by=partner, amount=Decimal("150000"))
    assert request.status == RequestStatus.REQUESTED and request.round == 2 and request.amount == Decimal("150000")
    disbursement_review(request=request, by=officer2)
    request = disbursement_approve(request=request, by=officer)
    assert request.status == RequestStatus.UNDER_REVIEW, "the first round's approval no longer counts"
    request = disbursement_approve(request=request, by=officer2)
    assert request.status == RequestStatus.APPROVED


def test_rejecting_an_approved_request_frees_its_money(grant, partner, officer):
    request = approved(grant, partner, officer)
    request = disbursement_reject(request=request, by=officer, reason="Duplicate of a direct payment")
    grant.refresh_from_db()
    assert request.status == RequestStatus.REJECTED and grant.obligated_amount == 0


def test_partner_withdraws_own_request(grant, partner, officer):
    request = requested(grant, partner)
    request = disbursement_withdraw(request=request, by=partner)
    assert request.status == RequestStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        disbursement_review(request=request, by=officer)


# --- release ----------------------------------------------------------------------------------

def test_finance_releases_and_the_grant_records_the_payment(grant, partner, officer, finance, today):
    request = approved(grant, partner, officer)
    request = disbursement_release(request=request, by=finance, payment_reference="PAY-2026-001", paid_date=today)
    grant.refresh_from_db()
    assert request.status == RequestStatus.PAID and request.rate is None
    assert grant.paid_amount == Decimal("50000") and grant.obligated_amount == Decimal("50000")
    with pytest.raises(ValidationError):
        disbursement_release(request=request, by=finance, payment_reference="PAY-2", paid_date=today)
    grant.refresh_from_db()
    assert grant.paid_amount == Decimal("50000"), "never paid twice"


def test_release_in_another_currency_records_the_rate(partner, officer, finance, rates, today):
    grant = make_active_grant(currency="XOF", committed=Decimal("100000000"), tranches=(Decimal("30000000"),),
                              grantee=partner.access_profile.organisation)
    request = approved(grant, partner, officer, "30000000")
    request = disbursement_release(request=request, by=finance, payment_reference="SN-77", paid_date=today)
    assert request.rate == rates[("XOF", today)]
    entry = AuditEntry.objects.get(action="request.release")
    assert entry.data["amount_in_reporting_currency"] == "USD 49500.00"
    assert "1 XOF = 0.00165 USD" in entry.data["rate"]


def test_release_without_a_rate_for_the_paid_date(partner, officer, finance, today):
    settings = GrantSettings.load()  # a threshold in MAD needs no rate to approve a MAD request
    settings.dual_approval_currency = "MAD"
    settings.save()
    grant = make_active_grant(currency="MAD", committed=Decimal("2000000"), tranches=(Decimal("50000"),),
                              grantee=partner.access_profile.organisation)
    request = approved(grant, partner, officer, "50000")
    with pytest.raises(ValidationError) as exc:
        disbursement_release(request=request, by=finance, payment_reference="MA-1", paid_date=today)
    assert "MAD to USD" in " ".join(field_errors(exc)["rate"])
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED


@pytest.mark.parametrize("reference, paid, field", [
    ("", 0, "payment_reference"), ("REF", 5, "paid_date"), ("REF", "2026-02-30", "paid_date"),
])
def test_release_bad_input(grant, partner, officer, finance, today, reference, paid, field):
    request = approved(grant, partner, officer)
    paid_date = today + datetime.timedelta(days=paid) if isinstance(paid, int) else paid
    with pytest.raises(ValidationError) as exc:
        disbursement_release(request=request, by=finance, payment_reference=reference, paid_date=paid_date)
    assert field in field_errors(exc)
    grant.refresh_from_db()
    assert grant.paid_amount == 0


def test_approver_and_requester_may_not_release(grant, partner, officer, admin_user, today):
    request = approved(grant, partner, admin_user)
    with pytest.raises(PermissionDenied):
        disbursement_release(request=request, by=admin_user, payment_reference="X", paid_date=today)
    with pytest.raises(PermissionDenied):
        disbursement_release(request=request, by=officer, payment_reference="X", paid_date=today)


def test_suspended_grant_accepts_no_payment(grant, partner, officer, finance, today):
    request = approved(grant, partner, officer)
    Grant.objects.filter(pk=grant.pk).update(status=GrantStatus.SUSPENDED)
    with pytest.raises(ValidationError) as exc:
        disbursement_release(request=request, by=finance, payment_reference="X", paid_date=today)
    assert "suspended" in messages(exc)


def test_whole_workflow_leaves_a_verifiable_ledger(grant, partner, officer, finance, today):
    request = approved(grant, partner, officer)
    disbursement_release(request=request, by=finance, payment_reference="P-1", paid_date=today)
    actions = list(AuditEntry.objects.filter(object_id=str(request.pk)).values_list("action", flat=True))
    assert actions == ["request.create", "request.review", "request.approve", "request.release"]
    assert audit_verify().ok


def test_tranche_model_keeps_its_grant_currency(grant):
    assert set(Tranche.objects.filter(grant=grant).values_list("currency", flat=True)) == {"USD"}
