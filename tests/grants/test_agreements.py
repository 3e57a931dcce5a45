"""Grant lifecycle, budgets and amendments through the services."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from grants.models import (
    AmendmentStatus,
    AmendmentType,
    AuditEntry,
    BudgetType,
    BudgetVersion,
    BudgetVersionStatus,
    Grant,
    GrantStatus,
)
from grants.services.agreements import (
    grant_activate,
    grant_approve,
    grant_close,
    grant_create,
    grant_resume,
    grant_suspend,
    grant_transitions_for,
    grant_update,
)
from grants.services.budgets import (
    amendment_approve,
    amendment_create,
    amendment_reject,
    budget_version_approve,
    budget_version_create,
)
from grants.services.ledger import audit_verify
from tests.factories import DonorFactory, InitiativeFactory, make_user
from tests.factories.grants import make_active_grant

pytestmark = pytest.mark.django_db

START, END = datetime.date(2025, 1, 1), datetime.date(2026, 12, 31)


def new_grant(by, **overrides):
    initiative = overrides.pop("initiative", None) or InitiativeFactory()
    kwargs = dict(initiative=initiative, grantee=initiative.lead_organisation, reference="EC-MANTA-01",
                  title="Manta municipal job board", start_date=START, end_date=END, currency="USD",
                  funders=[(DonorFactory(), Decimal("70")), (DonorFactory(), Decimal("30"))], by=by)
    kwargs.update(overrides)
    return grant_create(**kwargs)


def lines(*amounts, year=2025):
    categories = ["staff", "training", "events", "travel"]
    return [{"category": c, "year": year, "amount": a} for c, a in zip(categories, amounts)]


def test_create_approve_activate_suspend_resume_close(officer, admin_user):
    grant = new_grant(officer)
    assert grant.status == GrantStatus.DRAFT and grant.funders.count() == 2
    with pytest.raises(ValidationError) as exc:
        grant_approve(grant=grant, by=officer)
    assert "budget" in " ".join(exc.value.messages)
    version = budget_version_create(grant=grant, lines=lines("100000", "50000.50"), by=officer)
    assert version.type == BudgetType.ORIGINAL
    budget_version_approve(version=version, by=officer)
    grant.refresh_from_db()
    assert grant.committed_amount == Decimal("150000.50")
    assert grant_transitions_for(grant=grant, user=officer) == ["approve"]
    grant = grant_approve(grant=grant, by=officer)
    with pytest.raises(PermissionDenied):
        grant_activate(grant=grant, by=officer)
    grant = grant_activate(grant=grant, by=admin_user)
    with pytest.raises(ValidationError) as exc:
        grant_suspend(grant=grant, by=admin_user, reason="")
    assert "reason" in exc.value.message_dict
    grant = grant_suspend(grant=grant, by=admin_user, reason="Audit findings pending")
    grant = grant_resume(grant=grant, by=admin_user)
    grant = grant_close(grant=grant, by=admin_user, reason="Completed")
    assert grant.status == GrantStatus.CLOSED
    with pytest.raises(ValidationError):
        grant_activate(grant=grant, by=admin_user)
    actions = list(AuditEntry.objects.filter(object_type="grants.grant").values_list("action", flat=True))
    assert actions == ["grant.create", "grant.approve", "grant.activate", "grant.suspend", "grant.resume", "grant.close"]
    assert audit_verify().ok


@pytest.mark.parametrize("overrides, field", [
    ({"currency": "XYZ"}, "currency"),
    ({"end_date": datetime.date(2024, 12, 31)}, "end_date"),
    ({"reference": " "}, "reference"),
    ({"start_date": "2025-13-01"}, "start_date"),
])
def test_create_bad_input_names_the_field(officer, overrides, field):
    with pytest.raises(ValidationError) as exc:
        new_grant(officer, **overrides)
    assert field in exc.value.message_dict
    assert not Grant.objects.exists() and not AuditEntry.objects.exists()


def test_funder_shares_must_add_up_to_100(officer):
    with pytest.raises(ValidationError) as exc:
        new_grant(officer, funders=[(DonorFactory(), Decimal("60")), (DonorFactory(), Decimal("30"))])
    assert "90" in " ".join(exc.value.message_dict["funders"])


def test_partner_and_coordinator_may_not_create(officer):
    for role in ("partner", "country_coordinator"):
        kwargs = {"organisation": DonorFactory()} if role == "partner" else {}
        with pytest.raises(PermissionDenied):
            new_grant(make_user(role, **kwargs), reference=f"X-{role}")


def test_only_draft_grants_are_edited(officer, admin_user):
    grant = new_grant(officer)
    grant = grant_update(grant=grant, by=officer, title="Manta job board, phase 2")
    assert grant.title == "Manta job board, phase 2"
    Grant.objects.filter(pk=grant.pk).update(status=GrantStatus.ACTIVE)
    with pytest.raises(ValidationError):
        grant_update(grant=grant, by=officer, title="Changed")


@pytest.mark.parametrize("bad, needle", [
    ([{"category": "staff", "year": 2025, "amount": "100", "currency": "EUR"}], "agreement currency (USD)"),
    ([{"category": "staff", "year": 2031, "amount": "100"}], "outside the grant"),
    ([{"category": "staff", "year": 2025, "amount": "-1"}], "cannot be negative"),
    ([{"category": "staff", "year": 2025, "amount": "1.005"}], "at most 2 decimal places"),
    ([{"category": "lunch", "year": 2025, "amount": "1"}], "not a cost category"),
    (lines("1", "2") + [{"category": "staff", "year": 2025, "amount": "3"}], "appears twice"),
    ([], "at least one line"),
])
def test_budget_lines_are_checked(officer, bad, needle):
    grant = new_grant(officer)
    with pytest.raises(ValidationError) as exc:
        budget_version_create(grant=grant, lines=bad, by=officer)
    assert needle in " ".join(exc.value.message_dict["lines"])
    assert not BudgetVersion.objects.exists()


def test_second_budget_goes_through_an_amendment(officer):
    grant = new_grant(officer)
    budget_version_approve(version=budget_version_create(grant=grant, lines=lines("1000"), by=officer), by=officer)
    with pytest.raises(ValidationError):
        budget_version_create(grant=grant, lines=lines("2000"), by=officer)


def test_top_up_supersedes_and_keeps_the_previous_version(officer, officer2):
    grant = make_active_grant(committed=Decimal("200000"))
    original = grant.budget_versions.get()
    amendment = amendment_create(grant=grant, type=AmendmentType.TOP_UP, reason="Second municipality joins",
                                 lines=lines("150000", "100000"), by=officer)
    assert amendment.status == AmendmentStatus.SUBMITTED and amendment.proposed_budget.type == BudgetType.REVISED
    with pytest.raises(PermissionDenied):
        amendment_approve(amendment=amendment, by=officer)
    amendment_approve(amendment=amendment, by=officer2, note="Board decision 12")
    grant.refresh_from_db()
    original.refresh_from_db()
    assert grant.committed_amount == Decimal("250000")
    assert original.status == BudgetVersionStatus.SUPERSEDED
    assert original.lines.get().amount == Decimal("200000"), "the previous version stays readable"
    assert grant.budget_versions.get(status=BudgetVersionStatus.APPROVED) == amendment.proposed_budget


def test_revision_keeps_the_total_and_top_up_raises_it(officer):
    grant = make_active_grant(committed=Decimal("200000"))
    with pytest.raises(ValidationError) as exc:
        amendment_create(grant=grant, type=AmendmentType.BUDGET_REVISION, reason="Move to training",
                         lines=lines("150000", "60000"), by=officer)
    assert "must stay USD 200,000.00" in " ".join(exc.value.message_dict["lines"])
    with pytest.raises(ValidationError):
        amendment_create(grant=grant, type=AmendmentType.TOP_UP, reason="More", lines=lines("100000"), by=officer)
    amendment = amendment_create(grant=grant, type=AmendmentType.BUDGET_REVISION, reason="Move to training",
                                 lines=lines("150000", "50000"), by=officer)
    assert amendment.proposed_budget.lines.count() == 2


def test_no_cost_extension_moves_the_end_date(officer, officer2):
    grant = make_active_grant()
    with pytest.raises(ValidationError) as exc:
        amendment_create(grant=grant, type=AmendmentType.NO_COST_EXTENSION, reason="Elections",
                         new_end_date=grant.end_date, by=officer)
    assert "new_end_date" in exc.value.message_dict
    later = grant.end_date + datetime.timedelta(days=180)
    amendment = amendment_create(grant=grant, type=AmendmentType.NO_COST_EXTENSION, reason="Elections delayed work",
                                 new_end_date=later, by=officer)
    amendment_approve(amendment=amendment, by=officer2)
    grant.refresh_from_db()
    assert grant.end_date == later and grant.committed_amount == Decimal("200000")


def test_rejected_amendment_changes_nothing(officer, officer2):
    grant = make_active_grant(committed=Decimal("200000"))
    amendment = amendment_create(grant=grant, type=AmendmentType.BUDGET_REVISION, reason="Reallocate",
                                 lines=lines("100000", "100000"), by=officer)
    with pytest.raises(ValidationError) as exc:
        amendment_reject(amendment=amendment, by=officer2, note="")
    assert "note" in exc.value.message_dict
    amendment_reject(amendment=amendment, by=officer2, note="Not needed")
    amendment.proposed_budget.refresh_from_db()
    grant.refresh_from_db()
    assert amendment.proposed_budget.status == BudgetVersionStatus.REJECTED
    assert grant.committed_amount == Decimal("200000")
    with pytest.raises(ValidationError) as exc:
        amendment_reject(amendment=amendment, by=officer2, note="again")
    assert "submitted" in " ".join(exc.value.messages)


def test_database_refuses_a_budget_below_obligations():
    grant = make_active_grant(committed=Decimal("200000"))
    Grant.objects.filter(pk=grant.pk).update(obligated_amount=Decimal("150000"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Grant.objects.filter(pk=grant.pk).update(committed_amount=Decimal("100000"))


def test_amendment_needs_a_reason_and_one_at_a_time(officer):
    grant = make_active_grant()
    with pytest.raises(ValidationError) as exc:
        amendment_create(grant=grant, type=AmendmentType.TOP_UP, reason="", lines=lines("300000"), by=officer)
    assert "reason" in exc.value.message_dict
    amendment_create(grant=grant, type=AmendmentType.TOP_UP, reason="More", lines=lines("300000"), by=officer)
    with pytest.raises(ValidationError):
        amendment_create(grant=grant, type=AmendmentType.TOP_UP, reason="Even more", lines=lines("400000"), by=officer)
