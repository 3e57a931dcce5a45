"""factory_boy factories for the portfolio; grants/reporting/cms factories live beside this one."""
import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from portfolio import models as m
from portfolio.services.access import user_assign_role


def country(iso2: str) -> m.Country:
    """One of the 11 target countries (loaded with the reference data)."""
    return m.Country.objects.get(iso2=iso2)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("pass-word-123")


def make_user(role: str, *, username: str | None = None, organisation=None, countries=(), **kwargs):
    """A user with a role and its scope, in the role's group."""
    user = UserFactory(**({"username": username} if username else {}), **kwargs)
    user_assign_role(user=user, role=role, organisation=organisation, countries=countries)
    return user


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Programme
        django_get_or_create = ("iati_identifier",)

    name = "Joint Migration and Development Programme"
    short_name = "JMDP"
    iati_identifier = "XM-DAC-41114-JMDP"
    currency = "USD"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = m.OrganisationKind.LOCAL_AUTHORITY
    country = factory.LazyFunction(lambda: country("EC"))


class DonorFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Donor agency {n}")
    kind = m.OrganisationKind.DONOR
    country = None


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Initiative
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"INI-{n:05d}")
    title = factory.Sequence(lambda n: f"Initiative {n}")
    summary = "Migration-aware local development planning."
    country = factory.LazyFunction(lambda: country("EC"))
    level = m.GovernanceLevel.LOCAL
    lead_organisation = factory.SubFactory(OrganisationFactory)
    status = m.ActivityStatus.IMPLEMENTATION
    planned_start = datetime.date(2025, 1, 1)
    planned_end = datetime.date(2026, 12, 31)
    planned_budget = Decimal("200000.00")
    planned_budget_currency = "USD"
    is_published = True

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set([m.GovernanceSector.objects.get(code=c) if isinstance(c, str) else c for c in extracted])

    @factory.post_generation
    def support_types(self, create, extracted, **kwargs):
        if create and extracted:
            self.support_types.set(
                [m.SupportType.objects.get(code=c) if isinstance(c, str) else c for c in extracted]
            )

    @factory.post_generation
    def targets(self, create, extracted, **kwargs):
        """targets={"10.7": 60, "8.8": 40}: SDG shares (principal for the largest)."""
        if create and extracted:
            top = max(extracted.values())
            for code, pct in extracted.items():
                m.InitiativeSdgTarget.objects.create(
                    initiative=self, target=m.SdgTarget.objects.get(code=code), percentage=Decimal(str(pct)),
                    significance=m.Significance.PRINCIPAL if pct == top else m.Significance.SIGNIFICANT,
                )


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.InitiativeOrganisation

    initiative = factory.SubFactory(InitiativeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = m.OrganisationRole.IMPLEMENTING


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Result

    initiative = factory.SubFactory(InitiativeFactory)
    type = m.ResultType.OUTCOME
    title = factory.Sequence(lambda n: f"Result {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Indicator

    result = factory.SubFactory(ResultFactory)
    title = factory.Sequence(lambda n: f"Indicator {n}")
    measure = m.IndicatorMeasure.UNIT
    unit = "people"
    ascending = True
    baseline_year = 2024
    baseline_value = Decimal("0")


class IndicatorPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.IndicatorPeriod

    indicator = factory.SubFactory(IndicatorFactory)
    period_start = datetime.date(2025, 1, 1)
    period_end = datetime.date(2025, 6, 30)
    target_value = Decimal("100")
    actual_value = None


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Milestone

    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_date = datetime.date(2025, 9, 30)


class AssistanceActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.AssistanceActivity

    initiative = factory.SubFactory(InitiativeFactory)
    type = m.AssistanceType.TRAINING
    title = factory.Sequence(lambda n: f"Training {n}")
    start_date = datetime.date(2025, 3, 10)
    end_date = datetime.date(2025, 3, 12)
    country = factory.LazyAttribute(lambda a: a.initiative.country)
    participants_female = 12
    participants_male = 9
