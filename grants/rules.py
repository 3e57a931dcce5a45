"""Object permissions for grants (django-rules), derived from the services' transitions tables.

They answer "may this user take this step on this object now?" for templates and other apps
(``user.has_perm("grants.approve_request", request)``); the services check the same again,
with the database locked, when the step is taken. Scope comes from ``portfolio.access``.
"""
import rules

from portfolio import access
from portfolio.models import Role
from portfolio.rules import is_finance_officer, is_grant_officer, is_programme_admin

from .models import GrantStatus
from .services.agreements import grant_transitions_for
from .services.disbursements import request_actions_for


@rules.predicate
def grant_in_scope(user, grant):
    if grant is None:
        return True
    if access.role_of(user) == Role.PARTNER:
        return access.organisation_id_of(user) == grant.grantee_id
    return access.can_see_initiative(user, grant.initiative_id)


@rules.predicate
def request_in_scope(user, request):
    return request is None or grant_in_scope(user, request.grant)


def _request_step(action):
    @rules.predicate(name=f"may_{action}_request")
    def may(user, request):
        return request is not None and action in request_actions_for(request=request, user=user)
    return may


def _grant_step(action):
    @rules.predicate(name=f"may_{action}_grant")
    def may(user, grant):
        return grant is not None and action in grant_transitions_for(grant=grant, user=user)
    return may


@rules.predicate
def grant_accepts_requests(user, grant):
    return grant is not None and grant.status == GrantStatus.ACTIVE


@rules.predicate
def is_grantee_user(user, grant):
    return grant is not None and access.role_of(user) == Role.PARTNER and access.organisation_id_of(user) == grant.grantee_id


is_officer = is_programme_admin | is_grant_officer

rules.add_perm("grants.view_grant_in_scope", grant_in_scope)
rules.add_perm("grants.request_disbursement", (is_grantee_user | (is_officer & grant_in_scope)) & grant_accepts_requests)
for _action in ("review", "approve", "return", "reject", "withdraw", "resubmit", "release"):
    rules.add_perm(f"grants.{_action}_request", request_in_scope & _request_step(_action))
for _action in ("approve", "activate", "suspend", "resume", "close"):
    rules.add_perm(f"grants.{_action}_grant", grant_in_scope & _grant_step(_action))
rules.add_perm("grants.release_payments", is_programme_admin | is_finance_officer)
