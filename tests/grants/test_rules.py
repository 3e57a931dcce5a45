"""Object permissions agree with the services' transitions tables and with the user's scope."""
from decimal import Decimal

import pytest

from grants.models import Grant, GrantStatus
from grants.services.disbursements import disbursement_approve, disbursement_request_create, disbursement_review
from tests.factories import InitiativeFactory, OrganisationFactory, country, make_user
from tests.factories.grants import coordinator_for, make_active_grant, partner_of

pytestmark = pytest.mark.django_db


def test_request_steps_follow_role_state_and_scope(officer, finance):
    grant = make_active_grant(initiative=InitiativeFactory(country=country("EC")))
    partner = partner_of(grant)
    stranger = make_user("partner", organisation=OrganisationFactory())
    assert partner.has_perm("grants.request_disbursement", grant)
    assert officer.has_perm("grants.request_disbursement", grant)
    assert not stranger.has_perm("grants.request_disbursement", grant)
    assert not coordinator_for("EC").has_perm("grants.request_disbursement", grant)
    request = disbursement_request_create(grant=grant, tranche=grant.tranches.first(), amount=Decimal("10"), by=partner)
    assert officer.has_perm("grants.review_request", request) and not partner.has_perm("grants.review_request", request)
    assert partner.has_perm("grants.withdraw_request", request)
    request = disbursement_review(request=request, by=officer)
    assert officer.has_perm("grants.approve_request", request) and not finance.has_perm("grants.approve_request", request)
    request = disbursement_approve(request=request, by=officer)
    assert finance.has_perm("grants.release_request", request)
    assert not officer.has_perm("grants.release_request", request), "an approver does not release"
    assert not make_user("finance_officer").has_perm("grants.release_request", None)


def test_grant_steps_and_suspended_grants(officer, admin_user):
    grant = make_active_grant()
    assert admin_user.has_perm("grants.suspend_grant", grant) and not officer.has_perm("grants.suspend_grant", grant)
    Grant.objects.filter(pk=grant.pk).update(status=GrantStatus.SUSPENDED)
    grant.refresh_from_db()
    assert admin_user.has_perm("grants.resume_grant", grant)
    assert not partner_of(grant).has_perm("grants.request_disbursement", grant)
