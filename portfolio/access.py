"""The one permission layer: who may see which part of the portfolio.

Every selector, admin view, portal view, export and task narrows its querysets with
``scope_queryset(qs, user, path)``, where ``path`` leads from the queryset's model to the
``Initiative`` it belongs to ("" for initiatives, "initiative" for milestones,
"indicator__result__initiative" for indicator periods, ...). Object checks in ``rules``
predicates reuse the same filter, so a list, a detail page and an export cannot disagree.

Scopes:
- programme admin, grant officer, finance officer (and superusers): the whole portfolio;
- country coordinator: initiatives in (or extending to) their countries;
- partner user: initiatives their organisation leads or takes part in (any non-funding role);
- donor viewer: initiatives their organisation funds (IATI role 1);
- anyone else: nothing.
"""
from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import AccessProfile, Initiative, Role
from .models.access import PROGRAMME_WIDE_ROLES, STAFF_ROLES
from .models.initiatives import OrganisationRole

_CACHE_ATTR = "_portfolio_access_profile"


def profile_of(user) -> AccessProfile | None:
    """The user's access profile, fetched once per user object (with its countries)."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, _CACHE_ATTR):
        profile = (
            AccessProfile.objects.select_related("organisation").prefetch_related("countries")
            .filter(user_id=user.pk).first()
        )
        setattr(user, _CACHE_ATTR, profile)
    return getattr(user, _CACHE_ATTR)


def role_of(user) -> str | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.PROGRAMME_ADMIN
    profile = profile_of(user)
    return profile.role if profile else None


def organisation_id_of(user) -> int | None:
    profile = profile_of(user)
    return profile.organisation_id if profile else None


def country_ids_of(user) -> list[int]:
    profile = profile_of(user)
    return [c.pk for c in profile.countries.all()] if profile else []


def sees_whole_portfolio(user) -> bool:
    return role_of(user) in PROGRAMME_WIDE_ROLES


def is_staff_role(user) -> bool:
    return role_of(user) in STAFF_ROLES


def initiative_scope_q(user) -> Q | None:
    """A filter on Initiative for the user's scope; ``None`` means no restriction."""
    role = role_of(user)
    if role in PROGRAMME_WIDE_ROLES:
        return None
    if role == Role.COUNTRY_COORDINATOR:
        countries = country_ids_of(user)
        return Q(country_id__in=countries) | Q(other_countries__in=countries)
    if role == Role.PARTNER:
        org = organisation_id_of(user)
        return Q(lead_organisation_id=org) | Q(
            participations__organisation_id=org,
            participations__role__in=[OrganisationRole.ACCOUNTABLE, OrganisationRole.EXTENDING,
                                      OrganisationRole.IMPLEMENTING],
        )
    if role == Role.DONOR:
        org = organisation_id_of(user)
        return Q(participations__organisation_id=org, participations__role=OrganisationRole.FUNDING)
    return Q(pk__in=[])


def visible_initiatives(user) -> QuerySet[Initiative]:
    """The initiatives the user may see, as a queryset usable as a subquery (no duplicates)."""
    q = initiative_scope_q(user)
    qs = Initiative.objects.all()
    if q is None:
        return qs
    return qs.filter(pk__in=Initiative.objects.filter(q).values("pk"))


def scope_queryset(qs: QuerySet, user, path: str = "") -> QuerySet:
    """Narrow ``qs`` to the user's scope; ``path`` leads from qs.model to its Initiative."""
    q = initiative_scope_q(user)
    if q is None:
        return qs
    allowed = Initiative.objects.filter(q).values("pk")
    lookup = f"{path}__in" if path else "pk__in"
    return qs.filter(**{lookup: allowed})


def can_see_initiative(user, initiative_id: int) -> bool:
    return scope_queryset(Initiative.objects.filter(pk=initiative_id), user).exists()
