"""Object permissions (django-rules), built on ``portfolio.access`` so lists and checks agree.

Role predicates are exported for the other apps' rules modules to combine.
"""
import rules

from . import access
from .models import Role


def _role_predicate(*roles):
    @rules.predicate
    def has_role(user):
        return access.role_of(user) in roles

    return has_role


is_programme_admin = _role_predicate(Role.PROGRAMME_ADMIN)
is_grant_officer = _role_predicate(Role.GRANT_OFFICER)
is_finance_officer = _role_predicate(Role.FINANCE_OFFICER)
is_country_coordinator = _role_predicate(Role.COUNTRY_COORDINATOR)
is_partner = _role_predicate(Role.PARTNER)
is_donor_viewer = _role_predicate(Role.DONOR)
is_staff_role = _role_predicate(*access.STAFF_ROLES)


@rules.predicate
def initiative_in_scope(user, initiative):
    if initiative is None:
        # Model-level check ("may this user see initiatives at all?"): any programme role may;
        # which ones is the queryset scope's job. Anonymous users and users without a role may not.
        return access.role_of(user) is not None
    return access.can_see_initiative(user, initiative.pk)


rules.add_perm("portfolio.view_initiative_in_scope", initiative_in_scope)
rules.add_perm(
    "portfolio.edit_initiative_in_scope",
    (is_programme_admin | is_grant_officer | is_country_coordinator) & initiative_in_scope,
)
