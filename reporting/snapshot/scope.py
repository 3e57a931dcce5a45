"""Resolve a report scope to the initiatives and grants it covers.

Report generation runs in a system context that sees the whole portfolio (``SYSTEM_USER``, a
programme-wide identity never saved to the database) and then restricts explicitly to the scope:

- programme: every initiative and every grant that is no longer a draft;
- country: initiatives in the country or extending to it (the same rule as
  ``portfolio.access`` for country coordinators), and their grants;
- donor: what the donor funds: initiatives where it is an IATI funding participant, initiatives
  of grants it co-funds (``GrantFunder``); grants it co-funds, plus grants without any recorded
  funder on initiatives it funds;
- grant: that grant and its initiative.

Bad references raise ``ScopeError`` with a message a person can act on (it lists what exists).
"""
from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from grants.models import Grant, GrantFunder, GrantStatus
from portfolio.models import Country, Initiative, Organisation, OrganisationKind, OrganisationRole, Programme

from ..periods import ScopeKind, ScopeSpec


class ScopeError(ValueError):
    """A scope names a donor, country or grant that does not exist."""


def system_user():
    """A programme-wide identity for report generation: sees everything, is never saved."""
    return get_user_model()(username="report-generator", is_superuser=True, is_active=True)


@dataclass
class Scope:
    spec: ScopeSpec
    label: str
    programme: Programme | None
    initiatives: QuerySet[Initiative]
    grants: QuerySet[Grant]
    donor: Organisation | None = None
    country: Country | None = None
    grant: Grant | None = None

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def initiative_ids(self) -> QuerySet:
        return self.initiatives.values("pk")

    @property
    def grant_ids(self) -> QuerySet:
        return self.grants.values("pk")


REPORTABLE_GRANTS = ~Q(status=GrantStatus.DRAFT)


def _donor_label(donor: Organisation) -> str:
    return f"{donor.name} ({donor.acronym})" if donor.acronym else donor.name


def resolve_scope(spec: ScopeSpec) -> Scope:
    programme = Programme.objects.order_by("pk").first()
    grants = Grant.objects.filter(REPORTABLE_GRANTS)
    if spec.kind == ScopeKind.PROGRAMME:
        label = programme.name if programme else "Programme"
        return Scope(spec, label, programme, Initiative.objects.all(), grants)

    if spec.kind == ScopeKind.COUNTRY:
        country = Country.objects.filter(Q(iso2__iexact=spec.ref) | Q(iso3__iexact=spec.ref)).first()
        if country is None or not country.in_programme:
            codes = ", ".join(Country.objects.in_programme().order_by("iso2").values_list("iso2", flat=True))
            raise ScopeError(f"No programme country with ISO code {spec.ref}. Programme countries: {codes or 'none loaded'}.")
        in_country = Initiative.objects.filter(Q(country=country) | Q(other_countries=country)).values("pk")
        initiatives = Initiative.objects.filter(pk__in=in_country)
        return Scope(spec, country.name, programme, initiatives, grants.filter(initiative__in=in_country),
                     country=country)

    if spec.kind == ScopeKind.DONOR:
        donor = Organisation.objects.filter(pk=int(spec.ref)).first()
        funds = donor is not None and (
            donor.kind == OrganisationKind.DONOR
            or GrantFunder.objects.filter(donor=donor).exists()
            or donor.participations.filter(role=OrganisationRole.FUNDING).exists()
        )
        if not funds:
            known = Organisation.objects.filter(kind=OrganisationKind.DONOR).order_by("pk")[:20]
            listing = ", ".join(f"{o.pk} {o.acronym or o.name}" for o in known) or "none recorded"
            raise ScopeError(f"No donor with id {spec.ref}. Donors: {listing}.")
        funded_initiatives = Initiative.objects.filter(
            participations__organisation=donor, participations__role=OrganisationRole.FUNDING
        ).values("pk")
        cofunded = GrantFunder.objects.filter(donor=donor).values("grant_id")
        donor_grants = grants.filter(
            Q(pk__in=cofunded) | (Q(initiative__in=funded_initiatives) & Q(funders__isnull=True))
        ).distinct()
        initiatives = Initiative.objects.filter(
            Q(pk__in=funded_initiatives) | Q(pk__in=Grant.objects.filter(pk__in=cofunded).values("initiative_id"))
        )
        return Scope(spec, _donor_label(donor), programme, initiatives,
                     Grant.objects.filter(pk__in=donor_grants.values("pk")), donor=donor)

    if spec.kind == ScopeKind.GRANT:
        grant = Grant.objects.select_related("initiative").filter(pk=int(spec.ref)).first()
        if grant is None:
            raise ScopeError(f"No grant with id {spec.ref}.")
        return Scope(spec, f"{grant.reference} – {grant.title}", programme,
                     Initiative.objects.filter(pk=grant.initiative_id), Grant.objects.filter(pk=grant.pk), grant=grant)

    raise ScopeError(f"Unknown scope kind {spec.kind!r}.")
