"""Factories for grants. ``make_active_grant`` builds a ready-to-disburse grant straight in the
database (fast, for tests of later steps); service tests build through the services instead."""
import datetime
from decimal import Decimal

import factory

from grants import models as g
from portfolio import models as m
from tests.factories import DonorFactory, InitiativeFactory, OrganisationFactory, make_user


def _today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


class GrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = g.Grant

    initiative = factory.SubFactory(InitiativeFactory)
    grantee = factory.LazyAttribute(lambda o: o.initiative.lead_organisation)
    reference = factory.Sequence(lambda n: f"GR-{n:05d}")
    title = factory.Sequence(lambda n: f"Grant {n}")
    # Relative to today: the services compare payment and approval dates with today.
    start_date = factory.LazyFunction(lambda: _today().replace(month=1, day=1) - datetime.timedelta(days=365))
    end_date = factory.LazyFunction(lambda: _today().replace(month=12, day=31) + datetime.timedelta(days=365))
    currency = "USD"
    status = g.GrantStatus.DRAFT


class ExchangeRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = g.ExchangeRate
        django_get_or_create = ("base", "quote", "date")

    base = "EUR"
    quote = "USD"
    date = factory.LazyFunction(lambda: _today())
    rate = Decimal("1.1")
    source = "Test rates"


class TrancheFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = g.Tranche

    grant = factory.SubFactory(GrantFactory)
    number = factory.Sequence(lambda n: n + 1)
    amount = Decimal("50000")
    currency = factory.LazyAttribute(lambda o: o.grant.currency)
    planned_date = factory.LazyAttribute(lambda o: o.grant.start_date + datetime.timedelta(days=180))


def make_active_grant(
    *, committed=Decimal("200000"), currency="USD", tranches=(Decimal("50000"),) * 4, initiative=None,
    grantee=None, status=g.GrantStatus.ACTIVE, donor=None, **kwargs,
) -> g.Grant:
    """An active grant with an approved budget of ``committed`` and unconditioned tranches."""
    initiative = initiative or InitiativeFactory()
    grant = GrantFactory(initiative=initiative, grantee=grantee or initiative.lead_organisation, currency=currency,
                         status=status, committed_amount=committed, **kwargs)
    g.GrantFunder.objects.create(grant=grant, donor=donor or DonorFactory(), share=Decimal(100))
    version = g.BudgetVersion.objects.create(grant=grant, number=1, status=g.BudgetVersionStatus.APPROVED)
    g.BudgetLine.objects.create(version=version, category=g.CostCategory.TRAINING, year=grant.start_date.year,
                                amount=committed, currency=currency)
    for i, amount in enumerate(tranches, start=1):
        g.Tranche.objects.create(grant=grant, number=i, amount=amount, currency=currency,
                                 planned_date=grant.start_date + datetime.timedelta(days=90 * i))
    return grant


def partner_of(grant: g.Grant, username: str | None = None):
    """A partner user of the grant's grantee organisation."""
    return make_user("partner", username=username, organisation=grant.grantee)


def coordinator_for(*iso2: str, username: str | None = None):
    return make_user("country_coordinator", username=username,
                     countries=[m.Country.objects.get(iso2=c) for c in iso2])


__all__ = ["GrantFactory", "ExchangeRateFactory", "TrancheFactory", "make_active_grant", "partner_of",
           "coordinator_for", "OrganisationFactory"]
